-- DQ15 appeal_decided_before_registration: Decision Date before Registered Date.
select
    service, 'appeal_decided_before_registration' as check_name, 'tribunal_appeal' as record_type, appeal_id as record_id, case_id,
    'Decision Date' as field, decision_date_text as offending_value, cast(null as varchar) as recorded_by, reporting_date, _drop_date as drop_date
from {{ ref('stg_case_system__tribunal_appeals') }}
where _drop_date <= {{ export_date() }}
  and decision_date_status = 'valid' and registered_date_status = 'valid' and decision_date < registered_date
