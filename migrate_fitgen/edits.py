"""Text edits: what a fix publishes, and the one way to apply them.

A position is a 1-based line and a 1-based column counted in Unicode code points
(Python ``str`` indices, libcst's columns; SARIF's ``columnKind: unicodeCodePoints``).
Lines end at ``\\r\\n``, ``\\r`` or ``\\n``, as Python's tokenizer and libcst count them
(not ``str.splitlines``, which also breaks at form feeds and U+2028).

``apply_edits`` is what an editor does for "fix all": identical edits (the same import
added by several fixes) count once, overlapping ones are refused.  ``text_edits``
turns a before/after pair into small edits (whole lines, then tokens within the lines
that changed), so every fix touches only what it changes.
"""

from __future__ import annotations

import bisect
import difflib
import re
from typing import Iterable, List, Sequence, Tuple

from migrate_fitgen.diagnostics import Edit

_BREAK = re.compile(r"\r\n|\r|\n")
# tokens for the in-line diff: a line break, a run of other whitespace, a word, or any
# other single character
_TOKEN = re.compile(r"\r\n|[\r\n]|[^\S\r\n]+|\w+|.", re.S)


class EditConflict(ValueError):
    """Two different edits touch the same text (or insert at the same place)."""


class LineIndex:
    """Offsets of line starts, to move between (line, column) and ``str`` offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _BREAK.finditer(text)]

    def offset(self, line: int, column: int) -> int:
        if not 1 <= line <= len(self.starts) or column < 1:
            raise ValueError(f"position {line}:{column} is outside the text")
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        content = _BREAK.sub("", self.text[start:end])  # the line without its break
        if column - 1 > len(content):
            raise ValueError(f"position {line}:{column} is past the end of line {line}")
        return start + column - 1

    def edit(self, start: int, end: int, content: str) -> Edit:
        """The edit that replaces ``text[start:end]`` by ``content``."""
        return Edit(*self.position(start), *self.position(end), content)

    def position(self, offset: int) -> Tuple[int, int]:
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} is outside the text")
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def split_lines(text: str) -> List[str]:
    """Lines with their breaks (``\\r\\n``, ``\\r``, ``\\n``); ``"".join`` gives ``text``."""
    out, start = [], 0
    for m in _BREAK.finditer(text):
        out.append(text[start : m.end()])
        start = m.end()
    if start < len(text):
        out.append(text[start:])
    return out


def _spans(text: str, edits: Iterable[Edit]) -> List[Tuple[int, int, str]]:
    index = LineIndex(text)
    spans = set()
    for e in edits:
        start, end = index.offset(e.line, e.column), index.offset(e.end_line, e.end_column)
        if end < start:
            raise ValueError(f"edit ends before it starts: {e}")
        spans.add((start, end, e.content))
    # an insertion goes before a replacement that starts where it is (as in LSP)
    ordered = sorted(spans, key=lambda s: (s[0], s[1] > s[0], s[1], s[2]))
    reach = -1  # the furthest end so far
    for (s1, e1, c1), (s2, e2, c2) in zip(ordered, ordered[1:]):
        reach = max(reach, e1)
        if s2 < reach or s1 == e1 == s2 == e2:  # overlap, or two insertions at one place
            line, col = index.position(s2)
            raise EditConflict(f"edits overlap at {line}:{col}: {c1!r} and {c2!r}")
    return ordered


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with ``edits`` applied.  Identical edits are applied once; an insertion
    goes before a replacement that starts at the same place (as in LSP).  Edits that
    overlap, or two different insertions at one place, raise ``EditConflict``."""
    out, pos = [], 0
    for start, end, content in _spans(text, edits):
        out.append(text[pos:start])
        out.append(content)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _opcodes(a: Sequence[str], b: Sequence[str]):
    return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def text_edits(old: str, new: str) -> List[Edit]:
    """Small edits that turn ``old`` into ``new``, in ``old``'s coordinates:
    ``apply_edits(old, text_edits(old, new)) == new``.  Lines that were added or
    removed whole are whole-line edits; lines that changed are diffed by token."""
    index = LineIndex(old)
    return [index.edit(start, end, content) for start, end, content in edit_spans(old, new)]


def edit_spans(old: str, new: str) -> List[Tuple[int, int, str]]:
    """``text_edits`` as ``(start, end, content)`` offsets into ``old``; no two touch."""
    if old == new:
        return []
    a, b = split_lines(old), split_lines(new)
    # the common head and tail are most of a file: keep them out of the matcher
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    a_mid, b_mid = a[head : len(a) - tail], b[head : len(b) - tail]
    base = sum(len(line) for line in a[:head])
    a_at = _offsets(a_mid, base)
    spans: List[Tuple[int, int, str]] = []
    for tag, i1, i2, j1, j2 in _opcodes(a_mid, b_mid):
        if tag == "equal":
            continue
        if tag == "replace":
            old_tokens = _TOKEN.findall("".join(a_mid[i1:i2]))
            new_tokens = _TOKEN.findall("".join(b_mid[j1:j2]))
            t_at = _offsets(old_tokens, a_at[i1])
            for ttag, k1, k2, l1, l2 in _opcodes(old_tokens, new_tokens):
                if ttag != "equal":
                    spans.append((t_at[k1], t_at[k2], "".join(new_tokens[l1:l2])))
        else:
            spans.append((a_at[i1], a_at[i2], "".join(b_mid[j1:j2])))
    return _merge_touching(spans)


def _offsets(pieces: Sequence[str], base: int) -> List[int]:
    """Start offsets of ``pieces`` laid end to end from ``base``, plus the end."""
    out = [base]
    for piece in pieces:
        out.append(out[-1] + len(piece))
    return out


def _merge_touching(spans: List[Tuple[int, int, str]]) -> List[Tuple[int, int, str]]:
    """One edit where the matcher made two that touch (a deletion next to an insertion)."""
    out: List[Tuple[int, int, str]] = []
    for start, end, content in sorted(spans, key=lambda s: (s[0], s[1])):
        if out and out[-1][1] == start:
            s0, _, c0 = out[-1]
            out[-1] = (s0, end, c0 + content)
        else:
            out.append((start, end, content))
    return out


__all__ = ["EditConflict", "LineIndex", "apply_edits", "edit_spans", "split_lines", "text_edits"]
