-- Table 3h: cases referred in the year by district and status at the end of the year (or at the
-- export date for the current year).
with live as (
    with counts as (
        select service, financial_year, district, referral_status_at_period_end as referral_status, count(*) as cases
        from {{ ref('fct_cases') }}
        where {{ in_open_year() }}
        group by service, financial_year, district, referral_status_at_period_end
    )

    select
        district.service,
        district.financial_year,
        district.category as district,
        status.category as referral_status,
        coalesce(counts.cases, 0) as cases,
        district.sort_order * 10 + status.sort_order as sort_order
    from {{ category_grid('district') }} as district
    inner join {{ category_grid('referral_status') }} as status
        on status.service = district.service and status.financial_year = district.financial_year
    left join counts
        on counts.service = district.service and counts.financial_year = district.financial_year
        and counts.district = district.category
        and counts.referral_status = status.category
)

{{ with_year_end_freeze('live') }}
