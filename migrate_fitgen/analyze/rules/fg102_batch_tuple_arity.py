from migrate_fitgen.analyze.generators import links_of
from migrate_fitgen.analyze.rules.base import BODY_TOKENS, Rule, register
from migrate_fitgen.diagnostics import Severity


@register
class BatchTupleArity(Rule):
    """
    ## What it does
    Flags a batch whose tuple has a length other than 1, 2 or 3, in a generator passed
    to a Keras training call or in the `__getitem__` of a `keras.utils.PyDataset`/
    `Sequence`. Also flags a 1-tuple `(x,)` given to `fit` or `evaluate` of a model that
    the same module compiles with a loss. The length is read through names, `tuple([...])`,
    starred repacking (`(*pair, w, w)`), local helpers whose `return`s all agree and
    library calls of documented length (`train_test_split(x, y)` gives 4 elements); a
    length it cannot tell is not reported.

    ## Why is this bad?
    Keras unpacks a batch as `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`. A 4-tuple
    raises `ValueError: Data is expected to be in format x, (x,), (x, y), or (x, y,
    sample_weight)`. A 1-tuple has no target: with a loss, Keras 3 fails deep in the
    backend (`None is not a valid value for jnp.array` on JAX, `None values not
    supported` on TensorFlow).

    ## Example
    ```python
    import keras
    import numpy as np

    def batches(x, y, w, batch_size):
        while True:
            for i in range(0, len(x), batch_size):
                s = slice(i, i + batch_size)
                yield x[s], y[s], w[s], batch_size

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
                s = slice(i, i + batch_size)
                yield x[s], y[s], w[s]

    model = keras.Sequential([keras.layers.Dense(1)])
    data = np.zeros((64, 4)), np.zeros(64), np.ones(64)
    model.fit(batches(*data, 32), steps_per_epoch=2, epochs=3)
    ```

    ## Fix safety
    No automatic fix: which element is extra, or which target is missing, needs a person.
    """

    code = "FG102"
    name = "batch-tuple-arity"
    severity = Severity.ERROR
    summary = "batch tuple of a length Keras cannot unpack (not 1, 2 or 3; or 1 with a loss)"
    tokens = BODY_TOKENS

    @classmethod
    def check(cls, ctx):
        for body in ctx.bodies():
            links = links_of(body)
            if not links and not body.dataset:
                continue
            kinds = ("tuple", "list") if body.dataset else ("tuple",)
            for p in body.produced():
                shape = body.shape(p.value, p.site)
                if shape is None or shape[0] not in kinds or shape[1] < 0:
                    continue
                n = shape[1]
                noun = "tuple" if shape[0] == "tuple" else "list"
                if n == 0 or n > 3:
                    yield ctx.report(
                        cls,
                        p.value,
                        f"{body.label} {'returns' if body.dataset else 'yields'} a {n}-element {noun}; "
                        "Keras takes `(x,)`, `(x, y)` or `(x, y, sample_weight)` and raises "
                        "`ValueError: Data is expected to be in format ...`",
                    )
                elif n == 1:
                    losses = [
                        lk for lk in links
                        if lk.call.mode in ("fit", "evaluate")
                        and ctx.project.compiled_with_loss(lk.call.module, lk.call.receiver_code)
                    ]
                    if losses:
                        call = losses[0].call
                        yield ctx.report(
                            cls,
                            p.value,
                            f"{body.label} gives `(x,)` with no target to `{call.method}` of a model "
                            f"compiled with a loss; the backend fails on the missing y: give `(x, y)`",
                        )
