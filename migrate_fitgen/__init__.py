"""migrate-fitgen: move Keras code off ``fit_generator`` and catch broken data generators."""

__version__ = "0.1.0"
