"""``words.alternation``: the trie-shaped pattern finds what the flat alternation it
replaced (every word, longest first) finds, match for match."""

from __future__ import annotations

import re
from typing import List

from hypothesis import given, settings
from hypothesis import strategies as st

from migrate_fitgen.words import alternation

# words made of few letters share prefixes often (fit / fit_generator / fi)
WORD = st.text(alphabet="fitgn_é", min_size=1, max_size=6).map(lambda w: w.encode("utf-8"))
TEXT = st.text(alphabet="fitgn_é (.\n", max_size=80).map(lambda t: t.encode("utf-8"))


def _flat(words: List[bytes]) -> bytes:
    return b"|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _matches(source: bytes, text: bytes, edges: tuple) -> list:
    pattern = re.compile(edges[0] + b"(?:" + source + b")" + edges[1])
    return [(m.start(), m.group(0)) for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(WORD, min_size=1, max_size=12), TEXT)
def test_the_trie_matches_as_the_flat_alternation(words: List[bytes], text: bytes) -> None:
    for edges in ((rb"\b", rb"\b"), (rb"(?<!\w)", rb"(?!\w)"), (b"", b"")):
        assert _matches(alternation(words), text, edges) == _matches(_flat(words), text, edges)


def test_shape_and_edge_cases() -> None:
    assert alternation([b"fit", b"fit_generator", b"evaluate"]) == b"(?:evaluate|fit(?:_generator)?)"
    assert alternation([b"yield"]) == b"yield"
    assert alternation([b"", b"a"]) == b"a"  # an empty word would match everywhere
    assert alternation([]) == b""
    pattern = re.compile(rb"\b(?:" + alternation([b"a.b", b"a"]) + rb")\b")
    assert [m.group(0) for m in pattern.finditer(b"a.b a.c")] == [b"a.b", b"a"]
