-- One row per data-quality issue (check, record, field) as at the export date: first and last
-- seen, the latest finding and the night it was fixed (null while open). Derived from every drop's
-- findings, so rebuilding any night gives the same history.
--
-- Incremental: a night takes its new drops' findings and records on top of the issues as at the
-- night before (dq_issue_spans in macros/quality.sql), rather than going over ten years of
-- findings and record versions again. When that is not possible (an earlier night rebuilt, an
-- earlier drop re-delivered, a new service's history loaded, the code lists or pseudonym key
-- changed so staging parsed every drop again) it is rebuilt whole: the pre-hook
-- empties it first. `--full-refresh` gives the same rows; only the bookkeeping columns differ.
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['service', 'check_name', 'record_type', 'record_id', 'field'],
    pre_hook="{% if is_incremental() and not follows_on_from_last_build() %}delete from {{ this }}{% endif %}",
) }}
{%- set loads = source('case_system', '_loads') %}
{#- The drops after the last build's export date. Following on (follows_on_from_last_build) means
    no drop up to that date has changed since, so these are all it has not taken; not those loaded
    since it ran, which would miss a later drop loaded before an earlier one was re-delivered. #}
{%- set new_drops %}
select distinct service, drop_date from {{ loads }}
    where drop_date > (select max(_built_as_at) from {{ this }}) and drop_date <= {{ export_date() }}
{%- endset %}

select
    spans.*,
    {{ export_date() }} as _built_as_at,
    (select max(loaded_at) from {{ loads }} where drop_date <= {{ export_date() }}) as _loads_through,
    {{ parse_inputs_fingerprint() }} as _parsed_with
from (
    {{ dq_issue_spans(ref('dq_findings'), case_system_record_types(), by_service=true,
                      new_drops=new_drops if follows_on_from_last_build() else none) }}
) as spans
