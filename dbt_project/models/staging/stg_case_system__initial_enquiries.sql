-- Every version of every enquiry, typed and coded; contact name, email and postcode are dropped
-- here (the email becomes a keyed pseudonym, to follow repeat contacts).
{{ staging_config() }}

with source as (
    select * from {{ source('case_system', 'initial_enquiries') }} as raw_rows
    {{ only_unparsed_drops() }}
),

parsed as (
    select
        source.*,
        {{ parse_uk_date('date') }} as enquiry_date_parsed,
        {{ parse_uk_date('initial_response_date') }} as response_date_parsed,
        {{ parse_uk_timestamp('last_modified') }} as last_modified_at
    from source
)

select
    parsed._service as service,
    trim(parsed.enquiry_id) as enquiry_id,
    parsed.enquiry_date_parsed as enquiry_date,
    nullif(trim(parsed.date), '') as enquiry_date_text,
    {{ date_status('parsed.date', 'parsed.enquiry_date_parsed') }} as enquiry_date_status,
    parsed.response_date_parsed as response_date,
    nullif(trim(parsed.initial_response_date), '') as response_date_text,
    {{ date_status('parsed.initial_response_date', 'parsed.response_date_parsed') }} as response_date_status,
    reason.category as reason,
    {{ unknown_code('parsed.reason_for_contact', 'reason.category') }} as reason_unknown_code,
    nullif(trim(parsed.reason_subtype), '') as reason_subtype,
    method.category as method,
    {{ unknown_code('parsed.method_of_access', 'method.category') }} as method_unknown_code,
    service_user.category as service_user,
    {{ unknown_code('parsed.relationship', 'service_user.category') }} as relationship_unknown_code,
    district.district as district,
    {{ unknown_code('parsed.district', 'district.district') }} as district_unknown_code,
    nullif(trim(parsed.district), '') as district_text,
    enquiry_status.category as enquiry_status,
    {{ unknown_code('parsed.enquiry_status', 'enquiry_status.category') }} as enquiry_status_unknown_code,
    nullif(trim(parsed.case_id), '') as case_id,
    contact.pseudonym as contact_key,
    nullif(trim(parsed.recorded_by), '') as recorded_by,
    parsed.last_modified_at,
    case when {{ date_status('parsed.date', 'parsed.enquiry_date_parsed') }} = 'valid' then parsed.enquiry_date_parsed else cast(parsed.last_modified_at as date) end as reporting_date,
    parsed._drop_date,
    parsed._file_sha256,
    {{ parse_inputs_fingerprint() }} as _parsed_with,
    parsed._row_number
from parsed
left join {{ category_lookup('reason') }} as reason
    on {{ normalised_code('parsed.reason_for_contact') }} = reason.code_key
left join {{ category_lookup('method') }} as method
    on {{ normalised_code('parsed.method_of_access') }} = method.code_key
left join {{ category_lookup('service_user') }} as service_user
    on {{ normalised_code('parsed.relationship') }} = service_user.code_key
left join {{ category_lookup('enquiry_status') }} as enquiry_status
    on {{ normalised_code('parsed.enquiry_status') }} = enquiry_status.code_key
left join {{ ref('district_spellings') }} as district
    on lower(regexp_replace(trim(parsed.district), '\s+', ' ', 'g')) = district.spelling
left join {{ source('case_system', 'pseudonyms') }} as contact
    on contact.identifier_type = 'contact' and lower(trim(parsed.contact_email)) = contact.identifier_value
