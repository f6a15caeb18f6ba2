"""typer's coercion of option values, without pydantic for the values a command line gives.

typer 0.29 coerces every parameter that is not a boolean flag through a pydantic
``TypeAdapter`` (``typer/core.py``, ``_TyperParameter.process_value``), built on every
run even for an option left at its default: importing pydantic and building the
adapters is 0.08-0.1 s of CPU, a third of what ``rewrite -`` with nothing to do costs
(issue 9: editors start the tool once per save).  No way of declaring an option avoids
it (a ``parser=`` callable is wrapped in an adapter too).

Our commands' parameters are ``str``, a list of ``str``, an ``int`` or a ``float`` with a
lower bound, and one ``Enum``.  ``QuickCommand`` gives each of them a coercion that
answers the plain values itself, the same value typer's adapter returns, and hands
anything else (a value it does not recognise, one out of range: what makes an error
message) to typer's own coercion, built only then; so every message and every value is
typer's.  ``tests/test_cli_params.py`` compares the values and outputs of both.

It relies on typer's ``_runtime_param`` slot; with a typer that has none (older ones
coerce through click's types, without pydantic) the commands are typer's own.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, List, get_args, get_origin

from typer.core import TyperCommand, TyperGroup

_UNSURE = object()
_INT = re.compile(r"(?:0|[1-9][0-9]{0,17})\Z")
_FLOAT = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})?\Z")


def _in_bounds(value: Any, info: Any) -> bool:
    return (info.min is None or value >= info.min) and (info.max is None or value <= info.max)


class QuickCoercion:
    """A parameter's coercion: plain values here, the rest through typer's (pydantic)."""

    def __init__(self, param: Any) -> None:
        self.param = param
        self._typer = None  # typer's RuntimeParam, built for the first value left to it

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:  # typer's RuntimeParam.coerce: nothing given
            return () if (param.multiple or param.nargs == -1) else None
        quick = self.quick(value, ctx)
        if quick is not _UNSURE:
            return quick
        if self._typer is None:
            from typer._coercion import build_runtime_param

            self._typer = build_runtime_param(self.param.type_descriptor)
        return self._typer.coerce(value, param=param, ctx=ctx)

    def quick(self, value: Any, ctx: Any) -> Any:
        """The value typer's adapter returns for ``value``, or ``_UNSURE``."""
        descriptor = self.param.type_descriptor
        annotation, info = descriptor.annotation, descriptor.parameter_info
        if info.parser is not None or descriptor.file_annotation is not None or info.clamp:
            return _UNSURE
        if get_origin(annotation) in (list, List):
            (item,) = get_args(annotation)
            if item is str and isinstance(value, (list, tuple)) and all(type(v) is str for v in value):
                return list(value)
            return _UNSURE
        if annotation is str:
            return value if type(value) is str else _UNSURE
        if annotation is int:
            if type(value) is str and _INT.match(value):
                value = int(value)
            return value if type(value) is int and _in_bounds(value, info) else _UNSURE
        if annotation is float:
            if type(value) is str and _FLOAT.match(value):
                value = float(value)
            return value if type(value) is float and _in_bounds(value, info) else _UNSURE
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            if isinstance(value, annotation):
                return value
            if type(value) is str and info.case_sensitive and ctx.token_normalize_func is None:
                for member in annotation:
                    if str(member.value) == value:
                        return member
        return _UNSURE


def _quicken(param: Any) -> None:
    if hasattr(param, "type_descriptor") and getattr(param, "_runtime_param", False) is None:
        param._runtime_param = QuickCoercion(param)


class _Quick:
    """Every parameter of the command, ``--help`` included, coerces through ``QuickCoercion``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            _quicken(param)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            _quicken(option)
        return option


class QuickCommand(_Quick, TyperCommand):
    """A typer command whose parameters coerce plain values without pydantic."""


class QuickGroup(_Quick, TyperGroup):
    """The typer group (the root command: ``--version``, ``--help``), likewise."""
