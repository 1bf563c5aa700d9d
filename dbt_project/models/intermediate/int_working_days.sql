-- One row per calendar day with a running count of working days (Monday to Friday, not an
-- England and Wales bank holiday). The working days between D0 and D1 (D0 < d <= D1) are
-- working_day_index(D1) - working_day_index(D0), which gives 0 for the same day and 1 for
-- Friday -> Monday or Saturday -> Monday.
with days as (
    select cast(day as date) as calendar_date
    from generate_series(cast('2015-01-01' as date), cast('2040-12-31' as date), interval '1 day') as spine(day)
),

flagged as (
    select
        days.calendar_date,
        extract(isodow from days.calendar_date) <= 5 and holidays.holiday_date is null as is_working_day,
        holidays.holiday_name
    from days
    left join {{ source('case_system', 'bank_holidays') }} as holidays
        on holidays.holiday_date = days.calendar_date
)

select
    calendar_date,
    is_working_day,
    holiday_name,
    sum(case when is_working_day then 1 else 0 end) over (order by calendar_date rows between unbounded preceding and current row) as working_day_index
from flagged
