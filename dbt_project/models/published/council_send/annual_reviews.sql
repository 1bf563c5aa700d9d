-- Annual reviews of the plans in force as at the export date, by locality plus 'All localities'
-- (financial_year is the export date's): plans in force; reviews overdue now (due date passed, no
-- meeting since); of the plans last reviewed in the year, the decision after the review sent
-- within 4 weeks (on time), later or not yet sent after 4 weeks (late), or not yet due (pending).
with plans as (
    select {{ financial_year(export_date()) }} as financial_year, *
    from {{ ref('fct_ehc_plans') }}
    where is_in_force
),

counts as (
    select
        financial_year,
        coalesce(locality, 'All localities') as locality,
        count(*) as plans_in_force,
        count(case when is_review_overdue then 1 end) as overdue_now,
        count(case when financial_year_last_reviewed = financial_year then 1 end) as reviewed_in_year,
        count(case when financial_year_last_reviewed = financial_year and review_decision_status = 'Within 4 weeks' then 1 end) as decisions_on_time,
        count(case when financial_year_last_reviewed = financial_year and review_decision_status = 'Late' then 1 end) as decisions_late,
        count(case when financial_year_last_reviewed = financial_year and review_decision_status = 'Pending' then 1 end) as decisions_pending
    from plans
    group by grouping sets ((financial_year, locality), (financial_year))
),

grid as (
    select * from {{ council_locality_grid('plans') }} as year_localities
)

select
    grid.financial_year,
    grid.locality,
    coalesce(counts.plans_in_force, 0) as plans_in_force,
    coalesce(counts.overdue_now, 0) as overdue_now,
    {{ pct('counts.overdue_now', 'counts.plans_in_force') }} as pct_overdue_now,
    coalesce(counts.reviewed_in_year, 0) as reviewed_in_year,
    coalesce(counts.decisions_on_time, 0) as decisions_on_time,
    coalesce(counts.decisions_late, 0) as decisions_late,
    coalesce(counts.decisions_pending, 0) as decisions_pending,
    {{ pct('counts.decisions_on_time', 'counts.decisions_on_time + counts.decisions_late') }} as pct_decisions_on_time,
    grid.sort_order
from grid
left join counts on counts.financial_year = grid.financial_year and counts.locality = grid.locality
