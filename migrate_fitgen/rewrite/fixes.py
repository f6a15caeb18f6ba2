"""The edits of each fix, cut from the code the rewrite itself writes.

A fix replaces one node (a call) by the node the rewrite built for it.  Its text is
not printed on its own (that loses the indentation of its continuation lines and the
file's newline style): the module is generated with the new node in place, and the
node's text is taken from there.  ``text_edits`` then turns old and new text into
small edits.  Nodes that sit inside another replaced node get a pass of their own, so
every fix is the rewrite of that node alone.
"""

from __future__ import annotations

from typing import Dict, List, Mapping, Tuple

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from migrate_fitgen.diagnostics import Edit
from migrate_fitgen.edits import LineIndex, text_edits


class _Replace(cst.CSTTransformer):
    def __init__(self, replacements: Mapping[cst.CSTNode, cst.CSTNode]) -> None:
        super().__init__()
        self.replacements = replacements

    def on_leave(self, original_node, updated_node):
        return self.replacements.get(original_node, updated_node)


def _span(index: LineIndex, r: CodeRange) -> Tuple[int, int]:
    return index.offset(r.start.line, r.start.column + 1), index.offset(r.end.line, r.end.column + 1)


def replacement_edits(
    source: str,
    module: cst.Module,
    positions: Mapping[cst.CSTNode, CodeRange],
    replacements: Mapping[cst.CSTNode, cst.CSTNode],
) -> Dict[cst.CSTNode, Tuple[Edit, ...]]:
    """For each ``original -> new`` node of ``module`` (parsed from ``source``, with
    ``positions`` from its PositionProvider): the edits that put ``new`` in its place."""
    index = LineIndex(source)
    spans = {node: _span(index, positions[node]) for node in replacements}
    ordered = sorted(replacements, key=lambda n: (spans[n][0], -spans[n][1]))
    groups: List[List[cst.CSTNode]] = [[]]  # the outermost nodes together, then one by one
    reach = -1
    for node in ordered:
        start, end = spans[node]
        if start < reach:
            groups.append([node])
        else:
            groups[0].append(node)
            reach = end
    out: Dict[cst.CSTNode, Tuple[Edit, ...]] = {}
    for group in groups:
        if not group:
            continue
        wanted = {node: replacements[node] for node in group}
        new_module = module.visit(_Replace(wanted))
        new_positions = MetadataWrapper(new_module, unsafe_skip_copy=True).resolve(PositionProvider)
        code = new_module.code
        new_index = LineIndex(code)
        for node in group:
            s, e = _span(new_index, new_positions[wanted[node]])
            out[node] = _piece_edits(source, index, spans[node], code[s:e])
    return out


def _piece_edits(source: str, index: LineIndex, span: Tuple[int, int], text: str) -> Tuple[Edit, ...]:
    """Edits that replace ``source[span]`` by ``text``, diffed over the whole lines
    the span covers (so an edit never starts mid-token) and placed in ``source``."""
    start, end = span
    first_line, _ = index.position(start)
    last_line, _ = index.position(end)
    line_start = index.starts[first_line - 1]
    line_end = index.starts[last_line] if last_line < len(index.starts) else len(source)
    old = source[line_start:line_end]
    new = source[line_start:start] + text + source[end:line_end]
    return tuple(
        Edit(e.line + first_line - 1, e.column, e.end_line + first_line - 1, e.end_column, e.content)
        for e in text_edits(old, new)
    )


__all__ = ["replacement_edits"]
