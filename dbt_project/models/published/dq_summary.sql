-- Data-quality checks counted per financial year: records checked, flagged and the share flagged.
with enquiries as (
    select * from {{ ref('fct_enquiries') }} where financial_year is not null
),

checks as (
    select financial_year, 'district_unrecorded' as check_name, 1 as sort_order, count(*) as records_checked,
           sum(case when district = 'Unrecorded' then 1 else 0 end) as records_flagged
    from enquiries group by financial_year
    union all
    select financial_year, 'response_incorrect_dates', 2, count(*),
           sum(case when response_band = 'Incorrect dates' then 1 else 0 end)
    from enquiries group by financial_year
    union all
    select financial_year, 'reason_missing', 3, count(*), sum(case when reason = 'Unknown' then 1 else 0 end)
    from enquiries group by financial_year
    union all
    select financial_year, 'method_missing', 4, count(*), sum(case when method = 'Missing' then 1 else 0 end)
    from enquiries group by financial_year
    union all
    select financial_year, 'relationship_missing', 5, count(*), sum(case when service_user = 'Unknown' then 1 else 0 end)
    from enquiries group by financial_year
),

grid as (
    select fy.financial_year, c.check_name, c.sort_order
    from {{ ref('dim_financial_years') }} as fy
    cross join (select distinct check_name, sort_order from checks) as c
)

select
    grid.financial_year,
    grid.check_name as "check",
    coalesce(checks.records_checked, 0) as records_checked,
    coalesce(checks.records_flagged, 0) as records_flagged,
    {{ pct('coalesce(checks.records_flagged, 0)', 'checks.records_checked') }} as pct_flagged,
    grid.sort_order
from grid
left join checks on checks.financial_year = grid.financial_year and checks.check_name = grid.check_name
