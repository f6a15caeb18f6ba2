from migrate_fitgen.analyze.rules.base import Rule, register
from migrate_fitgen.diagnostics import Severity
from migrate_fitgen.keras1_names import OPTIMIZER_TOKENS


@register
class LegacyOptimizerArgument(Rule):
    """
    ## What it does
    Flags Keras 2 optimizer arguments that Keras 3 rejects or reads otherwise, on a
    call that resolves (through the file's imports) to a Keras optimizer: `lr=`,
    `decay=`, `epsilon=None`, Nadam's `schedule_decay`, and positional arguments whose
    meaning changed (`SGD(0.01, 0.9, 1e-6)`: the third was `decay` in Keras 2.2 and is
    `nesterov` in Keras 3).

    ## Why is this bad?
    Keras 3 stops at the optimizer with `ValueError: Argument(s) not recognized:
    {'lr': 0.01}`, before any training. `decay=` is worse: Keras 3 accepts it and
    ignores it (``UserWarning: Argument `decay` is no longer supported and will be
    ignored``), so a model that trained with Keras 2's learning rate
    `lr / (1 + decay * iterations)` now trains with a constant rate.

    ## Example
    ```python
    from keras.optimizers import SGD

    opt = SGD(lr=0.1, decay=1e-6, momentum=0.9)
    ```

    ## Use instead
    ```python
    from keras.optimizers import SGD
    from keras.optimizers.schedules import InverseTimeDecay

    opt = SGD(learning_rate=InverseTimeDecay(0.1, decay_steps=1, decay_rate=1e-6), momentum=0.9)
    ```

    ## Fix safety
    `lr=` becomes `learning_rate=` and `decay=d` becomes
    `learning_rate=InverseTimeDecay(lr, decay_steps=1, decay_rate=d)` (imported from the
    optimizer's own `optimizers.schedules`, or written as `<module>.schedules.InverseTimeDecay`
    when the optimizer is named through its module): exactly Keras 2's schedule, a safe
    fix. `decay=0` is dropped. Without `lr`, the default learning rate is written only
    where Keras 2.2 and tf.keras agreed (SGD 0.01, RMSprop and Adam 0.001); otherwise,
    and for `epsilon=None`, `schedule_decay` and positional arguments, there is no fix.
    """

    code = "FG201"
    name = "legacy-optimizer-argument"
    severity = Severity.ERROR
    summary = "Keras 2 optimizer argument (`lr`, `decay`...) that Keras 3 rejects"
    tokens = OPTIMIZER_TOKENS
