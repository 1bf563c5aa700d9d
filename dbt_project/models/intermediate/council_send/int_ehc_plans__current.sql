-- The current version of each plan (see the latest_version macro).
{{ latest_version(ref('stg_council_send__ehc_plans'), 'plan_id') }}
