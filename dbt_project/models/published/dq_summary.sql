-- Data-quality checks per financial year: the records of the check's type in the year, how many
-- have an open finding as at the export date, and the share. Every check appears every year.
with live as (
    with records_by_year as (
        -- Grouped by the year's first calendar year, labelled after (see financial_year_label).
        select service, {{ fy_first_year('reporting_date') }} as first_year, record_type, count(*) as records
        from {{ ref('dq_records') }}
        group by service, first_year, record_type
    ),

    records as (
        select service, financial_year, record_type, records
        from (
            select service, {{ financial_year_label('first_year') }} as financial_year, record_type, records
            from records_by_year
        ) as labelled
        where {{ in_open_year() }}
    ),

    checked as (
        select
            fy.service,
            fy.financial_year,
            checks.check_name,
            checks.code,
            cast(coalesce(sum(records.records), 0) as integer) as records_checked
        from {{ service_years() }} as fy
        cross join {{ ref('dq_checks') }} as checks
        left join records
            on records.service = fy.service and records.financial_year = fy.financial_year
            and (records.record_type = checks.record_type or checks.record_type = 'any')
        where checks.severity <> 'blocking'
        group by fy.service, fy.financial_year, checks.check_name, checks.code
    ),

    flagged as (
        select service, financial_year, check_name, count(distinct record_type || ':' || record_id) as records_flagged
        from {{ ref('dq_issues') }}
        where status = 'open'
        group by service, financial_year, check_name
    )

    select
        checked.service,
        checked.financial_year,
        checked.check_name as "check",
        checked.records_checked,
        coalesce(flagged.records_flagged, 0) as records_flagged,
        {{ pct('coalesce(flagged.records_flagged, 0)', 'checked.records_checked') }} as pct_flagged,
        cast(substr(checked.code, 3) as integer) as sort_order
    from checked
    left join flagged
        on flagged.service = checked.service and flagged.financial_year = checked.financial_year
        and flagged.check_name = checked.check_name
)

{{ with_year_end_freeze('live') }}
