"""Notebooks of real projects through the notebook path: how many read, how many code
cells parse after masking, what the rewrite changes, and whether every change keeps
the JSON outside the edited sources byte for byte and is a fixed point.

    python benchmarks/notebooks_real.py [--unsafe-fixes] [FOLDER ...]   (default: /work/realcorpus)

Prints figures; nothing is written.  The projects' code is read, never committed
(benchmarks/real_projects.json names their repositories and commits).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from migrate_fitgen import notebooks  # noqa: E402
from migrate_fitgen.rewrite import RewriteOptions, collect_project_info, rewrite_source  # noqa: E402
from migrate_fitgen.sources import SourceError, iter_python_files  # noqa: E402


def _without_sources(nb: notebooks.Notebook, text: str) -> str:
    other = notebooks.decode_notebook(text.encode("utf-8"), nb.path)
    out = text
    for cell in sorted(other.code_cells, key=lambda c: -c.node.start):
        out = out[: cell.node.start] + "<source>" + out[cell.node.end:]
    return out


OPTIONS = RewriteOptions()


def _valid(text: str) -> bool:
    """Jupyter's own reader and schema take the notebook."""
    import nbformat

    try:
        nbformat.validate(nbformat.reads(text, as_version=nbformat.NO_CONVERT))
    except Exception:  # noqa: BLE001 - any refusal counts
        return False
    return True


def rewrite_notebook(path: str, data: bytes):
    nb, program = notebooks.load(data, path)
    project = collect_project_info({path: program.text}, [])
    result = rewrite_source(program.text, path, OPTIONS, project)
    changes = notebooks.split_output(program, result.output) if result.changed else []
    return nb, program, changes, notebooks.apply(nb, changes), result


def main(folders) -> None:
    paths = [p for p in iter_python_files(folders, notebooks=True) if p.endswith(".ipynb")]
    stats: Counter = Counter()
    reasons: Counter = Counter()
    start = time.perf_counter()
    for path in paths:
        stats["notebooks"] += 1
        data = Path(path).read_bytes()
        try:
            nb, program, changes, out, result = rewrite_notebook(path, data)
        except SourceError as exc:
            stats["not read (JSON, encoding, or the rewrite refused)"] += 1
            reasons[str(exc).split(":")[0]] += 1
            continue
        if not nb.python:
            stats["not a Python kernel"] += 1
            continue
        stats["code cells"] += len(nb.code_cells)
        stats["code cells in the program"] += len(program.cells)
        stats["code cells that do not parse (reported)"] += len(program.problems)
        stats["masked IPython lines"] += sum(len(c.masks) for c in program.cells)
        skipped = len(nb.code_cells) - len(program.cells) - len(program.problems)
        stats["code cells left out (empty, or %%bash-like)"] += skipped
        for _, why in program.problems:
            reasons[why.split(":")[-1].strip()[:60]] += 1
        if not changes:
            continue
        stats["notebooks changed"] += 1
        stats["cells changed"] += len(changes)
        stats["calls migrated"] += result.calls_migrated
        original = data.decode("utf-8-sig")
        if _without_sources(nb, original) != _without_sources(nb, out):
            stats["FAIL: bytes outside the sources changed"] += 1
        old, new = json.loads(original), json.loads(out)
        if old.get("metadata") != new.get("metadata"):
            stats["FAIL: metadata changed"] += 1
        again = rewrite_notebook(path, out.encode("utf-8"))
        if again[3] != out:
            stats["FAIL: not a fixed point"] += 1
        if _valid(original) and not _valid(out):
            stats["FAIL: valid for nbformat before, not after"] += 1
        elif _valid(out):
            stats["changed notebooks nbformat validates"] += 1
    elapsed = time.perf_counter() - start
    width = max(len(k) for k in stats) if stats else 10
    print(f"notebooks under {', '.join(folders)} (.ipynb_checkpoints skipped)")
    for key, value in stats.items():
        print(f"  {key:<{width}}  {value}")
    print(f"  {'seconds (one process, no cache)':<{width}}  {elapsed:.1f}")
    if reasons:
        print("most common reasons a notebook or cell was not read:")
        for why, n in reasons.most_common(8):
            print(f"  {n:4d}  {why}")


if __name__ == "__main__":
    os.environ.setdefault("KERAS_BACKEND", "jax")
    args = sys.argv[1:]
    if "--unsafe-fixes" in args:
        args.remove("--unsafe-fixes")
        OPTIONS = RewriteOptions(unsafe_fixes=True)
    main(args or ["/work/realcorpus"])
