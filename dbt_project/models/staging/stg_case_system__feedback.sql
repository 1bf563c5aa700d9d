-- Every version of every survey response, typed and coded.
with source as (
    select * from {{ source('case_system', 'feedback') }}
),

parsed as (
    select
        source.*,
        {{ parse_uk_date('submitted_date') }} as submitted_date_parsed,
        {{ parse_uk_timestamp('last_modified') }} as last_modified_at
    from source
)

select
    trim(parsed.response_id) as response_id,
    survey.category as survey,
    {{ is_unknown_code('parsed.survey', 'survey.category') }} as survey_code_unknown,
    nullif(trim(parsed.case_id), '') as about_id,
    case
        when upper(trim(parsed.case_id)) like 'CA%' then 'case'
        when upper(trim(parsed.case_id)) like 'IE%' then 'enquiry'
    end as about_type,
    parsed.submitted_date_parsed as submitted_date,
    nullif(trim(parsed.submitted_date), '') as submitted_date_text,
    {{ date_status('parsed.submitted_date', 'parsed.submitted_date_parsed') }} as submitted_date_status,
    case when trim(parsed.effectiveness) in ('1', '2', '3', '4', '5') then cast(trim(parsed.effectiveness) as integer) end as effectiveness,
    (nullif(trim(parsed.effectiveness), '') is not null and trim(parsed.effectiveness) not in ('1', '2', '3', '4', '5')) as effectiveness_code_unknown,
    recommend.category as recommend,
    {{ is_unknown_code('parsed.recommend', 'recommend.category') }} as recommend_code_unknown,
    helpful.category as helpful,
    {{ is_unknown_code('parsed.helpful', 'helpful.category') }} as helpful_code_unknown,
    parsed.last_modified_at,
    parsed._drop_date,
    parsed._file_sha256,
    parsed._row_number
from parsed
left join {{ category_lookup('survey') }} as survey
    on {{ normalised_code('parsed.survey') }} = survey.code_key
left join {{ category_lookup('agreement') }} as recommend
    on {{ normalised_code('parsed.recommend') }} = recommend.code_key
left join {{ category_lookup('agreement') }} as helpful
    on {{ normalised_code('parsed.helpful') }} = helpful.code_key
