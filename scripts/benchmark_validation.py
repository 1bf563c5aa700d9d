"""Time the GX validation steps over many nights (docs/performance.md, "GX over many nights").

    python scripts/benchmark_validation.py [--nights 100] [--warehouse data/warehouse/sendpipe.duckdb]
        [--export-date 2024-04-02] [--work DIR]

Validates one night of a built warehouse (by default the demo's, which scripts/setup.sh builds)
again and again into one quality folder, and prints each layer's step time by night.
"""
from __future__ import annotations

import argparse
import tempfile
from datetime import date
from pathlib import Path

from sendpipe.benchmark.validation_nights import render, validation_nights
from sendpipe.config import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nights", type=int, default=100)
    parser.add_argument("--warehouse", type=Path, default=Path("data/warehouse/sendpipe.duckdb"))
    parser.add_argument("--export-date", type=date.fromisoformat, default=date(2024, 4, 2))
    parser.add_argument("--work", type=Path, help="working folder (replaced); default: a new temporary folder")
    args = parser.parse_args()
    settings = Settings.resolve(warehouse=args.warehouse, demo=True, environ={})  # the DuckDB file, whatever the environment
    work = args.work or Path(tempfile.mkdtemp(prefix="sendpipe-benchmark-validation-"))
    print(render(validation_nights(settings, args.export_date, args.nights, work)))


if __name__ == "__main__":
    main()
