"""apply_edits and text_edits: the positions fixes are published in, and how they apply."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate_fitgen.diagnostics import Edit
from migrate_fitgen.edits import EditConflict, LineIndex, apply_edits, split_lines, text_edits


def test_replacement_insertion_and_deletion():
    text = "ab\ncd\n"
    assert apply_edits(text, [Edit(1, 2, 1, 3, "XY")]) == "aXY\ncd\n"
    assert apply_edits(text, [Edit(2, 1, 2, 1, "new\n")]) == "ab\nnew\ncd\n"
    assert apply_edits(text, [Edit(1, 1, 2, 1, "")]) == "cd\n"
    assert apply_edits(text, [Edit(3, 1, 3, 1, "end\n")]) == "ab\ncd\nend\n"
    assert apply_edits(text, []) == text


def test_identical_edits_count_once_and_different_ones_at_one_place_conflict():
    imp = Edit(1, 1, 1, 1, "import x\n")
    assert apply_edits("a\n", [imp, imp]) == "import x\na\n"
    with pytest.raises(EditConflict):
        apply_edits("a\n", [imp, Edit(1, 1, 1, 1, "import y\n")])
    with pytest.raises(EditConflict):
        apply_edits("abcdef\n", [Edit(1, 1, 1, 4, "X"), Edit(1, 3, 1, 5, "Y")])
    # one edit inside another, with a third after both
    with pytest.raises(EditConflict):
        apply_edits("abcdefgh\n", [Edit(1, 1, 1, 8, "X"), Edit(1, 2, 1, 3, "Y"), Edit(1, 4, 1, 5, "Z")])


def test_an_insertion_goes_before_a_replacement_at_the_same_place_and_after_one_ending_there():
    text = "abcd\n"
    assert apply_edits(text, [Edit(1, 2, 1, 3, "B"), Edit(1, 2, 1, 2, ">")]) == "a>Bcd\n"
    assert apply_edits(text, [Edit(1, 2, 1, 3, "B"), Edit(1, 3, 1, 3, "<")]) == "aB<cd\n"
    assert apply_edits(text, [Edit(1, 2, 1, 3, "B"), Edit(1, 3, 1, 4, "C")]) == "aBCd\n"
    # strictly inside a replacement it is a conflict
    with pytest.raises(EditConflict):
        apply_edits(text, [Edit(1, 1, 1, 4, "X"), Edit(1, 2, 1, 2, ">")])


def test_positions_outside_the_text_are_refused():
    for bad in (Edit(0, 1, 1, 1, ""), Edit(1, 5, 1, 5, ""), Edit(4, 1, 4, 1, ""), Edit(1, 3, 1, 2, "")):
        with pytest.raises(ValueError):
            apply_edits("abc\nd\n", [bad])


def test_columns_count_code_points_and_lines_break_only_where_python_breaks_them():
    # an emoji is 2 UTF-16 code units but 1 code point; U+2028 and form feed end no line
    text = 's = "\U0001F600\u2028\x0c"; m.f(g)\r\nx = 1\ry\n'
    index = LineIndex(text)
    assert index.starts == [0, text.index("x"), text.index("y"), len(text)]
    assert index.offset(1, 12) == text.index("m.f")
    assert apply_edits(text, [Edit(1, 14, 1, 15, "fit")]) == text.replace("m.f(", "m.fit(")
    assert apply_edits(text, [Edit(3, 1, 3, 2, "z")]) == text.replace("\ry", "\rz")
    assert "".join(split_lines(text)) == text and len(split_lines(text)) == 3


def test_text_edits_are_small_and_in_the_old_text_s_coordinates():
    old = "import keras\n\nm.fit_generator(generator=g)\n"
    new = "import keras\nfrom r import v\n\nm.fit(x=v(g))\n"
    edits = text_edits(old, new)
    assert apply_edits(old, edits) == new
    assert Edit(2, 1, 2, 1, "from r import v\n") in edits
    assert Edit(3, 3, 3, 16, "fit") in edits
    assert all(e.line == e.end_line for e in edits)
    assert text_edits(old, old) == []


_PIECES = st.sampled_from(["a", "b", "fit", "(", ")", " ", "  ", "=", "\n", "\r\n", "\r", "é", "\U0001F600", "\u2028"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.lists(_PIECES, max_size=40).map("".join))
def test_text_edits_round_trip(old, new):
    edits = text_edits(old, new)
    assert apply_edits(old, edits) == new
    # the edits are disjoint, so they apply in any order given
    assert apply_edits(old, list(reversed(edits))) == new
