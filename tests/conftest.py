from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

import pytest

# Airflow reads AIRFLOW_HOME when first imported: keep every test run's Airflow files out of ~/airflow.
os.environ["AIRFLOW_HOME"] = tempfile.mkdtemp(prefix="sendpipe-airflow-")
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"

from sendpipe import pipeline  # noqa: E402
from sendpipe.config import Settings  # noqa: E402
from sendpipe.contracts import CASE_SYSTEM, COUNCIL_SEND, Source  # noqa: E402
from sendpipe.demo import council_generator  # noqa: E402
from sendpipe.demo.generator import write_drops  # noqa: E402


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def personal_values(landing, source: Source = CASE_SYSTEM) -> set[str]:
    values: set[str] = set()
    for spec in source.files:
        if not spec.personal:
            continue
        for path in landing.glob(f"*/{spec.name}"):
            with path.open(encoding="utf-8-sig", newline="") as f:
                for record in csv.DictReader(f):
                    values.update(record[c].strip() for c in spec.personal if len(record[c].strip()) >= 6)
    values.update(v.split("@")[0] for v in list(values) if "@" in v)  # the local part of an email names a person too
    return values


def settings_for(landing: Path, base: Path, export_date=None, source: Source = CASE_SYSTEM) -> Settings:
    """Demo-mode settings with everything inside `base` (no environment read)."""
    return Settings.resolve(landing, base / "warehouse" / "sendpipe.duckdb", base / "published", export_date,
                            demo=True, environ={}, quality_dir=base / "quality", source=source)


@pytest.fixture(scope="session")
def demo_landing(tmp_path_factory) -> Path:
    landing = tmp_path_factory.mktemp("demo") / "landing"
    write_drops(landing)
    return landing


@pytest.fixture(scope="session")
def demo_run(demo_landing, tmp_path_factory) -> pipeline.RunResult:
    """The CLI's pipeline run on the demo drops (newest complete drop: 2024-04-02)."""
    base = tmp_path_factory.mktemp("demo_run")
    return pipeline.run(settings_for(demo_landing, base))


@pytest.fixture(scope="session")
def demo_published(demo_run) -> Path:
    return demo_run.publication.path


@pytest.fixture(scope="session")
def council_demo_landing(tmp_path_factory) -> Path:
    landing = tmp_path_factory.mktemp("council_demo") / "landing"
    council_generator.write_drops(landing)
    return landing


@pytest.fixture(scope="session")
def council_demo_run(council_demo_landing, tmp_path_factory) -> pipeline.RunResult:
    """The CLI's pipeline run on the council demo drops (newest complete drop: 2024-04-02)."""
    return pipeline.run(settings_for(council_demo_landing, tmp_path_factory.mktemp("council_demo_run"), source=COUNCIL_SEND))
