-- Table 3c: enquiries by method of access; empty method is 'Missing'.
with live as (
    with counts as (
        select financial_year, method, count(*) as enquiries
        from {{ ref('fct_enquiries') }}
        where financial_year is not null
        group by financial_year, method
    )

    select
        grid.financial_year,
        grid.category as method,
        coalesce(counts.enquiries, 0) as enquiries,
        grid.sort_order
    from {{ category_grid('method') }} as grid
    left join counts on counts.financial_year = grid.financial_year and counts.method = grid.category
)

{{ with_year_end_freeze('live') }}
