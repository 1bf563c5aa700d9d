-- One row per request for an EHC needs assessment as at the export date, with the two statutory
-- clocks that run from the day the request was received (SEND Regulations 2014):
--   * the decision whether to assess, due within 6 weeks (42 calendar days, regulation 5);
--   * the final plan, due within 20 weeks (140 calendar days, regulation 13), unless an exception
--     of regulation 10 applies (recorded as Exception = Yes).
-- A clock only counts when both its dates are real dates, not after the export date, and the end is
-- not before the start; anything else is a data-quality finding, not a late or early case.
with requests as (
    select * from {{ ref('int_ehc_requests__current') }}
),

clocked as (
    select
        requests.*,
        case when received_date_status = 'valid' and decision_date_status = 'valid' and decision_date >= received_date
             then decision_date - received_date end as days_to_decision,
        case when received_date_status = 'valid' and outcome_date_status = 'valid' and outcome_date >= received_date
             then outcome_date - received_date end as days_to_outcome
    from requests
)

select
    request_id,
    person_key,
    locality,
    received_date,
    received_date_status,
    {{ financial_year('case when received_date_status = \'valid\' then received_date end') }} as financial_year_received,
    request_source,
    decision,
    decision_date,
    decision_date_status,
    days_to_decision,
    {{ financial_year('case when days_to_decision is not null then decision_date end') }} as financial_year_decided,
    days_to_decision <= 42 as decided_within_6_weeks,
    outcome,
    outcome_date,
    outcome_date_status,
    days_to_outcome,
    {{ financial_year('case when days_to_outcome is not null then outcome_date end') }} as financial_year_of_outcome,
    days_to_outcome <= 140 as outcome_within_20_weeks,
    has_exception,
    went_to_mediation,
    went_to_tribunal,
    primary_need,
    provision_lead,
    last_modified_at,
    _drop_date as last_drop_date
from clocked
