"""The table of library return kinds is data with its sources, and the value
interpretation reads it (and stays unknown for what it does not list)."""

from __future__ import annotations

import pytest

from migrate_fitgen.return_kinds import RETURN_KINDS, lookup


@pytest.mark.parametrize("name", sorted(RETURN_KINDS))
def test_every_entry_has_a_documented_kind(name: str) -> None:
    entry = RETURN_KINDS[name]
    assert entry.kind in ("list", "array", "tuple")
    assert entry.url.startswith("https://") and entry.documented.strip()
    assert entry.length in (None, "args", "2*args")
    assert entry.one_arg in (None, "array", "list", "tuple")


def test_aliases() -> None:
    assert lookup("np.split") is RETURN_KINDS["numpy.split"]
    assert lookup("sklearn.utils.shuffle").length == "args"
    assert lookup("sklearn.utils.check_array") is None


def _yield_value(src: str):
    from migrate_fitgen.analyze.generators import bodies
    from migrate_fitgen.analyze.project import build_project

    project, errors = build_project({"m.py": src})
    assert not errors
    body = next(b for b in bodies(project, project.modules["m.py"]) if b.fn.name == "gen")
    p = body.produced()[0]
    return body.value(p.value, p.site)


@pytest.mark.parametrize(
    "expr,kind,length",
    [
        ("shuffle(a, b)", "list", 2),
        ("shuffle(a)", "array", -1),
        ("train_test_split(a, b)", "list", 4),
        ("np.split(a, 3)", "list", -1),
        ("shuffle(*arrays)", "unknown", -1),
        ("check_array(a)", "unknown", -1),
    ],
)
def test_table_drives_the_value(expr: str, kind: str, length: int) -> None:
    src = (
        "import numpy as np\n"
        "from sklearn.utils import shuffle, check_array\n"
        "from sklearn.model_selection import train_test_split\n"
        f"def gen(a, b, arrays):\n    while True:\n        yield {expr}\n"
    )
    v = _yield_value(src)
    assert (v.kind, v.length) == (kind, length)


def test_a_rebound_name_is_not_the_library_function() -> None:
    src = "def shuffle(a, b):\n    return a, b\n\ndef gen(a, b):\n    yield shuffle(a, b)\n"
    v = _yield_value(src)
    assert (v.kind, v.length) == ("tuple", 2)
