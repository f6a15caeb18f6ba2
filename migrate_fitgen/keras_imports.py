"""Where the data-path names of standalone Keras 2 live in Keras 3: data, not code.

Each row is one name a Keras 2 module had: where Keras 3 has the same name (the same
module when it stayed, another when it moved) or ``None`` when no public Keras 3
module has it, and what to do instead.  The names come from the keras-team/keras git
tags 2.0.0-2.4.0 (``keras/preprocessing/{image,sequence,text}.py``,
``keras/utils/{__init__,np_utils,data_utils}.py``) and tf.keras 2.15's
``keras.preprocessing.image``; where they are in Keras 3 was measured on the installed
Keras 3.15.1, and ``tests/test_keras_imports_table.py`` measures every row again.

Only standalone ``keras`` is described: through ``tensorflow.keras`` on TF 2.16+ the
legacy image and sequence names still resolve (measured on TF 2.21), and ``--target
tf-keras`` keeps every name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Mapping, Optional, Tuple

#: the advice shared by the rows of one family
_IMAGE_PIPELINE = (
    "load images with `keras.utils.image_dataset_from_directory` (or a "
    "`keras.utils.PyDataset` of your own) and augment with layers such as "
    "`keras.layers.RandomFlip`, `keras.layers.RandomRotation` and `keras.layers.RandomZoom`"
)
_ITERATOR = "subclass `keras.utils.PyDataset` for a data source of your own"
_AUGMENT = (
    "augment with the layers `keras.layers.RandomRotation`, `keras.layers.RandomTranslation`, "
    "`keras.layers.RandomShear`, `keras.layers.RandomZoom` and `keras.layers.RandomBrightness`"
)
_TEXT = "tokenize with the `keras.layers.TextVectorization` layer"
_ENQUEUER = (
    "a `keras.utils.PyDataset` runs its own workers and queue "
    "(`super().__init__(workers=..., use_multiprocessing=..., max_queue_size=...)`)"
)
_NO_EQUIVALENT = "Keras 3 has no public equivalent"


@dataclass(frozen=True)
class NameRow:
    module: str  # the Keras 2 module
    name: str
    #: the Keras 3 module with the same name: ``module`` itself (kept), another one
    #: (moved), or None (removed)
    home: Optional[str]
    advice: str = ""
    #: parameters of the Keras 2 function that the Keras 3 one lacks
    dropped: Tuple[str, ...] = ()

    @property
    def status(self) -> str:
        if self.home is None:
            return "removed"
        return "kept" if self.home == self.module else "moved"


def _rows(module: str, home: Optional[str], names: str, advice: str = "") -> Tuple[NameRow, ...]:
    return tuple(NameRow(module, n, home, advice) for n in names.split())


IMAGE = "keras.preprocessing.image"
SEQUENCE = "keras.preprocessing.sequence"
TEXT = "keras.preprocessing.text"
UTILS = "keras.utils"
NP_UTILS = "keras.utils.np_utils"
DATA_UTILS = "keras.utils.data_utils"

ROWS: Tuple[NameRow, ...] = (
    *_rows(IMAGE, IMAGE, "array_to_img img_to_array load_img save_img smart_resize"),
    NameRow(IMAGE, "ImageDataGenerator", None, _IMAGE_PIPELINE),
    *_rows(IMAGE, None, "Iterator DirectoryIterator NumpyArrayIterator DataFrameIterator", _ITERATOR),
    *_rows(
        IMAGE, None,
        "random_rotation random_shift random_shear random_zoom random_channel_shift "
        "random_brightness apply_affine_transform apply_brightness_shift apply_channel_shift "
        "apply_transform transform_matrix_offset_center flip_axis",
        _AUGMENT,
    ),
    NameRow(IMAGE, "list_pictures", None, f"{_NO_EQUIVALENT}; list the files with `glob`"),
    NameRow(SEQUENCE, "pad_sequences", SEQUENCE),
    NameRow(SEQUENCE, "TimeseriesGenerator", None,
            "build the windows with `keras.utils.timeseries_dataset_from_array`"),
    *_rows(SEQUENCE, None, "skipgrams make_sampling_table", _NO_EQUIVALENT),
    *_rows(TEXT, None, "Tokenizer one_hot text_to_word_sequence tokenizer_from_json", _TEXT),
    NameRow(TEXT, "hashing_trick", None, "hash tokens with the `keras.layers.Hashing` layer"),
    *_rows(UTILS, UTILS, "Sequence to_categorical normalize get_file"),
    *_rows(UTILS, None, "GeneratorEnqueuer OrderedEnqueuer SequenceEnqueuer", _ENQUEUER),
    NameRow(UTILS, "HDF5Matrix", None, "read the file with `h5py` in a `keras.utils.PyDataset`"),
    # Keras 2.2-2.3 had `to_categorical(y, num_classes=None, dtype='float32')`
    NameRow(NP_UTILS, "to_categorical", UTILS, dropped=("dtype",)),
    NameRow(NP_UTILS, "normalize", UTILS),
    *_rows(DATA_UTILS, UTILS, "Sequence get_file"),
    *_rows(DATA_UTILS, None, "GeneratorEnqueuer OrderedEnqueuer SequenceEnqueuer", _ENQUEUER),
    NameRow(DATA_UTILS, "validate_file", None, f"{_NO_EQUIVALENT}; check the hash with `hashlib`"),
)

#: Keras 2 modules that Keras 3 does not have, and what to do instead.  A name imported
#: from one of them fails even when no row describes it.
GONE_MODULES: Mapping[str, str] = {
    TEXT: _TEXT,
    NP_UTILS: "import `to_categorical` and `normalize` from `keras.utils`",
    DATA_UTILS: (
        "import `Sequence` and `get_file` from `keras.utils`; the enqueuers are gone "
        "(a `keras.utils.PyDataset` runs its own workers and queue)"
    ),
}

#: every module the rows speak of, and the packages above them (all exist in Keras 3
#: except the gone ones)
MODULES = frozenset(
    {r.module for r in ROWS} | set(GONE_MODULES) | {"keras", "keras.preprocessing"}
)

BY_NAME: Dict[Tuple[str, str], NameRow] = {(r.module, r.name): r for r in ROWS}


def row(module: str, name: str) -> Optional[NameRow]:
    return BY_NAME.get((module, name))


def split(dotted: str) -> Optional[Tuple[str, Tuple[str, ...]]]:
    """``keras.preprocessing.image.ImageDataGenerator.flow`` -> (the longest known module
    prefix, the rest), or None when no known module is a prefix."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        head = ".".join(parts[:i])
        if head in MODULES:
            return head, tuple(parts[i:])
    return None


def home_of_moved(module: str) -> Optional[str]:
    """The one Keras 3 module that holds the moved names of ``module``, if there is one."""
    homes = {r.home for r in ROWS if r.module == module and r.status == "moved"}
    return homes.pop() if len(homes) == 1 else None


#: removed names: a file that holds none of them (and no gone module) has nothing to report
TRIGGERS = frozenset(r.name for r in ROWS if r.status == "removed")
#: (the last two parts) of each gone module: a moved name is imported through one of them
GONE_TRIGGERS = tuple(tuple(m.split(".")[-2:]) for m in GONE_MODULES)
_TRIGGER_BYTES = tuple(t.encode("ascii") for t in sorted(TRIGGERS))
_GONE_BYTES = tuple((p.encode("ascii"), last.encode("ascii")) for p, last in GONE_TRIGGERS)


#: blanks Python allows between the words of an import statement (no brackets there)
_BLANK = r"(?:[ \t\f]|\\(?:\r\n|\r|\n))"


def _words(words) -> str:
    return r"\b(?:" + "|".join(sorted(map(re.escape, words), key=lambda w: (-len(w), w))) + r")\b"


@lru_cache(maxsize=2)
def _compiled(kind: type):
    """(an import of standalone Keras, a removed name as a word, a star import)."""
    patterns = (
        # ``from keras...`` or an ``import`` statement naming ``keras`` (``import a, keras.b``)
        r"\bfrom" + _BLANK + r"+keras\b|\bimport\b(?:[^\r\n;#\\]|\\(?:\r\n|\r|\n)?)*?\bkeras\b",
        _words(TRIGGERS),
        r"\bimport" + _BLANK + r"*\*",
    )
    if kind is bytes:
        return tuple(re.compile(p.encode("ascii")) for p in patterns)
    return tuple(re.compile(p) for p in patterns)


def might_matter(text) -> bool:
    """A cheap test before parsing: can this text (or these bytes: every word is ASCII)
    hold an import this table describes?  A removed name or the two last parts of a gone
    module, and an import statement of standalone Keras: ``may_hold_import_issue`` finds
    nothing without one (only ``from keras...`` and ``import keras...`` bind the names
    it follows).  The names count as words, but for a star import (``from
    keras.utils import *`` needs no name of the table)."""
    if isinstance(text, bytes):
        keras, triggers, gone = b"keras", _TRIGGER_BYTES, _GONE_BYTES
    else:
        keras, triggers, gone = "keras", TRIGGERS, GONE_TRIGGERS
    if keras not in text:
        return False
    if not (any(t in text for t in triggers) or any(p in text and last in text for p, last in gone)):
        return False
    keras_import, removed, star = _compiled(type(text))
    if keras_import.search(text) is None:
        return False
    return (
        removed.search(text) is not None
        or any(_word(text, p) and _word(text, last) for p, last in gone)
        or star.search(text) is not None
    )


def _word(text, word) -> bool:
    return _word_pattern(word if isinstance(word, str) else word.decode("ascii"), type(text)).search(text) is not None


@lru_cache(maxsize=None)
def _word_pattern(word: str, kind: type):
    pattern = r"\b" + re.escape(word) + r"\b"
    return re.compile(pattern.encode("ascii") if kind is bytes else pattern)


def ast_dotted(node) -> Optional[str]:
    """``a.b.c`` of an ``ast`` Name/Attribute chain, or None."""
    import ast

    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _is_keras(module: str) -> bool:
    return module == "keras" or module.startswith("keras.")


def _chain_matters(full: str) -> bool:
    found = split(full)
    if found is None:
        return False
    module, rest = found
    if not rest:
        return module in GONE_MODULES
    r = row(module, rest[0])
    return module in GONE_MODULES or (r is not None and r.status != "kept")


def may_hold_import_issue(tree) -> bool:
    """Can this ``ast`` module hold an import (or ``keras.x.y`` chain) that
    ``rewrite.imports.scan`` reports?  A superset of its conditions, read from the same
    table without libcst: a ``from`` import of a gone module, of a name the table
    removed, or of a gone module by name; ``import`` of a gone module; a chain whose
    head an import binds to a Keras module and which reaches a gone module, a removed
    or a moved name.  (Guards, rebinding and uses are left to the scan itself.)
    ``tree`` may be the module's ``ast_nodes.collect`` instead."""
    import ast

    from migrate_fitgen.ast_nodes import nodes_of

    removed_modules = {r.module for r in ROWS if r.status == "removed"}
    bound: Dict[str, str] = {}  # name -> the Keras module an import binds it to
    nodes = nodes_of(tree)
    for node in nodes.imports:
        if isinstance(node, ast.ImportFrom):
            if node.level or not node.module or not _is_keras(node.module):
                continue
            module = node.module
            for alias in node.names:
                if alias.name == "*":
                    if module in GONE_MODULES or module in removed_modules:
                        return True
                    continue
                full = f"{module}.{alias.name}"
                r = row(module, alias.name)
                if full in GONE_MODULES or module in GONE_MODULES or (r is not None and r.status == "removed"):
                    return True
                bound[alias.asname or alias.name] = full
        elif isinstance(node, ast.Import):
            for alias in node.names:
                full = alias.name
                if not _is_keras(full):
                    continue
                if any(full == g or full.startswith(g + ".") for g in GONE_MODULES):
                    return True
                if alias.asname:
                    bound[alias.asname] = full
                else:
                    bound["keras"] = "keras"
    if not bound:
        return False
    for node in nodes.attributes:
        name = ast_dotted(node)
        if name is None:
            continue
        head, _, rest = name.partition(".")
        base = bound.get(head)
        if base is not None and _chain_matters(f"{base}.{rest}" if rest else base):
            return True
    return False
