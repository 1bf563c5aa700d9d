{#- Date handling in one place: exports write dd/mm/yyyy, and a bad date must become null plus a
    flag, never a crash. -#}

{% macro export_date() -%}
    cast('{{ var("export_date") }}' as date)
{%- endmacro %}

{% macro parse_uk_date(column) -%}
    {{ return(adapter.dispatch('parse_uk_date', 'sendpipe')(column)) }}
{%- endmacro %}

{% macro default__parse_uk_date(column) -%}
    cast(try_strptime(nullif(trim({{ column }}), ''), '%d/%m/%Y') as date)
{%- endmacro %}

{% macro parse_uk_timestamp(column) -%}
    {{ return(adapter.dispatch('parse_uk_timestamp', 'sendpipe')(column)) }}
{%- endmacro %}

{% macro default__parse_uk_timestamp(column) -%}
    try_strptime(nullif(trim({{ column }}), ''), '%d/%m/%Y %H:%M')
{%- endmacro %}

{#- 'missing' (empty), 'invalid' (not a real calendar date), 'future' (after the export date the
    record came in) or 'valid'. -#}
{% macro date_status(text_column, parsed_column, drop_date_column='_drop_date') -%}
    case
        when nullif(trim({{ text_column }}), '') is null then 'missing'
        when {{ parsed_column }} is null then 'invalid'
        when {{ parsed_column }} > {{ drop_date_column }} then 'future'
        else 'valid'
    end
{%- endmacro %}

{#- Financial year label, 1 April to 31 March: 2023-04-01 -> '2023-24'. -#}
{% macro financial_year(date_column) -%}
    case when {{ date_column }} is null then null else
        cast({{ fy_first_year(date_column) }} as varchar) || '-'
        || right(cast({{ fy_first_year(date_column) }} + 1 as varchar), 2)
    end
{%- endmacro %}

{% macro fy_first_year(date_column) -%}
    (cast(extract(year from {{ date_column }}) as integer) - case when extract(month from {{ date_column }}) < 4 then 1 else 0 end)
{%- endmacro %}

{% macro fy_quarter(date_column) -%}
    case
        when extract(month from {{ date_column }}) between 4 and 6 then 'Q1'
        when extract(month from {{ date_column }}) between 7 and 9 then 'Q2'
        when extract(month from {{ date_column }}) between 10 and 12 then 'Q3'
        when extract(month from {{ date_column }}) between 1 and 3 then 'Q4'
    end
{%- endmacro %}
