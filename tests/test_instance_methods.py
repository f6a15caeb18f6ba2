"""A generator method called on an instance of exactly its class (``Generator().make(20)``,
or ``g = Generator()`` then ``g.make(20)``) is linked to the training call it is given,
in one module and across modules (the ``ast`` closure keeps both files), so FG101-FG106
see its body; a method that an instance attribute or a decorator may replace is not."""

from __future__ import annotations

from pathlib import Path
from typing import Dict

import pytest

from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_paths
from test_data_names import resolver_links_are_kept
from test_data_names_scope import _write

CLASS = (
    "import numpy as np\n\n"
    "class Generator(object):\n"
    "    def make(self, batch_size):\n"
    "        while 1:\n"
    "            yield np.array([np.zeros((batch_size, 3)), np.zeros((batch_size, 2))])\n"
)
CALLS = {
    "call": "m.fit_generator(generator=Generator().make(20), steps_per_epoch=9, epochs=1)\n",
    "name": "g = Generator()\nm.fit_generator(g.make(20), steps_per_epoch=9, epochs=1)\n",
    "in_function": "def train():\n    g = Generator()\n    m.fit_generator(g.make(20), steps_per_epoch=9)\n",
}
HEAD = "from keras.models import Sequential\nm = Sequential()\n"


def _fg101(root: Path, files: Dict[str, str]):
    sources = _write(root, files)
    options = AnalyzeOptions(select=("ALL",))
    fast = analyze_paths([str(root)], options)
    whole = analyze_paths([str(root)], options, prefilter=False)
    assert fast.diagnostics == whole.diagnostics
    resolver_links_are_kept(sources, [str(root)])
    return [(Path(d.path).name, d.line) for d in fast.diagnostics if d.code == "FG101"]


@pytest.mark.parametrize("how", sorted(CALLS))
def test_one_module(tmp_path: Path, how: str) -> None:
    assert _fg101(tmp_path, {"train.py": HEAD + CLASS + CALLS[how]}) == [("train.py", 8)]


@pytest.mark.parametrize("how", sorted(CALLS))
def test_across_modules(tmp_path: Path, how: str) -> None:
    files = {
        "src/generator.py": CLASS,
        "src/train.py": HEAD + "from generator import Generator\n" + CALLS[how],
    }
    assert _fg101(tmp_path, files) == [("generator.py", 6)]


@pytest.mark.parametrize("change", [
    # an instance attribute may replace the method
    ("class Generator(object):\n", "class Generator(object):\n    def __init__(self):\n"
     "        self.make = None\n"),
    # a decorated method is not a plain function of the instance
    ("    def make(self", "    @staticmethod\n    def make(self"),
])
def test_a_method_that_may_be_replaced_is_not_followed(tmp_path: Path, change) -> None:
    source = CLASS.replace(*change)
    assert _fg101(tmp_path, {"train.py": HEAD + source + CALLS["call"]}) == []


def test_a_factory_returning_an_instance_method_is_read_alike(tmp_path: Path) -> None:
    """``def make(): return Generator().make(20)``: the resolver does not follow it from
    a factory and the ``ast`` closure does not keep it; with or without the prefilter
    the findings are the same (``_fg101`` compares them)."""
    files = {
        "src/generator.py": CLASS + "\n\ndef factory():\n    return Generator().make(20)\n",
        "src/train.py": HEAD + "from generator import factory\nm.fit_generator(factory(), steps_per_epoch=9)\n",
    }
    assert _fg101(tmp_path, files) == []
