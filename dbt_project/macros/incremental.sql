{#- Staging is incremental by drop: a run parses only the rows of drops it has not parsed before
    (new drops, or drops re-delivered with other bytes, whose earlier rows delete+insert replaces).
    A staging row also depends on what it was parsed with besides its raw row: the code lists and
    district spellings (seeds) its values were matched against, and the pseudonym key. Each row
    carries their fingerprint (`_parsed_with`); when it has changed since the table was built (a
    spelling added to district_spellings, a rotated key), every drop is parsed again, so a nightly
    run keeps giving the tables of `dbt build --full-refresh` (`sendpipe run --full-refresh`). -#}
{% macro staging_config() -%}
{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['service', '_drop_date']) }}
{%- endmacro %}

{#- The filter on a staging model's raw rows (alias `raw_rows`): only drops not parsed yet, unless
    the parse inputs have changed (then every drop). -#}
{% macro only_unparsed_drops() -%}
{%- if is_incremental() and not parse_inputs_changed() %}
-- An anti-join on the three columns: building one string per row to compare cost seconds at national scale.
where not exists (
    select 1 from (select distinct service, _drop_date, _file_sha256 from {{ this }}) as parsed
    where parsed.service = raw_rows._service and parsed._drop_date = raw_rows._drop_date
      and parsed._file_sha256 = raw_rows._file_sha256
)
{%- endif %}
{%- endmacro %}

{#- True when a row of {{ this }} (a staging model, or a model built from staging rows with their
    `_parsed_with`) was parsed with other inputs than the warehouse's now. Decided before the model
    runs, so its SQL is either the nightly one or the one of a full rebuild, never an OR of both. -#}
{% macro parse_inputs_changed() -%}
{#- Rendered first, also while dbt parses the project, so it sees the seeds the fingerprint reads. -#}
{%- set fingerprint = parse_inputs_fingerprint() -%}
{%- if not execute or not is_incremental() %}{{ return(false) }}{% endif %}
{#- A table from a sendpipe before the fingerprint: the model's on_schema_change rebuilds it. -#}
{%- if '_parsed_with' not in adapter.get_columns_in_relation(this) | map(attribute='name') | list %}{{ return(false) }}{% endif %}
{%- set found = run_query("select exists (select 1 from " ~ this ~ " where _parsed_with is distinct from " ~ fingerprint ~ ")") %}
{{ return(found.columns[0].values()[0]) }}
{%- endmacro %}

{#- An md5 of every seed row staging matches against and of the pseudonym key's fingerprint (not
    the key). Rows are written out as text and sorted, so it does not depend on seed row order. -#}
{% macro parse_inputs_fingerprint() -%}
(select md5(string_agg(line, '; ' order by line)) from (
    select concat_ws('|', 'pseudonym_key', max(fingerprint)) as line from {{ source('case_system', '_pseudonym_key') }}
    union all
    select concat_ws('|', 'contract_categories', domain, category, sort_order, is_empty_label) from {{ ref('contract_categories') }}
    union all
    select concat_ws('|', 'district_spellings', spelling, district) from {{ ref('district_spellings') }}
    union all
    select concat_ws('|', 'appeal_localities', locality, district) from {{ ref('appeal_localities') }}
) as parse_inputs)
{%- endmacro %}
