{#- Staging is incremental by drop: a run parses only the rows of drops it has not parsed before
    (new drops, or drops re-delivered with other bytes, whose earlier rows delete+insert replaces).
    A staging table holding keyed pseudonyms also reparses everything when the pseudonym key has
    changed since it was built (the loader re-keys raw.pseudonyms then). `dbt build --full-refresh`
    (`sendpipe run --full-refresh`) rebuilds from raw and gives the same tables. A staging table
    built by an earlier sendpipe with other columns stops the build (`on_schema_change='fail'`)
    rather than leaving its earlier rows without the new columns: run once with --full-refresh. -#}
{% macro staging_config() -%}
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['service', '_drop_date'],
          on_schema_change='fail') }}
{%- endmacro %}

{#- The filter on a staging model's raw rows (alias `raw_rows`): only drops not parsed yet. -#}
{% macro only_unparsed_drops(pseudonymised=false) -%}
{%- if is_incremental() %}
-- An anti-join on the three columns: building one string per row to compare cost seconds at national scale.
where not exists (
    select 1 from (select distinct service, _drop_date, _file_sha256 from {{ this }}) as parsed
    where parsed.service = raw_rows._service and parsed._drop_date = raw_rows._drop_date
      and parsed._file_sha256 = raw_rows._file_sha256
)
{%- if pseudonymised %}
   or (select max(fingerprint) from {{ source('case_system', '_pseudonym_key') }})
      is distinct from (select max(_pseudonym_fingerprint) from {{ this }})
{%- endif %}
{%- endif %}
{%- endmacro %}

{#- The pseudonym key's fingerprint the staging rows were keyed with (not the key). -#}
{% macro pseudonym_fingerprint() -%}
(select max(fingerprint) from {{ source('case_system', '_pseudonym_key') }})
{%- endmacro %}

{#- The raw rows of `relation` (a staging model's unparsed rows) with, where the row's ID is on more
    than one row of its file, how many rows carry it (`_rows_with_id_in_file`) and how many of
    those differ (`_distinct_rows_with_id_in_file`, compared on every column, personal ones
    included; only the counts are kept). Counted once, when the drop is parsed: a drop's duplicates
    never change, so the duplicate checks (dq_repeated_ids) read these counts instead of rescanning
    ten years of raw rows each night. IDs on more than one row are found first (a cheap count);
    only their rows are hashed. -#}
{% macro with_repeated_id_counts(relation, table, key) -%}
{%- set columns = adapter.get_columns_in_relation(source('case_system', table)) | map(attribute='name') | reject('in', ['_service', '_drop_date', '_file_name', '_file_sha256', '_row_number']) | list %}
select
    rows_of_drop.*,
    repeated.rows_in_file as _rows_with_id_in_file,
    repeated.distinct_rows as _distinct_rows_with_id_in_file
from {{ relation }} as rows_of_drop
left join (
    select
        rows_of_file._service, rows_of_file._drop_date, trim(rows_of_file.{{ key }}) as record_id, count(*) as rows_in_file,
        count(distinct md5({% for c in columns %}coalesce(rows_of_file.{{ c }}, '') {% if not loop.last %}|| '|' || {% endif %}{% endfor %})) as distinct_rows
    from {{ relation }} as rows_of_file
    inner join (
        select _service, _drop_date, trim({{ key }}) as record_id
        from {{ relation }}
        where nullif(trim({{ key }}), '') is not null
        group by _service, _drop_date, trim({{ key }})
        having count(*) > 1
    ) as repeated_ids
        on repeated_ids._service = rows_of_file._service and repeated_ids._drop_date = rows_of_file._drop_date
        and repeated_ids.record_id = trim(rows_of_file.{{ key }})
    group by rows_of_file._service, rows_of_file._drop_date, trim(rows_of_file.{{ key }})
) as repeated
    on repeated._service = rows_of_drop._service and repeated._drop_date = rows_of_drop._drop_date
    and repeated.record_id = trim(rows_of_drop.{{ key }})
{%- endmacro %}
