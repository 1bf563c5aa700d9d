-- IDs on more than one row of one file in one drop, with how many rows and how many distinct
-- rows: what the duplicate_id (identical rows) and conflicting_duplicate (rows that differ) checks
-- report. Counted by staging when each drop was parsed (with_repeated_id_counts), so a night reads
-- a few rows per duplicate rather than every raw row; only the ID and the counts are kept.
{%- for record_type, model, key, table, field in case_system_record_types() %}
select
    service, '{{ record_type }}' as record_type, {{ key }} as record_id, '{{ field }}' as field, _drop_date as drop_date,
    max(_rows_with_id_in_file) as rows_in_file, max(_distinct_rows_with_id_in_file) as distinct_rows
from {{ ref(model) }}
where _rows_with_id_in_file is not null and _drop_date <= {{ export_date() }}
group by service, {{ key }}, _drop_date
{% if not loop.last %}union all{% endif %}
{%- endfor %}
