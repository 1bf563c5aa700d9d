-- One row per data-quality issue (check, record, field) as at the export date: when it was first
-- and last seen, the officer who recorded the record, and whether it is still open or was fixed
-- in a later drop (the record came again without the defect). Derived from every drop's rows, so
-- rebuilding any night gives the same history. Offending values are dates and codes, never
-- personal data.
{{ dq_issue_history(ref('dq_findings'), case_system_record_types(), ref('dq_records'), ref('dq_checks'), by_service=true) }}
