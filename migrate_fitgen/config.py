"""``[tool.migrate-fitgen]`` in the nearest ``pyproject.toml``.

The search goes upward from a starting folder and stops at the first
``pyproject.toml`` that has the table (like ruff's ``[tool.ruff]``).  Keys: ``select``,
``ignore``, ``fail-on``, ``exclude``, ``target``, ``per-file-ignores`` (a table of
glob -> list of codes, globs relative to the ``pyproject.toml``'s folder), and
``keras-models`` / ``not-keras`` (dotted names or module prefixes of the constructors
whose objects are, or are not, Keras models: they settle a legacy call's receiver
either way, before the analysed tree and the tables of ``keras_packages``).
Command-line options win over the file.

Python 3.11+ reads TOML with ``tomllib``; older versions use ``tomli`` when it is
installed, and otherwise skip the table with a warning (nothing is added to the
package's dependencies for it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Optional, Tuple

SECTION = "migrate-fitgen"
KEYS = (
    "select", "ignore", "fail-on", "exclude", "target", "per-file-ignores",
    "keras-models", "not-keras",
)
FAIL_ON = ("error", "warning", "info", "never")
TARGETS = ("keras3", "tf-keras")


class ConfigError(Exception):
    """A ``[tool.migrate-fitgen]`` table that cannot be used (the message is one line)."""


@dataclass(frozen=True)
class Config:
    path: Optional[str] = None  # the pyproject.toml read, if any
    select: Optional[Tuple[str, ...]] = None
    ignore: Optional[Tuple[str, ...]] = None
    fail_on: Optional[str] = None
    exclude: Optional[Tuple[str, ...]] = None
    target: Optional[str] = None
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    keras_models: Tuple[str, ...] = ()
    not_keras: Tuple[str, ...] = ()
    warnings: Tuple[str, ...] = field(default=())

    @property
    def root(self) -> Optional[str]:
        return os.path.dirname(os.path.abspath(self.path)) if self.path else None


def _toml():
    try:
        import tomllib  # type: ignore[import-not-found]

        return tomllib
    except ImportError:  # Python < 3.11
        try:
            import tomli  # type: ignore[import-not-found]

            return tomli
        except ImportError:
            return None


def _codes(value, key: str, where: str) -> Tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: `{key}` must be a list of strings")
    out = []
    for v in value:
        out.extend(p.strip().upper() for p in v.split(",") if p.strip())
    return tuple(out)


def _dotted_names(value, key: str, where: str) -> Tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: `{key}` must be a list of dotted names (`package.module.Class`)")
    out = []
    for v in value:
        name = v.strip()
        if not name or not all(part.isidentifier() for part in name.split(".")):
            raise ConfigError(
                f"{where}: `{key}` entry {v!r} is not a dotted name (`package.module.Class` "
                "or a module prefix such as `deepchem`)"
            )
        out.append(name)
    return tuple(out)


def parse_table(table: dict, where: str) -> Config:
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key `{unknown[0]}` in [tool.{SECTION}] (known: {', '.join(KEYS)})")
    kw: Dict[str, object] = {"path": where}
    if "select" in table:
        kw["select"] = _codes(table["select"], "select", where)
    if "ignore" in table:
        kw["ignore"] = _codes(table["ignore"], "ignore", where)
    if "fail-on" in table:
        v = table["fail-on"]
        if v not in FAIL_ON:
            raise ConfigError(f"{where}: `fail-on` must be one of {', '.join(FAIL_ON)}, not {v!r}")
        kw["fail_on"] = v
    if "target" in table:
        v = table["target"]
        if v not in TARGETS:
            raise ConfigError(f"{where}: `target` must be one of {', '.join(TARGETS)}, not {v!r}")
        kw["target"] = v
    if "exclude" in table:
        v = table["exclude"]
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise ConfigError(f"{where}: `exclude` must be a list of glob strings")
        kw["exclude"] = tuple(v)
    if "per-file-ignores" in table:
        v = table["per-file-ignores"]
        if not isinstance(v, dict):
            raise ConfigError(f"{where}: `per-file-ignores` must be a table of glob = [codes]")
        kw["per_file_ignores"] = tuple(
            (glob, _codes(codes, f"per-file-ignores.{glob}", where)) for glob, codes in v.items()
        )
    for key, attr in (("keras-models", "keras_models"), ("not-keras", "not_keras")):
        if key in table:
            kw[attr] = _dotted_names(table[key], key, where)
    both = set(kw.get("keras_models", ())) & set(kw.get("not_keras", ()))  # type: ignore[arg-type]
    if both:
        raise ConfigError(
            f"{where}: {sorted(both)[0]!r} is listed under both `keras-models` and `not-keras`"
        )
    return Config(**kw)  # type: ignore[arg-type]


def find_config(start: Optional[str] = None) -> Config:
    """The configuration that applies to ``start`` (a file or folder; default: cwd)."""
    here = Path(start or os.getcwd()).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if not candidate.is_file():
            continue
        try:
            text = candidate.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{candidate}: cannot read: {exc}") from None
        if f"tool.{SECTION}" not in text and f'tool."{SECTION}"' not in text:
            continue
        toml = _toml()  # here, not before the loop: most runs find no table to read
        if toml is None:
            return Config(
                warnings=(
                    f"{candidate}: [tool.{SECTION}] ignored: reading it needs Python 3.11+ "
                    "or the `tomli` package",
                )
            )
        try:
            data = toml.loads(text)
        except Exception as exc:  # tomllib.TOMLDecodeError
            first = str(exc).splitlines()[0] if str(exc) else "invalid TOML"
            raise ConfigError(f"{candidate}: {first}") from None
        table = data.get("tool", {}).get(SECTION)
        if table is None:
            continue
        if not isinstance(table, dict):
            raise ConfigError(f"{candidate}: [tool.{SECTION}] must be a table")
        return parse_table(table, str(candidate))
    return Config()
