"""The rewritten optimizers and layers, built and trained on real Keras 3 (JAX): the
learning rate follows Keras 2's ``lr / (1 + decay * iterations)`` step by step, and
the layers are the ones Keras 2's legacy interfaces built."""

from __future__ import annotations

import numpy as np
import pytest

from migrate_fitgen.rewrite import rewrite_source

keras = pytest.importorskip("keras")


def rewritten(source: str) -> dict:
    out = rewrite_source(source, "case.py").output
    assert out != source
    namespace: dict = {}
    exec(compile(out, "case.py", "exec"), namespace)  # noqa: S102 - our own test code
    return namespace


def keras2_rates(lr: float, decay: float, steps: int) -> list:
    """keras-team/keras 2.2.4 keras/optimizers.py: lr * (1 / (1 + decay * iterations)),
    with ``iterations`` counting the updates made before this one."""
    return [lr * (1.0 / (1.0 + decay * k)) for k in range(steps)]


@pytest.mark.parametrize(
    "source,lr,decay",
    [
        ("from keras.optimizers import SGD\nopt = SGD(lr=0.1, decay=0.5)\n", 0.1, 0.5),
        ("import keras\nopt = keras.optimizers.SGD(0.2, decay=0.25)\n", 0.2, 0.25),
        ("from keras import optimizers\nopt = optimizers.SGD(decay=1.0)\n", 0.01, 1.0),
    ],
    ids=["keywords", "positional_lr_module_chain", "default_lr"],
)
def test_sgd_trains_with_the_keras2_learning_rates(source, lr, decay):
    """Loss w**2 on one weight (x=1, y=0): SGD without momentum moves w to
    w * (1 - 2 * lr_k) at step k, so the weight after the run is the product of the
    factors, and the rate the optimizer reports at each step is lr_k."""
    opt = rewritten(source)["opt"]
    steps = 6
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, use_bias=False, kernel_initializer="ones")])
    model.compile(optimizer=opt, loss="mse")
    seen = []

    class Rates(keras.callbacks.Callback):
        def on_train_batch_begin(self, batch, logs=None):
            seen.append(float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate)))

    def batches():
        while True:
            yield np.ones((1, 1), "float32"), np.zeros((1, 1), "float32")

    model.fit(batches(), steps_per_epoch=steps, epochs=1, verbose=0, callbacks=[Rates()])
    expected = keras2_rates(lr, decay, steps)
    np.testing.assert_allclose(seen, expected, rtol=1e-6)
    weight = float(model.layers[0].kernel.numpy()[0, 0])
    np.testing.assert_allclose(weight, np.prod([1 - 2 * r for r in expected]), rtol=1e-5)
    # without the rewrite's schedule Keras 3 would have trained at a constant rate
    assert not np.isclose(weight, (1 - 2 * lr) ** steps)


def test_adam_with_decay_follows_the_keras2_rate():
    opt = rewritten("from keras.optimizers import Adam\nopt = Adam(lr=0.01, decay=0.1, beta_1=0.8)\n")["opt"]
    assert opt.beta_1 == 0.8
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer=opt, loss="mse")
    model.fit(np.ones((40, 2), "float32"), np.zeros((40, 1), "float32"), batch_size=4, epochs=1, verbose=0)
    # 10 updates: the rate of the next one is Keras 2's for iterations = 10
    assert int(opt.iterations.numpy()) == 10
    assert float(keras.ops.convert_to_numpy(opt.learning_rate)) == pytest.approx(keras2_rates(0.01, 0.1, 11)[-1])


def test_keras1_convolution_builds_the_keras2_layer():
    """Keras 2 read Convolution2D(8, 3, 3, subsample=(2, 2), border_mode='same',
    init='zero', dim_ordering='tf') as a 3x3 kernel, strides 2, 'same' padding, zeros."""
    ns = rewritten(
        "from keras.layers import Convolution2D, MaxPooling2D, Dense, LSTM\n"
        "conv = Convolution2D(8, 3, 3, subsample=(2, 2), border_mode='same', init='zero', dim_ordering='tf')\n"
        "pool = MaxPooling2D((2, 2), border_mode='valid', dim_ordering='th')\n"
        "dense = Dense(output_dim=4, init='one', bias=False)\n"
        "lstm = LSTM(output_dim=3, input_dim=5, input_length=7, inner_init='zero', forget_bias_init='one')\n"
    )
    conv = ns["conv"]
    assert conv.kernel_size == (3, 3) and conv.strides == (2, 2) and conv.padding == "same"
    assert conv.data_format == "channels_last"
    assert type(conv.kernel_initializer).__name__ == "Zeros"
    assert ns["pool"].data_format == "channels_first" and ns["pool"].padding == "valid"
    dense = ns["dense"]
    assert dense.units == 4 and not dense.use_bias and type(dense.kernel_initializer).__name__ == "Ones"
    lstm = ns["lstm"]
    assert lstm.units == 3 and lstm.cell.unit_forget_bias
    assert type(lstm.cell.recurrent_initializer).__name__ == "Zeros"
    model = keras.Sequential([lstm])
    assert model.input_shape == (None, 7, 5)


def test_unrewritten_alias_call_would_build_another_layer():
    """The silent change the rewrite prevents: on Keras 3 the same call has strides 3."""
    layer = keras.layers.Convolution2D(8, 3, 3)
    assert layer.kernel_size == (3, 3) and layer.strides == (3, 3)
