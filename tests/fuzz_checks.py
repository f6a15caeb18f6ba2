"""The checks the fuzz tests and `benchmarks/fuzz.py` apply to one source text."""

from __future__ import annotations

import ast
import re

from migrate_fitgen.analyze.engine import analyze_source
from migrate_fitgen.keras_api import METHODS
from migrate_fitgen.rewrite import RewriteOptions, rewrite_source
from migrate_fitgen.sources import SourceError

#: snippets planted before or after a generated module
PLANTS = [
    "import keras\nmodel = keras.Sequential()\nmodel.fit_generator(gen, 10, 2)\n",
    "from keras.models import Model\ndef g():\n    while True:\n        yield [1, 2]\nm = Model()\nm.fit_generator(g(), steps_per_epoch=3, nb_epoch=2, nb_worker=2)\n",
    "import keras\ndef batches(x):\n    for i in range(0, len(x), 4):\n        yield x[i:i + 4].astype(str), x[i:i + 3]\nkeras.Model().evaluate_generator(batches(x), len(x) / 4)\n",
    "model.predict_generator(gen(), 2.5, 10, True)  # no keras import\n",
]

LEGACY = re.compile(r"\b(" + "|".join(sorted(METHODS)) + r")\b")
OPTIONS = (RewriteOptions(), RewriteOptions(unsafe_fixes=True), RewriteOptions(target="tf-keras"))


def _python_parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def check_source(text: str) -> None:
    """Raise AssertionError (or the unexpected exception) if a promise is broken."""
    for options in OPTIONS:
        try:
            result = rewrite_source(text, "fuzz.py", options)
        except SourceError:
            continue  # reported in one line; nothing written
        out = result.output
        if not LEGACY.search(text):
            assert out == text, "a text without a legacy call changed"
        if out != text:
            assert _python_parses(out) or not _python_parses(text), "the output does not parse"
            again = rewrite_source(out, "fuzz.py", options).output
            assert again == out, "a second rewrite changed the output"
    try:
        analyze_source(text, "fuzz.py")
    except SourceError:
        pass
