"""Command line: `python -m sendpipe run --exports DIR --warehouse FILE --publish DIR`."""
from __future__ import annotations

import argparse
import logging
import sys

from sendpipe import pipeline
from sendpipe.config import ConfigurationError, Settings
from sendpipe.dbt_build import DbtBuildFailed
from sendpipe.load import ContractViolation
from sendpipe.quality.gx_validation import QualityGateFailed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sendpipe", description="The nightly SEND data pipeline.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="load the newest complete drop (or --export-date), build the models, publish")
    run.add_argument("--exports", help="landing folder of nightly drops (default: data/landing or SENDPIPE_EXPORTS_DIR)")
    run.add_argument("--warehouse", help="DuckDB warehouse file (default: data/warehouse/sendpipe.duckdb or SENDPIPE_WAREHOUSE)")
    run.add_argument("--publish", help="publish folder (default: data/published or SENDPIPE_PUBLISH_DIR)")
    run.add_argument("--quality-dir", help="quality reports and GX Data Docs (default: data/quality or SENDPIPE_QUALITY_DIR)")
    run.add_argument("--export-date", help="run as at this night's drop (YYYY-MM-DD) instead of the newest")
    run.add_argument("--demo", action="store_true", default=None, help="demo mode: use the public demo pseudonym key")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.resolve(args.exports, args.warehouse, args.publish, args.export_date, args.demo,
                                     quality_dir=args.quality_dir)
        result = pipeline.run(settings)
    except (ConfigurationError, ContractViolation, pipeline.NoCompleteDrop, DbtBuildFailed, QualityGateFailed,
            FileNotFoundError) as err:
        print(f"sendpipe: {err}", file=sys.stderr)
        return 1
    print(f"published export date {result.export_date} to {result.publication.path}")
    print(f"quality report: {result.report_path}")
    return 0
