-- DQ01 district_unrecorded: the enquiry's District is empty.
select
    service, 'district_unrecorded' as check_name, 'enquiry' as record_type, enquiry_id as record_id, case_id,
    'District' as field, cast(null as varchar) as offending_value, recorded_by, reporting_date, _drop_date as drop_date
from {{ ref('stg_case_system__initial_enquiries') }}
where _drop_date <= {{ export_date() }} and district_text is null
