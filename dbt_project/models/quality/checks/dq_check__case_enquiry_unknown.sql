-- DQ13 case_enquiry_unknown: a case's Enquiry ID matches no enquiry in that drop or any earlier one.
select
    c.service, 'case_enquiry_unknown' as check_name, 'case' as record_type, c.case_id as record_id, c.case_id,
    'Enquiry ID' as field, c.enquiry_id as offending_value, c.recorded_by, c.reporting_date, c._drop_date as drop_date
from {{ ref('stg_case_system__cases') }} as c
where c._drop_date <= {{ export_date() }}
  and c.enquiry_id is not null
  and not exists (
      select 1 from {{ ref('stg_case_system__initial_enquiries') }} as e
      where e.service = c.service and e.enquiry_id = c.enquiry_id and e._drop_date <= c._drop_date
  )
