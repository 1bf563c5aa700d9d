{#- A closed financial year's published rows stay as they were at year end unless restated.
    sendpipe.history freezes a closed year's rows into history.<table> the first time a run's export
    date falls after the year's end; from then on the published model takes that year's rows from
    there (for runs as at that night or later) and computes only open years live. -#}
{% macro with_year_end_freeze(live_cte) -%}
{%- set frozen = adapter.get_relation(database=this.database, schema='history', identifier=this.identifier) -%}
{%- if frozen is none %}
select * from {{ live_cte }}
{%- else %}
{%- set columns = adapter.get_columns_in_relation(frozen) | map(attribute='name') | reject('equalto', 'frozen_as_at') | list %}
select * from {{ live_cte }}
where financial_year not in (select financial_year from {{ frozen }} where frozen_as_at <= {{ export_date() }})
union all
select {% for c in columns %}{{ adapter.quote(c) }}{% if not loop.last %}, {% endif %}{% endfor %} from {{ frozen }} where frozen_as_at <= {{ export_date() }}
{%- endif %}
{%- endmacro %}
