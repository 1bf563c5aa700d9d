{#- Staging is incremental by drop: a run parses only the rows of drops it has not parsed before
    (new drops, or drops re-delivered with other bytes, whose earlier rows delete+insert replaces).
    A staging table holding keyed pseudonyms also reparses everything when the pseudonym key has
    changed since it was built (the loader re-keys raw.pseudonyms then). `dbt build --full-refresh`
    (`sendpipe run --full-refresh`) rebuilds from raw and gives the same tables. -#}
{% macro staging_config() -%}
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['service', '_drop_date']) }}
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
