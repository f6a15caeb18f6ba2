"""The layout of a call's arguments when a fix drops some and appends others: what
``codemod.build_call`` (legacy calls) and ``training_path.build`` (optimizers, layers)
both do, so that a comment around a dropped argument is never lost or moved onto
another argument's line."""

from __future__ import annotations

from typing import List, Sequence, Tuple

import libcst as cst

NO_SPACE = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)


def clean_whitespace(ws: cst.BaseParenthesizableWhitespace) -> cst.BaseParenthesizableWhitespace:
    """The same line layout without any comment (for a separator we add)."""
    if isinstance(ws, cst.ParenthesizedWhitespace):
        return cst.ParenthesizedWhitespace(
            first_line=cst.TrailingWhitespace(), empty_lines=(), indent=ws.indent, last_line=ws.last_line
        )
    return cst.SimpleWhitespace(" ")


def has_comment(ws: cst.BaseParenthesizableWhitespace) -> bool:
    return isinstance(ws, cst.ParenthesizedWhitespace) and (
        ws.first_line.comment is not None or any(line.comment is not None for line in ws.empty_lines)
    )


def comments_of(arg: cst.Arg, before: cst.BaseParenthesizableWhitespace) -> List[cst.EmptyLine]:
    """The comments in a dropped argument's whitespace (after its value, after its comma),
    each as a line of its own, indented as the argument was (``before``: the whitespace
    before it); none when it has none."""
    where = [arg.whitespace_after_arg]
    if isinstance(arg.comma, cst.Comma):
        where.append(arg.comma.whitespace_after)
    if not any(has_comment(ws) for ws in where):
        return []
    if isinstance(before, cst.ParenthesizedWhitespace):
        indent, indentation = before.indent, before.last_line
    else:
        last = next(ws for ws in reversed(where) if isinstance(ws, cst.ParenthesizedWhitespace))
        indent, indentation = last.indent, last.last_line
    lines: List[cst.EmptyLine] = []
    for ws in where:
        if isinstance(ws, cst.ParenthesizedWhitespace):
            if ws.first_line.comment is not None:  # (its same-line comment)
                lines.append(cst.EmptyLine(indent=indent, whitespace=indentation, comment=ws.first_line.comment))
            lines.extend(ws.empty_lines)
    return lines


def merged(
    before: cst.BaseParenthesizableWhitespace, lines: List[cst.EmptyLine], after: cst.BaseParenthesizableWhitespace
) -> cst.ParenthesizedWhitespace:
    """The whitespace that stands for ``before``, a dropped argument and ``after``: the
    line ``before`` ends, its comment lines and ``lines``, then ``after``'s indentation
    (or ``before``'s, when ``after`` stays on its line)."""
    first = before.first_line if isinstance(before, cst.ParenthesizedWhitespace) else cst.TrailingWhitespace()
    kept = list(before.empty_lines) if isinstance(before, cst.ParenthesizedWhitespace) else []
    end = after if isinstance(after, cst.ParenthesizedWhitespace) else before
    if isinstance(end, cst.ParenthesizedWhitespace):
        indent, last_line = end.indent, end.last_line
    else:  # (neither breaks a line: the comments come from inside the argument's own)
        indent, last_line = True, cst.SimpleWhitespace("")
    return cst.ParenthesizedWhitespace(first_line=first, empty_lines=kept + lines, indent=indent, last_line=last_line)


def drop(
    kept: List[cst.Arg], arg: cst.Arg, last: bool, before_args: cst.BaseParenthesizableWhitespace
) -> cst.BaseParenthesizableWhitespace:
    """Leave ``arg`` out of a call whose arguments so far are ``kept`` (changed in place);
    ``last``: no argument follows it.  The comments around it stay, each on a line of
    its own, in the whitespace before what follows it; returns the call's
    ``whitespace_before_args`` (changed when nothing is kept yet)."""
    before = kept[-1].comma.whitespace_after if kept else before_args  # type: ignore[union-attr]
    lines = comments_of(arg, before)
    if kept and last:
        # the dropped argument was last: the one before it takes over its comma (or its
        # absence) and the whitespace before ")", so the layout stays the same
        comma, after_arg = arg.comma, arg.whitespace_after_arg
        if lines or has_comment(before):
            if isinstance(comma, cst.Comma):
                comma = comma.with_changes(whitespace_after=merged(before, lines, comma.whitespace_after))
            else:
                after_arg = merged(before, lines, after_arg)
        kept[-1] = kept[-1].with_changes(comma=comma, whitespace_after_arg=after_arg)
    elif lines:
        after = arg.comma.whitespace_after if isinstance(arg.comma, cst.Comma) else arg.whitespace_after_arg
        ws = merged(before, lines, after)
        if kept:
            kept[-1] = kept[-1].with_changes(comma=kept[-1].comma.with_changes(whitespace_after=ws))  # type: ignore[union-attr]
        else:
            return ws
    return before_args


def append(kept: List[cst.Arg], added: Sequence[Tuple[str, str]]) -> None:
    """Append ``keyword=code`` arguments to ``kept`` (in place): the separator reuses the
    layout between the existing arguments, and the last new one takes over the trailing
    comma (or its absence) and the whitespace before ")"."""
    sep: cst.BaseParenthesizableWhitespace = cst.SimpleWhitespace(" ")
    between = [a.comma for a in kept[:-1] if isinstance(a.comma, cst.Comma)]
    if between:
        sep = clean_whitespace(between[-1].whitespace_after)
    for keyword, code in added:
        new = cst.Arg(keyword=cst.Name(keyword), equal=NO_SPACE, value=cst.parse_expression(code))
        if kept:
            prev = kept[-1]
            new = new.with_changes(comma=prev.comma, whitespace_after_arg=prev.whitespace_after_arg)
            kept[-1] = prev.with_changes(
                comma=cst.Comma(whitespace_after=sep), whitespace_after_arg=cst.SimpleWhitespace("")
            )
        kept.append(new)
