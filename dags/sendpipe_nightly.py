"""
### sendpipe_nightly

The SENDIASS case system drops five CSV exports every night into `<landing>/YYYY-MM-DD/`.
This DAG turns the night's drop into the published KPI tables the insight service reads:

1. **wait_for_complete_drop**: waits until all five files of the run's night are there
   (the `export_date` param, or the run's logical date in Europe/London).
2. **load_raw**: checks every file against the export contract and loads it, untouched, into
   the warehouse's `raw` schema. A schema change stops the run here; nothing of that drop loads.
3. **build_models**: one `dbt build` (seeds, staging, marts, published models and dbt tests) as at
   the export date.
4. **publish_tables**: writes every contract table as CSV and parquet with `manifest.json`, and
   swaps the new set in atomically. Until this succeeds the last good publication stays in place.

Every step is a function in the `sendpipe` package; this file only wires them. Settings come from
the params below or the environment (`SENDPIPE_*`, see `.env.example`).
"""
from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import Param, PokeReturnValue, dag, task

from sendpipe import pipeline
from sendpipe.config import Settings
from sendpipe.drops import complete_drop_for

LONDON = pendulum.timezone("Europe/London")

PARAMS = {
    "export_date": Param(None, type=["null", "string"], format="date",
                         description="Night to process (YYYY-MM-DD). Empty: the run's logical date."),
    "exports_dir": Param(None, type=["null", "string"], description="Landing folder. Empty: SENDPIPE_EXPORTS_DIR or data/landing."),
    "warehouse": Param(None, type=["null", "string"], description="DuckDB file. Empty: SENDPIPE_WAREHOUSE or data/warehouse/sendpipe.duckdb."),
    "publish_dir": Param(None, type=["null", "string"], description="Publish folder. Empty: SENDPIPE_PUBLISH_DIR or data/published."),
}


def _settings(params: dict, export_date: str | None = None) -> Settings:
    return Settings.resolve(params.get("exports_dir"), params.get("warehouse"), params.get("publish_dir"),
                            export_date or params.get("export_date"))


@dag(
    dag_id="sendpipe_nightly",
    description="Nightly SENDIASS drop: load, build, publish the KPI tables",
    schedule="0 5 * * *",
    start_date=pendulum.datetime(2024, 4, 1, tz=LONDON),
    catchup=False,
    max_active_runs=1,
    params=PARAMS,
    doc_md=__doc__,
    tags=["sendpipe", "sendiass"],
    default_args={"retries": 2, "retry_delay": timedelta(minutes=2), "retry_exponential_backoff": True},
)
def sendpipe_nightly():
    @task.sensor(poke_interval=300, timeout=6 * 60 * 60, mode="reschedule", retries=0)
    def wait_for_complete_drop(params=None, logical_date=None) -> PokeReturnValue:
        """Wait until the night's five files are all in its landing folder."""
        night = params.get("export_date") or logical_date.in_timezone(LONDON).date().isoformat()
        settings = _settings(params, night)
        drop = complete_drop_for(settings.exports_dir, settings.export_date)
        return PokeReturnValue(is_done=drop is not None, xcom_value=night)

    @task
    def load_raw(export_date: str, params=None) -> str:
        """Check the drop against the export contract and load it (and any earlier unloaded drop) into raw."""
        settings = _settings(params, export_date)
        result = pipeline.load(settings, settings.export_date)
        print(f"loaded {len(result.loaded)} drop(s), already loaded {len(result.skipped)}")
        return export_date

    @task(retries=1)
    def build_models(export_date: str, params=None) -> str:
        """Run one dbt build (models and tests) as at the export date."""
        settings = _settings(params, export_date)
        pipeline.build(settings, settings.export_date)
        return export_date

    @task
    def publish_tables(export_date: str, params=None) -> str:
        """Publish the KPI tables and manifest atomically."""
        settings = _settings(params, export_date)
        publication = pipeline.publish(settings, settings.export_date)
        return str(publication.version)

    publish_tables(build_models(load_raw(wait_for_complete_drop())))


sendpipe_nightly()
