"""Start-up: one 600-line file through ``rewrite -`` and ``analyze -`` (stdin), as an
editor or a pre-commit hook runs the tool, start-up included.

    python benchmarks/startup.py [--runs 7] [--before /path/to/another/checkout] [--pyc]

Two files of about 600 lines, made like ``benchmarks/rewrite.py``'s: one with nothing
to do (no legacy call, generator, Keras import or training call) and one with a
migrated ``fit_generator``/``evaluate_generator`` pair.  Each command is a child
process; the rows take turns, round by round.  ``--before`` runs every row on another
checkout too (its folder is put first on PYTHONPATH), for a before/after table.
Prints medians of wall and CPU seconds.  Goal (issue 9): under 0.3 s wall.

The children inherit this process's environment: with ``PYTHONDONTWRITEBYTECODE=1``
(set in some sandboxes and CI images) every run compiles migrate_fitgen's own source
again (about 350 KB on the legacy-call rows, 0.06-0.1 s), which an installed copy
does not (pip writes the ``.pyc`` files).  ``--pyc`` measures as installed: bytecode is
cached under a private ``PYTHONPYCACHEPREFIX`` and one round, not counted, writes it.
"""

from __future__ import annotations

import argparse
import os
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
    ap.add_argument("--pyc", action="store_true", help="cache bytecode, as an installed copy has it")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="mf-startup-"))
    if args.pyc:  # the children inherit os.environ (_runs.env)
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="mf-startup-pyc-")
    roots = [("this checkout", _runs.ROOT)] + ([("before", args.before.resolve())] if args.before else [])
    table: List[Tuple[str, Path, Path, Row]] = []
    for name, root in roots:
        table.append((name, root, None, Row("python -c pass", [_runs.PYTHON, "-c", "pass"])))
        table.append((name, root, None, Row("import migrate_fitgen.cli", [_runs.PYTHON, "-c", "import migrate_fitgen.cli"])))
        for label, path in files(folder):
            for command in ("rewrite", "analyze"):
                table.append((name, root, path, Row(f"{command} - ({label})", cli(command, "-"))))
    if args.pyc:  # writes the bytecode; not counted
        for _name, root, stdin, row in table:
            _runs.run(row.argv, folder, stdin=stdin, root=root)
    for _ in range(args.runs):
        for _name, root, stdin, row in table:
            row.runs.append(_runs.run(row.argv, folder, stdin=stdin, root=root))
    bytecode = "cached (--pyc)" if args.pyc else (
        "not cached (PYTHONDONTWRITEBYTECODE)" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "as the environment has it"
    )
    print(f"{args.runs} runs per row; migrate_fitgen's bytecode: {bytecode}\n")
    print("| code | command | wall s (median) | CPU s (median) | peak RSS MB |")
    print("|---|---|---|---|---|")
    for name, _root, _stdin, row in table:
        print(f"| {name} | `{row.label}` | {row.median():.3f} | {row.median('cpu'):.3f} | {row.peak():.0f} |")


if __name__ == "__main__":
    main()
