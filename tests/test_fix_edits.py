"""One fix, three outputs, the same result: the edits `analyze` publishes (JSON, SARIF)
applied by an editor give what `rewrite` writes.

For every corpus file: all safe fixes applied together (identical edits once) give
``rewrite``'s output byte for byte; each fix applied alone gives a file that compiles
and imports every name the fix brings in.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path
from typing import List

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from libcst.metadata import MetadataWrapper, PositionProvider

from migrate_fitgen import keras_api as api
from migrate_fitgen.analyze.engine import analyze_source
from migrate_fitgen.diagnostics import Applicability, Diagnostic, Edit
from migrate_fitgen.edits import EditConflict, apply_edits
from migrate_fitgen.keras_api import RUNTIME_ALIAS, RUNTIME_NAME
from migrate_fitgen.rewrite import RewriteOptions, collect_project_info, rewrite_source
from migrate_fitgen.keras_receivers import KerasReceivers
from migrate_fitgen.rewrite.codemod import LegacyCallTransformer
from migrate_fitgen.rewrite.fixes import replacement_edits
from migrate_fitgen.sources import SourceError, decode_source, parse_module
from test_rewrite_corpus import options_for
from test_rewrite_properties import legacy_calls

ROOT = Path(__file__).resolve().parent.parent / "corpus"
FILES = sorted(
    [p for p in (ROOT / "rewrite").glob("*.py") if not p.name.endswith(".expected.py")]
    + list((ROOT / "analyze").glob("*.py"))
    + list((ROOT / "programs").glob("*.py"))
)


def _text(path: Path) -> str:
    return decode_source(path.read_bytes(), str(path)).text


def _fixed(diagnostics: List[Diagnostic], *levels: Applicability) -> List[Diagnostic]:
    return [d for d in diagnostics if d.fix is not None and d.fix.applicability in levels]


def _all_edits(diagnostics: List[Diagnostic]) -> List[Edit]:
    return [e for d in diagnostics for e in d.fix.edits]


def _wrapper_calls(tree: ast.AST) -> Counter:
    return Counter(
        n.func.id for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
        and n.func.id in (RUNTIME_NAME, RUNTIME_ALIAS)
    )


def _compiles(text: str) -> bool:
    try:
        compile(text, "t.py", "exec", dont_inherit=True)
    except SyntaxError:
        return False
    return True


def _check_alone(source: str, d: Diagnostic) -> None:
    """The fix alone gives code that compiles (if the source did: a notebook export
    with top-level ``await`` does not), and imports every wrapper it adds a call to."""
    out = apply_edits(source, d.fix.edits)
    assert out != source
    tree = ast.parse(out)
    assert _compiles(out) or not _compiles(source)
    added = _wrapper_calls(tree) - _wrapper_calls(ast.parse(source))
    imported = {
        a.asname or a.name for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom) and n.module == "migrate_fitgen.runtime" for a in n.names
    }
    assert set(added) <= imported, (d.line, added, imported)


def test_the_corpus_has_fixes_to_check():
    assert len(FILES) >= 60
    fixes = 0
    for path in FILES:
        try:
            fixes += len(_fixed(analyze_source(_text(path), str(path)), Applicability.SAFE))
        except SourceError:
            continue
    assert fixes >= 40


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_published_fixes_give_what_rewrite_writes(path: Path):
    source = _text(path)
    try:
        diagnostics = analyze_source(source, str(path))  # what --format json/sarif publish
    except SourceError:
        pytest.skip("does not parse")
    project = collect_project_info({str(path): source})
    rewritten = rewrite_source(source, str(path), RewriteOptions(), project)
    # the fixes rewrite applies (FG007 on a Keras 3 call is the analyser's alone)
    ours = {(d.code, d.line, d.column) for d in rewritten.findings}
    diagnostics = [d for d in diagnostics if (d.code, d.line, d.column) in ours]
    assert apply_edits(source, _all_edits(_fixed(diagnostics, Applicability.SAFE))) == rewritten.output
    # with the unsafe fixes too: what `rewrite --unsafe-fixes` writes
    unsafe = rewrite_source(source, str(path), RewriteOptions(unsafe_fixes=True), project)
    both = _fixed(diagnostics, Applicability.SAFE, Applicability.UNSAFE)
    assert apply_edits(source, _all_edits(both)) == unsafe.output
    for d in both:
        _check_alone(source, d)


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_fixes_under_the_file_s_own_options(path: Path):
    """The same with the options a golden case asks for (tf-keras, no wrap, unsafe):
    the fixes `rewrite` applies, applied as edits, give its output."""
    source = _text(path)
    options = options_for(source)
    try:
        result = rewrite_source(source, str(path), options, collect_project_info({str(path): source}))
    except SourceError:
        pytest.skip("does not parse")
    levels = [Applicability.SAFE] + ([Applicability.UNSAFE] if options.unsafe_fixes else [])
    assert apply_edits(source, _all_edits(_fixed(result.findings, *levels))) == result.output


@settings(max_examples=150, deadline=None)
@given(legacy_calls())
def test_fixes_of_generated_layouts(case):
    method, source, _ = case
    # the same call indented in a block, next to a second one, after a non-ASCII line
    body = "".join("    " + line + "\n" for line in source.splitlines()[2:])
    source = (
        "import keras\n\n# données: 😀\ndef train(model, data):\n"
        "    s = '😀'; model.fit_generator(data, 1)\n" + body
    )
    result = rewrite_source(source, "t.py")
    safe = _fixed(result.findings, Applicability.SAFE)
    assert apply_edits(source, _all_edits(safe)) == result.output
    for d in _fixed(result.findings, Applicability.SAFE, Applicability.UNSAFE):
        _check_alone(source, d)


def test_nested_calls_share_the_inner_fix_s_edits():
    # the outer fix migrates the inner call too, with the inner fix's own edits, so
    # both fixes together are the rewrite, and either alone is valid code
    source = "import keras\nm.fit_generator(m2.predict_generator(m3.predict_generator(g), 2), 10)\n"
    result = rewrite_source(source, "t.py")
    fixes = _fixed(result.findings, Applicability.SAFE)
    assert len(fixes) == 3
    inner = fixes[-1].fix.edits
    assert all(set(inner) <= set(d.fix.edits) for d in fixes)
    assert apply_edits(source, _all_edits(fixes)) == result.output
    for d in fixes:
        _check_alone(source, d)


def test_nested_call_printed_differently_inside_its_parent_conflicts_loudly():
    # the outer rename moves the inner call's continuation line, so the two fixes
    # disagree about that line: applying both is refused, never a doubled text
    source = (
        "import keras\nm.fit_generator(m2.predict_generator(g,\n"
        "                                     2), 10)\n"
    )
    result = rewrite_source(source, "t.py")
    fixes = _fixed(result.findings, Applicability.SAFE)
    with pytest.raises(EditConflict):
        apply_edits(source, _all_edits(fixes))
    assert apply_edits(source, fixes[0].fix.edits) == result.output
    _check_alone(source, fixes[1])


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_calls_printed_in_a_block_equal_calls_printed_in_the_module(path: Path):
    """The fast way to print a new call (alone, in a block of its indentation) gives
    the same edits as printing the whole module with the call in place."""
    source = _text(path)
    try:
        module = parse_module(source)
    except SourceError:
        pytest.skip("does not parse")
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    receivers = KerasReceivers(wrapper, collect_project_info({str(path): source}))
    transformer = LegacyCallTransformer(receivers, RewriteOptions())
    wrapper.visit(transformer)
    positions = wrapper.resolve(PositionProvider)
    fast = replacement_edits(source, module, positions, transformer.proposed, transformer.block_indents)
    assert fast == replacement_edits(source, module, positions, transformer.proposed)


_KEYWORDS = [
    "steps_per_epoch", "epochs", "verbose", "callbacks", "validation_data", "validation_steps",
    "max_queue_size", "workers", "use_multiprocessing", "shuffle", "initial_epoch",
]
_KERAS1 = {new: old for old, new in api.SAFE_RENAMES.items()}


@st.composite
def aligned_calls(draw):
    """A fit_generator call with one keyword a line, `=` signs in one column."""
    names = ["generator"] + draw(st.lists(st.sampled_from(_KEYWORDS), unique=True, max_size=5))
    names = [_KERAS1[n] if n in _KERAS1 and draw(st.booleans()) else n for n in names]
    width = max(len(n) for n in names) + draw(st.integers(0, 3))
    hanging = draw(st.booleans())
    lead = "        " if hanging else " " * len("    result = model.fit_generator(")
    lines = [f"{n.ljust(width)} = v{i}" for i, n in enumerate(names)]
    body = (",\n" + lead).join(lines)
    call = f"model.fit_generator(\n{lead}{body},\n    )" if hanging else f"model.fit_generator({body})"
    return f"import keras\n\ndef train(model):\n    result = {call}\n    return result\n", width


@settings(max_examples=150, deadline=None)
@given(aligned_calls(), st.sampled_from(["keras3", "tf-keras"]))
def test_aligned_keywords_stay_aligned_and_fixes_give_the_rewrite(case, target):
    source, width = case
    result = rewrite_source(source, "t.py", RewriteOptions(target=target))
    assert result.calls_migrated == 1
    keywords = [  # (name, column of its "=") in the migrated call
        (m.group(1), m.end() - 2)
        for ln in result.output.splitlines() for m in re.finditer(r"(\w+) += ", ln)
        if m.group(1) != "result"
    ]
    assert keywords[0][0] == "x"
    if max(len(name) for name, _ in keywords) <= width:  # the new names fit the old column
        assert len({column for _, column in keywords}) == 1, result.output
    safe = _fixed(result.findings, Applicability.SAFE)
    assert apply_edits(source, _all_edits(safe)) == result.output
