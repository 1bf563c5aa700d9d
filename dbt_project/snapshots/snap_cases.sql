{% snapshot snap_cases %}
{{ config(schema='history', unique_key=['service', 'case_id'], strategy='timestamp', updated_at='last_modified_at') }}
{{ rewritten_since_last_snapshot(ref('int_cases__current')) }}
{% endsnapshot %}
