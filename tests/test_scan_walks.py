"""The scan's two walks with a plain stack or list (``data_names.summarise``,
``prefilter.dataset_hints``) give what the recursive ``ast.NodeVisitor`` walk and the
``ast.walk`` of each class gave: the same summaries, calls and classes in the same order,
on tricky shapes and on every corpus/ module."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import List

import pytest

from migrate_fitgen.analyze import data_names as dn
from migrate_fitgen.analyze.prefilter import DatasetHints, _last, _target_names, _value_names, dataset_hints
from migrate_fitgen.sources import iter_python_files, read_source

ROOT = Path(__file__).resolve().parent.parent

SHAPES = '''
import a.b as c, d
from e import f as g
from s import *
G = 1

@deco(lambda q=gen(): q)
def outer(x, y=make(), *a, k=other(), **kw) -> ann.fit(z):
    global G
    G = gen(x)
    def inner():
        nonlocal x
        x = yield_from()
        yield from x
        return model.fit(x, steps_per_epoch=3)
    for i, (j, *k2) in enumerate(zip(a, kw)):
        m.evaluate([v for v in i if (w := v)], j)
    with open(p) as fh, ctx() as (u, v):
        fh.fit(u)
    return inner, lambda: m.predict(gen())

class K(Base, metaclass=Meta, **opts):
    attr = gen()
    self_like: T = make()
    def __getitem__(self, i):
        self.data = feed(i)
        self.data += more()
        return self.data
    def __init__(self):
        class Inner(Sequence):
            def __iter__(self):
                yield 1, 2
        self.model.fit(Inner())
    async def run(self):
        async for b in stream():
            await self.model.fit(b)
        async with lock() as held:
            pass

@dataclass
class Plain:
    pass

try:
    import h5py as H
except ImportError as exc:
    H = None
match cmd:
    case {"x": X, **rest}:
        m.fit(X)
    case Point(x=0, y=Y) | [Y, *_]:
        m.predict(Y)
x = {**base, "k": m.fit(g2)}
'''


def _files() -> List[Path]:
    return [Path(p) for p in iter_python_files([str(ROOT / "corpus")], ())]


def _reference_summary(tree: ast.AST, shapes: bool) -> dn.DataSummary:
    """``summarise`` with its walk made as ``ast.NodeVisitor`` made it: recursive, every
    child (``ast.iter_child_nodes``) in field order, each node's own step first."""
    def run(s: dn._Summariser, tree: ast.AST) -> None:
        def visit(node: ast.AST) -> None:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                s._not_own(node)
                for decorator in getattr(node, "decorator_list", ()):
                    visit(decorator)
                for default in (*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)):
                    visit(default)
                s._enter_function(node)
                for statement in [node.body] if isinstance(node, ast.Lambda) else node.body:
                    visit(statement)
                if not isinstance(node, ast.Lambda):
                    s.own[-1] = _reference_own(node)
                s._leave_function(node)
            elif isinstance(node, ast.ClassDef):
                s._not_own(node)
                for child in (*node.decorator_list, *node.bases, *(k.value for k in node.keywords)):
                    visit(child)
                s._enter_class(node)
                for statement in node.body:
                    visit(statement)
                s._leave_class(node)
            else:
                step = dn._STEPS.get(type(node))
                if step is not None and step(s, node, []):
                    return
                for child in ast.iter_child_nodes(node):
                    visit(child)

        visit(tree)

    real_run = dn._Summariser.run
    dn._Summariser.run = run  # type: ignore[method-assign]
    try:
        return dn.summarise(tree, shapes)
    finally:
        dn._Summariser.run = real_run  # type: ignore[method-assign]


#: the kinds of a function's own nodes the summary reads (yields, returns, the body
#: rules' preconditions)
OWN_KINDS = (ast.Yield, ast.YieldFrom, ast.Return, ast.Call, ast.Assign, ast.AnnAssign, ast.Slice, ast.List, ast.ListComp)


def _reference_own(function: ast.AST) -> "dn._Own":
    """A function's own nodes, found recursively: its body's, never those of a nested
    function, lambda or class (their decorators, defaults and bases included), however
    deep it is."""
    own = dn._Own()

    def visit(node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            return
        if isinstance(node, OWN_KINDS):
            own.add(type(node), node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    for statement in function.body:
        visit(statement)
    return own


def test_a_nested_definition_is_not_its_functions_own() -> None:
    """A generator or a ``return`` of a function defined in another one's body, at its
    top or deeper, belongs to that function alone (as libcst's facts count them)."""
    text = (
        "def make():\n    def gen():\n        yield x, y\n    return gen\n"
        "def action(function=None):\n    def decorator(func):\n        return func\n"
        "    if function:\n        def other(f):\n            return f\n    return decorator\n"
        "def wrap():\n    class K:\n        def g(self):\n            yield 1, 2\n    return K\n"
    )
    found = dn.summarise(ast.parse(text))
    assert ("gen", True) in found.generators and ("g", True) in found.generators
    assert not {"make", "wrap"} & ({n for n, _ in found.generators} | set(found.seeds))
    assert dict(found.returns)["action"] == (".decorator",)
    assert dict(found.returns)["make"] == (".gen",)


def _reference_mentions(node: ast.AST) -> set:
    out = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            out.add(n.id)
        elif isinstance(n, ast.Attribute):
            out.add("." + n.attr)
        elif isinstance(n, ast.GeneratorExp):
            out.add(dn.GENEXP)
    return out


def _reference_hints(tree: ast.AST) -> DatasetHints:
    """``dataset_hints`` as it was: ``ast.walk``, and an ``ast.walk`` of each class."""
    edges = set()
    init_bases = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            bases = tuple(b for b in (_last(x) for x in node.bases) if b)
            edges.update((node.name, b) for b in bases)
            if any(
                isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == "__init__"
                for n in ast.walk(node)
            ):
                init_bases.append(bases)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.asname:
                    edges.add((alias.asname, alias.name.rpartition(".")[2]))
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)):
            if node.value is None:
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            values = _value_names(node.value)
            for t in targets:
                edges.update((name, v) for name in _target_names(t) for v in values)
    return DatasetHints(tuple(sorted(edges)), tuple(init_bases))


def test_the_shapes_module_is_summarised_as_by_the_recursive_walk() -> None:
    tree = ast.parse(SHAPES)
    for shapes in (False, True):
        found = dn.summarise(tree, shapes)
        assert found == _reference_summary(tree, shapes)
    # the calls in walk order, those in annotations never (the visitor skipped them)
    assert [(c.method, c.line) for c in found.calls] == [
        ("fit", 15), ("evaluate", 17), ("fit", 19), ("predict", 20), ("fit", 33), ("fit", 36),
        ("fit", 50), ("predict", 52), ("fit", 53),
    ]
    assert "Inner" in found.seeds and ("inner", False) not in found.generators
    assert ("inner", True) in found.generators and ("i",) not in found.getitem_bases
    assert found.getitem_bases == (("Base", "Meta", "opts"),)


def test_the_classes_init_bases_come_in_walk_order() -> None:
    text = (
        "class A(B):\n    class C(D):\n        def f(self):\n            def __init__(): pass\n"
        "class E(F.G):\n    def __init__(self): pass\n"
        "def h():\n    class I(J):\n        async def __init__(self): pass\n"
        "class K(L):\n    x = 1\n"
    )
    tree = ast.parse(text)
    assert dataset_hints(tree) == _reference_hints(tree)
    assert dataset_hints(tree).init_class_bases == (("B",), ("G",), ("D",), ("J",))
    tree = ast.parse(SHAPES)
    assert dataset_hints(tree) == _reference_hints(tree) and dataset_hints(tree).init_class_bases


def test_mentions_are_those_of_every_node() -> None:
    for node in ast.walk(ast.parse(SHAPES)):
        if isinstance(node, ast.expr):
            assert dn._Summariser.mentions(node) == _reference_mentions(node)


@pytest.mark.parametrize("part", range(4))
def test_every_corpus_module_gives_what_the_old_walks_gave(part: int) -> None:
    files = _files()[part::4]
    assert len(files) > 20
    for path in files:
        try:
            tree = ast.parse(read_source(str(path)).text)
        except (SyntaxError, ValueError):
            continue
        assert dn.summarise(tree, True) == _reference_summary(tree, True), path
        assert dataset_hints(tree) == _reference_hints(tree), path


def test_the_scan_collects_a_files_nodes_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The prefilter's ``ast`` tests (training path, Keras imports) and the training
    calls' shapes read one ``ast_nodes.collect`` of the file, made by the scan."""
    from migrate_fitgen import ast_nodes
    from migrate_fitgen.analyze.engine import scan_file
    from migrate_fitgen.analyze.prefilter import split_tokens
    from migrate_fitgen.analyze.selection import enabled_codes

    path = tmp_path / "train.py"
    path.write_text(
        "from keras.layers import Dense\nfrom keras.optimizers import Adam\n"
        "model.add(Dense(3))\nmodel.compile(Adam(lr=0.1))\nmodel.fit(gen(), steps_per_epoch=3)\n"
    )
    made = []
    real = ast_nodes.collect
    monkeypatch.setattr(ast_nodes, "collect", lambda tree: made.append(tree) or real(tree))
    tokens, dataset_tokens = split_tokens(enabled_codes(None, ()))
    scan = scan_file(str(path), tokens, None, dataset_tokens or None, narrow_calls=True)
    assert scan.candidate and scan.data is not None and scan.data.may_give
    assert len(made) == 1
