"""``StepCounts.names`` (each ``name = value`` of the module) is gathered with
``cst_walk.walk`` instead of libcst's ``visit``: both ways over the same module, the
values found and their order per name must be the same, over the corpus and modules
that stress the order of the walk."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper

from migrate_fitgen import step_counts
from migrate_fitgen.cst_walk import walk
from walk_cases import ROOT, TRICKY, corpus_files, corpus_text, snapshot


def both(text: str) -> tuple:
    module = cst.parse_module(text)
    by_visit, by_walk = step_counts._NameValues(), step_counts._NameValues()
    module.visit(by_visit)
    walk(by_walk, module)
    state = lambda c: {"values": c.values, "by_name": c.by_name}  # noqa: E731
    return snapshot(state(by_visit)), snapshot(state(by_walk)), by_visit


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_walk_gathers_what_the_visit_gathers_on_the_corpus(path: Path):
    by_visit, by_walk, _ = both(corpus_text(path))
    assert by_walk == by_visit


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_the_walk_gathers_what_the_visit_gathers(name: str):
    by_visit, by_walk, collector = both(TRICKY[name])
    assert by_walk == by_visit


def test_step_counts_uses_the_walk_and_a_difference_is_caught():
    text = "n = 10\nsteps: int = n // 2\nn = 3.0\n"
    counts = step_counts.StepCounts(MetadataWrapper(cst.parse_module(text), unsafe_skip_copy=True))
    assert [cst.Module([]).code_for_node(v) for v in counts.names.by_name["n"]] == ["10", "3.0"]
    by_visit, by_walk, collector = both(text)
    assert by_walk == by_visit
    collector.by_name["n"].reverse()
    assert snapshot({"values": collector.values, "by_name": collector.by_name}) != by_visit
