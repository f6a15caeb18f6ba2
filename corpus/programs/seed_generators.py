"""The three "seed generators" from the article that started this project.

Source: "What is the missing argument for the `fit_generator()` function?"
(2025-01-30, shared/reference/seed-article.md).  The function bodies are the
article's; only its module-level example code moved into the ``__main__`` block
(the article rebinds ``flawed_generator`` to its own generator object, which
would shadow the function here).

- ``data_generator``: correct; yields ``(X_batch, y_batch)`` forever.
- ``flawed_generator``: casts X to ``str`` (Keras 3: ``Invalid dtype: str1024``).
- ``shape_mismatch_generator``: y is 5 rows short (32 vs 27 rows; Keras 3 on JAX:
  ``sub got incompatible shapes for broadcasting``).

Importing this module only defines the three functions.
"""

import numpy as np


def data_generator(X, y, batch_size):
    """Generates batches of data.  Handles potential data mismatch gracefully."""
    num_samples = len(X)
    indices = np.arange(num_samples)
    np.random.shuffle(indices)  # Ensures data randomness across epochs.

    while True:
        for i in range(0, num_samples, batch_size):
            batch_indices = indices[i:i + batch_size]
            X_batch = X[batch_indices]
            y_batch = y[batch_indices]

            # Crucial data validation step:
            if X_batch.shape[0] != y_batch.shape[0]:
                raise ValueError("Data mismatch: Number of samples in X and y differ.")

            yield X_batch, y_batch


def flawed_generator(X, y, batch_size):
    """Generates batches with incorrect data types. This will likely cause errors."""
    num_samples = len(X)
    while True:
        for i in range(0, num_samples, batch_size):
            X_batch = X[i:i + batch_size].astype(str)  # Incorrect Type conversion
            y_batch = y[i:i + batch_size]
            yield X_batch, y_batch


def shape_mismatch_generator(X, y, batch_size):
    """Generates batches with shape mismatch between X and y."""
    num_samples = len(X)
    while True:
        for i in range(0, num_samples, batch_size):
            X_batch = X[i:i + batch_size]
            # Introducing a shape mismatch:
            y_batch = y[i:i + batch_size - 5]  # Fewer samples in y_batch
            yield X_batch, y_batch


def make_data(seed=0):
    """The article's example data: X (1000, 10) floats, y (1000,) binary labels."""
    rng = np.random.default_rng(seed)
    X = rng.random((1000, 10))
    y = rng.integers(0, 2, 1000)
    return X, y


if __name__ == "__main__":
    from migrate_fitgen.runtime import BatchValidationError, validate_batches

    X, y = make_data()
    batch_size = 32
    for gen_fn in (data_generator, flawed_generator, shape_mismatch_generator):
        checked = validate_batches(gen_fn(X, y, batch_size))
        try:
            X_batch, y_batch = next(checked)
        except BatchValidationError as exc:
            print(f"{gen_fn.__name__}: {exc}")
        else:
            print(f"{gen_fn.__name__}: OK, X {X_batch.shape}, y {y_batch.shape}")
