"""Start-up: one 600-line file through ``rewrite -`` and ``analyze -`` (stdin), as an
editor or a pre-commit hook runs the tool, start-up included.

    python benchmarks/startup.py [--runs 7] [--before /path/to/another/checkout] [--pyc]
    python benchmarks/startup.py --steps [--runs 7] [--pyc] [--before ...]

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

``--steps`` says where the CPU of the legacy-call rows goes: each run is one child that
imports what ``rewrite -`` / ``analyze -`` import, step by step, then runs the command
(``migrate_fitgen.cli.main``) on the file with the core call (``rewrite_source`` /
``analyze_paths``) timed apart; medians of CPU seconds per step (``time.process_time``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
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


#: a child of ``--steps``: prints one JSON object of {step: CPU seconds}
STEPS = r"""
import io, json, os, sys, time
T = time.process_time
command = sys.argv[1]
out, t = {}, T()
def step(name):
    global t
    now = T(); out[name] = now - t; t = now
import typer
step("import typer")
import migrate_fitgen.cli as cli
step("import the rest of migrate_fitgen.cli")
if hasattr(cli, "gc_off_for_one_file"):  # as the command does before it imports libcst
    cli._PROCESS_ENDS_WITH_COMMAND = True
    cli.gc_off_for_one_file()
import libcst
step("import libcst")
if command == "rewrite":
    import migrate_fitgen.keras_receivers, migrate_fitgen.rewrite.engine as core
    name = "rewrite_source"
else:
    import migrate_fitgen.keras_receivers, migrate_fitgen.rewrite.engine, migrate_fitgen.report
    import migrate_fitgen.analyze.engine as core, migrate_fitgen.analyze.project
    name = "analyze_paths"
step("import our core modules")
real, spent = getattr(core, name), []
def timed(*a, **k):
    s = T()
    try:
        return real(*a, **k)
    finally:
        spent.append(T() - s)
setattr(core, name, timed)
sys.modules["migrate_fitgen.rewrite"].__dict__.pop(name, None)  # its lazy re-export
sys.argv = ["migrate-fitgen", command, "-"]
sys.stdout = sys.stderr = open(os.devnull, "w")
if hasattr(cli, "_exit_at_once"):  # the command's own exit skips teardown: so does this child
    cli._exit_at_once = lambda code: None
try:
    cli.main()
except SystemExit:
    pass
step("main()")
out["the command around the core (options, read, report)"] = out.pop("main()") - sum(spent)
out[name + " (parse, passes, output)"] = sum(spent)
print(json.dumps(out), file=sys.__stdout__)
"""


def steps(folder: Path, runs: int, roots: List[Tuple[str, Path]]) -> None:
    _label, path = files(folder)[1]  # the file with 2 legacy calls
    print(f"CPU s (median of {runs}) per step, {path.name}; interpreter start: `python -c pass`\n")
    for command in ("rewrite", "analyze"):
        table: dict = {}  # step -> root name -> values
        for _ in range(runs):  # the roots take turns, run by run
            for name, root in roots:
                start = _runs.run([_runs.PYTHON, "-c", "pass"], folder, root=root).cpu
                with open(path, "rb") as feed:
                    text = subprocess.run(
                        [_runs.PYTHON, "-c", STEPS, command], stdin=feed, capture_output=True,
                        text=True, env=_runs.env(root), cwd=folder, check=True,
                    ).stdout
                values = {"interpreter start (`python -c pass`)": start, **json.loads(text)}
                for key, value in values.items():
                    table.setdefault(key, {}).setdefault(name, []).append(value)
        names = [name for name, _ in roots]
        print(f"| `{command} -` step | " + " | ".join(f"{n}: CPU s" for n in names) + " |")
        print("|---|" + "---|" * len(names))
        sums = dict.fromkeys(names, 0.0)
        for key, by_root in table.items():
            cells = []
            for n in names:
                m = statistics.median(by_root[n]) if n in by_root else 0.0
                sums[n] += m
                cells.append(f"{m:.3f}")
            print(f"| {key} | " + " | ".join(cells) + " |")
        print("| sum of the medians | " + " | ".join(f"{sums[n]:.3f}" for n in names) + " |\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--before", type=Path, default=None, help="another checkout to compare with")
    ap.add_argument("--pyc", action="store_true", help="cache bytecode, as an installed copy has it")
    ap.add_argument("--steps", action="store_true", help="where the CPU of the legacy-call rows goes")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="mf-startup-"))
    if args.pyc:  # the children inherit os.environ (_runs.env)
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="mf-startup-pyc-")
    roots = [("this checkout", _runs.ROOT)] + ([("before", args.before.resolve())] if args.before else [])
    if args.steps:
        if args.pyc:  # one run, not counted, writes the bytecode
            steps(folder, 1, roots)
            print("(the run above wrote the bytecode; the counted runs follow)\n")
        steps(folder, args.runs, roots)
        return
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
