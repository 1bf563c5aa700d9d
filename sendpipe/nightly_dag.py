"""The nightly Airflow DAG, one shape for every source: wait for a complete drop, load raw, validate,
dbt build, validate the marts, publish, report. Each DAG file in `dags/` calls `nightly_dag` with
its source; every task calls a `sendpipe.pipeline` function, so the steps run without a scheduler.
"""
from __future__ import annotations

import os
from dataclasses import replace
from datetime import timedelta

import pendulum
from airflow.providers.smtp.notifications.smtp import SmtpNotifier
from airflow.sdk import Param, PokeReturnValue, dag, task

from sendpipe import pipeline
from sendpipe.config import SOURCE_LOCATIONS, Settings
from sendpipe.contracts import Source
from sendpipe.drops import find_landings, incomplete_for

LONDON = pendulum.timezone("Europe/London")
# One slot: DuckDB allows one writer per file, and a reader cannot open it while another process
# writes. Both sources' DAGs share it, since they share the warehouse.
WAREHOUSE_POOL = "sendpipe_warehouse"
FIRST_NIGHT = pendulum.datetime(2024, 4, 1, tz=LONDON)


def _params(source: Source) -> dict:
    where = SOURCE_LOCATIONS[source.name]
    return {
        "export_date": Param(None, type=["null", "string"], format="date",
                             description="Night to process (YYYY-MM-DD). Empty: the run's logical date."),
        "exports_dir": Param(None, type=["null", "string"],
                             description=f"Landing folder, a parent of one landing folder per service, or several of "
                                         f"either separated by ':'. Empty: {where.exports_env} or {where.exports_default.name}."),
        "warehouse": Param(None, type=["null", "string"],
                           description="DuckDB file (the raw store when SENDPIPE_TARGET=prod). "
                                       "Empty: SENDPIPE_WAREHOUSE or data/warehouse/sendpipe.duckdb."),
        "publish_dir": Param(None, type=["null", "string"],
                             description=f"Publish folder. Empty: {where.publish_env} or {where.publish_default.name}."),
        "quality_dir": Param(None, type=["null", "string"],
                             description="Quality reports and GX Data Docs. Empty: SENDPIPE_QUALITY_DIR or data/quality."),
        "full_refresh": Param(False, type="boolean",
                              description="Rebuild the incremental models from the raw drops (same tables, slower)."),
    }


def _failure_alert(dag_id: str) -> list:
    """Email the on-call list when a task fails for good (after its retries)."""
    recipients = os.environ.get("SENDPIPE_ALERT_RECIPIENTS") or os.environ.get("SENDPIPE_REPORT_RECIPIENTS")
    if not recipients:
        return []
    return [SmtpNotifier(
        to=[r.strip() for r in recipients.split(",") if r.strip()],
        smtp_conn_id=os.environ.get("SENDPIPE_SMTP_CONN_ID", "smtp_default"),
        subject=f"{dag_id} failed: " + "{{ ti.task_id }} for {{ params.export_date or logical_date | ds }}",
        html_content="<p>Task <b>{{ ti.task_id }}</b> of run {{ run_id }} failed after {{ ti.try_number }} tries.</p>"
                     "<p>The last good publication is still in place. Log: {{ ti.log_url }}</p>",
    )]


def nightly_dag(source: Source, dag_id: str, description: str, doc_md: str, tags: list[str]):
    """The nightly DAG of `source`, scheduled at 05:00 London time."""

    def settings_for(params: dict, export_date: str | None = None) -> Settings:
        settings = Settings.resolve(params.get("exports_dir"), params.get("warehouse"), params.get("publish_dir"),
                                    export_date or params.get("export_date"), quality_dir=params.get("quality_dir"),
                                    source=source)
        return replace(settings, full_refresh=bool(params.get("full_refresh")))

    @dag(
        dag_id=dag_id,
        description=description,
        schedule="0 5 * * *",
        start_date=FIRST_NIGHT,
        # Catchup only on request (SENDPIPE_CATCHUP=true): a new deployment does not replay every
        # night since start_date. Backfills run oldest first, one at a time (max_active_runs=1).
        catchup=os.environ.get("SENDPIPE_CATCHUP", "false").lower() == "true",
        max_active_runs=1,
        params=_params(source),
        doc_md=doc_md,
        tags=tags,
        default_args={
            "retries": 2,
            "retry_delay": timedelta(minutes=2),
            "retry_exponential_backoff": True,
            "max_retry_delay": timedelta(minutes=30),
            "execution_timeout": timedelta(hours=1),
            "on_failure_callback": _failure_alert(dag_id),
        },
    )
    def nightly():
        @task.sensor(poke_interval=300, timeout=6 * 60 * 60, mode="reschedule", retries=0)
        def wait_for_complete_drop(params=None, logical_date=None) -> PokeReturnValue:
            """Wait until every landing folder (one per service) holds every file of the night's drop."""
            night = params.get("export_date") or logical_date.in_timezone(LONDON).date().isoformat()
            settings = settings_for(params, night)
            waiting = incomplete_for(find_landings(settings.exports_dirs), settings.export_date, settings.drop_settle_seconds, source)
            if waiting:
                print("waiting for: " + "; ".join(waiting))
            return PokeReturnValue(is_done=not waiting, xcom_value=night)

        @task(pool=WAREHOUSE_POOL)
        def load_raw(export_date: str, params=None) -> str:
            """Check the drop against the export contract and load it (and any earlier unloaded drop) into raw."""
            settings = settings_for(params, export_date)
            result = pipeline.load(settings, settings.export_date)
            print(f"loaded {len(result.loaded)} night(s) of drops, already loaded {len(result.skipped)}")
            return export_date

        @task(pool=WAREHOUSE_POOL)
        def validate_raw(export_date: str, params=None) -> str:
            """Great Expectations gate on the night's raw rows (read-only)."""
            settings = settings_for(params, export_date)
            pipeline.validate_raw(settings, settings.export_date)
            return export_date

        @task(pool=WAREHOUSE_POOL, retries=1, execution_timeout=timedelta(hours=3))
        def build_models(export_date: str, params=None) -> str:
            """Run one dbt build (models, quality checks and tests) as at the export date."""
            settings = settings_for(params, export_date)
            pipeline.build(settings, settings.export_date)
            return export_date

        @task(pool=WAREHOUSE_POOL)
        def validate_marts(export_date: str, params=None) -> str:
            """Great Expectations gate on the marts (read-only)."""
            settings = settings_for(params, export_date)
            pipeline.validate_marts(settings, settings.export_date)
            return export_date

        @task(pool=WAREHOUSE_POOL)
        def publish_tables(export_date: str, params=None) -> str:
            """Publish the tables and manifest atomically."""
            settings = settings_for(params, export_date)
            publication = pipeline.publish(settings, settings.export_date)
            return str(publication.version)

        @task(pool=WAREHOUSE_POOL, trigger_rule="all_done", retries=3, retry_delay=timedelta(minutes=1))
        def quality_report(params=None, logical_date=None) -> str:
            """Save and email the managers' data-quality report."""
            night = params.get("export_date") or logical_date.in_timezone(LONDON).date().isoformat()
            settings = settings_for(params, night)
            return str(pipeline.report(settings, settings.export_date, send=True))

        published = publish_tables(validate_marts(build_models(validate_raw(load_raw(wait_for_complete_drop())))))
        published >> quality_report()

    return nightly()
