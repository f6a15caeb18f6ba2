"""Finding, decoding and atomically writing source files.

Everything here keeps a file's bytes as they were: the encoding (PEP 263 cookie or
BOM), the newline style and the file mode.  Failures are raised as ``SourceError``
with a one-line reason; the callers report them and go on with the other files.
"""

from __future__ import annotations

import ast
import fnmatch
import gc
import io
import os
import stat
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
    #: the bytes as read (a hash): ``write_source`` refuses to replace a file that
    #: another program changed since
    read_digest: str | None = None


def _is_venv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg")) or os.path.isdir(os.path.join(path, "conda-meta"))


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


def _join(folder: str, name: str) -> str:
    """``str(Path(folder) / name)`` for a folder string made by ``Path`` (no trailing
    separator except the root's; ``.`` disappears, as ``Path`` drops it)."""
    if folder == ".":
        return name
    return folder + name if folder.endswith(os.sep) else folder + os.sep + name


def iter_python_files(
    paths: Iterable[str], exclude: Sequence[str] = (), notebooks: bool = False,
    follow_links: bool = False,
) -> Iterator[str]:
    """Yield the ``.py`` files (and with ``notebooks`` the ``.ipynb`` files) under
    ``paths`` (files given directly are always yielded unless excluded), skipping VCS
    folders, virtual environments, caches and build output.  Symlinks that lead out of
    a walked folder (files or folders) are followed only with ``follow_links``; a
    folder is never walked twice, so a symlink loop ends.  Each folder's files come in
    name order, then its subfolders, one after the other, in name order."""
    suffixes = (".py", ".ipynb") if notebooks else (".py",)
    seen: set = set()
    walked: set = set()
    for raw in paths:
        root = Path(raw)
        if root.is_file() or (root.exists() and not root.is_dir()):
            # named on the command line: a FIFO or device is reported when it is read
            if not _excluded(root, root.parent, exclude) and str(root) not in seen:
                seen.add(str(root))
                yield str(root)
            continue
        if not root.is_dir():
            continue
        top = os.path.realpath(root) if not follow_links else ""
        yield from _walk(str(root), root, suffixes, exclude, follow_links, seen, walked, top)


def _walk(folder, root, suffixes, exclude, follow_links, seen, walked, top) -> Iterator[str]:
    """One folder of ``iter_python_files``'s walk (``os.scandir``: a folder's entries
    say whether they are folders or links without a ``stat`` each)."""
    if follow_links:
        real = os.path.realpath(folder)
        if real in walked:
            return
        walked.add(real)
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError:
        return
    dirs, files = [], []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        (dirs if is_dir else files).append(entry)
    for entry in sorted(files, key=lambda e: e.name):
        name = entry.name
        if not name.endswith(suffixes):
            continue
        p = _join(folder, name)
        if p in seen or (exclude and _excluded(Path(p), root, exclude)):
            continue
        if not follow_links and entry.is_symlink() and not _inside(p, top):
            continue
        seen.add(p)
        yield p
    for entry in sorted(dirs, key=lambda e: e.name):
        d = entry.name
        if d in SKIP_DIRS or d.endswith(".egg-info"):
            continue
        sub = _join(folder, d)
        if _is_venv(sub) or (exclude and _excluded(Path(sub), root, exclude)):
            continue
        if not follow_links and entry.is_symlink():
            continue  # os.walk's rule: a link to a folder is not walked
        yield from _walk(sub, root, suffixes, exclude, follow_links, seen, walked, top)


def _inside(path: str, top: str) -> bool:
    """A symlink met while walking a folder is followed only if its target lies inside
    the folder walked (a link out of the tree is not followed).  A FIFO or a device is
    yielded: ``read_bytes`` refuses to open it and says so."""
    target = os.path.realpath(path)
    return target == top or target.startswith(top.rstrip(os.sep) + os.sep)


def read_bytes(path: str) -> bytes:
    """A file's bytes, or ``SourceError`` with a one-line reason.  Only regular files
    are opened: opening a FIFO named on the command line would wait forever."""
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise SourceError("is a directory")
        if not stat.S_ISREG(st.st_mode):
            raise SourceError(f"not a regular file ({_file_kind(st.st_mode)}); skipped")
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise SourceError("no such file") from None
    except IsADirectoryError:
        raise SourceError("is a directory") from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}") from None


def _file_kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a file"


def _null_byte(data: bytes) -> None:
    at = data.find(b"\x00")
    if at < 0:
        return
    line = data.count(b"\n", 0, at) + 1
    column = at - (data.rfind(b"\n", 0, at) + 1) + 1
    raise SourceError(f"contains a null byte (line {line}, column {column}): not Python source")


def _undecodable(codec: str, data: bytes, at: int) -> str:
    line = data.count(b"\n", 0, at) + 1
    return f"cannot decode as {codec}: byte 0x{data[at]:02x} at offset {at} (line {line})"


def decode_source(data: bytes, path: str = "<stdin>") -> SourceFile:
    """Decode bytes the way Python does: BOM, then a PEP 263 cookie, then UTF-8.
    A notebook (``.ipynb``) is JSON: UTF-8, a BOM kept aside, no cookie."""
    if path.endswith(".ipynb"):
        return decode_utf8(data, path)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        if "invalid or missing encoding declaration" in str(exc.msg):
            # tokenize's words for "the first lines are not UTF-8 and name no encoding"
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as bad:
                raise SourceError(_undecodable("utf-8", data, bad.start) + " and no coding cookie") from None
        raise SourceError(f"cannot detect the encoding: {exc.msg}") from None
    if encoding.replace("_", "-").lower() not in ("utf-16", "utf-32") and b"\x00" in data:
        _null_byte(data)
    bom = encoding == "utf-8-sig"
    codec = "utf-8" if bom else encoding
    body = data[3:] if bom and data.startswith(b"\xef\xbb\xbf") else data
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        raise SourceError(_undecodable(codec, body, exc.start)) from None
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


def read_source(path: str, expected_digest: "str | None" = None) -> SourceFile:
    """Read and decode a file; with ``expected_digest`` (``bytes_digest`` of the bytes
    an earlier pass saw), a file that changed since is refused."""
    data = read_bytes(path)
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}") from None
    if expected_digest is not None and bytes_digest(data) != expected_digest:
        raise SourceError("the file changed while it was being processed; run again")
    src = decode_source(data, path)
    src.mode = stat.S_IMODE(mode)
    src.read_digest = bytes_digest(data)
    return src


def bytes_digest(data: bytes) -> str:
    import hashlib  # here: `rewrite -` / `analyze -` (stdin) never need it

    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _unchanged_since_read(src: SourceFile, path: str) -> None:
    if src.read_digest is None:
        return
    try:
        with open(path, "rb") as fh:
            now = fh.read()
    except OSError as exc:
        raise SourceError(f"cannot read it again before writing: {exc.strerror or exc}") from None
    if bytes_digest(now) != src.read_digest:
        raise SourceError("changed by another program since it was read; left as it is, run again")


def _temporary(folder: str, mode: int):
    """An open temporary file in ``folder`` and how to give it its final name.  On
    Linux it has no name until it is complete (``O_TMPFILE``), so a process killed
    while writing leaves nothing behind; elsewhere it is a hidden ``.tmp`` file."""
    flag = getattr(os, "O_TMPFILE", 0)
    if flag:
        try:
            fd = os.open(folder, flag | os.O_WRONLY, mode)
        except OSError:
            fd = -1
        if fd >= 0:
            def publish(target: str) -> None:
                base = f".migrate-fitgen-{os.getpid()}-{os.urandom(4).hex()}.tmp"
                name = os.path.join(folder, base)
                dir_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
                try:
                    # a dir_fd makes Python call linkat() with AT_SYMLINK_FOLLOW, which
                    # gives the unnamed file a name (plain link() would not follow)
                    os.link(f"/proc/self/fd/{fd}", base, dst_dir_fd=dir_fd, follow_symlinks=True)
                finally:
                    os.close(dir_fd)
                try:
                    os.replace(name, target)
                except OSError:
                    os.unlink(name)
                    raise

            return fd, publish, None
    import tempfile  # here: only where O_TMPFILE is missing

    fd, tmp = tempfile.mkstemp(prefix=".migrate-fitgen-", suffix=".tmp", dir=folder)
    return fd, (lambda target: os.replace(tmp, target)), tmp


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
        fd, publish, tmp = _temporary(folder, mode)
    except OSError as exc:
        raise SourceError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb", closefd=False) as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.fchmod(fd, mode)
        if hasattr(os, "fchown") and (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
            try:
                os.fchown(fd, st.st_uid, st.st_gid)
            except OSError:
                pass  # not permitted for this user: the file becomes the user's own
        _unchanged_since_read(src, path)
        publish(path)
    except (OSError, SourceError) as exc:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if isinstance(exc, SourceError):
            raise
        raise SourceError(f"cannot write: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


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


#: Python's parser refuses these cleanly; libcst's native parser, given the same text,
#: can overflow its stack (a segmentation fault) or run for minutes
def parse_python(text: str, path: str = "<unknown>") -> ast.Module:
    """``ast.parse(text)`` without the warnings Python's compiler gives about the code
    (``SyntaxWarning: "is" with a literal``, an invalid escape sequence): they are about
    the user's code, not ours to print, and the line numbers of a rewritten text would
    not be the file's."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text, path)


_TOO_DEEP = (
    "too many nested parentheses",
    "too many levels of indentation",
    "too many statically nested blocks",
    "too many nested",
)


def _check_depth(text: str) -> None:
    """Ask Python's own parser first whether the text is nested deeper than it allows,
    so that such a file is one clean error instead of a crash of the run."""
    try:
        parse_python(text)
    except (RecursionError, MemoryError):
        raise SourceError("does not parse: nested too deeply for Python's parser") from None
    except SyntaxError as exc:
        if any(m in (exc.msg or "") for m in _TOO_DEEP):
            raise SourceError(
                f"does not parse as Python 3 (line {exc.lineno}, column {exc.offset}): {exc.msg}"
            ) from None
    except ValueError:
        pass


def parse_module(text: str, checked: bool = False) -> "cst.Module":
    """Parse with libcst; a file that is not Python 3 raises ``SourceError`` with
    Python's own wording of the problem and its position.  ``checked``: the caller
    knows that ``ast.parse(text)`` succeeds (it parsed the same text), so the text is
    not nested too deeply and Python's parser need not be asked again (a tenth of
    ``analyze``'s work on a module it loads)."""
    import libcst as cst

    # neither parse makes a reference cycle: the cyclic collector, set off again and
    # again by the nodes being made, would only walk the growing tree and whatever else
    # is alive (about a sixth of ``analyze``'s work on the modules it parses)
    collecting = gc.isenabled()
    gc.disable()
    try:
        if not checked:
            _check_depth(text)
        return cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        # Python's own parser words the error best ("Missing parentheses in call to 'print'")
        try:
            parse_python(text)
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
    finally:
        if collecting:
            gc.enable()
