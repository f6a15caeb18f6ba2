"""The table in keras_imports.py, re-measured against the installed Keras 3."""

from __future__ import annotations

import importlib
import inspect
import re

import pytest

from migrate_fitgen import keras_imports as table

keras = pytest.importorskip("keras")

ROWS = table.ROWS
IDS = [f"{r.module}.{r.name}" for r in ROWS]

#: Keras 2.3.1's signatures of the functions that moved (keras-team/keras tag 2.3.1,
#: keras/utils/np_utils.py and data_utils.py)
KERAS2_PARAMETERS = {
    "to_categorical": ("y", "num_classes", "dtype"),
    "normalize": ("x", "axis", "order"),
    "get_file": ("fname", "origin", "untar", "md5_hash", "file_hash", "cache_subdir",
                 "hash_algorithm", "extract", "archive_format", "cache_dir"),
}


def module_or_none(name: str):
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError:
        return None


def public_keras3_modules():
    """The public Keras 3 modules a data-path name could have moved to."""
    names = ["keras.utils", "keras.preprocessing", "keras.preprocessing.image",
             "keras.preprocessing.sequence", "keras.layers", "keras.datasets"]
    return [importlib.import_module(n) for n in names]


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_row_against_installed_keras(row):
    old = module_or_none(row.module)
    if row.status == "kept":
        assert old is not None and hasattr(old, row.name)
        return
    # moved or removed: the old import fails on Keras 3
    assert old is None or not hasattr(old, row.name)
    if row.status == "moved":
        new = getattr(importlib.import_module(row.home), row.name)
        assert callable(new)
    else:
        assert not any(hasattr(m, row.name) for m in public_keras3_modules()), row.name


@pytest.mark.parametrize("row", [r for r in ROWS if r.status == "moved" and r.name in KERAS2_PARAMETERS],
                         ids=lambda r: f"{r.module}.{r.name}")
def test_dropped_parameters_of_moved_functions(row):
    new = getattr(importlib.import_module(row.home), row.name)
    keras3 = set(inspect.signature(new).parameters)
    # the first parameter is passed by position; compare the keywords after it
    assert set(KERAS2_PARAMETERS[row.name][1:]) - keras3 == set(row.dropped)


def test_moved_sequence_is_pydataset():
    """`Sequence` moved to `keras.utils`, where it is the PyDataset class itself."""
    assert keras.utils.Sequence is keras.utils.PyDataset


@pytest.mark.parametrize("name", ["array_to_img", "img_to_array", "load_img", "save_img"])
def test_kept_image_functions_are_also_in_utils(name):
    """Kept where they were, and the same functions as keras.utils' (nothing to move)."""
    assert getattr(keras.preprocessing.image, name) is getattr(keras.utils, name)


def test_pad_sequences_is_kept():
    assert keras.preprocessing.sequence.pad_sequences is keras.utils.pad_sequences


@pytest.mark.parametrize("module", sorted(table.GONE_MODULES))
def test_gone_modules_do_not_import(module):
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module(module)


@pytest.mark.parametrize("module", sorted(table.MODULES - set(table.GONE_MODULES)))
def test_other_modules_import(module):
    importlib.import_module(module)


ADVICE = sorted(
    {name for r in ROWS for name in re.findall(r"`(keras\.[\w.]+)", r.advice)}
    | {name for text in table.GONE_MODULES.values() for name in re.findall(r"`(keras\.[\w.]+)", text)}
)


@pytest.mark.parametrize("dotted", ADVICE)
def test_advice_names_exist(dotted):
    module, _, name = dotted.rpartition(".")
    assert hasattr(importlib.import_module(module), name), dotted


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r.module.startswith("keras.preprocessing") and r.status == "removed"
            and r.name in ("ImageDataGenerator", "DirectoryIterator", "NumpyArrayIterator",
                           "Iterator", "TimeseriesGenerator")],
    ids=lambda r: r.name,
)
def test_tensorflow_keras_namespace_keeps_legacy_names(row):
    """Why `tensorflow.keras` imports are not reported: on TF 2.16+ `tensorflow.keras` is
    Keras 3's `_tf_keras` namespace, which still has the legacy names."""
    tf_keras_module = importlib.import_module(f"keras._tf_keras.{row.module}")
    assert hasattr(tf_keras_module, row.name)


def test_every_row_is_unique_and_every_gone_module_has_advice():
    assert len(table.BY_NAME) == len(ROWS)
    assert all(table.GONE_MODULES.values())
    assert all(r.advice for r in ROWS if r.status == "removed")
