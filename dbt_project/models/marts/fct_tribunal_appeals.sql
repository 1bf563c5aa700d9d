-- One row per tribunal appeal, current state as at the export date.
select
    service,
    appeal_id,
    case_id,
    registered_date,
    registered_date_status,
    {{ financial_year("case when registered_date_status = 'valid' then registered_date end") }} as financial_year,
    locality,
    district,
    appeal_type,
    hearing_date,
    coalesce(decision, 'Pending') as decision,
    decision_date,
    decision_date_status,
    last_modified_at,
    _drop_date as last_seen_drop_date
from {{ ref('int_tribunal_appeals__current') }}
