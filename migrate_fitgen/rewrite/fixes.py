"""The edits of each fix, cut from the code the rewrite itself writes.

A fix replaces one node (a call, a ``from`` import) by the node the rewrite built for
it.  Its text is printed the way the module prints it in place: with the module's
newline and, for an expression or a small statement whose block indentation is known
(the rewrite's transformer notes it for every call and ``from`` import), alone inside a
block of that indentation (printed bare, continuation lines would lose it); for any
other node the module is printed with the new node in place and the node's text taken
from there (a whole reprint of the module per group of nested fixes: the slow way,
kept for nodes whose indentation is not known).
``edit_spans`` then turns old and new text into small edits.

A node inside another replaced node (``fit_generator(m.predict_generator(g))``, or a
step count inside its call) is printed on its own, so that its fix is the rewrite of
that node alone, and (unless it holds replaced nodes itself) its fix is one edit over
the whole node.  The enclosing fix reuses
that edit where it prints the inner node the same way, so the two fixes share it
(an insertion just before or after it stays unambiguous); where it prints the inner
node differently (the rename moved its lines), the enclosing fix is one edit over its
whole node, which overlaps the inner one: an editor refuses them together.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Dict, List, Mapping, Optional, Tuple

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from migrate_fitgen.diagnostics import Edit
from migrate_fitgen.edits import LineIndex, edit_spans

Span = Tuple[int, int, str]  # start and end offsets in the source, replacement text


class _Replace(cst.CSTTransformer):
    def __init__(self, replacements: Mapping[cst.CSTNode, cst.CSTNode]) -> None:
        super().__init__()
        self.replacements = replacements

    def on_leave(self, original_node, updated_node):
        return self.replacements.get(original_node, updated_node)


def _offsets(index: LineIndex, r: CodeRange) -> Tuple[int, int]:
    start = index.offset(r.start.line, r.start.column + 1)
    return start, index.offset(r.end.line, r.end.column + 1)


def expression_text(module: cst.Module, node: cst.BaseExpression, block_indent: str) -> str:
    """``node``'s code as ``module`` prints it in a block indented by ``block_indent``,
    without its own parentheses (which positions leave out too)."""
    bare = node.with_changes(lpar=(), rpar=())
    if not block_indent:
        return module.code_for_node(bare)
    block = cst.IndentedBlock(body=[cst.SimpleStatementLine([cst.Expr(bare)])], indent=block_indent)
    code = module.code_for_node(block)
    head, newline = module.default_newline + block_indent, module.default_newline
    assert code.startswith(head) and code.endswith(newline)
    return code[len(head) : -len(newline)]


def statement_text(module: cst.Module, node: cst.BaseSmallStatement, block_indent: str) -> str:
    """``node``'s code (the range its position covers) as ``module`` prints it as a
    statement of a block indented by ``block_indent``: printed alone in a module of
    that one statement (inside a block of that indentation), not the whole module."""
    line = cst.SimpleStatementLine([node])
    body: List[cst.BaseStatement] = [line]
    if block_indent:
        block = cst.IndentedBlock(body=[line], indent=block_indent)
        body = [cst.If(test=cst.Name("True"), body=block)]
    alone = module.with_changes(body=body, header=(), footer=())
    position = MetadataWrapper(alone, unsafe_skip_copy=True).resolve(PositionProvider)[node]
    code = alone.code
    start, end = _offsets(LineIndex(code), position)
    return code[start:end]


def _text_alone(module: cst.Module, new: cst.CSTNode, block_indent: str) -> Optional[str]:
    if isinstance(new, cst.BaseExpression):
        return expression_text(module, new, block_indent)
    if isinstance(new, cst.BaseSmallStatement):
        return statement_text(module, new, block_indent)
    return None


def _texts_in_place(
    module: cst.Module,
    replacements: Mapping[cst.CSTNode, cst.CSTNode],
    groups: List[List[cst.CSTNode]],
    indents: Mapping[cst.CSTNode, str],
) -> Dict[cst.CSTNode, str]:
    """Each new node's code as the module prints it in place of the old one: alone
    where its block's indentation is known (``indents``), else the module is printed
    with the group's new nodes in place."""
    texts = {}
    for node in [n for g in groups for n in g]:
        if node in indents:
            text = _text_alone(module, replacements[node], indents[node])
            if text is not None:
                texts[node] = text
    for group in groups:
        group = [node for node in group if node not in texts]
        if not group:
            continue
        wanted = {node: replacements[node] for node in group}
        new_module = module.visit(_Replace(wanted))
        positions = MetadataWrapper(new_module, unsafe_skip_copy=True).resolve(PositionProvider)
        code = new_module.code
        index = LineIndex(code)
        for node in group:
            start, end = _offsets(index, positions[wanted[node]])
            texts[node] = code[start:end]
    return texts


def replacement_edits(
    source: str,
    module: cst.Module,
    positions: Mapping[cst.CSTNode, CodeRange],
    replacements: Mapping[cst.CSTNode, cst.CSTNode],
    indents: Optional[Mapping[cst.CSTNode, str]] = None,
) -> Dict[cst.CSTNode, Tuple[Edit, ...]]:
    """For each ``original -> new`` node of ``module`` (parsed from ``source``, with
    ``positions`` from its PositionProvider): the edits that put ``new`` in its place.
    ``indents`` gives the block indentation of original expressions, where known."""
    index = LineIndex(source)
    spans = {node: _offsets(index, positions[node]) for node in replacements}
    ordered = sorted(replacements, key=lambda n: (spans[n][0], -spans[n][1]))
    # the outermost nodes print in one pass; a nested one prints alone
    groups: List[List[cst.CSTNode]] = [[]]
    children: Dict[object, List[cst.CSTNode]] = defaultdict(list)
    stack: List[cst.CSTNode] = []
    for node in ordered:
        while stack and spans[stack[-1]][1] <= spans[node][0]:
            stack.pop()
        if stack:
            children[stack[-1]].append(node)
            groups.append([node])
        else:
            groups[0].append(node)
        stack.append(node)
    texts = _texts_in_place(module, replacements, [g for g in groups if g], indents or {})

    own: Dict[cst.CSTNode, List[Span]] = {}
    nested = {c for cs in children.values() for c in cs}
    for node in reversed(ordered):  # inner nodes first
        start, end = spans[node]
        if node in nested and not children[node]:
            own[node] = [(start, end, texts[node])] if source[start:end] != texts[node] else []
            continue
        own[node] = _compose(source, spans[node], texts[node], [
            (spans[c], texts[c], own[c]) for c in children[node]
        ])
    return {node: tuple(index.edit(*s) for s in own[node]) for node in replacements}


def _diff(source: str, start: int, end: int, new: str) -> List[Span]:
    return [(start + s, start + e, c) for s, e, c in edit_spans(source[start:end], new)]


def _compose(
    source: str,
    span: Tuple[int, int],
    text: str,
    inner: List[Tuple[Tuple[int, int], str, List[Span]]],
) -> List[Span]:
    """Edits that turn ``source[span]`` into ``text``, reusing the edits of the nested
    replacements where ``text`` holds their new text unchanged."""
    start, end = span
    out: List[Span] = []
    cursor, new_cursor = start, 0
    for (c_start, c_end), c_text, c_spans in inner:
        # where the inner text is, nearest to where it would be if nothing before moved
        guess = new_cursor + (c_start - cursor)
        found = [m.start() for m in re.finditer(re.escape(c_text), text[new_cursor:])]
        if not found:  # printed differently inside this node (moved lines): one edit
            return [(start, end, text)]
        at = new_cursor + min(found, key=lambda k: abs(new_cursor + k - guess))
        out += _diff(source, cursor, c_start, text[new_cursor:at]) + c_spans
        cursor, new_cursor = c_end, at + len(c_text)
    return out + _diff(source, cursor, end, text[new_cursor:])


__all__ = ["expression_text", "replacement_edits", "statement_text"]
