import libcst as cst

from migrate_fitgen.analyze.rules.base import Rule, register


def _calls_base_init(call: cst.Call) -> bool:
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value != "__init__":
        return False
    value = func.value
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "super":
        return True
    # Base.__init__(self, ...)
    return bool(
        isinstance(value, (cst.Name, cst.Attribute))
        and call.args
        and isinstance(call.args[0].value, cst.Name)
        and call.args[0].value.value == "self"
    )


@register
class DatasetWithoutSuperInit(Rule):
    """FG110's check; its name, severity, tokens and page are in the catalogue
    (``migrate_fitgen/catalogue``, the page ``pages/FG110.md``)."""

    code = "FG110"

    @classmethod
    def check(cls, ctx):
        for klass in ctx.facts.classes:
            init = klass.methods.get("__init__")
            if init is None:
                continue
            # (most classes' __init__ calls its base's: asked first, it spares the
            # question of what the class derives from, which loads its bases' modules)
            if any(_calls_base_init(s.node) for s in init.calls):
                continue
            kind = ctx.project.dataset_kind(klass)
            if kind is None or kind.startswith("tf_keras."):
                continue  # tf_keras is Keras 2: Sequence.__init__ is object.__init__
            if kind.endswith(".Sequence") and ctx.target == "tf-keras":
                continue
            yield ctx.report(
                cls,
                init.node.name,
                f"`{klass.name}.__init__` does not call `super().__init__(**kwargs)`: Keras 3 warns and "
                "ignores `workers`, `use_multiprocessing` and `max_queue_size`; accept `**kwargs` and "
                "call `super().__init__(**kwargs)`",
            )
