-- Every version of every tribunal appeal, typed and coded; the tribunal team's locality is also
-- mapped to the district it names.
{{ staging_config() }}

with source as (
    select * from {{ source('case_system', 'tribunal_appeals') }} as raw_rows
    {{ only_unparsed_drops() }}
),

parsed as (
    select
        source.*,
        {{ parse_uk_date('registered_date') }} as registered_date_parsed,
        {{ parse_uk_date('hearing_date') }} as hearing_date_parsed,
        {{ parse_uk_date('decision_date') }} as decision_date_parsed,
        {{ parse_uk_timestamp('last_modified') }} as last_modified_at
    from source
)

select
    parsed._service as service,
    trim(parsed.appeal_id) as appeal_id,
    nullif(trim(parsed.case_id), '') as case_id,
    parsed.registered_date_parsed as registered_date,
    nullif(trim(parsed.registered_date), '') as registered_date_text,
    {{ date_status('parsed.registered_date', 'parsed.registered_date_parsed') }} as registered_date_status,
    locality.category as locality,
    {{ unknown_code('parsed.locality', 'locality.category') }} as locality_unknown_code,
    locality_district.district as district,
    appeal_type.category as appeal_type,
    {{ unknown_code('parsed.appeal_type', 'appeal_type.category') }} as appeal_type_unknown_code,
    parsed.hearing_date_parsed as hearing_date,
    {{ date_status('parsed.hearing_date', 'parsed.hearing_date_parsed') }} as hearing_date_status,
    decision.category as decision,
    {{ unknown_code('parsed.decision', 'decision.category') }} as decision_unknown_code,
    parsed.decision_date_parsed as decision_date,
    nullif(trim(parsed.decision_date), '') as decision_date_text,
    {{ date_status('parsed.decision_date', 'parsed.decision_date_parsed') }} as decision_date_status,
    parsed.last_modified_at,
    case when {{ date_status('parsed.registered_date', 'parsed.registered_date_parsed') }} = 'valid' then parsed.registered_date_parsed else cast(parsed.last_modified_at as date) end as reporting_date,
    parsed._drop_date,
    parsed._file_sha256,
    {{ parse_inputs_fingerprint() }} as _parsed_with,
    parsed._row_number
from parsed
left join {{ category_lookup('appeal_locality') }} as locality
    on {{ normalised_code('parsed.locality') }} = locality.code_key
left join {{ ref('appeal_localities') }} as locality_district
    on locality.category = locality_district.locality
left join {{ category_lookup('appeal_type') }} as appeal_type
    on {{ normalised_code('parsed.appeal_type') }} = appeal_type.code_key
left join {{ category_lookup('appeal_decision') }} as decision
    on {{ normalised_code('parsed.decision') }} = decision.code_key
