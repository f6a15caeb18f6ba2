import numpy as np

def data_generator(X, y, batch_size):
    """Generates batches of data.  Handles potential data mismatch gracefully."""
    num_samples = len(X)
    indices = np.arange(num_samples)
    np.random.shuffle(indices)  #Ensures data randomness across epochs.

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


import numpy as np

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


#This will likely throw an error during model fitting.
#The model expects numerical input, not strings.


import numpy as np

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

#This will cause a shape mismatch error during model training.
