-- Every record of the council's exports as at the export date: its reporting year and the staff
-- code that owns it.
{{ config(materialized='view') }}

with current_records as (
    select 'ehc_request' as record_type, request_id as record_id, received_date as reporting_date, provision_lead as recorded_by
    from {{ ref('int_ehc_requests__current') }}
    union all select 'ehc_plan', plan_id, plan_start_date, provision_lead from {{ ref('int_ehc_plans__current') }}
    union all select 'contact', contact_id, received_date, staff_code from {{ ref('int_contacts__current') }}
)

{{ dq_record_register() }}
