"""Jupyter notebooks (``.ipynb``) as input to ``rewrite`` and ``analyze``.  Pure.

A notebook is read as its own JSON text (the bytes decoded as UTF-8, a BOM kept
aside); its code cells, when the kernel is Python, become one *program*: the cells in
order, each after a marker line ``# migrate-fitgen: cell N``, with IPython syntax
masked by placeholders (``_mfg_ipy_N_K_``) so that Python parsers take it:

* line magics (``%matplotlib inline``), automagic (``pip install keras``), shell
  escapes (``!pip install keras``), ``x = !ls`` and ``x = %who_ls``, help
  (``model.fit?``, ``?model``) and auto-call (``/f x``, ``,f x``, ``;f x``) lines: the
  IPython part becomes a placeholder name (and each line a ``\\`` continues, one more);
* a cell magic whose body is Python (``%%time``, ``%%capture``...): its first line is
  masked; any other cell magic (``%%bash``, ``%%writefile``...) and a cell that still
  does not parse after masking are left out of the program (the latter is reported).

A placeholder is taken only where tokenize shows it at the start of a logical line (or
right after ``=``): a ``!`` inside a string or a ``%`` continuing an expression in
brackets is Python, not IPython, and is left as it is.

Cell numbers are 1-based and count every cell (markdown too): cell N is
``cells[N - 1]`` in the JSON.  Lines inside a cell are 1-based.

Writing back (``apply``) changes nothing but the ``source`` value of the cells whose
text changed: the new value is spliced into the original text at that value's exact
span, in the file's own style (a list of lines or one string; the list's indentation;
``\\u`` escapes or raw non-ASCII); every other byte is the original's.  The result is
checked to parse to the original JSON with only those sources replaced.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from migrate_fitgen.diagnostics import Diagnostic, Edit, Fix
from migrate_fitgen.sources import SourceError, decode_utf8, parse_python

MARKER = "# migrate-fitgen: cell {}"
_MARKER_RE = re.compile(r"^# migrate-fitgen: cell (\d+)\n", re.M)

#: cell magics whose body is Python that IPython runs in the kernel itself
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "memit", "mprun", "snakeviz"})


# ------------------------------------------------------------------------------------
# a small JSON scanner: where each value sits in the text

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_LITERALS = ("true", "false", "null", "NaN", "Infinity", "-Infinity")


@dataclass
class Node:
    """A JSON value: its kind, its span ``[start, end)`` in the text, and for an
    object its (key, Node) pairs, for an array its Nodes, for a string its value."""

    kind: str
    start: int
    end: int
    items: list = field(default_factory=list)
    value: Any = None

    def get(self, key: str) -> Optional["Node"]:
        for k, v in self.items if self.kind == "object" else ():
            if k == key:
                return v
        return None


def _scan(text: str, pos: int) -> Node:
    """The value at ``pos`` (no leading whitespace).  The text is already known to be
    valid JSON (``json.loads`` took it), so errors only guard against surprises."""
    ch = text[pos]
    if ch == '"':
        value, end = json.decoder.scanstring(text, pos + 1)
        return Node("string", pos, end, value=value)
    if ch in "{[":
        closing = "}" if ch == "{" else "]"
        node = Node("object" if ch == "{" else "array", pos, pos)
        i = _WS.match(text, pos + 1).end()
        if text[i] == closing:
            node.end = i + 1
            return node
        while True:
            if ch == "{":
                key, i = json.decoder.scanstring(text, i + 1)
                i = _WS.match(text, i).end() + 1  # the colon
                i = _WS.match(text, i).end()
                child = _scan(text, i)
                node.items.append((key, child))
            else:
                child = _scan(text, i)
                node.items.append(child)
            i = _WS.match(text, child.end).end()
            if text[i] == closing:
                node.end = i + 1
                return node
            i = _WS.match(text, i + 1).end()  # after the comma
    m = _NUMBER.match(text, pos)
    if m and m.end() > pos:
        return Node("number", pos, m.end())
    for lit in _LITERALS:
        if text.startswith(lit, pos):
            return Node("literal", pos, pos + len(lit))
    raise SourceError(f"unexpected {ch!r} at offset {pos} of the notebook JSON")


# ------------------------------------------------------------------------------------
# the notebook


@dataclass(frozen=True)
class Cell:
    number: int  # 1-based, counting every cell
    text: str  # the source, joined
    node: Node  # the source value in the JSON text


@dataclass
class Notebook:
    path: str
    text: str  # the JSON text (without the BOM)
    bom: bool
    data: Any  # json.loads of the text
    root: Node
    python: bool  # the kernel is Python (or unnamed)
    language: str
    code_cells: List[Cell]
    #: where each cell's list lives: (node of the cells array, key of the source)
    cells_node: Optional[Node] = None
    source_key: str = "source"


def _cells(root: Node) -> Tuple[Optional[Node], str]:
    """The cells array and the key of a cell's source: nbformat 4 (``cells``,
    ``source``) or 3 (the first worksheet's ``cells``, ``input``)."""
    cells = root.get("cells")
    if cells is not None and cells.kind == "array":
        return cells, "source"
    sheets = root.get("worksheets")
    if sheets is not None and sheets.kind == "array" and sheets.items:
        first = sheets.items[0]
        cells = first.get("cells") if first.kind == "object" else None
        if cells is not None and cells.kind == "array":
            return cells, "input"
    return None, "source"


def _language(data: dict) -> str:
    """The kernel's language from the notebook metadata (``python`` when unnamed)."""
    meta = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    for holder, key in (("kernelspec", "language"), ("language_info", "name")):
        value = meta.get(holder)
        if isinstance(value, dict) and isinstance(value.get(key), str) and value[key]:
            return value[key]
    if isinstance(meta.get("language"), str) and meta["language"]:  # nbformat 3
        return meta["language"]
    spec = meta.get("kernelspec")
    if isinstance(spec, dict) and isinstance(spec.get("name"), str) and spec["name"]:
        return "python" if spec["name"].lower().startswith("python") else spec["name"]
    return "python"


def _source_text(node: Node) -> Optional[str]:
    if node.kind == "string":
        return node.value
    if node.kind == "array" and all(n.kind == "string" for n in node.items):
        return "".join(n.value for n in node.items)
    return None


def decode_notebook(data: bytes, path: str = "<notebook>") -> Notebook:
    """Read a notebook's bytes; a one-line ``SourceError`` if it is no notebook JSON."""
    decoded = decode_utf8(data, path)
    text, bom = decoded.text, decoded.bom
    try:
        parsed = json.loads(text)
    except ValueError as exc:
        raise SourceError(f"notebook is not valid JSON: {exc}") from None
    except RecursionError:
        raise SourceError("notebook is not valid JSON: too deeply nested") from None
    if not isinstance(parsed, dict):
        raise SourceError("notebook JSON is not an object")
    start = _WS.match(text, 0).end()
    root = _scan(text, start)
    cells_node, key = _cells(root)
    if cells_node is None:
        raise SourceError("notebook JSON has no cells")
    language = _language(parsed)
    code: List[Cell] = []
    for number, cell in enumerate(cells_node.items, 1):
        if cell.kind != "object":
            continue
        kind = cell.get("cell_type")
        src = cell.get(key)
        if kind is None or kind.value != "code" or src is None:
            continue
        text_of = _source_text(src)
        if text_of is not None:
            code.append(Cell(number, text_of, src))
    return Notebook(
        path, text, bom, parsed, root, language.lower() == "python", language, code, cells_node, key
    )


# ------------------------------------------------------------------------------------
# masking IPython syntax


@dataclass(frozen=True)
class MaskedCell:
    number: int
    original: str  # the cell's source as in the notebook
    text: str  # masked, ending with a newline
    masks: Tuple[Tuple[str, str], ...]  # (placeholder, the IPython text it stands for)
    added_newline: bool  # the original did not end with a newline
    cell_magic: bool  # its first line is a (Python-bodied) cell magic
    #: the indentation of the first line, which IPython removes from every line (and
    #: so does the program); "" for a cell that starts at column 1
    dedent: str = ""

    def unmask(self, text: str) -> str:
        """The edited masked text back in IPython syntax (raises SourceError)."""
        for placeholder, original in self.masks:
            if text.count(placeholder) != 1:
                raise SourceError(f"cell {self.number}: the rewrite moved IPython syntax; left unchanged")
            text = text.replace(placeholder, original)
        if self.added_newline and text.endswith("\n"):
            text = text[:-1]
        if self.dedent:
            text = "".join(
                line if line in ("\n", "\r\n") else self.dedent + line for line in text.splitlines(keepends=True)
            )
        return text


_ASSIGNED = re.compile(r"([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*)([!%].*)")
_AUTOCALL = re.compile(r"[/,;][A-Za-z_]")
#: magics (and IPython's shell aliases) that automagic runs without their ``%``
_AUTOMAGIC = re.compile(
    r"(?:pip|conda|cd|ls|pwd|env|set_env|load_ext|reload_ext|matplotlib|pylab|run|mkdir|rmdir|cat|rm|cp|mv"
    r"|tensorflow_version|timeit|time|who|whos|history|config|autoreload|aimport|xmode|store|sx|system)"
    r"[ \t]+(\S.*)"
)
#: what makes the rest of ``name rest`` Python: an assignment, a call, an attribute,
#: an operator with a space after it, a keyword
_PYTHON_REST = re.compile(
    r"[=(\[.,:;)]|[-+*/%&|^<>@!=]=|[-+*/%&|^<>@]\s|(?:in|is|and|or|if|else|for|not)\b"
)


def _ipython_part(body: str) -> Optional[int]:
    """Where the IPython syntax starts in a line (indentation removed), or None."""
    if not body or body.startswith("#"):
        return None
    if body[0] in "%!?" or _AUTOCALL.match(body):
        return 0
    stripped = body.rstrip()
    if stripped.endswith("?") and "#" not in stripped and "'" not in stripped and '"' not in stripped:
        return 0
    m = _ASSIGNED.match(body)
    if m and not body[m.end(1) - 1:].startswith("=="):
        return m.start(2)
    m = _AUTOMAGIC.match(body)
    if m and not _PYTHON_REST.match(m.group(1)):
        return 0
    return None


def _valid_placeholders(text: str, names: Sequence[str]) -> Optional[set]:
    """The placeholders tokenize sees where IPython would see its syntax: as a name
    that starts a logical line outside brackets, or right after ``=`` there.  None
    when the text does not tokenize."""
    wanted = set(names)
    good: set = set()
    depth = 0
    prev_type, prev_string = tokenize.NEWLINE, ""
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type in (tokenize.NL, tokenize.COMMENT):
                continue
            if tok.type == tokenize.OP and tok.string in "([{":
                depth += 1
            elif tok.type == tokenize.OP and tok.string in ")]}":
                depth = max(0, depth - 1)
            elif tok.type == tokenize.NAME and tok.string in wanted and depth == 0:
                at_start = prev_type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
                if at_start or (prev_type == tokenize.OP and prev_string == "="):
                    good.add(tok.string)
            prev_type, prev_string = tok.type, tok.string
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None
    return good


def mask_cell(number: int, source: str) -> Tuple[Optional[MaskedCell], Optional[str]]:
    """(the masked cell, None) or (None, why the cell is left out: a non-Python cell
    magic, or nothing to read)."""
    if not source.strip():
        return None, "empty"
    lines = source.splitlines(keepends=True)
    added = not source.endswith("\n")
    if added:
        lines[-1] += "\n"
    dedent = _leading_indent(lines)
    if dedent:
        lines = [line if line in ("\n", "\r\n") else line[len(dedent):] for line in lines]
    #: line index -> (column, text before the name, placeholder name, the original
    #: from that column, the line whose mask this continues (a ``\\`` ending) or None)
    masks: Dict[int, Tuple[int, str, str, str, Optional[int]]] = {}
    cell_magic = False
    first = lines[0].lstrip(" \t")
    if first.startswith("%%"):
        name = re.match(r"%%([\w.-]*)", first).group(1)
        if name not in PYTHON_CELL_MAGICS:
            return None, f"%%{name} cell"
        cell_magic = True
    head: Optional[int] = None  # the masked line a backslash continues, if any
    for i, line in enumerate(lines):
        content = line.rstrip("\r\n")
        if head is not None:
            lead = lines[head][: len(lines[head]) - len(lines[head].lstrip(" \t"))]
            masks[i] = (0, lead, f"_mfg_ipy_{number}_{i}_", content, head)
            head = head if content.endswith("\\") else None
            continue
        body = line.lstrip(" \t")
        col = _ipython_part(body.rstrip("\r\n"))
        if col is None:
            continue
        indent = len(line) - len(body)
        masks[i] = (indent + col, "", f"_mfg_ipy_{number}_{i}_", content[indent + col:], None)
        if content.endswith("\\"):
            head = i

    def masked_text(which) -> str:
        masked = list(lines)
        for i, (col, lead, name, _orig, _head) in which.items():
            end = masked[i][len(masked[i].rstrip("\r\n")):]
            masked[i] = masked[i][:col] + lead + name + end
        return "".join(masked)

    def without(which, dropped) -> dict:
        return {j: m for j, m in which.items() if j not in dropped and m[4] not in dropped}

    while True:
        text = masked_text(masks)
        good = _valid_placeholders(text, [m[2] for m in masks.values()])
        if good is None:
            # a mask that swallowed a closing bracket (``% b)`` continuing an
            # expression) breaks tokenize: leave out the first whose removal mends it
            mended = [
                i for i, m in masks.items()
                if m[4] is None and _valid_placeholders(masked_text(without(masks, {i})), ()) is not None
            ]
            if not mended:
                break
            masks = without(masks, {mended[0]})
            continue
        dropped = {
            i for i, m in masks.items() if m[4] is None and m[2] not in good and not (i == 0 and cell_magic)
        }
        if not dropped:
            break
        masks = without(masks, dropped)
    pairs = tuple((lead + name, orig) for _i, (_c, lead, name, orig, _h) in sorted(masks.items()))
    return MaskedCell(number, source, text, pairs, added, cell_magic, dedent), None


def _leading_indent(lines: Sequence[str]) -> str:
    """The indentation IPython removes from a cell whose first line is indented, when
    it can be put back exactly: every line has it, with something after it, or is
    empty.  "" otherwise (the cell is read as it is, and does not parse)."""
    m = re.match(r"[ \t]+", lines[0])
    if not m or not lines[0].strip():
        return ""
    prefix = m.group(0)
    for line in lines:
        if line in ("\n", "\r\n"):
            continue
        if not line.startswith(prefix) or line[len(prefix):] in ("\n", "\r\n"):
            return ""
    return prefix


# ------------------------------------------------------------------------------------
# the program: the masked cells, in order, as one module


@dataclass(frozen=True)
class Program:
    text: str
    cells: Tuple[MaskedCell, ...]
    #: the program line (1-based) of each cell's first line
    starts: Tuple[int, ...]
    #: (cell number, reason) of the cells left out because they do not parse
    problems: Tuple[Tuple[int, str], ...] = ()

    def locate(self, line: int) -> Tuple[int, int]:
        """(cell number, line in the cell) of a program line (a marker line or a line
        before the first cell counts as the first line of the cell that follows)."""
        if not self.cells:
            return 0, line
        k = max(0, bisect_right(self.starts, line) - 1)
        return self.cells[k].number, max(1, line - self.starts[k] + 1)

    def to_cells(self, d: Diagnostic) -> Diagnostic:
        """A program diagnostic with its cell, and its lines and columns in that cell."""
        cell, line = self.locate(d.line)
        shift = next((len(c.dedent) for c in self.cells if c.number == cell), 0)
        end_line, end_column = d.end_line, d.end_column
        if end_line:
            end_cell, end_line = self.locate(end_line)
            if end_cell != cell:
                end_line, end_column = 0, 0
            elif end_column:
                end_column += shift
        fix = d.fix
        if fix is not None and fix.edits:
            edits = []
            for e in fix.edits:
                c1, l1 = self.locate(e.line)
                c2, l2 = self.locate(e.end_line)
                if c1 != cell or c2 != cell:
                    edits = []  # an edit outside the cell cannot be given in its lines
                    break
                edits.append(Edit(l1, e.column + shift, l2, e.end_column + shift, e.content))
            fix = Fix(fix.applicability, fix.description, tuple(edits)) if edits else None
        return replace(
            d, line=line, column=d.column + shift, end_line=end_line, end_column=end_column, fix=fix, cell=cell
        )


def _syntax_problem(text: str) -> Optional[str]:

    try:
        parse_python(text)
    except SyntaxError as exc:
        return f"does not parse as Python 3 (line {exc.lineno}, column {exc.offset}): {exc.msg}"
    except (ValueError, RecursionError, MemoryError):
        return "does not parse as Python 3"
    return None


def build_program(notebook: Notebook) -> Program:
    if not notebook.python:
        return Program("", (), ())
    parts: List[str] = []
    cells: List[MaskedCell] = []
    starts: List[int] = []
    problems: List[Tuple[int, str]] = []
    line = 1
    for cell in notebook.code_cells:
        masked, _why = mask_cell(cell.number, cell.text)
        if masked is None:
            continue
        problem = _syntax_problem(masked.text)
        if problem is not None:
            problems.append((cell.number, problem))
            continue
        parts.append(MARKER.format(cell.number) + "\n")
        line += 1
        starts.append(line)
        cells.append(masked)
        parts.append(masked.text)
        line += masked.text.count("\n")
    return Program("".join(parts), tuple(cells), tuple(starts), tuple(problems))


@lru_cache(maxsize=16)
def _load(data: bytes, path: str) -> Tuple[Notebook, Program]:
    notebook = decode_notebook(data, path)
    return notebook, build_program(notebook)


def load(data: bytes, path: str = "<notebook>") -> Tuple[Notebook, Program]:
    """The notebook and its program (memoised: the analyser asks more than once)."""
    return _load(data, path)


def read(path: str) -> Tuple[bytes, Notebook, Program]:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise SourceError("no such file") from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}") from None
    notebook, program = load(data, path)
    return data, notebook, program


def program_text(data: bytes, path: str = "<notebook>") -> str:
    return load(data, path)[1].text


# ------------------------------------------------------------------------------------
# back to cells, and into the JSON


@dataclass(frozen=True)
class CellChange:
    number: int
    before: str
    after: str


def split_output(program: Program, output: str) -> List[CellChange]:
    """The cells whose text the rewritten program changed (raises SourceError when
    the rewrite did not keep the cells apart)."""
    found = list(_MARKER_RE.finditer(output))
    numbers = [int(m.group(1)) for m in found]
    if numbers != [c.number for c in program.cells]:
        raise SourceError("the rewrite moved code across notebook cells; left unchanged")
    changes: List[CellChange] = []
    for k, (cell, m) in enumerate(zip(program.cells, found)):
        end = found[k + 1].start() if k + 1 < len(found) else len(output)
        body = output[m.end():end]
        if k == 0 and m.start() > 0:  # imports the rewrite added before the first cell
            body = output[:m.start()] + body
        body = _after_leading_magics(cell, body)
        if body == cell.text:
            continue
        after = cell.unmask(body)
        if after != cell.original:
            changes.append(CellChange(cell.number, cell.original, after))
    return changes


_IMPORT_LINE = re.compile(r"(?:import|from)\s+[\w.]+.*\n")


def _after_leading_magics(cell: MaskedCell, body: str) -> str:
    """Imports the rewrite put above the IPython lines a cell starts with (``%%time``,
    ``%tensorflow_version``, ``!pip install``) go below them: a cell magic must stay
    the first line, and those lines prepare what the imports load."""
    placeholders = {p for p, _ in cell.masks}
    lead = []
    for line in cell.text.splitlines(keepends=True):
        if line.strip() not in placeholders:
            break
        lead.append(line)
    lead_text = "".join(lead)
    if not lead or body.startswith(lead_text):
        return body
    at = body.find(lead_text)
    if at <= 0 or not all(_IMPORT_LINE.fullmatch(line) for line in body[:at].splitlines(keepends=True)):
        return body
    return lead_text + body[:at] + body[at + len(lead_text):]


def _lines(text: str) -> List[str]:
    """A source split as Jupyter splits it: after each ``\\n``."""
    return [s for s in re.split(r"(?<=\n)", text) if s]


def _ensure_ascii(text: str) -> bool:
    """Whether the file escapes non-ASCII characters (json.dumps' default) or not
    (nbformat's)."""
    if any(ord(c) > 127 for c in text):
        return False
    return re.search(r"\\u(?:00[89a-fA-F]|0[1-9a-fA-F]|[1-9a-fA-F])", text) is not None


def _encode_source(notebook: Notebook, node: Node, text: str, ascii_only: bool) -> str:
    """The JSON text of a new source value, laid out as ``node`` (the old one) was."""
    if node.kind == "string":
        return json.dumps(text, ensure_ascii=ascii_only)
    old_raw = {}
    for item in node.items:
        old_raw.setdefault(item.value, notebook.text[item.start:item.end])
    items = [old_raw.get(s) or json.dumps(s, ensure_ascii=ascii_only) for s in _lines(text)]
    if not items:
        return "[]"
    src = notebook.text
    if node.items:
        lead = src[node.start + 1:node.items[0].start]
        trail = src[node.items[-1].end:node.end - 1]
        sep = src[node.items[0].end:node.items[1].start] if len(node.items) > 1 else "," + lead
    else:  # an empty list (an empty cell, which no rewrite edits): one line
        lead = trail = ""
        sep = ", "
    return "[" + lead + sep.join(items) + trail + "]"


def apply(notebook: Notebook, changes: Sequence[CellChange]) -> str:
    """The notebook's JSON text with the changed cells' sources replaced, every other
    character as it was.  Checked: it parses to the original with those sources."""
    if not changes:
        return notebook.text
    by_number = {c.number: c for c in notebook.code_cells}
    ascii_only = _ensure_ascii(notebook.text)
    out = notebook.text
    expected = json.loads(notebook.text)
    cells = expected["cells"] if notebook.source_key == "source" else expected["worksheets"][0]["cells"]
    for change in sorted(changes, key=lambda c: -by_number[c.number].node.start):
        node = by_number[change.number].node
        new = _encode_source(notebook, node, change.after, ascii_only)
        out = out[:node.start] + new + out[node.end:]
        cells[change.number - 1][notebook.source_key] = (
            change.after if node.kind == "string" else _lines(change.after)
        )
    try:
        same = json.loads(out) == expected
    except ValueError:
        same = False
    if not same:
        raise SourceError("internal error: the notebook would change outside the edited cells; left unchanged")
    return out


@dataclass(frozen=True)
class NotebookRewrite:
    text: str  # the notebook's new JSON text (the original when nothing changed)
    changes: Tuple[CellChange, ...]
    diagnostics: Tuple[Diagnostic, ...]  # in cells
    problems: Tuple[str, ...]  # ``cell N: error: ...`` for the cells left alone
    calls_migrated: int


def rewrite_notebook(data: bytes, path: str, rewrite: Callable[[str], Any]) -> NotebookRewrite:
    """Rewrite a notebook's code cells.  ``rewrite(program_text)`` is the caller's
    ``rewrite_source`` (with its options and project); this module imports no rewrite.
    Raises ``SourceError`` for a notebook that cannot be read or written back."""
    notebook, program = load(data, path)
    result = rewrite(program.text)
    changes = split_output(program, result.output) if result.output != program.text else []
    return NotebookRewrite(
        apply(notebook, changes),
        tuple(changes),
        tuple(program.to_cells(d) for d in result.diagnostics),
        tuple(cell_problem_messages(program)),
        result.calls_migrated if changes else 0,
    )


def cell_problem_messages(program: Program) -> List[str]:
    """``cell N: error: why`` for each cell the rewrite leaves alone (``path:`` first)."""
    return [f"cell {number}: error: {reason}; the cell is left as it is" for number, reason in program.problems]


def cell_problem_reasons(program: Program) -> List[str]:
    """``cell N: why`` for each cell the analyser could not read (its errors' reasons)."""
    return [f"cell {number}: {reason}; the other cells are analysed" for number, reason in program.problems]


__all__ = [
    "CellChange",
    "MaskedCell",
    "Notebook",
    "Program",
    "apply",
    "build_program",
    "decode_notebook",
    "load",
    "mask_cell",
    "program_text",
    "read",
    "rewrite_notebook",
    "split_output",
]
