from migrate_fitgen.analyze.generators import feeds_batches
from migrate_fitgen.analyze.rules.base import BODY_TOKENS, Rule, register
from migrate_fitgen.diagnostics import Severity

_NUMERIC = "keep a numeric dtype such as `float32`"
_CONSEQUENCE = {
    "string": f"Keras rejects string arrays (`ValueError: Invalid dtype: str...` or `bytes...`): {_NUMERIC}",
    "object": f"Keras rejects object arrays (`ValueError: Invalid dtype: object`): {_NUMERIC}",
    "str": f"Keras rejects it (`ValueError: Invalid dtype: str...`): {_NUMERIC}",
    "lists": (
        "Keras reads nested Python lists as structures of scalars and fails with a shape "
        "error (`Invalid input shape ...`): keep the NumPy array (`np.asarray(..., dtype=\"float32\")`)"
    ),
}


@register
class StringOrObjectCast(Rule):
    """
    ## What it does
    Flags a batch element that a Keras data generator casts to strings or Python
    objects: `.astype(str)`, `.astype("U10")`, `.astype(object)`,
    `np.array(..., dtype=str)`, `np.array(list_of_python_strings)`, `str(...)`, a
    local helper function every `return` of which does one of these, or turns into
    nested Python lists with `.tolist()`. Only the last cast that decides the
    element's type counts: `x.astype(str).astype("float32")` is fine. It looks at Keras
    data generators (one passed to a Keras training call anywhere in the analysed
    code, through imports, factory functions, `functools.partial` or a thread-safety
    wrapper; a dataset's `__getitem__`; a generator that yields tuples in a module
    that imports `keras`, `tensorflow` or `tf_keras`) and, since a batch cast to
    strings is suspicious anywhere, at any generator that yields an `(x, y)`-shaped
    batch: a 2- or 3-tuple whose every element is an array or a slice along the first
    axis (`X[i:i + n]`). A generator that yields other values (a block's attribute with
    its labels, a path with its caption) may feed anything and is left alone.

    ## Why is this bad?
    Keras converts every batch to tensors and rejects string and object arrays:
    `ValueError: Invalid dtype: str1024` or `Invalid dtype: object`, on every backend.
    Nested Python lists are read as structures of scalars and fail with a shape error
    at the first layer (`Invalid input shape for input ...: Expected shape (None, 4),
    but input has incompatible shape ()`).

    ## Example
    ```python
    import keras
    import numpy as np

    def batches(x, y, batch_size):
        while True:
            for i in range(0, len(x), batch_size):
                x_batch = x[i:i + batch_size].astype(str)
                yield x_batch, y[i:i + batch_size]
    ```

    ## Use instead
    ```python
    import keras
    import numpy as np

    def batches(x, y, batch_size):
        while True:
            for i in range(0, len(x), batch_size):
                x_batch = x[i:i + batch_size].astype("float32")
                yield x_batch, y[i:i + batch_size]
    ```

    ## Fix safety
    No automatic fix: the numeric dtype the model expects is not in the code.
    """

    code = "FG103"
    name = "string-or-object-batch"
    severity = Severity.ERROR
    summary = "batch element cast to strings, objects or Python lists, which Keras rejects"
    tokens = BODY_TOKENS

    @classmethod
    def check(cls, ctx):
        seen = set()
        for body in ctx.bodies():
            if not feeds_batches(body):
                continue
            for p in body.produced():
                for el, site in body.elements(p.value, p.site):
                    hit = body.suspicious_cast(el, site)
                    if hit is None or hit.node in seen:
                        continue
                    seen.add(hit.node)
                    verb = "returns" if body.dataset else "yields"
                    yield ctx.report(
                        cls,
                        hit.node,
                        f"{hit.what} in the batch that {body.label} {verb}; {_CONSEQUENCE[hit.kind]}",
                        start=hit.start,
                    )
