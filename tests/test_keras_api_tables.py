"""The tables in keras_api.py, re-measured against the installed Keras 3."""

from __future__ import annotations

import inspect

import pytest

from migrate_fitgen import keras_api as api

keras = pytest.importorskip("keras")


def params(method: str) -> dict:
    sig = inspect.signature(getattr(keras.Model, method))
    return {n: p for n, p in sig.parameters.items() if n != "self" and p.kind is not p.VAR_KEYWORD}


@pytest.mark.parametrize("legacy", sorted(api.METHODS))
def test_legacy_methods_are_gone(legacy):
    assert not hasattr(keras.Model, legacy)
    assert not hasattr(keras.Sequential, legacy)


@pytest.mark.parametrize("method", sorted(api.KERAS3_PARAMETERS))
def test_keras3_parameters_table(method):
    assert set(params(method)) == api.KERAS3_PARAMETERS[method]


@pytest.mark.parametrize("method", sorted(api.KERAS3_PARAMETERS))
def test_removed_arguments_are_not_parameters(method):
    assert not set(api.REMOVED_IN_KERAS3) & set(params(method))


@pytest.mark.parametrize("legacy", sorted(api.METHODS))
def test_every_kept_legacy_name_exists_in_keras3(legacy):
    """After the renames, every legacy parameter is a Keras 3 parameter or removed."""
    new = api.METHODS[legacy]
    for name in api.POSITIONAL_MODERN[legacy][1:]:
        assert name in api.KERAS3_PARAMETERS[new] or name in api.REMOVED_IN_KERAS3, name
    for old, renamed in {**api.SAFE_RENAMES, **api.SAMPLE_COUNT_RENAMES}.items():
        if old in api.POSITIONAL_KERAS1[legacy]:
            assert renamed in api.KERAS3_PARAMETERS[new] or renamed in api.REMOVED_IN_KERAS3


def test_verbose_defaults_that_the_rewrite_keeps():
    for legacy, kept in api.KEEP_DEFAULTS.items():
        new = api.METHODS[legacy]
        assert params(new)["verbose"].default == "auto"
        assert kept == {"verbose": "0"}
    assert params("fit")["verbose"].default == "auto"  # = fit_generator's verbose=1


def test_fit_rejects_workers_even_at_default():
    import numpy as np

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    x = np.zeros((4, 2), "float32")
    with pytest.raises(TypeError, match="workers"):
        model.fit(x, x[:, :1], workers=1, verbose=0)
