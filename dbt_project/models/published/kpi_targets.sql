-- Section 8b: the service's KPIs against their targets. Ranges are met inside, exceeded above;
-- percentage and benchmark targets are met at or above.
with live as (
    with enquiries as (
        select
            service,
            financial_year,
            count(*) as enquiries,
            sum(case when service_user = 'Child' then 1 else 0 end) as young_people
        from {{ ref('fct_enquiries') }}
        where {{ in_open_year() }}
        group by service, financial_year
    ),

    responses as (
        select service, financial_year, max(case when band = '2' then cumulative_pct end) as within_2, max(case when band = '5' then cumulative_pct end) as within_5
        from {{ ref('response_times') }}
        group by service, financial_year
    ),

    satisfaction as (
        select service, financial_year, mean_effectiveness from {{ ref('feedback_scores') }} where survey = 'Case'
    ),

    -- float8 is an 8-byte float on both DuckDB and Postgres (dbt.type_float() is 4 bytes on DuckDB).
    actuals as (
        select
            fy.service,
            fy.financial_year,
            cast(coalesce(enquiries.enquiries, 0) as float8) as parents_and_carers_supported,
            cast(responses.within_2 as float8) as responded_within_2_working_days,
            cast(responses.within_5 as float8) as responded_within_5_working_days,
            cast(coalesce(enquiries.young_people, 0) as float8) as young_people_reached,
            cast(satisfaction.mean_effectiveness as float8) as mean_satisfaction
        from {{ service_years() }} as fy
        left join enquiries on enquiries.service = fy.service and enquiries.financial_year = fy.financial_year
        left join responses on responses.service = fy.service and responses.financial_year = fy.financial_year
        left join satisfaction on satisfaction.service = fy.service and satisfaction.financial_year = fy.financial_year
    ),

    kpis as (
        select service, financial_year, 'Parents and carers supported (enquiries)' as kpi, '550-650' as target, 550 as low, 650 as high, parents_and_carers_supported as actual, 1 as sort_order from actuals
        union all
        select service, financial_year, 'Responded within 2 working days (%)', '90', 90, null, responded_within_2_working_days, 2 from actuals
        union all
        select service, financial_year, 'Responded within 5 working days (%)', '100', 100, null, responded_within_5_working_days, 3 from actuals
        union all
        select service, financial_year, 'Young people reached (enquiries from children and young people)', '12-15', 12, 15, young_people_reached, 4 from actuals
        union all
        select service, financial_year, 'Mean satisfaction (case survey effectiveness, out of 5)', '3.93', 3.93, null, mean_satisfaction, 5 from actuals
    )

    select
        service,
        financial_year,
        kpi,
        target,
        actual,
        case
            when actual is null then 'No data'
            when high is not null and actual > high then 'Exceeded'
            when actual >= low then 'Met'
            else 'Not met'
        end as status,
        sort_order
    from kpis
)

{{ with_year_end_freeze('live') }}
