-- One row per data-quality issue (check, record, field) as at the export date: its code and
-- severity, when it was first and last seen, the officer who recorded the record, and whether it
-- is still open or was fixed in a later drop (the record came again without the defect). The
-- history is dq_issue_spans'; the officer and year are the record's as it stands now. Offending
-- values are dates and codes, never personal data.
{{ dq_issue_history(ref('dq_issue_spans'), ref('dq_records'), ref('dq_checks'), by_service=true) }}
