"""The rule catalogue: every rule's code, name, severity, summary, tokens and page.

This is the ground floor that ``rewrite``, ``analyze``, the reporters, the LSP server
and the ``rules``/``explain`` commands all read, so that none of them imports another
for a rule's name or page.  It imports only ``migrate_fitgen.diagnostics`` and the
name tables its tokens come from, never libcst, ``analyze`` or ``rewrite``.

An entry is data.  Its page (the ``What it does`` ... ``Fix safety`` sections that
``explain``, ``docs/rules/`` and SARIF show) is ``pages/<CODE>.md`` next to this
file, read when first asked for.  The analyser's checks live in
``migrate_fitgen/analyze/rules/``: one class per entry that is not ``rewrite_only``,
naming its ``code`` and taking everything else from here.

``tokens`` are identifiers: a file in which none of them occurs as a whole word cannot
hold one of the rule's findings, so ``analyze`` skips it without parsing it (see
``migrate_fitgen.analyze.prefilter``).  A finding sits on code that names one of them
(the training call's method, the generator's ``yield``...), never only on code in
another file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Dict, List, Mapping, Optional, Tuple

from migrate_fitgen.diagnostics import Diagnostic, Fix, Severity
from migrate_fitgen.keras1_names import (
    CALLBACK_TOKENS, FIT_KERAS1_NAMES, LAYER_TOKENS, MODULE_TOKENS, OPTIMIZER_TOKENS, REMOVED_TOKENS,
)
from migrate_fitgen.keras_imports import GONE_TRIGGERS, TRIGGERS

DOCS_URL = "https://github.com/migrate-fitgen/migrate-fitgen/blob/main/docs/rules/{code}.md"
PAGES_DIR = Path(__file__).resolve().parent / "pages"

#: a legacy call's method name
LEGACY_CALL_TOKENS: Tuple[str, ...] = ("fit_generator", "evaluate_generator", "predict_generator")
#: any training call's method name (findings reported at the call)
TRAINING_CALL_TOKENS: Tuple[str, ...] = ("fit", "evaluate", "predict", *LEGACY_CALL_TOKENS)
#: a generator function's ``yield`` or a dataset's ``__getitem__`` (findings in its body)
BODY_TOKENS: Tuple[str, ...] = ("yield", "__getitem__")
#: the last name part of an import that Keras 3 moved or removed
IMPORT_TOKENS: Tuple[str, ...] = tuple(sorted(TRIGGERS | {last for _, last in GONE_TRIGGERS}))


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    severity: Severity
    summary: str
    #: identifiers one of which a file must contain to hold a finding (see above)
    tokens: Tuple[str, ...]
    #: the findings sit in a class deriving (through the project) from ``Sequence`` or
    #: ``PyDataset``: the prefilter also asks the project pass for such a class
    in_dataset_class: bool = False
    default_enabled: bool = True
    #: found only by the rewrite's engine (``analyze`` runs it for these): no check
    #: class under ``migrate_fitgen/analyze/rules/``
    rewrite_only: bool = False

    def __post_init__(self) -> None:
        # (not ``all(...)``: this module's ``all`` is the catalogue's)
        if not self.tokens or any(not (isinstance(t, str) and t.isidentifier()) for t in self.tokens):
            raise ValueError(f"rule {self.code} must declare its tokens (identifiers)")

    def doc(self) -> str:
        """The rule's page without its heading lines (``pages/<CODE>.md``)."""
        return _page_text(self.code)

    def help_uri(self) -> str:
        return DOCS_URL.format(code=self.code)

    def page(self) -> str:
        """The whole page: what ``explain`` prints and ``docs/rules/<CODE>.md`` holds."""
        default = "yes" if self.default_enabled else "no (select it with `--select`)"
        head = [
            f"# {self.code}: {self.name}",
            "",
            f"- Severity: {self.severity.value}",
            f"- Enabled by default: {default}",
            f"- Summary: {self.summary}",
            "",
        ]
        return "\n".join(head) + "\n" + self.doc().strip() + "\n"

    def diagnostic(
        self,
        path: str,
        line: int,
        column: int,
        message: str,
        *,
        end_line: int = 0,
        end_column: int = 0,
        fix: Optional[Fix] = None,
        severity: Optional[Severity] = None,
    ) -> Diagnostic:
        return Diagnostic(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            message=message,
            path=path,
            line=line,
            column=column,
            end_line=end_line or line,
            end_column=end_column or column,
            fix=fix,
        )


@lru_cache(maxsize=None)
def _page_text(code: str) -> str:
    # the file ends with a newline; the page text (a cleaned docstring before) does not
    return (PAGES_DIR / f"{code}.md").read_text(encoding="utf-8").rstrip("\n")


W, E, I = Severity.WARNING, Severity.ERROR, Severity.INFO  # noqa: E741

_DEFINED: Tuple[Entry, ...] = (
    # FG0xx: call-site findings (the calls `migrate-fitgen rewrite` migrates)
    Entry("FG001", "legacy-generator-call", W,
          "call of a `*_generator` method that Keras 3 removed",
          LEGACY_CALL_TOKENS, rewrite_only=True),
    Entry("FG002", "keras1-argument-name", W,
          "Keras-1 argument name in a generator call or a `fit`",
          (*LEGACY_CALL_TOKENS, *FIT_KERAS1_NAMES), rewrite_only=True),
    Entry("FG003", "removed-loader-argument", W,
          "`workers`/`use_multiprocessing`/`max_queue_size` passed to a Keras 3 call",
          LEGACY_CALL_TOKENS, rewrite_only=True),
    Entry("FG004", "positional-generator-arguments", W,
          "positional arguments after the data argument of a legacy generator call",
          LEGACY_CALL_TOKENS, rewrite_only=True),
    Entry("FG009", "validation-steps-with-arrays", W,
          "`validation_steps` with arrays as `validation_data`: Keras 2 ignored it, Keras 3 counts it",
          LEGACY_CALL_TOKENS, rewrite_only=True),
    Entry("FG011", "steps-per-epoch-with-dataset", W,
          "`steps_per_epoch` other than `len(seq)` with a Sequence: Keras 3 splits the data across epochs",
          LEGACY_CALL_TOKENS, rewrite_only=True),
    Entry("FG010", "class-weight-not-a-dict", W,
          "`class_weight` that is not a dict (`'auto'`): Keras 1/2 ignored it, Keras 3 raises",
          LEGACY_CALL_TOKENS, rewrite_only=True),
    Entry("FG005", "class-weight-with-generator", W,
          "`class_weight` with a Python generator, which Keras 3 rejects",
          TRAINING_CALL_TOKENS),
    Entry("FG006", "iterator-not-generator", E,
          "data argument is an iterator or an uncalled generator function, which Keras 3 rejects",
          TRAINING_CALL_TOKENS),
    Entry("FG007", "float-step-count", E,
          "step count that is provably a float, which Keras 3 rejects",
          TRAINING_CALL_TOKENS),
    Entry("FG008", "removed-keras-import", E,
          "import of a Keras 2 data-path name that Keras 3 moved or removed",
          IMPORT_TOKENS),
    # FG1xx: generators and datasets
    Entry("FG101", "non-tuple-batch", E,
          "generator yields a list or a bare array to a training call; Keras 3 needs a tuple",
          BODY_TOKENS),
    Entry("FG102", "batch-tuple-arity", E,
          "batch tuple of a length Keras cannot unpack (not 1, 2 or 3; or 1 with a loss)",
          BODY_TOKENS),
    Entry("FG103", "string-or-object-batch", E,
          "batch element cast to strings, objects or Python lists, which Keras rejects",
          BODY_TOKENS),
    Entry("FG104", "slice-length-mismatch", E,
          "x and y sliced from the same index with different lengths",
          BODY_TOKENS),
    Entry("FG105", "inconsistent-batch-structure", W,
          "generator yields batches of different structures (2-tuple here, 3-tuple or list there)",
          BODY_TOKENS),
    Entry("FG106", "shuffle-once-before-loop", I,
          "data shuffled once before the infinite loop: every epoch sees the same order",
          ("yield",)),  # generator functions only (a dataset's __getitem__ is skipped)
    Entry("FG107", "finite-generator-without-steps", W,
          "finite generator without steps and epochs > 1: later epochs see only 2 batches",
          TRAINING_CALL_TOKENS),
    Entry("FG108", "infinite-generator-without-steps", E,
          "infinite generator without steps_per_epoch / validation_steps / steps: runs forever",
          TRAINING_CALL_TOKENS),
    Entry("FG109", "generator-with-workers", W,
          "plain generator with use_multiprocessing=True or workers > 1",
          TRAINING_CALL_TOKENS),
    Entry("FG110", "dataset-without-super-init", W,
          "PyDataset/Sequence subclass whose __init__ does not call super().__init__(**kwargs)",
          ("__init__",), in_dataset_class=True),  # reported at the class's own __init__
    Entry("FG111", "raise-stop-iteration", E,
          "`raise StopIteration` inside a generator is a RuntimeError (PEP 479)",
          ("StopIteration",)),
    # FG2xx: the rest of the training path
    Entry("FG201", "legacy-optimizer-argument", E,
          "Keras 2 optimizer argument (`lr`, `decay`...), callback or `compile` argument that Keras 3 "
          "rejects, ignores or reads otherwise",
          (*OPTIMIZER_TOKENS, *CALLBACK_TOKENS, "compile"), rewrite_only=True),
    Entry("FG202", "keras1-layer-argument", E,
          "Keras 1 layer argument that Keras 2 converted and Keras 3 rejects or misreads",
          LAYER_TOKENS, rewrite_only=True),
    Entry("FG203", "removed-training-api", E,
          "training-path name or argument that Keras 3 removed (`multi_gpu_model`, `predict_classes`, "
          "sessions, `ModelCheckpoint(period=)`...)",
          (*REMOVED_TOKENS, *CALLBACK_TOKENS), rewrite_only=True),
    Entry("FG204", "keras2-layer-module-import", E,
          "import from a Keras 2 layer or engine module that Keras 3 does not have",
          MODULE_TOKENS, rewrite_only=True),
)
del W, E, I


def _index(entries: Tuple[Entry, ...]) -> Dict[str, Entry]:
    out: Dict[str, Entry] = {}
    names = set()
    for e in entries:
        if e.code in out:
            raise ValueError(f"rule code {e.code} is defined twice")
        if e.name in names:
            raise ValueError(f"rule name {e.name} is used twice")
        names.add(e.name)
        out[e.code] = e
    return dict(sorted(out.items()))


#: code -> entry, by code (read-only)
ENTRIES: Mapping[str, Entry] = MappingProxyType(_index(_DEFINED))


def get(code: str) -> Entry:
    """The entry of ``code`` (any case); ``KeyError`` for an unknown code."""
    return ENTRIES[code.upper()]


def all() -> List[Entry]:  # noqa: A001 (the catalogue's own vocabulary: catalogue.all())
    """Every entry, by code."""
    return list(ENTRIES.values())


def codes() -> List[str]:
    return list(ENTRIES)


def help_uri(code: str) -> str:
    return DOCS_URL.format(code=code.upper())


__all__ = [
    "BODY_TOKENS", "DOCS_URL", "ENTRIES", "Entry", "IMPORT_TOKENS", "LEGACY_CALL_TOKENS",
    "TRAINING_CALL_TOKENS", "all", "codes", "get", "help_uri",
]
