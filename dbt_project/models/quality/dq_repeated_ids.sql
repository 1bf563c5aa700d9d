-- IDs on more than one row of one file in one drop, with how many rows and how many distinct
-- rows: what the duplicate_id (identical rows) and conflicting_duplicate (rows that differ) checks
-- report, found in one pass over the raw tables for both. Content is compared on every column
-- (personal ones included) but only the ID is kept.
{%- for record_type, _, key, table, field in case_system_record_types() %}
{%- set relation = source('case_system', table) %}
{%- set columns = adapter.get_columns_in_relation(relation) | map(attribute='name') | reject('in', ['_service', '_drop_date', '_file_name', '_file_sha256', '_row_number']) | list %}
select
    rows_of_file._service as service, '{{ record_type }}' as record_type, repeated.record_id, '{{ field }}' as field,
    rows_of_file._drop_date as drop_date, count(*) as rows_in_file,
    count(distinct md5({% for c in columns %}coalesce(rows_of_file.{{ c }}, '') {% if not loop.last %}|| '|' || {% endif %}{% endfor %})) as distinct_rows
from {{ relation }} as rows_of_file
-- IDs on more than one row of a file first (a cheap count): only their rows are hashed.
inner join (
    select _service, trim({{ key }}) as record_id, _drop_date
    from {{ relation }}
    where _drop_date <= {{ export_date() }} and nullif(trim({{ key }}), '') is not null
    group by _service, trim({{ key }}), _drop_date
    having count(*) > 1
) as repeated
    on repeated._service = rows_of_file._service and repeated._drop_date = rows_of_file._drop_date
    and repeated.record_id = trim(rows_of_file.{{ key }})
group by rows_of_file._service, repeated.record_id, rows_of_file._drop_date
{% if not loop.last %}union all{% endif %}
{%- endfor %}
