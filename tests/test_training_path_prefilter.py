"""The ``ast`` test that keeps a file away from libcst when the training path cannot
change it (``keras1_names.may_hold_training_issue``) never drops a file that
``training_path.scan`` reports on or converts."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from migrate_fitgen import keras1_names as table
from migrate_fitgen.keras1_names import may_hold_training_issue
from migrate_fitgen.prefilter import may_rewrite
from migrate_fitgen.rewrite import training_path
from migrate_fitgen.sources import SourceError, parse_module, read_source

ROOT = Path(__file__).resolve().parent.parent

HEADS = ("keras", "tensorflow.keras", "tf_keras")


def _check(text: str) -> bool:
    """True when the libcst scan reports or converts something (and then the ast test
    must say so)."""
    try:
        module = parse_module(text)
        tree = ast.parse(text)
    except (SourceError, SyntaxError, ValueError):
        return False
    found = training_path.scan(module, receiver_is_keras=lambda call, method: True)
    reported = bool(found.issues or found.fixes)
    if reported:
        assert may_hold_training_issue(tree), text
    if may_hold_training_issue(tree):  # and the bytes test before it keeps what it keeps
        assert table.might_matter(text) and table.might_matter(text.encode()), text
    return reported


def _snippets():
    """Each optimizer, layer family and removed name, reached every way a call can name it."""
    for name in sorted(table.OPTIMIZERS_KERAS2):
        for head in HEADS:
            yield f"from {head}.optimizers import {name}\nopt = {name}(lr=0.1, decay=1e-6)\n"
            yield f"from {head}.optimizers import {name} as O\nopt = O(0.1, 0.9, 1e-6)\n"
            yield f"import {head.split('.')[0]}\nopt = {head}.optimizers.{name}(epsilon=None)\n"
            yield f"from {head}.optimizers import *\nopt = {name}(schedule_decay=0.004)\n"
    for name, family in sorted(table.CLASSES.items()):
        fam = table.FAMILIES[family]
        keywords = [old for old, _ in fam.renames] + list(fam.dropped) + list(fam.kernel_keywords)
        module = "models" if name == "Model" else "layers"
        for keyword in keywords[:3] or ["init"]:
            yield f"from keras.{module} import {name}\nlayer = {name}(1, {keyword}=2)\n"
            yield f"import keras as K\nlayer = K.{module}.{name}(1, {keyword}=2)\n"
            yield f"from tensorflow.keras.{module} import *\ndef f():\n    return {name}({keyword}=2)\n"
        if fam.kernel:
            yield f"from keras.layers import {name} as L\nlayer = L({', '.join(['3'] * (fam.kernel + 1))})\n"
    for name in sorted(table.REMOVED_LAYERS):
        yield f"from keras.layers import {name}\n"
        yield f"import keras\nx = keras.layers.{name}(3)\n"
    for method in sorted(table.REMOVED_METHODS):
        yield f"import keras\nm = keras.Model()\nm.{method}(x)\n"
    for key in sorted(table.REMOVED_TRAINING):
        if not key.startswith("."):
            parent, _, last = key.rpartition(".")
            yield f"from {parent} import {last}\n"
            yield f"import {parent} as p\np.{last}(1)\n"
    for module in sorted(table.ENGINE_MODULES):
        yield f"from {module} import Model\n"
        yield f"import {module}\n"
    for sub in sorted(table.LAYER_SUBMODULES):
        yield f"from keras.layers.{sub} import *\n"
        yield f"from keras.layers.{sub} import Dense, Conv2D\n"


def test_every_way_to_reach_the_table_is_kept() -> None:
    reported = [s for s in _snippets() if _check(s)]
    assert len(reported) > 300  # the snippets do exercise the scan


@pytest.mark.parametrize("folder", ["analyze", "rewrite", "programs", "projects", "fuzz"])
def test_corpus_files_the_scan_reports_are_kept(folder: str) -> None:
    reported = 0
    for path in sorted((ROOT / "corpus" / folder).rglob("*.py")):
        try:
            reported += _check(read_source(str(path)).text)
        except SourceError:
            continue
    if folder in ("rewrite", "programs"):
        assert reported > 0


@pytest.mark.parametrize(
    "text",
    [
        "import keras\nlayer = keras.layers.Dense(10, activation='relu')\n",  # Keras 3 arguments
        "from keras.optimizers import Adam\nopt = Adam(learning_rate=1e-3)\n",
        "from keras.layers import Conv2D\nc = Conv2D(32, 3)\n",  # two positionals: Keras 2 form
        "from mylib.layers import Dense\nd = Dense(10, init='zero')\n",  # not Keras
        "import keras\n# Dense(10, init='zero') in a comment\n",
    ],
)
def test_modern_or_foreign_calls_are_dropped(text: str) -> None:
    assert not may_hold_training_issue(ast.parse(text))
    assert not may_rewrite(text)  # and `rewrite -` answers it without libcst


def test_a_text_python_cannot_parse_is_kept() -> None:
    assert may_rewrite("import keras\nDense(10, init='zero'\n")


@pytest.mark.parametrize(
    "text",
    [
        "from keras . layers . core import Dense\n",  # blanks around the dots
        "import keras.layers.\\\n    core\n",  # a line continuation inside the name
        "from keras.engine.topology import Layer\n",
        "from keras.layers import Dense\nd = Dense(3, init \\\n  = 'zero')\n",
        "from keras.layers import Conv2D as C\nc = C(32, 3, 3)\n",  # a kernel family: positionals
        "from keras.models import Model\nm = Model(input=a, output=b)\n",
        # the name called through brackets, an alias, comments and breaks in the call
        "import keras\nopt = (keras.optimizers.Adam)(lr=0.1)\n",
        "from keras.optimizers import Adam as A\nopt = A(lr=0.1)\n",
        "from keras.optimizers import (Adam  # the one\n    as A)\nopt = A(lr=0.1)\n",
        "from keras.optimizers import SGD\nopt = SGD \\\n  (  # the rate\n  lr=0.1)\n",
        "from keras.layers import Dense\nd = Dense(3,  # units\n  init  # the old name\n  = 'zero')\n",
        "from keras.layers import Dense\nd = Dense(3,\n#####\ninit='zero')\n",
        "from keras.layers import LSTM\nl = LSTM(3, dropout_W=0.2)\n",
        "from keras.layers import Embedding\ne = Embedding(3, 4, dropout=0.2)\n",
    ],
)
def test_the_bytes_test_keeps_every_spelling(text: str) -> None:
    assert _check(text) and table.might_matter(text) and table.might_matter(text.encode())


def _spellings():
    """Each optimizer and layer family called with an argument it converts, spelled with
    the gaps Python allows around its parts."""
    gaps = [("", ""), (" ", " "), (" \\\n ", "\n  "), ("", "  # note\n  "), ("", "\n#####\n")]
    for name in sorted(table.OPTIMIZERS_KERAS2):
        for before, inside in gaps:
            yield f"from keras.optimizers import {name}\nopt = {name}{before}({inside}lr=0.1)\n"
            yield f"from keras.optimizers import {name} as O\nopt = O({inside}0.1,{inside}0.9)\n"
    for name, family in sorted(table.CLASSES.items()):
        fam = table.FAMILIES[family]
        keywords = table._family_keywords(fam)
        for keyword in sorted(keywords)[:4]:
            for before, inside in gaps:
                yield f"from keras.layers import {name}\nl = {name}{before}(1,{inside}{keyword}{inside}=2)\n"
            yield f"from keras.layers import {name} as L\nl = L({keyword}=2)\n"


def test_the_bytes_test_keeps_every_gap() -> None:
    reported = [s for s in _spellings() if _check(s)]
    assert len(reported) > 200
    for text in reported:
        assert table.might_matter(text) and table.might_matter(text.encode()), text


@pytest.mark.parametrize(
    "text",
    [
        "import keras\nclass Adam(keras.optimizers.Optimizer):\n    pass\n",  # defined, not called
        "import keras\nopt = keras.optimizers.Adam()\n",  # nothing in the call
        "import keras\nopt = keras.optimizers.Adam(  # defaults\n)\n",
        "import keras\nx = keras.layers.Dense(10, dropout=0.5)\n",  # another family's keyword
        "from keras import Model\noutput = Model(a, b)(x)\n",  # `output =` starts a statement
        "from keras.layers import Dense\nok = Dense(3)(x)\nif ok.output == x:\n    pass\n",
    ],
)
def test_the_bytes_test_drops_names_that_are_not_calls_it_converts(text: str) -> None:
    assert not table.might_matter(text) and not table.might_matter(text.encode()) and not _check(text)


def test_a_comment_banner_after_a_name_is_read_once() -> None:
    """A gap that could end at any ``#`` of a banner would make the search exponential."""
    text = "import keras\nx = Adam " + "# " * 60 + "\n" + ("#" * 80 + "\n") * 50 + "y = 1\n"
    assert not table.might_matter(text) and not table.might_matter(text.encode())


@pytest.mark.parametrize(
    "text",
    [
        "import keras\nx = keras.layers.Dense(10, activation='relu')\n",  # no converted keyword
        "import keras\ncore = engine = local = noise = 1\n",  # module words, not dotted after layers
        "from keras import layers\nnormalization = layers.BatchNormalization()\n",
    ],
)
def test_the_bytes_test_drops_what_needs_no_parse(text: str) -> None:
    assert not table.might_matter(text) and not _check(text)
