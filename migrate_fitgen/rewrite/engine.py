"""The pure core of ``migrate-fitgen rewrite``: source text in, result value out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import MetadataWrapper, PositionProvider

from migrate_fitgen.analyze.rules import get_rule
from migrate_fitgen.diagnostics import Applicability, Diagnostic, Edit, Fix, sort_key
from migrate_fitgen.keras_api import RUNTIME_MODULE, RUNTIME_NAME
from migrate_fitgen.keras_receivers import KerasReceivers, ProjectInfo
from migrate_fitgen.rewrite.codemod import LegacyCallTransformer
from migrate_fitgen.rewrite.plan import RewriteOptions
from migrate_fitgen.sources import SourceError, parse_module



@dataclass
class RewriteResult:
    path: str
    source: str
    output: str
    #: items the rewrite shows a person (stderr of `rewrite`)
    diagnostics: List[Diagnostic] = field(default_factory=list)
    #: every call-site finding (FG001-FG005), for the analyser
    findings: List[Diagnostic] = field(default_factory=list)
    calls_migrated: int = 0
    calls_found: int = 0

    @property
    def changed(self) -> bool:
        return self.output != self.source


def _add_runtime_import(module: cst.Module, alias: Optional[str] = None) -> cst.Module:
    """Queue the runtime import with libcst's AddImportsVisitor.  It is run on the
    statements up to the last top-level import only (the rest holds no import to merge
    with and no place to put one), which keeps it cheap on long files."""
    body = list(module.body)
    last = 0
    for i, stmt in enumerate(body):
        if isinstance(stmt, cst.SimpleStatementLine) and any(
            isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body
        ):
            last = i + 1
    context = CodemodContext()
    AddImportsVisitor.add_needed_import(context, RUNTIME_MODULE, RUNTIME_NAME, alias)
    if last == 0:  # no top-level import: let the visitor find the place (after a docstring)
        return module.visit(AddImportsVisitor(context))
    head = module.with_changes(body=body[:last], footer=() if last < len(body) else module.footer)
    head = head.visit(AddImportsVisitor(context))
    new_head = _keep_blank_lines(body[:last], list(head.body))
    if last == len(body):
        return head.with_changes(body=new_head)
    return module.with_changes(header=head.header, body=[*new_head, *body[last:]])


def _keep_blank_lines(old: list, new: list) -> list:
    """AddImportsVisitor puts a blank line before the statement after the import it
    inserts; keep that statement's own leading lines (blank lines stay byte for byte)."""
    if len(new) != len(old) + 1:
        return new
    i = next((k for k, (a, b) in enumerate(zip(old, new)) if not a.deep_equals(b)), len(old))
    if i < len(old):
        after = new[i + 1]
        if after.deep_equals(old[i].with_changes(leading_lines=after.leading_lines)):
            new[i + 1] = old[i]
    return new


def _compiles(text: str, path: str) -> Optional[str]:
    try:
        compile(text, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        return str(exc)
    return None


def _check_result(source: str, output: str, path: str) -> None:
    """Never hand back code that does not parse.  Python's compiler checks more than
    libcst's parser (``return`` outside a function...); code that already failed that
    check before the rewrite (a notebook export with top-level ``await``) is held to
    libcst's parser only."""
    try:
        cst.parse_module(output)
    except Exception as exc:  # noqa: BLE001 - any failure means: do not write
        raise SourceError(f"the rewritten code does not re-parse ({exc}); left unchanged") from None
    problem = _compiles(output, path)
    if problem is not None and _compiles(source, path) is None:
        raise SourceError(f"the rewritten code does not compile ({problem}); left unchanged")


def rewrite_source(
    text: str,
    path: str = "<stdin>",
    options: Optional[RewriteOptions] = None,
    project: Optional[ProjectInfo] = None,
    findings_only: bool = False,
    module: Optional[cst.Module] = None,
) -> RewriteResult:
    """Migrate the legacy calls of one module.  With ``findings_only`` (the analyser's
    use) the output is not assembled: ``output`` stays the source text.  ``module`` is
    ``text`` already parsed, when the caller has it."""
    options = options or RewriteOptions()
    if module is None:
        module = parse_module(text)
    if not any(m in text for m in ("fit_generator", "evaluate_generator", "predict_generator")):
        return RewriteResult(path, text, text)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)  # parsed here, never shared
    receivers = KerasReceivers(wrapper, project, path)
    transformer = LegacyCallTransformer(receivers, options)
    new_module = wrapper.visit(transformer)
    positions = wrapper.resolve(PositionProvider)

    wrapped = any(transformer.plans[orig].wraps for orig in transformer.applied)
    if wrapped and not findings_only:
        alias = transformer.runtime_name if transformer.runtime_name != RUNTIME_NAME else None
        new_module = _add_runtime_import(new_module, alias)
    output = new_module.code if transformer.applied and not findings_only else text

    if output != text:
        _check_result(text, output, path)

    result = RewriteResult(path, text, output, calls_found=len(transformer.plans) + len(transformer.skipped))
    result.calls_migrated = len(transformer.applied)

    def pos(node: cst.CSTNode):
        r = positions[node]
        return r.start.line, r.start.column + 1, r.end.line, r.end.column + 1

    def diag(code: str, node: cst.CSTNode, message: str, fix: Optional[Fix] = None) -> Diagnostic:
        line, col, end_line, end_col = pos(node)
        return get_rule(code).diagnostic(
            path, line, col, message, end_line=end_line, end_column=end_col, fix=fix
        )

    for orig, reason in transformer.skipped.items():
        method = orig.func.attr.value  # type: ignore[union-attr]
        # not a Keras call: a review item for the rewrite, not a finding for the analyser
        d = diag("FG001", orig.func.attr, f"`{method}` left alone: {reason}")  # type: ignore[union-attr]
        result.diagnostics.append(d)

    for orig, plan in transformer.plans.items():
        attr = orig.func.attr  # type: ignore[union-attr]
        applied = orig in transformer.applied
        applicability = plan.applicability
        fix = None
        if orig in transformer.proposed:
            line, col, end_line, end_col = pos(orig)
            new_code = cst.Module(body=[]).code_for_node(transformer.proposed[orig])
            desc = f"replace `{plan.method}` with `{plan.new_method}`"
            if plan.wraps:
                desc += (
                    f" and wrap the data in `{transformer.runtime_name}` "
                    f"(`{RUNTIME_NAME}` imported from {RUNTIME_MODULE})"
                )
            fix = Fix(applicability, desc, (Edit(line, col, end_line, end_col, new_code),))
        if plan.blocked:  # a blocked call's findings are its blocking notes
            for note in plan.notes:
                d = diag(note.code, note.node, note.message)
                result.findings.append(d)
                if note.review:
                    result.diagnostics.append(d)
            continue
        # one FG001 per call: what the call-level notes say is joined into it
        call_notes = [n.message for n in plan.notes if n.code == "FG001"]
        removed = f"`{plan.method}` was removed in Keras 3; use `{plan.new_method}`"
        result.findings.append(diag("FG001", attr, "; ".join([removed, *call_notes]), fix))
        reasons = sorted(
            {n.code for n in plan.notes
             if n.applicability is Applicability.UNSAFE and n.code != "FG001"}
        )
        if not applied:
            head = f"`{plan.method}` not migrated: it needs --unsafe-fixes"
            tail = f" (see {', '.join(reasons)} below)" if reasons else ""
            result.diagnostics.append(
                diag("FG001", attr, "; ".join([head + tail, *call_notes]))
            )
        elif call_notes:
            result.diagnostics.append(diag("FG001", attr, "; ".join(call_notes)))
        for note in plan.notes:
            if note.code == "FG001":
                continue
            d = diag(note.code, note.node, note.message)
            result.findings.append(d)
            if note.review:
                result.diagnostics.append(d)
    result.diagnostics.sort(key=sort_key)
    result.findings.sort(key=sort_key)
    return result
