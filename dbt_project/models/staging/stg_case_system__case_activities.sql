-- Every version of every case activity, typed and coded.
{{ staging_config() }}

with source as (
    select * from {{ source('case_system', 'case_activities') }} as raw_rows
    {{ only_unparsed_drops() }}
),

parsed as (
    select
        source.*,
        {{ parse_uk_date('activity_date') }} as activity_date_parsed,
        {{ parse_uk_timestamp('last_modified') }} as last_modified_at
    from source
)

select
    parsed._service as service,
    trim(parsed.activity_id) as activity_id,
    nullif(trim(parsed.case_id), '') as case_id,
    parsed.activity_date_parsed as activity_date,
    nullif(trim(parsed.activity_date), '') as activity_date_text,
    {{ date_status('parsed.activity_date', 'parsed.activity_date_parsed') }} as activity_date_status,
    reason.category as reason,
    {{ unknown_code('parsed.reason', 'reason.category') }} as reason_unknown_code,
    nullif(trim(parsed.subtype), '') as subtype,
    method.category as method,
    {{ unknown_code('parsed.method', 'method.category') }} as method_unknown_code,
    parsed.last_modified_at,
    case when {{ date_status('parsed.activity_date', 'parsed.activity_date_parsed') }} = 'valid' then parsed.activity_date_parsed else cast(parsed.last_modified_at as date) end as reporting_date,
    -- The activity's financial year, here rather than in fct_case_activities: that mart is a view,
    -- which would compute the label on every read of ten million rows; staging computes it once
    -- per version loaded.
    {{ financial_year("case when " ~ date_status('parsed.activity_date', 'parsed.activity_date_parsed') ~ " = 'valid' then parsed.activity_date_parsed end") }} as financial_year,
    parsed._drop_date,
    parsed._file_sha256,
    parsed._row_number
from parsed
left join {{ category_lookup('reason') }} as reason
    on {{ normalised_code('parsed.reason') }} = reason.code_key
left join {{ category_lookup('method') }} as method
    on {{ normalised_code('parsed.method') }} = method.code_key
