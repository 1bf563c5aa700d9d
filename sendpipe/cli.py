"""Command line: `python -m sendpipe run --exports DIR --warehouse FILE --publish DIR`."""
from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import replace
from datetime import date

from sendpipe import pipeline
from sendpipe.config import ConfigurationError, Settings
from sendpipe.contracts import CASE_SYSTEM, SOURCES
from sendpipe.dbt_build import DbtBuildFailed
from sendpipe.load import ContractViolation
from sendpipe.quality.gx_validation import QualityGateFailed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sendpipe", description="The nightly SEND data pipeline.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="load the newest complete drop (or --as-at), build, validate, publish, report")
    backfill = commands.add_parser("backfill", help="run every complete night from --from to --to, oldest first")
    backfill.add_argument("--from", dest="first", required=True, type=date.fromisoformat, help="first night (YYYY-MM-DD)")
    backfill.add_argument("--to", dest="last", required=True, type=date.fromisoformat, help="last night (YYYY-MM-DD)")
    restate = commands.add_parser("restate", help="recompute a closed financial year's frozen tables, then run")
    restate.add_argument("--financial-year", required=True, help="the year to restate, e.g. 2023-24")
    restate.add_argument("--reason", required=True, help="why it is restated (kept in history._restatements)")
    for command in (run, backfill, restate):
        command.add_argument("--source", choices=sorted(SOURCES), default=CASE_SYSTEM.name,
                             help="whose drops: the SENDIASS case system (default) or the council's SEND case system")
        command.add_argument("--exports", nargs="+", help="landing folder(s) of nightly drops, one per service, or a parent of "
                                                          "them (default: data/landing or SENDPIPE_EXPORTS_DIR; "
                                                          "council_send: data/landing_council or SENDPIPE_COUNCIL_EXPORTS_DIR)")
        command.add_argument("--warehouse", help="DuckDB warehouse file (default: data/warehouse/sendpipe.duckdb or SENDPIPE_WAREHOUSE)")
        command.add_argument("--publish", help="publish folder (default: data/published or SENDPIPE_PUBLISH_DIR; "
                                               "council_send: data/published_council or SENDPIPE_COUNCIL_PUBLISH_DIR)")
        command.add_argument("--quality-dir", help="quality reports and GX Data Docs (default: data/quality or SENDPIPE_QUALITY_DIR)")
        command.add_argument("--demo", action="store_true", default=None, help="demo mode: use the public demo pseudonym key")
        command.add_argument("--full-refresh", action="store_true",
                             help="rebuild the incremental models from the raw drops (same tables, slower)")
        command.add_argument("--suppress-small-numbers", action="store_true",
                             help="public release: show counts 1 to 4 as [c] (default: SENDPIPE_SUPPRESS_SMALL_NUMBERS)")
    for command in (run, restate):
        command.add_argument("--as-at", "--export-date", dest="export_date",
                             help="run as at this night's drop (YYYY-MM-DD) instead of the newest")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.resolve(args.exports, args.warehouse, args.publish, getattr(args, "export_date", None),
                                     args.demo, quality_dir=args.quality_dir, source=SOURCES[args.source])
        if args.suppress_small_numbers:
            settings = replace(settings, suppress_small_numbers=True)
        if args.full_refresh:
            settings = replace(settings, full_refresh=True)
        if args.command == "backfill":
            results = pipeline.backfill(settings, args.first, args.last)
            print("ran " + ", ".join(str(r.export_date) for r in results))
            return 0
        if args.command == "restate":
            result = pipeline.restate(settings, args.financial_year, args.reason)
        else:
            result = pipeline.run(settings)
    except (ConfigurationError, ContractViolation, pipeline.NoCompleteDrop, DbtBuildFailed, QualityGateFailed,
            FileNotFoundError, ValueError) as err:
        print(f"sendpipe: {err}", file=sys.stderr)
        return 1
    print(f"published export date {result.export_date} to {result.publication.path}")
    print(f"quality report: {result.report_path}")
    return 0
