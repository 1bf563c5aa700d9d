-- Table 3a: enquiries by reason for contact; empty reason is 'Unknown'.
with live as (
    with counts as (
        select financial_year, reason, count(*) as enquiries
        from {{ ref('fct_enquiries') }}
        where financial_year is not null
        group by financial_year, reason
    )

    select
        grid.financial_year,
        grid.category as reason,
        coalesce(counts.enquiries, 0) as enquiries,
        grid.sort_order
    from {{ category_grid('reason') }} as grid
    left join counts on counts.financial_year = grid.financial_year and counts.reason = grid.category
)

{{ with_year_end_freeze('live') }}
