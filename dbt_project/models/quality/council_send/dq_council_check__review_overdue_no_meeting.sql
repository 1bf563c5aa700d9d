-- CS05 review_overdue_no_meeting: the plan is in force at the drop and its review fell due before
-- the drop with no review meeting held since.
select
    'review_overdue_no_meeting' as check_name, 'ehc_plan' as record_type, plan_id as record_id,
    cast(null as varchar) as case_id, 'Next Review Due Date' as field, cast(next_review_due_date as varchar) as offending_value,
    provision_lead as recorded_by, plan_start_date as reporting_date, _drop_date as drop_date
from {{ ref('stg_council_send__ehc_plans') }}
where _drop_date <= {{ export_date() }}
  and plan_start_date_status = 'valid' and (ceased_date is null or ceased_date > _drop_date)
  and next_review_due_date_status = 'valid' and next_review_due_date < _drop_date
  and (last_review_meeting_date is null or last_review_meeting_date < next_review_due_date)
