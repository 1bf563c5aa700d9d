-- CS01 outcome_before_request: the request's Outcome Date is before its Request Received Date.
select
    'outcome_before_request' as check_name, 'ehc_request' as record_type, request_id as record_id,
    cast(null as varchar) as case_id, 'Outcome Date' as field, cast(outcome_date as varchar) as offending_value,
    provision_lead as recorded_by, received_date as reporting_date, _drop_date as drop_date
from {{ ref('stg_council_send__ehc_requests') }}
where _drop_date <= {{ export_date() }}
  and outcome_date_status = 'valid' and received_date_status = 'valid' and outcome_date < received_date
