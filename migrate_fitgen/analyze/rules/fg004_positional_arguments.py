from migrate_fitgen.analyze.rules.base import LEGACY_CALL_TOKENS, Rule, register
from migrate_fitgen.diagnostics import Severity


@register
class PositionalArguments(Rule):
    """
    ## What it does
    Flags positional arguments after the data argument of a legacy generator call.

    ## Why is this bad?
    `fit_generator(gen, 100, 10)` means `steps_per_epoch=100, epochs=10`, but `fit`'s
    second and third parameters are `y` and `batch_size`: renaming the method alone gives
    `ValueError: When providing x as a generator, y should not be passed`. From position 7
    on, the meaning also depends on the Keras version: `class_weight` before Keras 2.2.5,
    `validation_freq` from 2.2.5 and in all of tf.keras.

    ## Example
    ```python
    model.fit_generator(gen, 100, 10, 1, callbacks, val_gen, 5, {0: 1, 1: 5})
    ```

    ## Use instead
    ```python
    model.fit(gen, steps_per_epoch=100, epochs=10, verbose=1, callbacks=callbacks,
              validation_data=val_gen, validation_steps=5, class_weight={0: 1, 1: 5})
    ```

    ## Fix safety
    Positions 1 to 6 of `fit_generator` (and position 1 of `evaluate_generator` and
    `predict_generator`) mean the same in every Keras 2 version and become keywords
    safely. Later positions are mapped with the tf.keras 2.x order only as an unsafe fix.
    """

    code = "FG004"
    name = "positional-generator-arguments"
    severity = Severity.WARNING
    summary = "positional arguments after the data argument of a legacy generator call"
    tokens = LEGACY_CALL_TOKENS
