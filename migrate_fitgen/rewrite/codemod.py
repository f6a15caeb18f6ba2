"""The libcst transformer: builds each migrated call from its plan, on ``updated_node``.

Only the edited arguments change; every other byte of the call (comments between
arguments, line breaks, trailing commas) is kept.
"""

from __future__ import annotations

from typing import Dict, List, Optional

import libcst as cst
from libcst.metadata import PositionProvider

from migrate_fitgen.diagnostics import Applicability
from migrate_fitgen.keras_api import METHODS
from migrate_fitgen.keras_receivers import KerasReceivers
from migrate_fitgen.rewrite.plan import CallPlan, Note, RewriteOptions, plan_call

NO_SPACE = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)


def _clean_whitespace(ws: cst.BaseParenthesizableWhitespace) -> cst.BaseParenthesizableWhitespace:
    """The same line layout without any comment (for a separator we add)."""
    if isinstance(ws, cst.ParenthesizedWhitespace):
        return cst.ParenthesizedWhitespace(
            first_line=cst.TrailingWhitespace(),
            empty_lines=(),
            indent=ws.indent,
            last_line=ws.last_line,
        )
    return cst.SimpleWhitespace(" ")


def _wrap(value: cst.BaseExpression, mode: str) -> cst.Call:
    args = [cst.Arg(value=value)]
    if mode != "fit":
        args[0] = args[0].with_changes(
            comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        )
        args.append(
            cst.Arg(keyword=cst.Name("mode"), equal=NO_SPACE, value=cst.SimpleString(f'"{mode}"'))
        )
    return cst.Call(func=cst.Name("validate_batches"), args=args)


def build_call(updated: cst.Call, original: cst.Call, plan: CallPlan) -> cst.Call:
    """Apply ``plan`` (made from ``original``) to ``updated`` (same arguments, in order)."""
    new_args: List[cst.Arg] = []
    assert len(updated.args) == len(plan.args)
    for upd, ap in zip(updated.args, plan.args):
        if ap.drop:
            if new_args and upd.comma is cst.MaybeSentinel.DEFAULT:
                # the dropped argument was last: the one before it takes its (absent) comma
                new_args[-1] = new_args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            elif new_args and isinstance(upd.comma, cst.Comma) and upd is updated.args[-1]:
                new_args[-1] = new_args[-1].with_changes(comma=upd.comma)
            continue
        arg = upd
        if ap.keyword is not None and (arg.keyword is None or arg.keyword.value != ap.keyword):
            if arg.keyword is None:
                arg = arg.with_changes(keyword=cst.Name(ap.keyword), equal=NO_SPACE)
            else:
                arg = arg.with_changes(keyword=cst.Name(ap.keyword))
        if ap.wrap_mode:
            arg = arg.with_changes(value=_wrap(arg.value, ap.wrap_mode))
        new_args.append(arg)
    # a dropped first argument can leave a dangling comma only if all were dropped
    if plan.add:
        # separator between existing arguments, reused for the ones we add
        sep_ws: cst.BaseParenthesizableWhitespace = cst.SimpleWhitespace(" ")
        between = [a.comma for a in new_args[:-1] if isinstance(a.comma, cst.Comma)]
        if between:
            sep_ws = _clean_whitespace(between[-1].whitespace_after)
        for keyword, code in plan.add:
            added = cst.Arg(
                keyword=cst.Name(keyword), equal=NO_SPACE, value=cst.parse_expression(code)
            )
            if new_args:
                last = new_args[-1]
                if isinstance(last.comma, cst.Comma):
                    # keep the trailing comma style: the new argument takes it over
                    added = added.with_changes(comma=last.comma)
                    new_args[-1] = last.with_changes(
                        comma=cst.Comma(whitespace_after=sep_ws)
                    )
                else:
                    new_args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=sep_ws))
            new_args.append(added)
    func = updated.func
    assert isinstance(func, cst.Attribute)
    return updated.with_changes(
        func=func.with_changes(attr=func.attr.with_changes(value=plan.new_method)),
        args=new_args,
    )


def _data_argument(call: cst.Call) -> Optional[cst.BaseExpression]:
    for arg in call.args:
        if arg.star:
            return None
        if arg.keyword is None or arg.keyword.value in ("generator", "x"):
            return arg.value
    return None


def _shrink(ws: cst.BaseParenthesizableWhitespace, delta: int) -> cst.BaseParenthesizableWhitespace:
    if isinstance(ws, cst.ParenthesizedWhitespace):
        last = ws.last_line.value
        if len(last) >= delta and last[-delta:] == " " * delta:
            return ws.with_changes(last_line=cst.SimpleWhitespace(last[:-delta]))
    return ws


def realign(call: cst.Call, aligned: List[int], delta: int) -> cst.Call:
    """Move arguments that were aligned under the opening parenthesis by ``delta``
    columns, so that they stay aligned after the method name got shorter."""
    if not aligned or delta <= 0:
        return call
    args = list(call.args)
    before = call.whitespace_before_args
    for i in aligned:
        if i == 0:
            before = _shrink(before, delta)
        elif isinstance(args[i - 1].comma, cst.Comma):
            comma = args[i - 1].comma
            args[i - 1] = args[i - 1].with_changes(
                comma=comma.with_changes(whitespace_after=_shrink(comma.whitespace_after, delta))
            )
    return call.with_changes(args=args, whitespace_before_args=before)


class LegacyCallTransformer(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, receivers: KerasReceivers, options: RewriteOptions) -> None:
        super().__init__()
        self.receivers = receivers
        self.options = options
        self.plans: Dict[cst.Call, CallPlan] = {}
        self.skipped: Dict[cst.Call, str] = {}
        self.applied: Dict[cst.Call, cst.Call] = {}  # original -> new node
        self.proposed: Dict[cst.Call, cst.Call] = {}  # original -> node (applied or not)

    def _realigned(self, original: cst.Call, updated: cst.Call, plan: CallPlan) -> cst.Call:
        func = original.func
        assert isinstance(func, cst.Attribute)
        paren = self.get_metadata(PositionProvider, func.attr).end  # just before "("
        gap = original.whitespace_after_func
        if not isinstance(gap, cst.SimpleWhitespace):
            return updated
        col = paren.column + len(gap.value) + 1  # the column just after "("
        aligned = [
            i
            for i, arg in enumerate(original.args)
            if (pos := self.get_metadata(PositionProvider, arg).start).line > paren.line
            and pos.column == col
        ]
        return realign(updated, aligned, len(plan.method) - len(plan.new_method))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value in METHODS):
            return updated_node
        verdict = self.receivers.verdict(original_node)
        if not verdict.is_keras:
            self.skipped[original_node] = verdict.reason
            return updated_node
        data = _data_argument(original_node)
        plan = plan_call(
            original_node,
            self.options,
            self.receivers.has_keras_import,
            data is not None and self.receivers.is_dataset(original_node, data),
        )
        self.plans[original_node] = plan
        if plan.blocked:
            return updated_node
        new = build_call(self._realigned(original_node, updated_node, plan), original_node, plan)
        self.proposed[original_node] = new
        if plan.applicability is Applicability.SAFE or (
            plan.applicability is Applicability.UNSAFE and self.options.unsafe_fixes
        ):
            self.applied[original_node] = new
            return new
        return updated_node


__all__ = ["LegacyCallTransformer", "build_call", "Note"]
