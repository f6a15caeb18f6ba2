"""SIGKILL `migrate-fitgen rewrite` at random moments, many times (issue 12).

    python benchmarks/kill.py --runs 100 [--files 300] [--seed 0]

Each run copies a fresh tree of FILES generated modules (UTF-8, Latin-1 with a cookie,
CRLF, files with nothing to rewrite), starts a rewrite in its own process group, kills
the group with SIGKILL after a random delay within one whole run's duration, and checks
that every file is byte-identical to its original or to its fully rewritten form and
that no temporary file is left.  Prints kills performed, files checked, problems found.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    from kill_checks import kill_many

    with tempfile.TemporaryDirectory() as work:
        kills, checked, problems = kill_many(Path(work), args.runs, args.seed, args.files)
    for p in problems:
        print("PROBLEM", p)
    print(f"kills performed: {kills}; files checked: {checked}; problems: {len(problems)}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
