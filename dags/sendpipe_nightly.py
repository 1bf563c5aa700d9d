"""
### sendpipe_nightly

The SENDIASS case system drops five CSV exports every night into `<landing>/YYYY-MM-DD/`.
This DAG turns the night's drop into the published KPI tables the insight service reads:

1. **wait_for_complete_drop**: waits until all five files of the run's night are there
   (the `export_date` param, or the run's logical date in Europe/London).
2. **load_raw**: checks every file against the export contract and loads it, untouched, into
   the warehouse's `raw` schema. A schema change stops the run here; nothing of that drop loads.
3. **validate_raw**: the Great Expectations suites of the five export files, on the night's rows.
4. **build_models**: one `dbt build` (seeds, staging, marts, data-quality checks, published models
   and dbt tests) as at the export date.
5. **validate_marts**: the Great Expectations suites of the marts.
6. **publish_tables**: writes every contract table as CSV and parquet with `manifest.json`, and
   swaps the new set in atomically. Until this succeeds the last good publication stays in place.
7. **quality_report**: saves the managers' data-quality report and emails it through the
   `smtp_default` connection to `SENDPIPE_REPORT_RECIPIENTS`. It runs whatever happened upstream
   (a rejected drop is reported too); a sending failure is retried and never blocks publishing.

Every step that opens the warehouse runs in the `sendpipe_warehouse` pool (one slot): DuckDB allows
one writer per file. `scripts/setup.sh` creates the pool. With `SENDPIPE_TARGET=prod` the models are
built in Postgres and the DuckDB file is the loader's raw store; the steps are the same.

Every step is a function in the `sendpipe` package; this file only wires them. Settings come from
the params below or the environment (`SENDPIPE_*`, see `.env.example`).
"""
from __future__ import annotations

import os
from datetime import timedelta

import pendulum
from airflow.providers.smtp.notifications.smtp import SmtpNotifier
from airflow.sdk import Param, PokeReturnValue, dag, task

from sendpipe import pipeline
from sendpipe.config import Settings
from sendpipe.drops import complete_drop_for

LONDON = pendulum.timezone("Europe/London")
# One slot: DuckDB allows one writer per file, and a reader cannot open it while another process writes.
WAREHOUSE_POOL = "sendpipe_warehouse"

PARAMS = {
    "export_date": Param(None, type=["null", "string"], format="date",
                         description="Night to process (YYYY-MM-DD). Empty: the run's logical date."),
    "exports_dir": Param(None, type=["null", "string"], description="Landing folder. Empty: SENDPIPE_EXPORTS_DIR or data/landing."),
    "warehouse": Param(None, type=["null", "string"], description="DuckDB file (the raw store when SENDPIPE_TARGET=prod). Empty: SENDPIPE_WAREHOUSE or data/warehouse/sendpipe.duckdb."),
    "publish_dir": Param(None, type=["null", "string"], description="Publish folder. Empty: SENDPIPE_PUBLISH_DIR or data/published."),
    "quality_dir": Param(None, type=["null", "string"],
                         description="Quality reports and GX Data Docs. Empty: SENDPIPE_QUALITY_DIR or data/quality."),
}


def _failure_alert() -> list:
    """Email the on-call list when a task fails for good (after its retries)."""
    recipients = os.environ.get("SENDPIPE_ALERT_RECIPIENTS") or os.environ.get("SENDPIPE_REPORT_RECIPIENTS")
    if not recipients:
        return []
    return [SmtpNotifier(
        to=[r.strip() for r in recipients.split(",") if r.strip()],
        smtp_conn_id=os.environ.get("SENDPIPE_SMTP_CONN_ID", "smtp_default"),
        subject="sendpipe_nightly failed: {{ ti.task_id }} for {{ params.export_date or logical_date | ds }}",
        html_content="<p>Task <b>{{ ti.task_id }}</b> of run {{ run_id }} failed after {{ ti.try_number }} tries.</p>"
                     "<p>The last good publication is still in place. Log: {{ ti.log_url }}</p>",
    )]


def _settings(params: dict, export_date: str | None = None) -> Settings:
    return Settings.resolve(params.get("exports_dir"), params.get("warehouse"), params.get("publish_dir"),
                            export_date or params.get("export_date"), quality_dir=params.get("quality_dir"))


@dag(
    dag_id="sendpipe_nightly",
    description="Nightly SENDIASS drop: load, build, publish the KPI tables",
    schedule="0 5 * * *",
    start_date=pendulum.datetime(2024, 4, 1, tz=LONDON),
    # Catchup only on request (SENDPIPE_CATCHUP=true): a new deployment does not replay every night
    # since start_date. Backfills run oldest first, one at a time (max_active_runs=1).
    catchup=os.environ.get("SENDPIPE_CATCHUP", "false").lower() == "true",
    max_active_runs=1,
    params=PARAMS,
    doc_md=__doc__,
    tags=["sendpipe", "sendiass"],
    default_args={
        "retries": 2,
        "retry_delay": timedelta(minutes=2),
        "retry_exponential_backoff": True,
        "max_retry_delay": timedelta(minutes=30),
        "execution_timeout": timedelta(hours=1),
        "on_failure_callback": _failure_alert(),
    },
)
def sendpipe_nightly():
    @task.sensor(poke_interval=300, timeout=6 * 60 * 60, mode="reschedule", retries=0)
    def wait_for_complete_drop(params=None, logical_date=None) -> PokeReturnValue:
        """Wait until the night's five files are all in its landing folder."""
        night = params.get("export_date") or logical_date.in_timezone(LONDON).date().isoformat()
        settings = _settings(params, night)
        drop = complete_drop_for(settings.exports_dir, settings.export_date, settings.drop_settle_seconds)
        return PokeReturnValue(is_done=drop is not None, xcom_value=night)

    @task(pool=WAREHOUSE_POOL)
    def load_raw(export_date: str, params=None) -> str:
        """Check the drop against the export contract and load it (and any earlier unloaded drop) into raw."""
        settings = _settings(params, export_date)
        result = pipeline.load(settings, settings.export_date)
        print(f"loaded {len(result.loaded)} drop(s), already loaded {len(result.skipped)}")
        return export_date

    @task(pool=WAREHOUSE_POOL)
    def validate_raw(export_date: str, params=None) -> str:
        """Great Expectations gate on the night's raw rows (read-only)."""
        settings = _settings(params, export_date)
        pipeline.validate_raw(settings, settings.export_date)
        return export_date

    @task(pool=WAREHOUSE_POOL, retries=1, execution_timeout=timedelta(hours=3))
    def build_models(export_date: str, params=None) -> str:
        """Run one dbt build (models, quality checks and tests) as at the export date."""
        settings = _settings(params, export_date)
        pipeline.build(settings, settings.export_date)
        return export_date

    @task(pool=WAREHOUSE_POOL)
    def validate_marts(export_date: str, params=None) -> str:
        """Great Expectations gate on the marts (read-only)."""
        settings = _settings(params, export_date)
        pipeline.validate_marts(settings, settings.export_date)
        return export_date

    @task(pool=WAREHOUSE_POOL)
    def publish_tables(export_date: str, params=None) -> str:
        """Publish the KPI tables and manifest atomically."""
        settings = _settings(params, export_date)
        publication = pipeline.publish(settings, settings.export_date)
        return str(publication.version)

    @task(pool=WAREHOUSE_POOL, trigger_rule="all_done", retries=3, retry_delay=timedelta(minutes=1))
    def quality_report(params=None, logical_date=None) -> str:
        """Save and email the managers' data-quality report."""
        night = params.get("export_date") or logical_date.in_timezone(LONDON).date().isoformat()
        settings = _settings(params, night)
        return str(pipeline.report(settings, settings.export_date, send=True))

    published = publish_tables(validate_marts(build_models(validate_raw(load_raw(wait_for_complete_drop())))))
    published >> quality_report()


sendpipe_nightly()
