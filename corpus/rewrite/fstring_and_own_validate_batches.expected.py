import tensorflow.keras as K
from migrate_fitgen.runtime import validate_batches as mf_validate_batches
def validate_batches(x): return x
model.evaluate(mf_validate_batches(g, mode="evaluate"), steps=3, verbose=0)
print(f"{model.evaluate(mf_validate_batches(g, mode='evaluate'), steps=3, verbose=0)}")
print(f'{model.predict(mf_validate_batches(g, mode="predict"), steps=3, verbose=0)}')
print(f"{f'{model.predict_generator(g, 3)}'}")
