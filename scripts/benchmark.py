"""Benchmark the pipeline against a pandas script and a hand-written DuckDB SQL script (docs/performance.md).

    python scripts/benchmark.py --scale demo|small|regional|national|national-1y [--work DIR] [--landings DIR] [--json FILE]
    python scripts/benchmark.py --scale national --nightly-against national-1y [--rounds 3]
        [--landings DIR] [--against-landings DIR] [--work DIR] [--json FILE]

Generates the scale's drops, times (a) the pipeline's full refresh, (b) its nightly run after one
new drop, (c) pandas and (d) DuckDB SQL on the same CSV files, checks all four publish the same
figures and prints the table. Exits 1 when they disagree.

With --nightly-against, times instead the nightly run on the scale's history against the same
night on the other scale's, alternating for --rounds rounds, and prints each round's ratio and
the median. Exits 1 when a round published other figures than the first on the same history.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from sendpipe.benchmark.runner import SCALES, benchmark, nightly_against, render, render_nightly_against


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
    parser.add_argument("--work", type=Path, help="working folder (replaced); default: a new temporary folder")
    parser.add_argument("--landings", type=Path,
                        help="keep the generated drops here and reuse them when a later run asks for the same scale")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--nightly-against", choices=sorted(SCALES),
                        help="time the nightly run against the same night on this scale's history, interleaved")
    parser.add_argument("--against-landings", type=Path, help="as --landings, for the --nightly-against scale")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of --nightly-against (default 3)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix=f"sendpipe-benchmark-{args.scale}-"))
    if args.nightly_against:
        result = nightly_against(args.scale, args.nightly_against, work, args.landings, args.against_landings, args.rounds)
        print(render_nightly_against(result))
    else:
        result = benchmark(args.scale, work, args.landings)
        print(render(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["identical"] else 1


if __name__ == "__main__":
    sys.exit(main())
