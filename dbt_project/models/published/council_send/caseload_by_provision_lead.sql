-- Plans in force as at the export date per Provision Lead and locality, with each lead's total
-- ('All localities') and each locality's ('All provision leads'); the charter quotes about 200
-- children per Provision Lead. financial_year is the export date's.
with plans as (
    select {{ financial_year(export_date()) }} as financial_year, coalesce(provision_lead, 'Not recorded') as provision_lead, locality
    from {{ ref('fct_ehc_plans') }}
    where is_in_force
),

counts as (
    select
        financial_year,
        coalesce(provision_lead, 'All provision leads') as provision_lead,
        coalesce(locality, 'All localities') as locality,
        count(*) as plans_in_force
    from plans
    group by grouping sets ((financial_year, provision_lead, locality), (financial_year, provision_lead), (financial_year, locality))
)

select
    counts.financial_year,
    counts.provision_lead,
    counts.locality,
    counts.plans_in_force,
    row_number() over (
        partition by counts.financial_year
        order by counts.provision_lead = 'All provision leads', counts.provision_lead,
                 counts.locality = 'All localities', coalesce(localities.sort_order, 99)
    ) as sort_order
from counts
left join {{ ref('contract_categories') }} as localities
    on localities.domain = 'council_locality' and localities.category = counts.locality
