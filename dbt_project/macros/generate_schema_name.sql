{#- Schemas are named as configured (staging, marts, published, ...), not prefixed with the
    target schema, so the insight service reads marts.fct_enquiries on every target. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name | trim if custom_schema_name else target.schema }}
{%- endmacro %}
