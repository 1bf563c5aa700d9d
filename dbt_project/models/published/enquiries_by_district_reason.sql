-- Table 3e: enquiries by district (spelling variants folded; empty is 'Unrecorded') and reason.
with live as (
    with counts as (
        select service, financial_year, district, reason, count(*) as enquiries
        from {{ ref('fct_enquiries') }}
        where {{ in_open_year() }}
        group by service, financial_year, district, reason
    )

    select
        district.service,
        district.financial_year,
        district.category as district,
        reason.category as reason,
        coalesce(counts.enquiries, 0) as enquiries,
        district.sort_order * 100 + reason.sort_order as sort_order
    from {{ category_grid('district') }} as district
    inner join {{ category_grid('reason') }} as reason
        on reason.service = district.service and reason.financial_year = district.financial_year
    left join counts
        on counts.service = district.service and counts.financial_year = district.financial_year
        and counts.district = district.category
        and counts.reason = reason.category
)

{{ with_year_end_freeze('live') }}
