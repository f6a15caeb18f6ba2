from migrate_fitgen.analyze.rules.base import Rule, register
from migrate_fitgen.diagnostics import Applicability, Fix
from migrate_fitgen.keras_api import STEP_COUNT_PARAMETERS
from migrate_fitgen.step_counts import StepCounts, code, float_step_message, uses_math


@register
class FloatStepCount(Rule):
    """FG007's check; its name, severity, tokens and page are in the catalogue
    (``migrate_fitgen/catalogue``, the page ``pages/FG007.md``)."""

    code = "FG007"

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
                        rewrite_applies=False,  # (rewrite changes legacy calls, not this one)
                    )
                message = float_step_message(name, why, fixed, fixable, rewrite=False)
                yield ctx.report(cls, arg.value, message, fix)
