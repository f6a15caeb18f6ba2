"""``ast_nodes.collect`` keeps exactly the imports, calls, attributes and ``raise``
statements ``ast.walk`` yields (and sees a ``yield`` where it finds one), so that the
pre-tests reading it say what they said walking the tree."""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

import pytest

from migrate_fitgen import ast_nodes
from migrate_fitgen.keras1_names import may_hold_training_issue
from migrate_fitgen.keras_imports import may_hold_import_issue

ROOT = Path(__file__).resolve().parent.parent

KINDS = (ast.Import, ast.ImportFrom, ast.Call, ast.Attribute, ast.Raise)


def _by_walk(tree: ast.AST) -> dict:
    found: dict = {kind: [] for kind in KINDS}
    for node in ast.walk(tree):
        if type(node) in found:
            found[type(node)].append(node)
    return found


def _by_collect(tree: ast.AST) -> dict:
    nodes = ast_nodes.collect(tree)
    found: dict = {kind: [] for kind in KINDS}
    for node in [*nodes.imports, *nodes.calls, *nodes.attributes, *nodes.raises]:
        found[type(node)].append(node)
    return found


def _same(tree: ast.AST) -> None:
    walked, collected = _by_walk(tree), _by_collect(tree)
    assert ast_nodes.collect(tree).yields == any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in ast.walk(tree))
    for kind in KINDS:
        assert sorted(map(id, walked[kind])) == sorted(map(id, collected[kind])), kind.__name__


SNIPPETS = [
    # every place a call, an attribute or an import can sit
    "import a.b as c, d\nfrom e import (f as g, h)\nfrom . import i\n",
    "def f(a=x.y(), *b, c=z.w, **d) -> r.t:\n    import k\n    return lambda q=m.n(): q.o\n",
    "class C(b.B, metaclass=m.M):\n    @d.e(f.g)\n    def h(self): yield from i.j(k)\n",
    "x = {a.b: c.d(), **e.f}\ny = [g.h() for i in j.k() if l.m(i)]\nz = {**{}, None: n.o}\n",
    "async def f():\n    async with a.b() as c, d.e():\n        async for g in h.i():\n            await j.k()\n",
    "try:\n    pass\nexcept a.E as e:\n    b.c()\nelse:\n    d.e()\nfinally:\n    f.g()\n",
    "s = f'{a.b():>{c.d}} {e.f!r}'\nt: g.H = i.j\ndel k.l\nglobal m\n",
    "match a.b():\n    case C(x=1, y=d.E) if f.g():\n        pass\n    case {'k': v, **rest}:\n        h.i()\n"
    "    case [1, *others] | None:\n        j.k()\n",
    "with (a.b() as c, d.e() as f):\n    (g.h)(i)[j.k] = l.m\n    assert n.o(), p.q\n",
    "x = a.b if c.d() else e.f\ny = not g.h()\nz = -i.j() + k.l() @ m.n\nw = (o.p() for _ in ())\n",
]


@pytest.mark.parametrize("text", SNIPPETS)
def test_snippets(text: str) -> None:
    try:
        tree = ast.parse(text)
    except SyntaxError:  # ``match`` before Python 3.10
        pytest.skip("this Python does not parse it")
    _same(tree)


@pytest.mark.parametrize("folder", ["analyze", "rewrite", "programs", "projects", "fuzz"])
def test_corpus_files(folder: str) -> None:
    files = 0
    for path in sorted((ROOT / "corpus" / folder).rglob("*.py")):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(path.read_bytes())
        except (SyntaxError, ValueError):
            continue
        _same(tree)
        # the tests' answers do not depend on the order: the nodes in ``ast.walk``'s
        # order (breadth first) give what ``collect``'s order (depth first) gives
        walked = _by_walk(tree)
        in_walk_order = ast_nodes.Nodes()
        in_walk_order.imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
        in_walk_order.calls, in_walk_order.attributes = walked[ast.Call], walked[ast.Attribute]
        assert may_hold_training_issue(in_walk_order) == may_hold_training_issue(tree)
        assert may_hold_import_issue(in_walk_order) == may_hold_import_issue(tree)
        files += 1
    assert files > 0


def test_the_sources_of_this_project() -> None:
    for path in sorted((ROOT / "migrate_fitgen").rglob("*.py")):
        _same(ast.parse(path.read_text(encoding="utf-8")))
