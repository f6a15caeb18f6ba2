"""The last check before a rewritten file is handed back: only the intended edits.

The idea is black's ``--safe``: parse the old and the new source with Python's own
parser and compare the trees.  Here the trees are compared with the places the
rewrite is allowed to change set aside:

- every call whose callee is named in ``ASIDE_CALLS`` (the legacy methods, their
  Keras 3 names, the layers and optimizers of the training path), arguments included;
- import statements that name Keras, TensorFlow or migrate-fitgen (the runtime import
  the rewrite adds, the Keras 2 imports it moves), and ``import math`` (added for
  ``math.ceil`` of a float step count);
- dotted paths rooted at ``keras``, ``tensorflow``/``tf`` or ``tf_keras``
  (``keras.utils.np_utils.normalize`` becomes ``keras.utils.normalize``).

Any other difference (a statement lost, a comment turned into code, an argument
moved into another call) is a bug in a transform: the file is not written and the run
reports it.  Both trees come from ``ast``, so formatting and comments play no part.
"""

from __future__ import annotations

import ast
from typing import List, Optional, Set, Tuple

from migrate_fitgen.sources import parse_python
from migrate_fitgen.keras_api import METHODS

#: callee names (the last dotted part) whose calls a transform may rewrite
ASIDE_CALLS: Set[str] = set(METHODS) | {"fit", "evaluate", "predict", "validate_batches"}

#: top-level packages whose import statements the rewrite may add, move or change
ASIDE_IMPORT_ROOTS = frozenset({"keras", "tensorflow", "tf_keras", "migrate_fitgen", "math"})

#: names at the root of dotted paths the rewrite may move
ASIDE_PATH_ROOTS = frozenset({"keras", "tensorflow", "tf", "tf_keras"})


def register_aside_calls(*names: str) -> None:
    """Let a transform declare the callee names whose calls it rewrites."""
    ASIDE_CALLS.update(names)


def _training_path_calls() -> None:
    """The calls the training-path transform (``rewrite/training_path.py``) rewrites:
    Keras 2 layer classes and their Keras 1 aliases, optimizers and the schedule it
    builds, callbacks, ``fit`` (given Keras 1's ``nb_epoch``), all named by the tables
    of ``keras1_names``."""
    from migrate_fitgen import keras1_names as k1

    register_aside_calls(
        *k1.CLASSES, *k1.KERAS1_ALIASES.values(), *k1.OPTIMIZERS_KERAS2, *k1.OPTIMIZERS_KERAS3, k1.SCHEDULE,
        *k1.CALLBACK_RENAMES, k1.CHECKPOINT, k1.FIT_KERAS1_METHOD, k1.COMPILE_METHOD,
    )


_training_path_calls()


class _SetAside(ast.NodeTransformer):
    def __init__(self, calls: Set[str], roots: Set[str]) -> None:
        self.calls = calls
        self.roots = roots

    def visit_Call(self, node: ast.Call) -> ast.AST:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
        if name in self.calls:
            return ast.Name(id="__rewritten_call__", ctx=ast.Load())
        return self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        base = node.value
        while isinstance(base, ast.Attribute):
            base = base.value
        if isinstance(base, ast.Name) and base.id in self.roots:
            return ast.Name(id="__keras_path__", ctx=ast.Load())
        return self.generic_visit(node)

    def _body(self, stmts: List[ast.stmt]) -> List[ast.stmt]:
        return [s for s in stmts if not _aside_import(s)]

    def generic_visit(self, node: ast.AST) -> ast.AST:
        for field in ("body", "orelse", "finalbody"):
            stmts = getattr(node, field, None)
            if isinstance(stmts, list) and stmts and isinstance(stmts[0], ast.stmt):
                setattr(node, field, self._body(stmts))
        return super().generic_visit(node)


def _aside_import(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.Import):
        return all(a.name.split(".")[0] in ASIDE_IMPORT_ROOTS for a in stmt.names)
    if isinstance(stmt, ast.ImportFrom):
        return stmt.level == 0 and (stmt.module or "").split(".")[0] in ASIDE_IMPORT_ROOTS
    return False


def _parse(text: str) -> Optional[ast.Module]:
    try:
        return parse_python(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _aliases(trees) -> Tuple[Set[str], Set[str]]:
    """``ASIDE_CALLS`` and ``ASIDE_PATH_ROOTS`` with the local names the imports of
    either tree bind to them (``from keras.layers import Dense as D``, ``import keras
    as K``)."""
    calls, roots = set(ASIDE_CALLS), set(ASIDE_PATH_ROOTS)
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] in ASIDE_IMPORT_ROOTS:
                for a in node.names:
                    if a.asname and a.name in ASIDE_CALLS:
                        calls.add(a.asname)
                    elif a.name in ("keras", "layers", "optimizers", "models"):
                        roots.add(a.asname or a.name)
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.split(".")[0] in ASIDE_PATH_ROOTS and a.asname:
                        roots.add(a.asname)
    return calls, roots


def _segments(text: str, stmts: List[ast.stmt]) -> List[str]:
    """Each statement's lines of ``text`` (whole lines: two statements of one line share
    them), to tell a statement whose text did not change from one that did."""
    from migrate_fitgen.edits import split_lines  # (Python's line breaks, not str.splitlines')

    lines = split_lines(text)
    return ["".join(lines[s.lineno - 1 : s.end_lineno]) for s in stmts]


def unintended_change(old: str, new: str) -> Optional[str]:
    """None when ``new`` differs from ``old`` only where the rewrite may edit; else the
    line of ``old`` near the first other difference, in a few words.  A source that
    Python's parser rejects (libcst takes some) is not checked.

    The top-level statements are paired in order (the imports set aside dropped);
    a pair whose lines read the same is the same statement (the same text parses to the
    same tree), so only the pairs whose text changed are normalised and compared."""
    if old == new:
        return None
    old_tree, new_tree = _parse(old), _parse(new)
    if old_tree is None or new_tree is None:
        return None
    a = [s for s in old_tree.body if not _aside_import(s)]
    b = [s for s in new_tree.body if not _aside_import(s)]
    if len(a) != len(b):
        return f"{abs(len(a) - len(b))} statement(s) {'lost' if len(b) < len(a) else 'added'} beyond the migrated calls"
    changed = [i for i, (x, y) in enumerate(zip(_segments(old, a), _segments(new, b))) if x != y]
    if not changed:
        return None
    calls, roots = _aliases((old_tree, new_tree))
    for i in changed:
        x, y = (ast.dump(_SetAside(calls, roots).visit(s)) for s in (a[i], b[i]))
        if x != y:
            return f"the statement at line {a[i].lineno} changed beyond the migrated calls"
    return None
