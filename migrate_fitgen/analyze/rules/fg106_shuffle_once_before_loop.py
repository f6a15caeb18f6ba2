import libcst as cst

from migrate_fitgen.analyze.generators import is_keras_data_generator
from migrate_fitgen.analyze.rules.base import Rule, register
from migrate_fitgen.diagnostics import Severity

SHUFFLES = frozenset({"shuffle", "permutation"})


def _is_shuffle(call: cst.Call) -> bool:
    func = call.func
    if isinstance(func, cst.Name):
        return func.value in SHUFFLES
    return isinstance(func, cst.Attribute) and func.attr.value in SHUFFLES


@register
class ShuffleOnceBeforeLoop(Rule):
    """
    ## What it does
    Flags a Keras data generator (one passed to a training call, or that yields tuples
    in a module that imports `keras`, `tensorflow` or `tf_keras`) that shuffles
    (`np.random.shuffle`, `random.shuffle`, `np.random.permutation`,
    `sklearn.utils.shuffle`...) once before its infinite `while True:` loop and never
    inside it.

    ## Why is this bad?
    The shuffle runs once, when the first batch is requested. Every pass of the loop,
    so every epoch, then sees the samples in the same order, which is rarely what the
    shuffle was for. It is not an error: the order is random, just not re-drawn.

    ## Example
    ```python
    import keras
    import numpy as np

    def batches(x, y, batch_size):
        indices = np.arange(len(x))
        np.random.shuffle(indices)
        while True:
            for i in range(0, len(x), batch_size):
                chunk = indices[i:i + batch_size]
                yield x[chunk], y[chunk]
    ```

    ## Use instead
    ```python
    import keras
    import numpy as np

    def batches(x, y, batch_size):
        indices = np.arange(len(x))
        while True:
            np.random.shuffle(indices)
            for i in range(0, len(x), batch_size):
                chunk = indices[i:i + batch_size]
                yield x[chunk], y[chunk]
    ```

    ## Fix safety
    No automatic fix: moving the shuffle changes which batches training sees.
    """

    code = "FG106"
    name = "shuffle-once-before-loop"
    severity = Severity.INFO
    summary = "data shuffled once before the infinite loop: every epoch sees the same order"
    tokens = ("yield",)  # generator functions only (a dataset's __getitem__ is skipped)

    @classmethod
    def check(cls, ctx):
        for body in ctx.bodies():
            if body.dataset or not is_keras_data_generator(body):
                continue
            loop = body.fn.infinite_loop()
            if loop is None:
                continue
            start = ctx.facts.start(loop.node)
            shuffles = [s for s in body.fn.calls if _is_shuffle(s.node)]
            if any(loop in s.loops for s in shuffles):
                continue
            before = [s for s in shuffles if s.pos < start]
            if not before:
                continue
            node = before[0].node
            yield ctx.report(
                cls,
                node,
                f"`{ctx.code(node.func)}(...)` runs once, before the infinite loop of {body.label} "
                f"(line {start[0]}): every epoch sees the same order; shuffle inside the loop",
            )
