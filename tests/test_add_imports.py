"""The rewrite adds the imports its fixes need (``validate_batches``, ``math``,
``InverseTimeDecay``) with ``rewrite.imports.add``, its own code.  It used libcst's
``AddImportsVisitor`` before (which imports ``libcst.codemod`` and ``libcst.matchers``,
0.2-0.4 s of a one-file run).  ``add`` must write exactly what that wrote: here the old
code, kept as an oracle, is run beside it on many module heads (a table of the cases
that matter, then generated ones), and so are the fix edits the engine derives from it.
"""

from __future__ import annotations

from typing import Sequence

import libcst as cst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate_fitgen.keras_api import RUNTIME_ALIAS, RUNTIME_MODULE, RUNTIME_NAME
from migrate_fitgen.rewrite import engine, imports

RUNTIME = (RUNTIME_MODULE, RUNTIME_NAME, None)
RUNTIME_AS = (RUNTIME_MODULE, RUNTIME_NAME, RUNTIME_ALIAS)
MATH = ("math", None, None)
SCHEDULE = ("keras.optimizers.schedules", "InverseTimeDecay", None)
TF_SCHEDULE = ("tensorflow.keras.optimizers.schedules", "InverseTimeDecay", None)
NP_AS = ("numpy", None, "np")  # not asked for by the rewrite today; `add` takes it

#: the sets of imports the rewrite asks for (a tier is the union of its fixes' imports)
SPECS = [
    (RUNTIME,),
    (RUNTIME_AS,),
    (MATH,),
    (MATH, RUNTIME),
    (RUNTIME_AS, MATH),
    (SCHEDULE,),
    (RUNTIME, SCHEDULE),
    (RUNTIME, MATH, SCHEDULE),
    (TF_SCHEDULE, MATH),
    (NP_AS,),
    (RUNTIME, NP_AS, MATH),
]


# the oracle: the rewrite's import step as it was (engine.py before this test) ------------

def _oracle(module: cst.Module, specs: Sequence[imports.ImportSpec]) -> cst.Module:
    indent = module.default_indent
    if indent.strip(" \t") == "":
        return _oracle_to(module, specs)
    out = _oracle_to(module.with_changes(default_indent="    "), specs)
    return out.with_changes(default_indent=indent)


def _oracle_to(module: cst.Module, specs: Sequence[imports.ImportSpec]) -> cst.Module:
    from libcst.codemod import CodemodContext
    from libcst.codemod.visitors import AddImportsVisitor

    body = list(module.body)
    last = 0
    for i, stmt in enumerate(body):
        if isinstance(stmt, cst.SimpleStatementLine) and any(
            isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body
        ):
            last = i + 1
    context = CodemodContext()
    for module_name, obj, alias in specs:
        AddImportsVisitor.add_needed_import(context, module_name, obj, alias)
    if last == 0:
        return module.visit(AddImportsVisitor(context))
    head = module.with_changes(body=body[:last], footer=() if last < len(body) else module.footer)
    head = head.visit(AddImportsVisitor(context))
    new_head = _oracle_blank_lines(body[:last], list(head.body))
    if last == len(body):
        return head.with_changes(body=new_head)
    return module.with_changes(header=head.header, body=[*new_head, *body[last:]])


def _oracle_blank_lines(old: list, new: list) -> list:
    if len(new) != len(old) + 1:
        return new
    i = next((k for k, (a, b) in enumerate(zip(old, new)) if not a.deep_equals(b)), len(old))
    if i < len(old):
        after = new[i + 1]
        if after.deep_equals(old[i].with_changes(leading_lines=after.leading_lines)):
            new[i + 1] = old[i]
    return new


def _compiles(text: str) -> bool:
    try:
        compile(text, "<test>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def check(text: str, specs: Sequence[imports.ImportSpec]) -> str:
    """``add`` and the oracle agree on ``text``: the module's code, and the fix edits the
    engine makes from it (which look at which statements are unchanged nodes).  The one
    allowed difference: where the oracle's code does not compile and ``text`` does (new
    imports put above a ``from __future__`` import), ours must compile."""
    module = cst.parse_module(text)
    before = module.code
    ours = imports.add(module, specs)
    theirs = _oracle(module, specs)
    assert module.code == before  # `add` leaves its input alone
    if _compiles(text) and not _compiles(theirs.code):
        assert _compiles(ours.code)
        return ours.code
    assert ours.code == theirs.code
    assert engine._import_edits(text, module, ours) == engine._import_edits(text, module, theirs)
    return ours.code


# the table ------------------------------------------------------------------------------

BODY = "\n\ndef train(model, gen):\n    model.fit(gen)\n"

HEADS = {
    "empty": "",
    "only a comment": "# just a comment\n",
    "no imports": "x = 1\n" + BODY,
    "no imports, blank line first": "\nx = 1\n",
    "no imports, comment first": "# header comment\nx = 1\n",
    "no imports, comment above code": "x = 0\n# about y\ny = 1\n",
    "docstring": '"""Module doc."""\nx = 1\n',
    "docstring and blank lines": '"""Module doc."""\n\n\nx = 1\n',
    "docstring then import": '"""Doc."""\nimport os\n' + BODY,
    "docstring then comment then import": '"""Doc."""\n# imports\nimport os\nx = 1\n',
    "docstring only": '"""Doc."""\n',
    "concatenated docstring": '"a" "b"\nx = 1\n',
    "f-string first": 'f"{x}"\nimport os\n',
    "docstring with a statement on its line": '"""Doc."""; import os\nx = 1\n',
    "__strict__": "__strict__ = True\nimport os\nx = 1\n",
    "__strict__ without imports": "__strict__ = True\nx = 1\n",
    "future": "from __future__ import annotations\n\nimport os\n" + BODY,
    "future and docstring": '"""Doc."""\nfrom __future__ import annotations\nx = 1\n',
    "future after another statement (Python rejects it)": (
        "from __future__ import annotations; import os\nfrom __future__ import annotations\n"
    ),
    "bytes first, then future (Python rejects it)": 'b"x"\nfrom __future__ import annotations\nx = 1\n',
    "comments and blank lines": "# c1\n\nimport os  # why\n\n# c2\nimport sys\n\n\n# about x\nx = 1\n",
    "import then comment then code": "import os\n# about x\nx = 1\n",
    "import then code": "import os\nx = 1\n",
    "import then blank then code": "import os\n\nx = 1\n",
    "merge": "from migrate_fitgen.runtime import something\nx = 1\n",
    "merge, already there": "from migrate_fitgen.runtime import validate_batches\nx = 1\n",
    "merge, aliased there": "from migrate_fitgen.runtime import validate_batches as vb\nx = 1\n",
    "merge, alias already there": f"from migrate_fitgen.runtime import validate_batches as {RUNTIME_ALIAS}\n",
    "merge, parenthesised": "from migrate_fitgen.runtime import (\n    a,  # keep\n    b,\n)\nx = 1\n",
    "merge, second of two": "import os\nfrom migrate_fitgen.runtime import a\nfrom migrate_fitgen.runtime import b\nx = 1\n",
    "merge and insert": "from migrate_fitgen.runtime import a\nimport os\nx = 1\n",
    "merge and insert, duplicate lines": (
        "from migrate_fitgen.runtime import a\nfrom migrate_fitgen.runtime import a\nx = 1\n"
    ),
    "merge with semicolon": "from migrate_fitgen.runtime import a;\nx = 1\n",
    "star import": "from migrate_fitgen.runtime import *\nx = 1\n",
    "star import of math": "from math import *\nx = 1\n",
    "package import": "from migrate_fitgen import runtime\nx = 1\n",
    "import a, b": "import a, b\nx = 1\n",
    "import math, os": "import math, os\nx = 1\n",
    "import math.x": "import math.x\nx = 1\n",
    "import math as m": "import math as m\nx = 1\n",
    "import numpy as np": "import numpy as np\nx = 1\n",
    "import numpy as npx": "import numpy as npx\nx = 1\n",
    "aliased from": "from keras.optimizers.schedules import InverseTimeDecay as ITD\nx = 1\n",
    "schedules there": "from keras.optimizers.schedules import ExponentialDecay\nx = 1\n",
    "relative import": "from . import a\nfrom .runtime import b\nx = 1\n",
    "relative import only": "from .. import a\n",
    "import in try": "try:\n    import keras\nexcept ImportError:\n    keras = None\nx = 1\n",
    "import in if": "import os\nif os.name:\n    from migrate_fitgen.runtime import a\nx = 1\n",
    "import only in if": "if True:\n    import math\nx = 1\n",
    "import in a function": "def f():\n    from migrate_fitgen.runtime import a\n",
    "only imports": "import os\nimport sys\n",
    "only imports, no final newline": "import os\nimport sys",
    "only one import, no final newline": "import os",
    "no final newline": "x = 1",
    "semicolons": "import os; import sys\nx = 1\n",
    "import after code": "x = 1\nimport os\ny = 2\n",
    "import after code, last": "x = 1\nimport os\n",
    "two blocks": "import os\n\nx = 1\n\nimport sys\n\ny = 2\n",
    "import after a def": "import os\n\n\ndef f():\n    pass\nimport sys\n",
    "import with code on its line after a block": "import os\nimport sys; y = 2\nz = 3\n",
    "form feed in indentation": "import os\nif x:\n\x0c    y = 1\n",
    "form feed, no imports": "if x:\n\x0c    y = 1\n",
    "form feed between blocks": "import os\n\x0c\nx = 1\n",
    "tabs": "import os\nif x:\n\ty = 1\n\tz = 2\n",
    "tabs, no imports": "def f():\n\treturn 1\n",
    "crlf": "import os\r\n\r\nx = 1\r\n",
    "crlf, no imports": '"""Doc."""\r\nx = 1\r\n',
    "crlf, merge": "from migrate_fitgen.runtime import a\r\nx = 1\r\n",
    "cr only": "import os\rx = 1\r",
    "mixed newlines": "import os\r\nimport sys\nx = 1\r\n",
    "trailing comment lines": "import os\n# the end\n",
    "footer comment after code": "import os\nx = 1\n# the end\n\n",
    "binds validate_batches": "from mylib import validate_batches\nx = 1\n",
    "keras 2 header": "import numpy as np\nimport keras\nfrom keras.models import Sequential\n\n\nmodel = Sequential()\n",
}


@pytest.mark.parametrize("name", sorted(HEADS))
def test_add_writes_what_add_imports_visitor_wrote(name: str) -> None:
    for specs in SPECS:
        check(HEADS[name], specs)


def test_the_usual_case() -> None:
    out = check("import keras\n\nmodel = keras.Sequential()\n", (RUNTIME,))
    assert out == (
        "import keras\nfrom migrate_fitgen.runtime import validate_batches\n\n"
        "model = keras.Sequential()\n"
    )


def test_a_merge_puts_the_name_first() -> None:
    assert check("from migrate_fitgen.runtime import a\n", (RUNTIME,)) == (
        "from migrate_fitgen.runtime import validate_batches, a\n"
    )


def test_nothing_to_add_gives_the_module_back_unchanged() -> None:
    text = "import math\nfrom migrate_fitgen.runtime import validate_batches\nx = 1\n"
    module = cst.parse_module(text)
    out = imports.add(module, (RUNTIME, MATH))
    assert out.code == text and all(a is b for a, b in zip(out.body, module.body))


def test_unchanged_statements_stay_the_same_nodes() -> None:
    """The engine's fix edits print only the statements up to the first one ``add``
    left as it was (the very node): a long file's tail is not printed again."""
    module = cst.parse_module("import os\n\nx = 1\n\n\ndef f():\n    pass\n")
    out = imports.add(module, (RUNTIME,))
    assert len(out.body) == len(module.body) + 1
    assert out.body[-1] is module.body[-1] and out.body[-2] is module.body[-2]


def test_the_odd_placements_it_keeps() -> None:
    """AddImportsVisitor's placements that look odd but are valid code, kept for the same
    output: an import after other code is not the block the new one joins (it goes at the
    top), and with no import at all a blank line is put after the new one, while after
    an import block the next statement keeps its own leading lines."""
    assert check("x = 1\nimport os\n", (MATH,)) == "import math\nx = 1\nimport os\n"
    assert check("x = 1\n", (MATH,)) == "import math\n\nx = 1\n"
    assert check("import os\nx = 1\n", (MATH,)) == "import os\nimport math\nx = 1\n"


def test_new_imports_go_after_the_future_imports() -> None:
    """Where AddImportsVisitor put them above a ``from __future__`` import (code Python
    rejects, so the rewrite refused the file), they go after it."""
    concatenated = '"a" "b"\nfrom __future__ import annotations\nimport os\nx = 1\n'
    assert not _compiles(_oracle(cst.parse_module(concatenated), (RUNTIME,)).code)
    assert check(concatenated, (RUNTIME,)) == (
        '"a" "b"\nfrom __future__ import annotations\n'
        "from migrate_fitgen.runtime import validate_batches\nimport os\nx = 1\n"
    )
    shared = "from __future__ import annotations; import os\nimport sys\nx = 1\n"
    assert check(shared, (MATH,)) == (
        "from __future__ import annotations; import os\nimport math\nimport sys\nx = 1\n"
    )
    alone = '"a" "b"\nfrom __future__ import annotations\n\nx = 1\n'
    assert check(alone, (MATH,)) == '"a" "b"\nfrom __future__ import annotations\nimport math\n\nx = 1\n'


def test_a_relative_module_is_refused() -> None:
    with pytest.raises(ValueError):
        imports.add(cst.parse_module("x = 1\n"), ((".runtime", "a", None),))


# generated heads ------------------------------------------------------------------------

DOCSTRINGS = ["", '"""Doc."""\n', "'doc'\n", '"a" "b"\n', "__strict__ = 1\n", "# coding: utf-8\n"]
PIECES = [
    "import os\n",
    "import os, sys\n",
    "import math\n",
    "import math as m\n",
    "import numpy as np\n",
    "import keras.utils\n",
    "from __future__ import annotations\n",
    "from __future__ import annotations; import os\n",
    "from migrate_fitgen.runtime import a\n",
    "from migrate_fitgen.runtime import validate_batches\n",
    f"from migrate_fitgen.runtime import validate_batches as {RUNTIME_ALIAS}\n",
    "from migrate_fitgen.runtime import (\n    b,\n    c,  # c\n)\n",
    "from migrate_fitgen.runtime import *\n",
    "from keras.optimizers.schedules import ExponentialDecay\n",
    "from keras.optimizers.schedules import InverseTimeDecay\n",
    "from . import local\n",
    "from mylib import validate_batches\n",
    "import os; x = 0\n",
    "\n",
    "\n\n",
    "# a comment\n",
    "x = 1\n",
    "try:\n    import keras\nexcept ImportError:\n    pass\n",
    "if x:\n    import math\n",
    "def f():\n    from migrate_fitgen.runtime import a\n    return a\n",
    "class C:\n    pass\n",
]


@st.composite
def heads(draw):
    text = draw(st.sampled_from(DOCSTRINGS)) + "".join(draw(st.lists(st.sampled_from(PIECES), max_size=8)))
    text += draw(st.sampled_from(["", "y = 2\n", "\n\ndef g():\n    pass\n"]))
    indent = draw(st.sampled_from(["    ", "\t", "\x0c    ", "  "]))
    text = text.replace("\n    ", "\n" + indent)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = text.replace("\n", newline)
    if draw(st.booleans()) and text.endswith(newline):
        text = text[: -len(newline)]
    return text


@settings(max_examples=200, deadline=None)
@given(heads(), st.sampled_from(SPECS))
def test_generated_heads(text: str, specs) -> None:
    try:
        cst.parse_module(text)
    except cst.ParserSyntaxError:
        return
    check(text, specs)

