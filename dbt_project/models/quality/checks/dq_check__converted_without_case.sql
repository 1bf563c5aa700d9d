-- DQ12 converted_without_case: an enquiry Converted to case with no Case ID.
select
    service, 'converted_without_case' as check_name, 'enquiry' as record_type, enquiry_id as record_id, case_id,
    'Case ID' as field, cast(null as varchar) as offending_value, recorded_by, reporting_date, _drop_date as drop_date
from {{ ref('stg_case_system__initial_enquiries') }}
where _drop_date <= {{ export_date() }} and enquiry_status = 'Converted to case' and case_id is null
