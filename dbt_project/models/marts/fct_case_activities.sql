-- One row per case activity, current state as at the export date.
-- A view: row for row the current-state table with codes defaulted; copying ten million
-- activities into a table each night took longer than every read of it together. The financial
-- year comes from staging, so reading it costs nothing per row.
{{ config(materialized='view') }}

select
    service,
    activity_id,
    case_id,
    activity_date,
    activity_date_status,
    financial_year,
    coalesce(reason, 'Unknown') as reason,
    coalesce(subtype, 'Unknown') as subtype,
    coalesce(method, 'Missing') as method,
    last_modified_at,
    _drop_date as last_seen_drop_date
from {{ ref('int_case_activities__current') }}
