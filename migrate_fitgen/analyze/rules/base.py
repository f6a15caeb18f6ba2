"""The rule definition shared by the checker, ``rules``/``explain``, docs and SARIF.

A rule is a class with a stable ``code``, a ``name`` after the pattern it flags, a
default ``severity``, its ``tokens`` and a docstring with the fixed headings ``What it
does``, ``Why is this bad?``, ``Example``, ``Use instead`` and ``Fix safety``.

``tokens`` are identifiers: a file in which none of them occurs as a whole word cannot
hold one of the rule's findings, so ``analyze`` skips it without parsing it (see
``migrate_fitgen.analyze.prefilter``).  A finding sits on code that names one of them
(the training call's method, the generator's ``yield``...), never only on code in
another file.
"""

from __future__ import annotations

import inspect
from typing import ClassVar, Dict, Optional, Tuple, Type

from migrate_fitgen.diagnostics import Diagnostic, Fix, Severity

DOCS_URL = "https://github.com/migrate-fitgen/migrate-fitgen/blob/main/docs/rules/{code}.md"

REGISTRY: Dict[str, Type["Rule"]] = {}

#: a legacy call's method name
LEGACY_CALL_TOKENS: Tuple[str, ...] = ("fit_generator", "evaluate_generator", "predict_generator")
#: any training call's method name (findings reported at the call)
TRAINING_CALL_TOKENS: Tuple[str, ...] = ("fit", "evaluate", "predict", *LEGACY_CALL_TOKENS)
#: a generator function's ``yield`` or a dataset's ``__getitem__`` (findings in its body)
BODY_TOKENS: Tuple[str, ...] = ("yield", "__getitem__")


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    #: identifiers one of which a file must contain to hold a finding (see above)
    tokens: ClassVar[Tuple[str, ...]]
    #: the findings sit in a class deriving (through the project) from ``Sequence`` or
    #: ``PyDataset``: the prefilter also asks the project pass for such a class
    in_dataset_class: ClassVar[bool] = False
    default_enabled: ClassVar[bool] = True

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def help_uri(cls) -> str:
        return DOCS_URL.format(code=cls.code)

    @classmethod
    def diagnostic(
        cls,
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
            code=cls.code,
            name=cls.name,
            severity=severity or cls.severity,
            message=message,
            path=path,
            line=line,
            column=column,
            end_line=end_line or line,
            end_column=end_column or column,
            fix=fix,
        )


def register(cls: Type[Rule]) -> Type[Rule]:
    if cls.code in REGISTRY and REGISTRY[cls.code] is not cls:
        raise ValueError(f"rule code {cls.code} is defined twice")
    tokens = getattr(cls, "tokens", None)
    if not tokens or not all(isinstance(t, str) and t.isidentifier() for t in tokens):
        raise ValueError(f"rule {cls.code} must declare its tokens (identifiers)")
    REGISTRY[cls.code] = cls
    return cls
