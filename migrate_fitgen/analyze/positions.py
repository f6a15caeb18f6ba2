"""libcst's ``PositionProvider`` ranges, computed for less.

``PositionProvider`` prints the module and, for every token, works out the line and
column reached (a regular expression per token) and, for every node, makes two
``CodePosition`` and a ``CodeRange``: on a 1,000-line module that is eight times the cost
of printing it.  Here the printing notes only token counts (where each node starts and
ends, as libcst's provider does, the syntactic positions included); the line and column
of a count are worked out once per module in one pass over the tokens, with the same
per-token rule as libcst's, and a node's ``CodeRange`` is made when it is asked for.

``resolve_positions(wrapper)`` puts the result where ``wrapper.resolve(PositionProvider)``
(and a visitor's ``get_metadata(PositionProvider, node)``) finds it, so that every user
of that wrapper gets it.  ``tests/test_positions.py`` checks that it gives libcst's
ranges, node for node, over the corpus.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Dict, Iterator, List, Mapping, Optional, Tuple

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst.metadata import CodePosition, CodeRange, MetadataWrapper, PositionProvider

_NEWLINE = re.compile(r"\r\n?|\n")


class _CountingState(CodegenState):
    """Prints the module, noting each node's span as token counts."""

    __slots__ = ("spans", "_starts")

    def __init__(self, default_indent: str, default_newline: str) -> None:
        super().__init__(default_indent=default_indent, default_newline=default_newline)
        self.spans: Dict[cst.CSTNode, Tuple[int, int]] = {}
        self._starts: List[int] = []

    def before_codegen(self, node: cst.CSTNode) -> None:
        self._starts.append(len(self.tokens))

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self._starts.pop()
        if node not in self.spans:  # a syntactic position was recorded (as libcst does)
            self.spans[node] = (start, len(self.tokens))

    def pop_trailing_newline(self) -> None:
        # libcst's position state keeps counting the popped newline (its line and column
        # are not taken back): so does this one, by keeping the token
        pass

    @contextmanager
    def record_syntactic_position(
        self,
        node: cst.CSTNode,
        *,
        start_node: Optional[cst.CSTNode] = None,
        end_node: Optional[cst.CSTNode] = None,
    ) -> Iterator[None]:
        start = len(self.tokens)
        try:
            yield
        finally:
            end = len(self.tokens)
            if start_node is not None:
                start = self.spans[start_node][0]
            if end_node is not None:
                end = self.spans[end_node][1]
            self.spans[node] = (start, end)


class Positions(Mapping):
    """node -> ``CodeRange``, as ``PositionProvider`` gives it, made when asked for."""

    def __init__(self, spans: Dict[cst.CSTNode, Tuple[int, int]], tokens: List[str]) -> None:
        self._spans = spans
        self._tokens = tokens
        self._points: Optional[List[CodePosition]] = None
        self._ranges: Dict[cst.CSTNode, CodeRange] = {}

    def _point_table(self) -> List[CodePosition]:
        """The line and column after each count of tokens (libcst's per-token rule: a
        token with line breaks moves to the column after its last one)."""
        line, column = 1, 0
        lines: List[int] = [1]
        columns: List[int] = [0]
        for token in self._tokens:
            if "\n" in token or "\r" in token:
                segments = _NEWLINE.split(token)
                line += len(segments) - 1
                column = len(segments[-1])
            else:
                column += len(token)
            lines.append(line)
            columns.append(column)
        return [CodePosition(ln, col) for ln, col in zip(lines, columns)]

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        found = self._ranges.get(node)
        if found is None:
            start, end = self._spans[node]
            points = self._points
            if points is None:
                points = self._points = self._point_table()
            found = self._ranges[node] = CodeRange(points[start], points[end])
        return found

    def __contains__(self, node: object) -> bool:
        return node in self._spans

    def __iter__(self):
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)


def positions_of(module: cst.Module) -> Positions:
    state = _CountingState(module.default_indent, module.default_newline)
    module._codegen(state)
    return Positions(state.spans, state.tokens)


def resolve_positions(wrapper: MetadataWrapper) -> Mapping[cst.CSTNode, CodeRange]:
    """``wrapper.resolve(PositionProvider)``, computed the cheaper way when the wrapper
    has not resolved it yet, and kept there for the wrapper's other users."""
    metadata = getattr(wrapper, "_metadata", None)  # libcst keeps what it resolved here
    if not isinstance(metadata, dict):  # pragma: no cover - another libcst: its own way
        return wrapper.resolve(PositionProvider)
    if PositionProvider not in metadata:
        metadata[PositionProvider] = positions_of(wrapper.module)
    return metadata[PositionProvider]


__all__ = ["Positions", "positions_of", "resolve_positions"]
