"""``codemod.find_calls`` (the analyser's findings: a read-only walk that hands each
outermost legacy call to the transformer alone) records what ``wrapper.visit`` of the
whole module records: the same plans, skipped calls, proposed and applied nodes, block
indentations and the indentation of every call and ``from`` import.  Both run over the
same tree, so nodes compare by identity, proposals by their code."""

from __future__ import annotations

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper

from migrate_fitgen.keras_receivers import KerasReceivers
from migrate_fitgen.rewrite.codemod import LegacyCallTransformer, find_calls
from migrate_fitgen.rewrite.plan import RewriteOptions
from tests.walk_cases import TRICKY, corpus_files, corpus_text

CASES = {
    "nested legacy calls": (
        "import keras\nm = keras.Model()\n"
        "m.fit_generator(g(m.predict_generator(h, 3)), 10, epochs=f'{m.evaluate_generator(k, 2)}')\n"
    ),
    "inside f-strings and blocks": (
        "import keras\n\nclass T:\n\tdef run(self, m: keras.Model):\n"
        "\t\tif True:\n\t\t\tprint(f\"{m.fit_generator(g, 2, workers=3)}\")\n"
        "\t\tfrom a import b\n\t\treturn m.predict_generator(g, steps=1.0)\n"
    ),
    "not keras": "class Mine:\n    def fit_generator(self, g): pass\n\nMine().fit_generator(g)\n",
    "receiver holds a call": "import keras\nkeras.models.load_model('m').fit_generator(gen(), 5, 2, [], 1, None, 10)\n",
}


def _record(t: LegacyCallTransformer) -> dict:
    code = cst.Module(body=[]).code_for_node
    return {
        "plans": {id(k): (v.method, v.new_method, v.applicability, v.blocked, [(n.code, n.message, id(n.node)) for n in v.notes])
                  for k, v in t.plans.items()},
        "skipped": {id(k): v for k, v in t.skipped.items()},
        "proposed": {id(k): code(v) for k, v in t.proposed.items()},
        "applied": {id(k): code(v) for k, v in t.applied.items()},
        "block_indents": {id(k): v for k, v in t.block_indents.items()},
        "node_indents": {id(k): v for k, v in t.node_indents.items()},
        "left": (t.indents, t.indent, t.fstring_quotes),
    }


def _both(text: str, unsafe: bool) -> tuple:
    wrapper = MetadataWrapper(cst.parse_module(text), unsafe_skip_copy=True)
    receivers = KerasReceivers(wrapper)
    options = RewriteOptions(unsafe_fixes=unsafe)
    by_visit = LegacyCallTransformer(receivers, options)
    wrapper.visit(by_visit)
    by_walk = LegacyCallTransformer(receivers, options)
    find_calls(by_walk, wrapper)
    return _record(by_visit), _record(by_walk)


@pytest.mark.parametrize("unsafe", [False, True])
@pytest.mark.parametrize("name", sorted(CASES))
def test_find_calls_records_what_the_visit_records(name: str, unsafe: bool):
    by_visit, by_walk = _both(CASES[name], unsafe)
    assert by_visit["plans"] or by_visit["skipped"]  # the case holds legacy calls
    assert by_walk == by_visit


def test_nested_calls_are_all_planned():
    by_visit, by_walk = _both(CASES["nested legacy calls"], False)
    assert len(by_walk["plans"]) == 3 and by_walk == by_visit


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_find_calls_on_tricky_modules(name: str):
    by_visit, by_walk = _both(TRICKY[name], True)
    assert by_walk == by_visit


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_find_calls_on_the_corpus(path):
    by_visit, by_walk = _both(corpus_text(path), False)
    assert by_walk == by_visit
