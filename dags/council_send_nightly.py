"""
### council_send_nightly

The council's SEND case system drops three CSV exports every night into `<landing>/YYYY-MM-DD/`
(`ehc_requests.csv`, `ehc_plans.csv`, `contacts.csv`; `SENDPIPE_COUNCIL_EXPORTS_DIR`). This DAG
turns the night's drop into the council's published tables, beside the SENDIASS ones
(`SENDPIPE_COUNCIL_PUBLISH_DIR`): `ehcp_timeliness`, `assessment_decisions`, `annual_reviews`,
`charter_response_standards`, `caseload_by_provision_lead` and `council_dq_summary`.

1. **wait_for_complete_drop**: waits until the three files of the run's night are there.
2. **load_raw**: checks every file against the council export contract and loads it, untouched,
   into the warehouse's `raw_council` schema (the same loader as SENDIASS's).
3. **validate_raw**: the Great Expectations suites of the three export files.
4. **build_models**: one `dbt build` of the council models (`tag:council_send` and what they
   need) as at the export date.
5. **validate_marts**: the Great Expectations suites of the council marts.
6. **publish_tables**: writes the council tables as CSV and parquet with `manifest.json`, swapped
   in atomically, and refreshes the warehouse's `insight` schema.
7. **quality_report**: saves the council data-quality report (checks CS01-CS05, naming record IDs
   and the owning staff code) and emails it to `SENDPIPE_COUNCIL_REPORT_RECIPIENTS` (or
   `SENDPIPE_REPORT_RECIPIENTS`).

It shares the `sendpipe_warehouse` pool with `sendpipe_nightly`: the two never write the DuckDB
file at once. Every step is a function in the `sendpipe` package; this Airflow DAG file only names
the source.
"""
from __future__ import annotations

from sendpipe.contracts import COUNCIL_SEND
from sendpipe.nightly_dag import nightly_dag

council_send_nightly = nightly_dag(COUNCIL_SEND, dag_id="council_send_nightly",
                                   description="Nightly council SEND drop: EHC plans, reviews and the charter's standards",
                                   doc_md=__doc__, tags=["sendpipe", "council_send"])
