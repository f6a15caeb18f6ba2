import libcst as cst

from migrate_fitgen.analyze.rules.base import TRAINING_CALL_TOKENS, Rule, register
from migrate_fitgen.diagnostics import Severity


@register
class ClassWeightWithGenerator(Rule):
    """
    ## What it does
    Flags `class_weight` passed to a training call whose data is a plain Python
    generator (or could be one).

    ## Why is this bad?
    Keras 3 raises `ValueError: Argument class_weight is not supported for Python
    generator inputs.` TF 2 accepted it. It still works with a `PyDataset`/`Sequence` or an
    `ImageDataGenerator` iterator.

    ## Example
    ```python
    import keras

    model = keras.Sequential()
    model.fit_generator(batch_generator(x, y, 32), steps_per_epoch=100, class_weight={0: 1, 1: 5})
    ```

    ## Use instead
    Yield `(x, y, sample_weight)` with the weights looked up per sample, or pass a
    `keras.utils.PyDataset`:
    ```python
    weights = np.array([1.0, 5.0])
    def batch_generator(x, y, bs):
        while True:
            for i in range(0, len(x), bs):
                yield x[i:i + bs], y[i:i + bs], weights[y[i:i + bs]]
    ```

    ## Fix safety
    No automatic fix: the call is migrated unchanged and this needs a person.
    """

    code = "FG005"
    name = "class-weight-with-generator"
    severity = Severity.WARNING
    summary = "`class_weight` with a Python generator, which Keras 3 rejects"
    tokens = TRAINING_CALL_TOKENS

    @classmethod
    def check(cls, ctx):
        """`class_weight` on a Keras 3 `fit` whose data is provably a plain generator.
        Legacy `fit_generator` calls get this finding from the rewrite's engine."""
        if ctx.target != "keras3":
            return
        for link in ctx.links():
            call = link.call
            if call.legacy or call.mode != "fit" or link.role != "x":
                continue
            if link.source.kind not in ("generator-call", "genexp"):
                continue
            weight = call.args.get("class_weight")
            if weight is None or (isinstance(weight.value, cst.Name) and weight.value.value == "None"):
                continue
            source = link.source
            what = (
                f"plain generator {ctx.describe(source.function)}"
                if source.function is not None
                else "a generator expression"
            )
            yield ctx.report(
                cls,
                weight,
                f"`class_weight` with {what}: Keras 3 raises `ValueError: Argument "
                "class_weight is not supported for Python generator inputs`; yield "
                "(x, y, sample_weight) instead or pass a keras.utils.PyDataset",
            )
