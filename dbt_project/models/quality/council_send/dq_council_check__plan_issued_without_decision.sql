-- CS02 plan_issued_without_decision: a plan was issued but no decision whether to assess, or no
-- decision date, is recorded.
select
    'plan_issued_without_decision' as check_name, 'ehc_request' as record_type, request_id as record_id,
    cast(null as varchar) as case_id, 'Decision' as field, cast(null as varchar) as offending_value,
    provision_lead as recorded_by, received_date as reporting_date, _drop_date as drop_date
from {{ ref('stg_council_send__ehc_requests') }}
where _drop_date <= {{ export_date() }}
  and outcome = 'Plan issued' and (decision = 'Pending' or decision_date_status = 'missing')
