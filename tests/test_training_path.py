"""The training-path scan (FG201-FG203): what resolves to Keras, what is exact, what is
only reported, and how `analyze` and `rewrite` agree on it."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_source
from migrate_fitgen.cli import app
from migrate_fitgen.edits import apply_edits
from migrate_fitgen.keras1_names import might_matter
from migrate_fitgen.rewrite import RewriteOptions, rewrite_source


def out(source: str, **options) -> str:
    return rewrite_source(source, "case.py", RewriteOptions(**options)).output


def codes(source: str, **options) -> list:
    return [(d.line, d.code) for d in rewrite_source(source, "case.py", RewriteOptions(**options)).findings]


@pytest.mark.parametrize(
    "source,expected",
    [
        ("from keras.optimizers import Adam\nAdam(lr=0.1)\n", "Adam(learning_rate=0.1)"),
        ("from tensorflow.keras.optimizers import Adam\nAdam(lr=0.1)\n", "Adam(learning_rate=0.1)"),
        ("import tensorflow as tf\ntf.keras.optimizers.Adam(lr=0.1)\n", "tf.keras.optimizers.Adam(learning_rate=0.1)"),
        ("from keras import optimizers as opt\nopt.Adam(lr=0.1)\n", "opt.Adam(learning_rate=0.1)"),
        ("from keras.layers import Dense as D\nD(output_dim=3)\n", "D(units=3)"),
        ("from keras.layers import *\nDense(output_dim=3)\n", "Dense(units=3)"),
        ("import keras\nkeras.Model(input=a, output=b)\n", "keras.Model(inputs=a, outputs=b)"),
        ("from keras.engine.training import Model\nModel(input=a, output=b)\n", "Model(inputs=a, outputs=b)"),
    ],
)
def test_keras_callees_are_rewritten(source, expected):
    assert expected in out(source)


@pytest.mark.parametrize(
    "source",
    [
        "import torch\ntorch.optim.Adam(params, lr=0.1)\n",  # not Keras
        "from mylib import Dense\nimport keras\nDense(output_dim=3)\n",  # the project's own
        "import keras\nfrom keras.layers import *\ndef Dense(**kw): pass\nDense(output_dim=3)\n",  # shadowed
        "import keras\nAdam(lr=0.1)\n",  # never imported
        "try:\n    from keras.optimizers import Adam\nexcept ImportError:\n    from torch.optim import Adam\nAdam(lr=1)\n",
        "from keras.optimizers import Adam\nAdam(learning_rate=0.1)\n",  # already Keras 3
    ],
    ids=["torch", "own_class", "shadowed_star", "unbound", "rebound", "already_new"],
)
def test_other_callees_are_left_alone(source):
    assert out(source) == source


def test_ambiguous_binding_is_left_alone():
    # bound by two imports to two origins: the last one is read (as the receivers do)
    source = "from keras.optimizers import Adam\nfrom torch.optim import Adam\nAdam(p, lr=0.1)\n"
    assert out(source) == source


def test_reported_without_a_fix():
    source = (
        "from keras.optimizers import Adam, Adagrad\n"
        "from keras.layers import Dense\n"
        "Adam(lr=0.1, **extra)\n"
        "Adagrad(decay=0.1)\n"
        "Dense(10, output_dim=10)\n"
    )
    assert out(source) == source
    assert codes(source) == [(3, "FG201"), (4, "FG201"), (5, "FG202")]
    result = rewrite_source(source, "case.py")
    assert all(d.fix is None for d in result.findings)
    assert len(result.diagnostics) == 3  # each is shown to a person


def test_inverse_time_decay_bound_elsewhere_is_reported():
    source = "from keras.optimizers import SGD\nfrom mylib import InverseTimeDecay\nSGD(lr=0.1, decay=0.1)\n"
    assert out(source) == source
    assert codes(source) == [(3, "FG201")]


def test_unsafe_kernel_form_needs_the_option():
    source = "from keras.layers import Conv2D\nConv2D(8, 3, 3)\n"
    assert out(source) == source
    result = rewrite_source(source, "case.py")
    assert [d.code for d in result.diagnostics] == ["FG202"]
    assert "--unsafe-fixes" in result.diagnostics[0].message
    assert "Conv2D(8, (3, 3))" in out(source, unsafe_fixes=True)


def test_every_target_gets_the_conversions():
    source = "from keras.optimizers import SGD\nSGD(lr=0.1, decay=0.5)\n"
    assert out(source, target="tf-keras") == out(source)


def test_nested_layer_calls_compose():
    source = (
        "from keras.models import Model\nfrom keras.layers import Dense, Input\n"
        "m = Model(input=x, output=Dense(output_dim=2, init='zero')(x))\n"
    )
    assert "Model(inputs=x, outputs=Dense(units=2, kernel_initializer='zero')(x))" in out(source)
    # analyze's fixes: the outer one spans the inner one, so an editor applies one,
    # analyses again and applies the next; the end is what rewrite writes
    found = analyze_source(source, "case.py", AnalyzeOptions(select=("FG2",)))
    assert len(found) == 2
    text = source
    for _ in range(3):
        fixes = [d for d in analyze_source(text, "case.py", AnalyzeOptions(select=("FG2",))) if d.fix]
        if not fixes:
            break
        text = apply_edits(text, fixes[0].fix.edits)
    assert text == out(source)


def test_select_and_ignore():
    source = "from keras.optimizers import Adam\nfrom keras.layers import Dense\nAdam(lr=1)\nDense(output_dim=1)\n"
    everything = analyze_source(source, "c.py", AnalyzeOptions())
    assert {d.code for d in everything} == {"FG201", "FG202"}
    assert {d.code for d in analyze_source(source, "c.py", AnalyzeOptions(ignore=("FG201",)))} == {"FG202"}
    assert {d.code for d in analyze_source(source, "c.py", AnalyzeOptions(select=("FG201",)))} == {"FG201"}
    assert analyze_source(source + "# noqa\n", "c.py", AnalyzeOptions()) != []
    suppressed = source.replace("Adam(lr=1)", "Adam(lr=1)  # noqa: FG201")
    assert {d.code for d in analyze_source(suppressed, "c.py", AnalyzeOptions())} == {"FG202"}


def test_rules_and_explain_list_the_new_codes():
    runner = CliRunner()
    listing = runner.invoke(app, ["rules"]).output
    for code in ("FG201", "FG202", "FG203"):
        assert code in listing
        page = runner.invoke(app, ["explain", code])
        assert page.exit_code == 0 and f"# {code}" in page.output


def test_prefilter_words():
    assert might_matter("from keras.optimizers import Adam\nopt = Adam(lr=0.1)\n")
    # an optimizer imported and never called, or called with nothing: nothing to convert
    assert not might_matter("from keras.optimizers import Adam\n")
    assert not might_matter("from keras.optimizers import Adam\nopt = Adam()\n")
    assert not might_matter("from torch.optim import Adam\n")  # no keras at all
    assert not might_matter("import keras\nprint(1)\n")


def test_a_name_bound_in_a_function_shadows_the_import_there_only():
    source = (
        "from keras import backend as K\n"
        "from keras.optimizers import Adam\n"
        "def f():\n"
        "    K = solver()\n"
        "    K.set_learning_phase(0)\n"
        "    Adam = torch_adam\n"
        "    return Adam(lr=1)\n"
        "def g():\n"
        "    K.set_learning_phase(0)\n"
        "    return Adam(lr=1)\n"
    )
    assert codes(source) == [(9, "FG203"), (10, "FG201")]
    assert out(source).splitlines()[6] == "    return Adam(lr=1)"
    assert out(source).splitlines()[9] == "    return Adam(learning_rate=1)"
