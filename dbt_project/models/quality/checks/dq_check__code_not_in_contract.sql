-- DQ11 code_not_in_contract: a coded field holds a value outside the contract's list (shown as
-- written: codes are not personal data).
{%- set coded = [
    ('stg_case_system__initial_enquiries', 'enquiry', 'enquiry_id', 'case_id', 'recorded_by',
        [('Reason for Contact', 'reason_unknown_code'), ('Method of Access', 'method_unknown_code'),
         ('Relationship', 'relationship_unknown_code'), ('District', 'district_unknown_code'),
         ('Enquiry Status', 'enquiry_status_unknown_code')]),
    ('stg_case_system__cases', 'case', 'case_id', 'case_id', 'recorded_by',
        [('District', 'district_unknown_code'), ('Referral Status', 'referral_status_unknown_code'),
         ('Intervention Level', 'intervention_level_unknown_code'), ('Main Need', 'main_need_unknown_code'),
         ('Risk Rating', 'risk_rating_unknown_code')]),
    ('stg_case_system__case_activities', 'case_activity', 'activity_id', 'case_id', 'null',
        [('Reason', 'reason_unknown_code'), ('Method', 'method_unknown_code')]),
    ('stg_case_system__tribunal_appeals', 'tribunal_appeal', 'appeal_id', 'case_id', 'null',
        [('Locality', 'locality_unknown_code'), ('Appeal Type', 'appeal_type_unknown_code'), ('Decision', 'decision_unknown_code')]),
    ('stg_case_system__feedback', 'feedback', 'response_id', 'null', 'null',
        [('Survey', 'survey_unknown_code'), ('Effectiveness', 'effectiveness_unknown_code'),
         ('Recommend', 'recommend_unknown_code'), ('Helpful', 'helpful_unknown_code')]),
] %}
{%- for model, record_type, key, case_key, recorded_by, fields in coded %}
{%- for field, column in fields %}
select
    service, 'code_not_in_contract' as check_name, '{{ record_type }}' as record_type, {{ key }} as record_id,
    cast({{ case_key }} as varchar) as case_id, '{{ field }}' as field, {{ column }} as offending_value,
    cast({{ recorded_by }} as varchar) as recorded_by, reporting_date, _drop_date as drop_date
from {{ ref(model) }}
where _drop_date <= {{ export_date() }} and {{ column }} is not null
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
