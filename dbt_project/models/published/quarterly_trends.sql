-- Section 3l: enquiries and conversions to case by quarter of the enquiry's date.
with live as (
    with quarters as (
        select years.service, years.financial_year, q.quarter, q.sort_order
        from {{ service_years() }} as years
        cross join (values ('Q1', 1), ('Q2', 2), ('Q3', 3), ('Q4', 4)) as q(quarter, sort_order)
    ),

    counts as (
        select
            service,
            financial_year,
            quarter,
            count(*) as enquiries,
            count(case when enquiry_status = 'Converted to case' then 1 end) as converted_to_case
        from {{ ref('fct_enquiries') }}
        where {{ in_open_year() }}
        group by service, financial_year, quarter
    )

    select
        quarters.service,
        quarters.financial_year,
        quarters.quarter,
        coalesce(counts.enquiries, 0) as enquiries,
        coalesce(counts.converted_to_case, 0) as converted_to_case,
        quarters.sort_order
    from quarters
    left join counts
        on counts.service = quarters.service and counts.financial_year = quarters.financial_year
        and counts.quarter = quarters.quarter
)

{{ with_year_end_freeze('live') }}
