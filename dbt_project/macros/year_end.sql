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

{#- A published model's rows of a year that is open as at the export date: a frozen year's rows
    come from history (with_year_end_freeze), so its figures are not recomputed night after night. -#}
{% macro in_open_year(column='financial_year') -%}
{%- set freezes = adapter.get_relation(database=this.database, schema='history', identifier='_year_end_freezes') -%}
{{ column }} is not null
{%- if freezes is not none %}
        and {{ column }} not in (select financial_year from {{ freezes }} where frozen_as_at <= {{ export_date() }})
{%- endif %}
{%- endmacro %}
