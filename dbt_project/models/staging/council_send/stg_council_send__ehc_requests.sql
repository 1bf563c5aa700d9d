-- Every version of every request for an EHC needs assessment, typed and coded. The child's name,
-- date of birth, postcode, NHS number and UPN are dropped here; Person ID becomes a keyed pseudonym.
with source as (
    select * from {{ source('council_send', 'ehc_requests') }}
),

parsed as (
    select
        source.*,
        {{ parse_uk_date('request_received_date') }} as received_date_parsed,
        {{ parse_uk_date('decision_date') }} as decision_date_parsed,
        {{ parse_uk_date('outcome_date') }} as outcome_date_parsed,
        {{ parse_uk_date('draft_plan_date') }} as draft_plan_date_parsed,
        {{ parse_uk_timestamp('last_modified') }} as last_modified_at
    from source
)

select
    trim(parsed.request_id) as request_id,
    person.pseudonym as person_key,
    coalesce(locality.category, 'Not recorded') as locality,
    {{ unknown_code('parsed.locality', 'locality.category') }} as locality_unknown_code,
    parsed.received_date_parsed as received_date,
    nullif(trim(parsed.request_received_date), '') as received_date_text,
    {{ date_status('parsed.request_received_date', 'parsed.received_date_parsed') }} as received_date_status,
    request_source.category as request_source,
    coalesce(decision.category, 'Pending') as decision,
    {{ unknown_code('parsed.decision', 'decision.category') }} as decision_unknown_code,
    parsed.decision_date_parsed as decision_date,
    nullif(trim(parsed.decision_date), '') as decision_date_text,
    {{ date_status('parsed.decision_date', 'parsed.decision_date_parsed') }} as decision_date_status,
    coalesce(outcome.category, 'Pending') as outcome,
    {{ unknown_code('parsed.outcome', 'outcome.category') }} as outcome_unknown_code,
    parsed.outcome_date_parsed as outcome_date,
    nullif(trim(parsed.outcome_date), '') as outcome_date_text,
    {{ date_status('parsed.outcome_date', 'parsed.outcome_date_parsed') }} as outcome_date_status,
    parsed.draft_plan_date_parsed as draft_plan_date,
    coalesce(exception.category = 'Yes', false) as has_exception,
    coalesce(mediation.category = 'Yes', false) as went_to_mediation,
    coalesce(tribunal.category = 'Yes', false) as went_to_tribunal,
    nullif(trim(parsed.primary_need), '') as primary_need,
    nullif(upper(trim(parsed.provision_lead)), '') as provision_lead,
    parsed.last_modified_at,
    parsed._drop_date,
    parsed._file_sha256,
    parsed._row_number
from parsed
left join {{ category_lookup('council_locality') }} as locality
    on {{ normalised_code('parsed.locality') }} = locality.code_key
left join {{ category_lookup('ehc_request_source') }} as request_source
    on {{ normalised_code('parsed.request_source') }} = request_source.code_key
left join {{ category_lookup('ehc_decision') }} as decision
    on {{ normalised_code('parsed.decision') }} = decision.code_key
left join {{ category_lookup('ehc_outcome') }} as outcome
    on {{ normalised_code('parsed.outcome') }} = outcome.code_key
left join {{ category_lookup('yes_no') }} as exception
    on {{ normalised_code('parsed.exception') }} = exception.code_key
left join {{ category_lookup('yes_no') }} as mediation
    on {{ normalised_code('parsed.mediation') }} = mediation.code_key
left join {{ category_lookup('yes_no') }} as tribunal
    on {{ normalised_code('parsed.tribunal') }} = tribunal.code_key
left join {{ source('council_send', 'pseudonyms') }} as person
    on person.identifier_type = 'person' and lower(trim(parsed.person_id)) = person.identifier_value
