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
    `findings`: first and last seen, the officer, open or fixed (the record came again in a later
    drop without the defect). `record_types` lists (record_type, staging model, key, ...) of
    the source; `records` gives each record's financial year and officer; `checks` is the registry.
    `by_service`: the source keys records by service too (findings, records and staging models
    then carry a `service` column). -#}
{% macro dq_issue_history(findings, record_types, records, checks, by_service=false) -%}
{%- set service = 'service, ' if by_service else '' %}
with findings as (
    select * from {{ findings }}
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
    inner join (
        {%- for record in record_types %}
        select {{ service }}'{{ record[0] }}' as record_type, {{ record[2] }} as record_id, _drop_date from {{ ref(record[1]) }}
        {% if not loop.last %}union all{% endif %}
        {%- endfor %}
    ) as versions
        on versions.record_type = spans.record_type and versions.record_id = spans.record_id
        {% if by_service %}and versions.service = spans.service{% endif %}
        and versions._drop_date > spans.last_seen_on and versions._drop_date <= {{ export_date() }}
    group by {% if by_service %}spans.service, {% endif %}spans.check_name, spans.record_type, spans.record_id, spans.field
)

select
    {% if by_service %}spans.service, {% endif %}checks.code,
    spans.check_name,
    checks.severity,
    spans.record_type,
    spans.record_id,
    latest.case_id,
    spans.field,
    latest.offending_value,
    coalesce(latest.recorded_by, records.recorded_by) as recorded_by,
    coalesce(records.financial_year, {{ financial_year('latest.reporting_date') }}) as financial_year,
    spans.first_seen_on,
    spans.last_seen_on,
    case when next_appearance.fixed_on is null then 'open' else 'fixed' end as status,
    next_appearance.fixed_on
from spans
inner join latest
    on latest.check_name = spans.check_name and latest.record_type = spans.record_type
    and latest.record_id = spans.record_id and latest.field = spans.field
    {% if by_service %}and latest.service = spans.service{% endif %}
inner join {{ checks }} as checks on checks.check_name = spans.check_name
left join next_appearance
    on next_appearance.check_name = spans.check_name and next_appearance.record_type = spans.record_type
    and next_appearance.record_id = spans.record_id and next_appearance.field = spans.field
    {% if by_service %}and next_appearance.service = spans.service{% endif %}
left join {{ records }} as records
    on records.record_type = spans.record_type and records.record_id = spans.record_id
    {% if by_service %}and records.service = spans.service{% endif %}
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
