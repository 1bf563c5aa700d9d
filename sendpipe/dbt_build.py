"""One `dbt build` per run (seeds, models and tests together) through dbt's programmatic runner.

dbt runs in this process, so the warehouse has one writer; its target and log folders sit beside
the warehouse file so partial parsing is kept between runs of the same warehouse.
"""
from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sendpipe.contracts import DBT_PROJECT_DIR
from sendpipe.warehouse import duckdb_memory_limit

log = logging.getLogger(__name__)


class DbtBuildFailed(RuntimeError):
    """A model failed to build or an error-severity dbt test failed; nothing is published."""


# dbt's message when an incremental model's columns differ from its table's (on_schema_change: fail).
SCHEMA_CHANGED = "schemas on this incremental model are out of sync"


@contextmanager
def _environment(**values: str):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def dbt_paths(warehouse: Path) -> tuple[Path, Path]:
    base = warehouse.parent / "dbt"
    return base / "target", base / "logs"


def _release_duckdb() -> None:
    """dbt-duckdb keeps its database open for the life of the process; close it so the next step
    (publish, validation) can open the file read-only in this same process."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # another adapter (Postgres) holds nothing open
        return
    env = DuckDBConnectionManager._ENV
    if env is not None:
        env.close()
    DuckDBConnectionManager.close_all_connections()


def build(warehouse: Path, export_date: date, select: str | None = None, target: str | None = None,
          environment: dict[str, str] | None = None, exclude: str | None = None, full_refresh: bool = False) -> None:
    """Build seeds, models and tests as at `export_date`; raise DbtBuildFailed on any error.

    The staging models are incremental (only drops not parsed yet); `full_refresh` rebuilds them
    from raw, which gives the same tables. When an incremental model's columns have changed since
    its table was built (a new sendpipe on an old warehouse), the build is run again as a full
    refresh: patching the table would leave its old rows without the new columns' values.

    `target` is a profile output (duckdb, the default, or prod: Postgres, whose connection comes in
    `environment` as the SENDPIPE_PG_* variables); for prod, `warehouse` only places dbt's target
    and log folders."""
    from dbt.cli.main import dbtRunner  # imported here: dbt is heavy and only this step needs it

    target_path, log_path = dbt_paths(warehouse)
    args = [
        "build",
        "--project-dir", str(DBT_PROJECT_DIR),
        "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(target_path),
        "--log-path", str(log_path),
    ]
    if select:
        # cautious: only tests whose every parent is selected (a selected seed's tests that reach
        # into unselected models stay out).
        args += ["--select", select, "--indirect-selection", "cautious"]
    if exclude:
        args += ["--exclude", exclude]
    if target:
        args += ["--target", target]
    if full_refresh:
        args.append("--full-refresh")
    # The export date goes in the environment, not --vars: see macros/dates.sql (partial parsing).
    with _environment(SENDPIPE_WAREHOUSE=str(warehouse), SENDPIPE_DUCKDB_MEMORY_LIMIT=duckdb_memory_limit(),
                      SENDPIPE_EXPORT_DATE=export_date.isoformat(), **(environment or {})):
        try:
            result = dbtRunner().invoke(args)
        finally:
            _release_duckdb()
    if result.exception is not None:
        raise DbtBuildFailed(f"dbt build could not run: {result.exception}") from result.exception
    failed = [r for r in (result.result or []) if str(r.status) in {"error", "fail", "runtime error"}]
    changed = [r.node.name for r in failed if SCHEMA_CHANGED in str(r.message)]
    if changed and not full_refresh:
        log.warning("the columns of %s have changed since their tables were built: building again as a full refresh "
                    "from the raw drops", ", ".join(changed))
        build(warehouse, export_date, select, target, environment, exclude, full_refresh=True)
        return
    failures = [f"{r.node.resource_type} {r.node.name}: {r.status} ({r.message})" for r in failed]
    if failures or not result.success:
        raise DbtBuildFailed("dbt build failed:\n  " + "\n  ".join(failures or ["see the dbt log in " + str(log_path)]))
    log.info("dbt build succeeded as at %s (%d nodes)", export_date, len(result.result or []))
