from migrate_fitgen.analyze.rules.base import Rule, register
from migrate_fitgen.diagnostics import Severity


@register
class IteratorNotGenerator(Rule):
    """
    ## What it does
    Flags a data argument (`x`, `generator` or `validation_data` of a training call) that
    is an iterator but not a generator: `iter([...])`, `map(...)`, `zip(...)`, an
    `itertools` object such as `itertools.cycle(...)`, or an instance of a class of the
    module that defines `__next__` without a generator `__iter__`. Also flags a generator
    *function* passed without calling it.

    ## Why is this bad?
    Keras 3 accepts a Python generator only if it is a real generator object
    (`isinstance(x, types.GeneratorType)`); anything else raises
    `ValueError: Unrecognized data type: x=<itertools.cycle object ...>`. TF 2 accepted
    iterators, so the code worked before the migration. The uncalled generator function
    fails everywhere.

    ## Example
    ```python
    import itertools
    import keras
    import numpy as np

    batches = [(np.zeros((8, 4)), np.zeros(8))] * 4
    model = keras.Sequential([keras.layers.Dense(1)])
    model.fit(itertools.cycle(batches), steps_per_epoch=4, epochs=2)
    ```

    ## Use instead
    ```python
    import keras
    import numpy as np

    batches = [(np.zeros((8, 4)), np.zeros(8))] * 4

    def forever(items):
        while True:
            yield from items

    model = keras.Sequential([keras.layers.Dense(1)])
    model.fit(forever(batches), steps_per_epoch=4, epochs=2)
    ```

    ## Fix safety
    No automatic fix. Wrapping in a generator expression (`(b for b in it)`) is enough for
    an iterator; a generator function needs its arguments, which only a person knows.
    With `--target tf-keras`, only the uncalled generator function is reported.
    """

    code = "FG006"
    name = "iterator-not-generator"
    severity = Severity.ERROR
    summary = "data argument is an iterator or an uncalled generator function, which Keras 3 rejects"

    @classmethod
    def check(cls, ctx):
        for link in ctx.links():
            source = link.source
            what = f"`{link.call.method}`"
            if source.kind == "generator-function":
                fn = source.function
                yield ctx.report(
                    cls,
                    link.arg.value,
                    f"generator function {ctx.describe(fn)} is passed to {what} without calling it; "
                    f"Keras raises `ValueError: Unrecognized data type`: pass `{fn.name}(...)`",
                )
            elif ctx.target != "keras3":
                continue
            elif source.kind == "iterator":
                yield ctx.report(
                    cls,
                    link.arg.value,
                    f"`{source.description}` is an iterator, not a generator; Keras 3's {what} raises "
                    "`ValueError: Unrecognized data type`: wrap it in a generator "
                    "(`(batch for batch in ...)`) or use a `keras.utils.PyDataset`",
                )
            elif source.kind == "iterator-class":
                c = source.cls
                where = f"line {c.line}" if c.path == ctx.path else f"{c.path}:{c.line}"
                yield ctx.report(
                    cls,
                    link.arg.value,
                    f"an instance of the iterator class `{c.name}` ({where}) is not a generator; "
                    f"Keras 3's {what} raises `ValueError: Unrecognized data type`: make `{c.name}` "
                    "a `keras.utils.PyDataset` or pass `(batch for batch in obj)`",
                )
