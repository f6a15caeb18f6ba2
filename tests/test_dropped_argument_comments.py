"""An argument the rewrite drops (``workers``, ``max_queue_size``...) takes none of the
comments around it along: the comment lines after it, its own same-line comment (now
on a line of its own) and the comments before it stay, in order, in the rewritten call
(found on real code: a commented-out ``validation_data`` block after ``workers=4,``
disappeared).  Both ways of making the output (the fixes' edits and the rebuilt module)
give the same text."""

from __future__ import annotations

import ast
import re

import pytest

from migrate_fitgen.rewrite import RewriteOptions, rewrite_source

HEAD = "from keras.models import Sequential\nmodel = Sequential()\n"

CASES = {
    "lines after it": (
        "model.fit_generator(\n    gen,\n    steps_per_epoch=10,\n    workers=4,\n"
        "    # validation_data=val_gen,\n    # nb_val_samples = 64\n    class_weight=cw,\n)\n",
        "model.fit(\n    validate_batches(gen),\n    steps_per_epoch=10,\n"
        "    # validation_data=val_gen,\n    # nb_val_samples = 64\n    class_weight=cw,\n)\n",
    ),
    "its own line's": (
        "model.fit_generator(\n    gen,\n    steps_per_epoch=10,\n    max_queue_size=8,  # keep memory low\n"
        "    epochs=3,\n)\n",
        "model.fit(\n    validate_batches(gen),\n    steps_per_epoch=10,\n    # keep memory low\n    epochs=3,\n)\n",
    ),
    "before it, dropped last": (
        "model.fit_generator(\n    gen,\n    steps_per_epoch=10,\n    # four workers\n    workers=4,\n)\n",
        "model.fit(\n    validate_batches(gen),\n    steps_per_epoch=10,\n    # four workers\n)\n",
    ),
    "last without a comma": (
        "model.fit_generator(gen,\n                    steps_per_epoch=10,\n"
        "                    workers=4  # four\n                    )\n",
        # (the continuation lines move left with the shorter method name, as always)
        "model.fit(validate_batches(gen),\n          steps_per_epoch=10\n          # four\n          )\n",
    ),
    "two in a row": (
        "model.fit_generator(\n    gen,\n    steps_per_epoch=10,\n    workers=4,  # a\n    # b\n"
        "    use_multiprocessing=True,  # c\n    epochs=3,\n)\n",
        "model.fit(\n    validate_batches(gen),\n    steps_per_epoch=10,\n    # a\n    # b\n    # c\n"
        "    epochs=3,\n)\n",
    ),
    "the first": (
        "model.fit_generator(workers=4,  # first\n                    generator=gen, steps_per_epoch=10)\n",
        "model.fit(\n          # first\n          x=validate_batches(gen), steps_per_epoch=10)\n",
    ),
}


@pytest.mark.parametrize("by_edits", [True, False], ids=["edits", "rebuilt"])
@pytest.mark.parametrize("name", list(CASES))
def test_comments_around_a_dropped_argument_stay(name: str, by_edits: bool) -> None:
    before, expected = CASES[name]
    result = rewrite_source(HEAD + before, "t.py", RewriteOptions(), by_edits=by_edits)
    body = result.output.split("model = Sequential()\n", 1)[1]
    assert body == expected
    ast.parse(result.output)
    assert re.findall(r"#.*", before) == re.findall(r"#.*", body)


def test_without_comments_the_layout_is_as_before() -> None:
    text = HEAD + "model.fit_generator(gen, 10, workers=4, use_multiprocessing=True)\n"
    out = rewrite_source(text, "t.py").output
    assert out.endswith("model.fit(validate_batches(gen), steps_per_epoch=10)\n")


# the training path drops arguments too (``decay=``: found on real code, where the
# comment of the argument before it was lost and ``decay``'s landed on that line)
OPTIMIZER_CASES = {
    "dropped last, a comment on each": (
        "opt = keras.optimizers.RMSprop(\n    lr=0.0008,\n    clipvalue=1.0,  # clipping\n"
        "    decay=1e-8  # decay\n)\n",
        "opt = keras.optimizers.RMSprop(\n"
        "    learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.0008, decay_steps=1, decay_rate=1e-8),\n"
        "    clipvalue=1.0  # clipping\n    # decay\n)\n",
    ),
    "dropped in the middle": (
        "opt = keras.optimizers.SGD(lr=0.1,  # on lr\n                            decay=1e-6,  # on decay\n"
        "                            momentum=0.9)\n",
        "opt = keras.optimizers.SGD(learning_rate=keras.optimizers.schedules.InverseTimeDecay("
        "0.1, decay_steps=1, decay_rate=1e-6),  # on lr\n                            # on decay\n"
        "                            momentum=0.9)\n",
    ),
    "a zero decay dropped first": (
        "opt = keras.optimizers.SGD(decay=0.0,  # none\n                            lr=0.1)\n",
        "opt = keras.optimizers.SGD(\n                            # none\n                            learning_rate=0.1)\n",
    ),
}


@pytest.mark.parametrize("name", list(OPTIMIZER_CASES))
def test_comments_around_a_dropped_optimizer_argument_stay(name: str) -> None:
    before, expected = OPTIMIZER_CASES[name]
    result = rewrite_source("import keras\n" + before, "t.py", RewriteOptions())
    body = result.output.split("import keras\n", 1)[1]
    assert body == expected
    ast.parse(result.output)
    assert re.findall(r"#.*", before) == re.findall(r"#.*", body)
