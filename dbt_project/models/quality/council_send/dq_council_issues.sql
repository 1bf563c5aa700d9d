-- One row per council SEND data-quality issue (check, record, field) as at the export date: first
-- and last seen, the staff code that owns the record, open or fixed in a later drop.
with spans as (
    {{ dq_issue_spans(ref('dq_council_findings'), council_send_record_types()) }}
)

{{ dq_issue_history('spans', ref('dq_council_records'), ref('council_send_dq_checks')) }}
