{#- Code lists come from the contract_categories seed. A value is matched ignoring case and outer
    spaces; anything else is not a contract code (flagged, and counted under the empty label). -#}
{% macro category_lookup(domain) -%}
    (select category, lower(category) as code_key
     from {{ ref('contract_categories') }}
     where domain = '{{ domain }}' and not is_empty_label)
{%- endmacro %}

{% macro normalised_code(column) -%}
    lower(trim({{ column }}))
{%- endmacro %}

{#- The value as written when it is not empty and not a contract code, else null. -#}
{% macro unknown_code(raw_column, matched_column) -%}
    case when nullif(trim({{ raw_column }}), '') is not null and {{ matched_column }} is null then trim({{ raw_column }}) end
{%- endmacro %}

{#- Every (service, financial year, category), so empty categories publish as 0. -#}
{% macro category_grid(domain) -%}
    (select services.service, fy.financial_year, c.category, c.sort_order
     from {{ ref('dim_services') }} as services
     cross join {{ ref('dim_financial_years') }} as fy
     cross join {{ ref('contract_categories') }} as c
     where c.domain = '{{ domain }}')
{%- endmacro %}

{#- Every (service, financial year): the rows of a table without categories. -#}
{% macro service_years() -%}
    (select services.service, fy.financial_year
     from {{ ref('dim_services') }} as services
     cross join {{ ref('dim_financial_years') }} as fy)
{%- endmacro %}

{#- Every (financial year of `years_cte`, council locality) pair plus an 'All localities' row per
    year, so empty localities publish as 0 (the council SEND tables). -#}
{% macro council_locality_grid(years_cte) -%}
    (select years.financial_year, localities.category as locality, localities.sort_order
     from (select distinct financial_year from {{ years_cte }}) as years
     cross join (
         select category, sort_order from {{ ref('contract_categories') }} where domain = 'council_locality'
         union all select 'All localities', 99
     ) as localities)
{%- endmacro %}

{#- Percent of a total, one decimal place; null when the total is 0. -#}
{% macro pct(numerator, denominator) -%}
    cast(round(100.0 * {{ numerator }} / nullif({{ denominator }}, 0), 1) as decimal(5, 1))
{%- endmacro %}

{#- Enquiries per (service, financial year, category of `column`), every category of the domain of
    the same name present with 0: the one-way tables (3a reason, 3c method, 3d service user, 3g status). -#}
{% macro enquiry_counts_by(column) -%}
    with counts as (
        select service, financial_year, {{ column }}, count(*) as enquiries
        from {{ ref('fct_enquiries') }}
        where {{ in_open_year() }}
        group by service, financial_year, {{ column }}
    )

    select
        grid.service,
        grid.financial_year,
        grid.category as {{ column }},
        coalesce(counts.enquiries, 0) as enquiries,
        grid.sort_order
    from {{ category_grid(column) }} as grid
    left join counts
        on counts.service = grid.service and counts.financial_year = grid.financial_year
        and counts.{{ column }} = grid.category
{%- endmacro %}

{#- Cumulative percentage of the year's total, in band order (response time tables). -#}
{% macro cumulative_pct_of_year(count_column) -%}
    {{ pct('sum(' ~ count_column ~ ') over (partition by service, financial_year order by sort_order rows between unbounded preceding and current row)',
           'sum(' ~ count_column ~ ') over (partition by service, financial_year)') }}
{%- endmacro %}
