-- Every record of every export as at the export date: its current reporting year and officer.
{{ config(materialized='view') }}

with cases as (
    select service, case_id, recorded_by from {{ ref('int_cases__current') }}
),

current_records as (
    select service, 'enquiry' as record_type, enquiry_id as record_id, reporting_date, recorded_by from {{ ref('int_enquiries__current') }}
    union all select service, 'case', case_id, reporting_date, recorded_by from {{ ref('int_cases__current') }}
    union all
    select a.service, 'case_activity', a.activity_id, a.reporting_date, cases.recorded_by
    from {{ ref('int_case_activities__current') }} as a left join cases on cases.service = a.service and cases.case_id = a.case_id
    union all
    select t.service, 'tribunal_appeal', t.appeal_id, t.reporting_date, cases.recorded_by
    from {{ ref('int_tribunal_appeals__current') }} as t left join cases on cases.service = t.service and cases.case_id = t.case_id
    union all
    select f.service, 'feedback', f.response_id, f.reporting_date, cases.recorded_by
    from {{ ref('int_feedback__current') }} as f left join cases on cases.service = f.service and cases.case_id = f.about_id
)

{{ dq_record_register(by_service=true) }}
