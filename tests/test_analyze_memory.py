"""What the parent of a tree analysis keeps of each scan (``engine._slim``, the
project pass gathered as scans arrive, the module summaries the scan made packed, the
others made on demand) gives the same project as the full, eager scans do."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from migrate_fitgen.analyze import engine
from migrate_fitgen.analyze.prefilter import split_tokens
from migrate_fitgen.analyze.selection import enabled_codes
from migrate_fitgen.sources import iter_python_files

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("folder", ["analyze", "programs", "rewrite"])
def test_slim_scans_make_the_same_project(folder: str) -> None:
    root = str(ROOT / "corpus" / folder)
    tokens, dataset_tokens = split_tokens(enabled_codes(None, ()))
    narrow = dataset_tokens or None
    files = list(iter_python_files([root], ()))
    full = [engine.scan_file(p, tokens, None, narrow, narrow_calls=True, lazy_summary=True) for p in files]
    assert any(s.info is not None and s.info.summary is not None for s in full)
    gathered = engine.ProjectPass(pack=True)
    packed = {}
    slim = []
    for i, scan in enumerate(full):
        gathered.add(i, scan)
        if scan.info is not None and not scan.lazy:
            packed[scan.path] = engine._pack(scan.info.summary) if scan.info.summary is not None else None
        slim.append(engine._slim(scan, files[i]))
    assert all(s.info is None or s.info.summary is None for s in slim) and all(s.data is None for s in slim)

    promoted = engine._promote(full, narrow)
    assert sum(s.candidate for s in promoted) > 10 and any(s.links for s in promoted)
    flags = [(s.path, s.candidate, s.links) for s in promoted]
    assert [(s.path, s.candidate, s.links) for s in engine._promote(slim, narrow, gathered)] == flags

    options = engine.AnalyzeOptions()
    eager_scans = [engine.scan_file(p, tokens, None, narrow, narrow_calls=True) for p in files]
    eager = engine._project_info([s for s in eager_scans if s.info is not None], [root], options)
    readable = [s for s in slim if s.info is not None]
    lazy = replace(
        engine._project_info(readable, [root], options),
        modules=engine._summaries(readable, packed, None, engine._unpack),
    )
    assert (lazy.custom_classes, lazy.local_modules) == (eager.custom_classes, eager.local_modules)
    assert lazy.modules.candidates() == [s.path for s in readable]
    assert [p for p in lazy.modules.candidates() if lazy.modules.get(p) is not None] == list(eager.modules)
    assert len(lazy.modules) == len(eager.modules) > 10
    assert all(lazy.modules.get(p) == eager.modules[p] for p in eager.modules)
    assert lazy.modules.get(root + "/no_such_module.py") is None
