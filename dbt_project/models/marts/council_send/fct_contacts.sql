-- One row per contact in the charter's log as at the export date, measured against the council's
-- charter (seed 000): phone calls and emails answered within 3 working days; letters within 10
-- working days or, when complex (several service areas), acknowledged within 7; formal complaints
-- and FOI requests within 20 working days (Freedom of Information Act 2000, s.10); subject access
-- requests within one calendar month (UK GDPR article 12(3)). Working days count d with
-- received < d <= answered, Monday to Friday, not an England bank holiday.
with contacts as (
    select * from {{ ref('int_contacts__current') }}
),

calendar as (
    select * from {{ ref('int_council_send__working_days') }}
),

standards as (
    select
        contacts.*,
        case
            when channel in ('Phone', 'Email') then 3
            when channel = 'Letter' and is_complex then 7
            when channel = 'Letter' then 10
            when channel in ('Formal complaint', 'FOI request') then 20
        end as standard_working_days,
        case
            when channel in ('Phone', 'Email') then '3 working days'
            when channel = 'Letter' and is_complex then 'Acknowledged within 7 working days'
            when channel = 'Letter' then '10 working days'
            when channel in ('Formal complaint', 'FOI request') then '20 working days'
            when channel = 'Subject access request' then '1 calendar month'
        end as standard,
        -- What the standard measures: the acknowledgement of a complex letter, otherwise the reply.
        case when channel = 'Letter' and is_complex then acknowledged_date else responded_date end as answered_date,
        case when channel = 'Letter' and is_complex then acknowledged_date_status else responded_date_status end as answered_date_status,
        cast({{ dbt.dateadd('month', 1, 'received_date') }} as date) as one_month_after
    from contacts
),

measured as (
    select
        standards.*,
        case when answered_date_status = 'valid' and answered_date >= received_date
             then answered_day.working_day_index - received_day.working_day_index end as working_days_to_answer,
        export_day.working_day_index - received_day.working_day_index as working_days_open_at_export
    from standards
    left join calendar as received_day on received_day.calendar_date = standards.received_date
    left join calendar as answered_day on answered_day.calendar_date = standards.answered_date
    left join calendar as export_day on export_day.calendar_date = {{ export_date() }}
)

select
    contact_id,
    received_at,
    received_date,
    {{ financial_year('case when received_date_status = \'valid\' then received_date end') }} as financial_year,
    left(cast(received_date as varchar), 7) as received_month,
    channel,
    locality,
    staff_code,
    is_complex,
    standard,
    acknowledged_date,
    responded_date,
    answered_date,
    working_days_to_answer,
    case
        when received_date_status <> 'valid' or channel is null then 'Not measured'
        when answered_date_status in ('invalid', 'future') or answered_date < received_date then 'Incorrect dates'
        when answered_date_status = 'valid' and channel = 'Subject access request'
            then case when answered_date <= one_month_after then 'Met' else 'Not met' end
        when answered_date_status = 'valid'
            then case when working_days_to_answer <= standard_working_days then 'Met' else 'Not met' end
        when channel = 'Subject access request'
            then case when {{ export_date() }} > one_month_after then 'Not met' else 'Pending' end
        when working_days_open_at_export > standard_working_days then 'Not met'
        else 'Pending'
    end as standard_status,
    last_modified_at,
    _drop_date as last_drop_date
from measured
