"""Python's warnings about the user's code (``"is" with a literal``, an invalid escape
sequence) are not the tool's to print: found on real code, a rewrite printed
``synwarn.py:5: SyntaxWarning`` for a line 4 of the file (the output's line, one import
further down).  Nor do they stop anything under ``-W error``."""

from __future__ import annotations

import warnings

import pytest

from migrate_fitgen.analyze.engine import analyze_paths
from migrate_fitgen.rewrite import rewrite_source

TEXT = (
    "from keras.models import Sequential\n\nmode = 'a'\nif mode is 'a':\n    pattern = '\\d+'\n"
    "model = Sequential()\nmodel.fit_generator(gen, steps_per_epoch=10)\n"
)


@pytest.mark.parametrize("action", ["always", "error"])
def test_no_warning_about_the_users_code(action: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter(action)
        out = rewrite_source(TEXT, "synwarn.py").output
        found = analyze_paths(["-"], stdin_text=TEXT, stdin_filename="synwarn.py")
    assert "model.fit(validate_batches(gen), steps_per_epoch=10)" in out
    assert any(d.code == "FG001" for d in found.diagnostics) and not found.errors
    assert [str(w.message) for w in caught] == []
