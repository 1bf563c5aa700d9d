"""Write seeded demo drops of the SENDIASS case system (see sendpipe/demo/generator.py)."""
from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from sendpipe.demo.generator import DEFAULT_FIRST_NIGHT, DEFAULT_LAST_NIGHT, DEFAULT_SEED, write_drops


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="landing folder; one sub-folder per night is written")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--first-night", type=date.fromisoformat, default=DEFAULT_FIRST_NIGHT)
    parser.add_argument("--last-night", type=date.fromisoformat, default=DEFAULT_LAST_NIGHT)
    args = parser.parse_args()
    for folder in write_drops(args.out, args.seed, args.first_night, args.last_night):
        print(folder)


if __name__ == "__main__":
    main()
