"""Unit tests for migrate_fitgen.runtime.validate_batches (numpy only, no Keras)."""

from __future__ import annotations

import gc
import inspect
import itertools
import pickle
import sys
import types
import warnings

import numpy as np
import pytest

from migrate_fitgen.runtime import (
    BatchConversionWarning,
    BatchValidationError,
    validate_batches,
)

HERE = "test_runtime.py"


def xy(rows=32, y_rows=None, features=4, dtype="float32"):
    x = np.zeros((rows, features), dtype=dtype)
    y = np.zeros((rows if y_rows is None else y_rows, 1), dtype="float32")
    return x, y


def gen_of(*batches):
    for batch in batches:
        yield batch


def first_error(data, **kwargs) -> BatchValidationError:
    wrapped = validate_batches(data, **kwargs)
    with pytest.raises(BatchValidationError) as info:
        for _ in wrapped:
            pass
    return info.value


# --------------------------------------------------------------------- accepted forms


def test_generator_is_wrapped_in_a_real_generator_and_batches_pass_through():
    batches = [xy(), xy(), xy()]
    wrapped = validate_batches(gen_of(*batches))
    assert isinstance(wrapped, types.GeneratorType)
    out = list(wrapped)
    assert len(out) == 3
    assert all(a is b for a, b in zip(out, batches))


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda b: iter([b, b]), id="list_iterator"),
        pytest.param(lambda b: itertools.islice(itertools.cycle([b]), 2), id="islice_cycle"),
    ],
)
def test_iterators_become_generators(make):
    batch = xy()
    wrapped = validate_batches(make(batch))
    assert isinstance(wrapped, types.GeneratorType)
    assert [b is batch for b in wrapped] == [True, True]


def test_itertools_cycle_becomes_an_endless_generator():
    batch = xy()
    wrapped = validate_batches(itertools.cycle([batch]))
    assert isinstance(wrapped, types.GeneratorType)
    assert all(next(wrapped) is batch for _ in range(5))


class CountingIterator:
    """A hand-written iterator class (Keras 3 rejects it unwrapped)."""

    def __init__(self, batch, n):
        self.batch, self.n, self.pulled = batch, n, 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.pulled == self.n:
            raise StopIteration
        self.pulled += 1
        return self.batch


def test_iterator_class_becomes_a_generator():
    batch = xy()
    it = CountingIterator(batch, 3)
    wrapped = validate_batches(it)
    assert isinstance(wrapped, types.GeneratorType)
    assert len(list(wrapped)) == 3
    assert it.pulled == 3


def test_iterator_errors_name_the_type():
    err = first_error(CountingIterator(xy(y_rows=27), 1))
    assert str(err).startswith(
        "batch 0 from iterator 'CountingIterator': x has 32 rows but y has 27"
    )


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(np.zeros((4, 2)), id="array"),
        pytest.param((np.zeros((4, 2)), np.zeros(4)), id="tuple"),
        pytest.param([np.zeros((4, 2))], id="list"),
        pytest.param({"a": np.zeros((4, 2))}, id="dict"),
        pytest.param(None, id="None"),
        pytest.param(range(3), id="range"),
    ],
)
def test_non_iterators_are_returned_unchanged(value):
    assert validate_batches(value) is value


def test_uncalled_generator_function_is_a_type_error():
    def batches():
        yield xy()

    with pytest.raises(TypeError, match=r"call it first: validate_batches\(batches\(\.\.\.\)\)"):
        validate_batches(batches)


def test_bad_mode_is_rejected():
    with pytest.raises(ValueError, match="mode must be one of"):
        validate_batches(gen_of(xy()), mode="train")


def test_wrapping_twice_returns_the_same_wrapper():
    wrapped = validate_batches(gen_of(xy()))
    assert validate_batches(wrapped) is wrapped


def test_three_tuple_with_sample_weight_is_accepted():
    x, y = xy()
    batch = (x, y, np.ones(32, "float32"))
    assert list(validate_batches(gen_of(batch, batch))) == [batch, batch]


def test_float64_x_and_int_y_are_accepted():
    batch = (np.zeros((8, 3)), np.zeros(8, dtype=np.int64))
    assert next(validate_batches(gen_of(batch))) is batch


def test_bool_and_complex_and_uint8_leaves_are_accepted():
    batch = ((np.zeros((4, 2), bool), np.zeros((4, 2), np.uint8)), np.zeros((4, 1), np.complex64))
    assert next(validate_batches(gen_of(batch))) is batch


# ------------------------------------------------------------------------ structure


def test_list_batches_become_tuples_with_exactly_one_warning():
    x, y = xy()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = list(validate_batches(gen_of([x, y], [x, y], [x, y])))
    conversions = [w for w in caught if issubclass(w.category, BatchConversionWarning)]
    assert len(conversions) == 1
    assert "Yield (x, y)" in str(conversions[0].message)
    assert all(type(b) is tuple and b[0] is x and b[1] is y for b in out)


def test_each_wrapped_generator_warns_once():
    x, y = xy()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        list(validate_batches(gen_of([x, y], [x, y])))
        list(validate_batches(gen_of([x, y], [x, y])))
    assert sum(issubclass(w.category, BatchConversionWarning) for w in caught) == 2


def test_list_of_inputs_becomes_a_tuple():
    x1, x2, y = np.zeros((4, 2)), np.zeros((4, 3)), np.zeros((4, 1))
    batch = next(validate_batches(gen_of(([x1, x2], y))))
    assert type(batch[0]) is tuple
    assert batch[0][0] is x1 and batch[0][1] is x2 and batch[1] is y


def test_four_tuple_is_an_error():
    x, y = xy()
    err = first_error(gen_of((x, y, y[:, 0], y[:, 0])))
    assert "tuple of 4 elements" in str(err)
    assert "(x,), (x, y) or (x, y, sample_weight)" in str(err)


@pytest.mark.parametrize("mode", ["fit", "evaluate"])
@pytest.mark.parametrize("batch", ["(x, None)", "(x,)"])
def test_no_targets_pass_in_fit_and_evaluate(batch, mode):
    """Keras 3 trains on (x, None) and (x,) when the loss comes from `add_loss` (a
    triplet loss layer: tests/test_runtime_keras.py); the validator cannot see the
    model, so it lets them through unchanged (it rejected them before, which broke a
    migrated program found on real code)."""
    x, _ = xy()
    first = (x, None) if batch == "(x, None)" else (x,)
    second = (x, None) if batch == "(x, None)" else (x,)
    out = list(validate_batches(gen_of(first, second), mode=mode))
    assert out[0] is first and out[1] is second


def test_targets_that_come_and_go_are_an_error():
    x, y = xy()
    err = first_error(gen_of((x, y), (x, None)))
    assert "the batch holds x but batch 0 held x, y" in str(err)


def test_bare_x_in_fit_is_an_error():
    x, _ = xy()
    err = first_error(gen_of(x))
    assert "bare ndarray, not a tuple" in str(err)


def test_predict_accepts_one_tuple_and_turns_bare_x_into_one():
    x, _ = xy()
    assert next(validate_batches(gen_of((x,)), mode="predict")) == (x,)
    out = next(validate_batches(gen_of(x), mode="predict"))
    assert type(out) is tuple and len(out) == 1 and out[0] is x
    batch = (x, None)
    assert next(validate_batches(gen_of(batch), mode="predict")) is batch


def test_none_sample_weight_is_an_error():
    x, y = xy()
    err = first_error(gen_of((x, y, None)))
    assert "sample_weight is None" in str(err)


def test_none_batch_is_an_error():
    assert "the batch is None" in str(first_error(gen_of(None)))


def test_empty_generator_is_an_error():
    def nothing():
        return
        yield  # pragma: no cover

    err = first_error(nothing())
    line = inspect.getsourcelines(nothing)[1]
    assert str(err).startswith(f"generator 'nothing' ({HERE}:{line}) yielded no batches")


def test_structure_change_is_an_error():
    x, y = xy()
    err = first_error(gen_of((x, y, np.ones(32)), (x, y)))
    assert err.batch_index == 1
    assert "holds x, y but batch 0 held x, y, sample_weight" in str(err)


# --------------------------------------------------------------------------- dtypes


def test_string_x_says_to_convert_with_astype():
    x, y = xy()
    err = first_error(gen_of((x.astype(str), y)))
    message = str(err)
    assert message.startswith("batch 0 from generator 'gen_of'")
    assert "x has dtype <U32 (strings)" in message
    assert "X.astype('float32')" in message
    assert "Invalid dtype" not in message


def test_object_y_says_to_convert_with_astype():
    x, y = xy()
    err = first_error(gen_of((x, y.astype(object))))
    assert "y has dtype object" in str(err)
    assert "X.astype('float32')" in str(err)


def test_datetime_leaf_is_an_error():
    x, _ = xy(rows=3)
    err = first_error(gen_of((x, np.array(["2020-01-01"] * 3, dtype="datetime64[D]"))))
    assert "y has dtype datetime64[D]" in str(err)


def test_python_list_of_numbers_says_np_asarray():
    x, _ = xy(rows=3)
    err = first_error(gen_of((x, [0, 1, 1])))
    assert "y is a Python list of int values, not an array" in str(err)
    assert "np.asarray(" in str(err)


def test_nested_python_lists_as_x_are_an_error():
    x, y = xy(rows=2)
    err = first_error(gen_of((x.tolist(), y)))
    assert "x is a Python list of float values" in str(err)


def test_python_scalar_and_string_leaves_are_errors():
    x, _ = xy(rows=2)
    assert "y is a single float" in str(first_error(gen_of((x, 1.0))))
    assert "y is a Python str" in str(first_error(gen_of((x, "label"))))


def test_zero_d_array_is_an_error():
    x, _ = xy(rows=2)
    err = first_error(gen_of((x, np.float32(1.0))))
    assert "y is a 0-d array (shape ())" in str(err)


def test_unknown_object_leaf_is_an_error():
    x, _ = xy(rows=2)
    err = first_error(gen_of((x, object())))
    assert "y is a object, not an array" in str(err)


class FakeTorchDtype:
    def __init__(self, name):
        self.text = f"torch.{name}"

    def __str__(self):
        return self.text

    def __hash__(self):
        return hash(self.text)

    def __eq__(self, other):
        return isinstance(other, FakeTorchDtype) and other.text == self.text


class FakeTFDtype:
    def __init__(self, name):
        self.name = name

    def __hash__(self):
        return hash(("tf", self.name))

    def __eq__(self, other):
        return isinstance(other, FakeTFDtype) and other.name == self.name


class FakeTensor:
    """Duck-types a torch/TF tensor: .shape (not a plain tuple) and .dtype."""

    def __init__(self, shape, dtype):
        self.shape = list(shape)  # iterable, like torch.Size / tf.TensorShape
        self.dtype = dtype

    def __array__(self, dtype=None, copy=None):
        return np.full(self.shape, np.nan, dtype="float32")


def test_duck_typed_tensors_are_checked_by_dtype_name():
    x = FakeTensor((8, 3), FakeTorchDtype("float32"))
    y = FakeTensor((8,), FakeTFDtype("int64"))
    batch = (x, y)
    assert next(validate_batches(gen_of(batch))) is batch

    err = first_error(gen_of((x, FakeTensor((8,), FakeTFDtype("string")))))
    assert "y has dtype string (strings)" in str(err)

    err = first_error(gen_of((x, FakeTensor((7,), FakeTorchDtype("bfloat16")))))
    assert "x has 8 rows but y has 7" in str(err)


def test_check_finite_reads_duck_typed_float_tensors():
    x = FakeTensor((8, 3), FakeTorchDtype("float32"))
    y = np.zeros(8, "float32")
    assert next(validate_batches(gen_of((x, y)))) is not None
    err = first_error(gen_of((x, y)), check_finite=True)
    assert "x contains 24 NaN" in str(err)


# ------------------------------------------------------------------ shapes and rows


def shape_mismatch_generator():
    x = np.zeros((100, 4), "float32")
    y = np.zeros((100, 1), "float32")
    yield x[:32], y[:27]


def test_batch_dimension_mismatch_message_is_exact():
    err = first_error(shape_mismatch_generator())
    line = inspect.getsourcelines(shape_mismatch_generator)[1]
    assert str(err) == (
        f"batch 0 from generator 'shape_mismatch_generator' ({HERE}:{line}): x has 32 rows "
        "but y has 27; every element of a batch needs the same first dimension"
    )
    assert isinstance(err, ValueError)
    assert (err.batch_index, err.element) == (0, "y")
    assert err.source == f"generator 'shape_mismatch_generator' ({HERE}:{line})"


def test_name_overrides_the_generator_name_but_keeps_the_site():
    err = first_error(shape_mismatch_generator(), name="train_batches")
    line = inspect.getsourcelines(shape_mismatch_generator)[1]
    assert str(err).startswith(f"batch 0 from generator 'train_batches' ({HERE}:{line}): ")


def test_sample_weight_rows_are_checked():
    x, y = xy()
    err = first_error(gen_of((x, y, np.ones(27))))
    assert "x has 32 rows but sample_weight has 27" in str(err)


def test_dict_inputs_are_named_by_key():
    y = np.zeros((8, 1))
    batch = ({"image": np.zeros((8, 2)), "meta": np.zeros((7, 2))}, y)
    err = first_error(gen_of(batch))
    assert "x['image'] has 8 rows but x['meta'] has 7" in str(err)
    assert err.element == "x['meta']"


def test_tuple_inputs_are_named_by_position():
    batch = ((np.zeros((8, 2)), np.zeros((8, 3)).astype(str)), np.zeros((8, 1)))
    err = first_error(gen_of(batch))
    assert "x[1] has dtype <U32 (strings)" in str(err)


def test_zero_rows_is_an_error():
    err = first_error(gen_of(xy(rows=0)))
    assert "x has 0 rows; a batch needs at least one row" in str(err)


def test_shape_drift_shows_both_shapes():
    good = xy(features=4)
    err = first_error(gen_of(good, good, xy(features=5)))
    assert err.batch_index == 2
    assert str(err).endswith(
        "x has shape (32, 5) but had shape (32, 4) in batch 0; only the first (batch) "
        "dimension may change from batch to batch"
    )


def test_varying_batch_size_is_fine():
    batches = [xy(rows=r) for r in (32, 27, 22, 17)]
    assert len(list(validate_batches(gen_of(*batches)))) == 4


def test_a_dimension_that_varies_in_the_first_two_batches_may_vary():
    # per-batch padding: Keras' TF backend builds its spec from the two peeked batches
    # and leaves a dimension that differs between them open; so do we
    def padded(*lengths, features=4):
        for n in lengths:
            yield np.zeros((8, n, features), "float32"), np.zeros((8, 1), "float32")

    assert len(list(validate_batches(padded(10, 12, 15, 7)))) == 4

    def bad():
        yield from padded(10, 12)
        yield from padded(15, features=5)

    err = first_error(bad())
    assert err.batch_index == 2
    assert "x has shape (8, 15, 5) but had shape (8, None, 4) in batch 0" in str(err)


def test_rank_change_is_drift():
    x, y = xy()
    err = first_error(gen_of((x, y), (x, y[:, 0])))
    assert "y has shape (32,) but had shape (32, 1) in batch 0" in str(err)


# ---------------------------------------------- the fast path still catches problems


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        pytest.param(xy(y_rows=27), "x has 32 rows but y has 27", id="rows"),
        pytest.param(xy(rows=0), "x has 0 rows", id="zero-rows"),
        pytest.param((xy()[0].astype(str), xy()[1]), "x has dtype <U32", id="dtype"),
        pytest.param(xy(features=5), "x has shape (32, 5)", id="drift"),
        pytest.param((xy()[0], np.float32(1)), "y is a 0-d array", id="0-d"),
        pytest.param((xy()[0], None), "the batch holds x but batch 0 held x, y", id="none"),
    ],
)
def test_fast_path_falls_back_to_the_full_check(bad, expected):
    good = xy()
    err = first_error(gen_of(good, good, good, bad))
    assert err.batch_index == 3
    assert expected in str(err)


def test_fast_path_for_dict_batches_falls_back():
    def batch(rows_b=8, key="b"):
        return ({"a": np.zeros((8, 2)), key: np.zeros((rows_b, 3))}, np.zeros((8, 1)))

    err = first_error(gen_of(batch(), batch(), batch(rows_b=5)))
    assert "x['a'] has 8 rows but x['b'] has 5" in str(err)
    err = first_error(gen_of(batch(), batch(), batch(key="c")))
    assert "but batch 0 held x['a'], x['b'], y" in str(err)


def test_fast_path_for_dict_and_tuple_inputs_checks_dtypes():
    y = np.zeros((8, 1))

    def as_dict(dtype="float32"):
        return ({"a": np.zeros((8, 2), dtype), "b": np.zeros((8, 3))}, y)

    def as_tuple(dtype="float32", rows=8):
        return ((np.zeros((8, 2)), np.zeros((rows, 3), dtype)), y)

    err = first_error(gen_of(as_dict(), as_dict(), as_dict(dtype=object)))
    assert (err.batch_index, err.element) == (2, "x['a']")
    err = first_error(gen_of(as_tuple(), as_tuple(), as_tuple(dtype="U3")))
    assert (err.batch_index, err.element) == (2, "x[1]")
    err = first_error(gen_of(as_tuple(), as_tuple(), as_tuple(rows=6)))
    assert "x[0] has 8 rows but x[1] has 6" in str(err)
    empty = ({"a": np.zeros((0, 2)), "b": np.zeros((0, 3))}, np.zeros((0, 1)))
    err = first_error(gen_of(as_dict("float64"), as_dict("float64"), empty))
    assert "x['a'] has 0 rows" in str(err)


def test_y_of_rank_one_then_zero_d_takes_the_slow_path():
    x = np.zeros((4, 2))
    err = first_error(gen_of((x, np.zeros(4)), (x, np.zeros(()))))
    assert "y is a 0-d array" in str(err)


# ------------------------------------------------------------------------- finiteness


def test_check_finite_rejects_nan_and_infinity():
    x, y = xy()
    x = x.copy()
    x[3, 1] = np.nan
    x[5, 0] = np.inf
    assert next(validate_batches(gen_of((x, y)))) is not None  # off by default
    err = first_error(gen_of((x, y)), check_finite=True)
    assert "x contains 1 NaN and 1 infinite value (the first at index (3, 1))" in str(err)


def test_check_finite_checks_every_batch_and_ignores_int_leaves():
    x, y = xy()
    ints = np.zeros((32, 1), np.int64)
    bad_y = y.copy()
    bad_y[0, 0] = -np.inf
    err = first_error(gen_of((x, ints), (x, ints), (x, bad_y)), check_finite=True)
    assert err.batch_index == 2
    assert "y contains 1 infinite value" in str(err)


# ------------------------------------------------------------------ user exceptions


def test_user_exceptions_pass_through_with_a_note():
    boom = KeyError("boom-from-user-generator")

    def failing():
        yield xy()
        yield xy()
        raise boom

    wrapped = validate_batches(failing())
    next(wrapped)
    next(wrapped)
    with pytest.raises(KeyError) as info:
        next(wrapped)
    assert info.value is boom
    if sys.version_info >= (3, 11):
        line = inspect.getsourcelines(failing)[1]
        assert info.value.__notes__ == [
            "migrate_fitgen.validate_batches: raised by generator 'failing' "
            f"({HERE}:{line}) while producing batch 2"
        ]


def test_exception_on_the_first_batch_names_batch_zero():
    def failing():
        raise RuntimeError("no data")
        yield  # pragma: no cover

    with pytest.raises(RuntimeError, match="no data") as info:
        next(validate_batches(failing()))
    if sys.version_info >= (3, 11):
        assert info.value.__notes__[0].endswith("while producing batch 0")


def test_stop_iteration_ends_the_wrapper_normally():
    wrapped = validate_batches(gen_of(xy(), xy()))
    assert len(list(wrapped)) == 2
    with pytest.raises(StopIteration):
        next(wrapped)


# --------------------------------------------------------------- laziness, send, close


def test_wrapper_pulls_nothing_before_next():
    pulled = []

    def batches():
        for i in range(3):
            pulled.append(i)
            yield xy()

    wrapped = validate_batches(batches())
    assert pulled == []
    next(wrapped)
    assert pulled == [0]
    next(wrapped)
    assert pulled == [0, 1]


def test_iterator_is_not_pulled_before_next():
    it = CountingIterator(xy(), 5)
    wrapped = validate_batches(it)
    assert it.pulled == 0
    next(wrapped)
    assert it.pulled == 1


def test_send_is_forwarded():
    received = []

    def batches():
        while True:
            value = yield xy()
            received.append(value)

    wrapped = validate_batches(batches())
    next(wrapped)
    wrapped.send("hello")
    next(wrapped)
    assert received == ["hello", None]


class ClosableIterator(CountingIterator):
    """A class iterator with a close() method of its own, which nobody but its owner may call."""

    closed = False

    def close(self):
        self.closed = True


def _endless():
    while True:
        yield xy()


# Each kind of source: a factory, and how to tell that it is still alive afterwards.
SOURCE_KINDS = [
    pytest.param(_endless, id="generator"),
    pytest.param(lambda: (b for b in _endless()), id="generator_expression"),
    pytest.param(lambda: CountingIterator(xy(), 100), id="class_iterator"),
    pytest.param(lambda: ClosableIterator(xy(), 100), id="class_iterator_with_close"),
    pytest.param(lambda: iter([xy()] * 100), id="list_iterator"),
    pytest.param(lambda: itertools.cycle([xy()]), id="itertools_cycle"),
    pytest.param(lambda: map(lambda i: xy(), range(100)), id="map"),
    pytest.param(lambda: zip(*[[b[0] for b in [xy()] * 100], [b[1] for b in [xy()] * 100]]),
                 id="zip"),
]


@pytest.mark.parametrize("make", SOURCE_KINDS)
@pytest.mark.parametrize("end", ["close", "garbage_collect", "exhausted_wrapper_dropped"])
def test_the_source_is_still_usable_after_the_wrapper_ends(make, end):
    # Keras drops its iterator at the end of every fit/evaluate/predict; a program that
    # passes the same source again (two fits, validation then evaluate, a callback that
    # evaluates every epoch) must find it exactly where Keras left it.
    source = make()
    wrapped = validate_batches(source)
    next(wrapped)
    next(wrapped)
    if end == "close":
        wrapped.close()
    else:
        del wrapped
        gc.collect()
    if isinstance(source, ClosableIterator):
        assert not source.closed
    if isinstance(source, CountingIterator):
        assert source.pulled == 2  # nothing read ahead, nothing read behind
    again = validate_batches(source)
    batch = next(again)
    assert batch[0].shape == (32, 4)
    # and the source itself, unwrapped, still yields
    assert next(source)[0].shape == (32, 4)


def test_a_generator_wrapped_twice_feeds_both_wrappers_in_turn():
    pulled = []

    def batches():
        for i in itertools.count():
            pulled.append(i)
            yield xy(rows=i + 1)

    source = batches()
    first, second = validate_batches(source), validate_batches(source)
    assert next(first)[0].shape[0] == 1
    assert next(second)[0].shape[0] == 2
    first.close()
    assert next(second)[0].shape[0] == 3
    assert pulled == [0, 1, 2]


def test_a_generators_return_value_passes_through():
    def batches():
        yield xy()
        return "done"

    wrapped = validate_batches(batches())
    next(wrapped)
    with pytest.raises(StopIteration) as info:
        next(wrapped)
    assert info.value.value == "done"


def test_a_generator_that_ends_early_ends_the_wrapper_and_stays_ended():
    source = gen_of(xy(), xy())
    wrapped = validate_batches(source)
    assert len(list(wrapped)) == 2
    assert list(source) == []  # ended by itself, as it would have without the wrapper
    with pytest.raises(BatchValidationError, match="yielded no batches"):
        next(validate_batches(source))


def test_stop_iteration_raised_inside_a_generator_is_the_same_runtime_error():
    def batches():
        yield xy()
        raise StopIteration  # PEP 479: Python turns this into RuntimeError

    bare = batches()
    next(bare)
    with pytest.raises(RuntimeError) as bare_info:
        next(bare)
    wrapped = validate_batches(batches())
    next(wrapped)
    with pytest.raises(RuntimeError) as wrapped_info:
        next(wrapped)
    assert str(wrapped_info.value) == str(bare_info.value)


def test_a_class_iterator_that_resumes_after_stop_iteration_resumes_under_a_new_wrapper():
    class Epochs:  # a Keras-2-style iterator: StopIteration ends an epoch, not the data
        def __init__(self):
            self.i = 0

        def __iter__(self):
            return self

        def __next__(self):
            self.i += 1
            if self.i % 3 == 0:
                raise StopIteration
            return xy()

    source = Epochs()
    assert len(list(validate_batches(source))) == 2
    assert len(list(validate_batches(source))) == 2


def test_throw_is_forwarded_to_the_source():
    def batches():
        while True:
            try:
                yield xy()
            except ValueError:
                yield xy(rows=5)

    wrapped = validate_batches(batches())
    next(wrapped)
    batch = wrapped.throw(ValueError("switch"))
    assert batch[0].shape == (5, 4)


def test_a_validation_error_leaves_the_source_open():
    events = []

    def batches():
        try:
            yield xy(y_rows=3)
            yield xy()
        finally:
            events.append("closed")

    source = batches()
    with pytest.raises(BatchValidationError):
        next(validate_batches(source))
    assert events == []
    assert next(source)[1].shape == (32, 1)


# ------------------------------------------- PyDataset recognised by name (no Keras)


def _fake_keras_pydataset_base():
    class PyDataset:  # what the runtime looks for: this name, in a keras.* module
        def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
            self._workers = workers

        @property
        def workers(self):
            return self._workers

    PyDataset.__module__ = "keras.src.trainers.data_adapters.py_dataset_adapter"
    return PyDataset


FakePyDataset = _fake_keras_pydataset_base()


class Batches(FakePyDataset):
    def __init__(self, batches, **kwargs):
        super().__init__(**kwargs)
        self.batches = batches
        self.epochs = 0
        self.batch_size = 32

    def __len__(self):
        return len(self.batches)

    def __getitem__(self, i):
        return self.batches[i]

    def on_epoch_end(self):
        self.epochs += 1


def test_pydataset_is_recognised_by_its_mro_and_wrapped():
    good = xy()
    ds = Batches([good, [good[0], good[1]], xy(y_rows=27)], workers=2)
    wrapped = validate_batches(ds)
    assert isinstance(wrapped, FakePyDataset)
    assert len(wrapped) == 3 and wrapped.num_batches == 3
    assert wrapped.workers == 2 and wrapped.batch_size == 32
    assert wrapped[0] is good
    assert wrapped[1] == good  # a list from __getitem__ becomes a tuple, silently
    wrapped.on_epoch_end()
    assert ds.epochs == 1
    with pytest.raises(BatchValidationError) as info:
        wrapped[2]
    assert str(info.value).startswith(
        "batch 2 from PyDataset 'Batches': x has 32 rows but y has 27"
    )
    assert validate_batches(wrapped) is wrapped


def test_pydataset_wrapper_survives_pickling():
    ds = Batches([xy(), xy(y_rows=3)])
    clone = pickle.loads(pickle.dumps(validate_batches(ds)))
    assert isinstance(clone, FakePyDataset)
    assert clone[0][0].shape == (32, 4)
    with pytest.raises(BatchValidationError, match="has 3"):
        clone[1]


def test_pydataset_wrapper_reads_and_writes_through_to_the_dataset():
    ds = Batches([xy(), xy()], workers=3)
    wrapped = validate_batches(ds)
    assert ds.workers == 3  # wrapping leaves the dataset's settings alone
    ds.batch_size = 64  # set on the dataset after wrapping: the wrapper sees it
    assert wrapped.batch_size == 64
    wrapped.augment = False  # set on the wrapper (by Keras or a callback): lands on the dataset
    assert ds.augment is False
    del wrapped.augment
    assert not hasattr(ds, "augment")
    assert set(vars(wrapped)) == {"_mf_inner", "_mf_checker"}


def test_pydataset_reused_by_several_wrappers_keeps_one_state():
    ds = Batches([xy(), xy()])
    for _ in range(3):
        wrapped = validate_batches(ds)
        assert [b[0].shape for b in (wrapped[0], wrapped[1])] == [(32, 4), (32, 4)]
        wrapped.on_epoch_end()
        del wrapped
        gc.collect()
    assert ds.epochs == 3
    assert len(ds) == 2 and ds[0][0].shape == (32, 4)


def test_pydataset_without_on_epoch_hooks_or_len_behaves_like_the_bare_dataset():
    class Endless(FakePyDataset):
        def __init__(self):
            super().__init__()

        def __getitem__(self, i):
            return xy()

        @property
        def num_batches(self):
            return None  # infinite

    wrapped = validate_batches(Endless())
    assert wrapped.num_batches is None
    wrapped.on_epoch_begin()
    wrapped.on_epoch_end()
    assert wrapped[7][0].shape == (32, 4)
