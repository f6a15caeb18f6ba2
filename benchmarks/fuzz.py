"""Fuzz `rewrite` and `analyze` for as long as asked (issue 12).

    python benchmarks/fuzz.py --minutes 10 [--seed N] [--keep corpus/fuzz]

Draws grammar-generated modules (hypothesmith, from Python's grammar and from its
syntax trees), half of them with a planted legacy call, and applies the checks of
`tests/fuzz_checks.py` to each: no exception but a one-line `SourceError`, outputs
that re-parse, idempotence, untouched files byte for byte.  Every failing example is
written to `--keep` (named by its hash) so that `tests/test_fuzz.py` replays it, and
printed with its error.  Prints the number of examples tried and failures found.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
import traceback
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", default=str(HERE.parent / "corpus" / "fuzz"))
    args = parser.parse_args()

    import hypothesmith
    from hypothesis.errors import NonInteractiveExampleWarning

    from fuzz_checks import PLANTS, check_source

    warnings.simplefilter("ignore", NonInteractiveExampleWarning)
    rng = random.Random(args.seed)
    strategies = [hypothesmith.from_grammar(), hypothesmith.from_node()]
    deadline = time.monotonic() + args.minutes * 60
    tried = failed = 0
    keep = Path(args.keep)
    while time.monotonic() < deadline:
        try:
            text = rng.choice(strategies).example()
        except Exception:  # noqa: BLE001 - a generator hiccup is not a finding
            continue
        if rng.random() < 0.5:
            plant = rng.choice(PLANTS)
            text = plant + "\n" + text if rng.random() < 0.5 else text + "\n" + plant
        tried += 1
        try:
            check_source(text)
        except Exception as exc:  # noqa: BLE001 - every failure is a finding
            failed += 1
            keep.mkdir(parents=True, exist_ok=True)
            name = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
            (keep / f"fuzz_{name}.py").write_text(text, encoding="utf-8")
            print(f"FAIL {name}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
            traceback.print_exc(limit=3)
    print(f"examples tried: {tried}; failures: {failed}; minutes: {args.minutes:g}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
