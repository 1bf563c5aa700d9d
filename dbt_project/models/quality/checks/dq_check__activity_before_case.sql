-- DQ16 activity_before_case: an activity dated before its case's Referral Date (the case as the
-- same drop exported it).
select
    a.service, 'activity_before_case' as check_name, 'case_activity' as record_type, a.activity_id as record_id, a.case_id,
    'Activity Date' as field, a.activity_date_text as offending_value, c.recorded_by, a.reporting_date, a._drop_date as drop_date
from {{ ref('stg_case_system__case_activities') }} as a
inner join {{ ref('stg_case_system__cases') }} as c on c.service = a.service and c.case_id = a.case_id and c._drop_date = a._drop_date
where a._drop_date <= {{ export_date() }}
  and a.activity_date_status = 'valid' and c.referral_date_status = 'valid' and a.activity_date < c.referral_date
