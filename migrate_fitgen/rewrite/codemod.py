"""The libcst transformer: builds each migrated call from its plan, on ``updated_node``.

Only the edited arguments change; every other byte of the call (comments between
arguments, line breaks, trailing commas) is kept.
"""

from __future__ import annotations

from typing import Dict, List, Optional

import libcst as cst
from libcst.metadata import PositionProvider

from migrate_fitgen.cst_walk import walk
from migrate_fitgen.diagnostics import Applicability
from migrate_fitgen.keras_api import (
    METHODS,
    POSITIONAL_KERAS2_VERSIONS,
    RUNTIME_ALIAS,
    RUNTIME_NAME,
    STEP_COUNT_PARAMETERS,
)
from migrate_fitgen.keras_receivers import KerasReceivers
from migrate_fitgen.rewrite import arg_layout as layout
from migrate_fitgen.rewrite.arg_layout import NO_SPACE
from migrate_fitgen.rewrite.plan import CallContext, CallPlan, Note, RewriteOptions, plan_call
from migrate_fitgen.step_counts import StepCounts, uses_math


def _wrap(value: cst.BaseExpression, mode: str, name: str, quote: str) -> cst.Call:
    args = [cst.Arg(value=value)]
    if mode != "fit":
        args[0] = args[0].with_changes(
            comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        )
        args.append(
            cst.Arg(
                keyword=cst.Name("mode"), equal=NO_SPACE, value=cst.SimpleString(f"{quote}{mode}{quote}")
            )
        )
    return cst.Call(func=cst.Name(name), args=args)


def build_call(
    updated: cst.Call,
    plan: CallPlan,
    runtime_name: str = RUNTIME_NAME,
    quote: str = '"',
) -> cst.Call:
    """Apply ``plan`` (made from the original call) to ``updated`` (the same arguments,
    in order, with any nested rewrite already applied).
    ``runtime_name`` is the name the wrapper goes by in this file; ``quote`` the quote
    character a string may use here (inside an f-string, not the f-string's own)."""
    new_args: List[cst.Arg] = []
    assert len(updated.args) == len(plan.args)
    before_args = updated.whitespace_before_args
    for upd, ap in zip(updated.args, plan.args):
        if ap.drop:
            before_args = layout.drop(new_args, upd, upd is updated.args[-1], before_args)
            continue
        arg = upd
        if ap.keyword is not None and (arg.keyword is None or arg.keyword.value != ap.keyword):
            if arg.keyword is None:
                arg = arg.with_changes(keyword=cst.Name(ap.keyword), equal=NO_SPACE)
            else:
                arg = arg.with_changes(keyword=cst.Name(ap.keyword))
        if ap.wrap_mode:
            arg = arg.with_changes(value=_wrap(arg.value, ap.wrap_mode, runtime_name, quote))
        if ap.new_value is not None:
            arg = arg.with_changes(value=ap.new_value)
        new_args.append(arg)
    layout.append(new_args, plan.add)
    func = updated.func
    assert isinstance(func, cst.Attribute)
    return updated.with_changes(
        func=func.with_changes(attr=func.attr.with_changes(value=plan.new_method)),
        args=new_args,
        whitespace_before_args=before_args,
    )


def _data_argument(call: cst.Call) -> Optional[cst.BaseExpression]:
    for arg in call.args:
        if arg.star:
            return None
        if arg.keyword is None or arg.keyword.value in ("generator", "x"):
            return arg.value
    return None


_BRACKETED = (
    cst.Call, cst.List, cst.Dict, cst.Set, cst.Subscript,
    cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp,
)


def _is_none(value: cst.BaseExpression) -> bool:
    return isinstance(value, cst.Name) and value.value == "None"


class _ShiftLeft(cst.CSTTransformer):
    """Move continuation lines left by ``delta`` columns where their bracket moved.

    A line moves when it sits at or right of ``threshold`` (the opening parenthesis)
    and the innermost bracket it belongs to was opened on a line that moved: the
    call's first line, or a continuation line this pass moved.  Comment lines between
    arguments follow the same rule.
    """

    def __init__(self, block_indent: str, threshold: int, delta: int) -> None:
        super().__init__()
        self.block_indent = block_indent
        self.threshold = threshold
        self.delta = delta
        self.blocked = False  # a line that should move but cannot (tabs, too little space)
        self.line_moved = True  # the line being read moved (the first line always does)
        self.frames: List[bool] = []  # per open bracket: was its line moved?

    def _opens_bracket(self, node: cst.CSTNode) -> bool:
        return isinstance(node, _BRACKETED) or bool(getattr(node, "lpar", ()))

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self._opens_bracket(node):
            self.frames.append(self.line_moved)
        return super().on_visit(node)

    def on_leave(self, original_node, updated_node):
        if self._opens_bracket(original_node):
            self.frames.pop()
        return super().on_leave(original_node, updated_node)

    def _shift(self, indent: bool, ws: str) -> Optional[str]:
        """The new leading whitespace of a line, or None when it stays."""
        moved_bracket = self.frames[-1] if self.frames else True
        column = (len(self.block_indent) if indent else 0) + len(ws)
        if not moved_bracket or column < self.threshold:
            return None
        if "\t" in ws or (indent and "\t" in self.block_indent) or not ws.endswith(
            " " * self.delta
        ):
            self.blocked = True
            return None
        return ws[: -self.delta]

    def leave_EmptyLine(self, original_node: cst.EmptyLine, updated_node: cst.EmptyLine) -> cst.EmptyLine:
        if updated_node.comment is None:
            return updated_node
        new = self._shift(updated_node.indent, updated_node.whitespace.value)
        if new is None:
            return updated_node
        return updated_node.with_changes(whitespace=cst.SimpleWhitespace(new))

    def leave_ParenthesizedWhitespace(
        self, original_node: cst.ParenthesizedWhitespace, updated_node: cst.ParenthesizedWhitespace
    ) -> cst.ParenthesizedWhitespace:
        new = self._shift(updated_node.indent, updated_node.last_line.value)
        self.line_moved = new is not None
        if new is None:
            return updated_node
        return updated_node.with_changes(last_line=cst.SimpleWhitespace(new))


def realign(call: cst.Call, block_indent: str, paren_column: int, delta: int) -> cst.Call:
    """Keep lines that were aligned under (or right of) the opening parenthesis aligned
    after the method name got ``delta`` characters shorter.  All or nothing: a call with
    a line that cannot move (tabs) is left as it is."""
    if delta <= 0:
        return call
    shift = _ShiftLeft(block_indent, paren_column, delta)
    before = call.whitespace_before_args.visit(shift)
    args = [a.visit(shift) for a in call.args]
    if shift.blocked:
        return call
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
        self.block_indents: Dict[cst.Call, str] = {}  # original -> indentation of its block
        #: every call and ``from`` import of the module (original) -> the indentation of
        #: its block, for the other fixes made on the same module (the training path's)
        #: to print their new node alone instead of reprinting the module
        self.node_indents: Dict[cst.CSTNode, str] = {}
        self.default_indent = "    "
        self.indents: List[str] = []
        self.indent = ""  # "".join(self.indents)
        self.fstring_quotes: List[str] = []  # quote characters of the enclosing f-strings
        self.runtime_name = RUNTIME_ALIAS if receivers.runtime_name_taken else RUNTIME_NAME
        self.step_counts = StepCounts(receivers.wrapper)

    def visit_Module(self, node: cst.Module) -> None:
        self.default_indent = node.default_indent

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self.fstring_quotes.append(node.start.lstrip("rRbBfF")[:1])

    def leave_FormattedString(
        self, original_node: cst.FormattedString, updated_node: cst.FormattedString
    ) -> cst.FormattedString:
        self.fstring_quotes.pop()
        return updated_node

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self.indents.append(node.indent if node.indent is not None else self.default_indent)
        self.indent = "".join(self.indents)

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        self.indents.pop()
        self.indent = "".join(self.indents)
        return updated_node

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.node_indents[node] = self.indent

    def _realigned(self, original: cst.Call, updated: cst.Call, plan: CallPlan) -> cst.Call:
        func = original.func
        assert isinstance(func, cst.Attribute)
        span = self.get_metadata(PositionProvider, original)
        if span.start.line == span.end.line:
            return updated  # no continuation line to move: realign would copy the call as it is
        end = self.get_metadata(PositionProvider, func.attr).end  # just before "("
        gap = original.whitespace_after_func
        if not isinstance(gap, cst.SimpleWhitespace):
            return updated
        paren_column = end.column + len(gap.value)
        delta = len(plan.method) - len(plan.new_method)
        return realign(updated, self.indent, paren_column, delta)

    def _equal_columns_kept(self, updated: cst.Call, plan: CallPlan) -> cst.Call:
        """``name = value`` keywords aligned on their ``=`` (the same column on other
        lines of the call) stay aligned when a name changes length: the renamed one's
        padding grows or shrinks by the difference (to one space at least)."""
        columns = {}  # argument index -> (line, column of its "=")
        for i, ap in enumerate(plan.args):
            equal, keyword = ap.arg.equal, ap.arg.keyword
            if keyword is not None and isinstance(equal, cst.AssignEqual) and isinstance(
                equal.whitespace_before, cst.SimpleWhitespace
            ):
                end = self.get_metadata(PositionProvider, keyword).end
                columns[i] = (end.line, end.column + len(equal.whitespace_before.value))
        args = list(updated.args)
        for i, (line, column) in columns.items():
            ap = plan.args[i]
            old, new = ap.arg.keyword.value, ap.keyword  # type: ignore[union-attr]
            pad = ap.arg.equal.whitespace_before.value  # type: ignore[union-attr]
            aligned = any(c == column and ln != line for j, (ln, c) in columns.items() if j != i)
            if ap.drop or new is None or new == old or not aligned or pad.strip(" ") or not pad:
                continue
            spaces = cst.SimpleWhitespace(" " * max(1, len(pad) + len(old) - len(new)))
            equal = args[i].equal
            assert isinstance(equal, cst.AssignEqual)
            args[i] = args[i].with_changes(equal=equal.with_changes(whitespace_before=spaces))
        return updated.with_changes(args=args)

    def _float_steps(self, call: cst.Call) -> dict:
        """The CallContext fields about float step counts (only Keras 3 rejects them):
        arguments passed by a step-count keyword or at a position that is a step count
        in some Keras 2 order (the plan decides which they are)."""
        if self.options.target != "keras3":
            return {}
        method = call.func.attr.value  # type: ignore[attr-defined]
        step_positions = {
            i for _, order in POSITIONAL_KERAS2_VERSIONS[method]
            for i, name in enumerate(order) if name in STEP_COUNT_PARAMETERS
        }
        found = []
        positional = 0
        for i, arg in enumerate(call.args):
            if arg.star:
                continue
            if arg.keyword is None:
                positional += 1
                if positional - 1 not in step_positions:
                    continue
            elif arg.keyword.value not in STEP_COUNT_PARAMETERS:
                continue
            why = self.step_counts.float_reason(arg.value)
            if why is not None:
                found.append((i, why, self.step_counts.replacement(arg.value)))
        if not found:
            return {}
        needs_math = any(uses_math(new) for _, _, new in found)
        return {
            "float_args": tuple(found),
            "math_free": self.step_counts.math_is_free() if needs_math else True,
        }

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        self.node_indents[original_node] = self.indent
        func = original_node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value in METHODS):
            return updated_node
        verdict = self.receivers.verdict(original_node)
        if not verdict.is_keras:
            self.skipped[original_node] = verdict.reason
            return updated_node
        data = _data_argument(original_node)
        context = CallContext(
            keras_import=self.receivers.has_keras_import or verdict.proven,
            keras1_file=self.receivers.uses_keras1_names,
            data_is_dataset=data is not None and self.receivers.is_dataset(original_node, data),
            kwargs_keys=self.receivers.kwargs_keys(original_node),
            none_keywords=frozenset(
                a.keyword.value
                for a in original_node.args
                if a.keyword is not None
                and _is_none(self.receivers.bound_value(original_node, a.value))
            ),
            **self._float_steps(original_node),
            receiver_assumed=verdict.reason if verdict.assumed else None,
        )
        plan = plan_call(original_node, self.options, context)
        self.plans[original_node] = plan
        if plan.blocked:
            return updated_node
        free = [q for q in ('"', "'") if q not in self.fstring_quotes]
        if not free and plan.wraps:
            plan.blocked = "inside f-strings that use both quote characters"
            plan.notes.append(
                Note("FG001", f"`{plan.method}` left alone: it sits inside f-strings that use "
                     f"both quote characters, so `mode=` cannot be written there",
                     original_node.func.attr, Applicability.DISPLAY_ONLY)  # type: ignore[union-attr]
            )
            return updated_node
        realigned = self._realigned(original_node, updated_node, plan)
        new = build_call(
            self._equal_columns_kept(realigned, plan), plan,
            self.runtime_name, free[0] if free else '"',
        )
        self.proposed[original_node] = new
        self.block_indents[original_node] = self.indent
        if plan.applicability is Applicability.SAFE or (
            plan.applicability is Applicability.UNSAFE and self.options.unsafe_fixes
        ):
            self.applied[original_node] = new
            return new
        return updated_node





def _is_legacy(call: cst.Call) -> bool:
    func = call.func
    return isinstance(func, cst.Attribute) and func.attr.value in METHODS


class _HoldsLegacyCall(cst.CSTVisitor):
    """Is there a legacy call inside ``root`` (not ``root`` itself)?"""

    def __init__(self, root: cst.Call) -> None:
        super().__init__()
        self.root = root
        self.found = False

    def visit_Call(self, node: cst.Call) -> bool:
        if self.found:
            return False
        if node is not self.root and _is_legacy(node):
            self.found = True
            return False
        return True


class _LegacyCallFinder(cst.CSTVisitor):
    """Walks a module read-only (``cst_walk.walk``) with the transformer's own state
    (block indentation, enclosing f-strings' quotes, each call's and ``from`` import's
    block indentation) and gives each legacy call to the transformer's ``leave_Call``:
    the same plans, proposals, notes and indentations as a visit of the whole module,
    without rebuilding it.  A legacy call with no legacy call inside is its own
    ``updated_node`` (the visit would have rebuilt it unchanged); one that holds
    another is visited by the transformer alone, so that it is built on the inner
    calls' new nodes, as in the visit of the module."""

    def __init__(self, transformer: LegacyCallTransformer) -> None:
        super().__init__()
        self.t = transformer
        self._direct: set = set()  # legacy calls walked here, given to leave_Call on leaving

    def visit_Module(self, node: cst.Module) -> None:
        self.t.visit_Module(node)

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self.t.visit_FormattedString(node)

    def leave_FormattedString(self, original_node: cst.FormattedString) -> None:
        self.t.fstring_quotes.pop()

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self.t.visit_IndentedBlock(node)

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock) -> None:
        self.t.indents.pop()
        self.t.indent = "".join(self.t.indents)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.t.visit_ImportFrom(node)

    def visit_Call(self, node: cst.Call) -> bool:
        if not _is_legacy(node):
            self.t.node_indents[node] = self.t.indent  # as the transformer's leave_Call notes it
            return True
        holds = _HoldsLegacyCall(node)
        walk(holds, node)
        if holds.found:
            node.visit(self.t)  # the transformer's own visit, of this call only
            return False
        self._direct.add(node)
        return True

    def leave_Call(self, original_node: cst.Call) -> None:
        if original_node in self._direct:
            self._direct.discard(original_node)
            self.t.leave_Call(original_node, original_node)


def find_calls(transformer: LegacyCallTransformer, wrapper) -> None:
    """What ``wrapper.visit(transformer)`` records (``plans``, ``skipped``,
    ``proposed``, ``applied``, ``block_indents``, ``node_indents``), without the new
    module: for the analyser's findings, which need the proposals, not the module."""
    from migrate_fitgen.cst_positions import resolve_positions

    resolve_positions(wrapper)
    with transformer.resolve(wrapper):
        walk(_LegacyCallFinder(transformer), wrapper.module)


__all__ = ["LegacyCallTransformer", "build_call", "find_calls", "Note"]
