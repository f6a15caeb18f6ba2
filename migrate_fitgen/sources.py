"""Finding, decoding and atomically writing source files.

Everything here keeps a file's bytes as they were: the encoding (PEP 263 cookie or
BOM), the newline style and the file mode.  Failures are raised as ``SourceError``
with a one-line reason; the callers report them and go on with the other files.
"""

from __future__ import annotations

import ast
import fnmatch
import io
import os
import stat
import tempfile
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, List, Sequence

if TYPE_CHECKING:  # libcst is imported by parse_module, when a file is parsed
    import libcst as cst

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "__pycache__",
        "build",
        "dist",
        "node_modules",
        ".venv",
        "venv",
        ".env",
        "env",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".eggs",
        "site-packages",
        ".ipynb_checkpoints",  # Jupyter's own copies of the notebooks next to it
    }
)


class SourceError(Exception):
    """A file that cannot be read, decoded, parsed or written; the message is one line."""


@dataclass
class SourceFile:
    path: str
    text: str
    encoding: str  # the codec to write back with ("utf-8" when the file has a BOM)
    bom: bool
    mode: int | None = None


def _is_venv(path: Path) -> bool:
    return (path / "pyvenv.cfg").is_file() or (path / "conda-meta").is_dir()


def _excluded(path: Path, root: Path, patterns: Sequence[str]) -> bool:
    if not patterns:
        return False
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = path.as_posix()
    candidates = {rel, path.name, path.as_posix()}
    for pat in patterns:
        pat = pat.rstrip("/")
        for cand in candidates:
            if fnmatch.fnmatchcase(cand, pat) or fnmatch.fnmatchcase(cand, pat + "/*"):
                return True
        # a pattern naming a folder excludes everything below it
        parts = rel.split("/")
        for i in range(1, len(parts)):
            if fnmatch.fnmatchcase("/".join(parts[:i]), pat) or fnmatch.fnmatchcase(parts[i - 1], pat):
                return True
    return False


def iter_python_files(
    paths: Iterable[str], exclude: Sequence[str] = (), notebooks: bool = False
) -> Iterator[str]:
    """Yield the ``.py`` files (and with ``notebooks`` the ``.ipynb`` files) under
    ``paths`` (files given directly are always yielded unless excluded), skipping VCS
    folders, virtual environments, caches and build output."""
    suffixes = (".py", ".ipynb") if notebooks else (".py",)
    seen = set()
    for raw in paths:
        root = Path(raw)
        if root.is_file():
            if not _excluded(root, root.parent, exclude) and str(root) not in seen:
                seen.add(str(root))
                yield str(root)
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            here = Path(dirpath)
            dirnames[:] = sorted(
                d
                for d in dirnames
                if d not in SKIP_DIRS
                and not d.endswith(".egg-info")
                and not _is_venv(here / d)
                and not _excluded(here / d, root, exclude)
            )
            for name in sorted(filenames):
                if not name.endswith(suffixes):
                    continue
                p = here / name
                if _excluded(p, root, exclude) or str(p) in seen:
                    continue
                seen.add(str(p))
                yield str(p)


def decode_source(data: bytes, path: str = "<stdin>") -> SourceFile:
    """Decode bytes the way Python does: BOM, then a PEP 263 cookie, then UTF-8.
    A notebook (``.ipynb``) is JSON: UTF-8, a BOM kept aside, no cookie."""
    if path.endswith(".ipynb"):
        return decode_utf8(data, path)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        raise SourceError(f"cannot detect the encoding: {exc.msg}") from None
    bom = encoding == "utf-8-sig"
    codec = "utf-8" if bom else encoding
    body = data[3:] if bom and data.startswith(b"\xef\xbb\xbf") else data
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"cannot decode as {codec}: byte 0x{body[exc.start]:02x} at offset {exc.start}"
        ) from None
    except LookupError:
        raise SourceError(f"unknown encoding {codec!r} in the coding cookie") from None
    return SourceFile(path=path, text=text, encoding=codec, bom=bom)


def decode_utf8(data: bytes, path: str) -> SourceFile:
    """UTF-8 with an optional BOM (a notebook's JSON)."""
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    try:
        return SourceFile(path=path, text=body.decode("utf-8"), encoding="utf-8", bom=bom)
    except UnicodeDecodeError as exc:
        raise SourceError(f"cannot decode as utf-8: byte 0x{body[exc.start]:02x} at offset {exc.start}") from None


def encode_source(src: SourceFile, text: str) -> bytes:
    try:
        data = text.encode(src.encoding)
    except UnicodeEncodeError as exc:
        raise SourceError(f"the result cannot be encoded as {src.encoding}: {exc.reason}") from None
    return (b"\xef\xbb\xbf" + data) if src.bom else data


def read_source(path: str) -> SourceFile:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise SourceError("no such file") from None
    except IsADirectoryError:
        raise SourceError("is a directory") from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}") from None
    src = decode_source(data, path)
    src.mode = stat.S_IMODE(mode)
    return src


def write_source(src: SourceFile, text: str) -> None:
    """Write ``text`` back in the file's own encoding, through a temporary file in the
    same folder and an atomic replace, keeping the file's mode and owner.  A symlink
    stays a symlink: its target is what gets replaced."""
    path = os.path.realpath(src.path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise SourceError(f"cannot stat: {exc.strerror or exc}") from None
    mode = src.mode if src.mode is not None else stat.S_IMODE(st.st_mode)
    if not mode & stat.S_IWUSR:
        raise SourceError("file is read-only; left unchanged")
    data = encode_source(src, text)
    folder = os.path.dirname(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".migrate-fitgen-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise SourceError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if hasattr(os, "chown") and (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:
                pass  # not permitted for this user: the file becomes the user's own
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise SourceError(f"cannot write: {exc.strerror or exc}") from None


def emit_report(text: str, output: "str | None") -> None:
    """Write a report to the file ``output`` (UTF-8, LF), or to stdout when it is None.
    An ``OSError`` from the file is the caller's to word."""
    import sys

    if output:
        with open(output, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def missing_paths(paths: Sequence[str]) -> List[str]:
    return [p for p in paths if p != "-" and not os.path.exists(p)]


def parse_module(text: str) -> "cst.Module":
    """Parse with libcst; a file that is not Python 3 raises ``SourceError`` with
    Python's own wording of the problem and its position."""
    import libcst as cst

    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        # Python's own parser words the error best ("Missing parentheses in call to 'print'")
        try:
            ast.parse(text)
        except SyntaxError as py_exc:
            raise SourceError(
                f"does not parse as Python 3 (line {py_exc.lineno}, column {py_exc.offset}): "
                f"{py_exc.msg}"
            ) from None
        except (ValueError, RecursionError, MemoryError):
            pass
        first = str(exc.message).strip().splitlines()[0] if exc.message else "syntax error"
        raise SourceError(f"does not parse: {first}") from None
    except (RecursionError, MemoryError):
        raise SourceError("does not parse: the file is too deeply nested") from None
