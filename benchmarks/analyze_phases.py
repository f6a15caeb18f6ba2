"""Where a cold ``analyze`` of a tree spends its CPU: the profile behind the
"cold analyze within 2x the floor" row of docs/performance.md (issue 9).

Runs the phases of ``analyze --no-cache`` in this process, one after the other, the way
``analyze_tree`` does (the scan through the driver's pool, then every link task and
every candidate task here, serially), and prints a table:

- the floor: read every file, ``ast.parse`` the files holding ``yield``,
  ``_generator``, ``Sequence`` or ``PyDataset`` (the issue's definition);
- the scan, the project pass, the link tasks, the candidate tasks: CPU seconds;
- the candidates by why they are candidates (a rule's token, a training call that may
  be given data, a generator body or dataset, a dataset class), each with its CPU and
  the files and findings it gave, and the candidates the link tasks spared;
- for a sample of candidates, where loading one module goes: libcst's parse, the
  positions (printing the module once), the facts' walk.

    python benchmarks/analyze_phases.py /tmp/mf-tree/1x [--jobs 2] [--sample 80]

CPU is ``time.process_time`` of this process (plus the pool's children for the
scan): steadier than wall time on a shared machine, but not immune to its load.
"""

from __future__ import annotations

import argparse
import ast
import os
import resource
import sys
import time
from collections import Counter
from dataclasses import replace

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from migrate_fitgen import driver  # noqa: E402
from migrate_fitgen.analyze import engine as E  # noqa: E402
from migrate_fitgen.analyze.prefilter import split_tokens  # noqa: E402
from migrate_fitgen.analyze.selection import enabled_codes  # noqa: E402
from migrate_fitgen.sources import SourceError, iter_python_files, read_bytes, read_source  # noqa: E402

FLOOR_WORDS = (b"yield", b"_generator", b"Sequence", b"PyDataset")


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def floor(files) -> float:
    start = time.process_time()
    for path in files:
        try:
            data = read_bytes(path)
        except SourceError:
            continue
        if any(w in data for w in FLOOR_WORDS):
            try:
                ast.parse(data)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                pass
    return time.process_time() - start


def kind_of(scan: E.FileScan) -> str:
    if scan.candidate:
        return "a rule's token"
    if scan.call_candidate and scan.body_candidate:
        return "training call + body"
    if scan.call_candidate:
        return "training call"
    if scan.body_candidate:
        return "generator body"
    if scan.dataset_candidate:
        return "dataset class"
    return "-"


def load_split(paths) -> Counter:
    """CPU of libcst's parse, the positions and the facts' walk, per sampled module."""
    from libcst.metadata import MetadataWrapper

    from migrate_fitgen.analyze.facts import _Collector
    from migrate_fitgen.cst_positions import positions_of
    from migrate_fitgen.cst_walk import walk
    from migrate_fitgen.sources import parse_module

    out: Counter = Counter()
    for path in paths:
        try:
            text = read_source(path).text
        except SourceError:
            continue
        t = time.process_time()
        module = parse_module(text, checked=True)
        out["parse"] += time.process_time() - t
        MetadataWrapper(module, unsafe_skip_copy=True)
        t = time.process_time()
        positions = positions_of(module)
        positions._point_table()  # (made on the first range asked for)
        out["positions"] += time.process_time() - t
        t = time.process_time()
        walk(_Collector(path, positions), module)
        out["walk"] += time.process_time() - t
        out["modules"] += 1
        out["chars"] += len(text)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tree")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--sample", type=int, default=80, help="candidates whose load is split (0: none)")
    args = ap.parse_args()
    sys.setrecursionlimit(10000)

    options = E.AnalyzeOptions()
    tokens, dataset_tokens = split_tokens(enabled_codes(options.select, options.ignore))
    narrow = dataset_tokens or None
    files = list(iter_python_files([args.tree], ()))
    rows = [("floor: read all, ast.parse the files with yield/_generator/Sequence/PyDataset", floor(files), "")]

    t, c = time.process_time(), _children_cpu()
    scans = [E.FileScan(p) for p in files]
    gathered = E.ProjectPass(pack=True)
    summaries = {}
    for i, out in driver.run(E.scan_task, files, (tokens, narrow, None), jobs=args.jobs):
        scan = out.value if out.error is None else E.FileScan(files[i], error=out.error)
        gathered.add(i, scan)
        if scan.info is not None and not scan.lazy:
            summaries[files[i]] = E._pack(scan.info.summary) if scan.info.summary is not None else None
        scans[i] = E._slim(scan, files[i])
    raw = list(scans)
    rows.append((f"scan ({len(files)} files, -j {args.jobs})", time.process_time() - t + _children_cpu() - c, ""))

    t = time.process_time()
    scans = E._promote(scans, narrow, gathered)
    readable = [s for s in scans if s.info is not None]
    info = replace(
        E._project_info(readable, [args.tree], options),
        modules=E._summaries(readable, summaries, None, E._unpack),
    )
    setup = E.TreeSetup(
        options, info, tuple(s.path for s in readable), tuple(s.path for s in readable if s.links),
        {s.path: s.digest for s in scans}, E._tree_digest(scans, info, options), None,
        unparsed=frozenset(s.path for s in readable if not s.parsed),
    )
    rows.append(("project pass", time.process_time() - t, ""))

    t = time.process_time()
    per_module, quiet = [], set()
    for path in setup.link_paths:
        keys, gives = E.index_task(path, setup)
        per_module.append((path, keys))
        if not gives:
            quiet.add(path)
    with_keys = sum(1 for _, k in per_module if k)
    rows.append((f"link tasks ({len(setup.link_paths)} modules, {with_keys} with keys)", time.process_time() - t, ""))
    setup = replace(setup, index=tuple(per_module))

    todo = [s for s in scans if s.candidate and s.error is None]
    spared = {s.path for s in todo if s.call_only and s.path in quiet}
    why = {s.path: kind_of(r) for s, r in zip(scans, raw)}
    cpu, count, found, files_with = Counter(), Counter(), Counter(), Counter()
    t = time.process_time()
    for s in todo:
        if s.path in spared:
            continue
        k = why[s.path] if why[s.path] != "-" else "dataset class"
        t1 = time.process_time()
        diagnostics, _ = E.candidate_task(s.path, setup)
        cpu[k] += time.process_time() - t1
        count[k] += 1
        found[k] += len(diagnostics)
        files_with[k] += bool(diagnostics)
    rows.append((f"candidate tasks ({len(todo) - len(spared)} of {len(todo)}; {len(spared)} spared by the link tasks)",
                 time.process_time() - t, ""))
    for k in sorted(count):
        rows.append((f"  candidates: {k}", cpu[k], f"{count[k]} files, {files_with[k]} with findings, {found[k]} findings"))

    width = max(len(r[0]) for r in rows)
    print(f"{'phase':<{width}}  {'CPU s':>7}  notes")
    for name, seconds, note in rows:
        print(f"{name:<{width}}  {seconds:7.1f}  {note}")

    if args.sample:
        picked = [s.path for s in todo][:: max(1, len(todo) // args.sample)][: args.sample]
        split = load_split(picked)
        total = sum(split[k] for k in ("parse", "positions", "walk")) or 1.0
        print(f"\nloading {split['modules']} sampled candidates ({split['chars'] / 1e6:.1f} M characters):")
        for k in ("parse", "positions", "walk"):
            print(f"  {k:<10} {split[k]:6.1f} s  {100 * split[k] / total:4.0f}%")


if __name__ == "__main__":
    main()
