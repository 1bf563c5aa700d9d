-- Every version of every survey response, typed and coded.
{{ staging_config() }}

with source as (
    select * from {{ source('case_system', 'feedback') }} as raw_rows
    {{ only_unparsed_drops() }}
),

parsed as (
    select
        source.*,
        {{ parse_uk_date('submitted_date') }} as submitted_date_parsed,
        {{ parse_uk_timestamp('last_modified') }} as last_modified_at
    from source
)

select
    parsed._service as service,
    trim(parsed.response_id) as response_id,
    survey.category as survey,
    {{ unknown_code('parsed.survey', 'survey.category') }} as survey_unknown_code,
    nullif(trim(parsed.case_id), '') as about_id,
    case
        when upper(trim(parsed.case_id)) like 'CA%' then 'case'
        when upper(trim(parsed.case_id)) like 'IE%' then 'enquiry'
    end as about_type,
    parsed.submitted_date_parsed as submitted_date,
    nullif(trim(parsed.submitted_date), '') as submitted_date_text,
    {{ date_status('parsed.submitted_date', 'parsed.submitted_date_parsed') }} as submitted_date_status,
    case when trim(parsed.effectiveness) in ('1', '2', '3', '4', '5') then cast(trim(parsed.effectiveness) as integer) end as effectiveness,
    case when nullif(trim(parsed.effectiveness), '') is not null and trim(parsed.effectiveness) not in ('1', '2', '3', '4', '5') then trim(parsed.effectiveness) end as effectiveness_unknown_code,
    recommend.category as recommend,
    {{ unknown_code('parsed.recommend', 'recommend.category') }} as recommend_unknown_code,
    helpful.category as helpful,
    {{ unknown_code('parsed.helpful', 'helpful.category') }} as helpful_unknown_code,
    parsed.last_modified_at,
    case when {{ date_status('parsed.submitted_date', 'parsed.submitted_date_parsed') }} = 'valid' then parsed.submitted_date_parsed else cast(parsed.last_modified_at as date) end as reporting_date,
    parsed._drop_date,
    parsed._file_sha256,
    {{ parse_inputs_fingerprint() }} as _parsed_with,
    parsed._row_number
from parsed
left join {{ category_lookup('survey') }} as survey
    on {{ normalised_code('parsed.survey') }} = survey.code_key
left join {{ category_lookup('agreement') }} as recommend
    on {{ normalised_code('parsed.recommend') }} = recommend.code_key
left join {{ category_lookup('agreement') }} as helpful
    on {{ normalised_code('parsed.helpful') }} = helpful.code_key
