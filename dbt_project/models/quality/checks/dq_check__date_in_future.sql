-- DQ05 date_in_future: a date after the export date the record came in (often a mistyped year).
{%- set dated = [
    ('stg_case_system__initial_enquiries', 'enquiry', 'enquiry_id', 'case_id', 'recorded_by', 'Date', 'enquiry_date'),
    ('stg_case_system__cases', 'case', 'case_id', 'case_id', 'recorded_by', 'Referral Date', 'referral_date'),
    ('stg_case_system__cases', 'case', 'case_id', 'case_id', 'recorded_by', 'Closed Date', 'closed_date'),
    ('stg_case_system__case_activities', 'case_activity', 'activity_id', 'case_id', 'null', 'Activity Date', 'activity_date'),
    ('stg_case_system__tribunal_appeals', 'tribunal_appeal', 'appeal_id', 'case_id', 'null', 'Registered Date', 'registered_date'),
    ('stg_case_system__tribunal_appeals', 'tribunal_appeal', 'appeal_id', 'case_id', 'null', 'Decision Date', 'decision_date'),
    ('stg_case_system__feedback', 'feedback', 'response_id', 'null', 'null', 'Submitted Date', 'submitted_date'),
] %}
{{ dq_date_status_findings('date_in_future', 'future', dated) }}
