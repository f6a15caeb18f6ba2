"""``cst_walk.walk`` calls a visitor's ``visit_``/``leave_`` methods on the nodes, and in
the order, of libcst's ``node.visit`` (without rebuilding the tree): its table of child
order is read again from libcst's source, and visitors that record every call they get
are run both ways over the corpus and over modules built to stress the order."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import textwrap
from pathlib import Path

import libcst as cst
import pytest

from migrate_fitgen import cst_walk
from walk_cases import ROOT, TRICKY, corpus_files, corpus_text

NODE_TYPES = {
    name: k for name, k in vars(cst).items()
    if isinstance(k, type) and issubclass(k, cst.CSTNode) and dataclasses.is_dataclass(k)
    and not inspect.isabstract(k)
}


def _libcst_order(kind: type) -> tuple:
    """The fields ``kind._visit_and_replace_children`` visits, in its source's order."""
    for c in kind.__mro__:
        if "_visit_and_replace_children" in vars(c):
            source = textwrap.dedent(inspect.getsource(vars(c)["_visit_and_replace_children"]))
            break
    calls = sorted(
        (n for n in ast.walk(ast.parse(source))
         if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id.startswith("visit_")),
        key=lambda n: (n.lineno, n.col_offset),
    )
    order: list = []
    for call in calls:
        if call.args[1].value not in order:
            order.append(call.args[1].value)
    return tuple(order)


def test_the_child_order_is_libcsts():
    assert set(cst_walk._CHILD_ORDER) == set(NODE_TYPES)
    for name, kind in NODE_TYPES.items():
        assert cst_walk._CHILD_ORDER[name] == _libcst_order(kind), name
    # fields order and libcst's differ (a function's decorators come before its body)
    assert cst_walk._CHILD_ORDER["FunctionDef"].index("decorators") < cst_walk._CHILD_ORDER["FunctionDef"].index("body")


def test_the_tiers_name_every_operator_and_bracket():
    """The walk skips punctuation by exact type: every concrete operator, bracket and
    separator of libcst is named (one left out would only be walked for nothing)."""
    abstract = (cst.BaseBinaryOp, cst.BaseBooleanOp, cst.BaseCompOp, cst.BaseUnaryOp, cst.BaseAugOp)
    operators = {name for name, k in NODE_TYPES.items() if issubclass(k, abstract)}
    assert len(operators) > 40 and operators <= PUNCTUATION
    for name in (*cst_walk._TIER_WHITESPACE, *PUNCTUATION, *cst_walk._TIER_LEAF):
        assert name in NODE_TYPES, name


def _recorder(names, stop=()):
    """A visitor class with ``visit_``/``leave_`` for each node type in ``names``; its
    ``visit_`` returns False for the types in ``stop``."""

    def make(name):
        def visit(self, node):
            self.log.append(("visit", name, id(node)))
            return False if name in stop else None

        def leave(self, node):
            self.log.append(("leave", name, id(node)))

        return {f"visit_{name}": visit, f"leave_{name}": leave}

    body = {}
    for name in names:
        body.update(make(name))
    kind = type("Recorder", (cst.CSTVisitor,), body)
    kind.__init__ = lambda self: setattr(self, "log", [])
    return kind


WHITESPACE = set(cst_walk._TIER_WHITESPACE)
PUNCTUATION = set(cst_walk._TIER_PUNCTUATION)
RECORDERS = {
    "every node": _recorder(NODE_TYPES),
    "no whitespace": _recorder(set(NODE_TYPES) - WHITESPACE),
    "no whitespace or punctuation": _recorder(set(NODE_TYPES) - WHITESPACE - PUNCTUATION),
    "punctuation only": _recorder(PUNCTUATION),
    "names only": _recorder({"Name"}),
    "statements, stopping at functions": _recorder(
        {"FunctionDef", "ClassDef", "SimpleStatementLine", "Call", "Lambda", "Decorator", "Comment"},
        stop={"FunctionDef"},
    ),
    "stopping at calls and classes": _recorder(
        {"Call", "Name", "Attribute", "ClassDef", "Arg", "Param"}, stop={"Call", "ClassDef"},
    ),
}


def _both(text: str, recorder: type) -> tuple:
    module = cst.parse_module(text)
    by_visit, by_walk = recorder(), recorder()
    module.visit(by_visit)
    cst_walk.walk(by_walk, module)
    return by_visit.log, by_walk.log


@pytest.mark.parametrize("recorder", sorted(RECORDERS))
@pytest.mark.parametrize("name", sorted(TRICKY))
def test_the_walk_meets_what_the_visit_meets(name: str, recorder: str):
    by_visit, by_walk = _both(TRICKY[name], RECORDERS[recorder])
    assert by_visit  # each recorder sees something in each module
    assert by_walk == by_visit


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_walk_meets_what_the_visit_meets_on_the_corpus(path: Path):
    text = corpus_text(path)
    for recorder in RECORDERS.values():
        by_visit, by_walk = _both(text, recorder)
        assert by_walk == by_visit


def test_a_different_order_is_caught():
    by_visit, by_walk = _both(TRICKY["decorators and nested defs"], RECORDERS["names only"])
    assert by_walk == by_visit
    by_walk[3], by_walk[4] = by_walk[4], by_walk[3]
    assert by_walk != by_visit


def test_visitors_the_walk_cannot_follow_are_refused():
    class OnVisit(cst.CSTVisitor):
        def on_visit(self, node):
            return True

    class Attribute(cst.CSTVisitor):
        def visit_FunctionDef_body(self, node):
            pass

    for kind in (OnVisit, Attribute):
        with pytest.raises(TypeError):
            cst_walk.walk(kind(), cst.parse_module("x = 1\n"))


def test_the_walk_rebuilds_nothing():
    module = cst.parse_module(TRICKY["classes, self, globals"])
    seen = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, node):
            seen.append(node)

    cst_walk.walk(Calls(), module)
    found = []
    module.visit(type("V", (cst.CSTVisitor,), {"visit_Call": lambda self, n: found.append(n)})())
    assert seen and [id(n) for n in seen] == [id(n) for n in found]


def test_a_node_type_the_table_does_not_know_is_walked_in_libcsts_order(monkeypatch):
    """A newer libcst's node type, missing from the table, is walked through its
    ``children`` (libcst's own order)."""
    monkeypatch.setattr(cst_walk, "_KNOWN", cst_walk._KNOWN - {cst.Arg, cst.Param})
    order = dict(cst_walk._CHILD_ORDER)
    del order["Arg"], order["Param"]
    monkeypatch.setattr(cst_walk, "_CHILD_ORDER", order)
    recorder = _recorder(set(NODE_TYPES) - WHITESPACE)  # a new class: no plans yet
    by_visit, by_walk = _both(TRICKY["match, async, star args, f-strings"], recorder)
    assert ("visit", "Arg") in {(e, n) for e, n, _ in by_walk}
    assert by_walk == by_visit
