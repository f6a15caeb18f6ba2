"""``analyze.facts.collect`` gathers a module's facts with ``cst_walk.walk`` instead of
libcst's ``visit`` (which rebuilds the tree): both are run with the collector over the
same module and everything it gathered (scopes, bindings, blocks, functions, loops,
classes, calls) must be the same, over the corpus and modules that stress the order."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper

from migrate_fitgen.analyze import facts
from migrate_fitgen.cst_positions import resolve_positions
from migrate_fitgen.cst_walk import walk
from walk_cases import ROOT, TRICKY, corpus_files, corpus_text, snapshot


def _state(c: facts._Collector) -> dict:
    return {k: v for k, v in vars(c).items() if k not in ("positions", "metadata")}


def both(text: str) -> tuple:
    wrapper = MetadataWrapper(cst.parse_module(text), unsafe_skip_copy=True)
    positions = resolve_positions(wrapper)
    by_visit = facts._Collector("m.py", positions)
    wrapper.module.visit(by_visit)
    by_walk = facts._Collector("m.py", positions)
    walk(by_walk, wrapper.module)
    return by_visit, by_walk


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_walk_gathers_what_the_visit_gathers_on_the_corpus(path: Path):
    by_visit, by_walk = both(corpus_text(path))
    assert snapshot(_state(by_walk)) == snapshot(_state(by_visit))


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_the_walk_gathers_what_the_visit_gathers(name: str):
    by_visit, by_walk = both(TRICKY[name])
    assert by_visit.calls and by_visit.module_scope.bindings
    assert snapshot(_state(by_walk)) == snapshot(_state(by_visit))


def test_collect_uses_the_walk_and_a_difference_is_caught():
    text = TRICKY["decorators and nested defs"]
    module = cst.parse_module(text)
    got = facts.collect("m.py", text, module)
    by_visit, _ = both(text)
    # same shape as a visit of the same text: the functions met in the same order
    assert [f.qualname for f in got.functions] == [f.qualname for f in by_visit.functions]
    _, by_walk = both(text)
    before = snapshot(_state(by_walk))
    by_walk.functions.reverse()
    assert snapshot(_state(by_walk)) != before
