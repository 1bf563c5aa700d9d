"""Finding nightly drops in a landing folder: `<landing>/YYYY-MM-DD/` holding the five files."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sendpipe.contracts import CASE_SYSTEM_FILES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Drop:
    export_date: date
    path: Path
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    def file(self, name: str) -> Path:
        return self.path / name


def list_drops(landing: Path) -> list[Drop]:
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
        missing = tuple(f.name for f in CASE_SYSTEM_FILES if not (entry / f.name).is_file())
        drops.append(Drop(export_date, entry, missing))
    return drops


def newest_complete_drop(landing: Path, on_or_before: date | None = None) -> Drop | None:
    """The latest complete drop, optionally no later than a date; incomplete drops are never picked."""
    candidates = [d for d in list_drops(landing) if d.complete and (on_or_before is None or d.export_date <= on_or_before)]
    return candidates[-1] if candidates else None


def complete_drop_for(landing: Path, export_date: date) -> Drop | None:
    """The drop of exactly this night, if it is there and complete."""
    for d in list_drops(landing):
        if d.export_date == export_date:
            return d if d.complete else None
    return None
