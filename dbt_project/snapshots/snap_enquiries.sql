{% snapshot snap_enquiries %}
{{ config(schema='history', unique_key=['service', 'enquiry_id'], strategy='timestamp', updated_at='last_modified_at') }}
{{ rewritten_since_last_snapshot(ref('int_enquiries__current')) }}
{% endsnapshot %}
