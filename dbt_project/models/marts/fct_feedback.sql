-- One row per survey response, current state as at the export date.
select
    service,
    response_id,
    survey,
    about_type,
    about_id,
    submitted_date,
    submitted_date_status,
    {{ financial_year("case when submitted_date_status = 'valid' then submitted_date end") }} as financial_year,
    effectiveness,
    recommend,
    helpful,
    last_modified_at,
    _drop_date as last_seen_drop_date
from {{ ref('int_feedback__current') }}
