"""What library functions return, as far as a batch is concerned: data, not code.

The analyser's value interpretation (``migrate_fitgen.analyze.values``) reads this
table when a generator yields (or builds its batch from) a call to one of these
functions.  Each entry comes from the function's own documentation, named by its
address; a function whose return type is not documented is not listed, and a call to
a function that is not listed stays unknown (no finding).

The functions were chosen from what real Keras generators yield: ``yield shuffle(X,
y)`` (the scikit-learn shuffle) in the driving-simulator projects, ``yield
train_test_split(...)``, ``yield np.split(...)``, ``yield tuple(data)``, ``yield
map(...)`` (found with ``yield <call>(`` over /work/realcorpus and public code).

``kind`` is one of ``list``, ``array`` (an array-like that is not a tuple: a NumPy
array, a tensor, a DataFrame) or ``tuple``.  ``length`` says how many elements a
``list``/``tuple`` has, from the call's positional arguments: ``"args"`` (one per
array given), ``"2*args"`` (a train and a test part per array given) or None
(unknown).  ``one_arg`` is the kind when exactly one positional argument is given,
when the function documents a different return for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional


@dataclass(frozen=True)
class ReturnKind:
    kind: str  # list | array | tuple
    url: str  # the documentation the kind comes from
    documented: str  # the documented return, in short
    length: Optional[str] = None  # "args" | "2*args" | None
    one_arg: Optional[str] = None  # the kind for a single positional argument


_NP = "https://numpy.org/doc/stable/reference/generated/"
_SK = "https://scikit-learn.org/stable/modules/generated/"
_PY = "https://docs.python.org/3/library/"
_KERAS = "https://keras.io/api/"
_TF = "https://www.tensorflow.org/api_docs/python/tf/"

_SHUFFLE = ReturnKind(
    "list",
    _SK + "sklearn.utils.shuffle.html",
    "shuffled_arrays: sequence of indexable data-structures (one per array; the single "
    "array itself for one argument). The sequence is the list `resample` builds "
    "(sklearn/utils/_indexing.py, `return resampled_arrays`)",
    length="args",
    one_arg="array",
)

#: qualified name (as imported) -> what it returns
RETURN_KINDS: Mapping[str, ReturnKind] = {
    # NumPy
    "numpy.split": ReturnKind("list", _NP + "numpy.split.html", "sub-arrays: list of ndarrays"),
    "numpy.array_split": ReturnKind(
        "list", _NP + "numpy.array_split.html", "list of sub-arrays (as `numpy.split`)"
    ),
    "numpy.hsplit": ReturnKind("list", _NP + "numpy.hsplit.html", "list of sub-arrays (as `numpy.split`)"),
    "numpy.vsplit": ReturnKind("list", _NP + "numpy.vsplit.html", "list of sub-arrays (as `numpy.split`)"),
    "numpy.dsplit": ReturnKind("list", _NP + "numpy.dsplit.html", "list of sub-arrays (as `numpy.split`)"),
    # scikit-learn
    "sklearn.utils.shuffle": _SHUFFLE,
    "sklearn.utils.resample": ReturnKind(
        "list",
        _SK + "sklearn.utils.resample.html",
        "resampled_arrays: sequence of array-like (the list it builds; the single array for one argument)",
        length="args",
        one_arg="array",
    ),
    "sklearn.model_selection.train_test_split": ReturnKind(
        "list",
        _SK + "sklearn.model_selection.train_test_split.html",
        "splitting: list, length=2 * len(arrays)",
        length="2*args",
    ),
    "sklearn.cross_validation.train_test_split": ReturnKind(
        "list",
        "https://scikit-learn.org/0.17/modules/generated/sklearn.cross_validation.train_test_split.html",
        "splitting: list, length = 2 * len(arrays)",
        length="2*args",
    ),
    # the Python standard library
    "random.sample": ReturnKind("list", _PY + "random.html#random.sample", "a k length list of unique elements"),
    "random.choices": ReturnKind("list", _PY + "random.html#random.choices", "a k sized list of elements"),
    "os.listdir": ReturnKind("list", _PY + "os.html#os.listdir", "a list containing the names of the entries"),
    "glob.glob": ReturnKind("list", _PY + "glob.html#glob.glob", "a possibly empty list of path names"),
    # Keras and TensorFlow
    "keras.ops.split": ReturnKind("list", _KERAS + "ops/numpy/#split-function", "a list of tensors"),
    "keras.ops.unstack": ReturnKind("list", _KERAS + "ops/core/#unstack-function", "a list of tensors"),
    "tensorflow.split": ReturnKind("list", _TF + "split", "a list of Tensor objects (for an int split count)"),
    "tensorflow.unstack": ReturnKind("list", _TF + "unstack", "the list of Tensor objects unstacked from value"),
    "keras.utils.to_categorical": ReturnKind(
        "array", _KERAS + "utils/python_utils/#tocategorical-function", "a binary matrix as a NumPy array"
    ),
    "keras.utils.img_to_array": ReturnKind(
        "array", _KERAS + "data_loading/image/#imgtoarray-function", "a 3D NumPy array"
    ),
    "keras.utils.pad_sequences": ReturnKind(
        "array", _KERAS + "data_loading/timeseries/#padsequences-function",
        "NumPy array with shape (len(sequences), maxlen)",
    ),
    # pandas
    "pandas.read_csv": ReturnKind(
        "array", "https://pandas.pydata.org/docs/reference/api/pandas.read_csv.html",
        "DataFrame or TextFileReader",
    ),
}

#: the older homes of the same Keras functions (the same documented return)
for _old, _new in (
    ("keras.utils.np_utils.to_categorical", "keras.utils.to_categorical"),
    ("keras.preprocessing.image.img_to_array", "keras.utils.img_to_array"),
    ("keras.preprocessing.sequence.pad_sequences", "keras.utils.pad_sequences"),
    ("tensorflow.keras.utils.to_categorical", "keras.utils.to_categorical"),
    ("tensorflow.keras.preprocessing.image.img_to_array", "keras.utils.img_to_array"),
    ("tensorflow.keras.preprocessing.sequence.pad_sequences", "keras.utils.pad_sequences"),
    ("tensorflow.keras.utils.pad_sequences", "keras.utils.pad_sequences"),
):
    RETURN_KINDS[_old] = RETURN_KINDS[_new]  # type: ignore[index]

#: the import aliases people use for these modules
MODULE_ALIASES: Mapping[str, str] = {"np": "numpy", "tf": "tensorflow", "pd": "pandas"}


def lookup(qualified: str) -> Optional[ReturnKind]:
    """The entry for a qualified name such as ``sklearn.utils.shuffle`` or ``np.split``."""
    head, dot, rest = qualified.partition(".")
    head = MODULE_ALIASES.get(head, head)
    return RETURN_KINDS.get(head + dot + rest)


__all__ = ["ReturnKind", "RETURN_KINDS", "lookup"]
