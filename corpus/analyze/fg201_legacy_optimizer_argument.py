import keras
import torch
from keras.optimizers import SGD, Adam, Adagrad, Nadam, RMSprop

sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)  # expect: FG201
adam = Adam(lr=1e-4)  # expect: FG201
rms = RMSprop(lr=0.001, decay=0.0)  # expect: FG201
chained = keras.optimizers.Adam(0.001, decay=0.01)  # expect: FG201
no_default = Adagrad(decay=0.01)  # expect: FG201
both = Adam(lr=0.1, learning_rate=0.1)  # expect: FG201
positional = SGD(0.01, 0.9, 1e-6)  # expect: FG201
eps_none = Adam(lr=0.1, epsilon=None)  # expect: FG201, FG201
nadam = Nadam(learning_rate=0.002, schedule_decay=0.004)  # expect: FG201
fine = Adam(learning_rate=1e-3, beta_1=0.8)
torch_opt = torch.optim.SGD(params, lr=0.1)
