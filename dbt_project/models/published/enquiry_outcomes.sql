-- Table 3g: enquiries by their status as at the export date.
with live as (
    with counts as (
        select financial_year, enquiry_status, count(*) as enquiries
        from {{ ref('fct_enquiries') }}
        where financial_year is not null
        group by financial_year, enquiry_status
    )

    select
        grid.financial_year,
        grid.category as enquiry_status,
        coalesce(counts.enquiries, 0) as enquiries,
        grid.sort_order
    from {{ category_grid('enquiry_status') }} as grid
    left join counts on counts.financial_year = grid.financial_year and counts.enquiry_status = grid.category
)

{{ with_year_end_freeze('live') }}
