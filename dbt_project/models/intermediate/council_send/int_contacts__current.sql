-- The current version of each contact (see the latest_version macro).
{{ latest_version(ref('stg_council_send__contacts'), 'contact_id') }}
