-- Every finding of every check in every drop up to the export date: one row per (check, record,
-- field, drop). The checks are the dq_check__* models; dq_checks (seed) holds their codes,
-- severities and descriptions.
{%- set checks = [
    'district_unrecorded', 'case_district_unrecorded', 'response_date_incorrect', 'date_invalid',
    'date_in_future', 'response_overdue', 'received_over_20_working_days', 'reason_missing',
    'method_missing', 'relationship_missing', 'code_not_in_contract', 'converted_without_case',
    'case_enquiry_unknown', 'case_closed_before_referral', 'appeal_decided_before_registration',
    'activity_before_case', 'duplicate_id', 'conflicting_duplicate',
] %}
{%- for check in checks %}
select service, check_name, record_type, record_id, case_id, field, offending_value, recorded_by, reporting_date, drop_date
from {{ ref('dq_check__' ~ check) }}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
