{#- Findings of one date status ('invalid', 'future') in every dated field of every export, every
    version in every drop. The response date has its own check (response_date_incorrect). -#}
{% macro dq_date_status_findings(check_name, status) -%}
{#- (model, record type, key, case key, recorded-by column, field label, date column) -#}
{%- set dated = [
    ('stg_case_system__initial_enquiries', 'enquiry', 'enquiry_id', 'case_id', 'recorded_by', 'Date', 'enquiry_date'),
    ('stg_case_system__cases', 'case', 'case_id', 'case_id', 'recorded_by', 'Referral Date', 'referral_date'),
    ('stg_case_system__cases', 'case', 'case_id', 'case_id', 'recorded_by', 'Closed Date', 'closed_date'),
    ('stg_case_system__case_activities', 'case_activity', 'activity_id', 'case_id', 'null', 'Activity Date', 'activity_date'),
    ('stg_case_system__tribunal_appeals', 'tribunal_appeal', 'appeal_id', 'case_id', 'null', 'Registered Date', 'registered_date'),
    ('stg_case_system__tribunal_appeals', 'tribunal_appeal', 'appeal_id', 'case_id', 'null', 'Decision Date', 'decision_date'),
    ('stg_case_system__feedback', 'feedback', 'response_id', 'null', 'null', 'Submitted Date', 'submitted_date'),
] %}
{%- for model, record_type, key, case_key, recorded_by, field, column in dated %}
select
    service, '{{ check_name }}' as check_name, '{{ record_type }}' as record_type, {{ key }} as record_id,
    cast({{ case_key }} as varchar) as case_id, '{{ field }}' as field,
    {% if column == 'enquiry_date' %}enquiry_date_text{% else %}{{ column }}_text{% endif %} as offending_value,
    cast({{ recorded_by }} as varchar) as recorded_by, reporting_date, _drop_date as drop_date
from {{ ref(model) }}
where _drop_date <= {{ export_date() }} and {{ column }}_status = '{{ status }}'
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{%- endmacro %}

{#- IDs on more than one row of one file in one drop (from dq_repeated_ids); `distinct_versions_condition`
    is '= 1' for identical rows, '> 1' for rows whose content differs. -#}
{% macro dq_duplicate_findings(check_name, distinct_versions_condition) -%}
select
    service, '{{ check_name }}' as check_name, record_type, record_id,
    cast(null as varchar) as case_id, field, cast(rows_in_file as varchar) || ' rows' as offending_value,
    cast(null as varchar) as recorded_by, drop_date as reporting_date, drop_date
from {{ ref('dq_repeated_ids') }}
where drop_date <= {{ export_date() }} and distinct_rows {{ distinct_versions_condition }}
{%- endmacro %}

{#- One row per data-quality issue (check, record, field) as at the export date, from every drop's
    `findings`: first and last seen, the latest finding (case, offending value, officer, reporting
    date) and `fixed_on`, the first later drop the record came in without the defect (null while
    open). `record_types` lists (record_type, staging model, key, ...) of the source. `by_service`:
    the source keys records by service too (findings and staging models then carry `service`).

    `new_drops` (SQL giving service and drop_date; with by_service only): the caller is incremental
    and {{ this }} holds the issues as at an earlier export date with every drop up to it; the
    result is then only the issues those later drops change: those they find again (first seen kept
    from {{ this }}) and the open ones whose record they bring without the defect (now fixed). -#}
{% macro dq_issue_spans(findings, record_types, by_service=false, new_drops=none) -%}
{%- set service = 'service, ' if by_service else '' %}
with
{%- if new_drops %}
new_drops as (
    {{ new_drops }}
),

findings as (
    select findings.* from {{ findings }} as findings
    inner join new_drops on new_drops.service = findings.service and new_drops.drop_date = findings.drop_date
),
{%- else %}
findings as (
    select * from {{ findings }}
),
{%- endif %}

versions as (
    {%- for record in record_types %}
    select {{ service }}'{{ record[0] }}' as record_type, {{ record[2] }} as record_id, _drop_date from {{ ref(record[1]) }} as staged
    where _drop_date <= {{ export_date() }}
    {%- if new_drops %}
      and exists (select 1 from new_drops where new_drops.service = staged.service and new_drops.drop_date = staged._drop_date)
    {%- endif %}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

spans as (
    select
        {{ service }}check_name, record_type, record_id, field,
        min(drop_date) as first_seen_on,
        max(drop_date) as last_seen_on
    from findings
    group by {{ service }}check_name, record_type, record_id, field
),

latest as (
    select * from (
        select
            findings.*,
            row_number() over (partition by {{ service }}check_name, record_type, record_id, field order by drop_date desc, offending_value) as recency
        from findings
    ) as ranked
    where recency = 1
),

next_appearance as (
    select {% if by_service %}spans.service, {% endif %}spans.check_name, spans.record_type, spans.record_id, spans.field, min(versions._drop_date) as fixed_on
    from spans
    inner join versions
        on {{ dq_same_record('versions', 'spans', by_service) }} and versions._drop_date > spans.last_seen_on
    group by {% if by_service %}spans.service, {% endif %}spans.check_name, spans.record_type, spans.record_id, spans.field
),

found as (
    select
        {% if by_service %}spans.service, {% endif %}spans.check_name, spans.record_type, spans.record_id, spans.field,
        spans.first_seen_on, spans.last_seen_on,
        latest.case_id, latest.offending_value, latest.recorded_by, latest.reporting_date,
        next_appearance.fixed_on
    from spans
    inner join latest on {{ dq_same_issue('latest', 'spans', by_service) }}
    left join next_appearance on {{ dq_same_issue('next_appearance', 'spans', by_service) }}
)

{%- if new_drops %}

select
    found.service, found.check_name, found.record_type, found.record_id, found.field,
    coalesce(earlier.first_seen_on, found.first_seen_on) as first_seen_on, found.last_seen_on,
    found.case_id, found.offending_value, found.recorded_by, found.reporting_date, found.fixed_on
from found
left join {{ this }} as earlier on {{ dq_same_issue('earlier', 'found', by_service) }}
union all
select
    earlier.service, earlier.check_name, earlier.record_type, earlier.record_id, earlier.field,
    earlier.first_seen_on, earlier.last_seen_on,
    earlier.case_id, earlier.offending_value, earlier.recorded_by, earlier.reporting_date, min(versions._drop_date) as fixed_on
from {{ this }} as earlier
inner join versions on {{ dq_same_record('versions', 'earlier', by_service) }} and versions._drop_date > earlier.last_seen_on
where earlier.fixed_on is null and not exists (select 1 from found where {{ dq_same_issue('found', 'earlier', by_service) }})
group by
    earlier.service, earlier.check_name, earlier.record_type, earlier.record_id, earlier.field,
    earlier.first_seen_on, earlier.last_seen_on, earlier.case_id, earlier.offending_value, earlier.recorded_by, earlier.reporting_date
{%- else %}

select * from found
{%- endif %}
{%- endmacro %}

{% macro dq_same_record(a, b, by_service) -%}
{{ a }}.record_type = {{ b }}.record_type and {{ a }}.record_id = {{ b }}.record_id{% if by_service %} and {{ a }}.service = {{ b }}.service{% endif %}
{%- endmacro %}

{% macro dq_same_issue(a, b, by_service) -%}
{{ dq_same_record(a, b, by_service) }} and {{ a }}.check_name = {{ b }}.check_name and {{ a }}.field = {{ b }}.field
{%- endmacro %}

{#- The issue register as at the export date from `spans` (dq_issue_spans' columns): each issue
    with its check's code and severity and its record's officer and financial year now (from
    `records`, which gives each record's financial year and officer; `checks` is the registry),
    open or fixed. `by_service` as in dq_issue_spans. -#}
{% macro dq_issue_history(spans, records, checks, by_service=false) -%}
select
    {% if by_service %}spans.service, {% endif %}checks.code,
    spans.check_name,
    checks.severity,
    spans.record_type,
    spans.record_id,
    spans.case_id,
    spans.field,
    spans.offending_value,
    coalesce(spans.recorded_by, records.recorded_by) as recorded_by,
    {#- the year of the date rather than the register's year: the register computes it for every
        record it is asked for, and most records have no issue -#}
    {{ financial_year('coalesce(records.reporting_date, spans.reporting_date)') }} as financial_year,
    spans.first_seen_on,
    spans.last_seen_on,
    case when spans.fixed_on is null then 'open' else 'fixed' end as status,
    spans.fixed_on
from {{ spans }} as spans
inner join {{ checks }} as checks on checks.check_name = spans.check_name
left join {{ records }} as records on {{ dq_same_record('records', 'spans', by_service) }}
{%- endmacro %}

{#- The SENDIASS case system's record types: (record_type, staging model, key, raw table, key's
    column in the export). -#}
{% macro case_system_record_types() -%}
{{ return([
    ('enquiry', 'stg_case_system__initial_enquiries', 'enquiry_id', 'initial_enquiries', 'Enquiry ID'),
    ('case', 'stg_case_system__cases', 'case_id', 'cases', 'Case ID'),
    ('case_activity', 'stg_case_system__case_activities', 'activity_id', 'case_activities', 'Activity ID'),
    ('tribunal_appeal', 'stg_case_system__tribunal_appeals', 'appeal_id', 'tribunal_appeals', 'Appeal ID'),
    ('feedback', 'stg_case_system__feedback', 'response_id', 'feedback', 'Response ID'),
]) }}
{%- endmacro %}

{#- The register of a source's records as at the export date: each record's financial year and
    officer, from the caller's `current_records` CTE (record_type, record_id, reporting_date,
    recorded_by, built from the current-state models), which the caller's `with` ends with. A view:
    it is read for the records of open issues and for counts per year, and a table of every record
    rebuilt each night cost more than both reads at national scale. `by_service` as in
    dq_issue_history. -#}
{% macro dq_record_register(by_service=false) -%}
select
    {% if by_service %}service, {% endif %}record_type,
    record_id,
    {{ financial_year('reporting_date') }} as financial_year,
    reporting_date,
    recorded_by
from current_records
{%- endmacro %}

{#- The council SEND case system's record types: (record_type, staging model, key, raw table, key's
    column in the export). -#}
{% macro council_send_record_types() -%}
{{ return([
    ('ehc_request', 'stg_council_send__ehc_requests', 'request_id', 'ehc_requests', 'Request ID'),
    ('ehc_plan', 'stg_council_send__ehc_plans', 'plan_id', 'ehc_plans', 'Plan ID'),
    ('contact', 'stg_council_send__contacts', 'contact_id', 'contacts', 'Contact ID'),
]) }}
{%- endmacro %}

{#- True when the incremental model {{ this }} (with `_built_as_at`, `_loads_through` and
    `_parsed_with`) can take the drops loaded since its last build on top of what it holds: it was
    built as at this export date or earlier, no drop up to that date has been loaded since (a
    re-delivery, or a new service's history), and staging has not parsed every drop again with
    other code lists or another pseudonym key (macros/incremental.sql). Otherwise the model is
    rebuilt whole. -#}
{% macro follows_on_from_last_build() -%}
{%- if not execute or not is_incremental() or parse_inputs_changed() %}{{ return(false) }}{% endif %}
{%- set found = run_query(
    "select count(*) from (select max(_built_as_at) as as_at, max(_loads_through) as loads_through from " ~ this ~ ") as last_build"
    ~ " where last_build.as_at <= " ~ export_date()
    ~ " and not exists (select 1 from " ~ source('case_system', '_loads') ~ " as loads"
    ~ " where loads.loaded_at > last_build.loads_through and loads.drop_date <= last_build.as_at)") %}
{{ return(found.columns[0].values()[0] > 0) }}
{%- endmacro %}
