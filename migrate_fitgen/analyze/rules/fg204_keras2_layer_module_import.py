from migrate_fitgen.analyze.rules.base import Rule, register
from migrate_fitgen.diagnostics import Severity
from migrate_fitgen.keras1_names import MODULE_TOKENS


@register
class Keras2LayerModuleImport(Rule):
    """
    ## What it does
    Flags imports from the Keras 2 modules below `keras.layers`
    (`keras.layers.convolutional`, `keras.layers.core`, `keras.layers.normalization`,
    `keras.layers.merge`...) and from `keras.engine` (`keras.engine.topology`,
    `keras.engine.training`...), none of which exists in Keras 3.

    ## Why is this bad?
    On Keras 3 the file stops at the import: `ModuleNotFoundError: No module named
    'keras.layers.convolutional'`.

    ## Example
    ```python
    from keras.layers.convolutional import Conv2D, MaxPooling2D
    from keras.engine.topology import Layer
    ```

    ## Use instead
    ```python
    from keras.layers import Conv2D, MaxPooling2D
    from keras.layers import Layer
    ```

    ## Fix safety
    When every imported name is in one Keras 3 module (`keras.layers`, or `keras.models`
    for `Model` and `Sequential` from `keras.engine`), the import's module is replaced:
    a safe fix (the names are the same objects). A star import, `import
    keras.layers.core`, or names Keras 3 does not have (`Merge`, `Network`...) are
    reported without a fix.
    """

    code = "FG204"
    name = "keras2-layer-module-import"
    severity = Severity.ERROR
    summary = "import from a Keras 2 layer or engine module that Keras 3 does not have"
    tokens = MODULE_TOKENS
