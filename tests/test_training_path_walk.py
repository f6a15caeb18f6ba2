"""The training path's two read-only passes (``_Names``, the resolver's view of the
file's names, and ``_Scanner``, the findings and fixes) run with ``cst_walk.walk``
instead of libcst's ``visit``: both ways over the same module, everything they gather
(imports, bound names, issues, fixes, edits) must be the same, over the corpus and
modules that stress the order of the walk."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from migrate_fitgen.cst_walk import walk
from migrate_fitgen.rewrite import training_path as tp
from walk_cases import ROOT, TRICKY, corpus_files, corpus_text, snapshot, tree_ids

TRAINING = {
    **TRICKY,
    "removed names, layers, optimizers": '''
import keras
from keras.layers import Convolution2D, merge
from keras.layers.convolutional import Conv2D
from keras.optimizers import SGD, Adam
from keras.legacy import interfaces
try:
    from keras.layers.core import Dense
except ImportError:
    Dense = None
def build(lr=0.1):
    opt = SGD(lr=lr, decay=1e-6, nesterov=True)
    x = Convolution2D(32, 3, 3, border_mode="same", init="he_normal")(inp)
    y = merge([x, x], mode="concat")
    m = keras.models.Model(input=inp, output=y)
    m.compile(optimizer=Adam(lr=1e-3), loss="mse")
    def local(SGD=None):
        return SGD(lr=1)
    m.fit_generator(gen, samples_per_epoch=100, nb_epoch=2)
    return keras.utils.np_utils.to_categorical(y)
''',
}


def _names_state(names: tp._Names) -> dict:
    return {k: v for k, v in vars(names).items() if k != "metadata"}


def _scanner_state(scanner: tp._Scanner) -> dict:
    return {
        "result": scanner.result, "edits": scanner.edits, "local": scanner.local,
        "modules": scanner.modules,
    }


def both(text: str, receiver_is_keras) -> tuple:
    module = cst.parse_module(text)
    tree = tree_ids(module)
    names_visit, names_walk = tp._Names(), tp._Names()
    module.visit(names_visit)
    walk(names_walk, module)
    out = [(snapshot(_names_state(names_visit), tree), snapshot(_names_state(names_walk), tree))]
    resolver = tp.Resolver(module)  # its names come from the walk, compared above
    scanners = []
    for run in (lambda s: module.visit(s), lambda s: walk(s, module)):
        scanner = tp._Scanner(resolver, receiver_is_keras, True)
        scanner.scan_imports()
        run(scanner)
        scanners.append(snapshot(_scanner_state(scanner), tree))
    out.append(tuple(scanners))
    return out


RECEIVERS = {"no receiver test": None, "every receiver is Keras": lambda call, method: True}


def _check(text: str) -> list:
    pairs = []
    for receiver_is_keras in RECEIVERS.values():
        for by_visit, by_walk in both(text, receiver_is_keras):
            assert by_walk == by_visit
            pairs.append(by_visit)
    return pairs


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_walk_gathers_what_the_visit_gathers_on_the_corpus(path: Path):
    _check(corpus_text(path))


@pytest.mark.parametrize("name", sorted(TRAINING))
def test_the_walk_gathers_what_the_visit_gathers(name: str):
    _check(TRAINING[name])


def test_the_comparison_sees_findings_and_a_difference():
    module = cst.parse_module(TRAINING["removed names, layers, optimizers"])
    scan = tp.scan(module, None)
    assert len(scan.issues) > 3 and scan.fixes
    tree = tree_ids(module)
    before = snapshot(scan, tree)
    scan.issues.reverse()
    assert snapshot(scan, tree) != before
