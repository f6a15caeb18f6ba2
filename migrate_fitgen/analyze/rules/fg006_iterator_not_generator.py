from migrate_fitgen.analyze.rules.base import Rule, register
from migrate_fitgen.keras_api import METHODS


@register
class IteratorNotGenerator(Rule):
    """FG006's check; its name, severity, tokens and page are in the catalogue
    (``migrate_fitgen/catalogue``, the page ``pages/FG006.md``)."""

    code = "FG006"

    @classmethod
    def check(cls, ctx):
        for link in ctx.links():
            source = link.source
            method = link.call.method
            new = METHODS.get(method, method)  # (Keras 3 has no `fit_generator`: its `fit`)
            what = f"`{new}`" if new == method else f"`{new}` (what `{method}` becomes)"
            if source.kind == "generator-function":
                fn = source.function
                yield ctx.report(
                    cls,
                    link.arg.value,
                    f"generator function {ctx.describe(fn)} is passed to {what} without calling it; "
                    f"Keras raises `ValueError: Unrecognized data type`: pass `{ctx.code(link.arg.value)}(...)`",
                )
            elif ctx.target != "keras3":
                continue
            elif source.kind == "iterator":
                yield ctx.report(
                    cls,
                    link.arg.value,
                    f"`{source.description}` is an iterator, not a generator; Keras 3's {what} raises "
                    "`ValueError: Unrecognized data type`: wrap it in a generator "
                    "(`(batch for batch in ...)`) or use a `keras.utils.PyDataset`",
                )
            elif source.kind == "iterator-class":
                c = source.cls
                where = f"line {c.line}" if c.path == ctx.path else f"{c.path}:{c.line}"
                hierarchy = ctx.project.project_hierarchy(c) or [c]
                kind = "iterator" if any("__next__" in k.scope.bindings for k in hierarchy) else "iterable"
                yield ctx.report(
                    cls,
                    link.arg.value,
                    f"an instance of the {kind} class `{c.name}` ({where}) is not a generator object; "
                    f"Keras 3's {what} raises `ValueError: Unrecognized data type`: make `{c.name}` "
                    "a `keras.utils.PyDataset` or pass `(batch for batch in obj)`",
                )
