"""``analyze.project``'s attribute-assignment scan (``_AttributeAssignments``: which
``<x>.<attr>`` a class or function assigns, whether it calls ``setattr``) runs with
``cst_walk.walk`` instead of libcst's ``visit``: both ways over every class and
function of the same module, with and without an attribute asked about, what it finds
must be the same, over the corpus and modules that stress the order of the walk."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from migrate_fitgen.analyze import project
from migrate_fitgen.analyze.facts import collect
from migrate_fitgen.cst_walk import walk
from walk_cases import ROOT, TRICKY, corpus_files, corpus_text

ASSIGNING = {
    **TRICKY,
    "attributes": '''
class Seq(Base):
    count: int = 0
    def __init__(self, data, *, batch=32):
        self.data, (self.batch, other.x) = data, (batch, 1)
        [self.a, *self.rest] = range(3)
        self.n: int = len(data)
        self.n += 1
        obj.inner.deep = lambda: setattr(self, "late", 1)
    def on_epoch_end(self):
        class Inner:
            def f(self):
                self.hidden = 2
''',
}


def _states(text: str) -> list:
    facts = collect("m.py", text, cst.parse_module(text))
    nodes = [c.node for c in facts.classes] + [f.node for f in facts.functions]
    out = []
    for node in nodes:
        for attr in (None, "data", "late", "hidden", "n", "missing"):
            by_visit, by_walk = project._AttributeAssignments(attr), project._AttributeAssignments(attr)
            node.visit(by_visit)
            walk(by_walk, node)
            state = lambda v: (sorted(v.names), v.found, v.setattr)  # noqa: E731
            out.append((state(by_visit), state(by_walk)))
    return out


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_walk_finds_what_the_visit_finds_on_the_corpus(path: Path):
    for by_visit, by_walk in _states(corpus_text(path)):
        assert by_walk == by_visit


@pytest.mark.parametrize("name", sorted(ASSIGNING))
def test_the_walk_finds_what_the_visit_finds(name: str):
    for by_visit, by_walk in _states(ASSIGNING[name]):
        assert by_walk == by_visit


def test_the_scan_through_the_walk():
    text = ASSIGNING["attributes"]
    facts = collect("m.py", text, cst.parse_module(text))
    seq = facts.classes[0]
    names, setattr_called = project.assigned_attributes(seq)
    assert names == {"data", "batch", "x", "a", "rest", "n", "deep", "hidden"} and setattr_called
    assert project._assigns_attribute(seq.node, "hidden")
    assert not project._assigns_attribute(facts.classes[1].node, "data")
