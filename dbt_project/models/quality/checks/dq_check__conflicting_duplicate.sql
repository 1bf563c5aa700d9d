-- DQ18 conflicting_duplicate: one ID on more than one row of a file, rows that differ.
{{ dq_duplicate_findings('conflicting_duplicate', '> 1') }}
