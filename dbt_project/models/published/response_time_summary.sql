-- Table 3b, summary: the day bands grouped as the annual report groups them.
with live as (
    with bands as (
        select
            service,
            financial_year,
            case
                when band in ('0', '1', '2') then '2 days or less'
                when band in ('3', '4', '5') then '3-5 days'
                else band
            end as summary_band,
            enquiries
        from {{ ref('response_times') }}
    ),

    counts as (
        select service, financial_year, summary_band, cast(sum(enquiries) as integer) as enquiries
        from bands
        group by service, financial_year, summary_band
    ),

    banded as (
        select grid.service, grid.financial_year, grid.category as band, grid.sort_order, coalesce(counts.enquiries, 0) as enquiries
        from {{ category_grid('response_summary_band') }} as grid
        left join counts
            on counts.service = grid.service and counts.financial_year = grid.financial_year
            and counts.summary_band = grid.category
    )

    select
        service,
        financial_year,
        band,
        enquiries,
        {{ cumulative_pct_of_year('enquiries') }} as cumulative_pct,
        case band when '2 days or less' then 90 when '3-5 days' then 100 end as target_pct,
        sort_order
    from banded
)

{{ with_year_end_freeze('live') }}
