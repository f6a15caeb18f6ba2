from migrate_fitgen.analyze.rules.base import TRAINING_CALL_TOKENS, Rule, register
from migrate_fitgen.diagnostics import Severity


@register
class InfiniteGeneratorWithoutSteps(Rule):
    """
    ## What it does
    Flags a training call given an infinite generator (a `while True:` loop that yields
    and that no `break` or `return` leaves) without the number of steps that ends a
    pass: `steps_per_epoch` for the data of `fit`/`fit_generator`, `validation_steps`
    for its `validation_data`, `steps` for `evaluate`/`predict` and their `*_generator`
    forms. It reports at the call and names the generator. A call with `*args` or
    `**kwargs` is not reported: the steps may be hidden there.

    ## Why is this bad?
    Keras has no length check for generators: the epoch (or the evaluation) runs until
    the generator stops, which it never does. Training hangs in the first epoch with no
    error, on every Keras version.

    ## Example
    ```python
    import keras
    import numpy as np

    def batches(x, y, batch_size):
        while True:
            for i in range(0, len(x), batch_size):
                yield x[i:i + batch_size], y[i:i + batch_size]

    model = keras.Sequential([keras.layers.Dense(1)])
    model.fit(batches(np.zeros((64, 4)), np.zeros(64), 8), epochs=5)
    ```

    ## Use instead
    ```python
    import keras
    import numpy as np

    def batches(x, y, batch_size):
        while True:
            for i in range(0, len(x), batch_size):
                yield x[i:i + batch_size], y[i:i + batch_size]

    model = keras.Sequential([keras.layers.Dense(1)])
    model.fit(batches(np.zeros((64, 4)), np.zeros(64), 8), steps_per_epoch=8, epochs=5)
    ```

    ## Fix safety
    No automatic fix: the number of steps is `ceil(len(data) / batch_size)`, which is not
    in the call.
    """

    code = "FG108"
    name = "infinite-generator-without-steps"
    severity = Severity.ERROR
    summary = "infinite generator without steps_per_epoch / validation_steps / steps: runs forever"
    tokens = TRAINING_CALL_TOKENS

    @classmethod
    def check(cls, ctx):
        for link in ctx.links():
            call = link.call
            if link.source.kind != "generator-call" or call.has_star:
                continue
            if link.steps_keyword in call.args:
                continue
            fn = link.source.function
            loop = fn.infinite_loop()
            if loop is None:
                continue
            facts = ctx.project.modules.get(fn.path)
            loop_line = facts.start(loop.node)[0] if facts else fn.line
            role = "its data" if link.role == "x" else "`validation_data`"
            what = "an epoch" if link.role == "x" and call.mode == "fit" else (
                "a validation pass" if link.role == "validation_data" else f"`{call.method}`"
            )
            yield ctx.report(
                cls,
                call.node,
                f"infinite generator {ctx.describe(fn)} is {role} without `{link.steps_keyword}`: "
                f"its `while True:` (line {loop_line}) never ends, so {what} never ends; "
                f"pass `{link.steps_keyword}`",
            )
