{#- Date handling in one place: exports write dd/mm/yyyy, and a bad date must become null plus a
    flag, never a crash. -#}

{#- The export date the tables are built as at. The pipeline passes it in SENDPIPE_EXPORT_DATE
    (sendpipe.dbt_build); dbt run by hand takes `--vars '{export_date: ...}'` when that is not set.
    It is read only when the SQL runs, never while dbt parses: vars and the environment variables a
    file reads at parse time are what partial parsing compares, so a new date each night made every
    nightly build parse the whole project again. -#}
{% macro export_date() -%}
    cast('{{ env_var("SENDPIPE_EXPORT_DATE", var("export_date")) if execute else var("export_date") }}' as date)
{%- endmacro %}

{% macro parse_uk_date(column) -%}
    {{ return(adapter.dispatch('parse_uk_date', 'sendpipe')(column)) }}
{%- endmacro %}

{% macro default__parse_uk_date(column) -%}
    cast(try_strptime(nullif(trim({{ column }}), ''), '%d/%m/%Y') as date)
{%- endmacro %}

{% macro postgres__parse_uk_date(column) -%}
    {{ target.schema }}.sendpipe_try_uk_date(nullif(trim({{ column }}), ''))
{%- endmacro %}

{% macro parse_uk_timestamp(column) -%}
    {{ return(adapter.dispatch('parse_uk_timestamp', 'sendpipe')(column)) }}
{%- endmacro %}

{% macro default__parse_uk_timestamp(column) -%}
    try_strptime(nullif(trim({{ column }}), ''), '%d/%m/%Y %H:%M')
{%- endmacro %}

{% macro postgres__parse_uk_timestamp(column) -%}
    {{ target.schema }}.sendpipe_try_uk_timestamp(nullif(trim({{ column }}), ''))
{%- endmacro %}

{#- Postgres has no try_strptime: these functions parse dd/mm/yyyy [HH:MM] and return null for
    anything that is not a real date, as DuckDB's try_strptime does. Created by on-run-start. -#}
{% macro create_date_parsers() -%}
{%- if target.type == 'postgres' %}
create or replace function {{ target.schema }}.sendpipe_try_uk_date(value text) returns date
language plpgsql immutable as $fn$
declare parts text[];
begin
    parts := regexp_match(value, '^(\d{1,2})/(\d{1,2})/(\d{4})$');
    if parts is null then return null; end if;
    return make_date(parts[3]::int, parts[2]::int, parts[1]::int);
exception when others then return null;
end $fn$;
create or replace function {{ target.schema }}.sendpipe_try_uk_timestamp(value text) returns timestamp
language plpgsql immutable as $fn$
declare parts text[];
begin
    parts := regexp_match(value, '^(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2})$');
    if parts is null then return null; end if;
    return make_timestamp(parts[3]::int, parts[2]::int, parts[1]::int, parts[4]::int, parts[5]::int, 0);
exception when others then return null;
end $fn$;
{%- else %}
select 1
{%- endif %}
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
    case when {{ date_column }} is null then null else {{ financial_year_label(fy_first_year(date_column)) }} end
{%- endmacro %}

{#- The label of the financial year that starts in the given calendar year: 2023 -> '2023-24'. A
    model that counts many rows by year groups them by fy_first_year and labels the groups: the
    label is a new string per row, which for ten million records costs most of a count. -#}
{% macro financial_year_label(first_year) -%}
    cast({{ first_year }} as varchar) || '-' || right(cast({{ first_year }} + 1 as varchar), 2)
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

{#- One row per calendar day with a running count of working days (Monday to Friday, not an
    England and Wales bank holiday from `holidays_relation`). The working days between D0 and D1
    (D0 < d <= D1) are working_day_index(D1) - working_day_index(D0), which gives 0 for the same
    day and 1 for Friday -> Monday or Saturday -> Monday. -#}
{% macro working_day_calendar(holidays_relation) -%}
with days as (
    select cast(day as date) as calendar_date
    from generate_series(cast('2010-01-01' as date), cast('2040-12-31' as date), interval '1 day') as spine(day)
),

flagged as (
    select
        days.calendar_date,
        extract(isodow from days.calendar_date) <= 5 and holidays.holiday_date is null as is_working_day,
        holidays.holiday_name
    from days
    left join {{ holidays_relation }} as holidays
        on holidays.holiday_date = days.calendar_date
)

select
    calendar_date,
    is_working_day,
    holiday_name,
    sum(case when is_working_day then 1 else 0 end) over (order by calendar_date rows between unbounded preceding and current row) as working_day_index
from flagged
{%- endmacro %}
