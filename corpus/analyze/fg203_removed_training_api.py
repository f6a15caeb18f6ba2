import keras.backend as K
from keras.models import load_model
from keras.utils import multi_gpu_model  # expect: FG203
from keras.layers import Merge, Dense  # expect: FG203
from keras.backend.tensorflow_backend import set_session  # expect: FG203
from sklearn.linear_model import LogisticRegression

K.set_learning_phase(0)  # expect: FG203
model = load_model("model.h5")
classes = model.predict_classes(x_test)  # expect: FG203
probs = model.predict_proba(x_test)  # expect: FG203
clf = LogisticRegression()
sk_probs = clf.predict_proba(x_test)
try:
    from keras.utils import multi_gpu_model as mgm
except ImportError:
    mgm = None
