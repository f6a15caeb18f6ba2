"""Measure `rewrite` and `analyze` on real public Keras projects.

    python benchmarks/real_projects.py LABEL [--corpus /work/realcorpus] [--cli-modes safe,unsafe] [--no-analyze]

The corpus is third-party code and is never committed: benchmarks/real_projects.json
lists the projects (repository, commit, files kept) and benchmarks/restore_real_projects.py
rebuilds the folder from local mirrors.  Each project is ``<corpus>/<owner>+<name>/``.

Per project (the working directory is the project folder and the path is ``.``, as a
user would run the tool) and per mode (``safe``: the defaults; ``unsafe``:
``--unsafe-fixes``):

* legacy calls: ``X.fit_generator(...)``, ``X.evaluate_generator(...)`` and
  ``X.predict_generator(...)`` counted with ``ast`` in the original files (files Python
  3 cannot parse are counted apart, by a regular expression);
* migrated / left alone: the API (``rewrite_source`` with the project's
  ``collect_project_info``, as ``cli.rewrite`` does; each file parsed once by
  ``parse_module`` and passed as ``module=``) rewrites each file in memory; a
  call is left alone when the same ``receiver.method`` is still called in the output;
* review items by code, files that could not be processed, crashes (an exception other
  than ``SourceError``);
* Keras 3 risks (heuristics, see ``float_risky`` and ``KerasImports``): migrated calls
  whose step count is a float expression (``len(x) / bs``, ``np.ceil``, a float
  literal), migrated files that still import a ``keras.*`` name the installed Keras
  lacks (e.g. ``from keras.preprocessing.image import ImageDataGenerator``), projects
  with migrated calls where any original file imports such a name, and (``after_*``)
  files and projects whose text after the rewrite still imports such a name;
* a CLI pass per mode in ``--cli-modes`` (default ``safe``): ``python -m migrate_fitgen
  rewrite --diff .`` (``--unsafe-fixes`` for ``unsafe``), its exit code (0/1/3 are normal; anything else, or a traceback,
  is a crash) and its summary line, checked against the API figures;
* ``python -m migrate_fitgen analyze --format json .``: findings by code.

The figures go to benchmarks/results/real_projects-LABEL.json and a table to stdout.
Single process, nothing written into the corpus.  CI never runs this script.
"""

from __future__ import annotations

import argparse
import ast
import collections
import json
import os
import re
import subprocess
import sys
import time
import traceback
import warnings
from pathlib import Path
from typing import Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:  # `python benchmarks/real_projects.py` measures this checkout
    sys.path.insert(0, str(REPO))

from migrate_fitgen.rewrite import RewriteOptions, collect_project_info, rewrite_source  # noqa: E402
from migrate_fitgen.sources import SourceError, iter_python_files, parse_module, read_source  # noqa: E402

LEGACY = {"fit_generator", "evaluate_generator", "predict_generator"}
NEW = {"fit", "evaluate", "predict"}
STEP_KEYWORDS = {"steps_per_epoch", "validation_steps", "steps",
                 "samples_per_epoch", "nb_val_samples", "val_samples"}
INT_CASTS = {"int", "round", "len", "math.ceil", "math.floor", "ceil", "floor"}
LEGACY_RE = re.compile(r"\.\s*(fit|evaluate|predict)_generator\s*\(")
SUMMARY_RE = re.compile(
    r"(\d+) files? scanned, (\d+) (?:would change|changed), (\d+) calls? migrated, "
    r"(\d+) items? to review, (\d+) could not be processed"
)
MODES = {"safe": [], "unsafe": ["--unsafe-fixes"]}

# ast.parse of old projects warns (`x is 'literal'`, invalid escapes); the figures do not
# depend on it, the log only drowns in it
warnings.filterwarnings("ignore", category=SyntaxWarning)


# ---------------------------------------------------------------- ast helpers

def _dotted(node: ast.AST) -> Optional[str]:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _calls(tree: ast.AST, methods) -> List[ast.Call]:
    found = [
        n for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in methods
    ]
    return sorted(found, key=lambda n: (n.lineno, n.col_offset))


def _func_text(call: ast.Call) -> str:
    try:
        return ast.unparse(call.func)
    except Exception:  # pragma: no cover - unparse of exotic nodes
        return call.func.attr  # type: ignore[union-attr]


def float_risky(expr: ast.AST) -> bool:
    """A step count that may be a float: a true division, a float literal or a numpy
    ceil/floor anywhere outside an int()/round()/math.ceil()/math.floor()/len() call.
    Names are not followed (``steps = len(x) / bs`` on another line is not seen)."""
    if isinstance(expr, ast.Call) and _dotted(expr.func) in INT_CASTS:
        return False
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Div):
        return True
    if isinstance(expr, ast.Constant) and isinstance(expr.value, float):
        return True
    if isinstance(expr, ast.Call) and (_dotted(expr.func) or "").split(".")[-1] in ("ceil", "floor"):
        return True  # numpy's ceil/floor return floats
    return any(float_risky(child) for child in ast.iter_child_nodes(expr))


def _step_args(call: ast.Call, legacy: bool) -> List[ast.AST]:
    args = [kw.value for kw in call.keywords if kw.arg in STEP_KEYWORDS]
    if legacy and len(call.args) > 1:
        args.append(call.args[1])  # steps_per_epoch / steps (samples in Keras 1)
    return args


def risky_calls(tree: ast.AST, methods, legacy: bool) -> int:
    return sum(
        1 for c in _calls(tree, methods) if any(float_risky(a) for a in _step_args(c, legacy))
    )


class KerasImports:
    """Which ``keras.*`` imports the installed Keras can satisfy (cached; None when
    Keras cannot be imported here, then nothing is checked)."""

    def __init__(self) -> None:
        os.environ.setdefault("KERAS_BACKEND", "jax")
        self.cache: Dict[Tuple[str, str], bool] = {}
        try:
            import importlib

            self._importlib = importlib
            importlib.import_module("keras")
            self.available = True
        except Exception:
            self.available = False

    def _ok(self, module: str, name: Optional[str]) -> bool:
        key = (module, name or "")
        if key not in self.cache:
            try:
                mod = self._importlib.import_module(module)
                ok = name is None or name == "*" or hasattr(mod, name)
                if not ok:  # a submodule imported by name
                    self._importlib.import_module(f"{module}.{name}")
                    ok = True
            except Exception:
                ok = False
            self.cache[key] = ok
        return self.cache[key]

    def missing(self, tree: ast.AST) -> List[str]:
        if not self.available:
            return []
        out = []
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and (
                node.module == "keras" or node.module.startswith("keras.")
            ):
                for alias in node.names:
                    if not self._ok(node.module, alias.name):
                        out.append(f"{node.module}.{alias.name}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("keras.") and not self._ok(alias.name, None):
                        out.append(alias.name)
        return out


# ---------------------------------------------------------------- one project

def count_legacy(files: Dict[str, str]) -> Dict:
    """Legacy calls in the original files: by ast, or by regex where ast fails."""
    calls, unparsable, per_file = 0, 0, {}
    risky = 0
    for path, text in files.items():
        if not LEGACY_RE.search(text):
            continue
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            n = len(LEGACY_RE.findall(text))
            unparsable += n
            per_file[path] = {"calls": 0, "unparsable_calls": n}
            continue
        n = len(_calls(tree, LEGACY))
        if n:
            calls += n
            risky += risky_calls(tree, LEGACY, legacy=True)
            per_file[path] = {"calls": n}
    return {"calls": calls, "unparsable_calls": unparsable, "float_steps": risky, "files": per_file}


def parse_all(files: Dict[str, str]) -> Tuple[Dict, Dict[str, str], Dict[str, str]]:
    """libcst modules, parsed once and handed to ``rewrite_source`` in both modes."""
    modules, errors, crashes = {}, {}, {}
    for path, text in files.items():
        try:
            modules[path] = parse_module(text)
        except SourceError as exc:
            errors[path] = str(exc)
        except Exception:
            crashes[path] = traceback.format_exc(limit=3).strip().splitlines()[-1]
    return modules, errors, crashes


def run_api(files: Dict[str, str], modules: Dict, errors: Dict[str, str], crashes: Dict[str, str],
            unsafe: bool, imports: KerasImports) -> Dict:
    options = RewriteOptions(unsafe_fixes=unsafe)
    project = collect_project_info(files, ["."])
    res = {
        "calls_found": 0, "migrated": 0, "left_alone": 0, "changed_files": 0,
        "review": collections.Counter(), "not_processed": dict(errors), "crashes": dict(crashes),
        "calls": [], "float_steps_after": 0, "keras_imports_missing": collections.Counter(),
        "files_with_missing_keras_imports": 0, "left_alone_unparsed_output": 0,
        # every file the rewrite changes (a rewrite may edit imports of files without
        # legacy calls), and keras.* imports Keras 3 lacks in the text after the rewrite
        "changed_files_any": 0, "after_files_with_missing_keras_imports": 0,
        "after_keras_imports_missing": collections.Counter(),
    }
    for path, text in files.items():
        if path not in modules:
            continue
        try:
            result = rewrite_source(text, path, options, project, module=modules[path])
        except SourceError as exc:
            res["not_processed"][path] = str(exc)
            continue
        except Exception:
            res["crashes"][path] = traceback.format_exc(limit=3).strip().splitlines()[-1]
            continue
        for d in result.diagnostics:
            res["review"][d.code] += 1
        res["calls_found"] += getattr(result, "calls_found", 0)
        res["migrated"] += result.calls_migrated
        res["changed_files_any"] += int(result.changed)
        if "keras" in result.output:
            try:
                names = imports.missing(ast.parse(result.output))
            except (SyntaxError, ValueError):
                names = []
            if names:
                res["after_files_with_missing_keras_imports"] += 1
                res["after_keras_imports_missing"].update(names)
        if not LEGACY_RE.search(text):
            continue
        try:
            before = ast.parse(text)
        except (SyntaxError, ValueError):
            continue  # reported by rewrite_source as not processed
        try:
            after = ast.parse(result.output)
        except (SyntaxError, ValueError):
            after = None
            res["left_alone_unparsed_output"] += 1
        remaining = collections.Counter(
            _func_text(c) for c in _calls(after, LEGACY)
        ) if after is not None else collections.Counter()
        codes_by_line = collections.defaultdict(set)
        for d in result.diagnostics:
            codes_by_line[d.line].add(d.code)
        for call in _calls(before, LEGACY):
            func = _func_text(call)
            end = getattr(call, "end_lineno", call.lineno) or call.lineno
            codes = sorted(set().union(*(codes_by_line[i] for i in range(call.lineno, end + 1))))
            if remaining[func] > 0:
                remaining[func] -= 1
                status = "left_alone"
                res["left_alone"] += 1
            else:
                status = "migrated"
            res["calls"].append([path, call.lineno, func, status, codes])
        if result.changed and after is not None:
            res["changed_files"] += 1
            res["float_steps_after"] += risky_calls(after, NEW, legacy=False) - risky_calls(
                before, NEW, legacy=False
            )
            missing = imports.missing(after)
            if missing:
                res["files_with_missing_keras_imports"] += 1
                res["keras_imports_missing"].update(missing)
    return res


def run_cli(args: List[str], cwd: Path, timeout: int = 1800) -> Dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(REPO)] + ([os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else [])
    ))
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "migrate_fitgen", *args, "."],
            cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"exit": None, "crash": "timeout", "stdout": "", "stderr": ""}
    crash = None
    if proc.returncode not in (0, 1, 3):
        crash = f"exit {proc.returncode}"
    if "Traceback (most recent call last)" in proc.stderr:
        crash = (crash or "traceback") + ": " + proc.stderr.strip().splitlines()[-1][:300]
    return {"exit": proc.returncode, "crash": crash, "stdout": proc.stdout, "stderr": proc.stderr}


def measure_project(proj: Path, cli_modes: List[str], use_analyze: bool, imports: KerasImports) -> Dict:
    os.chdir(proj)
    paths = list(iter_python_files(["."]))
    files, errors = {}, {}
    for p in paths:
        try:
            files[p] = read_source(p).text
        except SourceError as exc:
            errors[p] = str(exc)
    out = {"files": len(paths), "legacy": count_legacy(files), "modes": {}}
    modules, parse_errors, crashes = parse_all(files)
    missing: collections.Counter = collections.Counter()
    missing_files = 0
    for text in files.values():
        if "keras" not in text:
            continue
        try:
            names = imports.missing(ast.parse(text))
        except (SyntaxError, ValueError):
            continue
        if names:
            missing_files += 1
            missing.update(names)
    out["keras_imports"] = {"files_with_missing": missing_files, "missing": dict(sorted(missing.items()))}
    for mode, flags in MODES.items():
        api = run_api(files, modules, {**errors, **parse_errors}, crashes, unsafe=bool(flags), imports=imports)
        if mode in cli_modes:
            cli = run_cli(["rewrite", "--diff", *flags], proj)
            m = SUMMARY_RE.search(cli["stderr"])
            api["cli"] = {
                "exit": cli["exit"], "crash": cli["crash"],
                "summary": [int(x) for x in m.groups()] if m else None,
            }
        out["modes"][mode] = api
    if use_analyze:
        cli = run_cli(["analyze", "--format", "json"], proj)
        codes: collections.Counter = collections.Counter()
        try:
            for item in json.loads(cli["stdout"] or "[]"):
                codes[item["code"]] += 1
        except (ValueError, KeyError, TypeError) as exc:
            cli["crash"] = cli["crash"] or f"unreadable JSON: {exc}"
        out["analyze"] = {"exit": cli["exit"], "crash": cli["crash"], "codes": dict(sorted(codes.items()))}
    return out


# ---------------------------------------------------------------- totals

def totals(projects: Dict[str, Dict]) -> Dict:
    t: Dict = {
        "projects": len(projects),
        "files": sum(p["files"] for p in projects.values()),
        "files_with_legacy_calls": sum(len(p["legacy"]["files"]) for p in projects.values()),
        "legacy_calls": sum(p["legacy"]["calls"] for p in projects.values()),
        "legacy_calls_in_unparsable_files": sum(p["legacy"]["unparsable_calls"] for p in projects.values()),
        "legacy_calls_with_float_steps": sum(p["legacy"]["float_steps"] for p in projects.values()),
        "projects_with_missing_keras_imports": sum(
            1 for p in projects.values() if p["keras_imports"]["files_with_missing"]
        ),
        "modes": {},
    }
    for mode in MODES:
        ms = [p["modes"][mode] for p in projects.values()]
        review: collections.Counter = collections.Counter()
        missing: collections.Counter = collections.Counter()
        after_missing: collections.Counter = collections.Counter()
        for m in ms:
            review.update(m["review"])
            missing.update(m["keras_imports_missing"])
            after_missing.update(m.get("after_keras_imports_missing", {}))
        mt = {
            "calls_found_by_engine": sum(m["calls_found"] for m in ms),
            "migrated": sum(m["migrated"] for m in ms),
            "left_alone": sum(m["left_alone"] for m in ms),
            "changed_files": sum(m["changed_files"] for m in ms),
            "review_items": sum(review.values()),
            "review_by_code": dict(sorted(review.items())),
            "not_processed": sum(len(m["not_processed"]) for m in ms),
            "crashes": sum(len(m["crashes"]) for m in ms),
            "migrated_calls_with_float_steps": sum(m["float_steps_after"] for m in ms),
            "changed_files_with_missing_keras_imports": sum(m["files_with_missing_keras_imports"] for m in ms),
            "projects_with_migrated_calls_and_missing_keras_imports": sum(
                1 for p in projects.values()
                if p["modes"][mode]["migrated"] and p["keras_imports"]["files_with_missing"]
            ),
            "missing_keras_imports": dict(missing.most_common(15)),
            "changed_files_any": sum(m.get("changed_files_any", 0) for m in ms),
            "after_files_with_missing_keras_imports": sum(
                m.get("after_files_with_missing_keras_imports", 0) for m in ms
            ),
            "after_projects_with_missing_keras_imports": sum(
                1 for m in ms if m.get("after_files_with_missing_keras_imports")
            ),
            "after_missing_keras_imports": dict(after_missing.most_common(15)),
        }
        clis = [m["cli"] for m in ms if "cli" in m]
        if clis:
            mt["cli_crashes"] = sum(1 for c in clis if c["crash"])
            mt["cli_exit_codes"] = dict(sorted(collections.Counter(str(c["exit"]) for c in clis).items()))
            summaries = [c["summary"] for c in clis if c["summary"]]
            mt["cli_summary"] = {
                "files_scanned": sum(s[0] for s in summaries),
                "changed": sum(s[1] for s in summaries),
                "migrated": sum(s[2] for s in summaries),
                "review_items": sum(s[3] for s in summaries),
                "not_processed": sum(s[4] for s in summaries),
            }
        t["modes"][mode] = mt
    analyses = [p["analyze"] for p in projects.values() if "analyze" in p]
    if analyses:
        codes: collections.Counter = collections.Counter()
        for a in analyses:
            codes.update(a["codes"])
        t["analyze"] = {
            "findings": sum(codes.values()),
            "by_code": dict(sorted(codes.items())),
            "crashes": sum(1 for a in analyses if a["crash"]),
            "exit_codes": dict(sorted(collections.Counter(str(a["exit"]) for a in analyses).items())),
        }
    return t


def _jsonable(project: Dict) -> Dict:
    """Counters to dicts; per-call lists kept (they are what a before/after diff reads)."""
    for mode in project["modes"].values():
        mode["review"] = dict(sorted(mode["review"].items()))
        mode["keras_imports_missing"] = dict(sorted(mode["keras_imports_missing"].items()))
        mode["after_keras_imports_missing"] = dict(sorted(mode["after_keras_imports_missing"].items()))
    return project


def print_table(label: str, t: Dict) -> None:
    print(f"\nreal projects, label {label!r}: {t['projects']} projects, {t['files']} files, "
          f"{t['files_with_legacy_calls']} files with legacy calls")
    print(f"legacy calls (ast): {t['legacy_calls']}  (+{t['legacy_calls_in_unparsable_files']} in files "
          f"Python 3 cannot parse; {t['legacy_calls_with_float_steps']} with a float step count)")
    rows = [
        ("calls found by the engine", "calls_found_by_engine"),
        ("calls migrated", "migrated"),
        ("calls left alone", "left_alone"),
        ("files changed", "changed_files"),
        ("review items", "review_items"),
        ("files not processed", "not_processed"),
        ("crashes (API)", "crashes"),
        ("crashes (CLI)", "cli_crashes"),
        ("migrated calls, float steps", "migrated_calls_with_float_steps"),
        ("changed files, missing keras imports", "changed_files_with_missing_keras_imports"),
        ("projects: migrated + missing imports", "projects_with_migrated_calls_and_missing_keras_imports"),
        ("files changed (any edit)", "changed_files_any"),
        ("files missing keras imports, after", "after_files_with_missing_keras_imports"),
        ("projects missing keras imports, after", "after_projects_with_missing_keras_imports"),
    ]
    modes = list(t["modes"])
    print(f"{'':40s}" + "".join(f"{m:>10s}" for m in modes))
    for title, key in rows:
        print(f"{title:40s}" + "".join(f"{str(t['modes'][m].get(key, '-')):>10s}" for m in modes))
    for m in modes:
        print(f"review by code ({m}): {t['modes'][m]['review_by_code']}")
        if "cli_summary" in t["modes"][m]:
            print(f"CLI summary ({m}): {t['modes'][m]['cli_summary']}, exits {t['modes'][m]['cli_exit_codes']}")
    print(f"projects with a keras.* import Keras 3 lacks (any file): {t['projects_with_missing_keras_imports']}")
    if "analyze" in t:
        a = t["analyze"]
        print(f"analyze: {a['findings']} findings {a['by_code']}, crashes {a['crashes']}, exits {a['exit_codes']}")


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("label", help="names the result file: results/real_projects-LABEL.json")
    ap.add_argument("--corpus", type=Path, default=Path("/work/realcorpus"))
    ap.add_argument("--out", type=Path, default=HERE / "results")
    ap.add_argument("--project", action="append", default=[], help="only this owner+name (repeatable)")
    ap.add_argument("--cli-modes", default="safe",
                    help="modes also run as `rewrite --diff` subprocesses, for exit codes and "
                         "crashes: safe, unsafe, 'safe,unsafe' or '' (default: safe)")
    ap.add_argument("--no-analyze", action="store_true", help="skip `analyze --format json`")
    args = ap.parse_args(argv)

    corpus = args.corpus.resolve()
    projects = sorted(p for p in corpus.iterdir() if p.is_dir() and "+" in p.name)
    if args.project:
        projects = [p for p in projects if p.name in set(args.project)]
    if not projects:
        print(f"no projects under {corpus} (run benchmarks/restore_real_projects.py)", file=sys.stderr)
        return 2
    cli_modes = [m for m in args.cli_modes.split(",") if m]
    if any(m not in MODES for m in cli_modes):
        ap.error(f"--cli-modes: choose from {', '.join(MODES)}")
    imports = KerasImports()
    results: Dict[str, Dict] = {}
    start = time.time()
    for i, proj in enumerate(projects, 1):
        t0 = time.time()
        results[proj.name.replace("+", "/", 1)] = _jsonable(
            measure_project(proj, cli_modes, not args.no_analyze, imports)
        )
        print(f"[{i}/{len(projects)}] {proj.name} {time.time() - t0:.1f}s", file=sys.stderr)
    os.chdir(REPO)
    summary = totals(results)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    report = {
        "label": args.label,
        "tool_commit": commit,
        "keras_imports_checked": imports.available,
        "seconds": round(time.time() - start),
        "totals": summary,
        "projects": results,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"real_projects-{args.label}.json"
    target.write_text(json.dumps(report, indent=1, sort_keys=False) + "\n")
    print_table(args.label, summary)
    print(f"\nwritten: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
