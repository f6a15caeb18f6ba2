"""Doc."""
try:
    import keras
except ImportError:
    keras = None

model.fit_generator(g, 10)
