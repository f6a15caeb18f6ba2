"""How many files of a tree reach libcst, and why: the prefilter's stages, counted.

    python benchmarks/prefilter_counts.py /tmp/mf-tree/1x
    python benchmarks/prefilter_counts.py /work/realcorpus --jobs 2

For ``rewrite`` it counts the files the tree scan keeps (``rewrite.batch``: a legacy
method name, or a training-path or FG008 word whose ``ast`` test says maybe).  For
``analyze`` it counts, after each stage of the scan and the project pass
(``analyze.engine.scan_file`` and ``_promote``):

- the files holding a token of an enabled rule (the byte test alone),
- the candidates once the FG008/FG2xx ``ast`` tests have spoken,
- the candidates after the project pass (training calls that may be given data,
  generator bodies that a rule can reach: ``analyze.data_names``),
- the link modules before and after that pass.

Counts, not times: the cost of each file that reaches libcst is in ``speed.py``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from migrate_fitgen.analyze import engine  # noqa: E402
from migrate_fitgen.analyze.prefilter import may_hold, split_tokens  # noqa: E402
from migrate_fitgen.analyze.selection import enabled_codes  # noqa: E402
from migrate_fitgen.rewrite.batch import _scan_bytes  # noqa: E402
from migrate_fitgen.sources import iter_python_files  # noqa: E402

TOKENS, DATASET = split_tokens(enabled_codes(None, ()))


def _one(path: str):
    with open(path, "rb") as fh:
        data = fh.read()
    rewrite = _scan_bytes(data, "", "keras3").wanted
    scan = engine.scan_file(path, TOKENS, None, DATASET or None, narrow_calls=True)
    return rewrite, may_hold(data, TOKENS), scan


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tree")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    files = list(iter_python_files([args.tree], []))
    start = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(_one, files, chunksize=32))
    scans = [scan for _, _, scan in rows]
    before = sum(s.candidate or s.call_candidate or s.body_candidate or s.dataset_candidate for s in scans)
    after_ast = sum(s.candidate or s.call_candidate or s.body_candidate for s in scans)
    links_before = sum(s.links for s in scans)
    promoted = engine._promote(scans, DATASET or None)
    print(f"tree: {args.tree} ({len(files)} files; counted in {time.perf_counter() - start:.0f} s)")
    print(f"rewrite: files that reach libcst            {sum(r for r, _, _ in rows):6d}")
    print(f"analyze: files with a token of a rule       {sum(t for _, t, _ in rows):6d}")
    print(f"analyze: after the FG008/FG2xx ast tests     {after_ast:6d}  (dataset-class files not counted: {before - after_ast})")
    print(f"analyze: candidates after the project pass  {sum(s.candidate for s in promoted):6d}")
    print(f"analyze: link modules (token)               {links_before:6d}")
    print(f"analyze: link modules after the project pass {sum(s.links for s in promoted):5d}")


if __name__ == "__main__":
    main()
