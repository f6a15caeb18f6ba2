"""How the rewrite decides the receivers of the legacy calls of real projects.

    python benchmarks/receivers.py CORPUS [--unsafe-fixes] [--list]

CORPUS holds one folder per project; each project is rewritten on its own (as its
owner would run the tool), in memory: nothing is written.  Prints, per project and in
total, the legacy calls found, migrated (and how many of those on an assumed receiver),
left alone as not Keras, blocked (an argument Keras does not take, `*args`...), and
waiting for --unsafe-fixes; ``--list`` also prints every call that was
not migrated and every assumed one, with the reason, for a person to check.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter

from libcst.metadata import MetadataWrapper, PositionProvider

from migrate_fitgen.keras_receivers import KerasReceivers
from migrate_fitgen.rewrite import RewriteOptions, collect_project_info
from migrate_fitgen.rewrite.codemod import LegacyCallTransformer
from migrate_fitgen.sources import SourceError, iter_python_files, parse_module, read_source

ASSUMED = "receiver assumed to be a Keras model"


def run_project(root: str, options: RewriteOptions):
    """(path, line, status, assumed, reason) for every legacy call of the project."""
    sources = {}
    for path in iter_python_files([root], ()):
        try:
            sources[path] = read_source(path).text
        except SourceError:
            pass
    project = collect_project_info(sources, [root])
    calls = []
    for path, text in sources.items():
        if not any(m in text for m in ("fit_generator", "evaluate_generator", "predict_generator")):
            continue
        try:
            wrapper = MetadataWrapper(parse_module(text), unsafe_skip_copy=True)
            transformer = LegacyCallTransformer(KerasReceivers(wrapper, project, path), options)
            wrapper.visit(transformer)
        except (SourceError, RecursionError):
            continue
        positions = wrapper.resolve(PositionProvider)
        for call, reason in transformer.skipped.items():
            calls.append((path, positions[call].start.line, "not-keras", False, reason))
        for call, plan in transformer.plans.items():
            line = positions[call].start.line
            notes = "; ".join(n.message for n in plan.notes if n.code == "FG001")
            assumed = ASSUMED in notes
            if call in transformer.applied:
                calls.append((path, line, "migrated", assumed, notes))
            elif plan.blocked:
                calls.append((path, line, "blocked", assumed, plan.blocked))
            else:
                calls.append((path, line, "needs-unsafe", assumed, notes))
    return calls


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--unsafe-fixes", action="store_true")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    options = RewriteOptions(unsafe_fixes=args.unsafe_fixes)
    total: Counter = Counter()
    listed = []
    for name in sorted(os.listdir(args.corpus)):
        root = os.path.join(args.corpus, name)
        if not os.path.isdir(root):
            continue
        calls = run_project(root, options)
        counts = Counter(status for _, _, status, _, _ in calls)
        counts["assumed"] = sum(1 for c in calls if c[3] and c[2] == "migrated")
        counts["calls"] = len(calls)
        total.update(counts)
        if calls:
            print(f"{name}: {counts['calls']} calls, {counts['migrated']} migrated "
                  f"({counts['assumed']} assumed), {counts['not-keras']} not Keras, "
                  f"{counts['blocked']} blocked, {counts['needs-unsafe']} need --unsafe-fixes")
        listed.extend(c for c in calls if c[2] != "migrated" or c[3])
    print(f"TOTAL: {total['calls']} calls, {total['migrated']} migrated ({total['assumed']} assumed), "
          f"{total['not-keras']} not Keras, {total['blocked']} blocked, "
          f"{total['needs-unsafe']} need --unsafe-fixes")
    if args.list:
        for path, line, status, assumed, msg in listed:
            print(f"{status}{' assumed' if assumed else ''}\t{path}:{line}\t{msg}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
