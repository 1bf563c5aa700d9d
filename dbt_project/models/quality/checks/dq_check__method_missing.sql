-- DQ09 method_missing: Method of Access is empty.
select
    service, 'method_missing' as check_name, 'enquiry' as record_type, enquiry_id as record_id, case_id,
    'Method of Access' as field, cast(null as varchar) as offending_value, recorded_by, reporting_date, _drop_date as drop_date
from {{ ref('stg_case_system__initial_enquiries') }}
where _drop_date <= {{ export_date() }} and method is null and method_unknown_code is null
