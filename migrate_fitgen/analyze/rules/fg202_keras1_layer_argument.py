from migrate_fitgen.analyze.rules.base import Rule, register
from migrate_fitgen.diagnostics import Severity
from migrate_fitgen.keras1_names import LAYER_TOKENS


@register
class Keras1LayerArgument(Rule):
    """
    ## What it does
    Flags the Keras 1 layer and model arguments that Keras 2 converted through
    `keras/legacy/interfaces.py` (`border_mode`, `subsample`, `init`, `output_dim`,
    `nb_filter`, `dim_ordering`, `W_regularizer`, `Model(input=..., output=...)`...) and
    Keras 1's positional kernel form `Convolution2D(nb_filter, nb_row, nb_col)`, on a
    call that resolves (through the file's imports) to a Keras layer or `Model`.

    ## Why is this bad?
    Keras 3 rejects the names: `ValueError: Unrecognized keyword arguments passed to
    Conv2D: {'border_mode': 'same'}`. Worse, `Convolution2D(64, 3, 3)` is still accepted
    (`Convolution2D` is an alias of `Conv2D`): Keras 2 built a 3x3 kernel, Keras 3
    builds a kernel of 3 with strides 3, trains without an error and gives another model.

    ## Example
    ```python
    from keras.layers import Convolution2D

    conv = Convolution2D(64, 3, 3, border_mode="same", init="he_normal")
    ```

    ## Use instead
    ```python
    from keras.layers import Convolution2D

    conv = Convolution2D(64, (3, 3), padding="same", kernel_initializer="he_normal")
    ```

    ## Fix safety
    Every conversion is the one Keras 2.2.4's `keras/legacy/interfaces.py` applied, for
    the layer it applied it to (the table is `migrate_fitgen/keras1_names.py`): keyword
    renames, `dim_ordering` 'tf'/'th' to `data_format` 'channels_last'/'channels_first'
    (a value that is not a literal is reported), the kernel form, `input_dim`/`input_length`
    of recurrent and 1D convolution layers to `input_shape`, and the arguments Keras 2
    dropped. These are safe fixes. Under a Keras 2 name (`Conv2D(64, 3, 3)`) the kernel
    form is an unsafe fix: Keras 2.0-2.3 read a kernel there, tf.keras and Keras 3 read
    strides. Calls Keras 2 itself rejected (both `nb_filter` and `filters`, too many
    positionals) and forms with no exact equivalent are reported without a fix.
    """

    code = "FG202"
    name = "keras1-layer-argument"
    severity = Severity.ERROR
    summary = "Keras 1 layer argument that Keras 2 converted and Keras 3 rejects or misreads"
    tokens = LAYER_TOKENS
