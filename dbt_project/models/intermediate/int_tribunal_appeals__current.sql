-- The current version of each record (see the latest_version macro).
{{ latest_version(ref('stg_case_system__tribunal_appeals'), 'appeal_id', by_service=true) }}
