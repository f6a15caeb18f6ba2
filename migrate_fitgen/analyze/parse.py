"""Parsing with one-line reasons for files that are not Python 3."""

from __future__ import annotations

import re

import libcst as cst

from migrate_fitgen.sources import SourceError

_NATIVE = re.compile(r"(?:parser error: )?error at (\d+):(\d+): (.*)")


def parse_module(text: str) -> cst.Module:
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        first = str(exc.message).strip().splitlines()[0] if exc.message else "syntax error"
        line, column = exc.editor_line, exc.editor_column
        m = _NATIVE.match(first)
        if m:  # libcst's native parser: the position inside the message is the right one
            line, column, first = int(m.group(1)), int(m.group(2)) + 1, m.group(3)
        raise SourceError(f"does not parse as Python 3 (line {line}, column {column}): {first}") from None
    except (RecursionError, MemoryError):
        raise SourceError("does not parse: the file is too deeply nested") from None
