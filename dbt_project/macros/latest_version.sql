{#- The current version of each record as at the export date: the copy with the latest Last
    Modified, then from the latest drop, then the last row of that file. Drops after the export
    date are ignored, so any past night can be rebuilt. A multi-service source keys its records by
    service too (`by_service`): two services' case systems reuse the same IDs.

    The versions are ranked on their key and ordering columns alone, and the winners' rows joined
    back by (service, drop, row): ranking whole rows made the window carry every column through its
    sort (a national full refresh of the case activities took 26.6 s that way, 16.0 s this way). A
    row is one (drop, row number) of its service's file (the loader numbers each file's rows and
    replaces a re-delivered drop's rows whole), so those columns find one row per winner, and the
    key is left out of the join: comparing it as well made the join of the national activities take
    23.6-25.2 s against 14.6-15.0 s (docs/performance.md).

    `keys` (optional; a relation or CTE with the key columns, service included with by_service):
    rank only the versions of those records. An incremental model passes the records its new drops
    touched, and the staging table is read as it is rather than through a CTE of their versions,
    which DuckDB would first copy, being read twice. -#}
{% macro latest_version(relation, key, by_service=false, keys=none) -%}
{%- set service = 'service, ' if by_service else '' %}
select versions.*, ranked._version_rank
from {{ relation }} as versions
inner join (
    select {{ service }}_drop_date, _row_number, _version_rank
    from (
        select
            {{ service }}{{ key }}, _drop_date, _row_number,
            row_number() over (
                partition by {{ service }}{{ key }}
                order by last_modified_at desc nulls last, _drop_date desc, _row_number desc
            ) as _version_rank
        from {{ relation }} as staged
        where _drop_date <= {{ export_date() }}
          and {{ key }} is not null and {{ key }} <> ''
        {%- if keys %}
          and exists (
              select 1 from {{ keys }} as keys
              where {% if by_service %}keys.service = staged.service and {% endif %}keys.{{ key }} = staged.{{ key }}
          )
        {%- endif %}
    ) as ranking
    where _version_rank = 1
) as ranked
    on {% if by_service %}ranked.service = versions.service and {% endif %}ranked._drop_date = versions._drop_date
   and ranked._row_number = versions._row_number
{%- endmacro %}
