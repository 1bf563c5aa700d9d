"""Benchmark the pipeline against a pandas script and a hand-written DuckDB SQL script (docs/performance.md).

    python scripts/benchmark.py --scale demo|small|regional|national|national-1y [--work DIR] [--landings DIR] [--json FILE]

Generates the scale's drops, times (a) the pipeline's full refresh, (b) its nightly run after one
new drop, (c) pandas and (d) DuckDB SQL on the same CSV files, checks all four publish the same
figures and prints the table. Exits 1 when they disagree.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from sendpipe.benchmark.runner import SCALES, benchmark, render


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
    parser.add_argument("--work", type=Path, help="working folder (replaced); default: a new temporary folder")
    parser.add_argument("--landings", type=Path,
                        help="keep the generated drops here and reuse them when a later run asks for the same scale")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix=f"sendpipe-benchmark-{args.scale}-"))
    result = benchmark(args.scale, work, args.landings)
    print(render(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["identical"] else 1


if __name__ == "__main__":
    sys.exit(main())
