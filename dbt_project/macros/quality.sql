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
    '{{ check_name }}' as check_name, '{{ record_type }}' as record_type, {{ key }} as record_id,
    cast({{ case_key }} as varchar) as case_id, '{{ field }}' as field,
    {% if column == 'enquiry_date' %}enquiry_date_text{% else %}{{ column }}_text{% endif %} as offending_value,
    cast({{ recorded_by }} as varchar) as recorded_by, reporting_date, _drop_date as drop_date
from {{ ref(model) }}
where _drop_date <= {{ export_date() }} and {{ column }}_status = '{{ status }}'
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{%- endmacro %}

{#- IDs on more than one row of one file in one drop; `distinct_versions_condition` is '= 1' for
    identical rows, '> 1' for rows whose content differs. Content is compared on every column
    (personal ones included) but only the ID is reported. -#}
{% macro dq_duplicate_findings(check_name, distinct_versions_condition) -%}
{%- set files = [
    ('initial_enquiries', 'enquiry', 'enquiry_id', 'Enquiry ID'),
    ('cases', 'case', 'case_id', 'Case ID'),
    ('case_activities', 'case_activity', 'activity_id', 'Activity ID'),
    ('tribunal_appeals', 'tribunal_appeal', 'appeal_id', 'Appeal ID'),
    ('feedback', 'feedback', 'response_id', 'Response ID'),
] %}
{%- for table, record_type, key, field in files %}
{%- set relation = source('case_system', table) %}
{%- set columns = adapter.get_columns_in_relation(relation) | map(attribute='name') | reject('in', ['_drop_date', '_file_name', '_file_sha256', '_row_number']) | list %}
select
    '{{ check_name }}' as check_name, '{{ record_type }}' as record_type, trim({{ key }}) as record_id,
    cast(null as varchar) as case_id, '{{ field }}' as field, cast(count(*) as varchar) || ' rows' as offending_value,
    cast(null as varchar) as recorded_by, cast(max(_drop_date) as date) as reporting_date, _drop_date as drop_date
from {{ relation }}
where _drop_date <= {{ export_date() }} and nullif(trim({{ key }}), '') is not null
group by trim({{ key }}), _drop_date
having count(*) > 1
   and count(distinct md5({% for c in columns %}coalesce({{ c }}, '') {% if not loop.last %}|| '|' || {% endif %}{% endfor %})) {{ distinct_versions_condition }}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{%- endmacro %}
