{#- The rows of a current-state model (int_*__current) a snapshot has to look at: those rewritten
    by a build since the snapshot last ran. A current-state build rewrites every record its drops
    touched and stamps the rows with `_loads_through`, which the snapshot keeps; a record it did not
    rewrite has not changed, and a snapshot ignores records missing from its input (hard deletes
    are not tracked), so the result is the one reading every row would give, at the cost of the
    night's records rather than ten years of them. A night whose snapshot did not run is picked up
    by the next (its rows are newer than the snapshot's newest; rows as new as it are read again, so
    a rebuild that loaded nothing new is not skipped). -#}
{% macro rewritten_since_last_snapshot(relation) -%}
{%- set snapshotted = adapter.get_relation(database=this.database, schema=this.schema, identifier=this.identifier) %}
select * from {{ relation }}
{%- if snapshotted is not none %}
where _loads_through >= (select coalesce(max(_loads_through), timestamp '-infinity') from {{ this }})
{%- endif %}
{%- endmacro %}
