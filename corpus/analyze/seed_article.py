# The three generators of the seed article, with the fit_generator calls they were
# written for.  Expected: FG103 on the str cast, FG104 on the short slice, FG106 on
# the correct generator's one-time shuffle, and FG001 on each legacy call.
import numpy as np
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")


def data_generator(X, y, batch_size):
    """Generates batches of data.  Handles potential data mismatch gracefully."""
    num_samples = len(X)
    indices = np.arange(num_samples)
    np.random.shuffle(indices)  #Ensures data randomness across epochs.  # expect: FG106

    while True:
        for i in range(0, num_samples, batch_size):
            batch_indices = indices[i:i + batch_size]
            X_batch = X[batch_indices]
            y_batch = y[batch_indices]

            #Crucial data validation step:
            if X_batch.shape[0] != y_batch.shape[0]:
                raise ValueError("Data mismatch: Number of samples in X and y differ.")

            yield X_batch, y_batch


# Example usage (replace with your actual data)
X = np.random.rand(1000, 10)
y = np.random.randint(0, 2, 1000)  #Binary classification
batch_size = 32
my_generator = data_generator(X, y, batch_size)

#Verification: check the generator output
first_batch_X, first_batch_y = next(my_generator)
print(f"Shape of X batch: {first_batch_X.shape}")
print(f"Shape of y batch: {first_batch_y.shape}")
model.fit_generator(my_generator, steps_per_epoch=len(X) // batch_size, epochs=5)  # expect: FG001


def flawed_generator(X, y, batch_size):
    """Generates batches with incorrect data types. This will likely cause errors."""
    num_samples = len(X)
    while True:
        for i in range(0, num_samples, batch_size):
            X_batch = X[i:i + batch_size].astype(str) #Incorrect Type conversion  # expect: FG103
            y_batch = y[i:i + batch_size]
            yield X_batch, y_batch

# Example usage (replace with your actual data)  --Error prone
X = np.random.rand(1000, 10)
y = np.random.randint(0, 2, 1000)
batch_size = 32
flawed_generator = flawed_generator(X, y, batch_size)
model.fit_generator(flawed_generator, steps_per_epoch=len(X) // batch_size, epochs=5)  # expect: FG001


def shape_mismatch_generator(X, y, batch_size):
    """Generates batches with shape mismatch between X and y."""
    num_samples = len(X)
    while True:
        for i in range(0, num_samples, batch_size):
            X_batch = X[i:i + batch_size]
            # Introducing a shape mismatch:
            y_batch = y[i:i + batch_size - 5] #Fewer samples in y_batch  # expect: FG104
            yield X_batch, y_batch


# Example usage (replace with your actual data)  --Error prone
X = np.random.rand(1000, 10)
y = np.random.randint(0, 2, 1000)
batch_size = 32
mismatch_generator = shape_mismatch_generator(X, y, batch_size)
model.fit_generator(mismatch_generator, steps_per_epoch=len(X) // batch_size, epochs=5)  # expect: FG001
