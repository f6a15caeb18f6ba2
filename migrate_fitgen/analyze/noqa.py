"""``# noqa`` comments: a bare ``# noqa`` silences every finding on its line,
``# noqa: FG104`` or ``# noqa: FG104, FG101`` only those codes."""

from __future__ import annotations

import io
import re
import tokenize
from typing import Dict, FrozenSet, Optional

_NOQA = re.compile(
    r"#\s*noqa(?::\s*(?P<codes>[A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?", re.IGNORECASE
)

#: line -> codes silenced there (None: all)
NoqaMap = Dict[int, Optional[FrozenSet[str]]]


def _parse_comment(comment: str) -> Optional[Optional[FrozenSet[str]]]:
    m = _NOQA.search(comment)
    if m is None:
        return None  # not a noqa comment (distinct from "all codes")
    codes = m.group("codes")
    if not codes:
        return frozenset({"*"})
    return frozenset(c.upper() for c in re.split(r"[\s,]+", codes) if c)


def noqa_lines(text: str) -> NoqaMap:
    out: NoqaMap = {}
    if _NOQA.search(text) is None:  # a comment that matches is a part of the text that does
        return out

    def add(line: int, comment: str) -> None:
        parsed = _parse_comment(comment)
        if parsed is None:
            return
        out[line] = None if "*" in parsed else parsed

    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                add(tok.start[0], tok.string)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        out.clear()
        for i, line in enumerate(text.splitlines(), start=1):
            if "#" in line:
                add(i, line[line.index("#"):])
    return out


def is_suppressed(noqa: NoqaMap, line: int, code: str) -> bool:
    if line not in noqa:
        return False
    codes = noqa[line]
    return codes is None or code in codes
