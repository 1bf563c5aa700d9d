-- Every record of every export as at the export date: its current reporting year and officer, and
-- the drops it appeared in (to tell a fixed finding from one still open).
with versions as (
    select 'enquiry' as record_type, enquiry_id as record_id, _drop_date from {{ ref('stg_case_system__initial_enquiries') }}
    union all select 'case', case_id, _drop_date from {{ ref('stg_case_system__cases') }}
    union all select 'case_activity', activity_id, _drop_date from {{ ref('stg_case_system__case_activities') }}
    union all select 'tribunal_appeal', appeal_id, _drop_date from {{ ref('stg_case_system__tribunal_appeals') }}
    union all select 'feedback', response_id, _drop_date from {{ ref('stg_case_system__feedback') }}
),

appearances as (
    select record_type, record_id, min(_drop_date) as first_present_on, max(_drop_date) as last_present_on
    from versions
    where _drop_date <= {{ export_date() }} and record_id is not null
    group by record_type, record_id
),

cases as (
    select case_id, recorded_by from {{ ref('int_cases__current') }}
),

current_records as (
    select 'enquiry' as record_type, enquiry_id as record_id, reporting_date, recorded_by from {{ ref('int_enquiries__current') }}
    union all select 'case', case_id, reporting_date, recorded_by from {{ ref('int_cases__current') }}
    union all
    select 'case_activity', a.activity_id, a.reporting_date, cases.recorded_by
    from {{ ref('int_case_activities__current') }} as a left join cases on cases.case_id = a.case_id
    union all
    select 'tribunal_appeal', t.appeal_id, t.reporting_date, cases.recorded_by
    from {{ ref('int_tribunal_appeals__current') }} as t left join cases on cases.case_id = t.case_id
    union all
    select 'feedback', f.response_id, f.reporting_date, cases.recorded_by
    from {{ ref('int_feedback__current') }} as f left join cases on cases.case_id = f.about_id
)

select
    appearances.record_type,
    appearances.record_id,
    {{ financial_year('current_records.reporting_date') }} as financial_year,
    current_records.reporting_date,
    current_records.recorded_by,
    appearances.first_present_on,
    appearances.last_present_on
from appearances
left join current_records
    on current_records.record_type = appearances.record_type and current_records.record_id = appearances.record_id
