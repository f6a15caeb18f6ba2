"""Property tests (hypothesis): for any legacy call built from the measured signatures,
with any layout, the rewrite keeps every argument's meaning, re-parses, keeps comments
and is idempotent."""

from __future__ import annotations

import ast

from hypothesis import given, settings
from hypothesis import strategies as st

from migrate_fitgen import keras_api as api
from migrate_fitgen.rewrite import RewriteOptions, rewrite_source

SEPARATORS = [", ", ",", ",\n    ", ",  # note\n    ", ",\n\n        # own line\n    ", ",\t"]


@st.composite
def legacy_calls(draw):
    method = draw(st.sampled_from(sorted(api.METHODS)))
    order = api.POSITIONAL_MODERN[method]
    n_pos = draw(st.integers(0, api.STABLE_POSITIONS[method] - 1))
    positional = list(order[1 : 1 + n_pos])
    rest = [n for n in order[1 + n_pos :]]
    keywords = draw(st.lists(st.sampled_from(rest), unique=True, max_size=len(rest)))
    data_kw = draw(st.booleans())
    if data_kw:
        positional = []  # a keyword data argument forbids positionals
    # spell some keywords the Keras-1 way (only names that keep their meaning); in a
    # call with Keras-1 names, positions mean Keras 1's sample counts, so only then
    # when there are no positionals
    k1 = {v: k for k, v in api.SAFE_RENAMES.items()}
    spelled = [
        (k1[k] if k in k1 and not positional and draw(st.booleans()) else k) for k in keywords
    ]
    parts = ["generator=data" if data_kw else "data"]
    meaning = {}
    for i, name in enumerate(positional):
        parts.append(f"v{i}")
        meaning[f"v{i}"] = name
    for j, (name, spelling) in enumerate(zip(keywords, spelled)):
        parts.append(f"{spelling}=k{j}")
        meaning[f"k{j}"] = name
    seps = [draw(st.sampled_from(SEPARATORS)) for _ in parts[1:]]
    body = parts[0] + "".join(s + p for s, p in zip(seps, parts[1:]))
    if draw(st.booleans()):
        body += ","
    source = f"import keras\n\nresult = model.{method}({body})  # end\n"
    return method, source, meaning


def _call(tree: ast.Module) -> ast.Call:
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
    assert len(calls) == 1
    return calls[0]


@settings(max_examples=300, deadline=None)
@given(legacy_calls(), st.sampled_from(["keras3", "tf-keras"]))
def test_rewrite_keeps_meaning(case, target):
    method, source, meaning = case
    result = rewrite_source(source, "t.py", RewriteOptions(target=target, wrap=False))
    assert result.calls_migrated == 1, (source, result.diagnostics)
    tree = ast.parse(result.output)
    call = _call(tree)
    assert call.func.attr == api.METHODS[method]
    got = {kw.arg: ast.unparse(kw.value) for kw in call.keywords}
    # the data argument stays first, by position or as x=
    if call.args:
        assert ast.unparse(call.args[0]) == "data" and len(call.args) == 1
    else:
        assert got.pop("x") == "data"
    expected = {}
    for value, name in meaning.items():
        if target == "keras3" and name in api.REMOVED_IN_KERAS3:
            continue
        expected[name] = value
    for name, code in api.KEEP_DEFAULTS.get(method, {}).items():
        expected.setdefault(name, code)
    assert got == expected
    # comments survive unless they sat on a removed argument
    if target == "tf-keras":
        assert result.output.count("#") == source.count("#")
    # idempotent
    again = rewrite_source(result.output, "t.py", RewriteOptions(target=target, wrap=False))
    assert again.output == result.output


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcxyz_=()[]{},.:#'\" \n\t+-*01")), max_size=80))
def test_code_without_legacy_calls_is_untouched(text):
    source = "import keras\n" + text
    try:
        ast.parse(source)
    except (SyntaxError, ValueError):
        return
    try:
        result = rewrite_source(source, "t.py")
    except Exception as exc:  # libcst may reject what ast accepts only for exotic input
        assert type(exc).__name__ == "SourceError"
        return
    assert result.output == source
