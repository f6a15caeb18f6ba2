from migrate_fitgen.analyze.rules.base import LEGACY_CALL_TOKENS, Rule, register
from migrate_fitgen.diagnostics import Severity


@register
class RemovedArgument(Rule):
    """
    ## What it does
    Flags `workers`, `use_multiprocessing` and `max_queue_size` (and their Keras-1
    names) passed to a training call.

    ## Why is this bad?
    Keras 3's `fit` and `predict` raise `TypeError: ... got an unexpected keyword
    argument 'workers'` and `evaluate` raises `ValueError: Arguments not recognized`,
    even for the default value `workers=1`. The settings now belong to a `PyDataset`'s
    constructor.

    ## Example
    ```python
    model.fit_generator(gen, steps_per_epoch=100, workers=4, use_multiprocessing=True)
    ```

    ## Use instead
    ```python
    class Batches(keras.utils.PyDataset):
        def __init__(self, x, y, batch_size, **kwargs):
            super().__init__(**kwargs)
            ...

    model.fit(Batches(x, y, 32, workers=4, use_multiprocessing=True), epochs=10)
    ```

    ## Fix safety
    With `--target keras3` (the default) the arguments are removed, a safe fix for
    correctness; the parallelism they asked for must be moved to a `PyDataset` by hand.
    With `--target tf-keras` they are kept.
    """

    code = "FG003"
    name = "removed-loader-argument"
    severity = Severity.WARNING
    summary = "`workers`/`use_multiprocessing`/`max_queue_size` passed to a Keras 3 call"
    tokens = LEGACY_CALL_TOKENS
