"""Write seeded demo drops of a case system: the SENDIASS one (default) or the council's SEND one
(see sendpipe/demo/generator.py and sendpipe/demo/council_generator.py)."""
from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from sendpipe.demo import council_generator, generator

GENERATORS = {"case_system": generator, "council_send": council_generator}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="landing folder; one sub-folder per night is written")
    parser.add_argument("--source", choices=sorted(GENERATORS), default="case_system")
    parser.add_argument("--seed", type=int, help="default: the generator's own")
    parser.add_argument("--first-night", type=date.fromisoformat, default=generator.DEFAULT_FIRST_NIGHT)
    parser.add_argument("--last-night", type=date.fromisoformat, default=generator.DEFAULT_LAST_NIGHT)
    args = parser.parse_args()
    module = GENERATORS[args.source]
    seed = module.DEFAULT_SEED if args.seed is None else args.seed
    for folder in module.write_drops(args.out, seed, args.first_night, args.last_night):
        print(folder)


if __name__ == "__main__":
    main()
