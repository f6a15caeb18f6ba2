import numpy as np


def train_generator(batch_size):
    while True:
        yield np.zeros((batch_size, 256, 256, 1)), np.zeros((batch_size, 256, 256, 1))
