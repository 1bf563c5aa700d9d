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
    `work`. The pipeline also returns its profile: each step's seconds, dbt's slowest nodes and
    every dbt node's seconds."""
    from sendpipe.benchmark.kpis import figures_from_published
    if contender == "pipeline":
        from sendpipe import pipeline
        from sendpipe.config import Settings
        from sendpipe.dbt_build import dbt_paths
        warehouse = pipeline_warehouse(work)
        settings = Settings.resolve(landings, warehouse, work / "published", export_date,
                                    demo=True, environ={}, quality_dir=work / "quality")
        result = pipeline.run(settings)
        nodes = dbt_node_seconds(dbt_paths(warehouse)[0] / "run_results.json")
        return {"figures": figures_from_published(result.publication.path),
                "profile": {"steps": result.step_seconds, "slowest_dbt_nodes": slowest_dbt_nodes(nodes),
                            "dbt_node_seconds": nodes}}
    if contender == "pandas":
        from sendpipe.benchmark import pandas_script
        return {"figures": pandas_script.compute(landings, export_date)}
    if contender == "duckdb_sql":
        from sendpipe.benchmark import duckdb_sql
        return {"figures": duckdb_sql.compute(landings, export_date)}
    raise ValueError(f"unknown contender {contender!r}: one of {', '.join(CONTENDERS)}")


def dbt_node_seconds(run_results: Path) -> dict[str, float]:
    """{"kind:name": seconds} of every node of the dbt build (models, tests, seeds, snapshots)."""
    results = json.loads(run_results.read_text())["results"]
    names = (r["unique_id"].split(".") for r in results)  # e.g. model.sendpipe.fct_enquiries
    return {f"{kind}:{name}": round(r["execution_time"], 2) for (kind, _, name, *_), r in zip(names, results)}


def slowest_dbt_nodes(node_seconds: dict[str, float], count: int = 8) -> list[list]:
    """[[node, seconds], ...] of the dbt build's slowest nodes, slowest first."""
    return [[node, seconds] for node, seconds in sorted(node_seconds.items(), key=lambda pair: -pair[1])[:count]]


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
