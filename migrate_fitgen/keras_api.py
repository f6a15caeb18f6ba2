"""What Keras' generator methods take, by version: data, not code.

Every fact here comes from ``shared/reference/keras-ground-truth.md`` (signatures
measured with ``inspect.signature`` and read from the keras-team/keras git tags).
The rewrite reads these tables; ``docs/keras-api.md`` shows them.
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Mapping, Optional, Tuple

#: legacy method -> the Keras 3 method that replaces it
METHODS: Mapping[str, str] = {
    "fit_generator": "fit",
    "evaluate_generator": "evaluate",
    "predict_generator": "predict",
}

#: the mode `validate_batches` needs for the data argument of each new method
VALIDATION_MODES: Mapping[str, str] = {"fit": "fit", "evaluate": "evaluate", "predict": "predict"}

#: Positional orders (index 0 is the first argument after ``self``).
#: tf.keras 2.x / Keras 2.2.5+ (TF 2.15, tf_keras 2.21): the newest legacy order.
POSITIONAL_MODERN: Mapping[str, Tuple[str, ...]] = {
    "fit_generator": (
        "generator", "steps_per_epoch", "epochs", "verbose", "callbacks", "validation_data",
        "validation_steps", "validation_freq", "class_weight", "max_queue_size", "workers",
        "use_multiprocessing", "shuffle", "initial_epoch",
    ),
    "evaluate_generator": (
        "generator", "steps", "callbacks", "max_queue_size", "workers", "use_multiprocessing",
        "verbose",
    ),
    "predict_generator": (
        "generator", "steps", "callbacks", "max_queue_size", "workers", "use_multiprocessing",
        "verbose",
    ),
}

#: Keras 1.2.2 orders (the Keras-1 names, as Keras 2's shim renamed them).
POSITIONAL_KERAS1: Mapping[str, Tuple[str, ...]] = {
    "fit_generator": (
        "generator", "samples_per_epoch", "nb_epoch", "verbose", "callbacks", "validation_data",
        "nb_val_samples", "class_weight", "max_q_size", "nb_worker", "pickle_safe",
        "initial_epoch",
    ),
    "evaluate_generator": ("generator", "val_samples", "max_q_size", "nb_worker", "pickle_safe"),
    "predict_generator": ("generator", "val_samples", "max_q_size", "nb_worker", "pickle_safe"),
}

_FIT_HEAD = (
    "generator", "steps_per_epoch", "epochs", "verbose", "callbacks", "validation_data",
    "validation_steps",
)

#: Every Keras 2 / tf.keras positional order, by version range (ground truth 1.4-1.5).
#: A call's keywords rule versions out; where the versions left agree on what a
#: position means, it is converted safely.
POSITIONAL_KERAS2_VERSIONS: Mapping[str, Tuple[Tuple[str, Tuple[str, ...]], ...]] = {
    "fit_generator": (
        ("2.0.0-2.0.5", _FIT_HEAD + ("class_weight", "max_q_size", "workers", "pickle_safe",
                                     "initial_epoch")),
        ("2.0.6", _FIT_HEAD + ("class_weight", "max_queue_size", "workers",
                               "use_multiprocessing", "initial_epoch")),
        ("2.0.7-2.2.4", _FIT_HEAD + ("class_weight", "max_queue_size", "workers",
                                     "use_multiprocessing", "shuffle", "initial_epoch")),
        ("2.2.5+ and tf.keras", POSITIONAL_MODERN["fit_generator"]),
    ),
    "evaluate_generator": (
        ("2.0.0-2.0.5", ("generator", "steps", "max_q_size", "workers", "pickle_safe")),
        ("2.0.6-2.1.5", ("generator", "steps", "max_queue_size", "workers",
                         "use_multiprocessing")),
        ("2.1.6-2.2.4", ("generator", "steps", "max_queue_size", "workers",
                         "use_multiprocessing", "verbose")),
        ("2.2.5+ and tf.keras", POSITIONAL_MODERN["evaluate_generator"]),
    ),
    "predict_generator": (
        ("2.0.0-2.0.1", ("generator", "steps", "max_q_size", "workers", "pickle_safe")),
        ("2.0.2-2.0.5", ("generator", "steps", "max_q_size", "workers", "pickle_safe",
                         "verbose")),
        ("2.0.6-2.2.4", ("generator", "steps", "max_queue_size", "workers",
                         "use_multiprocessing", "verbose")),
        ("2.2.5+ and tf.keras", POSITIONAL_MODERN["predict_generator"]),
    ),
}

#: How many positions (including the data argument) mean the same thing in every
#: Keras 2 and tf.keras version.  Past this, the meaning depends on the version:
#: position 7 of fit_generator is class_weight before Keras 2.2.5 and validation_freq
#: after; position 2 of evaluate/predict_generator is max_queue_size before 2.2.5 and
#: callbacks after.
STABLE_POSITIONS: Mapping[str, int] = {
    "fit_generator": 7,
    "evaluate_generator": 2,
    "predict_generator": 2,
}

#: Keras-1 names that keep their meaning under the new name.
SAFE_RENAMES: Mapping[str, str] = {
    "nb_epoch": "epochs",
    "max_q_size": "max_queue_size",
    "nb_worker": "workers",
    "pickle_safe": "use_multiprocessing",
}

#: Keras-1 names whose value counted samples, where the new name counts batches.
SAMPLE_COUNT_RENAMES: Mapping[str, str] = {
    "samples_per_epoch": "steps_per_epoch",
    "nb_val_samples": "validation_steps",
    "val_samples": "steps",
}

KERAS1_NAMES = frozenset(SAFE_RENAMES) | frozenset(SAMPLE_COUNT_RENAMES)

#: Names only Keras 1 had (`max_q_size` and `pickle_safe` lived on in Keras 2.0.0-2.0.5).
KERAS1_ONLY_NAMES = frozenset(
    {"nb_epoch", "samples_per_epoch", "nb_val_samples", "val_samples", "nb_worker"}
)
#: Attributes only Keras 1's data iterators had (``DirectoryIterator.nb_sample``; Keras
#: 2.0 renamed it ``samples``): a legacy call whose arguments read one was written for
#: Keras 1, where its positional step count counted samples, even in a file that an
#: earlier rewrite has otherwise moved to Keras 2 names.
KERAS1_ONLY_ATTRIBUTES = frozenset({"nb_sample"})
#: Names Keras 1 never had: a call that passes one was written for Keras 2.
KERAS2_ONLY_NAMES = frozenset(
    {"steps_per_epoch", "steps", "epochs", "validation_steps", "validation_freq", "workers",
     "max_queue_size", "use_multiprocessing", "shuffle"}
)

#: Keyword names that only Keras 1 code passes (to fit, layers, Model).  Seen on a call
#: the rewrite never edits, they mark a file as written for Keras 1, where position 1
#: of a legacy call counted samples.  Kept to names no Keras 2 API reused.
KERAS1_ONLY_KEYWORDS = KERAS1_ONLY_NAMES | frozenset(
    {"nb_filter", "nb_row", "nb_col", "border_mode", "subsample", "W_regularizer",
     "b_regularizer", "W_constraint", "b_constraint", "dim_ordering"}
)

#: Step counts (the same names in Keras 2 and 3).  Keras 2 looped `while steps_done <
#: steps`, so a float ran ceil(value) steps; Keras 3 raises `TypeError: 'float' object
#: cannot be interpreted as an integer` for any float, numpy floats included.
STEP_COUNT_PARAMETERS = frozenset({"steps_per_epoch", "validation_steps", "steps"})

#: the data argument's keyword in the legacy methods and in the new ones
LEGACY_DATA_KEYWORD = "generator"
NEW_DATA_KEYWORD: Mapping[str, str] = {"fit": "x", "evaluate": "x", "predict": "x"}

#: Arguments Keras 3's fit/evaluate/predict reject, even at their default values.
REMOVED_IN_KERAS3 = ("max_queue_size", "workers", "use_multiprocessing")

#: Values of those arguments whose removal loses nothing: the Keras 2 defaults, and
#: `workers=0` (tf.keras: run the generator on the main thread, as Keras 3 does with a
#: plain generator).
REMOVED_NO_OP_VALUES: Mapping[str, frozenset] = {
    "max_queue_size": frozenset({"10"}),
    "workers": frozenset({"0", "1"}),
    "use_multiprocessing": frozenset({"False", "0"}),
}

#: Parameters of each legacy method (every version's names, after renames), i.e. the
#: keywords a rewritten call may carry.  Anything else is not a Keras call.
LEGACY_PARAMETERS: Mapping[str, frozenset] = {
    name: frozenset(POSITIONAL_MODERN[name]) | frozenset(POSITIONAL_KERAS1[name])
    for name in METHODS
}

#: Parameters of the Keras 3 methods (keras 3.15.1, measured).
KERAS3_PARAMETERS: Mapping[str, frozenset] = {
    "fit": frozenset(
        "x y batch_size epochs verbose callbacks validation_split validation_data shuffle "
        "class_weight sample_weight initial_epoch steps_per_epoch validation_steps "
        "validation_batch_size validation_freq".split()
    ),
    "evaluate": frozenset(
        "x y batch_size verbose sample_weight steps callbacks return_dict".split()
    ),
    "predict": frozenset("x batch_size verbose steps callbacks".split()),
}

#: Where a default differs between the legacy method and its replacement, the value
#: to pass explicitly so that the migrated call behaves as before.
#: fit_generator's verbose=1 equals fit's verbose='auto' (Keras 3 maps 'auto' to 1).
KEEP_DEFAULTS: Mapping[str, Dict[str, str]] = {
    "evaluate_generator": {"verbose": "0"},
    "predict_generator": {"verbose": "0"},
}

#: The runtime wrapper the rewrite inserts, and the name it uses when the file
#: already binds ``validate_batches`` to something else.
RUNTIME_MODULE = "migrate_fitgen.runtime"
RUNTIME_NAME = "validate_batches"
RUNTIME_ALIAS = "mf_validate_batches"

#: Packages whose classes and functions build Keras models.
KERAS_PACKAGES = frozenset({"keras", "tensorflow", "tf_keras"})


def normalized(name: str) -> str:
    """A parameter's Keras 2.2.5+ name (Keras-1 and Keras 2.0 names renamed)."""
    return SAFE_RENAMES.get(name, SAMPLE_COUNT_RENAMES.get(name, name))


def keras2_reading(
    method: str, positionals: int, keywords: Iterable[str]
) -> Tuple[Tuple[str, ...], Tuple[Optional[str], ...]]:
    """The Keras 2 versions a call can have been written for, and what each positional
    argument means across them (None where they disagree).

    A version is ruled out when the call passes more positionals than it takes, passes by
    keyword a parameter that version's positions already fill, or passes a keyword that
    version does not have (Keras-1 names count as renamed: Keras 2's shim took them)."""
    given = {normalized(k) for k in keywords}
    kept = []
    for label, order in POSITIONAL_KERAS2_VERSIONS[method]:
        names = {normalized(n) for n in order} | {LEGACY_DATA_KEYWORD}
        used = {normalized(n) for n in order[1:positionals]}
        if positionals > len(order) or used & given or not given <= names:
            continue
        kept.append((label, order))
    meanings: List[Optional[str]] = []
    for idx in range(1, positionals):
        seen = {normalized(order[idx]) for _, order in kept}
        meanings.append(seen.pop() if len(seen) == 1 else None)
    return tuple(label for label, _ in kept), tuple(meanings)


def positional_name(method: str, index: int, keras1: bool = False) -> Optional[str]:
    """The parameter a positional argument at ``index`` meant, or None past the end."""
    order = (POSITIONAL_KERAS1 if keras1 else POSITIONAL_MODERN)[method]
    return order[index] if index < len(order) else None
