-- One row per EHC plan as at the export date. A plan must be reviewed at least every 12 months
-- (Children and Families Act 2014 s.44; SEND Regulations 2014 regulation 18), and the council's
-- decision after a review sent within 4 weeks of the meeting (regulation 20(10)).
with plans as (
    select * from {{ ref('int_ehc_plans__current') }}
)

select
    plan_id,
    person_key,
    request_id,
    locality,
    provision_lead,
    plan_start_date,
    plan_start_date_status,
    plan_start_date_status = 'valid'
        and (ceased_date is null or ceased_date_status <> 'valid' or ceased_date > {{ export_date() }}) as is_in_force,
    last_review_meeting_date,
    last_review_meeting_date_status,
    last_review_outcome_date,
    {{ financial_year('case when last_review_meeting_date_status = \'valid\' then last_review_meeting_date end') }} as financial_year_last_reviewed,
    case when last_review_meeting_date_status = 'valid' and last_review_outcome_date_status = 'valid'
              and last_review_outcome_date >= last_review_meeting_date
         then last_review_outcome_date - last_review_meeting_date end as days_to_review_decision,
    case
        when last_review_meeting_date_status <> 'valid' then null
        when last_review_outcome_date_status = 'valid' and last_review_outcome_date >= last_review_meeting_date
            then case when last_review_outcome_date - last_review_meeting_date <= 28 then 'Within 4 weeks' else 'Late' end
        when last_review_outcome_date_status = 'missing'
            then case when {{ export_date() }} - last_review_meeting_date > 28 then 'Late' else 'Pending' end
        else 'Incorrect dates'
    end as review_decision_status,
    next_review_due_date,
    next_review_due_date_status,
    -- Overdue now: the due date has passed and no review meeting has been held since it fell due.
    next_review_due_date_status = 'valid' and next_review_due_date < {{ export_date() }}
        and (last_review_meeting_date is null or last_review_meeting_date < next_review_due_date) as is_review_overdue,
    ceased_date,
    cease_reason,
    last_modified_at,
    _drop_date as last_drop_date
from plans
