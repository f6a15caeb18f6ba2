import keras


class BaseDetector(keras.Model):
    """Every detector of the project is a keras.Model."""
