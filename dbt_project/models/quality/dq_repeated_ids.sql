-- IDs on more than one row of one file in one drop, with how many rows and how many distinct
-- rows: what the duplicate_id (identical rows) and conflicting_duplicate (rows that differ) checks
-- report, found in one pass over the raw tables for both. Content is compared on every column
-- (personal ones included) but only the ID is kept.
--
-- What a drop's file repeats depends on that file alone, so the model is incremental by drop, as
-- staging is: it holds every loaded drop (the checks keep those up to the export date), and a run
-- reads only the raw rows of files loaded since its last build (`_loads_through`), not ten years
-- of them. A drop's rows are replaced when it is read again (delete+insert on service and drop);
-- the post-hook removes the rows of a file delivery that has been replaced (re-delivered without
-- repeats, it brings no rows to replace them with). `--full-refresh` gives the same rows.
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['service', 'drop_date'],
    post_hook="{{ remove_replaced_deliveries('service', 'drop_date', 'file_sha256') }}",
) }}
{%- set loads = source('case_system', '_loads') %}
{%- for record_type, _, key, table, field in case_system_record_types() %}
{%- set relation = source('case_system', table) %}
{%- set columns = adapter.get_columns_in_relation(relation) | map(attribute='name') | reject('in', ['_service', '_drop_date', '_file_name', '_file_sha256', '_row_number']) | list %}
select
    rows_of_file._service as service, '{{ record_type }}' as record_type, repeated.record_id, '{{ field }}' as field,
    rows_of_file._drop_date as drop_date, count(*) as rows_in_file,
    count(distinct md5({% for c in columns %}coalesce(rows_of_file.{{ c }}, '') {% if not loop.last %}|| '|' || {% endif %}{% endfor %})) as distinct_rows,
    rows_of_file._file_sha256 as file_sha256,
    (select max(loaded_at) from {{ loads }}) as _loads_through
from {{ relation }} as rows_of_file
-- IDs on more than one row of a file first (a cheap count): only their rows are hashed.
inner join (
    select _service, trim({{ key }}) as record_id, _drop_date
    from {{ relation }} as raw_rows
    where nullif(trim({{ key }}), '') is not null
    {%- if is_incremental() %}
      and exists (
          select 1 from {{ loads }} as loads
          where loads.service = raw_rows._service and loads.drop_date = raw_rows._drop_date
            and loads.file_sha256 = raw_rows._file_sha256
            and loads.loaded_at > (select coalesce(max(_loads_through), timestamp '-infinity') from {{ this }})
      )
    {%- endif %}
    group by _service, trim({{ key }}), _drop_date
    having count(*) > 1
) as repeated
    on repeated._service = rows_of_file._service and repeated._drop_date = rows_of_file._drop_date
    and repeated.record_id = trim(rows_of_file.{{ key }})
group by rows_of_file._service, repeated.record_id, rows_of_file._drop_date, rows_of_file._file_sha256
{% if not loop.last %}union all{% endif %}
{%- endfor %}
