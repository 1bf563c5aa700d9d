-- Every finding of every council SEND check in every drop up to the export date: one row per
-- (check, record, field, drop). The checks are the dq_council_check__* models; the
-- council_send_dq_checks seed holds their codes, severities and descriptions.
{%- set checks = ['outcome_before_request', 'plan_issued_without_decision', 'assessment_overdue', 'locality_missing',
                  'review_overdue_no_meeting'] %}
{%- for check in checks %}
select check_name, record_type, record_id, case_id, field, offending_value, recorded_by, reporting_date, drop_date
from {{ ref('dq_council_check__' ~ check) }}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
