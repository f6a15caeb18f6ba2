from migrate_fitgen.analyze.rules.base import TRAINING_CALL_TOKENS, Rule, register
from migrate_fitgen.diagnostics import Severity


@register
class IteratorNotGenerator(Rule):
    """
    ## What it does
    Flags a data argument (`x`, `generator` or `validation_data` of a training call) that
    is an iterator or iterable but not a generator object: `map(...)`, `zip(...)`, an
    `itertools` object such as `itertools.cycle(...)`, `iter(...)` of something that is
    provably not a generator (a list, tuple, dict or string display, `list(...)`,
    `range(...)`, `[...] * n`, or a name bound to one of those), or an instance of a
    project class that defines `__next__` or `__iter__` (itself or through its project
    bases) and is not a `PyDataset`/`Sequence`. Also flags a generator *function* (or
    `self.method`) passed without calling it. `iter(gen)` of a generator object is the
    generator itself and is fine; a class with a base from outside the analysed code
    (which Keras may recognise, such as a `tf.data.Dataset` or a torch `DataLoader`) is
    not reported.

    ## Why is this bad?
    Keras 3 accepts a Python generator only if it is a real generator object
    (`isinstance(x, types.GeneratorType)`); anything else raises
    `ValueError: Unrecognized data type: x=<itertools.cycle object ...>`. That includes
    an instance of a class whose `__iter__` is a generator function: the instance is
    not a generator, only `iter(instance)` is. TF 2 accepted iterators, so the code
    worked before the migration. The uncalled generator function fails everywhere.

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
    tokens = TRAINING_CALL_TOKENS

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
                    f"Keras raises `ValueError: Unrecognized data type`: pass `{ctx.code(link.arg.value)}(...)`",
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
                hierarchy = ctx.project.project_hierarchy(c) or [c]
                kind = "iterator" if any("__next__" in k.scope.bindings for k in hierarchy) else "iterable"
                yield ctx.report(
                    cls,
                    link.arg.value,
                    f"an instance of the {kind} class `{c.name}` ({where}) is not a generator object; "
                    f"Keras 3's {what} raises `ValueError: Unrecognized data type`: make `{c.name}` "
                    "a `keras.utils.PyDataset` or pass `(batch for batch in obj)`",
                )
