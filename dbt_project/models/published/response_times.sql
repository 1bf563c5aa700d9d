-- Table 3b: working days from enquiry to first response, by band, with the cumulative percentage
-- of all the year's enquiries and the charter's targets (90% by day 2, 100% by day 5).
with live as (
    with counts as (
        select service, financial_year, response_band, count(*) as enquiries
        from {{ ref('fct_enquiries') }}
        where {{ in_open_year() }}
        group by service, financial_year, response_band
    ),

    banded as (
        select
            grid.service,
            grid.financial_year,
            grid.category as band,
            grid.sort_order,
            coalesce(counts.enquiries, 0) as enquiries
        from {{ category_grid('response_band') }} as grid
        left join counts
            on counts.service = grid.service and counts.financial_year = grid.financial_year
            and counts.response_band = grid.category
    )

    select
        service,
        financial_year,
        band,
        enquiries,
        {{ cumulative_pct_of_year('enquiries') }} as cumulative_pct,
        case band when '2' then 90 when '5' then 100 end as target_pct,
        sort_order
    from banded
)

{{ with_year_end_freeze('live') }}
