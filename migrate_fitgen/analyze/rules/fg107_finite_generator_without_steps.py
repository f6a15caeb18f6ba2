from migrate_fitgen.analyze.generators import Body, is_finite
from migrate_fitgen.analyze.rules.base import Rule, register
from migrate_fitgen.diagnostics import Severity


@register
class FiniteGeneratorWithoutSteps(Rule):
    """
    ## What it does
    Flags a call of `fit` (or `fit_generator`) with `epochs` greater than 1 that is given
    a provably finite generator (no `while` loop; every `for` loop runs over a `range`,
    a list or the like) as its data without `steps_per_epoch`, or as `validation_data`
    without `validation_steps`. It reports at the call and names the generator.
    `epochs` must be a literal or a module constant for the rule to know it.

    ## Why is this bad?
    A generator object runs out once. Keras 3 peeks at 2 batches to infer the input
    specs and replays them whenever it restarts the iterator, so epoch 1 sees all the
    batches and every later epoch (and every validation pass after the first) sees only
    those 2 peeked batches, with a `UserWarning: Your input ran out of data`. TF 2
    stopped training after an empty epoch instead. Either way the later epochs do not
    train on the data.

    ## Example
    ```python
    import keras
    import numpy as np

    def batches(x, y, batch_size):
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
    No automatic fix: the number of steps per epoch is not in the code.
    """

    code = "FG107"
    name = "finite-generator-without-steps"
    severity = Severity.WARNING
    summary = "finite generator without steps and epochs > 1: later epochs see only 2 batches"

    @classmethod
    def check(cls, ctx):
        for link in ctx.links():
            call = link.call
            if link.source.kind != "generator-call" or call.mode != "fit" or call.has_star:
                continue
            if link.steps_keyword in call.args:
                continue
            fn = link.source.function
            facts = ctx.project.modules.get(fn.path)
            if facts is None or not is_finite(Body(ctx.project, facts, fn)):
                continue
            epochs_arg = call.args.get("epochs")
            s = call.site
            epochs = 1 if epochs_arg is None else ctx.project.int_value(
                ctx.facts, epochs_arg.value, s.scope, s.pos, s.blocks
            )
            if epochs is None or epochs <= 1:
                continue
            role = "its data" if link.role == "x" else "`validation_data`"
            passes = "epoch" if link.role == "x" else "validation pass"
            yield ctx.report(
                cls,
                call.node,
                f"finite generator {ctx.describe(fn)} is {role} without `{link.steps_keyword}` and "
                f"epochs={epochs}: on Keras 3 every {passes} after the first sees only the 2 batches "
                f"peeked at the start; loop forever (`while True:`) and pass `{link.steps_keyword}`",
            )
