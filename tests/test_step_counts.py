"""FG007: which step counts are provably floats, and whether the fix is what Keras 2 ran.

The proof is checked against Python and numpy (every value it calls a float is one when
evaluated) and against real Keras 3 with JAX (each such value is rejected, and the
replacement runs exactly ceil(value) batches)."""

from __future__ import annotations

import math
import os
import textwrap

import libcst as cst
import numpy as np
import pytest
from libcst.metadata import MetadataWrapper

from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_source
from migrate_fitgen.step_counts import StepCounts, code

PRELUDE = """\
import numpy as np
n = 100
bs = 32
ids = list(range(n))
flag = True
ratio = n / bs
ratio_again = 2.5
ratio_again = 3.5
whole = n // bs
"""

#: expressions the proof must call floats
FLOATS = [
    "n / bs",
    "len(ids) / bs",
    "2.5",
    "3.0",
    "1e2",
    "float(n)",
    "float(n) / bs",
    "np.ceil(n / bs)",
    "np.floor(n / bs)",
    "np.round(n / bs)",
    "np.around(n / bs)",
    "np.rint(n / bs)",
    "np.trunc(n / bs)",
    "np.fix(n / bs)",
    "np.float32(2)",
    "np.float64(n)",
    "round(n / bs, 1)",
    "n * 6 / bs",
    "(n / bs) // 1",
    "-(-n / bs)",
    "1 + n / bs",
    "n / bs - 1",
    "2 * ratio",
    "ratio if flag else 2.5",
    "ratio",
    "ratio_again",
]

#: expressions it must leave alone (ints, or not provable either way)
NOT_PROVEN = [
    "n",
    "n // bs",
    "bs * 2",
    "len(ids)",
    "int(n / bs)",
    "round(n / bs)",
    "np.ceil(n)",
    "np.int64(3)",
    "float('inf')",
    "whole",
    "ratio if flag else whole",
    "ids[0] / 1 if False else n",
    "n % bs",
    "n ** -1",
]


def _facts(expression: str, prelude: str = PRELUDE):
    source = prelude + f"use({expression})\n"
    module = cst.parse_module(source)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    call = module.body[-1].body[0].value
    return StepCounts(wrapper), call.args[0].value, source


def _evaluate(expression: str):
    namespace: dict = {}
    exec(PRELUDE, namespace)  # noqa: S102 - the test's own code
    return eval(expression, namespace)  # noqa: S307


@pytest.mark.parametrize("expression", FLOATS)
def test_proven_floats_are_floats(expression):
    counts, node, _ = _facts(expression)
    assert counts.float_reason(node) is not None
    assert isinstance(_evaluate(expression), (float, np.floating))


@pytest.mark.parametrize("expression", NOT_PROVEN)
def test_not_proven(expression):
    counts, node, _ = _facts(expression)
    assert counts.float_reason(node) is None


@pytest.mark.parametrize(
    "source",
    [
        # a function rebinds the module's name to an int
        "steps = 2.5\ndef reset():\n    global steps\n    steps = 3\nuse(steps)\n",
        # augmented assignment, loop target, unpacking, walrus, parameter
        "steps = 2.5\nsteps += 1\nuse(steps)\n",
        "for steps in (2.5, 3):\n    pass\nuse(steps)\n",
        "steps, other = 2.5, 1\nuse(steps)\n",
        "def f(steps=2.5):\n    use(steps)\n",
        "if (steps := 2.5):\n    pass\nuse(steps)\n",
        # nonlocal rebinding from a nested function
        "def f():\n    steps = 2.5\n    def g():\n        nonlocal steps\n        steps = 3\n    use(steps)\n",
        # the builtins are someone else's here
        "float = int\nuse(float(7))\n",
        "def round(x, n):\n    return 3\nuse(round(2 / 3, 1))\n",
        "import numexpr as np\nuse(np.ceil(2 / 3))\n",
        # a name bound nowhere
        "use(steps)\n",
    ],
)
def test_scopes_that_prove_nothing(source):
    module = cst.parse_module(source)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    counts = StepCounts(wrapper)
    found = []

    class Uses(cst.CSTVisitor):
        def visit_Call(self, node):
            if isinstance(node.func, cst.Name) and node.func.value == "use":
                found.append(counts.float_reason(node.args[0].value))

    module.visit(Uses())
    assert found == [None]


def test_a_module_name_used_in_a_function():
    source = "steps = 600 / 64\ndef train():\n    use(steps)\n"
    module = cst.parse_module(source)
    counts = StepCounts(MetadataWrapper(module, unsafe_skip_copy=True))
    use = module.body[1].body.body[0].body[0].value
    assert counts.float_reason(use.args[0].value) == "`steps`, assigned a true division"


@pytest.mark.parametrize(
    "source, free",
    [
        ("import math\n", True),
        ("import math as m\n", True),
        ("x = 1\n", True),
        ("math = 3\n", False),
        ("import mymath as math\n", False),
        ("from sympy import math\n", False),
        ("def f(math):\n    pass\n", False),
        ("import math\ndef f():\n    math = None\n", False),
    ],
)
def test_math_is_free(source, free):
    counts = StepCounts(MetadataWrapper(cst.parse_module(source), unsafe_skip_copy=True))
    assert counts.math_is_free() is free


@pytest.mark.parametrize(
    "source, line",
    [
        ('"""Doc."""\n\nx = 1\n', 3),
        ("import os\nimport keras  # comment\n\nx = 1\n", 3),
        ("import math\nx = 1\n", None),
        ("x = 1\n", 1),
    ],
)
def test_import_edit(source, line):
    counts = StepCounts(MetadataWrapper(cst.parse_module(source), unsafe_skip_copy=True))
    edit = counts.import_edit()
    if line is None:
        assert edit is None
    else:
        assert (edit.line, edit.column, edit.end_line, edit.end_column) == (line, 1, line, 1)
        assert edit.content == "import math\n"


def test_replacements():
    def replaced(expression):
        counts, node, _ = _facts(expression)
        return code(counts.replacement(node))

    assert replaced("2.5") == "3"
    assert replaced("3.0") == "3"
    assert replaced("(n / bs)") == "math.ceil(n / bs)"
    assert replaced("np.ceil(n / bs)") == "math.ceil(n / bs)"
    assert replaced("np.floor(n / bs)") == "math.ceil(np.floor(n / bs))"


# real Keras 3 ---------------------------------------------------------------


@pytest.fixture(scope="module")
def keras3():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    keras = pytest.importorskip("keras")
    pytest.importorskip("jax")
    return keras


def _model(keras):
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    return model


def _batches():
    x = np.zeros((32, 4), "float32")
    y = np.zeros((32, 1), "float32")
    while True:
        yield x, y


@pytest.mark.parametrize("expression", [e for e in FLOATS if _evaluate(e) > 0])
def test_keras3_rejects_each_float_and_runs_the_keras2_count_of_the_fix(keras3, expression):
    counts, node, _ = _facts(expression)
    value = _evaluate(expression)
    model = _model(keras3)
    with pytest.raises(TypeError, match="cannot be interpreted as an integer"):
        model.fit(_batches(), steps_per_epoch=value, epochs=1, verbose=0)

    namespace: dict = {"math": math}
    exec(PRELUDE, namespace)  # noqa: S102
    fixed = eval(code(counts.replacement(node)), namespace)  # noqa: S307
    assert type(fixed) is int

    seen = []

    class Count(keras3.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append(batch)

    model.fit(_batches(), steps_per_epoch=fixed, epochs=1, verbose=0, callbacks=[Count()])
    # Keras 2: `steps_done = 0; while steps_done < steps_per_epoch: ...; steps_done += 1`
    keras2_steps = 0
    while keras2_steps < value:
        keras2_steps += 1
    assert len(seen) == keras2_steps


def _apply(source: str, edits) -> str:
    """Apply a fix's edits (1-based lines and columns), last first."""
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for ln in lines:
        offsets.append(offsets[-1] + len(ln))

    def at(line, column):
        return offsets[line - 1] + column - 1

    out = source
    for e in sorted(edits, key=lambda e: (e.line, e.column), reverse=True):
        out = out[: at(e.line, e.column)] + e.content + out[at(e.end_line, e.end_column):]
    return out


def test_analyser_fix_makes_a_keras3_script_run(keras3):
    source = textwrap.dedent(
        '''\
        """Migrated by hand: the step counts are still floats."""
        import keras
        import numpy as np

        N = 100
        STEPS = N / 32
        x = np.zeros((32, 4), "float32")
        y = np.zeros((32, 1), "float32")


        def batches():
            while True:
                yield x, y


        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        history = model.fit(batches(), steps_per_epoch=STEPS, epochs=1, verbose=0,
                            validation_data=batches(), validation_steps=1.5)
        loss = model.evaluate(batches(), steps=np.ceil(N / 32), verbose=0)
        '''
    )
    with pytest.raises(TypeError, match="cannot be interpreted as an integer"):
        exec(compile(source, "before.py", "exec"), {})  # noqa: S102

    found = analyze_source(source, "script.py", AnalyzeOptions(select=("FG007",)))
    assert [(d.line, d.code) for d in found] == [(18, "FG007"), (19, "FG007"), (20, "FG007")]
    fixed = source
    # each fix is complete on its own; apply them one at a time, re-analysing between
    for _ in range(3):
        d = analyze_source(fixed, "script.py", AnalyzeOptions(select=("FG007",)))[0]
        fixed = _apply(fixed, d.fix.edits)
    assert analyze_source(fixed, "script.py", AnalyzeOptions(select=("FG007",))) == []
    assert fixed.count("import math\n") == 1
    assert "steps_per_epoch=math.ceil(STEPS)" in fixed
    assert "validation_steps=2" in fixed
    assert "steps=math.ceil(N / 32)" in fixed
    namespace: dict = {}
    exec(compile(fixed, "after.py", "exec"), namespace)  # noqa: S102
    assert len(namespace["history"].history["loss"]) == 1


def test_scope_analysis_runs_only_for_values_that_may_be_floats():
    source = "steps = 100\nother = 2.5\nuse(steps, len(ids), n // 4, other)\n"
    module = cst.parse_module(source)
    counts = StepCounts(MetadataWrapper(module, unsafe_skip_copy=True))
    args = [a.value for a in module.body[-1].body[0].value.args]
    assert [counts.float_reason(a) for a in args[:3]] == [None, None, None]
    assert counts._scopes is None
    assert counts.float_reason(args[3]) == "`other`, assigned a float literal"
    assert counts._scopes is not None
