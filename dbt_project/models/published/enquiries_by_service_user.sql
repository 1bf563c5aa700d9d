-- Table 3d: enquiries by who made contact (Relationship); empty is 'Unknown'.
with live as (
    with counts as (
        select financial_year, service_user, count(*) as enquiries
        from {{ ref('fct_enquiries') }}
        where financial_year is not null
        group by financial_year, service_user
    )

    select
        grid.financial_year,
        grid.category as service_user,
        coalesce(counts.enquiries, 0) as enquiries,
        grid.sort_order
    from {{ category_grid('service_user') }} as grid
    left join counts on counts.financial_year = grid.financial_year and counts.service_user = grid.category
)

{{ with_year_end_freeze('live') }}
