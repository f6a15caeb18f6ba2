"""What `rewrite` tells the user: codes, positions and wording of the review items."""

from __future__ import annotations

import pytest

from migrate_fitgen.diagnostics import Edit
from migrate_fitgen.edits import apply_edits
from migrate_fitgen.rewrite import RewriteOptions, rewrite_source
from migrate_fitgen.sources import SourceError


def review(source: str, **options) -> list:
    result = rewrite_source(source, "t.py", RewriteOptions(**options))
    return [(d.code, d.line, d.column, d.message) for d in result.diagnostics]


def test_sample_count_hint_keeps_arithmetic_grouped():
    items = review("import keras\nm.fit_generator(g, samples_per_epoch=n - 1, nb_epoch=3)\n")
    fg002 = [m for c, _, _, m in items if c == "FG002"]
    assert len(fg002) == 1
    assert "`steps_per_epoch=(n - 1) // batch_size`" in fg002[0]
    assert "math.ceil((n - 1) / batch_size)" in fg002[0]


def test_removed_argument_is_reported_with_its_own_spelling():
    items = review("import keras\nm.fit_generator(g, steps_per_epoch=2, max_q_size=32, nb_worker=4)\n")
    messages = [m for c, _, _, m in items if c == "FG003"]
    assert any(
        m.startswith("`max_q_size=32` (the Keras 1 and 2.0.0-2.0.5 name of `max_queue_size`)")
        for m in messages
    )
    assert any(m.startswith("`nb_worker=4` (the Keras 1 name of `workers`)") for m in messages)
    assert all("PyDataset" in m for m in messages)


def test_loader_argument_at_its_default_is_not_a_review_item():
    assert review("import keras\nm.fit_generator(g, steps_per_epoch=2, workers=1)\n") == []


def test_class_weight_none_is_harmless():
    assert review("import keras\nm.fit_generator(g, 10, class_weight=None)\n") == []
    items = review("import keras\nm.fit_generator(g, 10, class_weight=cw)\n")
    assert [c for c, *_ in items] == ["FG005"]


def test_one_call_is_reported_at_one_column():
    items = review("def f(model, g):\n    return model.fit_generator(g, 1, 2, 3, 4, 5, 6, 7)\n")
    fg001 = {(line, col) for c, line, col, _ in items if c == "FG001"}
    assert fg001 == {(2, 18)}


def test_a_keras_models_own_fit_generator_is_what_its_calls_run():
    """A subclass of a Keras model that overrides ``fit_generator`` (older wrappers did,
    to add arguments): a call on an instance runs the override, which Keras 3's ``fit``
    would bypass, so it is left alone; the override's own ``super()`` call is Keras's."""
    source = (
        "import keras\n\n\nclass MyModel(keras.Model):\n"
        "    def fit_generator(self, generator, steps_per_epoch, epochs=1, log_every=10):\n"
        "        print('custom')\n"
        "        return super().fit_generator(generator, steps_per_epoch, epochs=epochs)\n\n"
        "    def go(self, g):\n        return self.fit_generator(g, 3)\n\n\n"
        "m = MyModel()\nm.fit_generator(gen, 100, epochs=2)\n"
    )
    result = rewrite_source(source, "t.py")
    assert "return super().fit(validate_batches(generator), steps_per_epoch=steps_per_epoch, epochs=epochs)" in result.output
    assert "m.fit_generator(gen, 100, epochs=2)" in result.output
    assert "self.fit_generator(g, 3)" in result.output
    left = [(d.line, d.message) for d in result.diagnostics if d.code == "FG001"]
    assert (14, "`fit_generator` left alone: class MyModel defines its own fit_generator") in left
    assert (10, "`fit_generator` left alone: class MyModel defines its own fit_generator") in left


def test_a_keras_model_with_its_own_fit_generator_in_another_module(tmp_path):
    import subprocess
    import sys

    (tmp_path / "models.py").write_text(
        "import keras\n\n\nclass Wrapped(keras.Model):\n"
        "    def fit_generator(self, generator, validate_batch=True, **kw):\n"
        "        return super().fit_generator(generator, steps_per_epoch=3)\n"
    )
    (tmp_path / "train.py").write_text(
        "import keras\nfrom models import Wrapped\n\nm = Wrapped()\nm.fit_generator(gen, steps_per_epoch=3)\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "migrate_fitgen", "rewrite", "-j", "1", "--no-cache", str(tmp_path)],
        capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "train.py:5:3: FG001 `fit_generator` left alone: class Wrapped" in done.stderr
    assert "defines its own fit_generator" in done.stderr
    assert (tmp_path / "train.py").read_text().endswith("m.fit_generator(gen, steps_per_epoch=3)\n")
    assert "super().fit(validate_batches(generator), steps_per_epoch=3)" in (tmp_path / "models.py").read_text()


def test_skipped_call_names_the_reason():
    items = review(
        "import keras\nclass L:\n    def fit_generator(self, b):\n        pass\n"
        "    def run(self, b):\n        self.fit_generator(b)\n"
    )
    assert items == [("FG001", 6, 14, "`fit_generator` left alone: class L defines its own fit_generator")]


def test_kwargs_with_a_generator_key_is_left_alone_even_with_unsafe_fixes():
    src = "import keras\nargs = {'generator': g}\nm.fit_generator(**args)\n"
    result = rewrite_source(src, "t.py", RewriteOptions(unsafe_fixes=True))
    assert result.output == src
    assert "passes 'generator'" in result.diagnostics[0].message


def test_python2_error_names_the_line_and_python_s_reason():
    with pytest.raises(SourceError) as info:
        rewrite_source("import keras\n\nprint 'x'\n", "t.py")
    assert str(info.value) == (
        "does not parse as Python 3 (line 3, column 1): Missing parentheses in call to "
        "'print'. Did you mean print(...)?"
    )


def test_findings_carry_the_fix_for_the_analyser():
    src = "import keras\nm.fit_generator(g, 10)\n"
    result = rewrite_source(src, "t.py")
    fg001 = [d for d in result.findings if d.code == "FG001"]
    assert len(fg001) == 1 and fg001[0].fix is not None
    edits = fg001[0].fix.edits
    # the import is an edit of its own, then the call's edits
    assert edits[0] == Edit(2, 1, 2, 1, "from migrate_fitgen.runtime import validate_batches\n")
    assert all(e.line == 2 and e.column > 2 for e in edits[1:])
    assert apply_edits(src, edits) == result.output == (
        "import keras\nfrom migrate_fitgen.runtime import validate_batches\n"
        "m.fit(validate_batches(g), steps_per_epoch=10)\n"
    )
    assert fg001[0].fix.applicability.value == "safe"


def test_keras_2_0_names_do_not_make_a_call_keras_1():
    # max_q_size/pickle_safe were Keras 2.0.0-2.0.5's names too; steps are steps there
    src = "import keras\nm.predict_generator(g, n / 32, pickle_safe=True)\n"
    result = rewrite_source(src, "t.py")
    # (a float step count is passed as the number of steps Keras 2 ran: FG007)
    assert (
        "m.predict(validate_batches(g, mode=\"predict\"), steps=math.ceil(n / 32), verbose=0)"
        in result.output
    )
    assert not [d for d in result.diagnostics if d.code == "FG002"]


def test_keywords_rule_out_versions_and_resolve_positions():
    # max_queue_size by keyword: the order where position 3 is max_queue_size is out,
    # so position 3 can only be callbacks (Keras 2.2.5+)
    src = "import keras\nm.predict_generator(g, s, cbs, max_queue_size=4)\n"
    result = rewrite_source(src, "t.py")
    assert "steps=s, callbacks=cbs, verbose=0)" in result.output
    # nothing rules a version out: position 8 stays ambiguous
    src = "import keras\nm.fit_generator(g, 1, 2, 1, None, None, None, cw)\n"
    assert rewrite_source(src, "t.py").calls_migrated == 0


def test_a_keras1_iterator_attribute_marks_the_call_as_keras1_on_a_second_run_too():
    """Found on fastai/courses: a first rewrite held ``predict_generator(b, b.nb_sample)``
    back (a Keras 1 file: position 2 counted samples) and moved the file's other Keras 1
    code to Keras 2 names; a second run then saw a Keras 2 file and migrated it as
    ``steps=b.nb_sample``.  ``nb_sample`` is a Keras-1-only iterator attribute: the call
    itself says Keras 1, on every run."""
    source = (
        "from keras.models import Sequential\nfrom keras.layers import Convolution2D\n\n"
        "model = Sequential()\n"
        "model.add(Convolution2D(64, 3, 3, border_mode='same', input_shape=(32, 32, 3)))\n"
        "preds = model.predict_generator(test_batches, test_batches.nb_sample)\n"
    )
    first = rewrite_source(source, "t.py")
    second = rewrite_source(first.output, "t.py")
    assert "Convolution2D(64, (3, 3), padding='same'" in first.output
    assert rewrite_source(second.output, "t.py").output == second.output == first.output
    for result in (first, second):
        assert "preds = model.predict_generator(test_batches, test_batches.nb_sample)" in result.output
        assert [d.code for d in result.diagnostics if d.line == 6 and d.code == "FG002"] == ["FG002"]
    # with the sample count made a step count by hand, it is migrated
    fixed = second.output.replace("test_batches.nb_sample)", "test_batches.samples // 32)")
    assert "steps=test_batches.samples // 32" in rewrite_source(fixed, "t.py").output
