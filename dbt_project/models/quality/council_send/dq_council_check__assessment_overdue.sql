-- CS03 assessment_overdue: decided to assess, more than 20 weeks (140 days) since the request as at
-- the drop, no outcome and no exception recorded.
select
    'assessment_overdue' as check_name, 'ehc_request' as record_type, request_id as record_id,
    cast(null as varchar) as case_id, 'Outcome' as field, cast(received_date as varchar) as offending_value,
    provision_lead as recorded_by, received_date as reporting_date, _drop_date as drop_date
from {{ ref('stg_council_send__ehc_requests') }}
where _drop_date <= {{ export_date() }}
  and decision = 'Assess' and outcome = 'Pending' and not has_exception
  and received_date_status = 'valid' and _drop_date - received_date > 140
