-- The current version of each record (see the latest_version macro).
{{ latest_version(ref('stg_case_system__case_activities'), 'activity_id', by_service=true) }}
