from migrate_fitgen.analyze.rules.base import LEGACY_CALL_TOKENS, Rule, register
from migrate_fitgen.diagnostics import Severity


@register
class LegacyGeneratorCall(Rule):
    """
    ## What it does
    Flags calls of `fit_generator`, `evaluate_generator` and `predict_generator`.

    ## Why is this bad?
    Keras 3 removed the three methods; `fit`, `evaluate` and `predict` take generators
    directly. A call that still uses them fails with `AttributeError` on Keras 3.

    ## Example
    ```python
    model.fit_generator(train_gen, 100, 10, validation_data=val_gen, validation_steps=5)
    ```

    ## Use instead
    ```python
    model.fit(train_gen, steps_per_epoch=100, epochs=10, validation_data=val_gen, validation_steps=5)
    ```

    ## Fix safety
    `migrate-fitgen rewrite` renames the method, turns positional arguments into the
    keywords they meant, renames Keras-1 names and keeps the old `verbose` default. The
    fix is safe when every argument maps exactly. It is unsafe (applied only with
    `--unsafe-fixes`) when a positional argument's meaning depends on the Keras version,
    when `**kwargs` hide argument names, or when the file imports no Keras at all (unless
    the receiver was followed to a Keras model).
    Calls on a project's own `fit_generator` (a class that defines it, or an object built
    by a library whose models have their own, such as deepchem) are left alone and
    reported. The receiver's constructor is followed into the analysed files, then
    looked up in migrate-fitgen's tables (`docs/receivers.md`); a constructor found in
    neither is assumed to build a Keras model: the fix is applied as above, and the
    finding says the receiver was assumed. `keras-models` / `not-keras` in
    `[tool.migrate-fitgen]` settle a receiver either way.
    """

    code = "FG001"
    name = "legacy-generator-call"
    severity = Severity.WARNING
    summary = "call of a `*_generator` method that Keras 3 removed"
    tokens = LEGACY_CALL_TOKENS
