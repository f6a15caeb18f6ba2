"""The analyser's core: linking, scoping, cross-file imports, noqa, the normaliser."""

from __future__ import annotations

import textwrap
from pathlib import Path

import libcst as cst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate_fitgen.analyze import linear
from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_paths, analyze_source
from migrate_fitgen.analyze.noqa import is_suppressed, noqa_lines
from migrate_fitgen.sources import SourceError

ALL = AnalyzeOptions(select=("ALL",))


def found(src: str, options=ALL, path="m.py"):
    return [(d.code, d.line) for d in analyze_source(textwrap.dedent(src), path, options)]


GEN = """\
import keras
def forever(x, y):
    while True:
        yield [x, y]
model = keras.Sequential()
"""


def test_generator_call_linked_through_a_name() -> None:
    assert found(GEN + "g = forever(1, 2)\nmodel.fit(g, steps_per_epoch=2)\n") == [("FG101", 4)]


def test_rebinding_the_function_name_to_its_generator() -> None:
    assert found(GEN + "forever = forever(1, 2)\nmodel.fit(forever, steps_per_epoch=2)\n") == [("FG101", 4)]


def test_bare_generator_function() -> None:
    assert found(GEN + "model.fit(forever, steps_per_epoch=2)\n") == [("FG006", 6)]


def test_binding_in_a_branch_is_not_followed() -> None:
    src = GEN + "if cond:\n    g = forever(1, 2)\nelse:\n    g = other()\nmodel.fit(g, steps_per_epoch=2)\n"
    assert found(src) == []


def test_binding_inside_a_function_and_parameters() -> None:
    src = GEN + (
        "def train(model, data):\n"
        "    g = forever(1, 2)\n"
        "    model.fit(g)\n"
        "    model.fit(data)\n"
    )
    assert found(src) == [("FG101", 4), ("FG108", 8)]


def test_training_call_in_a_function_sees_the_module_binding() -> None:
    src = GEN + "train_gen = forever(1, 2)\ndef train():\n    model.fit(train_gen)\n"
    assert found(src) == [("FG101", 4), ("FG108", 8)]


def test_non_keras_receiver_is_not_a_training_call() -> None:
    src = GEN + (
        "from sklearn.linear_model import LinearRegression\n"
        "reg = LinearRegression()\n"
        "reg.fit(forever(1, 2))\n"
    )
    assert found(src) == []


def test_yields_of_nested_functions_are_not_the_outer_ones() -> None:
    src = """\
    import keras
    def outer(x, y):
        def inner():
            yield [x, y]
        while True:
            yield x, y
    model = keras.Sequential()
    model.fit(outer(1, 2), steps_per_epoch=3)
    """
    assert found(src) == []


def test_cross_file_import(tmp_path: Path) -> None:
    pkg = tmp_path / "proj" / "pkg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "data.py").write_text(
        "def batches(x, y, bs):\n"
        "    while True:\n"
        "        for i in range(0, len(x), bs):\n"
        "            yield [x[i:i + bs], y[i:i + bs]]\n"
        "\n"
        "train_gen = batches(1, 2, 3)\n"
    )
    (pkg / "train.py").write_text(
        "import keras\n"
        "from pkg.data import batches\n"
        "from . import data\n"
        "from .data import train_gen as tg\n"
        "model = keras.Sequential()\n"
        "model.fit(batches(1, 2, 3))\n"
        "model.fit(data.batches(1, 2, 3), steps_per_epoch=3)\n"
        "model.fit(tg, steps_per_epoch=3)\n"
    )
    result = analyze_paths([str(tmp_path / "proj")], ALL)
    assert result.errors == []
    got = [(Path(d.path).name, d.code, d.line) for d in result.diagnostics]
    assert got == [("data.py", "FG101", 4), ("train.py", "FG108", 6)]
    fg108 = [d for d in result.diagnostics if d.code == "FG108"][0]
    assert "`batches` (" in fg108.message and "data.py:1)" in fg108.message
    # analysed alone, the generator is not linked
    alone = analyze_source((pkg / "data.py").read_text(), str(pkg / "data.py"), ALL)
    assert alone == []


def test_project_class_with_its_own_fit_generator_in_another_file(tmp_path: Path) -> None:
    (tmp_path / "trainer.py").write_text(
        "class Trainer:\n    def fit_generator(self, gen, steps=1):\n        return list(gen)\n"
    )
    (tmp_path / "main.py").write_text(
        "from trainer import Trainer\n"
        "def forever():\n    while True:\n        yield [1, 2]\n"
        "t = Trainer()\n"
        "t.fit_generator(forever())\n"
    )
    result = analyze_paths([str(tmp_path)], ALL)
    assert result.diagnostics == []


def test_per_file_ignores_relative_to_root(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "g.py").write_text(
        "def g(x, y):\n    raise StopIteration\n    yield x, y\n"
    )
    opts = AnalyzeOptions(per_file_ignores=(("a/*.py", ("FG111",)),), root=str(tmp_path))
    assert analyze_paths([str(tmp_path)], opts).diagnostics == []
    opts = AnalyzeOptions(per_file_ignores=(("b/*.py", ("FG111",)),), root=str(tmp_path))
    assert [d.code for d in analyze_paths([str(tmp_path)], opts).diagnostics] == ["FG111"]


def test_target_tf_keras_changes_rules() -> None:
    src = """\
    import keras
    class Seq(keras.utils.Sequence):
        def __init__(self, x):
            self.x = x
    class Data(keras.utils.PyDataset):
        def __init__(self, x):
            self.x = x
    model = keras.Sequential()
    model.fit(iter([1, 2]), steps_per_epoch=1)
    """
    assert found(src) == [("FG110", 3), ("FG110", 6), ("FG006", 9)]
    assert found(src, AnalyzeOptions(target="tf-keras", select=("ALL",))) == [("FG110", 6)]
    with pytest.raises(ValueError):
        AnalyzeOptions(target="keras2")


def test_unparsable_source_raises_source_error() -> None:
    with pytest.raises(SourceError) as info:
        analyze_source('print "x"\n', "old.py")
    assert "\n" not in str(info.value)
    assert "line 1" in str(info.value)


def test_core_prints_nothing(capsys) -> None:
    analyze_paths([str(Path(__file__).resolve().parent.parent / "corpus" / "analyze")])
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


def test_diagnostics_are_one_based_and_sorted() -> None:
    diags = analyze_source("def g(x):\n    raise StopIteration\n    yield x, x\n", "m.py", ALL)
    assert [(d.line, d.column, d.end_line, d.end_column) for d in diags] == [(2, 5, 2, 24)]  # the end is just past the range


# noqa ---------------------------------------------------------------------------


def test_noqa_parsing() -> None:
    text = textwrap.dedent(
        """\
        a = 1  # noqa
        b = 2  # noqa: FG104
        c = 3  # NOQA:FG104,fg101
        d = "# noqa"
        e = 5  # noqa: FG104 FG106  trailing words
        """
    )
    m = noqa_lines(text)
    assert m[1] is None
    assert m[2] == frozenset({"FG104"})
    assert m[3] == frozenset({"FG104", "FG101"})
    assert 4 not in m
    assert is_suppressed(m, 5, "FG106") and not is_suppressed(m, 5, "FG101")
    assert is_suppressed(m, 1, "FG001") and not is_suppressed(m, 2, "FG101")


# linear normaliser ------------------------------------------------------------------


def poly(code: str, subs=None):
    return linear.normalise(cst.parse_expression(code), (subs or {}).get)


def test_linear_lengths() -> None:
    length = lambda lo, hi: linear.add(poly(hi), poly(lo), -1)  # noqa: E731
    assert length("i", "i + bs") == length("i + d", "i + d + bs")
    assert linear.add(length("i", "i + bs"), length("i", "i + bs - 5"), -1) == {(): 5}
    assert length("k * bs", "(k + 1) * bs") == {("bs",): 1}
    assert length("i", "min(i + bs, n)") == linear.add(poly("min(i+bs,n)"), poly("i"), -1)
    assert poly("end", {"end": cst.parse_expression("start + bs")}) == {("start",): 1, ("bs",): 1}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-5, 5), st.sampled_from(["a", "b", "c", "1"])), min_size=1, max_size=5),
    st.integers(-3, 3),
    st.integers(-3, 3),
    st.integers(-3, 3),
)
def test_linear_matches_evaluation(terms, a, b, c) -> None:
    code = " + ".join(f"({k}) * {s}" for k, s in terms)
    values = {"a": a, "b": b, "c": c}
    expected = eval(code, {}, values)  # noqa: S307 - test input built above
    p = poly(code)
    got = sum(coef * eval("*".join(m) or "1", {}, values) for m, coef in p.items())
    assert got == expected


def spans(src: str, code: str):
    return [
        (d.line, d.column, d.end_line, d.end_column)
        for d in analyze_source(textwrap.dedent(src), "m.py", AnalyzeOptions(select=(code,)))
    ]


def _col(src: str, line: int, text: str) -> tuple:
    """(line, 1-based start column, line, end column) of ``text`` on ``line``."""
    start = textwrap.dedent(src).splitlines()[line - 1].index(text) + 1
    return (line, start, line, start + len(text))


def test_fg103_underlines_the_cast_not_the_whole_chain() -> None:
    src = """\
    import keras
    def blocks(data, cols):
        while True:
            for block in data:
                labels = block.obs[cols].to_numpy().astype(str)
                yield block.X, labels
            yield data.X, np.array(data.y, dtype=object)
            yield data.X.tolist(), str(data.y)
    """
    assert spans(src, "FG103") == [
        _col(src, 5, ".astype(str)"),
        _col(src, 7, "dtype=object"),
        _col(src, 8, ".tolist()"),
        _col(src, 8, "str(data.y)"),
    ]


def test_fg104_underlines_the_slice_of_a_computed_value() -> None:
    src = """\
    import keras
    def pairs(df, y, bs):
        while True:
            for i in range(0, len(y), bs):
                yield y[i:i + bs], df.values()[i:i + bs - 1], self.w[i:i + bs + 2]
    """
    assert spans(src, "FG104") == [_col(src, 5, "[i:i + bs - 1]"), _col(src, 5, "self.w[i:i + bs + 2]")]


def test_fg103_message_depends_on_the_cast() -> None:
    src = textwrap.dedent(
        """\
        import keras
        def gen(x, y):
            while True:
                yield x.astype(str), y.tolist()
        """
    )
    msgs = [d.message for d in analyze_source(src, "m.py", AnalyzeOptions(select=("FG103",)))]
    assert "Invalid dtype" in msgs[0] and "shape" not in msgs[0]
    assert "Invalid dtype" not in msgs[1] and "Invalid input shape" in msgs[1]


def messages(src: str, code: str):
    return [d.message for d in analyze_source(textwrap.dedent(src), "m.py", AnalyzeOptions(select=(code,)))]


def test_fg101_predict_list_is_the_inputs() -> None:
    src = """\
    import keras
    def two_inputs(a, b):
        while True:
            yield [a, b]
    model = keras.Model()
    model.predict_generator(two_inputs(1, 2), steps=3)
    model.predict(two_inputs(1, 2), steps=3)
    """
    (msg,) = messages(src, "FG101")
    assert "yield `((a, b),)`" in msg and "`(x, y)`" not in msg
    assert "passed to `predict_generator` at line 6" in msg


def test_fg101_validation_data_is_named() -> None:
    src = """\
    import keras
    def val(a, b):
        while True:
            yield [a, b]
    def train(a, b):
        while True:
            yield a, b
    model = keras.Model()
    model.fit(train(1, 2), steps_per_epoch=2, validation_data=val(1, 2), validation_steps=1)
    """
    (msg,) = messages(src, "FG101")
    assert "passed to `validation_data` of `fit` at line 9" in msg and "yield `(x, y)` instead" in msg
