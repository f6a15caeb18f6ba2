"""The pure core of ``migrate-fitgen rewrite``: source text in, result value out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from migrate_fitgen import catalogue
from migrate_fitgen.diagnostics import Applicability, Diagnostic, Edit, Fix, sort_key
from migrate_fitgen.edits import apply_edits, text_edits
from migrate_fitgen.keras_api import RUNTIME_MODULE, RUNTIME_NAME
from migrate_fitgen.keras1_names import FIT_KERAS1_METHOD
from migrate_fitgen.keras1_names import might_matter as training_might_matter
from migrate_fitgen.keras_imports import might_matter
from migrate_fitgen.keras_receivers import KerasReceivers, ProjectInfo
from migrate_fitgen.rewrite import imports, training_path
from migrate_fitgen.rewrite.codemod import LegacyCallTransformer, find_calls
from migrate_fitgen.rewrite.fixes import replacement_edits
from migrate_fitgen.rewrite.plan import RewriteOptions
from migrate_fitgen.sources import SourceError, parse_module
from migrate_fitgen.step_counts import uses_math

#: an import a fix needs: (module, name, alias)
ImportSpec = imports.ImportSpec


@dataclass
class RewriteResult:
    path: str
    source: str
    output: str
    #: items the rewrite shows a person (stderr of `rewrite`)
    diagnostics: List[Diagnostic] = field(default_factory=list)
    #: every call-site finding (FG001-FG005, FG007), for the analyser
    findings: List[Diagnostic] = field(default_factory=list)
    calls_migrated: int = 0
    calls_found: int = 0

    @property
    def changed(self) -> bool:
        return self.output != self.source


def _add_imports(module: cst.Module, specs: Sequence[ImportSpec]) -> cst.Module:
    """``module`` with the imports the applied fixes need (``imports.add``: the text
    libcst's AddImportsVisitor wrote, without importing ``libcst.codemod``)."""
    return imports.add(module, specs)


def _compiles(text: str, path: str) -> Optional[str]:
    import warnings

    try:
        with warnings.catch_warnings():  # (the user's code's warnings, at the output's lines)
            warnings.simplefilter("ignore")
            compile(text, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        return str(exc)
    except (RecursionError, MemoryError):
        return "nested too deeply for Python's compiler"
    return None


def _check_result(source: str, output: str, path: str) -> None:
    """Never hand back code that does not parse.  Python's compiler checks more than
    libcst's parser (``return`` outside a function...); code that already failed that
    check before the rewrite (a notebook export with top-level ``await``) is held to
    libcst's parser only.  Code that compiles is not parsed with libcst again: the
    parts the rewrite wrote are libcst's own printing, the rest is the source's text."""
    problem = _compiles(output, path)
    if problem is not None:
        try:
            cst.parse_module(output)
        except Exception as exc:  # noqa: BLE001 - any failure means: do not write
            raise SourceError(f"the rewritten code does not re-parse ({exc}); left unchanged") from None
        if _compiles(source, path) is None:
            raise SourceError(f"the rewritten code does not compile ({problem}); left unchanged")
    from migrate_fitgen.rewrite.guard import unintended_change

    unintended = unintended_change(source, output)
    if unintended is not None:
        raise SourceError(
            f"internal check failed: {unintended}; left unchanged (a bug in migrate-fitgen: please report it)"
        )


def _import_edits(text: str, before: cst.Module, after: cst.Module) -> Optional[Tuple[Edit, ...]]:
    """The edits that turn ``before`` into ``after`` (``_add_imports`` of it), placed in
    ``text``; None if the part of ``before`` they change is not ``text``'s.  Only the
    statements up to those ``after`` shares with ``before`` are printed."""
    old_body, new_body = list(before.body), list(after.body)
    same = 0  # statements at the end that are the very same nodes
    while same < min(len(old_body), len(new_body)) and old_body[-1 - same] is new_body[-1 - same]:
        same += 1
    if same and after.footer is before.footer:
        def head(m: cst.Module, body: list) -> str:
            kept = body[: len(body) - same]
            if not kept and not m.header:  # libcst prints an empty module as "\n"
                return ""
            return m.with_changes(body=kept, footer=(), has_trailing_newline=True).code

        old_head = head(before, old_body)
        if not text.startswith(old_head):
            return None
        return tuple(text_edits(old_head, head(after, new_body)))
    old = before.code
    return tuple(text_edits(old, after.code)) if old == text else None


def _needed_imports(transformer: LegacyCallTransformer, orig: cst.Call) -> Tuple[ImportSpec, ...]:
    """The imports the migrated ``orig`` needs: the runtime for a wrapped argument,
    ``math`` for a float step count that became ``math.ceil(...)`` (FG007)."""
    plan = transformer.plans[orig]
    out: List[ImportSpec] = []
    if plan.wraps:
        alias = transformer.runtime_name if transformer.runtime_name != RUNTIME_NAME else None
        out.append((RUNTIME_MODULE, RUNTIME_NAME, alias))
    if any(a.new_value is not None and uses_math(a.new_value) for a in plan.args):
        out.append(("math", None, None))
    return tuple(out)


def _note_targets(transformer: LegacyCallTransformer) -> Dict[cst.CSTNode, tuple]:
    """The notes that carry a fix of their own (FG007's ``math.ceil(...)``): original
    node -> (new node, imports, call it sits in)."""
    out = {}
    for orig, plan in transformer.plans.items():
        if orig not in transformer.proposed:
            continue
        new_values = {id(a.arg.value): a.new_value for a in plan.args if a.new_value is not None}
        for note in plan.notes:
            if note.fix is None:
                continue
            _, code, modules = note.fix
            new = new_values.get(id(note.node)) or cst.parse_expression(code)
            imports = tuple((m, None, None) for m in modules)
            out[note.node] = (new, imports, orig)
    return out


_RISK = [Applicability.SAFE, Applicability.UNSAFE, Applicability.DISPLAY_ONLY]


def _union(groups) -> Tuple[ImportSpec, ...]:
    return tuple(dict.fromkeys(spec for group in groups for spec in group))


def _fix_edits(
    text: str,
    module: cst.Module,
    positions,
    transformer: LegacyCallTransformer,
    needs: Dict[cst.Call, Tuple[ImportSpec, ...]],
    queued: Tuple[ImportSpec, ...],
    added: Optional[Tuple[cst.Module, cst.Module]] = None,
    more: Tuple[ImportSpec, ...] = (),
    import_edits: Optional[Dict[Tuple[ImportSpec, ...], Tuple[Edit, ...]]] = None,
) -> Dict[cst.CSTNode, Tuple[Edit, ...]]:
    """The complete edits of each fix (a proposed call's, a note's): its own, and the
    imports.

    A fix that needs an import carries the edit that adds every import this run adds
    (``queued``, for the fixes it applies) or would add with all its fixes applied (for
    the others).  So the import edit is the same text in every fix of a tier, an editor
    applying them together keeps it once, and the result is what ``rewrite`` writes.
    A note's fix counts as applied when its call is.
    ``added`` is the rewritten module before and after this run added ``queued``;
    ``more``: the imports of the training path's fixes (in every fix's "all" tier);
    ``import_edits``: the import edits by tier, shared with the training path's fixes.
    """
    import_edits = {} if import_edits is None else import_edits
    if added is not None:  # reuse the rewrite's own import pass when it is in place
        found = _import_edits(text, *added)
        if found is not None:
            import_edits[queued] = found
    if not transformer.proposed:
        return {}
    notes = _note_targets(transformer)
    replacements: Dict[cst.CSTNode, cst.CSTNode] = dict(transformer.proposed)
    indents: Dict[cst.CSTNode, str] = dict(transformer.block_indents)
    needs = dict(needs)
    call_of: Dict[cst.CSTNode, cst.CSTNode] = {orig: orig for orig in transformer.proposed}
    for node, (new, wanted_imports, call) in notes.items():
        replacements[node], needs[node], call_of[node] = new, wanted_imports, call
        indents[node] = transformer.block_indents[call]
    own = replacement_edits(text, module, positions, replacements, indents)
    every = _union([*needs.values(), more])
    out = {}
    for orig, edits in own.items():
        if needs[orig]:
            tier = queued if call_of[orig] in transformer.applied else every
            if tier not in import_edits:
                import_edits[tier] = _import_edits(text, module, _add_imports(module, tier)) or ()
            edits = edits + import_edits[tier]
        out[orig] = tuple(sorted(edits, key=lambda e: (e.line, e.column, e.end_line, e.end_column)))
    return out


def _output_by_edits(
    text: str, transformer: LegacyCallTransformer, fix_edits: Dict[cst.CSTNode, Tuple[Edit, ...]]
) -> Optional[str]:
    """The source with the edits of every applied call's fix (its notes' changes are in
    it; the import edit, the same in each, counts once): what printing the rebuilt
    module gives (``tests/test_rewrite_by_edits.py`` compares the two).  None when two
    fixes' edits overlap (nested legacy calls printed differently)."""
    edits = [e for orig in transformer.applied for e in fix_edits[orig]]
    try:
        return apply_edits(text, edits)
    except ValueError:  # EditConflict, or an edit outside the text
        return None


def _final_break_kept(source: str, module: cst.Module) -> str:
    """``module`` printed, with the source's last line break: libcst reads a text that
    ends with a bare ``\r`` (old Mac files) as having no trailing newline, so its
    printing drops that last ``\r``."""
    output = module.code
    if source.endswith("\r") and not module.has_trailing_newline:
        return output + "\r"
    return output


_TAB_INDENT = re.compile(r"^[ \t]*\t", re.M)


def _tab_indentation_kept(source: str, output: str) -> str:
    """``output`` with the source's own indentation on every line whose only change is
    its indentation, where the source indented it with a tab.  libcst keeps one
    indentation per block and prints it on each of its lines, so a line of the block
    indented otherwise (``\t    \t`` where the others have ``    \t\t``, the same
    column for Python) came out changed; the rewrite moves no line indented with a tab
    (``codemod._ShiftLeft`` stops at tabs), so such a change is never one of its edits."""
    if _TAB_INDENT.search(source) is None:
        return output
    import difflib

    old = source.splitlines(keepends=True)
    new = output.splitlines(keepends=True)
    kept = list(new)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "replace" or i2 - i1 != j2 - j1:
            continue
        for a, b in zip(range(i1, i2), range(j1, j2)):
            was, now = old[a], new[b]
            if was != now and "\t" in was[: len(was) - len(was.lstrip(" \t"))] and was.lstrip(" \t") == now.lstrip(" \t"):
                kept[b] = was
    restored = "".join(kept)
    if restored != output and _compiles(restored, "<restored>") is not None:
        return output  # (never worse than libcst's printing)
    return restored


def _receiver_test(receivers: KerasReceivers):
    """For a removed model method (``predict_classes``/``predict_proba``), a ``fit``
    given a Keras 1 keyword or a ``compile`` given three positionals: is the receiver a
    Keras model?  ``predict_proba`` is scikit-learn's name too, so it must be followed
    to a Keras model; ``predict_classes`` only Keras had, only Keras' ``fit`` took
    ``nb_epoch``, and ``compile`` goes with the file's Keras import."""

    def test(call: cst.Call, method: str) -> bool:
        verdict = receivers.verdict(call)
        if method in ("predict_classes", "fit", "compile"):  # (`fit(nb_epoch=)`, `compile(o, l, m)`)
            return verdict.is_keras and (verdict.proven or receivers.has_keras_import)
        return verdict.proven

    return test


def _allowed(fix, options: RewriteOptions) -> bool:
    return _allowed_risk(fix.applicability, options)


def _allowed_risk(applicability: Applicability, options: RewriteOptions) -> bool:
    return applicability is Applicability.SAFE or (applicability is Applicability.UNSAFE and options.unsafe_fixes)


def _keras1_fit_risk(transformer: LegacyCallTransformer) -> Optional[Applicability]:
    """How safe renaming ``fit(nb_epoch=)`` is in a file with these legacy calls.  The
    Keras 1 name is what tells that the file was written for Keras 1, which decides
    what a legacy call's positional arguments mean (sample counts): it may go only in
    the run that migrates every legacy call, or a second run would read the calls left
    differently.  None: some legacy call is never migrated (blocked, not Keras')."""
    if transformer.skipped:
        return None
    risks = [plan.applicability for plan in transformer.plans.values()]
    if any(r is Applicability.DISPLAY_ONLY for r in risks):
        return None
    return Applicability.UNSAFE if Applicability.UNSAFE in risks else Applicability.SAFE


def _settle_keras1_fits(scan, risk: Optional[Applicability]) -> None:
    """Give the ``fit(nb_epoch=)`` fixes of ``scan`` the risk of this file's legacy
    calls, or take them back (a finding without a fix) when one of those stays."""
    scan.fits_risk = risk
    for issue in scan.issues:
        fix = scan.fixes.get(issue.call) if issue.call is not None else None
        if fix is None or fix.code != "FG002":
            continue
        if risk is None:
            del scan.fixes[issue.call]
            issue.call = None
            issue.message += (
                "; left as it is while a legacy call of this file is not migrated: it tells "
                "that the file was written for Keras 1, which decides what that call's "
                "positional arguments mean"
            )
        else:
            fix.applicability = risk


def _training_diagnostics(result, scan, text, module, positions, path, options, tiers, cache, indents) -> None:
    """FG201-FG204: a finding per issue; a rewritten node's finding carries its fix (its
    edits and, if it needs an import, the edit that adds every import of its tier: what
    this run adds (``tiers[0]``) for an applied fix, what all fixes would add
    (``tiers[1]``) for the others, as the fit calls' fixes do).  Rewritten nodes are not
    review items.  ``indents``: the block indentation of the module's calls (the
    transformer's ``node_indents``), so that a new node prints alone."""
    replacements = {c: f.new for c, f in scan.fixes.items()}
    known = {c: indents[c] for c in replacements if c in indents}
    edits = replacement_edits(text, module, positions, replacements, known)

    def import_edits(fix) -> Tuple[Edit, ...]:
        if not fix.imports:
            return ()
        tier = tiers[0] if _allowed(fix, options) else tiers[1]
        if tier not in cache:
            cache[tier] = _import_edits(text, module, _add_imports(module, tier)) or ()
        return cache[tier]

    for issue in scan.issues:
        r = positions[issue.node]
        fix = None
        applied = True
        if issue.call is not None:
            found = scan.fixes[issue.call]
            own = edits[issue.call] + import_edits(found)
            own = tuple(sorted(own, key=lambda e: (e.line, e.column, e.end_line, e.end_column)))
            fix = Fix(found.applicability, found.description, own)
            applied = _allowed(found, options)
        d = catalogue.get(issue.code).diagnostic(
            path, r.start.line, r.start.column + 1, issue.message,
            end_line=r.end.line, end_column=r.end.column + 1, fix=fix,
        )
        result.findings.append(d)
        if issue.call is None:
            result.diagnostics.append(d)
        elif not applied:
            result.diagnostics.append(
                replace(d, message=f"not rewritten: it needs --unsafe-fixes ({issue.message})")
            )


def rewrite_source(
    text: str,
    path: str = "<stdin>",
    options: Optional[RewriteOptions] = None,
    project: Optional[ProjectInfo] = None,
    findings_only: bool = False,
    module: Optional[cst.Module] = None,
    receivers: Optional[Callable[[], KerasReceivers]] = None,
    by_edits: bool = True,
) -> RewriteResult:
    """Migrate the legacy calls of one module.  With ``findings_only`` (the analyser's
    use) the output is not assembled: ``output`` stays the source text.  ``module`` is
    ``text`` already parsed, when the caller has it; ``receivers``, when the caller
    keeps the module's ``KerasReceivers`` (made over ``module`` with ``project`` and
    ``path``), gives it: its metadata wrapper (positions resolved once) and its
    collected names serve the rewrite too, instead of a second walk of the module.

    When only legacy calls change (no training-path fix, no Keras 2 import moved), the
    output is the source with the applied fixes' edits (``_output_by_edits``): the
    calls' new nodes printed alone, not the whole module rebuilt and printed again.
    ``by_edits=False`` (for tests) always rebuilds the module."""
    options = options or RewriteOptions()
    if module is None:
        module = parse_module(text)
    # Keras 2 imports that fail on Keras 3 (FG008); the analyser reports them itself
    import_issues = (
        imports.scan(module)
        if options.target == "keras3" and not findings_only and might_matter(text)
        else []
    )
    legacy = any(m in text for m in ("fit_generator", "evaluate_generator", "predict_generator"))
    training = training_might_matter(text)  # optimizer/layer arguments (FG2xx)
    if not legacy and not import_issues and not training:
        return RewriteResult(path, text, text)
    found = receivers() if receivers is not None else None
    if found is not None and found.wrapper.module is module:
        wrapper = found.wrapper
    else:
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)  # parsed here, never shared
        found = KerasReceivers(wrapper, project, path, text)
    transformer = LegacyCallTransformer(found, options)
    # the training path (FG201-FG204): its calls are rebuilt on the migrated module, and
    # the imports its fixes need are added in the same pass as the fit calls' ones
    scan = training_path.scan(module, _receiver_test(found)) if training else None
    fix_imports = any(issue.fixable for issue in import_issues)
    edit_only = by_edits and legacy and not findings_only and not fix_imports and not (
        scan is not None and scan.fixes
    )
    if edit_only:
        new_module = module  # the output is made from the fixes' edits, below
        find_calls(transformer, wrapper)
    elif legacy and not findings_only:
        new_module = wrapper.visit(transformer)
    else:
        # the findings need the proposals, not a new module; with no legacy name in the
        # text, the visit (which rebuilds every node) would give the same module back:
        # the read-only walk records the same, block indentations included (which the
        # training path's fixes need)
        new_module = module
        if legacy or (scan is not None and scan.fixes):
            find_calls(transformer, wrapper)
    positions = wrapper.resolve(PositionProvider)

    if scan is not None and scan.model_calls.get(FIT_KERAS1_METHOD):
        _settle_keras1_fits(scan, _keras1_fit_risk(transformer))
    needs = {orig: _needed_imports(transformer, orig) for orig in transformer.proposed}
    queued = _union(needs[orig] for orig in transformer.applied)
    train_every: Tuple[ImportSpec, ...] = ()
    train_applied = False
    if scan is not None:
        train_every = _union(f.imports for f in scan.fixes.values())
        queued = _union([queued, _union(f.imports for f in scan.fixes.values() if _allowed(f, options))])
        if scan.fixes and not findings_only:
            fits_allowed = scan.fits_risk is not None and _allowed_risk(scan.fits_risk, options)
            replay = {
                method: [k and (method != FIT_KERAS1_METHOD or fits_allowed) for k in answers]
                for method, answers in scan.model_calls.items()
            }
            new_module, _ = training_path.apply(new_module, options.unsafe_fixes, replay)
            train_applied = True
    added = None
    if queued and not findings_only and not edit_only:
        added = (new_module, _add_imports(new_module, queued))
        new_module = added[1]
    if fix_imports and not findings_only:
        new_module = imports.apply(new_module, imports.scan(new_module))
    changed = transformer.applied or fix_imports or train_applied

    import_cache: Dict[Tuple[ImportSpec, ...], Tuple[Edit, ...]] = {}
    fix_edits = _fix_edits(text, module, positions, transformer, needs, queued, added, train_every, import_cache)
    if not changed or findings_only:
        output = text
    elif edit_only:
        output = _output_by_edits(text, transformer, fix_edits)
        if output is None:  # the edits overlap: the whole module, rebuilt
            return rewrite_source(text, path, options, project, findings_only, module, receivers, False)
    else:
        output = _tab_indentation_kept(text, _final_break_kept(text, new_module))

    if output != text:
        _check_result(text, output, path)

    result = RewriteResult(path, text, output, calls_found=len(transformer.plans) + len(transformer.skipped))
    result.calls_migrated = len(transformer.applied)

    def pos(node: cst.CSTNode):
        r = positions[node]
        return r.start.line, r.start.column + 1, r.end.line, r.end.column + 1

    def diag(code: str, node: cst.CSTNode, message: str, fix: Optional[Fix] = None) -> Diagnostic:
        line, col, end_line, end_col = pos(node)
        return catalogue.get(code).diagnostic(
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
            desc = f"replace `{plan.method}` with `{plan.new_method}`"
            if plan.wraps:
                desc += (
                    f" and wrap the data in `{transformer.runtime_name}` "
                    f"(`{RUNTIME_NAME}` imported from {RUNTIME_MODULE})"
                )
            fix = Fix(applicability, desc, fix_edits[orig])
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
            fix = None
            if note.fix is not None:
                # a note's fix is applied with its call: no safer than the call's own
                level = max(note.applicability, applicability, key=_RISK.index)
                fix = Fix(level, note.fix[0], fix_edits[note.node])
            d = diag(note.code, note.node, note.message, fix)
            result.findings.append(d)
            if note.review:
                result.diagnostics.append(d)
    if scan is not None:
        every = _union([*needs.values(), train_every])
        _training_diagnostics(
            result, scan, text, module, positions, path, options, (queued, every), import_cache,
            transformer.node_indents,
        )
    import_findings = imports.diagnostics(import_issues, module, positions, text, path)
    result.findings.extend(import_findings)  # the analyser takes FG008 from its own rule
    result.diagnostics.extend(d for d, i in zip(import_findings, import_issues) if i.review)
    result.diagnostics.sort(key=sort_key)
    result.findings.sort(key=sort_key)
    return result
