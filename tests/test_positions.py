"""``cst_positions`` gives libcst's ``PositionProvider`` ranges, node for node: over
every corpus file (so every finding's range and every fix's edits, cut by those ranges,
are what they were), and over layouts that stress the line and column counting (CRLF,
lone CR, form feeds, tabs, backslash continuations, no trailing newline, an empty file)."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from migrate_fitgen.analyze.facts import collect
from migrate_fitgen.cst_positions import positions_of, resolve_positions
from migrate_fitgen.sources import decode_source

ROOT = Path(__file__).resolve().parent.parent / "corpus"
FILES = sorted(p for p in ROOT.rglob("*.py"))


def _same_as_libcst(text: str) -> int:
    module = cst.parse_module(text)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    found = positions_of(module)
    assert set(found) == set(expected)
    assert len(found) == len(expected)
    for node, where in expected.items():
        assert found[node] == where, (type(node).__name__, where, found[node])
    return len(expected)


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_every_node_s_range_is_libcst_s_over_the_corpus(path: Path):
    text = decode_source(path.read_bytes(), str(path)).text
    try:
        cst.parse_module(text)
    except cst.ParserSyntaxError:
        pytest.skip("does not parse")
    assert _same_as_libcst(text) > 0


LAYOUTS = [
    "",
    "x = 1",  # no trailing newline: libcst counts the newline it pops
    "\n\n# only a comment",
    "import keras\r\nmodel.fit_generator(g,\r\n    steps_per_epoch=2)\r\n",
    "x = (1 +\r    2)\rprint(x)\r",
    "if x:\n\tmodel.fit_generator(\n\t\tg, 2)  # tab\n",
    "a = 1 + \\\n    2\nb = f'{a!r:>{10}}' 'x' \"\"\"\nmulti\nline\n\"\"\"\n",
    "\x0cdef f():\n    \x0c\n    return [\n        1,\n    ]\n",
    "class A(B, metaclass=M):\n    @dec\n    async def f(self, *a, b=1, **k) -> int:\n"
    "        async with x as (y, z):\n            yield from w\n        lambda q: (yield)\n",
    "from . import (a,\n    b,)\nimport c.d as e; x[1:2, ::3] = *y, z\n",
]


@pytest.mark.parametrize("text", LAYOUTS)
def test_every_node_s_range_is_libcst_s_in_awkward_layouts(text: str):
    _same_as_libcst(text)


def test_the_facts_wrapper_hands_the_same_ranges_to_its_other_users():
    """``collect`` computes the ranges once; ``wrapper.resolve(PositionProvider)`` (the
    receivers', the rewrite's) and a visitor's ``get_metadata`` get those."""
    text = "import keras\nmodel = keras.Sequential()\nmodel.fit_generator(g, 2)\n"
    facts = collect("t.py", text)
    assert facts.wrapper.resolve(PositionProvider) is facts.positions
    assert resolve_positions(facts.wrapper) is facts.positions
    seen = []

    class Calls(cst.CSTVisitor):
        METADATA_DEPENDENCIES = (PositionProvider,)

        def visit_Call(self, node: cst.Call) -> None:
            seen.append(self.get_metadata(PositionProvider, node))

    facts.wrapper.visit(Calls())
    expected = MetadataWrapper(cst.parse_module(text)).resolve(PositionProvider)
    assert seen == [r for n, r in expected.items() if isinstance(n, cst.Call)]
