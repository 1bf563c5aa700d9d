-- EHC plans issued within 20 weeks of the request, by financial year of issue and locality, with
-- a row for all localities: the national convention reports the rate with exceptions included
-- (every plan issued) and excluded (plans with a regulation 10 exception left out of both counts).
with plans as (
    select financial_year_of_outcome as financial_year, locality, outcome_within_20_weeks, has_exception
    from {{ ref('fct_ehc_requests') }}
    where outcome = 'Plan issued' and days_to_outcome is not null
),

grid as (
    select * from {{ council_locality_grid('plans') }} as year_localities
),

counts as (
    select
        financial_year,
        coalesce(locality, 'All localities') as locality,
        count(*) as plans_issued,
        count(case when outcome_within_20_weeks then 1 end) as within_20_weeks,
        count(case when not has_exception then 1 end) as plans_issued_excluding_exceptions,
        count(case when outcome_within_20_weeks and not has_exception then 1 end) as within_20_weeks_excluding_exceptions
    from plans
    group by grouping sets ((financial_year, locality), (financial_year))
)

select
    grid.financial_year,
    grid.locality,
    coalesce(counts.plans_issued, 0) as plans_issued,
    coalesce(counts.within_20_weeks, 0) as within_20_weeks,
    {{ pct('counts.within_20_weeks', 'counts.plans_issued') }} as pct_within_20_weeks,
    coalesce(counts.plans_issued_excluding_exceptions, 0) as plans_issued_excluding_exceptions,
    coalesce(counts.within_20_weeks_excluding_exceptions, 0) as within_20_weeks_excluding_exceptions,
    {{ pct('counts.within_20_weeks_excluding_exceptions', 'counts.plans_issued_excluding_exceptions') }} as pct_within_20_weeks_excluding_exceptions,
    grid.sort_order
from grid
left join counts on counts.financial_year = grid.financial_year and counts.locality = grid.locality
