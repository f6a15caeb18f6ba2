"""Training-path names Keras 3 removed: reported at the line, nothing changes."""
import numpy as np
import keras.backend as K
from keras.models import Sequential, load_model
from keras.utils import multi_gpu_model
from keras.layers import Merge, Dense
from keras.backend.tensorflow_backend import set_session
from sklearn.linear_model import LogisticRegression

K.set_learning_phase(0)
sess = K.get_session()
model = load_model("model.h5")
parallel = multi_gpu_model(model, gpus=2)
classes = model.predict_classes(x_test)
probs = model.predict_proba(x_test)
K.set_value(model.optimizer.lr, 0.001)
clf = LogisticRegression()
sk_probs = clf.predict_proba(x_test)  # scikit-learn's: not reported
try:
    from keras.utils import multi_gpu_model as mgm  # guarded: not reported
except ImportError:
    mgm = None
