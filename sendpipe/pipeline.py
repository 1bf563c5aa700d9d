"""The nightly run as plain functions: pick the drop, load, build, publish.

The CLI calls `run`; the Airflow DAGs call the same steps as separate tasks. Every step serves both
case systems: `settings.source` says whose drops are loaded, built, validated and published.
"""
from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from sendpipe import dbt_build, history, insight, publish as publishing
from sendpipe.config import Settings
from sendpipe.contracts import CASE_SYSTEM
from sendpipe.drops import complete_nights, find_landings, incomplete_for
from sendpipe.load import LoadResult, load_drops
from sendpipe.quality import gx_validation, report as quality_report
from sendpipe.warehouse import open_warehouse

log = logging.getLogger(__name__)


class NoCompleteDrop(RuntimeError):
    """There is no complete drop to run on."""


@dataclass(frozen=True)
class RunResult:
    settings: Settings
    export_date: date
    load: LoadResult
    publication: publishing.Publication
    report_path: Path
    step_seconds: dict[str, float] = field(default_factory=dict)  # wall time of each step, in run order


def select_export_date(settings: Settings) -> date:
    """The requested night if given (every landing must have its complete drop), else the newest
    night on which every landing has one."""
    landings = find_landings(settings.exports_dirs)
    if settings.export_date is not None:
        problems = incomplete_for(landings, settings.export_date, settings.drop_settle_seconds, settings.source)
        if problems:
            raise NoCompleteDrop(f"night {settings.export_date} is not ready: " + "; ".join(problems))
        return settings.export_date
    nights = complete_nights(landings, settings.drop_settle_seconds, settings.source)
    if not nights:
        raise NoCompleteDrop(f"no night with a complete drop in every landing of {_described(settings)}")
    return nights[-1]


def _described(settings: Settings) -> str:
    return ", ".join(str(p) for p in settings.exports_dirs)


def load(settings: Settings, export_date: date) -> LoadResult:
    """Load every new drop up to `export_date` into the raw store (the DuckDB file); on Postgres,
    copy the raw schema there too, rejections included, so the report can name them."""
    try:
        return load_drops(settings.exports_dirs, settings.warehouse, export_date, settings.pseudonym_key,
                          settings.drop_settle_seconds, settings.source)
    finally:
        if settings.warehouse.exists():
            open_warehouse(settings).receive_raw(settings.warehouse, settings.source.raw_schema)


def validate_raw(settings: Settings, export_date: date) -> list[gx_validation.SuiteOutcome]:
    return gx_validation.validate("raw", open_warehouse(settings), export_date, settings.quality_dir, settings.source)


def build(settings: Settings, export_date: date) -> None:
    dbt_build.build(settings.warehouse, export_date, select=settings.source.dbt_select, exclude=settings.source.dbt_exclude,
                    target=settings.target, environment=settings.postgres.dbt_environment() if settings.postgres else None,
                    full_refresh=settings.full_refresh)


def validate_marts(settings: Settings, export_date: date) -> list[gx_validation.SuiteOutcome]:
    return gx_validation.validate("marts", open_warehouse(settings), export_date, settings.quality_dir, settings.source)


def publish(settings: Settings, export_date: date) -> publishing.Publication:
    """Publish the source's tables as files, freeze any financial year of the SENDIASS tables that
    has just closed, and refresh the warehouse's insight schema."""
    warehouse = open_warehouse(settings)
    publication = publishing.publish(warehouse, settings.publish_dir, export_date, settings.suppress_small_numbers,
                                     settings.source)
    if settings.source == CASE_SYSTEM:  # the council's tables are not frozen at year end (yet)
        history.freeze_closed_years(warehouse, export_date, settings.year_end_grace_days)
    insight.publish(warehouse, settings.insight_reader_role)
    return publication


def report(settings: Settings, export_date: date, send: bool = False) -> Path:
    """Build the managers' quality report, save it beside the published tables and, when asked and
    recipients are configured, email it through Airflow's SMTP connection. Returns the saved file."""
    built = quality_report.build_report(open_warehouse(settings), export_date, settings.source)
    path = quality_report.save_report(built, settings.quality_dir, settings.source)
    log.info("quality report saved to %s", path)
    if send:
        if settings.report_recipients:
            quality_report.send_report(built, list(settings.report_recipients), settings.smtp_conn_id)
        else:
            log.warning("SENDPIPE_REPORT_RECIPIENTS is empty: the quality report was saved, not sent")
    return path


def backfill(settings: Settings, first: date, last: date) -> list[RunResult]:
    """Run every complete night from `first` to `last`, oldest first, as the nightly DAG would."""
    nights = [night for night in complete_nights(find_landings(settings.exports_dirs), settings.drop_settle_seconds, settings.source)
              if first <= night <= last]
    if not nights:
        raise NoCompleteDrop(f"no night with a complete drop in every landing between {first} and {last} in {_described(settings)}")
    return [run(replace(settings, export_date=night)) for night in nights]


def restate(settings: Settings, financial_year: str, reason: str) -> RunResult:
    """Recompute a closed year's published tables from the warehouse as it is now, and refreeze them."""
    history.restate(open_warehouse(settings), financial_year, reason)
    return run(settings)


def run(settings: Settings) -> RunResult:
    """Load, validate, build, validate, publish, report: a failure before publish leaves the last
    good publication in place. Each step's wall time is logged and returned (the benchmark's profile)."""
    export_date = select_export_date(settings)
    log.info("running sendpipe for export date %s", export_date)
    seconds: dict[str, float] = {}
    try:
        with _timed("load", seconds):
            loaded = load(settings, export_date)
    except Exception:
        report(settings, export_date)  # the report names a rejected drop too
        raise
    with _timed("validate_raw", seconds):
        validate_raw(settings, export_date)
    with _timed("build", seconds):
        build(settings, export_date)
    with _timed("validate_marts", seconds):
        validate_marts(settings, export_date)
    with _timed("publish", seconds):
        publication = publish(settings, export_date)
    with _timed("report", seconds):
        report_path = report(settings, export_date)
    return RunResult(settings, export_date, loaded, publication, report_path, seconds)


@contextmanager
def _timed(step: str, seconds: dict[str, float]):
    started = time.perf_counter()
    yield
    seconds[step] = round(time.perf_counter() - started, 2)
    log.info("%s took %.1f s", step, seconds[step])
