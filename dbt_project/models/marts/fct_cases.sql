-- One row per case, current state as at the export date, with its status at the end of its
-- financial year (or at the export date for the current year). No personal data: the child
-- appears only as an age band and a keyed pseudonym.
with cases as (
    select * from {{ ref('int_cases__current') }}
),

dated as (
    select
        cases.*,
        case when referral_date_status = 'valid' then referral_date end as dated_on
    from cases
),

periods as (
    select
        dated.*,
        {{ financial_year('dated_on') }} as financial_year,
        case when dated_on is not null then
            least(cast(cast({{ fy_first_year('dated_on') }} + 1 as varchar) || '-03-31' as date), {{ export_date() }})
        end as period_end
    from dated
)

select
    service,
    case_id,
    enquiry_id,
    family_key,
    child_key,
    referral_date,
    referral_date_status,
    financial_year,
    period_end,
    coalesce(district, 'Unrecorded') as district,
    referral_status,
    -- A case closed after its year ended was still active at year end.
    case
        when referral_status = 'Closed' and closed_date_status = 'valid' and closed_date > period_end then 'Active'
        else referral_status
    end as referral_status_at_period_end,
    intervention_level,
    closed_date,
    closed_date_status,
    school_name,
    age_band,
    coalesce(main_need, 'Unknown') as main_need,
    coalesce(risk_rating, 'None') as risk_rating,
    recorded_by,
    last_modified_at,
    _drop_date as last_seen_drop_date
from periods
