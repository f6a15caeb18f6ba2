from migrate_fitgen.analyze.generators import is_contextmanager
from migrate_fitgen.analyze.rules.base import Rule, register
from migrate_fitgen.diagnostics import Severity


@register
class RaiseStopIteration(Rule):
    """
    ## What it does
    Flags `raise StopIteration` in the body of a generator function (a `def` that
    `yield`s; a nested `def`, such as an iterator's `__next__`, is not part of it).
    Generators decorated as context managers (`@contextlib.contextmanager`) or fixtures
    are not data generators and are left alone.

    ## Why is this bad?
    Since Python 3.7 (PEP 479) a `StopIteration` raised inside a generator becomes
    `RuntimeError: generator raised StopIteration`. Keras does not take it as the end of
    the data: training stops with the error after the batches before it.

    ## Example
    ```python
    def batches(x, y, batch_size):
        i = 0
        while True:
            if i >= len(x):
                raise StopIteration
            yield x[i:i + batch_size], y[i:i + batch_size]
            i += batch_size
    ```

    ## Use instead
    ```python
    def batches(x, y, batch_size):
        i = 0
        while True:
            if i >= len(x):
                return
            yield x[i:i + batch_size], y[i:i + batch_size]
            i += batch_size
    ```

    ## Fix safety
    No automatic fix, though `return` is the exact replacement.
    """

    code = "FG111"
    name = "raise-stop-iteration"
    severity = Severity.ERROR
    summary = "`raise StopIteration` inside a generator is a RuntimeError (PEP 479)"
    tokens = ("StopIteration",)

    @classmethod
    def check(cls, ctx):
        for body in ctx.bodies():
            if body.dataset or is_contextmanager(body.fn):
                continue
            for site in body.fn.stop_iterations:
                yield ctx.report(
                    cls,
                    site.node,
                    f"`raise StopIteration` inside generator {ctx.describe(body.fn)} becomes "
                    "`RuntimeError: generator raised StopIteration` (PEP 479), not the end of the "
                    "data: use `return`",
                )
