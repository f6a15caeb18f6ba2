"""The hand-made labels of the batch rules' findings on real projects
(``tests/data/precision_labels.json``, measured by ``benchmarks/precision.py``): their
shape, and, when the real projects are on this machine, that no finding labelled
false is reported any more and no labelled true finding is lost.

Each label names its ``scope``: the folder of the project analysed for it (the folder
that holds both the generator and the Keras call that receives it), so that the test
does not analyse a whole library; ``benchmarks/precision.py`` analyses whole projects."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "precision_labels.json"
#: where the projects are checked out (owner+repo folders): /work/realcorpus and the
#: projects fetched for this measure (benchmarks/precision_projects.json)
CORPORA = [Path(p) for p in os.environ.get("MIGRATE_FITGEN_REALCORPUS", "/work/realcorpus:/work/extracorpus").split(os.pathsep)]
FIELDS = {"repo", "path", "commit", "line", "code", "label", "reason", "scope"}


def _labels():
    return json.loads(LABELS.read_text(encoding="utf-8"))["labels"]


def test_labels_shape() -> None:
    labels = _labels()
    assert labels, "no labels"
    seen = set()
    for e in labels:
        assert FIELDS <= set(e), e
        assert set(e) <= FIELDS | {"found"}, e
        assert re.fullmatch(r"[\w.-]+/[\w.-]+", e["repo"]), e
        assert re.fullmatch(r"[0-9a-f]{40}", e["commit"]), e
        assert e["path"].endswith(".py") and not e["path"].startswith("/"), e
        assert isinstance(e["line"], int) and e["line"] > 0, e
        assert re.fullmatch(r"FG10[1-5]", e["code"]), e
        assert e["label"] in ("true", "false"), e
        assert e["reason"].strip() and "\n" not in e["reason"], e
        assert e.get("found", True) in (True, False), e
        assert e["scope"] == "" or (e["path"] + "/").startswith(e["scope"].rstrip("/") + "/"), e
        key = (e["repo"], e["path"], e["line"], e["code"])
        assert key not in seen, key
        seen.add(key)


def test_labelled_set_has_a_hundred_generator_files() -> None:
    files = json.loads(LABELS.read_text(encoding="utf-8"))["files"]
    assert len({(f["repo"], f["path"]) for f in files}) >= 100
    for f in files:
        assert set(f) == {"repo", "path", "commit"}, f
        assert re.fullmatch(r"[0-9a-f]{40}", f["commit"]) and f["path"].endswith(".py"), f
    # a true finding sits in a generator file (a fixed false one may no longer count as one)
    labelled = {(e["repo"], e["path"]) for e in _labels() if e["label"] == "true"}
    assert labelled <= {(f["repo"], f["path"]) for f in files}


def _by_scope():
    out = {}
    for e in _labels():
        out.setdefault((e["repo"], e["scope"]), []).append(e)
    return out


@pytest.mark.parametrize("repo,scope", sorted(_by_scope()), ids=lambda v: v or ".")
def test_labelled_findings_on_real_projects(repo: str, scope: str) -> None:
    from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_paths

    folders = [c / repo.replace("/", "+", 1) for c in CORPORA]
    folder = next((f for f in folders if f.is_dir()), None)
    if folder is None:
        pytest.skip(f"{repo} is not checked out on this machine")
    codes = ("FG101", "FG102", "FG103", "FG104", "FG105")
    result = analyze_paths([str(folder / scope)], AnalyzeOptions(select=codes))
    got = {(os.path.relpath(d.path, folder).replace(os.sep, "/"), d.line, d.code) for d in result.diagnostics}
    for e in _by_scope()[(repo, scope)]:
        key = (e["path"], e["line"], e["code"])
        if e["label"] == "false":
            assert key not in got, f"labelled false positive reported again: {e}"
        elif e.get("found", True):
            assert key in got, f"labelled true finding no longer reported: {e}"
