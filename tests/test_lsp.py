"""The language server, driven as an editor drives it: ``migrate-fitgen lsp`` in a
subprocess, a pytest-lsp client on its stdin/stdout (VS Code's capabilities, so
positions are UTF-16 units), real documents in a real workspace folder.

Each test opens, changes or saves documents, asks for code actions, applies the edit
it gets the way an editor would, and compares with what ``migrate-fitgen rewrite``
writes for the same text.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from pathlib import Path
from typing import List, Optional

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")
from lsprotocol import types as lsp  # noqa: E402
from pygls.protocol import default_converter  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features  # noqa: E402

from migrate_fitgen.lsp import FIX_ALL_KIND  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
#: a safeguard against a server that never answers, not a time limit on the answer
PATIENCE = 120

LEGACY = (
    "import keras\n"
    "import numpy as np\n"
    "\n"
    "\n"
    "def batches(x, y):\n"
    "    while True:\n"
    "        yield x, y\n"
    "\n"
    "\n"
    "model = keras.Sequential()\n"
    'label = "caf\u00e9 \U0001f389"; model.fit_generator(batches(np.zeros(4), np.zeros(4)), 10, 2)\n'
    "model.evaluate_generator(batches(np.zeros(4), np.zeros(4)), steps=3)\n"
)
BROKEN = (
    "import keras\n"
    "\n"
    "\n"
    "def as_list(x, y, bs):\n"
    "    while True:\n"
    "        for i in range(0, len(x), bs):\n"
    "            yield [x[i:i + bs], y[i:i + bs]]\n"
    "\n"
    "\n"
    "model = keras.Sequential()\n"
    "model.fit(as_list([1], [2], 1), steps_per_epoch=2)\n"
)


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def rewrite_cli(text: str, path: Path) -> str:
    """What ``migrate-fitgen rewrite - --stdin-filename PATH`` writes for ``text``."""
    out = subprocess.run(
        [sys.executable, "-m", "migrate_fitgen", "rewrite", "-", "--stdin-filename", str(path), "-q"],
        input=text.encode(), capture_output=True, env=_env(), cwd=path.parent, check=True,
    ).stdout
    return out.decode()


def utf16_offset(text: str, pos: lsp.Position) -> int:
    """The ``str`` offset of an LSP position counted in UTF-16 units."""
    lines = text.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: pos.line])
    line = lines[pos.line] if pos.line < len(lines) else ""
    units = 0
    for i, ch in enumerate(line):
        if units >= pos.character:
            return start + i
        units += 2 if ord(ch) > 0xFFFF else 1
    return start + len(line.rstrip("\r\n")) if units >= pos.character else start + len(line)


def apply_text_edits(text: str, edits: List[lsp.TextEdit]) -> str:
    """What an editor does with a WorkspaceEdit's edits (all in the original's terms)."""
    spans = [(utf16_offset(text, e.range.start), utf16_offset(text, e.range.end), e.new_text) for e in edits]
    for (s1, e1, _), (s2, _, _) in zip(spans, spans[1:]):
        assert (s1, e1) <= (s2, s2) and e1 <= s2, "edits must be sorted and not overlap"
    out = text
    for start, end, new in reversed(spans):
        out = out[:start] + new + out[end:]
    return out


class Editor:
    """A pytest-lsp client with a record of every publishDiagnostics, by version."""

    def __init__(self, client, root: Path) -> None:
        self.client = client
        self.root = root
        self.published: List[lsp.PublishDiagnosticsParams] = []
        self.arrived = asyncio.Event()
        self.versions = {}

    def uri(self, name: str) -> str:
        return (self.root / name).as_uri()

    async def diagnostics(self, name: str, version: Optional[int] = None, times: int = 1) -> List[lsp.Diagnostic]:
        """The diagnostics published for ``name`` at ``version`` (the latest one sent),
        once at least ``times`` publications for that version have arrived."""
        uri, version = self.uri(name), self.versions[name] if version is None else version

        async def wait():
            while True:
                found = [p for p in self.published if p.uri == uri and p.version == version]
                if len(found) >= times:
                    return list(found[-1].diagnostics)
                self.arrived.clear()
                await self.arrived.wait()

        return await asyncio.wait_for(wait(), PATIENCE)

    def open(self, name: str, text: str, language: str = "python") -> None:
        self.versions[name] = 1
        self.client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                text_document=lsp.TextDocumentItem(uri=self.uri(name), language_id=language, version=1, text=text)
            )
        )

    def change(self, name: str, text: str) -> None:
        self.versions[name] += 1
        self.client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=self.uri(name), version=self.versions[name]),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    def save(self, name: str) -> None:
        self.client.text_document_did_save(
            lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=self.uri(name)))
        )

    async def actions(self, name: str, rng: lsp.Range, only=None, diagnostics=()) -> list:
        result = await asyncio.wait_for(
            self.client.text_document_code_action_async(
                lsp.CodeActionParams(
                    text_document=lsp.TextDocumentIdentifier(uri=self.uri(name)),
                    range=rng,
                    context=lsp.CodeActionContext(diagnostics=list(diagnostics), only=only),
                )
            ),
            PATIENCE,
        )
        return list(result or [])


@contextlib.asynccontextmanager
async def editor(root: Path):
    ed = Editor(None, root)

    def published(params: lsp.PublishDiagnosticsParams) -> None:
        ed.published.append(params)
        ed.arrived.set()

    def make_client() -> LanguageClient:
        client = LanguageClient(converter_factory=default_converter)
        register_lsp_features(
            client, {**DEFAULT_CLIENT_FEATURES, lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: published}
        )
        return client

    client = await ClientServerConfig(
        server_command=[sys.executable, "-m", "migrate_fitgen", "lsp"], server_env=_env(),
        client_factory=make_client,
    ).start()
    ed.client = client
    await asyncio.wait_for(
        client.initialize_session(
            lsp.InitializeParams(
                capabilities=client_capabilities("visual-studio-code"),
                root_uri=root.as_uri(),
                workspace_folders=[lsp.WorkspaceFolder(uri=root.as_uri(), name="project")],
            )
        ),
        PATIENCE,
    )
    try:
        yield ed
    finally:
        await asyncio.wait_for(client.shutdown_session(), PATIENCE)
        await client.stop()


WHOLE = lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=10_000, character=0))


@pytest.mark.asyncio
async def test_open_publishes_codes_links_and_utf16_ranges(tmp_path: Path):
    (tmp_path / "train.py").write_text(LEGACY)
    async with editor(tmp_path) as ed:
        ed.open("train.py", LEGACY)
        diags = await ed.diagnostics("train.py")
    codes = sorted(d.code for d in diags)
    assert codes == ["FG001", "FG001", "FG004", "FG004"]
    first = next(d for d in diags if d.code == "FG001" and d.range.start.line == 10)
    assert first.source == "migrate-fitgen"
    assert first.severity == lsp.DiagnosticSeverity.Warning
    assert first.code_description.href.endswith("/docs/rules/FG001.md")
    # the emoji before the call is two UTF-16 units: the squiggle is under `fit_generator`
    line = LEGACY.splitlines()[10]
    code_points = line.index("fit_generator")
    assert (first.range.start.character, first.range.end.character) == (code_points + 1, code_points + 1 + 13)


@pytest.mark.asyncio
async def test_quick_fix_is_the_rewrite_of_that_call_and_fix_all_is_rewrites_output(tmp_path: Path):
    path = tmp_path / "train.py"
    path.write_text(LEGACY)
    async with editor(tmp_path) as ed:
        ed.open("train.py", LEGACY)
        diags = await ed.diagnostics("train.py")
        fit = next(d for d in diags if d.code == "FG001" and d.range.start.line == 10)
        quick = await ed.actions("train.py", fit.range, diagnostics=[fit])
        fix_all = await ed.actions("train.py", WHOLE, only=[lsp.CodeActionKind.SourceFixAll])
    titles = [a.title for a in quick]
    assert "Rewrite to fit()" in titles and "Rewrite to evaluate()" not in titles
    action = next(a for a in quick if a.title == "Rewrite to fit()")
    assert action.kind == lsp.CodeActionKind.QuickFix and action.is_preferred
    assert action.diagnostics[0].code == "FG001"
    fixed = apply_text_edits(LEGACY, action.edit.changes[ed.uri("train.py")])
    assert "from migrate_fitgen.runtime import validate_batches" in fixed  # the import comes along
    assert "model.fit(validate_batches(" in fixed and "model.evaluate_generator(" in fixed
    compile(fixed, "train.py", "exec")

    assert "Rewrite to fit()" not in [a.title for a in fix_all]
    assert [a.kind for a in fix_all] == [FIX_ALL_KIND] and fix_all[0].title == "Fix all migrate-fitgen issues"
    edits = fix_all[0].edit.changes[ed.uri("train.py")]
    assert apply_text_edits(LEGACY, edits) == rewrite_cli(LEGACY, path)
    # only the changed ranges: no edit rewrites the untouched lines
    assert all(e.range.start.line >= 2 for e in edits)
    assert path.read_text() == LEGACY  # the server never writes files


@pytest.mark.asyncio
async def test_fix_all_asked_for_right_after_a_change_fixes_the_new_text(tmp_path: Path):
    path = tmp_path / "train.py"
    path.write_text(LEGACY)
    changed = LEGACY.replace("steps=3", "steps=4") + "model.predict_generator(batches(1, 2), 5)\n"
    async with editor(tmp_path) as ed:
        ed.open("train.py", LEGACY)
        await ed.diagnostics("train.py")
        ed.change("train.py", changed)  # as on save: the request follows the change at once
        fix_all = await ed.actions("train.py", WHOLE, only=[lsp.CodeActionKind.SourceFixAll])
        quick = await ed.actions("train.py", WHOLE, only=[lsp.CodeActionKind.QuickFix])
    (action,) = fix_all
    assert apply_text_edits(changed, action.edit.changes[ed.uri("train.py")]) == rewrite_cli(changed, path)
    assert "Rewrite to predict()" in [a.title for a in quick]


@pytest.mark.asyncio
async def test_change_is_reanalysed_and_a_syntax_error_keeps_the_last_good_diagnostics(tmp_path: Path):
    (tmp_path / "train.py").write_text("import keras\n")
    async with editor(tmp_path) as ed:
        ed.open("train.py", "import keras\n")
        assert await ed.diagnostics("train.py") == []
        ed.change("train.py", "import keras\nx = (\n")  # nothing a rule looks at, but broken
        assert [d.code for d in await ed.diagnostics("train.py")] == ["syntax-error"]
        ed.change("train.py", BROKEN)
        good = await ed.diagnostics("train.py")
        assert [d.code for d in good] == ["FG101"]
        assert good[0].severity == lsp.DiagnosticSeverity.Error and good[0].range.start.line == 6

        ed.change("train.py", BROKEN + "model.fit(\n")
        broken = await ed.diagnostics("train.py")
        assert [d.code for d in broken] == ["FG101", "syntax-error"]
        assert broken[0] == good[0]
        assert broken[1].range.start.line == 11 and "never closed" in broken[1].message
        assert await ed.actions("train.py", WHOLE) == []  # no edit is offered on text that does not parse

        # changes faster than the analysis: the last text's diagnostics are the last published
        for n in range(5):
            ed.change("train.py", BROKEN + f"model.fit(\n{n}" + "\n" * n)
        ed.change("train.py", BROKEN.replace("yield [x[i:i + bs], y[i:i + bs]]", "yield x[i:i + bs], y[i:i + bs]"))
        assert await ed.diagnostics("train.py") == []
        await ed.actions("train.py", WHOLE)  # a request after it: no publish is still on its way
    last = [p.version for p in ed.published if p.uri == ed.uri("train.py")][-1]
    assert last == ed.versions["train.py"]


@pytest.mark.asyncio
async def test_the_workspace_gives_cross_file_findings_and_save_refreshes_them(tmp_path: Path):
    gens = BROKEN.split("\n\nmodel =")[0] + "\n"
    train = "import keras\nfrom gens import as_list\n\nmodel = keras.Sequential()\n"
    (tmp_path / "gens.py").write_text(gens)
    (tmp_path / "train.py").write_text(train)
    async with editor(tmp_path) as ed:
        ed.open("gens.py", gens)
        assert await ed.diagnostics("gens.py") == []  # no training call reaches it yet
        # train.py gains the call on disk and is saved: gens.py learns it on its next change
        train += "model.fit(as_list([1], [2], 1), steps_per_epoch=2)\n"
        (tmp_path / "train.py").write_text(train)
        ed.open("train.py", train)
        await ed.diagnostics("train.py")
        ed.save("train.py")
        assert [d.code for d in await ed.diagnostics("train.py", times=2)] == []  # analysed again on save
        ed.change("gens.py", gens + "\n")
        found = await ed.diagnostics("gens.py")
    assert [d.code for d in found] == ["FG101"] and "train.py" in found[0].message


@pytest.mark.asyncio
async def test_workspace_settings_apply_and_other_documents_are_ignored(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.migrate-fitgen]\nignore = ["FG004"]\n')
    (tmp_path / "train.py").write_text(LEGACY)
    async with editor(tmp_path) as ed:
        ed.open("notes.md", "model.fit_generator(gen, 10, 2)\n", language="markdown")
        assert await ed.actions("notes.md", WHOLE) == []
        ed.open("train.py", LEGACY)
        diags = await ed.diagnostics("train.py")
        assert sorted(d.code for d in diags) == ["FG001", "FG001"]
    assert ed.uri("notes.md") not in {p.uri for p in ed.published}


@pytest.mark.asyncio
async def test_shutdown_ends_the_server(tmp_path: Path):
    async with editor(tmp_path) as ed:
        process = ed.client._server
        ed.open("a.py", "x = 1\n")
        assert await ed.diagnostics("a.py") == []
    assert process.returncode == 0


def test_without_pygls_the_command_says_what_to_install(tmp_path: Path):
    hide = "import sys; sys.modules['pygls'] = None\nfrom migrate_fitgen.cli import main; main()"
    proc = subprocess.run(
        [sys.executable, "-c", hide, "lsp"], capture_output=True, text=True, env=_env(), cwd=tmp_path
    )
    assert proc.returncode == 2
    assert "pip install 'migrate-fitgen[lsp]'" in proc.stderr


# the fix-all edits, without a server: every safe fix once, in order, none overlapping --


@pytest.mark.parametrize(
    "name",
    ["nested_receivers", "crlf", "bom_no_trailing_newline", "tabs", "keyword_column_alignment",
     "multiline_comments", "imports_between_code", "imports_moved_names", "validation_and_class_weight"],
)
def test_fix_all_edits_give_rewrites_output(name: str):
    from migrate_fitgen.analyze.engine import analyze_source
    from migrate_fitgen.edits import apply_edits
    from migrate_fitgen.lsp import fix_all_edits
    from migrate_fitgen.rewrite import RewriteOptions, rewrite_source
    from migrate_fitgen.sources import decode_source

    path = ROOT / "corpus" / "rewrite" / f"{name}.py"
    text = decode_source(path.read_bytes(), str(path)).text
    edits = fix_all_edits(text, analyze_source(text, str(path)))
    assert edits == sorted(set(edits), key=lambda e: (e.line, e.column, (e.end_line, e.end_column) != (e.line, e.column)))
    assert apply_edits(text, edits) == rewrite_source(text, str(path), RewriteOptions()).output


def test_a_save_of_the_analysed_text_reuses_its_analysis_until_another_file_is_saved(tmp_path: Path):
    from migrate_fitgen.lsp import Analyser

    (tmp_path / "train.py").write_text(LEGACY)
    (tmp_path / "gens.py").write_text("def g():\n    yield 1\n")
    analyser = Analyser(str(tmp_path))
    train = str(tmp_path / "train.py")
    first = analyser.analyse(train, LEGACY)
    assert [d.code for d in first.diagnostics].count("FG001") == 2
    analyser.saved(train)  # the document itself, saved as it was analysed
    assert analyser.analyse(train, LEGACY) is first
    analyser.saved(str(tmp_path / "gens.py"))  # another module changed on disk
    again = analyser.analyse(train, LEGACY)
    assert again is not first and again.diagnostics == first.diagnostics
    assert analyser.analyse(train, LEGACY + "\n") is not again


def test_other_modules_link_entries_are_reused_only_while_the_document_cannot_change_them(tmp_path: Path):
    """Between two changes of one document, another module's part of the link index is
    taken from the last analysis unless working it out read the document: ``train.py``
    imports the generator from the document, ``other.py`` does not.  Every analysis
    gives what a fresh analyser gives."""
    from migrate_fitgen.lsp import Analyser

    data = tmp_path / "data.py"
    gen = "import numpy as np\n\n\ndef gen(x, y):\n    while True:\n        yield [x, y]\n"
    data.write_text(gen)
    (tmp_path / "train.py").write_text(
        "import keras\nfrom data import gen\n\nmodel = keras.Sequential()\nmodel.fit(gen(1, 2), steps_per_epoch=2)\n"
    )
    (tmp_path / "other.py").write_text(
        "import keras\n\n\ndef own():\n    while True:\n        yield 1, 2\n\n\n"
        "model = keras.Sequential()\nmodel.fit(own(), steps_per_epoch=2)\n"
    )
    analyser = Analyser(str(tmp_path))
    texts = [
        gen,
        gen + "# a comment\n",  # the same summary: entries that did not read data.py hold
        "# moved down a line\n" + gen,  # train.py's link now goes to line 5
        gen.replace("yield [x, y]", "yield [x, y]  # still a list"),
        gen.replace("yield [x, y]", "return [x, y]"),  # no longer a generator
        gen.replace("def gen(", "def own("),  # another summary: every entry is made again
        gen,
    ]
    entries = []
    for text in texts:
        found = analyser.analyse(str(data), text)
        fresh = Analyser(str(tmp_path)).analyse(str(data), text)
        assert found.diagnostics == fresh.diagnostics
        entries.append(dict(analyser._links))
    assert [d.code for d in Analyser(str(tmp_path)).analyse(str(data), gen).diagnostics].count("FG101") == 1
    other, train = str(tmp_path / "other.py"), str(tmp_path / "train.py")
    assert entries[1][other] is entries[0][other]  # reused: it never read data.py
    assert entries[1][train] is not entries[0][train]  # made again: it loaded data.py
    assert str(data) in entries[1][train].loaded
    assert entries[5][other] is not entries[4][other]  # the summary changed


def test_link_entry_holds_only_without_reading_the_document():
    from migrate_fitgen.analyze.project import LinkEntry

    entry = LinkEntry((), True, frozenset({"a.py"}), {frozenset({"fit", "setattr"}): ("c.py",)})
    assert entry.holds_without("b.py", b"x = 1\n")
    assert not entry.holds_without("a.py", b"x = 1\n")  # loaded while it was worked out
    assert not entry.holds_without("b.py", b"setattr(o, 'fit', f)\n")  # now names a word it asked about
    assert not entry.holds_without("c.py", b"x = 1\n")  # named one then


def test_other_modules_receivers_are_reused_only_while_the_summaries_stay_the_same(tmp_path: Path):
    """Another module's ``KerasReceivers`` (is this receiver a Keras model?) is made
    once over its kept tree and used again by the next changes of the document, until
    the document's summary (what the other modules' questions may read of it) changes.
    Every analysis gives what a fresh analyser gives."""
    from migrate_fitgen.lsp import Analyser

    data = tmp_path / "data.py"
    gen = (
        "import keras\nimport numpy as np\n\n\nclass Net(keras.Model):\n    pass\n\n\n"
        "def gen(x, y):\n    while True:\n        yield [x, y]\n"
    )
    data.write_text(gen)
    train = tmp_path / "train.py"
    train.write_text(
        "from data import gen, Net\n\nmodel = Net()\nmodel.fit(gen(1, 2), steps_per_epoch=2)\n"
        "model.fit_generator(gen(1, 2), 2)\n"
    )
    analyser = Analyser(str(tmp_path))
    texts = [
        gen,
        gen + "# a comment\n",  # the same summary: train.py's receivers are used again
        gen.replace("yield [x, y]", "return [x, y]"),
        gen.replace("class Net(keras.Model)", "class Net(object)"),  # another summary
        gen,
    ]
    kept = []
    for text in texts:
        found = analyser.analyse(str(data), text)
        fresh = Analyser(str(tmp_path)).analyse(str(data), text)
        assert found.diagnostics == fresh.diagnostics
        kept.append(dict(analyser._receivers))
    assert str(data) not in kept[0]  # the document's tree is new at every change
    assert kept[1][str(train)] is kept[0][str(train)]
    assert kept[2][str(train)] is kept[0][str(train)]
    assert kept[3][str(train)] is not kept[2][str(train)]  # Net is no longer a Keras model
