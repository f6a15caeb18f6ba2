"""A block whose lines are indented with different bytes for the same column (``\\t
    \\t`` beside ``    \\t\\t``, which Python accepts): libcst prints the block's one
indentation on each of its lines, so a rewrite of anything else in the file changed a
line nobody asked to touch (found on real code, a CRLF file of a behavioural-cloning
project).  Such a line keeps its bytes."""

from __future__ import annotations

import ast
import difflib

import pytest

from migrate_fitgen.rewrite import RewriteOptions, rewrite_source

MIXED = (
    "import keras\nfrom keras.optimizers import Adam\n"
    "def g():\n    while 1:\n    \tif x:\n    \t\ta = 1\n\t    \tb = 2\n    \tyield a, b\n"
)


@pytest.mark.parametrize("tail", [
    "opt = Adam(lr=0.1)\n",  # the training path: the module is printed again
    "opt = Adam(lr=0.1)\nmodel.fit_generator(g(), steps_per_epoch=2)\n",
])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_line_indented_otherwise_keeps_its_bytes(tail: str, newline: str) -> None:
    source = (MIXED + tail).replace("\n", newline)
    for by_edits in (True, False):
        out = rewrite_source(source, "t.py", RewriteOptions(), by_edits=by_edits).output
        assert f"\t    \tb = 2{newline}" in out
        assert "Adam(learning_rate=0.1)" in out
        removed = [ln for ln in difflib.ndiff(source.splitlines(), out.splitlines()) if ln.startswith("- ")]
        assert all("Adam" in ln or "fit_generator" in ln for ln in removed), removed
        ast.parse(out)
