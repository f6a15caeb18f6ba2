"""The parent's project pass on the same scans, for a before/after pair: ``dump`` scans a
tree once (as a cold ``analyze`` does, through the driver's pool) and writes every
``FileScan`` pickled, one after the other; ``replay`` feeds them to the project pass the
way ``engine._analyze_files`` does (``ProjectPass(pack=True)``, slim scans) and prints
the RSS after gathering, after the pass and its peak, the pass's CPU, the candidates and
link modules, and a hash of every file's flags (equal hashes: the same decisions).

    python benchmarks/project_pass_replay.py dump /tmp/mf-tree/mixed /tmp/mixed.scans
    python benchmarks/project_pass_replay.py replay /tmp/mixed.scans [--code CHECKOUT]

``--code`` puts another checkout first on ``sys.path`` (a ``git archive`` of it); the
dump is read with the code that replays it, so both must share ``FileScan``'s fields.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import sys
import time


def _status(key: str) -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    return float("nan")


def dump(tree: str, out: str, jobs: int) -> None:
    from migrate_fitgen import driver
    from migrate_fitgen.analyze import engine as E
    from migrate_fitgen.analyze.prefilter import split_tokens
    from migrate_fitgen.analyze.selection import enabled_codes
    from migrate_fitgen.sources import iter_python_files

    options = E.AnalyzeOptions()
    tokens, dataset_tokens = split_tokens(enabled_codes(options.select, options.ignore))
    narrow = dataset_tokens or None
    files = list(iter_python_files([tree], ()))
    start = time.time()
    with open(out, "wb") as fh:
        pickle.dump((tokens, narrow, len(files)), fh)
        for i, result in driver.run(E.scan_task, files, (tokens, narrow, None), jobs=jobs):
            scan = result.value if result.error is None else E.FileScan(files[i], error=result.error)
            pickle.dump((i, scan), fh, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"{len(files)} scans in {time.time() - start:.1f} s wall -> {out}")


def replay(path: str) -> None:
    from migrate_fitgen.analyze import engine as E

    with open(path, "rb") as fh:
        tokens, narrow, n = pickle.load(fh)
        scans = [None] * n
        gathered = E.ProjectPass(pack=True)
        t0 = time.process_time()
        for _ in range(n):
            i, scan = pickle.load(fh)
            gathered.add(i, scan)
            scans[i] = E._slim(scan, scan.path)
            del scan
    t1 = time.process_time()
    gathered_mb = _status("VmRSS")
    out = E._promote(scans, narrow, gathered)
    t2 = time.process_time()
    flags = repr([(s.path, s.candidate, s.links, s.call_only) for s in out]).encode()
    print(
        f"files {n}  gather {t1 - t0:.2f} CPU s  pass {t2 - t1:.2f} CPU s  RSS gathered {gathered_mb:.0f} MiB, "
        f"after the pass {_status('VmRSS'):.0f} MiB, peak {_status('VmHWM'):.0f} MiB  "
        f"candidates {sum(s.candidate for s in out)}  link modules {sum(s.links for s in out)}  "
        f"flags {hashlib.sha256(flags).hexdigest()[:16]}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["dump", "replay"])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--code", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    sys.path.insert(0, args.code)
    if args.command == "dump":
        dump(args.paths[0], args.paths[1], args.jobs)
    else:
        replay(args.paths[0])


if __name__ == "__main__":
    main()
