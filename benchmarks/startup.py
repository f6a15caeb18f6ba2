"""Start-up: one 600-line file through ``rewrite -`` and ``analyze -`` (stdin), as an
editor or a pre-commit hook runs the tool, start-up included.

    python benchmarks/startup.py [--runs 7] [--before /path/to/another/checkout]

Two files of about 600 lines, made like ``benchmarks/rewrite.py``'s: one with nothing
to do (no legacy call, generator, Keras import or training call) and one with a
migrated ``fit_generator``/``evaluate_generator`` pair.  Each command is a child
process; the rows take turns, round by round.  ``--before`` runs every row on another
checkout too (its folder is put first on PYTHONPATH), for a before/after table.
Prints medians of wall and CPU seconds.  Goal (issue 9): under 0.3 s wall.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import List, Tuple

import _runs
from _runs import Row, cli
from rewrite import BLOCK, PLAIN, make


def files(folder: Path) -> List[Tuple[str, Path]]:
    out = []
    for label, text in (
        ("nothing to do", make(100, PLAIN)),
        ("2 legacy calls", make(1, BLOCK) + make(97, PLAIN)),
    ):
        path = folder / f"{label.replace(' ', '_')}.py"
        path.write_text(text)
        out.append((f"{label}, {text.count(chr(10))} lines", path))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--before", type=Path, default=None, help="another checkout to compare with")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="mf-startup-"))
    roots = [("this checkout", _runs.ROOT)] + ([("before", args.before.resolve())] if args.before else [])
    table: List[Tuple[str, Path, Path, Row]] = []
    for name, root in roots:
        table.append((name, root, None, Row("python -c pass", [_runs.PYTHON, "-c", "pass"])))
        table.append((name, root, None, Row("import migrate_fitgen.cli", [_runs.PYTHON, "-c", "import migrate_fitgen.cli"])))
        for label, path in files(folder):
            for command in ("rewrite", "analyze"):
                table.append((name, root, path, Row(f"{command} - ({label})", cli(command, "-"))))
    for _ in range(args.runs):
        for _name, root, stdin, row in table:
            row.runs.append(_runs.run(row.argv, folder, stdin=stdin, root=root))
    print("| code | command | wall s (median) | CPU s (median) | peak RSS MB |")
    print("|---|---|---|---|---|")
    for name, _root, _stdin, row in table:
        print(f"| {name} | `{row.label}` | {row.median():.3f} | {row.median('cpu'):.3f} | {row.peak():.0f} |")


if __name__ == "__main__":
    main()
