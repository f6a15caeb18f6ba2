"""How fast the tool is on the benchmark tree, against libcst's own runner and the floor.

    python benchmarks/speed.py [--tree /tmp/mf-tree/1x] [--runs 5] [--libcst-runs 1] [--jobs 1,2]

Build the tree first with ``python benchmarks/tree.py``.  Each row is a command run as
a child process; the rows take turns (round 1 runs every row once, then round 2...),
so a load that comes and goes spreads over all of them.  Rows:

- ``floor``: read every file and ``ast.parse`` the ones the analyser's prefilter keeps
  (``benchmarks/_runs.py``), in a child process of its own;
- ``rewrite --check`` and ``analyze``, cold and warm, with each ``--jobs`` value.  The
  options are found in ``--help``: without ``--jobs`` one row runs the default,
  without a cache (``--cache-dir`` or ``--no-cache``) there are no warm rows;
- libcst's runner, ``python -m libcst.tool codemod --jobs=N --no-format
  --unified-diff rename.RenameCommand TREE --old_name=keras.Model.fit_generator
  --new_name=keras.Model.fit``, only in the first ``--libcst-runs`` rounds (it takes
  minutes).  ``--unified-diff`` prints the changes instead of writing them, so the
  tree stays as it is for the other rows.  The runner reads its settings from a
  ``.libcst.codemod.yaml`` in the current folder or above (without one it uses its
  defaults, which format with black unless ``--no-format``); this script runs it from
  a temporary folder holding the file ``python -m libcst.tool initialize`` writes,
  with ``repo_root`` pointing at the tree.

Prints a Markdown table of medians (wall and CPU seconds, peak RSS) and the ratios
the goals of issue 9 speak of.  The figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path
from typing import List

import _runs
from _runs import Cache, Row, cli, fmt_s, jobs_supported, options_of

RENAME = [
    "rename.RenameCommand", "--old_name=keras.Model.fit_generator", "--new_name=keras.Model.fit",
]


def libcst_config(tree: Path) -> Path:
    """A folder holding the ``.libcst.codemod.yaml`` that ``libcst.tool initialize``
    writes, with ``repo_root`` set to the tree; the runner is started from there."""
    folder = Path(tempfile.mkdtemp(prefix="mf-libcst-"))
    subprocess.run([_runs.PYTHON, "-m", "libcst.tool", "initialize", str(folder)], check=True,
                   capture_output=True, env=_runs.env())
    config = folder / ".libcst.codemod.yaml"
    text = config.read_text()
    text = text.replace("repo_root: '.'", f"repo_root: '{tree}'").replace('repo_root: "."', f"repo_root: '{tree}'")
    if str(tree) not in text:
        text += f"\nrepo_root: '{tree}'\n"
    config.write_text(text)
    return folder


def rows(tree: Path, jobs: List[int], libcst_runs: int) -> List[Row]:
    out = [Row("floor (read all, ast.parse the prefiltered)", _runs.floor_argv(str(tree)))]
    for command, name, extra in (
        ("rewrite", "rewrite --check", ["--check", "-q"]), ("analyze", "analyze", ["--format", "json"])
    ):
        help_text = options_of(command)
        job_args = [["--jobs", str(j)] for j in jobs] if jobs_supported(help_text) else [[]]
        cache = Cache(help_text)
        for ja in job_args:
            label = f"{name} {' '.join(ja)}".strip()
            out.append(Row(f"{label} cold", cli(command, *extra, *ja, *cache.cold_args(), str(tree)),
                           setup=cache.before_cold))
            if cache.supported:
                out.append(Row(f"{label} warm", cli(command, *extra, *ja, *cache.warm_args(), str(tree)),
                               note="warm"))
    if libcst_runs:
        for j in jobs:
            argv = [_runs.PYTHON, "-m", "libcst.tool", "codemod", f"--jobs={j}", "--no-format",
                    "--unified-diff", "--hide-progress", RENAME[0], str(tree), *RENAME[1:]]
            out.append(Row(f"libcst runner --jobs={j}", argv, note="libcst"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", type=Path, default=Path("/tmp/mf-tree/1x"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--libcst-runs", type=int, default=1, help="rounds that run libcst's runner (0: none)")
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--only", default="", help="run only rows whose label contains this text")
    args = ap.parse_args()
    tree = args.tree.resolve()
    jobs = [int(j) for j in args.jobs.split(",")]
    table = [r for r in rows(tree, jobs, args.libcst_runs) if args.only in r.label]
    cwd = Path(tempfile.mkdtemp(prefix="mf-speed-"))
    libcst_cwd = libcst_config(tree) if any(r.note == "libcst" for r in table) else cwd

    for r in table:  # a warm row needs its cache filled first
        if r.note == "warm":
            _runs.run(r.argv, cwd)
    for round_ in range(args.runs):
        for r in table:
            if (r.note == "libcst" and round_ >= args.libcst_runs) or r.note.startswith("failed"):
                continue
            if r.setup is not None:
                r.setup(r)
            done = _runs.run(r.argv, libcst_cwd if r.note == "libcst" else cwd)
            if done.code in (0, 1):
                r.runs.append(done)
            else:  # killed or crashed: reported, not counted
                r.note = f"failed: exit {done.code}"
            print(f"# round {round_ + 1}: {r.label}: {done.wall:.2f} s (exit {done.code})", flush=True)

    print(f"\n{tree}: {sum(1 for _ in tree.rglob('*.py'))} files; medians of {args.runs} runs "
          f"({args.libcst_runs} for libcst's runner)\n")
    print("| command | runs | wall s (median) | CPU s (median) | peak RSS MB | wall / floor |")
    print("|---|---|---|---|---|---|")
    base = table[0].median() if table and table[0].runs and table[0].label.startswith("floor") else None
    for r in table:
        if not r.runs:
            print(f"| {r.label} | 0 | {r.note or 'not run'} | | | |")
            continue
        ratio = f"{r.median() / base:.1f}x" if base else ""
        flag = f" ({r.note})" if r.note.startswith("failed") else ""
        print(f"| {r.label}{flag} | {len(r.runs)} | {fmt_s(r.median())} | {fmt_s(r.median('cpu'))} | "
              f"{r.peak():.0f} | {ratio} |")

    def find(text: str) -> List[Row]:
        return [r for r in table if text in r.label and r.runs]

    print()
    for j in jobs:
        lib = find(f"libcst runner --jobs={j}")
        rw = find(f"rewrite --check --jobs {j} cold") or find("rewrite --check cold")
        if lib and rw:
            print(f"- cold `rewrite --check` (jobs {j}) is {lib[0].median() / rw[0].median():.0f}x faster "
                  f"than libcst's runner (goal: >= 100x)")
    if base:
        for r in find("analyze"):
            if r.label.endswith("cold"):
                print(f"- `{r.label}` takes {r.median() / base:.1f}x the floor (goal: <= 2x)")
    for r in find("warm"):
        print(f"- `{r.label}`: {fmt_s(r.median())} s (goal on the 1x tree: < 1 s)")


if __name__ == "__main__":
    main()
