"""Keras 1/2 optimizer and layer arguments in real projects: found, migrated, reported.

    python benchmarks/training_path.py CORPUS [--list]

CORPUS holds one folder per project; every file is rewritten in memory (nothing is
written) with the default options.  A census that does not use the rewrite's resolution
(Python's ``ast``, by callee *name* only) counts the arguments of the era in each file
before and after: an optimizer's ``lr``/``decay``/``schedule_decay``/``epsilon=None``, a
layer's or ``Model``'s Keras 1 keyword (``keras1_names.FAMILIES``), a Keras 1 positional
kernel (``Convolution2D(n, 3, 3)``), a removed training-path name (FG203), an import
from a Keras 2 layer module Keras 3 lacks (FG204).  Each one
still there after the rewrite must sit on a line the rewrite reports (FG201-FG203) or
on a call whose callee the file's imports do not bind to Keras (``torch.optim.Adam``,
a relative import, the project's own class: "not Keras'", which ``--list`` prints for a
person to check).  Anything else is printed as SILENT.  Prints the totals.
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
from collections import Counter

from migrate_fitgen import keras1_names as table
from migrate_fitgen.rewrite import rewrite_source
from migrate_fitgen.sources import SourceError, iter_python_files, read_source

OPTIMIZER_WORDS = {"lr", "decay", "schedule_decay"}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


KERAS_ORIGINS = ("keras.", "tensorflow.keras.", "tf_keras.")


def _keras(origin: str) -> bool:
    return origin in ("keras", "tensorflow.keras", "tf_keras") or origin.startswith(KERAS_ORIGINS)


def _origins(tree: ast.AST) -> tuple:
    """name -> dotted origin (the last import that binds it), and whether a Keras module
    is star-imported."""
    names, star = {}, False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                names[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            for a in node.names:
                if a.name == "*":
                    star = star or _keras(module)
                else:
                    names[a.asname or a.name] = f"{module}.{a.name}"
    return names, star


def _callee(func: ast.expr) -> str:
    parts = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if isinstance(func, ast.Name):
        parts.append(func.id)
        return ".".join(reversed(parts))
    return ""


def census(text: str) -> list:
    """(line, what, Keras' callee by its imports?) for every argument of the era,
    found by callee name."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return []
    names, star = _origins(tree)
    guarded = set()  # lines of imports inside `try` blocks that catch ImportError
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
            h.type is None or "Error" in ast.unparse(h.type) or "Exception" in ast.unparse(h.type)
            for h in node.handlers
        ):
            for stmt in node.body:
                for inner in ast.walk(stmt):
                    if isinstance(inner, (ast.Import, ast.ImportFrom)):
                        guarded.add(inner.lineno)

    def keras_callee(node: ast.Call) -> bool:
        callee = _callee(node.func)
        root, _, rest = callee.partition(".")
        if root in names:
            return _keras(names[root] + ("." + rest if rest else ""))
        return star and not rest

    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and "keras" in node.module:
            # an import's finding may sit on any of its lines; a guarded one is left alone
            lines = range(node.lineno, (node.end_lineno or node.lineno) + 1)
            keras = _keras(node.module) and node.lineno not in guarded
            for alias in node.names:
                if alias.name in table.REMOVED_TOKENS or "tensorflow_backend" in (node.module, alias.name):
                    found.append((node.lineno, f"removed {alias.name}", keras, lines))
            if table.layer_module_home(node.module, ())[0] is not None:
                found.append((node.lineno, f"from {node.module} import", keras, lines))
        if not isinstance(node, ast.Call):
            continue
        out: list = []
        name = _name(node.func)
        keywords = {k.arg: k for k in node.keywords if k.arg}
        if name in table.OPTIMIZERS_KERAS2:
            for word in sorted(OPTIMIZER_WORDS & set(keywords)):
                out.append((node.lineno, f"{name}({word}=)"))
            eps = keywords.get("epsilon")
            if eps is not None and isinstance(eps.value, ast.Constant) and eps.value.value is None:
                out.append((node.lineno, f"{name}(epsilon=None)"))
        elif name in table.CLASSES:
            family = table.FAMILIES[table.CLASSES[name]]
            olds = {o for o, _ in family.renames} | set(family.dropped) | set(family.kernel_keywords)
            if "input_dim" in family.special:
                olds |= {"input_dim", "input_length"}
            if family.special & {"forget_bias_init", "mode_zero"}:
                olds |= {"forget_bias_init", "mode"} & set(keywords)
            for word in sorted(olds & set(keywords)):
                if word in ("input_length",) and "input_dim" in keywords:
                    continue
                out.append((node.lineno, f"{name}({word}=)"))
            positional = [a for a in node.args if not isinstance(a, ast.Starred)]
            if family.kernel and len(positional) == family.kernel + 1 and not any(
                isinstance(a, (ast.Tuple, ast.List, ast.Constant)) and not (
                    isinstance(a, ast.Constant) and type(a.value) is int
                ) for a in positional[1:]
            ):
                out.append((node.lineno, f"{name}(positional kernel)"))
        elif name in table.REMOVED_METHODS and isinstance(node.func, ast.Attribute):
            out.append((node.lineno, f".{name}()"))
        elif name in table.REMOVED_TOKENS and isinstance(node.func, ast.Attribute):
            out.append((node.lineno, f"removed {name}"))
        # a model method's receiver is not an import: `predict_proba` is scikit-learn's
        # (and KerasClassifier's) too, and reported only on a receiver followed to a Keras
        # model; `predict_classes` counts as Keras' in a file that imports Keras
        if name == "predict_proba":
            is_keras = False
        elif name in table.REMOVED_METHODS:
            is_keras = any(_keras(o) for o in names.values())
        else:
            is_keras = keras_callee(node)
        lines = range(node.lineno, (node.end_lineno or node.lineno) + 1)  # a finding may sit on an argument
        found.extend((line, what, is_keras, lines) for line, what in out)
    return sorted(found, key=lambda item: (item[0], item[1]))


def run(corpus: str, listing: bool) -> Counter:
    totals: Counter = Counter()
    for project in sorted(os.listdir(corpus)):
        root = os.path.join(corpus, project)
        if not os.path.isdir(root):
            continue
        counts: Counter = Counter()
        for path in iter_python_files([root], ()):
            try:
                text = read_source(path).text
            except SourceError:
                continue
            before = census(text)
            if not before:
                continue
            try:
                result = rewrite_source(text, path)
                again = rewrite_source(result.output, path) if result.changed else result
            except (SourceError, RecursionError):
                counts["files that could not be processed"] += 1
                continue
            after = census(result.output)
            reported_lines = {d.line for d in again.findings if d.code.startswith("FG2")}
            counts["files"] += 1
            counts["found (Keras callee)"] += sum(1 for item in before if item[2])
            counts["found (callee not Keras')"] += sum(1 for item in before if not item[2])
            counts["migrated"] += sum(1 for item in before if item[2]) - sum(1 for item in after if item[2])
            for line, what, is_keras, lines in after:
                where = f"{os.path.relpath(path, corpus)}:{line}: {what}"
                if reported_lines & set(lines or (line,)):
                    counts["reported"] += 1
                    if not is_keras:
                        counts["reported (callee not Keras' by name)"] += 1
                elif not is_keras:
                    if listing:
                        print(f"  not Keras': {where}")
                else:
                    counts["SILENT: Keras callee, neither migrated nor reported"] += 1
                    print(f"  SILENT: {where}")
        if counts:
            print(f"{project}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        totals.update(counts)
    return totals


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args(argv)
    totals = run(args.corpus, args.list)
    print("TOTAL: " + ", ".join(f"{k} {v}" for k, v in sorted(totals.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
