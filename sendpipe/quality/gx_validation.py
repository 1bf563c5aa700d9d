"""Run the Great Expectations suites on batches read from the warehouse (read-only).

GX 1.x has no DuckDB data source, so each batch is a DataFrame read through a read-only warehouse
session (DuckDB or Postgres) and validated by the suite's checkpoint in the file context in `expectations/`. Data
Docs are built into the configured folder once per layer, after its suites; a failed suite stops
the run before publishing.

GX reads every stored result each time it builds the Data Docs index, so a store that only grew
made each night slower than the one before. Each suite keeps its latest `DATA_DOCS_NIGHTS` results
(and their pages) where GX looks; older ones are moved, unchanged, to `gx_archive/` beside them.
"""
from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sendpipe.contracts import CASE_SYSTEM, PROJECT_ROOT, Source
from sendpipe.warehouse import Warehouse, quote
from sendpipe.quality.expectation_suites import SuiteSpec, suite_specs

log = logging.getLogger(__name__)

EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
DATA_DOCS_SITE = "sendpipe"
# The GX stores' folders in the quality folder: the Data Docs site and the validation results.
DATA_DOCS_FOLDER = "data_docs"
RESULTS_FOLDER = "gx_results"
DATA_DOCS_NIGHTS = 7  # results of each suite kept in the GX stores (and the index); the rest archived


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
    from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

    specs = [s for s in suite_specs(source) if s.layer == layer]
    archive_old_results(quality_dir, [spec.name for spec in specs])
    context = _context(quality_dir / DATA_DOCS_FOLDER, quality_dir / RESULTS_FOLDER)
    outcomes = []
    documented = []  # the pages to build: each suite's and its new result's
    with warehouse.session() as session:
        for spec in specs:
            batch = _batch(session, spec, export_date)
            result = context.checkpoints.get(spec.name).run(batch_parameters={"dataframe": batch})
            documented += [ExpectationSuiteIdentifier(name=spec.name), *result.run_results]
            failures = tuple(
                f"{r.expectation_config.type}({r.expectation_config.kwargs.get('column', '')}): "
                f"{r.result.get('unexpected_count', '?')} of {r.result.get('element_count', len(batch))} unexpected"
                for run in result.run_results.values() for r in run.results if not r.success
            )
            outcomes.append(SuiteOutcome(spec.name, len(batch), result.success, failures))
            log.info("GX suite %s on %d rows: %s", spec.name, len(batch), "passed" if result.success else "FAILED")
    # Before a failure is raised: its Data Docs page is where the failing rows are shown.
    context.build_data_docs(site_names=[DATA_DOCS_SITE], resource_identifiers=documented)
    failed = [o for o in outcomes if not o.success]
    if failed:
        detail = "; ".join(f"{o.suite}: {', '.join(o.failures)}" for o in failed)
        raise QualityGateFailed(f"{layer} validation failed for export date {export_date}: {detail} "
                                f"(Data Docs: {quality_dir / DATA_DOCS_FOLDER / 'index.html'})")
    return outcomes


def archive_old_results(quality_dir: Path, suites: list[str], keep: int = DATA_DOCS_NIGHTS) -> None:
    """Move each of the suites' results but its latest `keep - 1` (tonight's is the `keep`th), and
    their Data Docs pages, from the GX stores to `quality_dir/gx_archive/` at the same relative
    paths. Only the suites about to run: the other source's run may be using the same folder.
    Both stores lay a result out as <suite>/<run name>/<run time>/, and run times sort as text."""
    archive = quality_dir / "gx_archive"
    for store in (Path(RESULTS_FOLDER), Path(DATA_DOCS_FOLDER) / "validations"):
        for suite in (quality_dir / store / name for name in suites):
            runs = sorted((p for p in suite.glob("*/*") if p.is_dir()), key=lambda p: p.name)
            for run in runs[:max(len(runs) - (keep - 1), 0)]:
                target = archive / run.relative_to(quality_dir)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(run, target)
