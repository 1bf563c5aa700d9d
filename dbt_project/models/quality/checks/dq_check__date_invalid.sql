-- DQ04 date_invalid: a date that is not a real calendar date (every dated field but the response
-- date, which has its own check).
{{ dq_date_status_findings('date_invalid', 'invalid') }}
