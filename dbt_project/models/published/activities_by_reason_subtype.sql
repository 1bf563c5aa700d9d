-- Table 3k: case activities by reason and subtype, and the cases whose latest activity in the
-- year has that reason and subtype. Rows are every (reason, subtype) seen in any year plus
-- 'Unknown' subtype for every reason, so each year has the same rows.
with live as (
    -- Counted in open years only; the pairs below come from every year. Each reads the activities
    -- itself: a CTE of them read twice would be copied first (eight million rows at national scale).
    with open_activities as (
        select * from {{ ref('fct_case_activities') }} where {{ in_open_year() }}
    ),

    latest_per_case as (
        select service, financial_year, case_id, reason, subtype
        from (
            select
                open_activities.*,
                row_number() over (partition by service, financial_year, case_id order by activity_date desc, activity_id desc) as recency
            from open_activities
        ) as ranked
        where recency = 1
    ),

    pairs as (
        select distinct reason, subtype from {{ ref('fct_case_activities') }} where financial_year is not null
        union
        select category as reason, 'Unknown' as subtype from {{ ref('contract_categories') }} where domain = 'reason'
    ),

    grid as (
        select
            fy.service,
            fy.financial_year,
            pairs.reason,
            pairs.subtype,
            reasons.sort_order
        from {{ service_years() }} as fy
        cross join pairs
        inner join {{ ref('contract_categories') }} as reasons on reasons.domain = 'reason' and reasons.category = pairs.reason
    ),

    activity_counts as (
        select service, financial_year, reason, subtype, count(*) as activities
        from open_activities group by service, financial_year, reason, subtype
    ),

    case_counts as (
        select service, financial_year, reason, subtype, count(*) as cases
        from latest_per_case group by service, financial_year, reason, subtype
    ),

    counted as (
        select
            grid.service,
            grid.financial_year,
            grid.reason,
            grid.subtype,
            coalesce(activity_counts.activities, 0) as activities,
            coalesce(case_counts.cases, 0) as cases,
            grid.sort_order
        from grid
        left join activity_counts using (service, financial_year, reason, subtype)
        left join case_counts using (service, financial_year, reason, subtype)
    )

    select
        service,
        financial_year,
        reason,
        subtype,
        activities,
        cases,
        cast(round(1.0 * activities / nullif(cases, 0), 1) as decimal(6, 1)) as activities_per_case,
        sort_order * 1000 + row_number() over (partition by service, financial_year, reason order by subtype = 'Unknown', subtype) as sort_order
    from counted
)

{{ with_year_end_freeze('live') }}
