"""Whether the GX validation steps cost the same on the hundredth night as on the first.

Validates the same night of a built warehouse `nights` times in a row, into one quality folder,
as a nightly schedule would over that many nights, and times each layer's step: a step whose time
grows with the nights already validated (GX's stores and Data Docs index) shows as a rising column.
The warehouse is copied first; the drops are not reloaded or rebuilt.
"""
from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sendpipe import pipeline
from sendpipe.config import Settings


@dataclass(frozen=True)
class NightTimes:
    night: int
    validate_raw: float
    validate_marts: float


def validation_nights(settings: Settings, export_date: date, nights: int, work: Path) -> list[NightTimes]:
    """Each night's validation times on a copy of `settings.warehouse`, quality files in `work`."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copy(settings.warehouse, work / settings.warehouse.name)
    copy = replace(settings, warehouse=work / settings.warehouse.name, quality_dir=work / "quality")
    times = []
    for night in range(1, nights + 1):
        started = time.perf_counter()
        pipeline.validate_raw(copy, export_date)
        raw = time.perf_counter() - started
        started = time.perf_counter()
        pipeline.validate_marts(copy, export_date)
        times.append(NightTimes(night, raw, time.perf_counter() - started))
    return times


def render(times: list[NightTimes], every: int = 10) -> str:
    shown = [t for t in times if t.night in (1, 2, 5) or t.night % every == 0 or t.night == len(times)]
    return "\n".join(["| night | validate_raw (s) | validate_marts (s) |", "|---:|---:|---:|",
                      *(f"| {t.night} | {t.validate_raw:.2f} | {t.validate_marts:.2f} |" for t in shown)])
