-- One row per enquiry, current state as at the export date, with its financial year and its
-- response time in working days and band. No personal data.
with enquiries as (
    select * from {{ ref('int_enquiries__current') }}
),

calendar as (
    select * from {{ ref('int_working_days') }}
),

timed as (
    select
        enquiries.*,
        case when enquiries.enquiry_date_status = 'valid' then enquiries.enquiry_date end as dated_on,
        response_day.working_day_index - enquiry_day.working_day_index as working_days_to_response
    from enquiries
    left join calendar as enquiry_day on enquiry_day.calendar_date = enquiries.enquiry_date
    left join calendar as response_day on response_day.calendar_date = enquiries.response_date
)

select
    service,
    enquiry_id,
    enquiry_date,
    enquiry_date_status,
    {{ financial_year('dated_on') }} as financial_year,
    {{ fy_quarter('dated_on') }} as quarter,
    coalesce(reason, 'Unknown') as reason,
    coalesce(reason_subtype, 'Unknown') as reason_subtype,
    coalesce(method, 'Missing') as method,
    coalesce(service_user, 'Unknown') as service_user,
    coalesce(district, 'Unrecorded') as district,
    enquiry_status,
    case_id,
    contact_key,
    recorded_by,
    response_date,
    response_date_status,
    case
        when response_date_status = 'missing' then null
        when response_date_status <> 'valid' or response_date < enquiry_date then null
        else working_days_to_response
    end as working_days_to_response,
    case
        when dated_on is null then null
        when response_date_status = 'missing' then 'Not yet responded'
        when response_date_status <> 'valid' or response_date < enquiry_date then 'Incorrect dates'
        when working_days_to_response > 5 then 'More than 5 days'
        else cast(working_days_to_response as varchar)
    end as response_band,
    last_modified_at,
    _drop_date as last_seen_drop_date
from timed
