-- DQ17 duplicate_id: one ID on more than one row of a file, identical rows.
{{ dq_duplicate_findings('duplicate_id', '= 1') }}
