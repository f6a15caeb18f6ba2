from migrate_fitgen.analyze.generators import deciding_tests, links_of, varies_per_batch
from migrate_fitgen.analyze.rules.base import BODY_TOKENS, Rule, register
from migrate_fitgen.diagnostics import Severity


def _describe(shape) -> str:
    kind, n = shape
    if kind == "tuple":
        return "a tuple" if n < 0 else f"a {n}-tuple"
    if kind == "list":
        return "a list" if n < 0 else f"a {n}-element list"
    return "a value that is not a tuple"


@register
class InconsistentBatchStructure(Rule):
    """
    ## What it does
    Flags a generator passed to a Keras training call (or a dataset's `__getitem__`)
    whose `yield`s produce different structures: a 2-tuple in one place and a 3-tuple
    or a list in another. For a `PyDataset`/`Sequence`, a list and a tuple of the same
    length count as the same structure. Yields in the branches of an `if` that cannot
    change from one batch to the next (it reads only parameters, attributes or names set
    before the loop, like `if sample_weight is None:`) are not reported: a setting
    picks one structure for the whole run.

    ## Why is this bad?
    Keras 3 builds the input specs from the first two batches it peeks at. A later
    batch with another structure fails mid-epoch (on the TensorFlow backend with
    `InvalidArgumentError` from `tf.data`), or silently drops the sample weights when
    the first batches had none.

    ## Example
    ```python
    import keras
    import numpy as np

    def batches(x, y, w, batch_size):
        while True:
            for i in range(0, len(x), batch_size):
                if i == 0:
                    yield x[i:i + batch_size], y[i:i + batch_size]
                else:
                    yield x[i:i + batch_size], y[i:i + batch_size], w[i:i + batch_size]

    model = keras.Sequential([keras.layers.Dense(1)])
    data = np.zeros((64, 4)), np.zeros(64), np.ones(64)
    model.fit(batches(*data, 32), steps_per_epoch=2, epochs=3)
    ```

    ## Use instead
    ```python
    import keras
    import numpy as np

    def batches(x, y, w, batch_size):
        while True:
            for i in range(0, len(x), batch_size):
                yield x[i:i + batch_size], y[i:i + batch_size], w[i:i + batch_size]

    model = keras.Sequential([keras.layers.Dense(1)])
    data = np.zeros((64, 4)), np.zeros(64), np.ones(64)
    model.fit(batches(*data, 32), steps_per_epoch=2, epochs=3)
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "FG105"
    name = "inconsistent-batch-structure"
    severity = Severity.WARNING
    summary = "generator yields batches of different structures (2-tuple here, 3-tuple or list there)"
    tokens = BODY_TOKENS

    @classmethod
    def check(cls, ctx):
        for body in ctx.bodies():
            if not body.dataset and not links_of(body):
                continue
            shapes = []
            for p in body.produced():
                shape = body.shape(p.value, p.site)
                if shape is not None:
                    shapes.append((p, shape))
            if len(shapes) < 2:
                continue

            def key(shape, dataset=body.dataset):
                if dataset and shape[0] in ("tuple", "list"):
                    return ("seq", shape[1])
                return shape

            def agree(a, b) -> bool:
                ka, kb = key(a), key(b)
                if ka[0] == kb[0] and -1 in (ka[1], kb[1]):
                    return True  # a tuple (or list) of unknown length may be the same
                return ka == kb

            first_p, first = shapes[0]
            for p, shape in shapes[1:]:
                if agree(shape, first):
                    continue
                tests = deciding_tests(body, first_p.site.node, p.site.node)
                if tests is not None and not any(varies_per_batch(body, t) for t in tests):
                    continue  # a setting picks one structure for the whole run
                yield ctx.report(
                    cls,
                    p.value,
                    f"{body.label} {'returns' if body.dataset else 'yields'} {_describe(shape)} here but "
                    f"{_describe(first)} at line {ctx.line(first_p.value)}; "
                    "Keras builds its input specs from the first batches: give every batch one structure",
                )
