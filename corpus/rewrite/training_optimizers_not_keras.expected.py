"""Optimizers that are not Keras': nothing changes."""
import torch
from keras.layers import Dense


class Adam:
    def __init__(self, lr=0.1, decay=0.0):
        self.lr = lr


opt = Adam(lr=0.1, decay=0.5)
torch_opt = torch.optim.SGD(params, lr=0.1)
layer = Dense(3)
