-- Table 3j: cases referred in the year by status at year end, intervention level and district.
with live as (
    with counts as (
        select service, financial_year, referral_status_at_period_end as referral_status, intervention_level, district, count(*) as cases
        from {{ ref('fct_cases') }}
        where {{ in_open_year() }}
        group by service, financial_year, referral_status_at_period_end, intervention_level, district
    )

    select
        status.service,
        status.financial_year,
        status.category as referral_status,
        level.category as intervention_level,
        district.category as district,
        coalesce(counts.cases, 0) as cases,
        status.sort_order * 1000 + level.sort_order * 100 + district.sort_order as sort_order
    from {{ category_grid('referral_status') }} as status
    inner join {{ category_grid('intervention_level') }} as level
        on level.service = status.service and level.financial_year = status.financial_year
    inner join {{ category_grid('district') }} as district
        on district.service = status.service and district.financial_year = status.financial_year
    left join counts
        on counts.service = status.service and counts.financial_year = status.financial_year
        and counts.referral_status = status.category
        and counts.intervention_level = level.category
        and counts.district = district.category
)

{{ with_year_end_freeze('live') }}
