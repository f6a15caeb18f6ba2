"""Precision and recall of the batch rules (FG101-FG105) on real Keras projects,
against the hand-made labels of ``tests/data/precision_labels.json``.

    python benchmarks/precision.py [CORPUS ...] [--list] [--json]

Each CORPUS (default /work/realcorpus and /work/extracorpus) holds one folder per
project, named ``owner+repo``; ``benchmarks/real_projects.json`` and
``benchmarks/precision_projects.json`` give the commit of each.
Each project is analysed on its own, as its owner would run ``analyze``.  Every
finding of FG101-FG105 is matched with its label (repository, path, line, code):

* precision of a rule = labelled true findings / labelled findings it reports;
* recall of a rule = labelled true bugs it reports / labelled true bugs (the labels
  also hold the true bugs found by reading the code that the analyser misses,
  ``"found": false``);
* true findings per 100 generator files: a generator file holds a generator that
  yields tuples or lists of two or more elements, or a dataset's ``__getitem__``
  (counted over the files that contain ``yield`` or ``__getitem__``, analysed together
  per project: a generator that yields a bare array and is handed to Keras from a
  file without either word is not counted).

A finding without a label is listed (``--list``) so that a person labels it; it counts
in neither figure.  Nothing is written.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "precision_labels.json"
#: the commits of the projects: /work/realcorpus's, and those fetched for this measure
MANIFESTS = (ROOT / "benchmarks" / "real_projects.json", ROOT / "benchmarks" / "precision_projects.json")
CORPORA = ("/work/realcorpus", "/work/extracorpus")
CODES = ("FG101", "FG102", "FG103", "FG104", "FG105")

Key = Tuple[str, str, int, str]  # repo, path, line, code
#: every generator file seen by ``measure`` (repo, path, commit)
GENERATOR_FILES: List[dict] = []
#: a file that may hold a generator or a dataset (the others are not parsed)
CANDIDATE = re.compile(r"\byield\b|def __getitem__")


def load_labels(path: Path = LABELS) -> Dict[Key, dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {(e["repo"], e["path"], int(e["line"]), e["code"]): e for e in data["labels"]}


def projects(corpus: Path) -> List[Tuple[str, str, Path]]:
    """(repo, commit, folder) of every manifest project present under ``corpus``,
    and of every other ``owner+repo`` folder (commit unknown)."""
    commits = {}
    for manifest in MANIFESTS:
        if manifest.exists():
            commits.update({p["repo"]: p["commit"] for p in json.loads(manifest.read_text(encoding="utf-8"))})
    out = []
    for folder in sorted(corpus.iterdir()):
        if folder.is_dir() and "+" in folder.name:
            repo = folder.name.replace("+", "/", 1)
            out.append((repo, commits.get(repo, ""), folder))
    return out


def generator_files(folder: Path) -> List[str]:
    """The files of the project (relative paths) that hold a data generator."""
    from migrate_fitgen.analyze.generators import bodies, is_data_generator
    from migrate_fitgen.analyze.project import build_project
    from migrate_fitgen.sources import SourceError, iter_python_files, read_source

    sources = {}
    for path in iter_python_files([str(folder)]):
        try:
            text = read_source(path).text
        except (SourceError, OSError):
            continue
        if CANDIDATE.search(text):
            sources[path] = text
    project, _ = build_project(sources)
    out = []
    for path, facts in project.modules.items():
        try:
            if any(is_data_generator(b) for b in bodies(project, facts)):
                out.append(os.path.relpath(path, folder))
        except RecursionError:  # pragma: no cover - a pathological module
            continue
    return sorted(out)


def findings(folder: Path):
    from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_paths

    result = analyze_paths([str(folder)], AnalyzeOptions(select=CODES))
    for d in result.diagnostics:
        yield os.path.relpath(d.path, folder), d


def measure(corpus: Path, labels: Dict[Key, dict]):
    reported: Dict[Key, object] = {}
    gen_files = 0
    per_project = []
    for repo, commit, folder in projects(corpus):
        start = time.perf_counter()
        files = generator_files(folder)
        n = len(files)
        gen_files += n
        GENERATOR_FILES.extend({"repo": repo, "path": f.replace(os.sep, "/"), "commit": commit} for f in files)
        count = 0
        for rel, d in findings(folder):
            reported[(repo, rel.replace(os.sep, "/"), d.line, d.code)] = d
            count += 1
        per_project.append((repo, commit, n, count))
        print(f"{repo}: {n} generator files, {count} findings ({time.perf_counter() - start:.1f}s)", file=sys.stderr)
    return reported, gen_files, per_project


def figures(reported: Dict[Key, object], labels: Dict[Key, dict], repos) -> dict:
    rows: Dict[str, Counter] = defaultdict(Counter)
    for key, entry in labels.items():
        if key[0] not in repos:
            continue
        code = key[3]
        true = entry["label"] == "true"
        if key in reported:
            rows[code]["tp" if true else "fp"] += 1
        elif true:
            rows[code]["fn"] += 1
        else:
            rows[code]["fp_gone"] += 1  # a labelled false positive no longer reported
    for key in reported:
        if key not in labels:
            rows[key[3]]["unlabelled"] += 1
    out = {}
    for code in CODES:
        r = rows[code]
        tp, fp, fn = r["tp"], r["fp"], r["fn"]
        out[code] = {
            "true": tp, "false": fp, "missed": fn, "unlabelled": r["unlabelled"],
            "precision": tp / (tp + fp) if tp + fp else None,
            "recall": tp / (tp + fn) if tp + fn else None,
        }
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", default=list(CORPORA), help="folders of owner+repo projects")
    parser.add_argument("--list", action="store_true", help="print every finding with its label")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--files", metavar="PATH", help="also write the generator files (JSON) to PATH")
    args = parser.parse_args(argv)
    corpora = [Path(c) for c in args.corpus if Path(c).is_dir()]
    if not corpora:
        print(f"error: none of {', '.join(args.corpus)} is a folder", file=sys.stderr)
        return 2
    labels = load_labels()
    reported: Dict[Key, object] = {}
    gen_files = 0
    per_project: list = []
    for corpus in corpora:
        r, g, p = measure(corpus, labels)
        reported.update(r)
        gen_files += g
        per_project.extend(p)
    repos = {p[0] for p in per_project}
    table = figures(reported, labels, repos)
    true_total = sum(row["true"] for row in table.values())
    summary = {
        "projects": len(per_project),
        "generator_files": gen_files,
        "findings": len(reported),
        "true_findings": true_total,
        "true_per_100_generator_files": round(100 * true_total / gen_files, 1) if gen_files else None,
        "rules": table,
    }
    if args.files:
        Path(args.files).write_text(json.dumps(GENERATOR_FILES, indent=1) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(summary, indent=1))
        return 0
    if args.list:
        for key in sorted(reported, key=str):
            entry = labels.get(key)
            label = entry["label"] if entry else "UNLABELLED"
            d = reported[key]
            print(f"{label:10} {key[0]} {key[1]}:{key[2]} {key[3]} {d.message[:110]}")  # type: ignore[attr-defined]
        for key, entry in sorted(labels.items(), key=str):
            if key[0] in repos and key not in reported and entry["label"] == "true":
                print(f"{'MISSED':10} {key[0]} {key[1]}:{key[2]} {key[3]} {entry['reason']}")
        print()
    print(f"{summary['projects']} projects, {gen_files} generator files, {len(reported)} findings of {', '.join(CODES)}")
    print(f"{'rule':6} {'true':>5} {'false':>6} {'missed':>7} {'unlabelled':>10} {'precision':>10} {'recall':>7}")
    for code, row in table.items():
        p = "-" if row["precision"] is None else f"{row['precision']:.2f}"
        r = "-" if row["recall"] is None else f"{row['recall']:.2f}"
        print(f"{code:6} {row['true']:>5} {row['false']:>6} {row['missed']:>7} {row['unlabelled']:>10} {p:>10} {r:>7}")
    print(f"true findings per 100 generator files: {summary['true_per_100_generator_files']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
