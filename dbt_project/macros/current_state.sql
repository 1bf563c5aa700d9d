{#- The current-state models of the case system (int_*__current) are incremental on drop and key:
    a nightly run recomputes the current version (latest_version) of the records its new drops
    touched, not of ten years of history.

    Each row carries the build that wrote it: `_built_as_at` (the export date) and `_loads_through`
    (the latest load time in raw._loads then). The last build is the one with the latest
    `_loads_through` (the earliest export date among its rows if several builds saw the same loads:
    recomputing more is always safe). A run then recomputes the keys
    - in the drops up to the export date that are later than the last build's export date or were
      loaded after it (new nights, a new service's history, a re-delivered drop);
    - whose current version came from such a drop (a re-delivered drop may have lost it) or from
      a drop after the export date (rebuilding an earlier night);
    - all of them when staging's parse inputs (code lists, spellings, pseudonym key) changed and
      staging parsed every drop again (macros/incremental.sql).
    The post-hook then removes the rows whose version no longer exists: from a drop after the
    export date, or from a drop delivery that has been replaced (its file's sha256 is gone from
    raw._loads). `dbt build --full-refresh` rebuilds from staging and gives the same current rows;
    only the two bookkeeping columns differ. -#}
{% macro current_state_config(key) -%}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['service', key],
    post_hook="{{ remove_vanished_versions() }}",
) }}
{%- endmacro %}

{% macro current_state(relation, key) -%}
{%- set loads = source('case_system', '_loads') -%}
{#- Asked outside the incremental branch, which dbt does not render while it parses the project. -#}
{%- set reparsed = parse_inputs_changed() -%}
with
{%- if is_incremental() %}
last_build as (
    select min(_built_as_at) as as_at, max(_loads_through) as loads_through
    from {{ this }}
    where _loads_through = (select max(_loads_through) from {{ this }})
),

changed_drops as (
    select distinct loads.service, loads.drop_date
    from {{ loads }} as loads
    cross join last_build
    where loads.drop_date <= {{ export_date() }}
    {%- if not reparsed %}
      and (last_build.as_at is null
           or loads.drop_date > last_build.as_at
           or loads.loaded_at > last_build.loads_through)
    {%- endif %}
),

touched as (
    select staged.service, staged.{{ key }}
    from {{ relation }} as staged
    inner join changed_drops on changed_drops.service = staged.service and changed_drops.drop_date = staged._drop_date
    union
    select built.service, built.{{ key }}
    from {{ this }} as built
    left join changed_drops on changed_drops.service = built.service and changed_drops.drop_date = built._drop_date
    where changed_drops.service is not null or built._drop_date > {{ export_date() }}
),
{%- endif %}

current_versions as (
    {{ latest_version(relation, key, by_service=true, keys='touched' if is_incremental() else none) }}
)

select
    current_versions.*,
    {{ export_date() }} as _built_as_at,
    (select max(loaded_at) from {{ loads }}) as _loads_through
from current_versions
{%- endmacro %}

{#- The post-hook of a current-state model (see above). -#}
{% macro remove_vanished_versions() -%}
delete from {{ this }}
where _drop_date > {{ export_date() }}
   or {{ replaced_delivery('service', '_drop_date', '_file_sha256') }}
{%- endmacro %}

{#- The post-hook of a model incremental by drop that keeps every loaded drop: removes the rows of
    file deliveries that have been replaced (their sha256 is gone from raw._loads). -#}
{% macro remove_replaced_deliveries(service, drop_date, file_sha256) -%}
delete from {{ this }}
where {{ replaced_delivery(service, drop_date, file_sha256) }}
{%- endmacro %}

{#- True for a row of {{ this }} whose file delivery is no longer in raw._loads. -#}
{% macro replaced_delivery(service, drop_date, file_sha256) -%}
not exists (
       select 1 from {{ source('case_system', '_loads') }} as loads
       where loads.service = {{ this }}.{{ service }} and loads.drop_date = {{ this }}.{{ drop_date }}
         and loads.file_sha256 = {{ this }}.{{ file_sha256 }}
   )
{%- endmacro %}
