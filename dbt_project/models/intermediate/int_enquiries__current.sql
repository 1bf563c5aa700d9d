-- The current version of each record (latest_version), recomputed nightly only for the
-- records the new drops touched (see the current_state macro).
{{ current_state_config('enquiry_id') }}
{{ current_state(ref('stg_case_system__initial_enquiries'), 'enquiry_id') }}
