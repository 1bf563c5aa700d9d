"""Finding nightly drops in a landing folder: `<landing>/YYYY-MM-DD/` holding a source's files.

A drop is complete when all its source's files are there and none has changed for `settle_seconds`: a file
still being copied in is not read until it has stopped growing.

One landing folder is one service's case system (the export has no service column): the service is
named by the folder. A run takes one landing, a list of them, or a parent folder whose
sub-folders are landings (`find_landings`), and a night is ready when every landing has its
complete drop for that night, so national tables never mix two nights.
"""
from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable

from sendpipe.contracts import CASE_SYSTEM, Source

log = logging.getLogger(__name__)

SERVICE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")


@dataclass(frozen=True)
class Landing:
    """One service's landing folder; `service` is the folder's name."""
    service: str
    path: Path


def _is_drop_folder(path: Path) -> bool:
    try:
        date.fromisoformat(path.name)
    except ValueError:
        return False
    return path.is_dir()


def find_landings(locations: Path | Iterable[Path]) -> tuple[Landing, ...]:
    """The landings at `locations`, sorted by service: a folder holding dated drop folders (or
    nothing yet) is one landing; a folder holding other folders is a parent of landings."""
    locations = [locations] if isinstance(locations, (str, Path)) else list(locations)
    landings: dict[str, Landing] = {}
    for location in map(Path, locations):
        if not location.is_dir():
            raise FileNotFoundError(f"landing folder {location} does not exist")
        entries = [e for e in location.iterdir() if e.is_dir()]
        if not entries or any(_is_drop_folder(e) for e in entries):
            found = [Landing(location.name, location)]
        else:
            found = [Landing(e.name, e) for e in entries]
        for landing in found:
            if not SERVICE_NAME.match(landing.service):
                raise ValueError(f"landing folder {landing.path}: its name {landing.service!r} names the service and must be "
                                 "letters, digits, '-' or '_' (at most 63)")
            if landing.service in landings and landings[landing.service].path != landing.path:
                raise ValueError(f"two landing folders for service {landing.service!r}: "
                                 f"{landings[landing.service].path} and {landing.path}")
            landings[landing.service] = landing
    return tuple(sorted(landings.values(), key=lambda landing: landing.service))


@dataclass(frozen=True)
class Drop:
    export_date: date
    path: Path
    missing: tuple[str, ...]
    settling: tuple[str, ...] = ()  # files changed within the settle time: still being written
    service: str = ""  # the landing folder's name

    @property
    def name(self) -> str:
        """How errors name the drop: service folder and night."""
        return f"{self.service}/{self.path.name}" if self.service else self.path.name

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
        drops.append(Drop(export_date, entry, missing, settling, landing.name))
    return drops


def complete_nights(landings: Iterable[Landing], settle_seconds: float = 0, source: Source = CASE_SYSTEM) -> list[date]:
    """Nights, oldest first, on which every landing has a complete drop."""
    landings = list(landings)
    per_landing = [{d.export_date for d in list_drops(l.path, settle_seconds, source) if d.complete} for l in landings]
    return sorted(set.intersection(*per_landing)) if per_landing else []


def incomplete_for(landings: Iterable[Landing], export_date: date, settle_seconds: float = 0,
                   source: Source = CASE_SYSTEM) -> list[str]:
    """What keeps `export_date` from being ready: one line per landing without a complete drop."""
    problems = []
    for landing in landings:
        drop = next((d for d in list_drops(landing.path, settle_seconds, source) if d.export_date == export_date), None)
        if drop is None:
            problems.append(f"{landing.service}: no drop for {export_date} in {landing.path}")
        elif not drop.complete:
            problems.append(f"{landing.service}: drop {export_date} is incomplete: {drop.describe_incomplete()}")
    return problems
