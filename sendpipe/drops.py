"""Finding nightly drops in a landing folder: `<landing>/YYYY-MM-DD/` holding a source's files.

A drop is complete when all its source's files are there and none has changed for `settle_seconds`: a file
still being copied in is not read until it has stopped growing.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sendpipe.contracts import CASE_SYSTEM, Source

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Drop:
    export_date: date
    path: Path
    missing: tuple[str, ...]
    settling: tuple[str, ...] = ()  # files changed within the settle time: still being written

    @property
    def complete(self) -> bool:
        return not self.missing and not self.settling

    def describe_incomplete(self) -> str:
        parts = []
        if self.missing:
            parts.append(f"missing {', '.join(self.missing)}")
        if self.settling:
            parts.append(f"still being written: {', '.join(self.settling)}")
        return "; ".join(parts)

    def file(self, name: str) -> Path:
        return self.path / name


def list_drops(landing: Path, settle_seconds: float = 0, source: Source = CASE_SYSTEM) -> list[Drop]:
    """Every dated folder in the landing area, oldest first; other entries are ignored."""
    if not landing.is_dir():
        raise FileNotFoundError(f"landing folder {landing} does not exist")
    drops = []
    for entry in sorted(landing.iterdir()):
        if not entry.is_dir():
            continue
        try:
            export_date = date.fromisoformat(entry.name)
        except ValueError:
            log.warning("ignoring %s: not a YYYY-MM-DD drop folder", entry)
            continue
        missing = tuple(f.name for f in source.files if not (entry / f.name).is_file())
        cutoff = time.time() - settle_seconds
        settling = tuple(f.name for f in source.files
                         if (entry / f.name).is_file() and (entry / f.name).stat().st_mtime > cutoff) if settle_seconds else ()
        drops.append(Drop(export_date, entry, missing, settling))
    return drops


def newest_complete_drop(landing: Path, on_or_before: date | None = None, settle_seconds: float = 0,
                         source: Source = CASE_SYSTEM) -> Drop | None:
    """The latest complete drop, optionally no later than a date; incomplete drops are never picked."""
    candidates = [d for d in list_drops(landing, settle_seconds, source) if d.complete and (on_or_before is None or d.export_date <= on_or_before)]
    return candidates[-1] if candidates else None


def complete_drop_for(landing: Path, export_date: date, settle_seconds: float = 0,
                      source: Source = CASE_SYSTEM) -> Drop | None:
    """The drop of exactly this night, if it is there and complete."""
    for d in list_drops(landing, settle_seconds, source):
        if d.export_date == export_date:
            return d if d.complete else None
    return None
