-- DQ08 reason_missing: Reason for Contact is empty.
select
    service, 'reason_missing' as check_name, 'enquiry' as record_type, enquiry_id as record_id, case_id,
    'Reason for Contact' as field, cast(null as varchar) as offending_value, recorded_by, reporting_date, _drop_date as drop_date
from {{ ref('stg_case_system__initial_enquiries') }}
where _drop_date <= {{ export_date() }} and reason is null and reason_unknown_code is null
