-- DQ14 case_closed_before_referral: Closed Date before Referral Date.
select
    service, 'case_closed_before_referral' as check_name, 'case' as record_type, case_id as record_id, case_id,
    'Closed Date' as field, closed_date_text as offending_value, recorded_by, reporting_date, _drop_date as drop_date
from {{ ref('stg_case_system__cases') }}
where _drop_date <= {{ export_date() }}
  and closed_date_status = 'valid' and referral_date_status = 'valid' and closed_date < referral_date
