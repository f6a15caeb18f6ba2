from migrate_fitgen.analyze.rules.base import Rule, register
from migrate_fitgen.diagnostics import Severity
from migrate_fitgen.keras1_names import REMOVED_TOKENS


@register
class RemovedTrainingApi(Rule):
    """
    ## What it does
    Flags training-path names that Keras 3 removed with no drop-in equivalent:
    `multi_gpu_model`, a model's `predict_classes` and `predict_proba`,
    `keras.backend.set_learning_phase`/`learning_phase`, sessions
    (`get_session`, `set_session`, `keras.backend.tensorflow_backend`),
    `keras.backend.set_value`/`get_value`, `image_dim_ordering`, and Keras 2 layers
    Keras 3 dropped (`Merge`, `Deconvolution2D`, `AtrousConvolution2D`, `Highway`,
    `MaxoutDense`, `LocallyConnected2D`, `CuDNNLSTM`...). Reported at the import that
    brings the name, or at the call when the name is reached through a module.

    ## Why is this bad?
    On Keras 3 the script stops there with `ImportError` or `AttributeError`, before
    or during training.

    ## Example
    ```python
    import keras.backend as K

    K.set_learning_phase(0)
    ```

    ## Use instead
    ```python
    import keras

    outputs = model(inputs, training=False)
    ```

    ## Fix safety
    No fix: each message says what to write instead. `predict_proba` is reported only
    when its receiver is followed to a Keras model (scikit-learn has the same name).
    """

    code = "FG203"
    name = "removed-training-api"
    severity = Severity.ERROR
    summary = "training-path name that Keras 3 removed (`multi_gpu_model`, `predict_classes`, sessions...)"
    tokens = REMOVED_TOKENS
