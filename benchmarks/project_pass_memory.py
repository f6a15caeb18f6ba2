"""The parent of a cold ``analyze`` at scale: its scan phase and its project pass, run
in this process the way ``engine._analyze_files`` runs them (``ProjectPass(pack=True)``,
slim scans, no cache), then the parent's RSS after the scan, after the project pass,
and its peak; the candidates and link modules; the CPU of this process and of the
scan's workers.  (The link and candidate workers of a whole run are measured by
``/usr/bin/time analyze ...``; this isolates the parent's part.)

    python benchmarks/project_pass_memory.py /tmp/mf-tree/16x [--code CHECKOUT]

``--code`` puts another checkout's folder first on ``sys.path`` (a ``git archive`` of
``migrate_fitgen``), for a before/after pair.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tree")
    ap.add_argument("--code", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    sys.path.insert(0, args.code)
    from migrate_fitgen import driver
    from migrate_fitgen.analyze import engine as E
    from migrate_fitgen.analyze.prefilter import split_tokens
    from migrate_fitgen.analyze.selection import enabled_codes
    from migrate_fitgen.sources import iter_python_files

    start = time.time()
    options = E.AnalyzeOptions()
    tokens, dataset_tokens = split_tokens(enabled_codes(options.select, options.ignore))
    narrow = dataset_tokens or None
    files = list(iter_python_files([args.tree], ()))
    scans = [E.FileScan(p) for p in files]
    gathered = E.ProjectPass(pack=True)
    for i, out in driver.run(E.scan_task, files, (tokens, narrow, None), jobs=args.jobs):
        scan = out.value if out.error is None else E.FileScan(files[i], error=out.error)
        gathered.add(i, scan)
        scans[i] = E._slim(scan, files[i])
        del scan, out
    after_scan = rss_mb()
    scans = E._promote(scans, narrow, gathered)
    after_pass = rss_mb()
    me = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"{args.tree} ({len(files)} files), code {args.code}")
    print(f"parent RSS: after the scan {after_scan:.0f} MiB, after the project pass {after_pass:.0f} MiB, "
          f"peak {me.ru_maxrss / 1024:.0f} MiB")
    print(f"candidates {sum(s.candidate for s in scans)}, link modules {sum(bool(s.links) for s in scans)}")
    print(f"CPU s: this process {me.ru_utime + me.ru_stime:.0f}, the scan's workers "
          f"{workers.ru_utime + workers.ru_stime:.0f}; wall {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
