import libcst as cst

from migrate_fitgen.analyze.rules.base import TRAINING_CALL_TOKENS, Rule, register
from migrate_fitgen.diagnostics import Severity


@register
class GeneratorWithWorkers(Rule):
    """
    ## What it does
    Flags a training call that passes a plain Python generator (a generator function's
    result or a generator expression) together with `use_multiprocessing=True` or
    `workers` greater than 1.

    ## Why is this bad?
    A generator is not thread-safe: several worker threads pulling from one generator
    raise `ValueError: generator already executing` or interleave batches, and with
    processes each worker gets its own copy, so the same batches repeat. Keras 3 no
    longer takes these arguments at all (see FG003); the parallelism belongs to a
    `keras.utils.PyDataset`, whose `__getitem__` can be called from several workers.

    ## Example
    ```python
    import tf_keras as keras
    import numpy as np

    def batches(x, y, batch_size):
        while True:
            for i in range(0, len(x), batch_size):
                yield x[i:i + batch_size], y[i:i + batch_size]

    model = keras.Sequential([keras.layers.Dense(1)])
    model.fit(batches(np.zeros((64, 4)), np.zeros(64), 8), steps_per_epoch=8, workers=4)
    ```

    ## Use instead
    ```python
    import keras
    import numpy as np

    class Batches(keras.utils.PyDataset):
        def __init__(self, x, y, batch_size, **kwargs):
            super().__init__(**kwargs)
            self.x, self.y, self.batch_size = x, y, batch_size

        def __len__(self):
            return -(-len(self.x) // self.batch_size)

        def __getitem__(self, i):
            s = slice(i * self.batch_size, (i + 1) * self.batch_size)
            return self.x[s], self.y[s]

    model = keras.Sequential([keras.layers.Dense(1)])
    model.fit(Batches(np.zeros((64, 4)), np.zeros(64), 8, workers=4), epochs=2)
    ```

    ## Fix safety
    No automatic fix: turning a generator into a `PyDataset` is a redesign.
    """

    code = "FG109"
    name = "generator-with-workers"
    severity = Severity.WARNING
    summary = "plain generator with use_multiprocessing=True or workers > 1"
    tokens = TRAINING_CALL_TOKENS

    @classmethod
    def check(cls, ctx):
        by_call = {}
        for link in ctx.links():
            if link.source.kind in ("generator-call", "genexp"):
                by_call.setdefault(link.call, []).append(link)
        for call, links in by_call.items():
            s = call.site
            trigger = None
            workers = call.args.get("workers")
            if workers is not None:
                n = ctx.project.int_value(ctx.facts, workers.value, s.scope, s.pos, s.blocks)
                if n is not None and n > 1:
                    trigger = workers
            ump = call.args.get("use_multiprocessing")
            if trigger is None and ump is not None:
                if isinstance(ump.value, cst.Name) and ump.value.value == "True":
                    trigger = ump
            if trigger is None:
                continue
            source = links[0].source
            what = (
                f"plain generator {ctx.describe(source.function)}"
                if source.function is not None
                else "a generator expression"
            )
            yield ctx.report(
                cls,
                trigger,
                f"{what} with `{ctx.code(trigger).strip().rstrip(',').strip()}`: a generator cannot be "
                "shared by worker threads (`generator already executing`) and each process gets its own "
                "copy; use a `keras.utils.PyDataset` with `workers` in its constructor",
            )
