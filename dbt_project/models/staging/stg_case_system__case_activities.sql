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
),

dated as (
    -- The date's status once: the status, the reporting date and the financial year all read it.
    select parsed.*, {{ date_status('parsed.activity_date', 'parsed.activity_date_parsed') }} as activity_date_status
    from parsed
)

select
    dated._service as service,
    trim(dated.activity_id) as activity_id,
    nullif(trim(dated.case_id), '') as case_id,
    dated.activity_date_parsed as activity_date,
    nullif(trim(dated.activity_date), '') as activity_date_text,
    dated.activity_date_status,
    reason.category as reason,
    {{ unknown_code('dated.reason', 'reason.category') }} as reason_unknown_code,
    nullif(trim(dated.subtype), '') as subtype,
    method.category as method,
    {{ unknown_code('dated.method', 'method.category') }} as method_unknown_code,
    dated.last_modified_at,
    case when dated.activity_date_status = 'valid' then dated.activity_date_parsed else cast(dated.last_modified_at as date) end as reporting_date,
    -- The activity's financial year, here rather than in fct_case_activities: that mart is a view,
    -- which would compute the label on every read of ten million rows; staging computes it once
    -- per version loaded.
    {{ financial_year("case when dated.activity_date_status = 'valid' then dated.activity_date_parsed end") }} as financial_year,
    dated._drop_date,
    dated._file_sha256,
    {{ parse_inputs_fingerprint() }} as _parsed_with,
    dated._row_number
from dated
left join {{ category_lookup('reason') }} as reason
    on {{ normalised_code('dated.reason') }} = reason.code_key
left join {{ category_lookup('method') }} as method
    on {{ normalised_code('dated.method') }} = method.code_key
