"""Settings for a run, from arguments, Airflow params or the environment (see .env.example).

Paths default to folders inside the repository so the demo runs with no configuration. The
pseudonym key never has a default outside demo mode: a production run without one refuses to start.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sendpipe.contracts import CASE_SYSTEM, COUNCIL_SEND, PROJECT_ROOT, Source
from sendpipe.warehouse import DUCKDB_TARGET, TARGETS, PostgresConnection

DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_EXPORTS_DIR = DATA_DIR / "landing"
DEFAULT_WAREHOUSE = DATA_DIR / "warehouse" / "sendpipe.duckdb"
DEFAULT_PUBLISH_DIR = DATA_DIR / "published"
DEFAULT_QUALITY_DIR = DATA_DIR / "quality"
DEFAULT_DROP_SETTLE_SECONDS = 120
DEFAULT_YEAR_END_GRACE_DAYS = 14
DEFAULT_INSIGHT_READER_ROLE = "sendpipe_insight_reader"
# DuckDB names a database after its file; a file named like a schema makes `raw.x` ambiguous.
WAREHOUSE_SCHEMAS = {"raw", "reference", "staging", "intermediate", "marts", "quality", "published", "history", "insight",
                     "main", "snapshots"}

# Demo mode only: a fixed, public key so the bundled demo runs anywhere. It protects nothing,
# which is why production refuses to run without SENDPIPE_PSEUDONYM_KEY.
DEMO_PSEUDONYM_KEY = "sendpipe-demo-key-not-secret"


@dataclass(frozen=True)
class SourceLocations:
    """Where a source's drops land and its tables are published, and who gets its quality report."""
    exports_env: str
    exports_default: Path
    publish_env: str
    publish_default: Path
    recipients_env: str


SOURCE_LOCATIONS = {
    CASE_SYSTEM.name: SourceLocations("SENDPIPE_EXPORTS_DIR", DEFAULT_EXPORTS_DIR, "SENDPIPE_PUBLISH_DIR",
                                      DEFAULT_PUBLISH_DIR, "SENDPIPE_REPORT_RECIPIENTS"),
    COUNCIL_SEND.name: SourceLocations("SENDPIPE_COUNCIL_EXPORTS_DIR", DATA_DIR / "landing_council",
                                       "SENDPIPE_COUNCIL_PUBLISH_DIR", DATA_DIR / "published_council",
                                       "SENDPIPE_COUNCIL_REPORT_RECIPIENTS"),
}


class ConfigurationError(RuntimeError):
    """A setting is missing or unusable; the run does not start."""


@dataclass(frozen=True)
class Settings:
    exports_dirs: tuple[Path, ...]  # landing folders, or parents of landing folders (see sendpipe.drops)
    warehouse: Path
    publish_dir: Path
    export_date: date | None
    pseudonym_key: str
    demo: bool
    quality_dir: Path
    report_recipients: tuple[str, ...] = ()
    smtp_conn_id: str = "smtp_default"
    drop_settle_seconds: float = 0
    year_end_grace_days: int = DEFAULT_YEAR_END_GRACE_DAYS
    suppress_small_numbers: bool = False
    target: str = DUCKDB_TARGET  # the warehouse: duckdb (the file `warehouse`) or prod (Postgres)
    postgres: PostgresConnection | None = None  # prod only; `warehouse` is then the loader's raw store
    insight_reader_role: str = DEFAULT_INSIGHT_READER_ROLE  # prod only: the insight service's read-only role
    source: Source = CASE_SYSTEM  # which case system's drops this run loads and publishes
    full_refresh: bool = False  # rebuild the incremental models from raw instead of adding tonight's drops

    @classmethod
    def resolve(cls, exports_dirs: str | Path | list[str | Path] | tuple[str | Path, ...] | None = None, warehouse: str | Path | None = None,
                publish_dir: str | Path | None = None, export_date: str | date | None = None,
                demo: bool | None = None, environ: dict[str, str] | None = None,
                quality_dir: str | Path | None = None, source: Source = CASE_SYSTEM) -> "Settings":
        env = os.environ if environ is None else environ
        where = SOURCE_LOCATIONS[source.name]
        demo = _truthy(env.get("SENDPIPE_DEMO", "")) if demo is None else demo
        key = env.get("SENDPIPE_PSEUDONYM_KEY", "")
        if not key:
            if not demo:
                raise ConfigurationError(
                    "SENDPIPE_PSEUDONYM_KEY is not set. Set it (an Airflow Variable or the environment; "
                    "see .env.example), or set SENDPIPE_DEMO=1 to run the bundled demo with its public key."
                )
            key = DEMO_PSEUDONYM_KEY
        target = env.get("SENDPIPE_TARGET") or DUCKDB_TARGET
        if target not in TARGETS:
            raise ConfigurationError(f"SENDPIPE_TARGET is {target!r}: use one of {', '.join(TARGETS)}")
        warehouse = Path(warehouse or env.get("SENDPIPE_WAREHOUSE") or DEFAULT_WAREHOUSE).resolve()
        if warehouse.stem.lower() in WAREHOUSE_SCHEMAS:
            raise ConfigurationError(f"SENDPIPE_WAREHOUSE {warehouse} is named like the warehouse's schema "
                                     f"{warehouse.stem!r}: DuckDB would confuse the two; choose another file name")
        if isinstance(export_date, str):
            export_date = date.fromisoformat(export_date) if export_date else None
        return cls(
            exports_dirs=_paths(exports_dirs or env.get(where.exports_env) or where.exports_default),
            warehouse=warehouse,
            publish_dir=Path(publish_dir or env.get(where.publish_env) or where.publish_default).absolute(),
            export_date=export_date,
            pseudonym_key=key,
            demo=demo,
            quality_dir=Path(quality_dir or env.get("SENDPIPE_QUALITY_DIR") or DEFAULT_QUALITY_DIR).resolve(),
            report_recipients=tuple(a.strip() for a in (env.get(where.recipients_env) or env.get("SENDPIPE_REPORT_RECIPIENTS", "")).split(",")
                                    if a.strip()),
            smtp_conn_id=env.get("SENDPIPE_SMTP_CONN_ID") or "smtp_default",
            # A file changed this recently may still be being copied in. The demo's files are
            # written moments before the run, so demo mode does not wait.
            drop_settle_seconds=float(env.get("SENDPIPE_DROP_SETTLE_SECONDS") or (0 if demo else DEFAULT_DROP_SETTLE_SECONDS)),
            year_end_grace_days=int(env.get("SENDPIPE_YEAR_END_GRACE_DAYS") or DEFAULT_YEAR_END_GRACE_DAYS),
            suppress_small_numbers=_truthy(env.get("SENDPIPE_SUPPRESS_SMALL_NUMBERS", "")),
            target=target,
            postgres=PostgresConnection.from_environment(env) if target != DUCKDB_TARGET else None,
            insight_reader_role=env.get("SENDPIPE_INSIGHT_READER_ROLE") or DEFAULT_INSIGHT_READER_ROLE,
            source=source,
        )


def _paths(value: str | Path | list[str | Path] | tuple[str | Path, ...]) -> tuple[Path, ...]:
    """One path, a list of them, or a string of them separated by the OS path separator (':')."""
    if isinstance(value, str):
        value = [part for part in value.split(os.pathsep) if part.strip()]
    elif isinstance(value, Path):
        value = [value]
    return tuple(Path(v).resolve() for v in value)


def _truthy(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}
