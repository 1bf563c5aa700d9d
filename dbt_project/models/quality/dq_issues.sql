-- One row per data-quality issue (check, record, field) as at the export date: when it was first
-- and last seen, the officer who recorded the record, and whether it is still open or was fixed
-- in a later drop (the record came again without the defect). Derived from every drop's rows, so
-- rebuilding any night gives the same history. Offending values are dates and codes, never
-- personal data.
with findings as (
    select * from {{ ref('dq_findings') }}
),

spans as (
    select
        check_name, record_type, record_id, field,
        min(drop_date) as first_seen_on,
        max(drop_date) as last_seen_on
    from findings
    group by check_name, record_type, record_id, field
),

latest as (
    select * from (
        select
            findings.*,
            row_number() over (partition by check_name, record_type, record_id, field order by drop_date desc, offending_value) as recency
        from findings
    ) as ranked
    where recency = 1
),

next_appearance as (
    select spans.check_name, spans.record_type, spans.record_id, spans.field, min(versions._drop_date) as fixed_on
    from spans
    inner join (
        select 'enquiry' as record_type, enquiry_id as record_id, _drop_date from {{ ref('stg_case_system__initial_enquiries') }}
        union all select 'case', case_id, _drop_date from {{ ref('stg_case_system__cases') }}
        union all select 'case_activity', activity_id, _drop_date from {{ ref('stg_case_system__case_activities') }}
        union all select 'tribunal_appeal', appeal_id, _drop_date from {{ ref('stg_case_system__tribunal_appeals') }}
        union all select 'feedback', response_id, _drop_date from {{ ref('stg_case_system__feedback') }}
    ) as versions
        on versions.record_type = spans.record_type and versions.record_id = spans.record_id
        and versions._drop_date > spans.last_seen_on and versions._drop_date <= {{ export_date() }}
    group by spans.check_name, spans.record_type, spans.record_id, spans.field
)

select
    checks.code,
    spans.check_name,
    checks.severity,
    spans.record_type,
    spans.record_id,
    latest.case_id,
    spans.field,
    latest.offending_value,
    coalesce(latest.recorded_by, records.recorded_by) as recorded_by,
    coalesce(records.financial_year, {{ financial_year('latest.reporting_date') }}) as financial_year,
    spans.first_seen_on,
    spans.last_seen_on,
    case when next_appearance.fixed_on is null then 'open' else 'fixed' end as status,
    next_appearance.fixed_on
from spans
inner join latest
    on latest.check_name = spans.check_name and latest.record_type = spans.record_type
    and latest.record_id = spans.record_id and latest.field = spans.field
inner join {{ ref('dq_checks') }} as checks on checks.check_name = spans.check_name
left join next_appearance
    on next_appearance.check_name = spans.check_name and next_appearance.record_type = spans.record_type
    and next_appearance.record_id = spans.record_id and next_appearance.field = spans.field
left join {{ ref('dq_records') }} as records
    on records.record_type = spans.record_type and records.record_id = spans.record_id
