"""Run the Great Expectations suites on batches read from the warehouse (read-only).

GX 1.x has no DuckDB data source, so each batch is a DataFrame read through a read-only warehouse
session (DuckDB or Postgres) and validated by the suite's checkpoint in the file context in `expectations/`. Data
Docs are built into the configured folder; a failed suite stops the run before publishing.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sendpipe.contracts import CASE_SYSTEM, PROJECT_ROOT, Source
from sendpipe.warehouse import Warehouse, quote
from sendpipe.quality.expectation_suites import SuiteSpec, suite_specs

log = logging.getLogger(__name__)

EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"


class QualityGateFailed(RuntimeError):
    """A Great Expectations suite failed: the batch is wrong as a whole; nothing is published."""


@dataclass(frozen=True)
class SuiteOutcome:
    suite: str
    rows: int
    success: bool
    failures: tuple[str, ...]


def _context(data_docs_dir: Path, results_dir: Path):
    import great_expectations as gx  # imported here: GX is slow to import and only these steps need it

    # great_expectations.yml reads these two folders from the environment.
    os.environ["SENDPIPE_GX_DATA_DOCS_DIR"] = str(data_docs_dir)
    os.environ["SENDPIPE_GX_RESULTS_DIR"] = str(results_dir)
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    return gx.get_context(mode="file", project_root_dir=str(EXPECTATIONS_DIR))


def _batch(session, spec: SuiteSpec, export_date: date):
    columns = ", ".join(quote(c) for c in spec.columns)
    if spec.night_column:
        return session.frame(f"select {columns} from {spec.table} where {quote(spec.night_column)} = ?", [export_date])
    return session.frame(f"select {columns} from {spec.table}")


def validate(layer: str, warehouse: Warehouse, export_date: date, quality_dir: Path,
             source: Source = CASE_SYSTEM) -> list[SuiteOutcome]:
    """Validate every suite of a source's layer ('raw': the night's drops; 'marts': the built marts,
    the records of the night's drops where the source is national)."""
    context = _context(quality_dir / "data_docs", quality_dir / "gx_results")
    outcomes = []
    with warehouse.session() as session:
        for spec in (s for s in suite_specs(source) if s.layer == layer):
            batch = _batch(session, spec, export_date)
            result = context.checkpoints.get(spec.name).run(batch_parameters={"dataframe": batch})
            failures = tuple(
                f"{r.expectation_config.type}({r.expectation_config.kwargs.get('column', '')}): "
                f"{r.result.get('unexpected_count', '?')} of {r.result.get('element_count', len(batch))} unexpected"
                for run in result.run_results.values() for r in run.results if not r.success
            )
            outcomes.append(SuiteOutcome(spec.name, len(batch), result.success, failures))
            log.info("GX suite %s on %d rows: %s", spec.name, len(batch), "passed" if result.success else "FAILED")
    failed = [o for o in outcomes if not o.success]
    if failed:
        detail = "; ".join(f"{o.suite}: {', '.join(o.failures)}" for o in failed)
        raise QualityGateFailed(f"{layer} validation failed for export date {export_date}: {detail} "
                                f"(Data Docs: {quality_dir / 'data_docs' / 'index.html'})")
    return outcomes
