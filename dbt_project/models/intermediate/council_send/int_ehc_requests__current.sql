-- The current version of each request (see the latest_version macro).
{{ latest_version(ref('stg_council_send__ehc_requests'), 'request_id') }}
