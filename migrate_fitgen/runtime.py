"""Check every batch a data source feeds to Keras, at run time.

``validate_batches(data)`` wraps a generator, any other iterator, or a
``keras.utils.Sequence`` / ``PyDataset`` so that each batch is checked as it
passes on its way to ``fit``, ``evaluate`` or ``predict``.  A bad batch raises
one :class:`BatchValidationError` that names the batch, the source (generator
name and definition site) and the element::

    batch 0 from generator 'shape_mismatch_generator' (train.py:4): x has 32 rows
    but y has 27; every element of a batch needs the same first dimension

instead of a backend broadcasting error three frames deep in JAX or TensorFlow.

Wrapping an iterator also makes it legal for Keras 3, which accepts only real
generator objects (``types.GeneratorType``): the wrapper is one.

This module imports only numpy and the standard library, because users'
training scripts import it.  It never imports Keras: a ``PyDataset`` is
recognised by the class names in its MRO, and its wrapper subclasses the very
``PyDataset`` class found there.

The checks look at structure, dtype and shape metadata only; they never read
the data, except for ``check_finite=True``.  After the first batch has passed
the full check, later batches that have exactly the same layout (same container
types, array types, dtypes and non-batch dimensions) take a fast path of a few
attribute reads and comparisons.
"""

from __future__ import annotations

import collections.abc
import inspect
import os
import re
import threading
import types
import warnings
from typing import Any, Dict, List, NoReturn, Optional, Tuple

import numpy as np

__all__ = [
    "MODES",
    "BatchConversionWarning",
    "BatchValidationError",
    "validate_batches",
]

#: The values ``validate_batches(mode=...)`` accepts.
MODES = ("fit", "evaluate", "predict")

# Class names (and top-level packages) that mark a Keras dataset class in an MRO.
_DATASET_CLASS_NAMES = ("PyDataset", "Sequence")
_DATASET_PACKAGES = ("keras", "tf_keras", "tensorflow")

_NOTE_PREFIX = "migrate_fitgen.validate_batches"


class BatchValidationError(ValueError):
    """A batch (or the data source itself) cannot be fed to Keras.

    Attributes:
        batch_index: index of the offending batch, counted from 0 (for a
            ``PyDataset``, the index passed to ``__getitem__``).
        source: description of the data source, e.g.
            ``"generator 'gen' (train.py:4)"``.
        element: the element at fault (``"x"``, ``"y"``, ``"x['image']"``), or None.
        problem: the message without the ``batch N from SOURCE:`` prefix.
    """

    def __init__(
        self,
        message: str,
        *,
        batch_index: Optional[int] = None,
        source: Optional[str] = None,
        element: Optional[str] = None,
        problem: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.batch_index = batch_index
        self.source = source
        self.element = element
        self.problem = problem if problem is not None else message


class BatchConversionWarning(UserWarning):
    """``validate_batches`` changed a batch's container so that Keras 3 accepts it."""


# --------------------------------------------------------------------------- dtypes

# numpy dtype kinds Keras can train on: bool, signed/unsigned int, float, complex.
_NUMERIC_KINDS = frozenset("biufc")
# ml_dtypes types (bfloat16, float8_*, int4, ...) are numpy kind 'V'; accept them by name.
_EXTRA_NUMERIC_PREFIXES = (
    "bfloat16",
    "float8",
    "float6",
    "float4",
    "int4",
    "uint4",
    "int2",
    "uint2",
)
# dtype names of tensors from other libraries (torch 'torch.float32' → 'float32', tf 'float32').
_NUMERIC_NAME = re.compile(
    r"(bool|u?int(2|4|8|16|32|64)|float(16|32|64)|bfloat16|float8\w*|complex(32|64|128)"
    r"|half|double|float|int|long|short|cfloat|cdouble|chalf)"
)
_FLOAT_NAME_PREFIXES = ("float", "bfloat", "half", "double")

# dtype → (problem or None, is_float).  Filled lazily; dtypes are hashable.
_DTYPE_CACHE: Dict[Any, Tuple[Optional[str], bool]] = {}


def _classify_dtype(dtype: Any) -> Tuple[Optional[str], bool]:
    """Return ``(problem, is_float)``; problem is None when Keras can use the dtype."""
    try:
        return _DTYPE_CACHE[dtype]
    except (KeyError, TypeError):
        pass
    if isinstance(dtype, np.dtype):
        kind = dtype.kind
        if kind in _NUMERIC_KINDS:
            result: Tuple[Optional[str], bool] = (None, kind == "f")
        elif kind == "V" and dtype.name.startswith(_EXTRA_NUMERIC_PREFIXES):
            result = (None, dtype.name.startswith(("bfloat", "float")))
        elif kind in "US":
            result = (f"has dtype {dtype.str} (strings)", False)
        elif kind == "O":
            result = ("has dtype object", False)
        elif kind in "Mm":
            result = (f"has dtype {dtype.name} (dates or times)", False)
        else:
            result = (f"has dtype {dtype}", False)
    else:
        # A tensor from TensorFlow, JAX, torch, ...: judge the dtype by its name.
        name = getattr(dtype, "name", None)
        if not isinstance(name, str):
            name = str(dtype)
        if name.startswith("torch."):
            name = name[len("torch.") :]
        lowered = name.lower()
        if _NUMERIC_NAME.fullmatch(lowered):
            result = (None, lowered.startswith(_FLOAT_NAME_PREFIXES))
        elif lowered in ("string", "str", "unicode", "bytes"):
            result = (f"has dtype {name} (strings)", False)
        else:
            result = (f"has dtype {name}", False)
    try:
        _DTYPE_CACHE[dtype] = result
    except TypeError:  # an unhashable dtype object
        pass
    return result


def _dtype_advice(problem: str) -> str:
    if "(strings)" in problem:
        return (
            ", but Keras needs numbers or booleans; convert it before yielding, "
            "e.g. X.astype('float32') (encode text labels as integers first)"
        )
    if "object" in problem:
        return (
            ", but Keras needs numbers or booleans; build a numeric array, e.g. "
            "X.astype('float32') (an object array usually means ragged rows or mixed types)"
        )
    return ", which Keras cannot use; convert it to numbers, e.g. X.astype('float32')"


# ------------------------------------------------------------------------ helpers


def _shape_of(leaf: Any) -> Tuple[Any, ...]:
    shape = leaf.shape
    if type(shape) is tuple:
        return shape
    dims = []
    for dim in shape:  # torch.Size, tf.TensorShape, ...
        dim = getattr(dim, "value", dim)  # TF1-style Dimension objects
        dims.append(None if dim is None else int(dim))
    return tuple(dims)


def _kind_of(obj: Any) -> str:
    if isinstance(obj, np.ndarray):
        return "ndarray"
    return type(obj).__name__


_SCALAR_TYPES = (bool, int, float, complex, np.generic)


def _first_scalar(seq: Any) -> Any:
    """The innermost first item of a (nested) list/tuple, if it is a scalar or a string."""
    first = seq[0]
    while isinstance(first, (list, tuple)) and first:
        first = first[0]
    if isinstance(first, _SCALAR_TYPES + (str, bytes)):
        return first
    return None


def _add_note(exc: BaseException, source: str, index: int) -> None:
    add_note = getattr(exc, "add_note", None)  # Python 3.11+ (PEP 678)
    if add_note is not None:
        add_note(f"{_NOTE_PREFIX}: raised by {source} while producing batch {index}")


def _format_shape(shape: Tuple[Any, ...]) -> str:
    return (
        "("
        + ", ".join("None" if d is None else str(d) for d in shape)
        + (",)" if len(shape) == 1 else ")")
    )


# ------------------------------------------------------------------------ checker


class _Checker:
    """The checks for one wrapped data source, plus what batch 0 looked like."""

    def __init__(self, source: str, mode: str, check_finite: bool, *, from_dataset: bool) -> None:
        self.source = source
        self.mode = mode
        self.check_finite = check_finite
        self.from_dataset = from_dataset
        self.ref: Optional[Dict[str, Tuple[Any, ...]]] = None  # element name -> shape
        self.ref_index: Optional[int] = None
        self.relaxed = False  # set once the second batch has widened the reference shapes
        # Fast paths, set after the first batch passed the full check:
        self.fast2: Optional[Tuple[Any, Any, Tuple[Any, ...], Tuple[Any, ...]]] = None
        self.plan: Optional[Tuple[Any, ...]] = None
        self.warned_list = False
        self._lock = threading.Lock()

    # PyDatasets may be pickled into worker processes; locks cannot be.
    def __getstate__(self) -> Dict[str, Any]:
        state = self.__dict__.copy()
        del state["_lock"]
        return state

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def fail(self, index: int, problem: str, element: Optional[str] = None) -> NoReturn:
        raise BatchValidationError(
            f"batch {index} from {self.source}: {problem}",
            batch_index=index,
            source=self.source,
            element=element,
            problem=problem,
        )

    # -- the full check ------------------------------------------------------

    def check(self, batch: Any, index: int) -> Any:
        """Check one batch completely; return it, or a converted copy Keras accepts."""
        mode = self.mode
        if isinstance(batch, tuple):
            items = batch
        elif isinstance(batch, list):
            items = tuple(batch)
            if not self.from_dataset and not self.warned_list:
                self.warned_list = True
                warnings.warn(
                    f"{self.source} yields lists ([x, y]); Keras 3 accepts only tuples from a "
                    "generator, so validate_batches converts each batch to a tuple. "
                    "Yield (x, y) to silence this warning.",
                    BatchConversionWarning,
                    stacklevel=3,
                )
        elif batch is None:
            self.fail(
                index, "the batch is None; yield a tuple (x, y), (x, y, sample_weight) or (x,)"
            )
        elif mode == "predict":
            items = (batch,)  # a bare x: Keras 3 wants (x,) from a generator
        else:
            container = "__getitem__ returned" if self.from_dataset else "the generator yielded"
            self.fail(
                index,
                f"{container} a bare {_kind_of(batch)}, not a tuple, so there are no targets; "
                f"{mode} needs (x, y) or (x, y, sample_weight)",
                "x",
            )
        count = len(items)
        if count == 0:
            self.fail(
                index, "the batch is an empty tuple; yield (x, y), (x, y, sample_weight) or (x,)"
            )
        if count > 3:
            self.fail(
                index,
                f"the batch is a tuple of {count} elements; Keras accepts only (x,), (x, y) "
                "or (x, y, sample_weight)",
            )
        x = items[0]
        y = items[1] if count > 1 else None
        sw = items[2] if count > 2 else None
        if x is None:
            self.fail(index, "x is None; the first element of a batch must hold the inputs", "x")
        # (x,) and (x, None) in fit/evaluate are no error: Keras 3 trains on them when
        # the model's loss comes from `add_loss` (a triplet loss layer) and fails on its
        # own when a compiled loss needs targets; the validator cannot see the model
        if count == 3 and sw is None:
            self.fail(
                index,
                "sample_weight is None; yield (x, y) when there are no sample weights "
                "(Keras 3 fails on a None sample_weight)",
                "sample_weight",
            )

        leaves: List[Tuple[str, Any]] = []
        x2 = self._walk(x, "x", leaves, index)
        y2 = y if y is None else self._walk(y, "y", leaves, index)
        sw2 = sw if sw is None else self._walk(sw, "sample_weight", leaves, index)
        if x2 is not x or y2 is not y or sw2 is not sw:
            items = (x2, y2, sw2)[:count]

        shapes: Dict[str, Tuple[Any, ...]] = {}
        rows = rows_name = None
        for name, leaf in leaves:
            problem, _ = _classify_dtype(leaf.dtype)
            if problem is not None:
                self.fail(index, f"{name} {problem}{_dtype_advice(problem)}", name)
            shape = _shape_of(leaf)
            if not shape:
                self.fail(
                    index,
                    f"{name} is a 0-d array (shape ()); every element of a batch needs a "
                    "first (batch) dimension",
                    name,
                )
            n = shape[0]
            if n is not None:
                if rows is None:
                    rows, rows_name = n, name
                    if n == 0:
                        self.fail(
                            index,
                            f"{name} has 0 rows; a batch needs at least one row "
                            "(the JAX and torch backends crash on empty batches)",
                            name,
                        )
                elif n != rows:
                    self.fail(
                        index,
                        f"{rows_name} has {rows} rows but {name} has {n}; every element of a "
                        "batch needs the same first dimension",
                        name,
                    )
            shapes[name] = shape

        if self.check_finite:
            self._check_finite(leaves, index)

        ref = self.ref
        if ref is None:
            with self._lock:
                if self.ref is None:
                    self.ref = shapes
                    self.ref_index = index
                    if items is batch and type(batch) is tuple and not self.check_finite:
                        self._compile_fast_paths(batch)
                    ref = None
                else:
                    ref = self.ref
        if ref is not None:
            if shapes.keys() != ref.keys():
                self.fail(
                    index,
                    f"the batch holds {', '.join(shapes)} but batch {self.ref_index} held "
                    f"{', '.join(ref)}; every batch needs the same structure",
                )
            if not self.relaxed:
                # Like Keras' spec from its two peeked batches: a dimension that already
                # differs between the first two batches may vary (per-batch padding).
                with self._lock:
                    if not self.relaxed and index != self.ref_index + 1:
                        self.relaxed = True  # past the second batch: the spec is fixed
                    elif not self.relaxed:
                        self.relaxed = True
                        merged = {}
                        for name, first in ref.items():
                            shape = shapes.get(name, first)
                            if len(shape) == len(first):
                                first = first[:1] + tuple(
                                    a if a == b else None for a, b in zip(first[1:], shape[1:])
                                )
                            merged[name] = first
                        self.ref = ref = merged
            for name, shape in shapes.items():
                first = ref[name]
                if len(shape) != len(first) or any(
                    a is not None and a != b for a, b in zip(first[1:], shape[1:])
                ):
                    self.fail(
                        index,
                        f"{name} has shape {_format_shape(shape)} but had shape "
                        f"{_format_shape(first)} in batch {self.ref_index}; only the first "
                        "(batch) dimension may change from batch to batch",
                        name,
                    )
        return items if items is not batch else batch

    def _walk(self, obj: Any, name: str, leaves: List[Tuple[str, Any]], index: int) -> Any:
        """Collect the array leaves of one element; return it with lists made tuples."""
        if (
            hasattr(obj, "shape")
            and hasattr(obj, "dtype")
            and not isinstance(obj, (list, tuple, dict))
        ):
            leaves.append((name, obj))
            return obj
        if isinstance(obj, dict):
            changed = False
            out = {}
            for key, value in obj.items():
                new = self._walk(value, f"{name}[{key!r}]", leaves, index)
                out[key] = new
                changed = changed or new is not value
            return out if changed else obj
        if isinstance(obj, (list, tuple)):
            kind = type(obj).__name__
            if not obj:
                self.fail(index, f"{name} is an empty {kind}; it must hold arrays", name)
            scalar = _first_scalar(obj)
            if scalar is not None:
                self.fail(
                    index,
                    f"{name} is a Python {kind} of {type(scalar).__name__} values, not an array; "
                    "Keras treats a nested list as a structure of separate scalars. Convert it "
                    f"first, e.g. np.asarray({name}, dtype='float32')",
                    name,
                )
            changed = isinstance(obj, list)
            out_items = []
            for i, value in enumerate(obj):
                new = self._walk(value, f"{name}[{i}]", leaves, index)
                out_items.append(new)
                changed = changed or new is not value
            return tuple(out_items) if changed else obj
        if obj is None:
            self.fail(index, f"{name} is None; it must be an array", name)
        if isinstance(obj, (str, bytes)):
            self.fail(index, f"{name} is a Python {type(obj).__name__}, not an array", name)
        if isinstance(obj, _SCALAR_TYPES):
            self.fail(
                index,
                f"{name} is a single {type(obj).__name__}, not an array with a batch dimension; "
                "yield an array of shape (batch_size, ...)",
                name,
            )
        hint = f"{name}.to_numpy()" if hasattr(obj, "to_numpy") else f"np.asarray({name})"
        self.fail(
            index,
            f"{name} is a {type(obj).__name__}, not an array; Keras needs numpy arrays or tensors "
            f"(objects with .shape and .dtype). Convert it, e.g. {hint}",
            name,
        )

    def _check_finite(self, leaves: List[Tuple[str, Any]], index: int) -> None:
        for name, leaf in leaves:
            _, is_float = _classify_dtype(leaf.dtype)
            if not is_float:
                continue
            array = leaf if isinstance(leaf, np.ndarray) else np.asarray(leaf)
            finite = np.isfinite(array)
            if finite.all():
                continue
            bad = ~finite
            n_nan = int(np.count_nonzero(np.isnan(array)))
            n_inf = int(np.count_nonzero(bad)) - n_nan
            first = tuple(int(i) for i in np.argwhere(bad)[0])
            found = " and ".join(
                part
                for part in (
                    f"{n_nan} NaN" if n_nan else "",
                    f"{n_inf} infinite value{'s' if n_inf != 1 else ''}" if n_inf else "",
                )
                if part
            )
            self.fail(
                index,
                f"{name} contains {found} (the first at index {first}); "
                "check_finite=True rejects NaN and infinity",
                name,
            )

    # -- fast paths ----------------------------------------------------------

    def _compile_fast_paths(self, batch: Tuple[Any, ...]) -> None:
        """Remember batch 0's exact layout so identical later batches skip the full check."""
        ndarray = np.ndarray
        plan = []
        for part in batch:
            if type(part) is ndarray:
                plan.append((0, part.dtype, part.shape[1:]))
            elif type(part) is dict and part and all(type(v) is ndarray for v in part.values()):
                entries = tuple((k, v.dtype, v.shape[1:]) for k, v in part.items())
                plan.append((1, len(entries), entries))
            elif type(part) is tuple and part and all(type(v) is ndarray for v in part):
                entries = tuple((v.dtype, v.shape[1:]) for v in part)
                plan.append((2, len(entries), entries))
            else:
                return  # deeper structures always take the full check
        self.plan = tuple(plan)
        if len(batch) == 2 and plan[0][0] == 0 and plan[1][0] == 0:
            x, y = batch
            self.fast2 = (x.dtype, y.dtype, x.shape[1:], y.shape[1:])


def _match(batch: Any, plan: Tuple[Any, ...]) -> bool:
    """True when ``batch`` has exactly the layout recorded in ``plan`` and consistent rows.

    ``plan`` holds one spec per batch element: ``(0, dtype, tail)`` for an array,
    ``(1, n, ((key, dtype, tail), ...))`` for a dict of arrays and
    ``(2, n, ((dtype, tail), ...))`` for a tuple of arrays.  The loops are written
    out (no helper calls) because this runs for every batch.
    """
    if type(batch) is not tuple or len(batch) != len(plan):
        return False
    ndarray = np.ndarray
    rows = -1
    try:
        for part, spec in zip(batch, plan):
            kind = spec[0]
            if kind == 0:
                if type(part) is not ndarray:
                    return False
                dt = part.dtype
                if dt is not spec[1] and dt != spec[1]:
                    return False
                shape = part.shape
                if shape[1:] != spec[2]:
                    return False
                if rows < 0:
                    rows = shape[0]
                elif shape[0] != rows:
                    return False
            elif kind == 1:
                if type(part) is not dict or len(part) != spec[1]:
                    return False
                for key, dt0, tail in spec[2]:
                    leaf = part.get(key)
                    if type(leaf) is not ndarray:
                        return False
                    dt = leaf.dtype
                    if dt is not dt0 and dt != dt0:
                        return False
                    shape = leaf.shape
                    if shape[1:] != tail:
                        return False
                    if rows < 0:
                        rows = shape[0]
                    elif shape[0] != rows:
                        return False
            else:
                if type(part) is not tuple or len(part) != spec[1]:
                    return False
                for leaf, (dt0, tail) in zip(part, spec[2]):
                    if type(leaf) is not ndarray:
                        return False
                    dt = leaf.dtype
                    if dt is not dt0 and dt != dt0:
                        return False
                    shape = leaf.shape
                    if shape[1:] != tail:
                        return False
                    if rows < 0:
                        rows = shape[0]
                    elif shape[0] != rows:
                        return False
    except IndexError:  # a 0-d array where batch 0 had a 1-d one
        return False
    return rows > 0


# ------------------------------------------------------------ generator wrapper


def _validated_generator(it: Any, checker: _Checker):
    """The wrapper: a real generator that checks each batch as it passes."""
    nxt = it.__next__
    send = getattr(it, "send", None)
    throw = getattr(it, "throw", None)
    source = checker.source
    index = 0
    # No try/finally around the loop: when Keras drops (closes or garbage-collects)
    # this wrapper after a fit, evaluate or predict, the source stays exactly as Keras
    # left it, so a program that uses the same generator again still can.
    try:
        batch = nxt()
    except StopIteration:
        raise BatchValidationError(
            f"{source} yielded no batches; Keras needs at least one batch "
            "(is the data empty, or was the generator already used up?)",
            batch_index=0,
            source=source,
        ) from None
    except Exception as exc:
        _add_note(exc, source, 0)
        raise
    batch = checker.check(batch, 0)
    plan = checker.plan
    fast2 = checker.fast2
    if fast2 is not None:
        dx, dy, sx, sy = fast2
    ndarray = np.ndarray
    while True:
        try:
            sent = yield batch
        except GeneratorExit:
            raise  # closing the wrapper must not close the source
        except BaseException as exc:  # wrapper.throw(...): pass it on to the source
            if throw is None:
                raise
            pending = exc
        else:
            pending = None
        index += 1
        try:
            if pending is not None:
                batch = throw(pending)
            elif sent is None or send is None:
                batch = nxt()
            else:
                batch = send(sent)
        except StopIteration as stop:
            return stop.value  # a generator's return value passes on, as with `yield from`
        except Exception as exc:
            if exc is not pending:
                _add_note(exc, source, index)
            raise
        # Fast path: batch 0 was (ndarray, ndarray) and this one has the same layout.
        if fast2 is not None:
            if type(batch) is tuple and len(batch) == 2:
                x, y = batch
                if type(x) is ndarray and type(y) is ndarray:
                    xdt = x.dtype
                    ydt = y.dtype
                    xs = x.shape
                    ys = y.shape
                    if (
                        (xdt is dx or xdt == dx)
                        and (ydt is dy or ydt == dy)
                        and xs[1:] == sx
                        and ys[1:] == sy
                        and xs
                        and ys
                        and xs[0] == ys[0]
                        and xs[0]
                    ):
                        continue
        elif plan is not None and _match(batch, plan):
            continue
        batch = checker.check(batch, index)


_WRAPPER_CODE = _validated_generator.__code__


# ------------------------------------------------------------ PyDataset wrapper


def _dataset_base(cls: type) -> Optional[type]:
    """The Keras ``PyDataset``/``Sequence`` class in ``cls``'s MRO, found by name."""
    for klass in cls.__mro__:
        if (
            klass.__name__ in _DATASET_CLASS_NAMES
            and klass.__module__.split(".", 1)[0] in _DATASET_PACKAGES
        ):
            return klass
    return None


def _delegated(name: str) -> property:
    """A property that reads and writes the wrapped dataset's attribute."""
    return property(
        lambda self: getattr(self._mf_inner, name),
        lambda self, value: setattr(self._mf_inner, name, value),
    )


class _ValidatedDatasetMixin:
    """Delegates to the wrapped dataset and checks what ``__getitem__`` returns.

    Combined at run time with the ``PyDataset`` (or Keras 2 ``Sequence``) class
    found in the wrapped object's MRO, so the wrapper passes Keras'
    ``isinstance(x, PyDataset)`` test without this module importing Keras.
    """

    # No super().__init__(): every setting Keras reads (workers, use_multiprocessing,
    # max_queue_size, num_batches) is the wrapped dataset's own, read through to it, and
    # attributes set on the wrapper are set on the wrapped dataset (__setattr__ below),
    # so the wrapper holds no state of its own that could drift from the dataset's.
    def __init__(self, inner: Any, checker: _Checker) -> None:
        object.__setattr__(self, "_mf_inner", inner)
        object.__setattr__(self, "_mf_checker", checker)

    def __getitem__(self, index: Any) -> Any:
        checker = self._mf_checker
        try:
            batch = self._mf_inner[index]
        except Exception as exc:
            _add_note(exc, checker.source, index)
            raise
        plan = checker.plan
        if plan is not None and _match(batch, plan):
            return batch
        return checker.check(batch, index)

    def __len__(self) -> int:
        return len(self._mf_inner)

    @property
    def num_batches(self) -> Optional[int]:
        inner = self._mf_inner
        if hasattr(type(inner), "num_batches"):
            return inner.num_batches
        return len(inner)

    def on_epoch_begin(self) -> None:
        method = getattr(self._mf_inner, "on_epoch_begin", None)
        if method is not None:
            method()

    def on_epoch_end(self) -> None:
        method = getattr(self._mf_inner, "on_epoch_end", None)
        if method is not None:
            method()

    # the loader settings Keras reads from a PyDataset are the wrapped dataset's
    workers = _delegated("workers")
    use_multiprocessing = _delegated("use_multiprocessing")
    max_queue_size = _delegated("max_queue_size")

    @property
    def wrapped(self) -> Any:
        """The dataset being checked."""
        return self._mf_inner

    def __getattr__(self, attr: str) -> Any:
        # Called only for attributes the wrapper lacks: batch_size, classes, n, ...
        if attr.startswith("_mf_") or (attr.startswith("__") and attr.endswith("__")):
            raise AttributeError(attr)
        return getattr(self._mf_inner, attr)

    def __setattr__(self, attr: str, value: Any) -> None:
        if attr.startswith("_mf_"):
            object.__setattr__(self, attr, value)
        else:  # whoever sets it (Keras, a callback) sets it on the dataset itself
            setattr(self._mf_inner, attr, value)

    def __delattr__(self, attr: str) -> None:
        if attr.startswith("_mf_"):
            object.__delattr__(self, attr)
        else:
            delattr(self._mf_inner, attr)

    def __reduce__(self) -> Any:
        return (_rebuild_dataset, (self._mf_inner, self._mf_checker))

    def __repr__(self) -> str:
        return f"<validate_batches({self._mf_inner!r}, mode={self._mf_checker.mode!r})>"


_WRAPPER_CLASSES: Dict[type, type] = {}


def _wrapper_class(base: type) -> type:
    cls = _WRAPPER_CLASSES.get(base)
    if cls is None:
        cls = type(
            f"Validated{base.__name__}",
            (_ValidatedDatasetMixin, base),
            {"__module__": __name__, "__doc__": _ValidatedDatasetMixin.__doc__},
        )
        _WRAPPER_CLASSES[base] = cls
    return cls


def _rebuild_dataset(inner: Any, checker: _Checker) -> Any:
    base = _dataset_base(type(inner))
    return _wrapper_class(base)(inner, checker)  # type: ignore[arg-type]


# ------------------------------------------------------------------ public API


def _generator_source(gen: types.GeneratorType, name: Optional[str]) -> str:
    code = gen.gi_code
    label = code.co_name if name is None else name
    return f"generator '{label}' ({os.path.basename(code.co_filename)}:{code.co_firstlineno})"


def validate_batches(
    data: Any,
    *,
    mode: str = "fit",
    name: Optional[str] = None,
    check_finite: bool = False,
) -> Any:
    """Wrap ``data`` so that Keras receives only well-formed batches.

    Args:
        data: what you would pass to ``model.fit``/``evaluate``/``predict``.
            A generator or any other iterator becomes a checking generator (which
            Keras 3 accepts even when the original iterator was not a generator).
            A ``keras.utils.Sequence``/``PyDataset`` (including an
            ``ImageDataGenerator`` iterator) becomes a ``PyDataset`` of the same
            family that checks what ``__getitem__`` returns.  Anything else
            (arrays, tuples of arrays, ``tf.data.Dataset``, None) is returned
            unchanged, since Keras checks those itself.
        mode: ``"fit"``, ``"evaluate"`` (also for ``validation_data``) or
            ``"predict"``.  ``fit`` and ``evaluate`` need targets; ``predict``
            also accepts a bare ``x``.
        name: the name to show in error messages instead of the generator's
            function name (or the iterator's type name).
        check_finite: also reject NaN and infinity in float arrays (reads the data).

    Returns:
        The wrapped data source, or ``data`` itself.

    Raises:
        TypeError: ``data`` is a generator function that was never called.
        ValueError: ``mode`` is not one of :data:`MODES`.
        BatchValidationError: later, while Keras pulls a bad batch.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(map(repr, MODES))}; got {mode!r}")
    if inspect.isgeneratorfunction(data):
        fname = getattr(data, "__name__", "gen")
        raise TypeError(
            f"validate_batches() got the generator function {fname!r}, not a generator; "
            f"call it first: validate_batches({fname}(...)). Keras, too, needs the "
            "generator object, not the function."
        )
    if isinstance(data, types.GeneratorType):
        if data.gi_code is _WRAPPER_CODE:
            return data  # already wrapped
        checker = _Checker(_generator_source(data, name), mode, check_finite, from_dataset=False)
        return _validated_generator(data, checker)
    base = _dataset_base(type(data))
    if base is not None:
        if isinstance(data, _ValidatedDatasetMixin):
            return data
        label = type(data).__name__ if name is None else name
        checker = _Checker(f"{base.__name__} '{label}'", mode, check_finite, from_dataset=True)
        return _wrapper_class(base)(data, checker)
    if isinstance(data, collections.abc.Iterator):
        label = type(data).__name__ if name is None else name
        checker = _Checker(f"iterator '{label}'", mode, check_finite, from_dataset=False)
        return _validated_generator(data, checker)
    return data
