"""Parsing one document again and again (an editor's buffer), reusing the libcst nodes
of the top-level statements that did not change.

libcst parses a whole module each time; while someone types, all but one of its
top-level statements are the same text as a moment ago.  ``ChunkParser.parse(text)``
cuts the text into chunks at top-level statement boundaries, parses only the chunks it
has not seen in the last version, and puts the module together from the parsed
chunks.  The result equals ``libcst.parse_module(text)`` node for node
(``tests/test_cst_chunks.py`` compares them with ``deep_equals`` over the corpus and
tricky modules); where that cannot be made sure, the whole text is parsed:

* a chunk boundary is placed only between two top-level statements (``ast`` says
  where they are) separated by nothing but empty lines and comments at column 0:
  libcst gives such lines to the next statement (its ``leading_lines``), while a
  comment indented under a block belongs to that block's ``footer``, so a statement
  followed by one is not cut off from the next;
* a chunk's first lines, which libcst puts in the chunk's own module ``header``, go
  back to its first statement's ``leading_lines`` (except in the first chunk, whose
  header is the module's); a chunk other than the last must end its module with no
  ``footer``;
* libcst leaves out of the nodes what equals the module's defaults (an indented
  block's ``indent``, a ``Newline``'s ``value``), detected from the module's first
  indented block and first line break: every chunk holding an indented block must
  have detected the same indentation, every chunk with a line break the same line
  break, or the whole text is parsed;
* a chunk that does not parse, or is nested too deeply, sends the whole text to
  ``sources.parse_module``, which raises the error as a whole parse words it;
* a chunk that is one large class (often most of a file) is cut again inside its
  body, by the same rule at the body's indentation, and each group of its
  statements is parsed under a stand-in ``class _:`` line: a change of one method
  parses that method's group (``ChunkParser._parse_class``).

Only the last version's chunks are kept.  The modules it makes share their
statements' positions from one version to the next (``cst_positions.share_pieces``).
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Tuple

import libcst as cst

from migrate_fitgen.cst_positions import share_pieces
from migrate_fitgen.sources import parse_module, parse_python

__all__ = ["ChunkParser", "chunks_of", "parse_large"]

#: below this many top-level statements the whole text is parsed (nothing to gain)
MIN_STATEMENTS = 4

#: ``parse_large``: from this many characters a module is parsed chunk by chunk
CHUNKED_FROM = 50_000

_BLOCK_HOLDERS = (
    cst.BaseCompoundStatement, cst.BaseSuite, cst.Else, cst.ExceptHandler, cst.ExceptStarHandler,
    cst.Finally, cst.MatchCase,
)


def _clean_gap(lines: List[str]) -> bool:
    """Lines libcst gives whole to the next top-level statement: empty, or a comment
    at column 0."""
    for line in lines:
        body = line.rstrip("\r\n")
        if body and not body.startswith("#"):
            return False
    return True


def chunks_of(text: str, tree: Optional[ast.Module] = None) -> Optional[List[str]]:
    """The text cut at the top-level statement boundaries described above (the pieces
    join to ``text``); None if ``ast`` does not parse it.  ``tree``: ``text``'s ``ast``
    module, when the caller has it."""
    if tree is None:
        try:
            tree = parse_python(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
    body = tree.body
    if len(body) < MIN_STATEMENTS:
        return [text]
    lines = text.splitlines(keepends=True)
    # ast counts lines as Python does: "\r", "\n" and "\r\n" end a line, as splitlines
    # does, except for the form feed and other separators splitlines also takes
    if any(ch in text for ch in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
        return [text]
    cuts: List[int] = []  # 0-based line indexes where a chunk starts
    for before, after in zip(body, body[1:]):
        end = before.end_lineno  # 1-based, last line of ``before``
        first = min([after.lineno] + [d.lineno for d in getattr(after, "decorator_list", ())])
        if end is None or first <= end:
            continue  # two statements on one line
        if _clean_gap(lines[end:first - 1]):
            cuts.append(end)
    if not cuts:
        return [text]
    out, start = [], 0
    for cut in cuts:
        out.append("".join(lines[start:cut]))
        start = cut
    out.append("".join(lines[start:]))
    return out


def _has_block(node: cst.CSTNode) -> bool:
    """Does this statement hold an indented block (whose ``indent`` libcst leaves out
    when it is the module's default)?"""
    if isinstance(node, cst.IndentedBlock):
        return True
    return any(_has_block(child) for child in node.children if isinstance(child, _BLOCK_HOLDERS + (cst.IndentedBlock,)))


class _Chunk:
    __slots__ = ("body", "header", "footer", "trailing", "indent", "newline", "blocks", "breaks", "groups")

    def __init__(self, module: cst.Module, first: bool, text: str) -> None:
        body = list(module.body)
        self.header: Tuple[cst.EmptyLine, ...] = ()
        if first:
            self.header = tuple(module.header)
        elif module.header:
            body[0] = body[0].with_changes(leading_lines=[*module.header, *body[0].leading_lines])
        self.body = tuple(body)
        self.footer = tuple(module.footer)
        self.trailing = module.has_trailing_newline
        self.indent = module.default_indent
        self.newline = module.default_newline
        self.blocks = any(_has_block(s) for s in body)
        self.breaks = "\n" in text or "\r" in text
        #: the keys of a large class's body groups (``ChunkParser._parse_class``)
        self.groups: Tuple[tuple, ...] = ()


def _parse_text(text: str) -> Optional[cst.Module]:
    """A piece (or a class group) of a text ``ast`` parsed whole (``chunks_of`` cuts no
    other): it is nested no deeper than that text, so Python's parser is not asked
    again (``sources.parse_module``'s ``checked``)."""
    try:
        return cst.parse_module(text)
    except (cst.ParserSyntaxError, RecursionError, MemoryError):
        return None


def _class_groups(piece: str) -> Optional[Tuple[str, List[str], str]]:
    """For a piece that is one class with at least ``MIN_STATEMENTS`` statements in
    its body: (its text up to the first cut in the body, the texts of the other groups
    of body statements, the line break to put after a stand-in class line); None for
    any other piece, or a body with no clean cut."""
    if "class" not in piece:
        return None
    try:
        tree = parse_python(piece)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.ClassDef):
        return None
    body = tree.body[0].body
    if len(body) < MIN_STATEMENTS:
        return None
    lines = piece.splitlines(keepends=True)
    top = lines[_first_line(body[0]) - 1]
    indent = top[: len(top) - len(top.lstrip(" \t"))]
    if not indent or "\t" in indent and " " in indent:
        return None
    cuts: List[int] = []
    for before, after in zip(body, body[1:]):
        end, start = before.end_lineno, _first_line(after)
        if end is None or start <= end:
            continue
        gap = lines[end:start - 1]
        if all(not g.rstrip("\r\n") or g.startswith(indent + "#") for g in gap) and lines[start - 1].startswith(indent) and not lines[start - 1][len(indent)].isspace():
            cuts.append(end)
    if not cuts:
        return None
    newline = "\r\n" if "\r\n" in piece else "\r" if "\r" in piece else "\n"
    texts, start = [], 0
    for cut in cuts:
        texts.append("".join(lines[start:cut]))
        start = cut
    texts.append("".join(lines[start:]))
    return texts[0], texts[1:], newline


def _first_line(node: ast.stmt) -> int:
    return min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", ())])


class ChunkParser:
    """``parse(text)`` = ``sources.parse_module(text)``, reusing the chunks of the last
    text parsed."""

    def __init__(self) -> None:
        self._chunks: Dict[Tuple[bool, bool, str], _Chunk] = {}
        #: chunks parsed (not reused) by the last ``parse``: for tests and benchmarks
        self.parsed = 0
        #: the positions of the statements of the last module (``cst_positions``)
        self._pieces: dict = {}
        #: a large class's body groups (``_parse_class``), of the last version and this one
        self._groups: Dict[tuple, cst.Module] = {}
        self._groups_now: Dict[tuple, cst.Module] = {}
        self._module: Optional[cst.Module] = None

    def parse(self, text: str, tree: Optional[ast.Module] = None) -> cst.Module:
        """``text`` parsed; ``tree``: its ``ast`` module, when the caller has it."""
        module = self._parse(text, tree)
        # its unchanged statements are the last module's nodes: their positions hold
        share_pieces(module, self._pieces, instead_of=self._module)
        self._module = module
        return module

    def close(self) -> None:
        """Forget the last module (and the positions kept for it)."""
        share_pieces(None, self._pieces, instead_of=self._module)
        self._module, self._chunks, self._pieces, self._groups = None, {}, {}, {}

    def _parse(self, text: str, tree: Optional[ast.Module]) -> cst.Module:
        pieces = chunks_of(text, tree)
        if pieces is None or len(pieces) == 1:
            return self._whole(text)
        last = len(pieces) - 1
        keys = [(i == 0, i == last, piece) for i, piece in enumerate(pieces)]
        # the same text twice in one module is parsed twice: a node must not appear at
        # two places of one tree (positions and facts are by node).  First the chunks
        # reused as they are, whose class groups are then taken (not to be reused by
        # another class of this version), then the others parsed
        found: Dict[Tuple[bool, bool, str], _Chunk] = {}
        reused: Dict[int, _Chunk] = {}
        self._groups_now = {}
        for i, key in enumerate(keys):
            if key not in found and key in self._chunks:
                found[key] = reused[i] = self._chunks[key]
                for group in reused[i].groups:
                    if group in self._groups:
                        self._groups_now[group] = self._groups[group]
        chunks: List[_Chunk] = []
        parsed = 0
        for i, (key, piece) in enumerate(zip(keys, pieces)):
            chunk = reused.get(i)
            if chunk is None:
                chunk = self._parse_piece(piece, i == 0, i == last)
                parsed += 1
                if chunk is None:
                    return self._whole(text)
                found.setdefault(key, chunk)
            chunks.append(chunk)
        blocks = [c.indent for c in chunks if c.blocks]
        breaks = [c.newline for c in chunks if c.breaks]
        if len(set(blocks)) > 1 or len(set(breaks)) > 1:
            return self._whole(text)
        self._chunks = found
        self._groups, self._groups_now = self._groups_now, {}
        self.parsed = parsed
        return cst.Module(
            body=[s for c in chunks for s in c.body],
            header=chunks[0].header,
            footer=chunks[-1].footer,
            encoding="utf-8",
            default_indent=blocks[0] if blocks else chunks[0].indent,
            default_newline=breaks[0] if breaks else chunks[0].newline,
            has_trailing_newline=chunks[-1].trailing,
        )

    def _whole(self, text: str) -> cst.Module:
        self._chunks, self._groups, self._groups_now = {}, {}, {}
        self.parsed = 1
        return parse_module(text)

    def _parse_piece(self, piece: str, first: bool, last: bool) -> Optional[_Chunk]:
        if not last:
            found = self._parse_class(piece, first)
            if found is not None:
                return found
        module = _parse_text(piece)
        if module is None or not module.body or (not last and (module.footer or not module.has_trailing_newline)):
            return None
        return _Chunk(module, first, piece)

    def _group(self, key: tuple, text: str) -> Optional[cst.Module]:
        """A class body group's module, reused from the last version (never twice in
        one module: a node must not appear at two places of one tree)."""
        module = None if key in self._groups_now else self._groups.get(key)
        if module is None:
            module = _parse_text(text)
        if module is not None:
            self._groups_now.setdefault(key, module)
        return module

    def _parse_class(self, piece: str, first: bool) -> Optional[_Chunk]:
        """A piece that is one large class (a whole file's worth, often): its body is
        cut too, at the same kind of boundary (empty lines, or comments at the body's
        own indentation, between two statements), and each group is parsed alone
        under a stand-in ``class _:`` line, so that a change of one method parses
        that method's group only.  None: not such a piece, or a group's parse does not
        fit (the piece is then parsed whole)."""
        groups = _class_groups(piece)
        if groups is None:
            return None
        head, rest, newline = groups
        first_module = self._group(("class head", first, head), head)
        if first_module is None or len(first_module.body) != 1 or first_module.footer:
            return None
        cls = first_module.body[0]
        if not isinstance(cls, cst.ClassDef) or not isinstance(cls.body, cst.IndentedBlock) or cls.body.footer:
            return None
        body = list(cls.body.body)
        keys = [("class head", first, head)]
        for text in rest:
            keys.append(("class group", text))
            module = self._group(("class group", text), f"class _:{newline}{text}")
            if module is None or len(module.body) != 1 or module.footer or not module.has_trailing_newline:
                return None
            inner = module.body[0]
            if (
                not isinstance(inner, cst.ClassDef)
                or not isinstance(inner.body, cst.IndentedBlock)
                or inner.body.footer
                or inner.body.indent is not None  # the group's own default: the body's indentation
                or module.default_indent != first_module.default_indent
                or module.default_newline != first_module.default_newline
            ):
                return None
            body.extend(inner.body.body)
        whole = first_module.with_changes(body=[cls.with_changes(body=cls.body.with_changes(body=body))])
        chunk = _Chunk(whole, first, piece)
        chunk.groups = tuple(keys)
        return chunk


def parse_large(text: str, checked: bool = False) -> cst.Module:
    """``sources.parse_module(text, checked)``, the same module node for node, with a
    bounded peak for a large text: from ``CHUNKED_FROM`` characters it is parsed chunk
    by chunk (``ChunkParser``, forgotten at once).  libcst's parser holds what it makes
    of the whole text until it returns: a 396 KB module (scipy's
    ``_continuous_distns.py``) took a process from 23 to 181 MiB to parse and 219 MiB
    with its facts; chunk by chunk, 57 and 87 MiB, for 5-10% more CPU (an ``ast`` parse
    places the chunks)."""
    if len(text) < CHUNKED_FROM:
        return parse_module(text, checked=checked)
    import gc

    parser = ChunkParser()
    collecting = gc.isenabled()
    gc.disable()  # (as ``parse_module``: no cycles are made, the collector would only walk)
    try:
        return parser.parse(text)
    finally:
        parser.close()
        if collecting:
            gc.enable()
