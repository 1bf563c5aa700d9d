-- How well enquiries are recorded, by month of the enquiry, method of access and recording
-- officer: the share with no district and the share with an incorrect response date.
with enquiries as (
    select
        service,
        financial_year,
        {{ dbt.date_trunc('month', 'enquiry_date') }} as enquiry_month,
        method,
        coalesce(recorded_by, 'Not recorded') as recorded_by,
        case when district = 'Unrecorded' then 1 else 0 end as district_unrecorded,
        case when response_band = 'Incorrect dates' then 1 else 0 end as incorrect_dates
    from {{ ref('fct_enquiries') }}
    where financial_year is not null
),

long as (
    select service, financial_year, 'month' as dimension, cast(cast(enquiry_month as date) as varchar) as category, district_unrecorded, incorrect_dates from enquiries
    union all
    select service, financial_year, 'method', method, district_unrecorded, incorrect_dates from enquiries
    union all
    select service, financial_year, 'recorded_by', recorded_by, district_unrecorded, incorrect_dates from enquiries
)

select
    service,
    financial_year,
    dimension,
    category,
    count(*) as enquiries,
    sum(district_unrecorded) as district_unrecorded,
    {{ pct('sum(district_unrecorded)', 'count(*)') }} as pct_district_unrecorded,
    sum(incorrect_dates) as incorrect_dates,
    {{ pct('sum(incorrect_dates)', 'count(*)') }} as pct_incorrect_dates
from long
group by service, financial_year, dimension, category
