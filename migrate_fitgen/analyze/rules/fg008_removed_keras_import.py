from migrate_fitgen.analyze.rules.base import Rule, register
from migrate_fitgen.diagnostics import Severity
from migrate_fitgen.keras_imports import GONE_TRIGGERS, TRIGGERS


@register
class RemovedKerasImport(Rule):
    """
    ## What it does
    Flags imports of standalone Keras 2 data-path names that Keras 3 moved or removed:
    `keras.utils.np_utils` and `keras.utils.data_utils` (gone; `to_categorical`,
    `normalize`, `Sequence` and `get_file` are in `keras.utils`), `ImageDataGenerator`
    and its iterators and `random_*` transforms (gone from `keras.preprocessing.image`),
    `TimeseriesGenerator`, `skipgrams` and `make_sampling_table` (gone from
    `keras.preprocessing.sequence`), `keras.preprocessing.text`, and the enqueuers and
    `HDF5Matrix` of `keras.utils`. Also flags `keras.utils.np_utils.X`-style attribute
    chains and `from keras.preprocessing.image import *` in a file that uses a name
    the star no longer brings. Imports inside a `try` whose handlers catch
    `ImportError` are not reported, and neither is `tensorflow.keras`: on TF 2.16+ its
    legacy image and sequence names still resolve.

    ## Why is this bad?
    On Keras 3 the file stops at the import line with `ModuleNotFoundError: No module
    named 'keras.utils.np_utils'` or `ImportError: cannot import name
    'ImageDataGenerator' from 'keras.preprocessing.image'`, before any migrated
    `fit` call runs. (`img_to_array`, `load_img`, `array_to_img`, `save_img` and
    `pad_sequences` are still where they were.)

    ## Example
    ```python
    from keras.utils.np_utils import to_categorical
    from keras.preprocessing.image import ImageDataGenerator

    y = to_categorical(labels, 10)
    augment = ImageDataGenerator(rotation_range=10, horizontal_flip=True)
    ```

    ## Use instead
    ```python
    import keras
    from keras.utils import to_categorical

    y = to_categorical(labels, 10)
    augment = keras.Sequential([keras.layers.RandomRotation(10 / 360), keras.layers.RandomFlip("horizontal")])
    ```

    ## Fix safety
    A name that only moved is imported from its Keras 3 home, a safe fix (with
    `--target keras3`): a statement that mixes moved and removed names is split so that
    the moved ones move and the removed ones stay. `from keras.utils import np_utils`
    becomes `from keras import utils as np_utils`, and `import keras.utils.np_utils`
    becomes `import keras.utils` with its `keras.utils.np_utils.` uses shortened, only
    when every use in the file is a name that moved; otherwise, and for removed names,
    there is no fix: load images with `keras.utils.image_dataset_from_directory` or a
    `keras.utils.PyDataset` plus augmentation layers, or keep the code on tf_keras
    (`--target tf-keras`, which reports nothing here). Keras 3's `to_categorical` has no
    `dtype` parameter; the message says so where it matters.
    """

    code = "FG008"
    name = "removed-keras-import"
    severity = Severity.ERROR
    summary = "import of a Keras 2 data-path name that Keras 3 moved or removed"
    # the names ``keras_imports.might_matter`` looks for (checked before anything here)
    tokens = tuple(sorted(TRIGGERS | {last for _, last in GONE_TRIGGERS}))

    @classmethod
    def check(cls, ctx):
        from migrate_fitgen.keras_imports import might_matter
        from migrate_fitgen.rewrite import imports

        if ctx.target != "keras3" or not might_matter(ctx.facts.text):
            return []
        module = ctx.facts.module
        issues = imports.scan(module)
        return imports.diagnostics(issues, module, ctx.facts.positions, ctx.facts.text, ctx.path)
