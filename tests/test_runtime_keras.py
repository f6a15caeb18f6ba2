"""validate_batches against real Keras 3 (JAX backend, CPU), no mocks.

Models are tiny (Dense on (N, 4)), runs are verbose=0 and a few steps long.
"""

import os

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import importlib.util  # noqa: E402
import itertools  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

keras = pytest.importorskip("keras")

from migrate_fitgen.runtime import BatchValidationError, validate_batches  # noqa: E402

SEED_FILE = Path(__file__).resolve().parent.parent / "corpus" / "programs" / "seed_generators.py"

pytestmark = pytest.mark.filterwarnings(
    "ignore:Your input ran out of data:UserWarning",
)


def dense_model(features=4, outputs=1):
    model = keras.Sequential([keras.Input((features,)), keras.layers.Dense(outputs)])
    model.compile(optimizer="sgd", loss="mse")
    return model


def batch(i=0, rows=8, features=4):
    x = np.full((rows, features), i, dtype="float32")
    y = np.full((rows, 1), i, dtype="float32")
    return x, y


def finite(n, make=batch):
    for i in range(1, n + 1):
        yield make(i)


def forever(make=batch):
    while True:
        yield make()


class CountBatches(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.per_epoch = []

    def on_epoch_begin(self, epoch, logs=None):
        self.per_epoch.append(0)

    def on_train_batch_end(self, batch, logs=None):
        self.per_epoch[-1] += 1


# ------------------------------------------------------------------------ generators


def test_finite_generator_peek_and_replay_work_through_the_wrapper():
    pulled = []

    def source():
        for i in range(1, 6):
            pulled.append(i)
            yield batch(i)

    counter = CountBatches()
    history = dense_model().fit(
        validate_batches(source()), epochs=3, verbose=0, shuffle=False, callbacks=[counter]
    )
    assert len(history.history["loss"]) == 3
    # Keras 3 replays its 2 peeked batches after the generator runs out (ground truth 3.2).
    assert counter.per_epoch == [5, 2, 2]
    assert pulled == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: iter([batch(1), batch(2), batch(3)]), id="list_iterator"),
        pytest.param(lambda: itertools.cycle([batch(1), batch(2)]), id="itertools_cycle"),
    ],
)
def test_iterators_are_rejected_by_keras_and_accepted_wrapped(make):
    model = dense_model()
    with pytest.raises(ValueError, match="Unrecognized data type"):
        model.fit(make(), steps_per_epoch=3, verbose=0, shuffle=False)
    history = model.fit(validate_batches(make()), steps_per_epoch=3, verbose=0, shuffle=False)
    assert len(history.history["loss"]) == 1


def test_list_batches_are_rejected_by_keras_and_accepted_wrapped():
    def lists():
        while True:
            yield list(batch())

    model = dense_model()
    with pytest.raises(ValueError, match="the generator must return a tuple"):
        model.fit(lists(), steps_per_epoch=2, verbose=0, shuffle=False)
    with pytest.warns(UserWarning, match="yields lists"):
        model.fit(validate_batches(lists()), steps_per_epoch=2, verbose=0, shuffle=False)


def test_validation_data_generator_is_wrapped():
    model = dense_model()
    history = model.fit(
        validate_batches(forever()),
        steps_per_epoch=2,
        epochs=2,
        validation_data=validate_batches(forever(), mode="evaluate"),
        validation_steps=2,
        verbose=0,
        shuffle=False,
    )
    assert set(history.history) == {"loss", "val_loss"}
    assert len(history.history["val_loss"]) == 2


def test_bad_validation_batch_is_reported_by_the_wrapper():
    model = dense_model()
    with pytest.raises(
        BatchValidationError, match="batch 0 from generator 'forever'.*x has 8 rows but y has 3"
    ):
        model.fit(
            validate_batches(forever()),
            steps_per_epoch=2,
            validation_data=validate_batches(
                forever(lambda: (batch()[0], batch(rows=3)[1])), mode="evaluate"
            ),
            validation_steps=2,
            verbose=0,
            shuffle=False,
        )


def test_evaluate_and_predict_through_the_wrapper():
    model = dense_model()
    loss = model.evaluate(validate_batches(finite(3), mode="evaluate"), verbose=0)
    assert np.isfinite(loss)
    bare = (batch(i)[0] for i in range(3))  # a bare x: Keras 3 alone rejects it
    with pytest.raises(ValueError, match="must return a tuple"):
        model.predict((batch(i)[0] for i in range(3)), verbose=0)
    predictions = model.predict(validate_batches(bare, mode="predict"), verbose=0)
    assert predictions.shape == (24, 1)


def test_dict_multi_input_model_trains_through_the_wrapper():
    a = keras.Input((4,), name="a")
    b = keras.Input((2,), name="b")
    out = keras.layers.Dense(1)(keras.layers.Concatenate()([a, b]))
    model = keras.Model({"a": a, "b": b}, out)
    model.compile(optimizer="sgd", loss="mse")

    def dict_batches():
        while True:
            yield (
                {"a": np.ones((8, 4), "float32"), "b": np.ones((8, 2), "float32")},
                np.ones((8, 1)),
            )

    history = model.fit(
        validate_batches(dict_batches()), steps_per_epoch=3, verbose=0, shuffle=False
    )
    assert len(history.history["loss"]) == 1


def test_tuple_and_list_multi_input_models_train_through_the_wrapper():
    a = keras.Input((4,))
    b = keras.Input((2,))
    out = keras.layers.Dense(1)(keras.layers.Concatenate()([a, b]))
    model = keras.Model([a, b], out)
    model.compile(optimizer="sgd", loss="mse")

    def inputs(kind):
        while True:
            xs = kind([np.ones((8, 4), "float32"), np.ones((8, 2), "float32")])
            yield xs, np.ones((8, 1), "float32")

    for kind in (tuple, list):  # lists of inputs become tuples (the TF backend rejects lists)
        history = model.fit(
            validate_batches(inputs(kind)), steps_per_epoch=2, verbose=0, shuffle=False
        )
        assert len(history.history["loss"]) == 1


def test_error_after_the_peek_reaches_the_user_unchanged():
    def drifting():
        for i in range(5):
            yield batch(features=4 if i < 3 else 5)

    with pytest.raises(BatchValidationError) as info:
        dense_model().fit(validate_batches(drifting()), epochs=1, verbose=0, shuffle=False)
    assert info.value.batch_index == 3
    assert "x has shape (8, 5) but had shape (8, 4) in batch 0" in str(info.value)


def test_user_exception_passes_through_keras_unchanged():
    boom = KeyError("boom-from-user-generator")

    def failing():
        yield batch()
        yield batch()
        yield batch()
        raise boom

    with pytest.raises(KeyError) as info:
        dense_model().fit(validate_batches(failing()), steps_per_epoch=5, verbose=0, shuffle=False)
    assert info.value is boom
    notes = getattr(info.value, "__notes__", ["while producing batch 3"])
    assert notes[-1].endswith("while producing batch 3")


# ------------------------------------------------------------ Sequence / PyDataset


class Batches(keras.utils.Sequence):
    def __init__(self, n=3, rows=8, make=batch, **kwargs):
        super().__init__(**kwargs)
        self.n, self.rows, self.make = n, rows, make
        self.epochs_ended = 0

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return self.make(i, rows=self.rows)

    def on_epoch_end(self):
        self.epochs_ended += 1


def test_sequence_wrapper_keeps_len_and_on_epoch_end():
    seq = Batches(n=3)
    wrapped = validate_batches(seq)
    assert isinstance(wrapped, keras.utils.PyDataset)
    assert isinstance(wrapped, keras.utils.Sequence)
    assert len(wrapped) == 3
    assert (wrapped.workers, wrapped.use_multiprocessing, wrapped.max_queue_size) == (1, False, 10)
    history = dense_model().fit(wrapped, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    plain = Batches(n=3)
    dense_model().fit(plain, epochs=2, verbose=0)
    # Keras 3.15 calls on_epoch_end epochs + 1 times; the wrapper forwards every call.
    assert seq.epochs_ended == plain.epochs_ended >= 2


def test_sequence_returning_lists_and_class_weight():
    seq = Batches(n=2, make=lambda i, rows: [np.ones((rows, 4), "float32"), np.arange(rows) % 2])
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # lists from __getitem__ convert silently
        history = model.fit(validate_batches(seq), class_weight={0: 1.0, 1: 2.0}, verbose=0)
    assert len(history.history["loss"]) == 1


def test_pydataset_with_two_workers_still_trains():
    seq = Batches(n=4, workers=2)
    wrapped = validate_batches(seq)
    assert wrapped.workers == 2
    history = dense_model().fit(wrapped, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert seq.epochs_ended >= 2


def test_pydataset_with_two_workers_reports_bad_batches():
    def make(i, rows):
        x, y = batch(i, rows=rows)
        return (x, y[:5]) if i == 2 else (x, y)

    wrapped = validate_batches(Batches(n=4, make=make, workers=2))
    with pytest.raises(
        BatchValidationError, match="batch 2 from PyDataset 'Batches': x has 8 rows but y has 5"
    ):
        dense_model().fit(wrapped, epochs=1, verbose=0)


def test_sequence_evaluate_and_predict():
    model = dense_model()
    loss = model.evaluate(validate_batches(Batches(n=2), mode="evaluate"), verbose=0)
    assert np.isfinite(loss)
    x_only = Batches(n=2, make=lambda i, rows: np.ones((rows, 4), "float32"))
    predictions = model.predict(validate_batches(x_only, mode="predict"), verbose=0)
    assert predictions.shape == (16, 1)
    with pytest.raises(BatchValidationError, match="__getitem__ returned a bare ndarray"):
        model.fit(validate_batches(x_only), verbose=0)


def test_image_data_generator_iterator_is_wrapped():
    image = pytest.importorskip("keras.src.legacy.preprocessing.image")
    flow = image.ImageDataGenerator(rescale=1 / 255).flow(
        np.random.rand(24, 8, 8, 3).astype("float32"), np.arange(24) % 2, batch_size=8
    )
    wrapped = validate_batches(flow)
    assert isinstance(wrapped, keras.utils.PyDataset)
    assert len(wrapped) == 3 and wrapped.batch_size == 8
    model = keras.Sequential(
        [
            keras.Input((8, 8, 3)),
            keras.layers.Flatten(),
            keras.layers.Dense(2, activation="softmax"),
        ]
    )
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    history = model.fit(wrapped, epochs=1, verbose=0)
    assert len(history.history["loss"]) == 1


# ----------------------------------------------------- the article's seed generators


@pytest.fixture(scope="module")
def seeds():
    spec = importlib.util.spec_from_file_location("seed_generators", SEED_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seed_model():
    model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    return model


def def_line(func):
    return func.__code__.co_firstlineno


def test_seed_data_generator_trains_with_the_validator(seeds):
    X, y = seeds.make_data()
    gen = validate_batches(seeds.data_generator(X, y, 32))
    history = seed_model().fit(gen, steps_per_epoch=5, epochs=2, verbose=0, shuffle=False)
    assert len(history.history["loss"]) == 2


def test_seed_flawed_generator_fails_at_batch_0_with_dtype_advice(seeds):
    X, y = seeds.make_data()
    with pytest.raises(BatchValidationError) as info:
        seed_model().fit(
            validate_batches(seeds.flawed_generator(X, y, 32)),
            steps_per_epoch=5,
            verbose=0,
            shuffle=False,
        )
    message = str(info.value)
    line = def_line(seeds.flawed_generator)
    assert message.startswith(
        f"batch 0 from generator 'flawed_generator' (seed_generators.py:{line}): x has dtype <U"
    )
    assert "(strings)" in message and "X.astype('float32')" in message


def test_seed_shape_mismatch_generator_fails_at_batch_0(seeds):
    X, y = seeds.make_data()
    with pytest.raises(BatchValidationError) as info:
        seed_model().fit(
            validate_batches(seeds.shape_mismatch_generator(X, y, 32)),
            steps_per_epoch=5,
            verbose=0,
            shuffle=False,
        )
    line = def_line(seeds.shape_mismatch_generator)
    assert str(info.value) == (
        f"batch 0 from generator 'shape_mismatch_generator' (seed_generators.py:{line}): "
        "x has 32 rows but y has 27; every element of a batch needs the same first dimension"
    )


def test_without_the_validator_keras_gives_its_own_errors(seeds):
    """What users saw before: Keras' own messages, not ours (recorded for the docs)."""
    X, y = seeds.make_data()
    with pytest.raises(Exception) as flawed:
        seed_model().fit(
            seeds.flawed_generator(X, y, 32), steps_per_epoch=5, verbose=0, shuffle=False
        )
    assert not isinstance(flawed.value, BatchValidationError)
    assert str(flawed.value) == "Invalid dtype: str1024"

    with pytest.raises(Exception) as mismatch:
        seed_model().fit(
            seeds.shape_mismatch_generator(X, y, 32), steps_per_epoch=5, verbose=0, shuffle=False
        )
    assert not isinstance(mismatch.value, BatchValidationError)
    assert "batch 0" not in str(mismatch.value)
    # binary_crossentropy checks shapes; mse would fail later, in JAX broadcasting
    assert "target.shape=(27, 1), output.shape=(32, 1)" in str(mismatch.value)


# ------------------------------------------- reuse: the wrapper must be invisible


def _run_reuse_patterns(wrap):
    """Run the everyday reuse patterns on real Keras 3; return what each step saw."""
    maybe = (lambda data, **kw: validate_batches(data, **kw)) if wrap else (lambda data, **kw: data)
    seen = []
    keras.utils.set_random_seed(0)
    model = dense_model()
    train, val = forever(), forever()
    # two fits on the same generators (train the head, then train again)
    for _ in range(2):
        history = model.fit(
            maybe(train), steps_per_epoch=3, epochs=2, verbose=0,
            validation_data=maybe(val, mode="evaluate"), validation_steps=2,
        )
        seen.append(len(history.history["val_loss"]))
    # validation generator, then evaluate on the same object
    seen.append(np.isfinite(model.evaluate(maybe(val, mode="evaluate"), steps=2, verbose=0)))

    # a callback that evaluates the same generator at every epoch end
    class EvaluateEachEpoch(keras.callbacks.Callback):
        def __init__(self, gen):
            super().__init__()
            self.gen, self.losses = gen, []

        def on_epoch_end(self, epoch, logs=None):
            self.losses.append(self.model.evaluate(maybe(self.gen, mode="evaluate"), steps=1,
                                                   verbose=0))

    callback = EvaluateEachEpoch(finite(10))
    model.fit(maybe(train), steps_per_epoch=2, epochs=3, verbose=0, callbacks=[callback])
    seen.append(len(callback.losses))
    # a generator expression reading from a generator that Keras also gets
    source = finite(20)
    model.fit(maybe(source), steps_per_epoch=2, epochs=1, verbose=0)
    xs = ((x,) for x, _ in source)
    seen.append(model.predict(maybe(xs, mode="predict"), steps=2, verbose=0).shape)
    # a PyDataset reused across calls, with a setting changed in between
    seq = Batches(n=3)
    model.fit(maybe(seq), epochs=1, verbose=0)
    seq.rows = 5
    seen.append(model.predict(maybe(seq, mode="predict"), verbose=0).shape)
    seen.append(seq.epochs_ended)
    return seen


def test_reuse_patterns_give_the_same_results_with_and_without_the_wrapper():
    bare = _run_reuse_patterns(wrap=False)
    wrapped = _run_reuse_patterns(wrap=True)
    assert wrapped == bare
    assert bare[:2] == [2, 2] and bare[-2] == (15, 1)


def test_real_pydataset_settings_survive_wrapping_and_pickling():
    import pickle

    seq = Batches(n=2, workers=2, use_multiprocessing=True, max_queue_size=4)
    wrapped = validate_batches(seq)
    assert (seq.workers, seq.use_multiprocessing, seq.max_queue_size) == (2, True, 4)
    wrapped.workers = 3  # Keras or a callback setting it on the wrapper sets the dataset's
    assert seq.workers == 3
    clone = pickle.loads(pickle.dumps(wrapped))  # what a spawn-started worker receives
    assert isinstance(clone, keras.utils.PyDataset)
    assert (clone.workers, clone.use_multiprocessing, clone.max_queue_size) == (3, True, 4)
    assert clone[1][0].shape == (8, 4)



class _TripletLoss(keras.layers.Layer):
    """A loss layer in the style of the triplet-loss notebooks found on real code: the
    model's loss comes from ``add_loss``, so its batches carry no targets."""

    def call(self, inputs):
        a, p, n = inputs
        loss = keras.ops.mean(keras.ops.maximum(keras.ops.sum((a - p) ** 2 - (a - n) ** 2, axis=-1) + 0.2, 0.0))
        self.add_loss(loss)
        return loss


def _triplet_model():
    ins = [keras.Input((4,)) for _ in range(3)]
    dense = keras.layers.Dense(2)
    out = _TripletLoss()([dense(i) for i in ins])
    model = keras.Model(ins, out)
    model.compile(optimizer="sgd")
    return model


@pytest.mark.parametrize("form", ["(x, None)", "(x,)"])
def test_batches_without_targets_train_with_add_loss(form):
    def triplets():
        while True:
            x = [np.random.rand(8, 4).astype("float32") for _ in range(3)]
            yield (x, None) if form == "(x, None)" else (x,)

    for data in (triplets(), validate_batches(triplets())):
        history = _triplet_model().fit(data, steps_per_epoch=2, epochs=1, verbose=0)
        assert len(history.history["loss"]) == 1
