-- DQ02 case_district_unrecorded: the case's District is empty.
select
    service, 'case_district_unrecorded' as check_name, 'case' as record_type, case_id as record_id, case_id,
    'District' as field, cast(null as varchar) as offending_value, recorded_by, reporting_date, _drop_date as drop_date
from {{ ref('stg_case_system__cases') }}
where _drop_date <= {{ export_date() }} and district_text is null
