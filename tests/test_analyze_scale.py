"""analyze on large trees: bounded memory (facts dropped between files), the driver's
pool, the cache and shards change no finding.  The reference is
``analyze_paths(..., prefilter=False)``: every module parsed once and kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate_fitgen.analyze import project as project_mod
from migrate_fitgen.analyze.engine import AnalyzeOptions, analyze_paths

from tests.test_analyze_prefilter import ALL, CORPUS, _project

FOLDERS = ["analyze", "rewrite", "programs", "projects"]


def _write(tmp_path: Path, seed: int) -> Path:
    for rel, text in _project(seed).items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def _findings(result):
    return (result.files, result.errors, [d.format_text() for d in result.diagnostics], result.diagnostics)


@pytest.mark.parametrize("folder", FOLDERS)
def test_dropping_every_module_between_files_changes_nothing(monkeypatch, folder: str) -> None:
    """With ``KEEP_CHARS`` 0 every analysed file starts a new session and nothing is reused:
    links across files are found again through the index (path, line, name)."""
    whole = analyze_paths([str(CORPUS / folder)], ALL, prefilter=False)
    monkeypatch.setattr(project_mod, "KEEP_CHARS", 0)
    assert _findings(analyze_paths([str(CORPUS / folder)], ALL)) == _findings(whole)


@pytest.mark.parametrize("seed", range(8))
def test_dropping_every_module_in_generated_projects(monkeypatch, tmp_path: Path, seed: int) -> None:
    root = str(_write(tmp_path, seed))
    options = AnalyzeOptions(select=("ALL",), target="tf-keras" if seed % 2 else "keras3")
    whole = analyze_paths([root], options, prefilter=False)
    monkeypatch.setattr(project_mod, "KEEP_CHARS", 0)
    assert _findings(analyze_paths([root], options)) == _findings(whole)
