-- Every version of every EHC plan, typed and coded; Person ID becomes a keyed pseudonym.
with source as (
    select * from {{ source('council_send', 'ehc_plans') }}
),

parsed as (
    select
        source.*,
        {{ parse_uk_date('plan_start_date') }} as plan_start_date_parsed,
        {{ parse_uk_date('last_review_meeting_date') }} as last_review_meeting_date_parsed,
        {{ parse_uk_date('last_review_outcome_date') }} as last_review_outcome_date_parsed,
        {{ parse_uk_date('next_review_due_date') }} as next_review_due_date_parsed,
        {{ parse_uk_date('ceased_date') }} as ceased_date_parsed,
        {{ parse_uk_timestamp('last_modified') }} as last_modified_at
    from source
)

select
    trim(parsed.plan_id) as plan_id,
    person.pseudonym as person_key,
    nullif(trim(parsed.request_id), '') as request_id,
    coalesce(locality.category, 'Not recorded') as locality,
    {{ unknown_code('parsed.locality', 'locality.category') }} as locality_unknown_code,
    parsed.plan_start_date_parsed as plan_start_date,
    {{ date_status('parsed.plan_start_date', 'parsed.plan_start_date_parsed') }} as plan_start_date_status,
    parsed.last_review_meeting_date_parsed as last_review_meeting_date,
    {{ date_status('parsed.last_review_meeting_date', 'parsed.last_review_meeting_date_parsed') }} as last_review_meeting_date_status,
    parsed.last_review_outcome_date_parsed as last_review_outcome_date,
    {{ date_status('parsed.last_review_outcome_date', 'parsed.last_review_outcome_date_parsed') }} as last_review_outcome_date_status,
    parsed.next_review_due_date_parsed as next_review_due_date,
    {{ date_status('parsed.next_review_due_date', 'parsed.next_review_due_date_parsed') }} as next_review_due_date_status,
    parsed.ceased_date_parsed as ceased_date,
    {{ date_status('parsed.ceased_date', 'parsed.ceased_date_parsed') }} as ceased_date_status,
    cease_reason.category as cease_reason,
    nullif(upper(trim(parsed.provision_lead)), '') as provision_lead,
    parsed.last_modified_at,
    parsed._drop_date,
    parsed._file_sha256,
    parsed._row_number
from parsed
left join {{ category_lookup('council_locality') }} as locality
    on {{ normalised_code('parsed.locality') }} = locality.code_key
left join {{ category_lookup('cease_reason') }} as cease_reason
    on {{ normalised_code('parsed.cease_reason') }} = cease_reason.code_key
left join {{ source('council_send', 'pseudonyms') }} as person
    on person.identifier_type = 'person' and lower(trim(parsed.person_id)) = person.identifier_value
