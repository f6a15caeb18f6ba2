from migrate_fitgen.analyze.rules.base import TRAINING_CALL_TOKENS, Rule, register
from migrate_fitgen.diagnostics import Applicability, Fix, Severity
from migrate_fitgen.keras_api import STEP_COUNT_PARAMETERS
from migrate_fitgen.step_counts import StepCounts, code, float_step_message, uses_math


@register
class FloatStepCount(Rule):
    """
    ## What it does
    Flags `steps_per_epoch`, `validation_steps` or `steps` whose value is provably a
    float: a true division (`len(ids) / batch_size`), a float literal, `float(...)`,
    a numpy float type, a numpy rounding function of a float (`np.ceil(n / bs)`),
    `round(x, n)` of a float, arithmetic with such a value, or a name bound only to such
    values in its scope. Values that may be ints (`len(x) // bs`, `int(...)`, a
    parameter, an attribute) are not reported.

    ## Why is this bad?
    Keras 2 counted steps with `while steps_done < steps_per_epoch`, so a float worked
    and meant `ceil(value)` steps. Keras 3 raises `TypeError: 'float' object cannot be
    interpreted as an integer` for a float step count, numpy floats included
    (`np.ceil(2.5)`, `np.float32(2)`); a float `validation_steps` fails only after the
    first training epoch has run.

    ## Example
    ```python
    import keras

    model = keras.Sequential([keras.layers.Dense(1)])
    model.fit(batches(), steps_per_epoch=len(ids) / 32, epochs=2)
    ```

    ## Use instead
    ```python
    import math

    import keras

    model = keras.Sequential([keras.layers.Dense(1)])
    model.fit(batches(), steps_per_epoch=math.ceil(len(ids) / 32), epochs=2)
    ```

    ## Fix safety
    Safe: `math.ceil(value)` is the number of steps Keras 2 ran (a Python int, which
    Keras 3 accepts), and `import math` is added; a float literal becomes its ceiling
    (`2.5` -> `3`) and `np.ceil(x)` becomes `math.ceil(x)`. `rewrite` applies it to the
    legacy calls it migrates; on a Keras 3 call the fix is published with the finding
    (JSON, SARIF) for an editor to apply. When the file binds `math` to something else,
    there is no automatic fix. With `--target tf-keras` (Keras 2 accepts floats) nothing
    is reported.
    """

    code = "FG007"
    name = "float-step-count"
    severity = Severity.ERROR
    summary = "step count that is provably a float, which Keras 3 rejects"
    tokens = TRAINING_CALL_TOKENS

    @classmethod
    def check(cls, ctx):
        """Keras 3 `fit`/`evaluate`/`predict` calls (code migrated by hand).  Legacy
        calls get this finding from the rewrite's engine, which applies the fix."""
        if ctx.target != "keras3":
            return
        counts = None
        for call in ctx.project.training_calls(ctx.facts):
            if call.legacy:
                continue
            for name in sorted(STEP_COUNT_PARAMETERS):
                arg = call.args.get(name)
                if arg is None or (arg.keyword is not None and arg.keyword.value != name):
                    continue
                if counts is None:
                    counts = StepCounts(ctx.facts.wrapper)
                why = counts.float_reason(arg.value)
                if why is None:
                    continue
                replacement = counts.replacement(arg.value)
                fixed = code(replacement)
                needs_math = uses_math(replacement)
                fixable = not needs_math or counts.math_is_free()
                fix = None
                if fixable:
                    edits = [counts.value_edit(ctx.facts.positions[arg.value], fixed)]
                    add_import = counts.import_edit() if needs_math else None
                    if add_import is not None:
                        edits.insert(0, add_import)
                    add = " (adds `import math`)" if needs_math else ""
                    fix = Fix(
                        Applicability.SAFE,
                        f"replace `{ctx.code(arg.value)}` with `{fixed}`{add}",
                        tuple(edits),
                    )
                message = float_step_message(name, why, fixed, fixable, rewrite=False)
                yield ctx.report(cls, arg.value, message, fix)
