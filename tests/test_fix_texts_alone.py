"""The training path's fixes (FG201-FG204) print each new node alone, in a block of its
indentation, instead of printing the whole module with the node in place (the slow way,
one reprint of the module per group of nested fixes): the edits must be the same.

Checked over every corpus file, and over made-up layouts the corpus lacks (``from``
imports inside blocks, over several lines, after a semicolon, with tabs and CRLF).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from migrate_fitgen.keras_receivers import KerasReceivers
from migrate_fitgen.rewrite import RewriteOptions, collect_project_info
from migrate_fitgen.rewrite import training_path
from migrate_fitgen.rewrite.codemod import LegacyCallTransformer
from migrate_fitgen.rewrite.fixes import replacement_edits
from migrate_fitgen.sources import SourceError, decode_source, parse_module

ROOT = Path(__file__).resolve().parent.parent / "corpus"
FILES = sorted(p for p in ROOT.rglob("*.py") if not p.name.endswith(".expected.py"))


def _both_ways(source: str, path: str = "t.py"):
    """(the edits printed alone, the edits printed in the module, how many fixes)."""
    module = parse_module(source)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    receivers = KerasReceivers(wrapper, collect_project_info({path: source}), path)
    transformer = LegacyCallTransformer(receivers, RewriteOptions())
    wrapper.visit(transformer)
    positions = wrapper.resolve(PositionProvider)
    scan = training_path.scan(module)
    replacements = {c: f.new for c, f in scan.fixes.items()}
    known = {c: transformer.node_indents[c] for c in replacements if c in transformer.node_indents}
    assert set(known) == set(replacements)  # every node the training path replaces prints alone
    fast = replacement_edits(source, module, positions, replacements, known)
    slow = replacement_edits(source, module, positions, replacements)
    return fast, slow, len(replacements)


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_training_fixes_printed_alone_equal_fixes_printed_in_the_module(path: Path):
    try:
        source = decode_source(path.read_bytes(), str(path)).text
        fast, slow, _ = _both_ways(source, str(path))
    except SourceError:
        pytest.skip("does not parse")
    assert fast == slow


def test_the_corpus_has_training_fixes_to_check():
    count = 0
    for path in FILES:
        try:
            count += _both_ways(decode_source(path.read_bytes(), str(path)).text, str(path))[2]
        except SourceError:
            continue
    assert count >= 10


LAYOUTS = [
    # from imports inside blocks, nested blocks, over several lines, after a semicolon
    "def f():\n    from keras.layers.convolutional import Conv2D\n    return Conv2D\n",
    "def f():\n\tif True:\n\t\tfrom keras.layers.merge import (\n\t\t    concatenate,\n\t\t    add,\n\t\t)\n",
    "import os; from keras.layers.merge import concatenate  # trailing\n",
    "from keras.layers.merge import concatenate; import os\n",
    "class A:\n    def f(self):\n        from keras.engine.topology import \\\n            Layer\n",
    "if x:\r\n    from keras.layers.convolutional import (Conv2D,\r\n                                          MaxPooling2D)\r\n",
    # layer calls in blocks, with Keras 1 arguments over several lines
    "from keras.layers import Dense, Convolution2D\n"
    "def build():\n    for i in range(3):\n        layer = Dense(10, init='uniform',\n"
    "                      W_regularizer=None)\n"
    "        conv = Convolution2D(32, 3, 3,\n            border_mode='same')\n",
    "from keras.optimizers import SGD\nif True:\n    opt = SGD(lr=0.1,\n              decay=1e-6)\n",
]


@pytest.mark.parametrize("source", LAYOUTS)
def test_training_fixes_in_layouts_the_corpus_lacks(source: str):
    fast, slow, count = _both_ways(source)
    assert count >= 1
    assert fast == slow
