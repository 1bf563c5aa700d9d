-- The council SEND data-quality checks as at the export date (financial_year is the export
-- date's): the records of the check's type in the latest exports, how many have an open finding,
-- and the share. Every check appears.
with records as (
    select record_type, count(*) as records
    from {{ ref('dq_council_records') }}
    group by record_type
),

checked as (
    select
        checks.check_name,
        checks.code,
        cast(coalesce(sum(records.records), 0) as integer) as records_checked
    from {{ ref('council_send_dq_checks') }} as checks
    left join records
        on records.record_type = checks.record_type
        or (checks.record_type = 'any' and records.record_type in ('ehc_request', 'ehc_plan'))
    group by checks.check_name, checks.code
),

flagged as (
    select check_name, count(distinct record_type || ':' || record_id) as records_flagged
    from {{ ref('dq_council_issues') }}
    where status = 'open'
    group by check_name
)

select
    {{ financial_year(export_date()) }} as financial_year,
    checked.check_name as "check",
    checked.records_checked,
    coalesce(flagged.records_flagged, 0) as records_flagged,
    {{ pct('coalesce(flagged.records_flagged, 0)', 'checked.records_checked') }} as pct_flagged,
    cast(substr(checked.code, 3) as integer) as sort_order
from checked
left join flagged on flagged.check_name = checked.check_name
