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
from typing import Dict, List, Mapping, Optional, Tuple

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst.metadata import CodePosition, CodeRange, MetadataWrapper, PositionProvider

_NEWLINE = re.compile(r"\r\n?|\n")


#: id(node) -> (start, end, node): a node's span as token counts.  Keyed by ``id``: a
#: libcst node's ``__hash__`` is a Python method, called twice per node per module
#: otherwise; the node in the value keeps the id from being reused while the span lives
_Spans = Dict[int, Tuple[int, int, cst.CSTNode]]


class _CountingState(CodegenState):
    """Prints the module, noting each node's span as token counts."""

    __slots__ = ("spans", "_starts")

    def __init__(self, default_indent: str, default_newline: str) -> None:
        super().__init__(default_indent=default_indent, default_newline=default_newline)
        self.spans: _Spans = {}
        self._starts: List[int] = []

    def before_codegen(self, node: cst.CSTNode) -> None:
        self._starts.append(len(self.tokens))

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self._starts.pop()
        key = id(node)
        if key not in self.spans:  # a syntactic position was recorded (as libcst does)
            self.spans[key] = (start, len(self.tokens), node)

    def pop_trailing_newline(self) -> None:
        # libcst's position state keeps counting the popped newline (its line and column
        # are not taken back): so does this one, by keeping the token
        pass

    def record_syntactic_position(  # type: ignore[override]
        self,
        node: cst.CSTNode,
        *,
        start_node: Optional[cst.CSTNode] = None,
        end_node: Optional[cst.CSTNode] = None,
    ) -> "_Syntactic":
        return _Syntactic(self, node, start_node, end_node)


class _Syntactic:
    """``_CountingState.record_syntactic_position``'s context: a class, not a
    ``contextlib.contextmanager`` generator (a third of the printing's time went to
    making and running those, one per node with a syntactic position)."""

    __slots__ = ("state", "node", "start_node", "end_node", "start")

    def __init__(self, state: _CountingState, node, start_node, end_node) -> None:
        self.state, self.node, self.start_node, self.end_node = state, node, start_node, end_node

    def __enter__(self) -> None:
        self.start = len(self.state.tokens)

    def __exit__(self, *exc: object) -> bool:
        spans = self.state.spans
        start, end = self.start, len(self.state.tokens)
        if self.start_node is not None:
            start = spans[id(self.start_node)][0]
        if self.end_node is not None:
            end = spans[id(self.end_node)][1]
        spans[id(self.node)] = (start, end, self.node)
        return False


class _Ranges(Mapping):
    """node -> ``CodeRange``, made when asked for from ``_where(id(node))``: the line and
    column tables, the node's start and end counts in them, and the lines to add."""

    _keys: Mapping  # id(node) -> ...
    _ranges: Dict[int, CodeRange]

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        key = id(node)
        found = self._ranges.get(key)
        if found is None:
            lines, columns, start, end, before = self._where(key)
            found = self._ranges[key] = CodeRange(
                CodePosition(lines[start] + before, columns[start]),
                CodePosition(lines[end] + before, columns[end]),
            )
        return found

    def _where(self, key: int) -> Tuple[List[int], List[int], int, int, int]:
        raise NotImplementedError

    def __contains__(self, node: object) -> bool:
        return id(node) in self._keys

    def __iter__(self):
        raise NotImplementedError

    def __len__(self) -> int:
        return len(self._keys)


class Positions(_Ranges):
    """node -> ``CodeRange``, as ``PositionProvider`` gives it, made when asked for."""

    def __init__(self, spans: _Spans, tokens: List[str]) -> None:
        self._spans = self._keys = spans
        self._tokens = tokens
        self._points: Optional[Tuple[List[int], List[int]]] = None
        self._ranges = {}

    def __iter__(self):
        return (node for _, _, node in self._spans.values())

    def _point_table(self) -> Tuple[List[int], List[int]]:
        """The line and the column after each count of tokens (libcst's per-token rule:
        a token with line breaks moves to the column after its last one).  Two lists of
        ints, not a ``CodePosition`` per token: only the asked-for nodes get those."""
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
        return lines, columns

    def _where(self, key: int) -> Tuple[List[int], List[int], int, int, int]:
        start, end, _ = self._spans[key]
        points = self._points
        if points is None:
            points = self._points = self._point_table()
        return points[0], points[1], start, end, 0


class _Piece:
    """One top-level statement's (or the module header's, or footer's) spans and point
    table, counted from its own first token: a top-level statement starts at column 0
    and prints the same whatever comes before it, so its piece holds wherever the
    statement moves."""

    __slots__ = ("spans", "lines", "columns")

    def __init__(self, nodes, default_indent: str, default_newline: str) -> None:
        state = _CountingState(default_indent, default_newline)
        for node in nodes:
            node._codegen(state)
        self.spans = state.spans
        self.lines, self.columns = Positions(state.spans, state.tokens)._point_table()


class PiecePositions(_Ranges):
    """node -> ``CodeRange``, as ``Positions`` gives it, from the pieces of a module's
    statements: a piece's lines are moved down by the lines before it."""

    def __init__(self, pieces: List[Tuple[_Piece, int]], owner: Dict[int, int]) -> None:
        self._pieces = pieces  # (piece, lines before it)
        self._owner = self._keys = owner  # id(node) -> index of its piece
        self._ranges = {}

    def __iter__(self):
        return (node for piece, _ in self._pieces for _, _, node in piece.spans.values())

    def _where(self, key: int) -> Tuple[List[int], List[int], int, int, int]:
        piece, before = self._pieces[self._owner[key]]
        start, end, _ = piece.spans[key]
        return piece.lines, piece.columns, start, end, before


#: id(module) -> (module, {statement: _Piece}): the pieces of the statements of the
#: modules ``share_pieces`` was told of (a ``cst_chunks.ChunkParser``'s last module,
#: whose unchanged statements are the same nodes as in the module before it)
_SHARED: Dict[int, Tuple[cst.Module, Dict[cst.CSTNode, _Piece]]] = {}


def share_pieces(
    module: Optional[cst.Module], pieces: Dict[cst.CSTNode, _Piece], instead_of: Optional[cst.Module] = None
) -> None:
    """Work out ``module``'s positions statement by statement, reusing ``pieces`` (and
    adding to it); ``instead_of``: the module this one replaces, forgotten (``module``
    None: forget it only)."""
    if instead_of is not None and _SHARED.get(id(instead_of), (None,))[0] is instead_of:
        del _SHARED[id(instead_of)]
    if module is not None:
        _SHARED[id(module)] = (module, pieces)


def _by_pieces(module: cst.Module, kept: Dict[cst.CSTNode, _Piece]) -> Optional[PiecePositions]:
    if not module.body:  # libcst prints a newline for an empty module: the whole way
        return None
    indent, newline = module.default_indent, module.default_newline
    parts: List[Tuple[_Piece, int]] = []
    owner: Dict[int, int] = {}
    before = 0  # lines before the piece
    fresh: Dict[cst.CSTNode, _Piece] = {}
    groups = [("header", module.header)] + [(stmt, (stmt,)) for stmt in module.body] + [("footer", module.footer)]
    for key, nodes in groups:
        if not nodes:
            continue
        piece = kept.get(key) if not isinstance(key, str) else None
        if piece is None:
            piece = _Piece(nodes, indent, newline)
        if piece.columns[-1] != 0:  # a piece must end a line for the next to start at column 0
            return None
        if not isinstance(key, str):
            fresh[key] = piece
        owner.update(dict.fromkeys(piece.spans, len(parts)))
        parts.append((piece, before))
        before += piece.lines[-1] - 1
    kept.clear()
    kept.update(fresh)  # only the statements of this module are kept
    # (a module without a trailing newline: libcst's position state counts the newline
    # it takes back, as ``_CountingState`` does, so the pieces hold there too)
    whole = _Piece((), indent, newline)
    whole.spans = {id(module): (0, 1, module)}
    last = parts[-1] if parts else None
    whole.lines = [1, (last[0].lines[-1] + last[1]) if last else 1]
    whole.columns = [0, 0]
    owner[id(module)] = len(parts)
    parts.append((whole, 0))
    return PiecePositions(parts, owner)


def positions_of(module: cst.Module) -> Mapping[cst.CSTNode, CodeRange]:
    shared = _SHARED.get(id(module))
    if shared is not None and shared[0] is module:
        found = _by_pieces(module, shared[1])
        if found is not None:
            return found
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


__all__ = ["PiecePositions", "Positions", "positions_of", "resolve_positions", "share_pieces"]
