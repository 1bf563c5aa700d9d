-- Decisions whether to carry out an EHC needs assessment sent within 6 weeks of the request, by
-- financial year of the decision and locality, with a row for all localities. A withdrawn request
-- is not a decision whether to assess and is not counted.
with decisions as (
    select financial_year_decided as financial_year, locality, decision, decided_within_6_weeks
    from {{ ref('fct_ehc_requests') }}
    where decision in ('Assess', 'Not assess') and days_to_decision is not null
),

grid as (
    select * from {{ council_locality_grid('decisions') }} as year_localities
),

counts as (
    select
        financial_year,
        coalesce(locality, 'All localities') as locality,
        count(*) as decisions,
        count(case when decision = 'Assess' then 1 end) as decided_to_assess,
        count(case when decided_within_6_weeks then 1 end) as within_6_weeks
    from decisions
    group by grouping sets ((financial_year, locality), (financial_year))
)

select
    grid.financial_year,
    grid.locality,
    coalesce(counts.decisions, 0) as decisions,
    coalesce(counts.decided_to_assess, 0) as decided_to_assess,
    coalesce(counts.within_6_weeks, 0) as within_6_weeks,
    {{ pct('counts.within_6_weeks', 'counts.decisions') }} as pct_within_6_weeks,
    grid.sort_order
from grid
left join counts on counts.financial_year = grid.financial_year and counts.locality = grid.locality
