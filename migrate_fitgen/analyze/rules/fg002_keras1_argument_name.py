from migrate_fitgen.analyze.rules.base import LEGACY_CALL_TOKENS, Rule, register
from migrate_fitgen.diagnostics import Severity


@register
class Keras1ArgumentName(Rule):
    """
    ## What it does
    Flags Keras-1 argument names in generator calls: `nb_epoch`, `max_q_size`,
    `nb_worker`, `pickle_safe`, `samples_per_epoch`, `nb_val_samples`, `val_samples`.

    ## Why is this bad?
    Keras 2 renamed them (through a shim that is gone); TF 2 and Keras 3 raise
    `TypeError: ... got an unexpected keyword argument 'nb_epoch'`. Three of them also
    changed meaning: `samples_per_epoch`, `nb_val_samples` and `val_samples` counted
    *samples*, while `steps_per_epoch`, `validation_steps` and `steps` count *batches*.

    ## Example
    ```python
    model.fit_generator(gen, samples_per_epoch=6400, nb_epoch=10)
    ```

    ## Use instead
    ```python
    model.fit(gen, steps_per_epoch=6400 // batch_size, epochs=10)
    ```

    ## Fix safety
    `nb_epoch`, `max_q_size`, `nb_worker` and `pickle_safe` are renamed safely. The
    sample-count names are renamed only as an unsafe fix, keeping the number: divide it
    by the batch size yourself (Keras 2's shim passed the sample count through as a step
    count unless the generator had a `batch_size` attribute).
    """

    code = "FG002"
    name = "keras1-argument-name"
    severity = Severity.WARNING
    summary = "Keras-1 argument name in a generator call"
    tokens = LEGACY_CALL_TOKENS
