-- Every financial year present in the exports as at the export date, with the date its figures
-- stand at: 31 March for a closed year, the export date for the current one.
with years as (
    select financial_year from {{ ref('fct_enquiries') }}
    union select financial_year from {{ ref('fct_cases') }}
    union select financial_year from {{ ref('fct_case_activities') }}
    union select financial_year from {{ ref('fct_tribunal_appeals') }}
    union select financial_year from {{ ref('fct_feedback') }}
),

bounded as (
    select
        financial_year,
        cast(left(financial_year, 4) || '-04-01' as date) as starts_on,
        cast(cast(cast(left(financial_year, 4) as integer) + 1 as varchar) || '-03-31' as date) as ends_on
    from years
    where financial_year is not null
)

select
    financial_year,
    starts_on,
    ends_on,
    least(ends_on, {{ export_date() }}) as figures_as_at,
    ends_on <= {{ export_date() }} as is_closed
from bounded
where starts_on <= {{ export_date() }}
