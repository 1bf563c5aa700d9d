{% snapshot snap_tribunal_appeals %}
{{ config(schema='history', unique_key=['service', 'appeal_id'], strategy='timestamp', updated_at='last_modified_at') }}
{{ rewritten_since_last_snapshot(ref('int_tribunal_appeals__current')) }}
{% endsnapshot %}
