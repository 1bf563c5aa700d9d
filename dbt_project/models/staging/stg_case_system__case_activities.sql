-- Every version of every case activity, typed and coded.
with source as (
    select * from {{ source('case_system', 'case_activities') }}
),

parsed as (
    select
        source.*,
        {{ parse_uk_date('activity_date') }} as activity_date_parsed,
        {{ parse_uk_timestamp('last_modified') }} as last_modified_at
    from source
)

select
    trim(parsed.activity_id) as activity_id,
    nullif(trim(parsed.case_id), '') as case_id,
    parsed.activity_date_parsed as activity_date,
    nullif(trim(parsed.activity_date), '') as activity_date_text,
    {{ date_status('parsed.activity_date', 'parsed.activity_date_parsed') }} as activity_date_status,
    reason.category as reason,
    {{ is_unknown_code('parsed.reason', 'reason.category') }} as reason_code_unknown,
    nullif(trim(parsed.subtype), '') as subtype,
    method.category as method,
    {{ is_unknown_code('parsed.method', 'method.category') }} as method_code_unknown,
    parsed.last_modified_at,
    parsed._drop_date,
    parsed._file_sha256,
    parsed._row_number
from parsed
left join {{ category_lookup('reason') }} as reason
    on {{ normalised_code('parsed.reason') }} = reason.code_key
left join {{ category_lookup('method') }} as method
    on {{ normalised_code('parsed.method') }} = method.code_key
