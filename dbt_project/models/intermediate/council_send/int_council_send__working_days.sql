-- One row per calendar day with a running count of working days (see the working_day_calendar
-- macro), from the bank holidays the loader wrote beside the council's exports.
{{ working_day_calendar(source('council_send', 'bank_holidays')) }}
