"""``cst_chunks.ChunkParser`` (the language server parses a document again only where
it changed) gives what ``parse_module`` gives, node for node (``deep_equals``), and
``cst_positions`` gives the same ranges for the modules it makes, statement pieces
reused or not: on the corpus, on tricky modules, and after edits of every kind."""

from __future__ import annotations

import random

import libcst as cst
import pytest

from migrate_fitgen import cst_positions
from migrate_fitgen.cst_chunks import ChunkParser, chunks_of
from migrate_fitgen.sources import SourceError, parse_module
from tests.walk_cases import TRICKY, corpus_files, corpus_text

MODULE = '''"""A module."""
# a header comment

import keras


def f(x):
    return x
    # indented: f's block footer


# before g
@decorator
def g():
\tif True:
\t\tpass
x = 1; y = 2
if x:
    pass
else:
    pass
try:
    pass
except ValueError:
    pass
class C:
    a = 1

z = [
1,
]
s = """
not = a statement
"""
# the end
'''


def _all_ranges(module: cst.Module, positions) -> dict:
    state = cst_positions._CountingState(module.default_indent, module.default_newline)
    module._codegen(state)
    full = cst_positions.Positions(state.spans, state.tokens)
    assert set(positions) == set(full)
    return {id(n): (positions[n], full[n]) for n in full}


def check(parser: ChunkParser, text: str) -> cst.Module:
    """``parser.parse(text)`` equals the whole parse, and its positions equal the
    positions counted over the whole module."""
    got = parser.parse(text)
    want = parse_module(text)
    assert got.deep_equals(want)
    assert got.code == want.code
    for mine, theirs in _all_ranges(got, cst_positions.positions_of(got)).values():
        assert mine == theirs
    return got


def test_the_module_is_cut_where_libcst_gives_lines_to_the_next_statement():
    pieces = chunks_of(MODULE)
    assert "".join(pieces) == MODULE
    # f's indented comment stays with f; "x = 1; y = 2" follows g's block directly
    assert any(p.startswith("\n\ndef f(x):") and "# indented" in p for p in pieces)
    assert len(pieces) >= 6
    check(ChunkParser(), MODULE)


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_modules(name: str):
    check(ChunkParser(), TRICKY[name])


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_corpus_and_an_edit(path):
    text = corpus_text(path)
    parser = ChunkParser()
    check(parser, text)
    lines = text.splitlines(keepends=True)
    middle = len(lines) // 2
    for edited in (
        "".join(lines[:middle] + ["# a comment typed here\n"] + lines[middle:]),
        "".join(lines[:middle] + lines[middle + 1:]),
    ):
        try:
            parse_module(edited)
        except SourceError:
            continue
        check(parser, edited)


def test_unchanged_statements_are_not_parsed_again():
    parser = ChunkParser()
    first = check(parser, MODULE)
    edited = MODULE.replace("    a = 1\n", "    a = 2  # typed\n")
    second = check(parser, edited)
    assert parser.parsed == 1  # the class's chunk only
    kept = {id(s) for s in first.body} & {id(s) for s in second.body}
    assert len(kept) == len(second.body) - 1


def random_edits(parser: ChunkParser, text: str, pool: list, seed: int, rounds: int, removing: float) -> None:
    """Insert a line from ``pool`` or remove one, ``rounds`` times; each text that
    parses must come out of ``parser`` as the whole parse, and one that does not must
    raise as the whole parse does."""
    rng = random.Random(seed)
    for _ in range(rounds):
        lines = text.splitlines(keepends=True)
        i = rng.randrange(len(lines) + 1)
        if rng.random() < removing and i < len(lines):
            new = lines[:i] + lines[i + 1:]
        else:
            new = lines[:i] + [rng.choice(pool)] + lines[i:]
        candidate = "".join(new)
        try:
            parse_module(candidate)
        except SourceError:
            with pytest.raises(SourceError):
                parser.parse(candidate)
            continue
        check(parser, candidate)
        text = candidate


def test_random_edits_keep_equal_trees_and_positions():
    pool = ["x = 3\n", "\n", "# c\n", "    # deep\n", "def h():\n    return 1\n", "\tpass\n", "if a:\n  b\n", "y = (\n"]
    random_edits(ChunkParser(), MODULE, pool, seed=7, rounds=150, removing=0.5)


def test_the_same_text_twice_gives_two_sets_of_nodes():
    block = "\ndef same():\n    return 1\n"
    text = "import os\n" + block * 4 + "x = 1\n"
    module = check(ChunkParser(), text)
    ids = [id(s) for s in module.body]
    assert len(set(ids)) == len(ids)


def test_the_indentation_and_line_breaks_of_the_module_are_kept():
    parser = ChunkParser()
    spaces = "a = 1\nb = 2\nc = 3\ndef f():\n    return 1\ndef g():\n    return 2\n"
    check(parser, spaces)
    # the first indented block now uses a tab: the module's default changes, and the
    # chunks parsed with four spaces as default cannot be reused as they are
    tabs = "a = 1\nb = 2\nc = 3\ndef f():\n\treturn 1\ndef g():\n    return 2\n"
    module = check(parser, tabs)
    assert module.default_indent == "\t"
    check(parser, spaces.replace("\n", "\r\n"))
    check(parser, spaces.replace("\n", "\r\n", 2))  # mixed line breaks
    check(parser, spaces.rstrip("\n"))  # no trailing newline


def test_a_chunk_that_does_not_parse_is_reported_as_the_whole_parse_words_it():
    parser = ChunkParser()
    check(parser, MODULE)
    broken = MODULE.replace("    a = 1\n", "    a = = 1\n")
    with pytest.raises(SourceError) as mine:
        parser.parse(broken)
    with pytest.raises(SourceError) as whole:
        parse_module(broken)
    assert str(mine.value) == str(whole.value)
    check(parser, MODULE)  # and the next good text is parsed as usual


CLASS_MODULE = '''import keras
import numpy as np

RATE = 1


class Trainer(keras.Model):
    """A class as long as a file."""

    rate = 0.1

    # a comment at the body's indentation
    def fit_all(self, gen):
        return self.fit_generator(gen, 10)
        # a comment under the method's block

    @staticmethod
    def helper(x):
        if x:
            return [
        1,
            ]
        return None
    def close(self): pass


    def text(self):
        return """
not = a statement
"""

    class Inner:
        a = 1

        def b(self):
            pass

    def last(self):
        pass


def after():
    pass
'''


def test_a_large_class_is_cut_in_its_body_and_one_method_parsed_again():
    parser = ChunkParser()
    check(parser, CLASS_MODULE)
    edited = CLASS_MODULE.replace("        return self.fit_generator(gen, 10)\n", "        return self.fit_generator(gen, 12)  # typed\n")
    check(parser, edited)
    assert parser._groups  # the class was cut
    # the class's chunk was parsed again, from the changed group only
    assert parser.parsed == 1


def test_the_same_method_in_two_classes_gives_two_sets_of_nodes():
    method = "\n    def same(self):\n        return 1\n"
    cls = "class A:\n    x = 1\n" + method * 4 + "\n\n"
    text = cls + cls.replace("class A", "class B") + "y = 1\nz = 2\n"
    parser = ChunkParser()
    check(parser, text)
    module = check(parser, text.replace("x = 1", "x = 2", 1))
    from tests.walk_cases import tree_ids

    seen: set = set()
    for stmt in module.body:
        ids = tree_ids(stmt)
        assert not ids & seen
        seen |= ids


def test_random_edits_inside_a_class():
    pool = ["    x = 3\n", "\n", "    # c\n", "        # deep\n", "# top\n", "    def h(self):\n        return 1\n", "\tpass\n", "        y = 2\n", "    @decorator\n"]
    parser = ChunkParser()
    random_edits(parser, CLASS_MODULE, pool, seed=11, rounds=200, removing=0.4)
    check(parser, CLASS_MODULE.replace("\n", "\r\n"))
    check(parser, CLASS_MODULE.replace("    ", "\t"))
