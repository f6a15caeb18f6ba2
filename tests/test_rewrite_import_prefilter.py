"""The ``ast`` test that keeps a file without legacy calls away from libcst
(``keras_imports.may_hold_import_issue``) never drops a file the FG008 scan reports on."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from migrate_fitgen import keras_imports as table
from migrate_fitgen.keras_imports import may_hold_import_issue
from migrate_fitgen.rewrite import imports
from migrate_fitgen.sources import SourceError, parse_module, read_source

ROOT = Path(__file__).resolve().parent.parent


def _snippets():
    """Every row of the table, reached every way an import can name it."""
    for r in table.ROWS:
        parent, _, last = r.module.rpartition(".")
        yield f"from {r.module} import {r.name}\n"
        yield f"from {r.module} import {r.name} as alias\n"
        yield f"from {r.module} import *\n{r.name}(1)\n"
        yield f"import {r.module}\n{r.module}.{r.name}(1)\n"
        yield f"import {r.module} as m\nm.{r.name}(1)\n"
        yield f"import keras\nkeras.{r.module[len('keras.'):]}.{r.name}(1)\n" if r.module != "keras" else ""
        yield f"from {parent} import {last}\n{last}.{r.name}(1)\n"
        yield f"from {parent} import {last} as q\nx = q.{r.name}\n"
        yield f"def f():\n    try:\n        from {r.module} import {r.name}\n    except ImportError:\n        pass\n"
    for gone in table.GONE_MODULES:
        yield f"import {gone}\n"
        yield f"from {gone} import anything\n"
        # the blanks and line continuations an import statement allows
        yield f"from \\\n  {gone} import anything\n"
        yield f"import os, \\\n  {gone} as g, sys\n"
        yield f"import numpy as np; import {gone}\n"


def _check(text: str) -> bool:
    """True when the scan reports something (and then the ast test must say so)."""
    try:
        module = parse_module(text)
        tree = ast.parse(text)
    except (SourceError, SyntaxError, ValueError):
        return False
    reported = bool(imports.scan(module))
    if reported:
        assert may_hold_import_issue(tree), text
        # and the words test before it (the rewrite's own gate, the scan's bytes test)
        assert table.might_matter(text) and table.might_matter(text.encode()), text
    return reported


def test_every_way_to_import_a_row_is_kept() -> None:
    reported = [s for s in _snippets() if s and _check(s)]
    assert len(reported) > 100  # the snippets do exercise the scan


@pytest.mark.parametrize("folder", ["analyze", "rewrite", "programs", "projects"])
def test_corpus_files_the_scan_reports_are_kept(folder: str) -> None:
    for path in sorted((ROOT / "corpus" / folder).rglob("*.py")):
        try:
            _check(read_source(str(path)).text)
        except SourceError:
            pass


@pytest.mark.parametrize(
    "text",
    [
        "from keras.utils import to_categorical, Sequence\n",
        "from keras.preprocessing.image import img_to_array, load_img\n",
        "import keras\nkeras.utils.to_categorical([1], 2)\n",
        "from keras.preprocessing.sequence import pad_sequences\n",
        "# keras ImageDataGenerator is mentioned only in a comment\nimport keras\n",
        "from mylib.keras.preprocessing.text import Tokenizer\n",
    ],
)
def test_files_that_only_name_kept_things_are_dropped(text: str) -> None:
    assert not imports.scan(parse_module(text))
    assert not may_hold_import_issue(ast.parse(text))


@pytest.mark.parametrize(
    "text",
    [
        # Keras named, but no import of standalone Keras binds anything
        "from tf_keras.src.utils import data_utils\nx = data_utils.OrderedEnqueuer\n",
        "from tensorflow.keras.preprocessing.text import Tokenizer\n",
        "import keras_hub\nx = keras_hub.tokenizers.Tokenizer\n",
        # a removed name only inside a longer word
        "import keras\nclass SentencePieceTokenizer(keras.layers.Layer):\n    pass\n",
    ],
)
def test_the_words_test_drops_what_needs_no_parse(text: str) -> None:
    assert not table.might_matter(text) and not table.might_matter(text.encode())
    assert not _check(text)
