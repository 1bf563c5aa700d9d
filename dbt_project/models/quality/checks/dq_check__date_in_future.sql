-- DQ05 date_in_future: a date after the export date the record came in (often a mistyped year).
{{ dq_date_status_findings('date_in_future', 'future') }}
