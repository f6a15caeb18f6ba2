"""The text tests that let stdin skip libcst: they may say "maybe" too often, never
"nothing" for a file the full path reports on or changes."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_source
from migrate_fitgen.prefilter import ANALYSIS_WORDS, may_analyse, may_rewrite, parses
from migrate_fitgen.rewrite import RewriteOptions, rewrite_source
from migrate_fitgen.sources import SourceError

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    p for folder in ("corpus", "examples") for p in (ROOT / folder).rglob("*.py")
)

#: texts with nothing for either command, beside the corpus files that have nothing
NOTHING = {
    "plain": "import os\n\n\ndef total(values):\n    return sum(v * 2 for v in values)\n",
    "keras_layer": (
        "import tensorflow as tf\nfrom keras import layers\n\n"
        "class Double(layers.Layer):\n    def call(self, x):\n        return x * 2\n"
    ),
    "escapes": 'import re\nPATTERN = re.compile("\\d+")\n',
    "empty": "",
}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _cases():
    for p in FILES:
        yield pytest.param(_read(p), id=str(p.relative_to(ROOT)))
    for name, text in NOTHING.items():
        yield pytest.param(text, id=name)


def test_some_cases_are_filtered_out():
    texts = [_read(p) for p in FILES] + list(NOTHING.values())
    assert sum(not may_analyse(t) for t in texts) >= 10
    assert sum(not may_rewrite(t) for t in texts) >= 30


@pytest.mark.parametrize("target", ["keras3", "tf-keras"])
@pytest.mark.parametrize("text", _cases())
def test_rewrite_has_nothing_to_do_where_the_prefilter_says_so(text: str, target: str):
    if may_rewrite(text, target):
        return
    for unsafe in (False, True):
        result = rewrite_source(text, "t.py", RewriteOptions(target=target, unsafe_fixes=unsafe))
        assert result.output == text
        assert result.diagnostics == [] and result.findings == []


@pytest.mark.parametrize("target", ["keras3", "tf-keras"])
@pytest.mark.parametrize("text", _cases())
def test_analyze_finds_nothing_where_the_prefilter_says_so(text: str, target: str):
    if may_analyse(text, target):
        return
    assert analyze_source(text, "t.py", AnalyzeOptions(target=target, select=("ALL",))) == []


@pytest.mark.parametrize("word", ANALYSIS_WORDS)
def test_each_analysis_word_is_a_maybe(word: str):
    assert not may_analyse(NOTHING["plain"])
    assert may_analyse(NOTHING["plain"] + f"# {word}\n")


def test_legacy_names_and_removed_imports_are_a_maybe():
    plain = NOTHING["plain"]
    for method in ("fit_generator", "evaluate_generator", "predict_generator"):
        assert may_rewrite(plain + f"m.{method}(g)\n")
    removed = "from keras.preprocessing.image import ImageDataGenerator\n"
    assert may_rewrite(removed + plain) and may_analyse(removed + plain)
    # tf-keras keeps ImageDataGenerator: nothing to rewrite or report there
    assert not may_rewrite(removed + plain, "tf-keras")
    assert not may_analyse(removed + plain, "tf-keras")


@pytest.mark.parametrize("text", ['print "python 2"\n', "x = (\n", "a\0b\n"])
def test_what_python_cannot_parse_goes_the_full_way(text: str):
    assert not parses(text)
    assert may_rewrite(text) and may_analyse(text)
    with pytest.raises(SourceError):
        rewrite_source(text, "t.py")


def test_parsing_prints_no_syntax_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning would be raised (or printed) here
        assert parses(NOTHING["escapes"])
