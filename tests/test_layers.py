"""The layers (issue 9, "A clean house"): the rule catalogue is on the ground floor,
``rewrite``, the reporters and the ground-floor modules never import the analyser, and
only the command layer chooses a reporter.

Imports are read from the source with ``ast`` (module-level and inside functions, so
a lazy import cannot hide); what importing the catalogue loads is checked in a fresh
interpreter.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "migrate_fitgen"

#: these never import ``migrate_fitgen.analyze``
NOT_ANALYZE = ["rewrite", "report", "diagnostics.py", "sources.py", "catalogue"]
#: the catalogue imports only these of ours
GROUND_FLOOR = {
    "migrate_fitgen.diagnostics",
    "migrate_fitgen.keras1_names",
    "migrate_fitgen.keras_imports",
    "migrate_fitgen.keras_api",
}
#: the command layer, the only place that picks a reporter (and the reporters themselves)
COMMAND_LAYER = {"cli.py", "analyze/commands.py"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> Iterator[Tuple[int, str]]:
    """(line, module) for every import in ``source`` (anywhere in it), relative imports
    resolved against ``module``; ``from X import y`` gives both ``X`` and ``X.y`` (``y``
    may be a submodule), and ``importlib.import_module("...")`` with a literal counts."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            yield node.lineno, base
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def _files(where: str) -> List[Path]:
    p = PACKAGE / where
    return sorted(p.rglob("*.py")) if p.is_dir() else [p]


def _imports_of(path: Path) -> List[Tuple[int, str]]:
    return list(imported_modules(path.read_text(encoding="utf-8"), _module_name(path), path.name == "__init__.py"))


def _is_within(name: str, package: str) -> bool:
    """``name`` is ``package`` or inside it (``package.`` with a dot: strictly inside)."""
    if package.endswith("."):
        return name.startswith(package)
    return name == package or name.startswith(package + ".")


def test_the_import_reader_sees_lazy_relative_and_dynamic_imports() -> None:
    source = (
        "import os\n"
        "def f():\n"
        "    from ..analyze import rules\n"
        "    from migrate_fitgen import analyze\n"
        "    importlib.import_module('migrate_fitgen.analyze.docs')\n"
    )
    found = [m for _, m in imported_modules(source, "migrate_fitgen.rewrite.engine")]
    assert "os" in found
    assert "migrate_fitgen.analyze.rules" in found
    assert found.count("migrate_fitgen.analyze") == 2
    assert "migrate_fitgen.analyze.docs" in found
    pkg = [m for _, m in imported_modules("from . import x\n", "migrate_fitgen.catalogue", True)]
    assert "migrate_fitgen.catalogue.x" in pkg


@pytest.mark.parametrize("where", NOT_ANALYZE)
def test_no_sideways_import_of_the_analyser(where: str) -> None:
    files = _files(where)
    assert files and all(f.exists() for f in files), where
    bad = [
        f"{f.relative_to(ROOT)}:{line}: {name}"
        for f in files
        for line, name in _imports_of(f)
        if _is_within(name, "migrate_fitgen.analyze")
    ]
    assert bad == []


def test_the_catalogue_imports_only_the_ground_floor() -> None:
    ours = {
        name
        for f in _files("catalogue")
        for _, name in _imports_of(f)
        if _is_within(name, "migrate_fitgen.") and not _is_within(name, "migrate_fitgen.catalogue")
    }
    # ``from migrate_fitgen.diagnostics import Severity`` also yields ...diagnostics.Severity
    modules = {n for n in ours if n in GROUND_FLOOR or n.rpartition(".")[0] not in GROUND_FLOOR}
    assert modules <= GROUND_FLOOR, sorted(modules - GROUND_FLOOR)
    assert not any(_is_within(n, "libcst") for f in _files("catalogue") for _, n in _imports_of(f))


def test_importing_the_catalogue_loads_no_libcst_analyser_or_rewrite() -> None:
    code = (
        "import sys, json\n"
        "from migrate_fitgen import catalogue\n"
        "pages = [e.page() for e in catalogue.all()]\n"
        "catalogue.get('FG101').diagnostic('a.py', 1, 1, 'm')\n"
        "bad = [m for m in sys.modules if m == 'libcst' or m.startswith(('libcst.',\n"
        "       'migrate_fitgen.analyze', 'migrate_fitgen.rewrite', 'migrate_fitgen.report'))]\n"
        "print(json.dumps([len(pages), bad]))\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    ).stdout
    pages, bad = json.loads(out.splitlines()[-1])
    assert pages >= 20
    assert bad == []


def test_only_the_command_layer_chooses_a_reporter() -> None:
    """Outside ``report/``, only the command layer imports a reporter (``report`` or
    one of its modules); the LSP server, the driver, ``rewrite`` and ``analyze``'s
    engine hand back diagnostics and never pick an output format."""
    users = set()
    for f in sorted(PACKAGE.rglob("*.py")):
        rel = f.relative_to(PACKAGE).as_posix()
        if rel.startswith("report/"):
            continue
        if any(_is_within(name, "migrate_fitgen.report") for _, name in _imports_of(f)):
            users.add(rel)
    assert users <= COMMAND_LAYER, sorted(users - COMMAND_LAYER)
    assert "analyze/commands.py" in users  # the test reads what it should
