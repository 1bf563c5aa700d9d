-- Tribunal data: appeals registered in the year by locality, type and decision ('Pending' when
-- not yet decided), each as a count and a percentage of the year's appeals.
with live as (
    with appeals as (
        select * from {{ ref('fct_tribunal_appeals') }} where {{ in_open_year() }}
    ),

    long as (
        select service, financial_year, 'locality' as dimension, locality as category from appeals
        union all
        select service, financial_year, 'appeal_type', appeal_type from appeals
        union all
        select service, financial_year, 'decision', decision from appeals
    ),

    counts as (
        select service, financial_year, dimension, category, count(*) as appeals
        from long group by service, financial_year, dimension, category
    ),

    totals as (
        select service, financial_year, count(*) as appeals from appeals group by service, financial_year
    ),

    grid as (
        select service, financial_year, 'locality' as dimension, category, 100 + sort_order as sort_order from {{ category_grid('appeal_locality') }} as appeal_locality_grid
        union all
        select service, financial_year, 'appeal_type', category, 200 + sort_order from {{ category_grid('appeal_type') }} as appeal_type_grid
        union all
        select service, financial_year, 'decision', category, 300 + sort_order from {{ category_grid('appeal_decision') }} as appeal_decision_grid
    )

    select
        grid.service,
        grid.financial_year,
        grid.dimension,
        grid.category,
        coalesce(counts.appeals, 0) as appeals,
        {{ pct('coalesce(counts.appeals, 0)', 'totals.appeals') }} as pct,
        grid.sort_order
    from grid
    left join counts using (service, financial_year, dimension, category)
    left join totals on totals.service = grid.service and totals.financial_year = grid.financial_year
)

{{ with_year_end_freeze('live') }}
