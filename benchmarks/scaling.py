"""Does the tool scale: wall time and peak RSS on 1x, 4x and 16x the benchmark tree.

    python benchmarks/scaling.py [--dest /tmp/mf-tree] [--copies 1,4,16] [--runs 3]
                                 [--jobs N] [--timeout SECONDS] [--memory-limit MB]

The trees are ``DEST/<N>x`` as ``python benchmarks/tree.py --copies 1,4,16`` builds
them.  For each tree, ``rewrite --check`` and ``analyze`` run cold and warm (warm only
when the command line has a cache, found in ``--help`` as in ``speed.py``; ``--jobs N``
is passed when it exists), each as a child process whose peak RSS comes from
``os.wait4``.  The goal: time grows linearly with the tree (the "per 1,000 files"
column stays flat) and memory does not grow with it (the RSS column stays flat).

A run that passes ``--timeout`` is killed, one that passes ``--memory-limit`` (its
address space, ``RLIMIT_AS``) fails; either way the larger trees of that row are
skipped, so a version that holds every file in memory cannot take the machine down.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Dict, List, Tuple

import _runs
from _runs import Cache, Row, cli, fmt_s, jobs_supported, options_of


def tree_size(tree: Path) -> Tuple[int, float]:
    files = list(tree.rglob("*.py"))
    return len(files), sum(f.stat().st_size for f in files) / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dest", type=Path, default=Path("/tmp/mf-tree"))
    ap.add_argument("--copies", default="1,4,16")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=0, help="pass --jobs N when the command line has it")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds a run may take (0: no limit)")
    ap.add_argument("--memory-limit", type=int, default=8000, help="MB of address space per run (0: none)")
    ap.add_argument("--only", default="", help="run only rows whose label contains this text")
    args = ap.parse_args()
    cwd = Path(tempfile.mkdtemp(prefix="mf-scaling-"))

    kinds: List[Tuple[str, List[str], Cache, str]] = []  # (label, argv head, cache, cold/warm)
    for command, name, extra in (
        ("rewrite", "rewrite --check", ["--check", "-q"]), ("analyze", "analyze", ["--format", "json"])
    ):
        help_text = options_of(command)
        ja = ["--jobs", str(args.jobs)] if args.jobs and jobs_supported(help_text) else []
        label = f"{name} {' '.join(ja)}".strip()
        cache = Cache(help_text)
        kinds.append((f"{label} cold", cli(command, *extra, *ja, *cache.cold_args()), cache, "cold"))
        if cache.supported:
            kinds.append((f"{label} warm", cli(command, *extra, *ja, *cache.warm_args()), cache, "warm"))
    kinds = [k for k in kinds if args.only in k[0]]

    results: Dict[Tuple[str, int], Row] = {}
    failed: Dict[str, str] = {}
    sizes = {}
    for copies in (int(c) for c in args.copies.split(",")):
        tree = (args.dest / f"{copies}x").resolve()
        if not tree.is_dir():
            raise SystemExit(f"{tree} is missing: python benchmarks/tree.py --copies {args.copies}")
        sizes[copies] = tree_size(tree)
        for label, head, cache, kind in kinds:
            if label in failed:
                continue
            row = Row(label, [*head, str(tree)])
            if kind == "warm":  # fill the cache of this tree first
                _runs.run(row.argv, cwd, args.memory_limit, args.timeout)
            for _ in range(args.runs):
                if kind == "cold":
                    cache.before_cold(row)
                r = _runs.run(row.argv, cwd, args.memory_limit, args.timeout)
                print(f"# {copies}x {label}: {r.wall:.2f} s, {r.rss_mb:.0f} MB (exit {r.code})", flush=True)
                if r.code not in (0, 1):
                    failed[label] = f"exit {r.code} at {copies}x" + (" (killed: --timeout)" if r.code == -9 else "")
                    break
                row.runs.append(r)
            if row.runs and label not in failed:
                results[(label, copies)] = row

    print("\n| command | tree | files | MB | runs | wall s (median) | s per 1,000 files | CPU s | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, *_ in kinds:
        for copies, (n, mb) in sizes.items():
            row = results.get((label, copies))
            if row is None:
                print(f"| {label} | {copies}x | {n} | {mb:.1f} | 0 | not run: {failed.get(label, '')} | | | |")
                continue
            print(f"| {label} | {copies}x | {n} | {mb:.1f} | {len(row.runs)} | {fmt_s(row.median())} | "
                  f"{row.median() / n * 1000:.2f} | {fmt_s(row.median('cpu'))} | {row.peak():.0f} |")
    print()
    for label, *_ in kinds:
        done = sorted(c for (lb, c) in results if lb == label)
        if len(done) >= 2:
            lo, hi = results[(label, done[0])], results[(label, done[-1])]
            grow = hi.median() / lo.median()
            size = sizes[done[-1]][0] / sizes[done[0]][0]
            print(f"- `{label}`: {done[-1]}x/{done[0]}x the files took {grow:.1f}x the time "
                  f"(linear: {size:.0f}x) and {hi.peak() / lo.peak():.1f}x the peak RSS (flat: 1x)")


if __name__ == "__main__":
    main()
