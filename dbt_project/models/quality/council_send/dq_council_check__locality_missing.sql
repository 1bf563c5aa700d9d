-- CS04 locality_missing: a request's or plan's Locality is empty (contacts with none are central).
select
    'locality_missing' as check_name, 'ehc_request' as record_type, request_id as record_id,
    cast(null as varchar) as case_id, 'Locality' as field, cast(null as varchar) as offending_value,
    provision_lead as recorded_by, received_date as reporting_date, _drop_date as drop_date
from {{ ref('stg_council_send__ehc_requests') }}
where _drop_date <= {{ export_date() }} and locality = 'Not recorded' and locality_unknown_code is null
union all
select
    'locality_missing', 'ehc_plan', plan_id, cast(null as varchar), 'Locality', cast(null as varchar),
    provision_lead, plan_start_date, _drop_date
from {{ ref('stg_council_send__ehc_plans') }}
where _drop_date <= {{ export_date() }} and locality = 'Not recorded' and locality_unknown_code is null
