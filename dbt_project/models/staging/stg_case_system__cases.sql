-- Every version of every case. The child's name, date of birth and NHS number are dropped here:
-- the date of birth becomes an age band at referral, the NHS number and Family ID keyed pseudonyms.
{{ staging_config() }}

with source as (
    select * from {{ source('case_system', 'cases') }} as raw_rows
    {{ only_unparsed_drops() }}
),

parsed as (
    select
        source.*,
        {{ parse_uk_date('referral_date') }} as referral_date_parsed,
        {{ parse_uk_date('closed_date') }} as closed_date_parsed,
        {{ parse_uk_date('child_date_of_birth') }} as child_dob_parsed,
        {{ parse_uk_timestamp('last_modified') }} as last_modified_at
    from source
),

aged as (
    select
        parsed.*,
        case
            when child_dob_parsed is null or referral_date_parsed is null or child_dob_parsed > referral_date_parsed then null
            else cast(extract(year from referral_date_parsed) as integer) - cast(extract(year from child_dob_parsed) as integer)
                - case when extract(month from referral_date_parsed) * 100 + extract(day from referral_date_parsed)
                          < extract(month from child_dob_parsed) * 100 + extract(day from child_dob_parsed) then 1 else 0 end
        end as age_at_referral
    from parsed
)

select
    aged._service as service,
    trim(aged.case_id) as case_id,
    nullif(trim(aged.enquiry_id), '') as enquiry_id,
    family.pseudonym as family_key,
    child.pseudonym as child_key,
    aged.referral_date_parsed as referral_date,
    nullif(trim(aged.referral_date), '') as referral_date_text,
    {{ date_status('aged.referral_date', 'aged.referral_date_parsed') }} as referral_date_status,
    district.district as district,
    {{ unknown_code('aged.district', 'district.district') }} as district_unknown_code,
    nullif(trim(aged.district), '') as district_text,
    referral_status.category as referral_status,
    {{ unknown_code('aged.referral_status', 'referral_status.category') }} as referral_status_unknown_code,
    intervention_level.category as intervention_level,
    {{ unknown_code('aged.intervention_level', 'intervention_level.category') }} as intervention_level_unknown_code,
    aged.closed_date_parsed as closed_date,
    nullif(trim(aged.closed_date), '') as closed_date_text,
    {{ date_status('aged.closed_date', 'aged.closed_date_parsed') }} as closed_date_status,
    nullif(trim(aged.school_name), '') as school_name,
    case
        when aged.age_at_referral is null then 'Unknown'
        when aged.age_at_referral < 5 then '0-4'
        when aged.age_at_referral < 11 then '5-10'
        when aged.age_at_referral < 16 then '11-15'
        when aged.age_at_referral < 20 then '16-19'
        when aged.age_at_referral <= 25 then '20-25'
        else 'Over 25'
    end as age_band,
    main_need.category as main_need,
    {{ unknown_code('aged.main_need', 'main_need.category') }} as main_need_unknown_code,
    risk_rating.category as risk_rating,
    {{ unknown_code('aged.risk_rating', 'risk_rating.category') }} as risk_rating_unknown_code,
    nullif(trim(aged.recorded_by), '') as recorded_by,
    aged.last_modified_at,
    case when {{ date_status('aged.referral_date', 'aged.referral_date_parsed') }} = 'valid' then aged.referral_date_parsed else cast(aged.last_modified_at as date) end as reporting_date,
    aged._drop_date,
    aged._file_sha256,
    {{ parse_inputs_fingerprint() }} as _parsed_with,
    aged._row_number
from aged
left join {{ ref('district_spellings') }} as district
    on lower(regexp_replace(trim(aged.district), '\s+', ' ', 'g')) = district.spelling
left join {{ category_lookup('referral_status') }} as referral_status
    on {{ normalised_code('aged.referral_status') }} = referral_status.code_key
left join {{ category_lookup('intervention_level') }} as intervention_level
    on {{ normalised_code('aged.intervention_level') }} = intervention_level.code_key
left join {{ category_lookup('main_need') }} as main_need
    on {{ normalised_code('aged.main_need') }} = main_need.code_key
left join {{ category_lookup('risk_rating') }} as risk_rating
    on {{ normalised_code('aged.risk_rating') }} = risk_rating.code_key
left join {{ source('case_system', 'pseudonyms') }} as family
    on family.identifier_type = 'family' and lower(trim(aged.family_id)) = family.identifier_value
left join {{ source('case_system', 'pseudonyms') }} as child
    on child.identifier_type = 'child' and lower(trim(aged.nhs_number)) = child.identifier_value
