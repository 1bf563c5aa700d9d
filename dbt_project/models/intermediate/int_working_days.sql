-- One row per calendar day with a running count of working days (see the working_day_calendar macro).
{{ working_day_calendar(source('case_system', 'bank_holidays')) }}
