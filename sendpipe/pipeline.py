"""The nightly run as plain functions: pick the drop, load, build, publish.

The CLI calls `run`; the Airflow DAG calls the same steps as separate tasks.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from sendpipe import dbt_build, publish as publishing
from sendpipe.config import Settings
from sendpipe.drops import complete_drop_for, list_drops, newest_complete_drop
from sendpipe.load import LoadResult, load_drops

log = logging.getLogger(__name__)


class NoCompleteDrop(RuntimeError):
    """There is no complete drop to run on."""


@dataclass(frozen=True)
class RunResult:
    settings: Settings
    export_date: date
    load: LoadResult
    publication: publishing.Publication


def select_export_date(settings: Settings) -> date:
    """The requested night if given (it must be complete), else the newest complete drop."""
    if settings.export_date is not None:
        drop = complete_drop_for(settings.exports_dir, settings.export_date)
        if drop is None:
            present = {d.export_date: d for d in list_drops(settings.exports_dir)}
            if settings.export_date in present:
                missing = ", ".join(present[settings.export_date].missing)
                raise NoCompleteDrop(f"drop {settings.export_date} in {settings.exports_dir} is incomplete: missing {missing}")
            raise NoCompleteDrop(f"no drop for {settings.export_date} in {settings.exports_dir}")
        return drop.export_date
    drop = newest_complete_drop(settings.exports_dir)
    if drop is None:
        raise NoCompleteDrop(f"no complete drop in {settings.exports_dir}")
    return drop.export_date


def load(settings: Settings, export_date: date) -> LoadResult:
    return load_drops(settings.exports_dir, settings.warehouse, export_date, settings.pseudonym_key)


def build(settings: Settings, export_date: date) -> None:
    dbt_build.build(settings.warehouse, export_date)


def publish(settings: Settings, export_date: date) -> publishing.Publication:
    return publishing.publish(settings.warehouse, settings.publish_dir, export_date)


def run(settings: Settings) -> RunResult:
    export_date = select_export_date(settings)
    log.info("running sendpipe for export date %s", export_date)
    loaded = load(settings, export_date)
    build(settings, export_date)
    publication = publish(settings, export_date)
    return RunResult(settings, export_date, loaded, publication)
