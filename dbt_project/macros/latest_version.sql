{#- The current version of each record as at the export date: the copy with the latest Last
    Modified, then from the latest drop, then the last row of that file. Drops after the export
    date are ignored, so any past night can be rebuilt. A multi-service source keys its records by
    service too (`by_service`): two services' case systems reuse the same IDs. -#}
{% macro latest_version(relation, key, by_service=false) -%}
select * from (
    select
        versions.*,
        row_number() over (
            partition by {% if by_service %}service, {% endif %}{{ key }}
            order by last_modified_at desc nulls last, _drop_date desc, _row_number desc
        ) as _version_rank
    from {{ relation }} as versions
    where _drop_date <= {{ export_date() }}
      and {{ key }} is not null and {{ key }} <> ''
) as ranked
where _version_rank = 1
{%- endmacro %}
