-- Every version of every contact in the charter's log, typed and coded. An empty locality is a
-- central team's contact (complaints, FOI and subject access requests are answered centrally); a
-- locality that is not a contract code is 'Not recorded' (and flagged).
with source as (
    select * from {{ source('council_send', 'contacts') }}
),

parsed as (
    select
        source.*,
        {{ parse_uk_timestamp('received') }} as received_at_parsed,
        {{ parse_uk_date('acknowledged_date') }} as acknowledged_date_parsed,
        {{ parse_uk_date('responded_date') }} as responded_date_parsed,
        {{ parse_uk_timestamp('last_modified') }} as last_modified_at
    from source
)

select
    trim(parsed.contact_id) as contact_id,
    parsed.received_at_parsed as received_at,
    cast(parsed.received_at_parsed as date) as received_date,
    {{ date_status('parsed.received', 'parsed.received_at_parsed') }} as received_date_status,
    channel.category as channel,
    {{ unknown_code('parsed.channel', 'channel.category') }} as channel_unknown_code,
    case when nullif(trim(parsed.locality), '') is null then 'Central teams' else coalesce(locality.category, 'Not recorded') end as locality,
    {{ unknown_code('parsed.locality', 'locality.category') }} as locality_unknown_code,
    nullif(upper(trim(parsed.staff_code)), '') as staff_code,
    coalesce(complex.category = 'Yes', false) as is_complex,
    parsed.acknowledged_date_parsed as acknowledged_date,
    {{ date_status('parsed.acknowledged_date', 'parsed.acknowledged_date_parsed') }} as acknowledged_date_status,
    parsed.responded_date_parsed as responded_date,
    {{ date_status('parsed.responded_date', 'parsed.responded_date_parsed') }} as responded_date_status,
    parsed.last_modified_at,
    parsed._drop_date,
    parsed._file_sha256,
    parsed._row_number
from parsed
left join {{ category_lookup('contact_channel') }} as channel
    on {{ normalised_code('parsed.channel') }} = channel.code_key
left join {{ category_lookup('council_locality') }} as locality
    on {{ normalised_code('parsed.locality') }} = locality.code_key
left join {{ category_lookup('yes_no') }} as complex
    on {{ normalised_code('parsed.complex') }} = complex.code_key
