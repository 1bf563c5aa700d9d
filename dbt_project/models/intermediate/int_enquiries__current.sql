-- The current version of each record (see the latest_version macro).
{{ latest_version(ref('stg_case_system__initial_enquiries'), 'enquiry_id', by_service=true) }}
