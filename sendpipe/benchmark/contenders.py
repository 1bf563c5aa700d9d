"""Run one contender in this process and write its figures and peak memory as JSON.

The benchmark starts each contender as its own process (`python -m sendpipe.benchmark.contenders`),
so its wall time includes start-up and its peak memory is its own.
"""
from __future__ import annotations

import argparse
import json
import logging
import resource
from datetime import date
from pathlib import Path

CONTENDERS = ("pipeline", "pandas", "duckdb_sql")


def pipeline_warehouse(work: Path) -> Path:
    """The warehouse file of a pipeline contender run in `work`."""
    return work / "warehouse" / "sendpipe.duckdb"


def run(contender: str, landings: Path, export_date: date, work: Path) -> dict:
    """Figures of one contender as at `export_date`; the pipeline's warehouse and publication live in
    `work`. The pipeline also returns its profile: each step's seconds and dbt's slowest nodes."""
    from sendpipe.benchmark.kpis import figures_from_published
    if contender == "pipeline":
        from sendpipe import pipeline
        from sendpipe.config import Settings
        from sendpipe.dbt_build import dbt_paths
        warehouse = pipeline_warehouse(work)
        settings = Settings.resolve(landings, warehouse, work / "published", export_date,
                                    demo=True, environ={}, quality_dir=work / "quality")
        result = pipeline.run(settings)
        return {"figures": figures_from_published(result.publication.path),
                "profile": {"steps": result.step_seconds,
                            "slowest_dbt_nodes": slowest_dbt_nodes(dbt_paths(warehouse)[0] / "run_results.json")}}
    if contender == "pandas":
        from sendpipe.benchmark import pandas_script
        return {"figures": pandas_script.compute(landings, export_date)}
    if contender == "duckdb_sql":
        from sendpipe.benchmark import duckdb_sql
        return {"figures": duckdb_sql.compute(landings, export_date)}
    raise ValueError(f"unknown contender {contender!r}: one of {', '.join(CONTENDERS)}")


def slowest_dbt_nodes(run_results: Path, count: int = 8) -> list[list]:
    """[[node, seconds], ...] of the dbt build's slowest models and tests, slowest first."""
    results = json.loads(run_results.read_text())["results"]
    names = (r["unique_id"].split(".") for r in results)  # e.g. model.sendpipe.fct_enquiries
    timed = sorted(((f"{kind}:{name}", round(r["execution_time"], 2)) for (kind, _, name, *_), r in zip(names, results)),
                   key=lambda pair: -pair[1])
    return [list(pair) for pair in timed[:count]]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("contender", choices=CONTENDERS)
    parser.add_argument("--landings", type=Path, required=True)
    parser.add_argument("--export-date", type=date.fromisoformat, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    result = run(args.contender, args.landings, args.export_date, args.work)
    peak_kib = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    args.out.write_text(json.dumps({
        "peak_mib": round(peak_kib / 1024, 1),
        "figures": {table: [[*key, *values] for key, values in sorted(found.items())] for table, found in result["figures"].items()},
        "profile": result.get("profile"),
    }))


if __name__ == "__main__":
    main()
