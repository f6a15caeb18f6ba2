"""The import rewrite's collector (imports, attribute chains, bare names, the ``try``
guards around them) runs with ``cst_walk.walk`` instead of libcst's ``visit``: both
ways over each top-level statement of the same module, as ``_Scanner`` does,
everything it gathers must be the same, over the corpus and modules that stress the
order of the walk."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from migrate_fitgen.cst_walk import walk
from migrate_fitgen.rewrite import imports
from walk_cases import ROOT, TRICKY, corpus_files, corpus_text, snapshot

IMPORTS = {
    **TRICKY,
    "guarded imports and chains": '''
try:
    import keras.layers.core as core
    from keras.utils import np_utils, multi_gpu_model; import os
except (ImportError, AttributeError):
    core = None
else:
    x = keras.utils.np_utils.to_categorical(y, num_classes=keras.backend.floatx())
finally:
    keras.layers.merge.concatenate([a, b], axis=core.axis)
print(keras.engine.topology.Layer, f(keras=1), obj.attr.keras)
try:
    from keras.wrappers import scikit_learn
except* ModuleNotFoundError:
    keras.wrappers = None
''',
}


def _state(c: imports._Collector) -> dict:
    return {k: v for k, v in vars(c).items() if k != "metadata"}


def both(text: str) -> tuple:
    module = cst.parse_module(text)
    by_visit, by_walk = imports._Collector(), imports._Collector()
    for top, stmt in enumerate(module.body):
        by_visit.top = by_walk.top = top
        stmt.visit(by_visit)
        walk(by_walk, stmt)
    return by_visit, by_walk


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_walk_gathers_what_the_visit_gathers_on_the_corpus(path: Path):
    by_visit, by_walk = both(corpus_text(path))
    assert snapshot(_state(by_walk)) == snapshot(_state(by_visit))


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_the_walk_gathers_what_the_visit_gathers(name: str):
    by_visit, by_walk = both(IMPORTS[name])
    assert by_visit.imports and by_visit.bare
    assert snapshot(_state(by_walk)) == snapshot(_state(by_visit))


def test_the_scanner_uses_the_walk_and_a_difference_is_caught():
    text = IMPORTS["guarded imports and chains"]
    scanner = imports._Scanner(cst.parse_module(text))
    assert [(i.guarded, i.alone) for i in scanner.c.imports] == [(True, True), (True, False), (True, False), (True, True)]
    by_visit, by_walk = both(text)
    assert [c.dotted for c in scanner.c.chains] == [c.dotted for c in by_visit.chains]
    before = snapshot(_state(by_walk))
    by_walk.chains.reverse()
    assert snapshot(_state(by_walk)) != before
