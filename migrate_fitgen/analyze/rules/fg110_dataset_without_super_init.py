import libcst as cst

from migrate_fitgen.analyze.rules.base import Rule, register
from migrate_fitgen.diagnostics import Severity


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
    """
    ## What it does
    Flags a subclass of `keras.utils.PyDataset` (or `keras.utils.Sequence`, which is the
    same class in Keras 3) whose `__init__` never calls `super().__init__(...)`.
    With `--target tf-keras`, and for `tf_keras.utils.Sequence`, subclasses of `Sequence`
    are not reported: there its constructor is `object.__init__` and takes no arguments.

    ## Why is this bad?
    In Keras 3 the parallel-loading settings `workers`, `use_multiprocessing` and
    `max_queue_size` are set by `PyDataset.__init__`. Without the call, Keras warns
    `Your PyDataset class should call super().__init__(**kwargs) in its constructor`,
    falls back to one worker, and a migrated `fit_generator(..., workers=4)` has
    nowhere to put its `workers`.

    ## Example
    ```python
    import keras

    class Batches(keras.utils.PyDataset):
        def __init__(self, x, y, batch_size):
            self.x, self.y, self.batch_size = x, y, batch_size

        def __len__(self):
            return -(-len(self.x) // self.batch_size)

        def __getitem__(self, i):
            s = slice(i * self.batch_size, (i + 1) * self.batch_size)
            return self.x[s], self.y[s]
    ```

    ## Use instead
    ```python
    import keras

    class Batches(keras.utils.PyDataset):
        def __init__(self, x, y, batch_size, **kwargs):
            super().__init__(**kwargs)
            self.x, self.y, self.batch_size = x, y, batch_size

        def __len__(self):
            return -(-len(self.x) // self.batch_size)

        def __getitem__(self, i):
            s = slice(i * self.batch_size, (i + 1) * self.batch_size)
            return self.x[s], self.y[s]
    ```

    ## Fix safety
    No automatic fix: the constructor's signature is the class author's.
    """

    code = "FG110"
    name = "dataset-without-super-init"
    severity = Severity.WARNING
    summary = "PyDataset/Sequence subclass whose __init__ does not call super().__init__(**kwargs)"
    tokens = ("__init__",)  # reported at the class's own __init__
    in_dataset_class = True

    @classmethod
    def check(cls, ctx):
        for klass in ctx.facts.classes:
            init = klass.methods.get("__init__")
            if init is None:
                continue
            kind = ctx.project.dataset_kind(klass)
            if kind is None or kind.startswith("tf_keras."):
                continue  # tf_keras is Keras 2: Sequence.__init__ is object.__init__
            if kind.endswith(".Sequence") and ctx.target == "tf-keras":
                continue
            if any(_calls_base_init(s.node) for s in init.calls):
                continue
            yield ctx.report(
                cls,
                init.node.name,
                f"`{klass.name}.__init__` does not call `super().__init__(**kwargs)`: Keras 3 warns and "
                "ignores `workers`, `use_multiprocessing` and `max_queue_size`; accept `**kwargs` and "
                "call `super().__init__(**kwargs)`",
            )
