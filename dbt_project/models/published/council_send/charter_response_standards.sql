-- The charter's response standards by financial year, month received, locality ('Central teams'
-- for contacts with none) and channel: contacts, met, not met, still pending within their
-- standard, incorrect dates, and the rate met of those decided (met + not met). A complex letter
-- is measured against its own standard (acknowledged within 7 working days), so letters publish
-- as two rows. Only combinations with contacts are published.
with contacts as (
    select * from {{ ref('fct_contacts') }}
    where standard_status <> 'Not measured'
),

counts as (
    select
        financial_year,
        received_month as month,
        locality,
        channel,
        standard,
        count(*) as contacts,
        count(case when standard_status = 'Met' then 1 end) as met,
        count(case when standard_status = 'Not met' then 1 end) as not_met,
        count(case when standard_status = 'Pending' then 1 end) as pending,
        count(case when standard_status = 'Incorrect dates' then 1 end) as incorrect_dates
    from contacts
    group by financial_year, received_month, locality, channel, standard
)

select
    counts.financial_year,
    counts.month,
    counts.locality,
    counts.channel,
    counts.standard,
    counts.contacts,
    counts.met,
    counts.not_met,
    counts.pending,
    counts.incorrect_dates,
    {{ pct('counts.met', 'counts.met + counts.not_met') }} as pct_met,
    row_number() over (
        partition by counts.financial_year
        order by counts.month, coalesce(localities.sort_order, 0), channels.sort_order, counts.standard
    ) as sort_order
from counts
left join {{ ref('contract_categories') }} as localities
    on localities.domain = 'council_locality' and localities.category = counts.locality
left join {{ ref('contract_categories') }} as channels
    on channels.domain = 'contact_channel' and channels.category = counts.channel
