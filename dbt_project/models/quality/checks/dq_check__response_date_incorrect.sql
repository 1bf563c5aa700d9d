-- DQ03 response_date_incorrect: the response date is not a real date, is after the export date or
-- is before the enquiry (the annual report's "incorrect dates").
select
    service, 'response_date_incorrect' as check_name, 'enquiry' as record_type, enquiry_id as record_id, case_id,
    'Initial Response Date' as field, response_date_text as offending_value, recorded_by, reporting_date, _drop_date as drop_date
from {{ ref('stg_case_system__initial_enquiries') }}
where _drop_date <= {{ export_date() }}
  and (response_date_status in ('invalid', 'future')
       or (response_date_status = 'valid' and enquiry_date_status = 'valid' and response_date < enquiry_date))
