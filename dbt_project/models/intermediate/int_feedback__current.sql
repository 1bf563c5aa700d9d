-- The current version of each record (see the latest_version macro).
{{ latest_version(ref('stg_case_system__feedback'), 'response_id', by_service=true) }}
