"""How long an editor waits for diagnostics: the median time from a ``didChange`` to
the ``publishDiagnostics`` for that version, with ``migrate-fitgen lsp`` as a child
process driven over stdio by a pygls client (the debounce pause is included).

    python benchmarks/lsp_latency.py                 # two made-up 1,000-line modules
    python benchmarks/lsp_latency.py --file F.py     # a real file, its folder the workspace
    python benchmarks/lsp_latency.py --before DIR    # also the server of another checkout

The first made-up module repeats a block with a generator, a Keras model and legacy
calls until it is 1,000 lines long (about 50 training calls: far denser than real
code), so every change is analysed in full with findings to report; the second is
1,000 lines of plain Python with nothing a rule looks at (most files of a project).
Each change edits the comment at the end of a statement in the middle of the file, so
the module stays valid and is analysed in full every time.
Prints the median and the spread; the goal is 300 ms.  ``--before`` runs the same
changes against the server of another checkout (its folder first on PYTHONPATH, as
``benchmarks/startup.py`` does), one after the other, for a before/after table.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 300

HEAD = "import keras\nimport numpy as np\n\n"
BLOCK = '''

def batches_{i}(x, y, size={i}):
    """Yield batches of {i}."""
    while True:
        for start in range(0, len(x), size):
            yield [x[start:start + size], y[start:start + size]]


def build_{i}():
    model = keras.Sequential([keras.layers.Dense({i})])
    model.compile(optimizer="adam", loss="mse")
    return model


model_{i} = build_{i}()
model_{i}.fit_generator(batches_{i}(np.zeros(64), np.zeros(64)), 10, 2, workers=2)
model_{i}.evaluate_generator(batches_{i}(np.zeros(64), np.zeros(64)), steps=3)
'''


PLAIN = '''

def total_{i}(values, scale={i}):
    """Add the values, scaled by {i}."""
    out = 0
    for value in values:
        out += value * scale
    return out


ITEMS_{i} = [total_{i}(range(n)) for n in range(3)]
'''


def made_up_module(lines: int = 1000, block: str = BLOCK) -> str:
    text, i = HEAD, 0
    while text.count("\n") < lines:
        text += block.format(i=i)
        i += 1
    return "".join(text.splitlines(keepends=True)[:lines])


def edited_line(text: str) -> int:
    """The 0-based index of the one-line statement nearest the middle: a comment added
    at its end keeps the module valid, so every change is analysed in full."""
    middle = text.count("\n") // 2
    lines = [
        n.lineno - 1 for n in ast.walk(ast.parse(text))
        if isinstance(n, ast.stmt) and n.lineno == n.end_lineno
        and not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.For, ast.While, ast.With, ast.Try))
    ]
    return min(lines, key=lambda i: abs(i - middle))


async def measure(path: Path, text: str, changes: int, root: Path = ROOT) -> list:
    client = LanguageClient("lsp-latency", "1")
    published = {}  # version -> arrival time
    arrived = asyncio.Event()

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: lsp.PublishDiagnosticsParams) -> None:
        published[params.version] = (time.perf_counter(), len(params.diagnostics))
        arrived.set()

    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]))
    # -P: the server's own folder is not put first on sys.path (``-m`` would put the
    # current folder there, and with it this checkout's package before ``root``'s)
    isolate = ["-P"] if sys.version_info >= (3, 11) else []
    await client.start_io(sys.executable, *isolate, "-m", "migrate_fitgen", "lsp", env=env, cwd=str(path.parent))
    root = path.parent.as_uri()
    await client.initialize_async(
        lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(), root_uri=root,
            workspace_folders=[lsp.WorkspaceFolder(uri=root, name="bench")],
        )
    )
    client.initialized(lsp.InitializedParams())
    uri = path.as_uri()

    async def wait_for(version: int):
        while version not in published:
            arrived.clear()
            await arrived.wait()
        return published[version]

    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id="python", version=1, text=text))
    )
    _, found = await wait_for(1)
    lines = text.splitlines(keepends=True)
    middle, original = edited_line(text), None
    original = lines[middle].rstrip("\r\n")
    times = []
    for version in range(2, changes + 2):
        lines[middle] = f"{original}  # edit {version}\n"
        sent = time.perf_counter()
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text="".join(lines))],
            )
        )
        arrived_at, _ = await wait_for(version)
        times.append(arrived_at - sent)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return [found, times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", help="a real Python file (default: a made-up 1,000-line module)")
    parser.add_argument("--changes", type=int, default=30, help="how many changes to time (default 30)")
    parser.add_argument("--before", type=Path, default=None, help="another checkout to compare with")
    args = parser.parse_args()
    roots = [("this checkout", ROOT)] + ([("before", args.before.resolve())] if args.before else [])
    with tempfile.TemporaryDirectory() as tmp:
        if args.file:
            path = Path(args.file).resolve()
            cases = [(args.file, path, path.read_text(encoding="utf-8"))]
        else:
            cases = [
                ("made-up Keras module", Path(tmp) / "keras_made_up.py", made_up_module()),
                ("made-up plain module", Path(tmp) / "plain_made_up.py", made_up_module(block=PLAIN)),
            ]
        for (label, path, text), (code, root) in [(c, r) for c in cases for r in roots]:
            if not path.exists():
                path.write_text(text)
            found, times = asyncio.run(measure(path, text, args.changes, root))
            ms = sorted(t * 1000 for t in times)
            median = statistics.median(ms)
            print(f"{label} ({code}): {text.count(chr(10))} lines, {found} diagnostics")
            print(
                f"  didChange -> publishDiagnostics over {len(ms)} changes: median {median:.0f} ms "
                f"(min {ms[0]:.0f}, max {ms[-1]:.0f}); goal {GOAL_MS} ms: "
                f"{'met' if median <= GOAL_MS else 'NOT met'}"
            )


if __name__ == "__main__":
    main()
