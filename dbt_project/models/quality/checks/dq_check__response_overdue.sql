-- DQ06 response_overdue: an enquiry still Received with no response more than 5 working days after
-- its Date, as at the night's export date (the SENDIASS charter: respond within 5 working days).
select
    e.service, 'response_overdue' as check_name, 'enquiry' as record_type, e.enquiry_id as record_id, e.case_id,
    'Initial Response Date' as field, cast(null as varchar) as offending_value, e.recorded_by, e.reporting_date, e._drop_date as drop_date
from {{ ref('stg_case_system__initial_enquiries') }} as e
inner join {{ ref('int_working_days') }} as received on received.calendar_date = e.enquiry_date
inner join {{ ref('int_working_days') }} as exported on exported.calendar_date = e._drop_date
where e._drop_date <= {{ export_date() }}
  and e.enquiry_date_status = 'valid' and e.response_date_status = 'missing' and e.enquiry_status = 'Received'
  and exported.working_day_index - received.working_day_index > 5
