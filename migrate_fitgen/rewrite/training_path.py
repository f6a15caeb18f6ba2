"""The training path beyond the fit call: optimizer arguments (FG201), the Keras 1
layer arguments Keras 2 converted (FG202), training-path names Keras 3 removed
(FG203), and imports from Keras 2 layer modules Keras 3 does not have (FG204).

``scan`` walks one module and returns a ``TrainingScan``: each call whose callee
resolves (through the file's imports, as the fit-call migration resolves a receiver's
constructor) to a Keras optimizer, layer or ``Model`` gets the call Keras 2 actually
built, as a new node, when every conversion is exact; what cannot be exact is reported.
The conversions are the ones of ``migrate_fitgen.keras1_names`` (read from Keras
2.2.4's ``keras/legacy/interfaces.py``).  Nothing here prints; the rewrite engine
applies the new nodes and turns the issues into diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, Iterator, List, Mapping, Optional, Sequence, Set, Tuple

import libcst as cst

from migrate_fitgen import keras1_names as table
from migrate_fitgen.cst_walk import walk
from migrate_fitgen.diagnostics import Applicability
from migrate_fitgen.keras_receivers import dotted
from migrate_fitgen.rewrite import arg_layout as layout

ImportSpec = Tuple[str, Optional[str], Optional[str]]

_EMPTY = cst.Module([])
_IMPORT_GUARDS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def code_of(node: cst.CSTNode) -> str:
    return _EMPTY.code_for_node(node)


@dataclass
class Issue:
    code: str  # FG201 | FG202 | FG203 | FG204
    node: cst.CSTNode  # where it is reported (a node of the scanned module)
    message: str
    #: the node (a call, an import) this issue's fix rewrites (None: reported only)
    call: Optional[cst.CSTNode] = None


@dataclass
class CallFix:
    """The call Keras 2 built (or the import Keras 3 needs), for one node of the scanned
    module."""

    new: cst.CSTNode
    description: str
    applicability: Applicability
    imports: Tuple[ImportSpec, ...] = ()
    code: str = "FG202"


@dataclass
class TrainingScan:
    issues: List[Issue] = field(default_factory=list)
    fixes: Dict[cst.CSTNode, CallFix] = field(default_factory=dict)
    #: method -> for each call of it that the training path may rewrite (a ``fit`` given
    #: a Keras 1 keyword, a ``compile`` given three positionals), in the module's order:
    #: whether its receiver may be a Keras model.  ``apply`` reads them in the same order
    #: on the migrated module, where the legacy calls' rewriting made new nodes but no
    #: such call (an applied plan renames a legacy call's Keras 1 keywords)
    model_calls: Dict[str, List[bool]] = field(default_factory=dict)
    #: how safe renaming ``fit``'s Keras 1 keywords is in this file
    #: (``engine._keras1_fit_risk``)
    fits_risk: Optional[Applicability] = Applicability.SAFE


# import resolution ---------------------------------------------------------------------


def _handler_names(node: cst.Try) -> Set[str]:
    names: Set[str] = set()
    for handler in node.handlers:
        if handler.type is None:
            names.add("BaseException")
            continue
        items = handler.type.elements if isinstance(handler.type, cst.Tuple) else [handler.type]
        for item in items:
            name = dotted(item.value if isinstance(item, cst.Element) else item)
            if name:
                names.add(name.split(".")[-1])
    return names


class _Names(cst.CSTVisitor):
    """Local name -> dotted origin, from the file's imports (any scope, as the
    receiver analysis reads them), the modules of ``from keras... import *``, and the
    names the file binds otherwise: at module level (``other``, which shadow an import
    everywhere) and in each function (``locals``, which shadow it in that function)."""

    def __init__(self) -> None:
        super().__init__()
        self.imports: Dict[str, str] = {}
        self.stars: List[str] = []
        self.other: Set[str] = set()
        self.locals: Dict[cst.CSTNode, Set[str]] = {}
        self.scopes: List[Set[str]] = []
        self.import_nodes: List[Tuple[cst.CSTNode, bool]] = []  # (import, guarded)
        self.guards = 0
        #: the first thing in the file that sets an optimizer's learning rate while it
        #: trains (a ``ReduceLROnPlateau``, ``set_value(....lr, ...)``...), as said to
        #: the user; None when there is none
        self.lr_setter: Optional[str] = None

    def _sets_lr(self, what: str) -> None:
        if self.lr_setter is None:
            self.lr_setter = what

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in table.LR_SETTING_CALLBACKS:
            self._sets_lr(f"`{node.value}`")

    def visit_Attribute(self, node: cst.Attribute) -> None:
        attr = node.attr.value
        if attr in table.LR_SETTING_CALLBACKS:
            self._sets_lr(f"`{attr}`")
        elif attr == "assign" and _learning_rate_attribute(node.value):
            self._sets_lr("`.assign()` to a learning rate")

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
        if name == "set_value" and node.args and _learning_rate_attribute(node.args[0].value):
            self._sets_lr("`set_value()` of a learning rate")

    def _bind(self, target: cst.CSTNode) -> None:
        names = self.scopes[-1] if self.scopes else self.other
        if isinstance(target, cst.Name):
            names.add(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind(element.value)
        elif isinstance(target, cst.StarredElement):
            self._bind(target.value)

    def visit_Try(self, node: cst.Try) -> bool:
        guarded = bool(_handler_names(node) & _IMPORT_GUARDS)
        self.guards += guarded
        walk(self, node.body)
        self.guards -= guarded
        for part in (*node.handlers, node.orelse, node.finalbody):
            if part is not None:
                walk(self, part)
        return False

    def visit_Import(self, node: cst.Import) -> None:
        self.import_nodes.append((node, self.guards > 0))
        for alias in node.names:
            full = dotted(alias.name) or ""
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.imports[alias.asname.name.value] = full
            else:
                self.imports.setdefault(full.split(".")[0], full.split(".")[0])

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.import_nodes.append((node, self.guards > 0))
        if node.relative or node.module is None:
            if not isinstance(node.names, cst.ImportStar):
                for alias in node.names:
                    self.other.add(_bound_name(alias))
            return
        module = dotted(node.module) or ""
        if isinstance(node.names, cst.ImportStar):
            self.stars.append(module)
            return
        for alias in node.names:
            self.imports[_bound_name(alias)] = f"{module}.{dotted(alias.name)}"

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._bind(node.name)
        params = node.params
        self.scopes.append({p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params)}
                           | {p.name.value for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param)})

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.locals[original_node] = self.scopes.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bind(node.name)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._bind(node.target)
        target = node.target
        if _learning_rate_attribute(target) and "optimizer" in (dotted(target) or ""):  # type: ignore[arg-type]
            self._sets_lr("an assignment to an optimizer's learning rate")

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._bind(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._bind(node.target)

    def visit_For(self, node: cst.For) -> None:
        self._bind(node.target)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind(node.asname.name)


def _literal_end(node: cst.BaseExpression) -> Optional[str]:
    """The end of a string literal as written, which decides a file path's extension:
    a plain or concatenated string's value, an f-string's last literal part (None when
    it ends with a replacement field, or for anything else)."""
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    if isinstance(node, cst.ConcatenatedString):
        return _literal_end(node.right)
    if isinstance(node, cst.FormattedString) and node.parts and isinstance(node.parts[-1], cst.FormattedStringText):
        return node.parts[-1].value
    return None


def _learning_rate_attribute(node: cst.BaseExpression) -> bool:
    """``<something>.lr`` or ``<something>.learning_rate``."""
    return isinstance(node, cst.Attribute) and node.attr.value in (table.LR, table.LEARNING_RATE)


def _bound_name(alias: cst.ImportAlias) -> str:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return (dotted(alias.name) or "").split(".")[0]


_is_keras = table.is_keras_origin


class Resolver:
    def __init__(self, module: cst.Module) -> None:
        self.names = _Names()
        walk(self.names, module)  # libcst's visit, without rebuilding the tree
        self.stars = [m for m in self.names.stars if _is_keras(m)]

    def _star_module(self, name: str) -> Optional[str]:
        """The star-imported Keras module ``name`` comes from: the optimizers module for
        an optimizer, a layers (or models, for ``Model``) module for a layer, else the
        first one."""
        if not self.stars:
            return None
        if name in table.OPTIMIZERS_KERAS2:
            wanted = ("optimizers",)
        elif name == "Model":
            wanted = ("models", "engine")
        elif name in table.CLASSES or name in table.REMOVED_LAYERS:
            wanted = ("layers", "legacy")
        else:
            wanted = ()
        for module in self.stars:
            if set(module.split(".")) & set(wanted):
                return module
        return None if wanted else self.stars[0]

    def origin(self, func: cst.BaseExpression, local: Set[str] = frozenset()) -> Tuple[Optional[str], str]:
        """(the Keras origin of a callee, how it is named: ``attribute``, ``import`` or
        ``star``), or (None, "") when it is not provably Keras'.  ``local``: the names
        the enclosing functions bind."""
        name = dotted(func)
        if name is None:
            return None, ""
        root, _, rest = name.partition(".")
        if root in local:
            return None, ""
        imports = self.names.imports
        if root in imports and root not in self.names.other:
            full = imports[root] + ("." + rest if rest else "")
            how = "attribute" if rest else "import"
        elif self.stars and not rest and root not in self.names.other and root not in imports:
            star = self._star_module(root)
            if star is None:
                return None, ""
            full, how = f"{star}.{root}", "star"
        else:
            return None, ""
        return (full, how) if _is_keras(full) else (None, "")


# helpers ---------------------------------------------------------------------------------


def _string(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _is_int(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Integer)


def _is_zero(node: cst.BaseExpression) -> bool:
    if isinstance(node, (cst.Integer, cst.Float)):
        try:
            return float(node.value.replace("_", "")) == 0.0
        except ValueError:
            return False
    return False


def _simple(node: cst.BaseExpression) -> bool:
    """A value that may be written twice without running anything twice."""
    return isinstance(node, (cst.SimpleString, cst.Integer, cst.Float, cst.Name)) or dotted(node) is not None


@dataclass
class _ArgOp:
    keyword: Optional[str] = None  # new keyword (None: keep)
    value: Optional[str] = None  # new value's code (None: keep)
    drop: bool = False


@dataclass
class _Edit:
    """Edits of one call: per argument index, and keyword arguments to add."""

    ops: Dict[int, _ArgOp] = field(default_factory=dict)
    add: List[Tuple[str, str]] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)
    unsafe: bool = False
    imports: List[ImportSpec] = field(default_factory=list)

    def op(self, i: int) -> _ArgOp:
        return self.ops.setdefault(i, _ArgOp())

    def __bool__(self) -> bool:
        return bool(self.ops or self.add)


def build(call: cst.Call, edit: _Edit) -> cst.Call:
    """``call`` (same arguments as the scanned one, nested rewrites already in) with
    ``edit`` applied; the layout of every other argument is kept."""
    args: List[cst.Arg] = []
    last = len(call.args) - 1
    before_args = call.whitespace_before_args
    for i, arg in enumerate(call.args):
        op = edit.ops.get(i)
        if op is not None and op.drop:
            before_args = layout.drop(args, arg, i == last, before_args)
            continue
        if op is not None and op.keyword is not None:
            if arg.keyword is None:
                arg = arg.with_changes(keyword=cst.Name(op.keyword), equal=layout.NO_SPACE)
            else:
                arg = arg.with_changes(keyword=cst.Name(op.keyword))
        if op is not None and op.value is not None:
            arg = arg.with_changes(value=cst.parse_expression(op.value))
        args.append(arg)
    layout.append(args, edit.add)
    return call.with_changes(args=args, whitespace_before_args=before_args)


# the scan ----------------------------------------------------------------------------------


class _Scanner(cst.CSTVisitor):
    def __init__(
        self,
        resolver: Resolver,
        receiver_is_keras: Optional[Callable[[cst.Call, str], bool]],
        inverse_time_free: bool,
    ) -> None:
        super().__init__()
        self.r = resolver
        self.receiver_is_keras = receiver_is_keras
        #: (``apply``) ``scan``'s ``TrainingScan.model_calls``, read in order
        self.replay: Optional[Dict[str, Iterator[bool]]] = None
        self.inverse_time_free = inverse_time_free
        self.result = TrainingScan()
        self.edits: Dict[cst.Call, Tuple[_Edit, str, str]] = {}  # call -> (edit, code, what)
        self.local: List[Set[str]] = []  # names bound by the enclosing functions
        self.modules: Dict[cst.ImportFrom, Tuple[str, str]] = {}  # import -> (home, message)

    def report(self, code: str, node: cst.CSTNode, message: str) -> None:
        self.result.issues.append(Issue(code, node, message))

    # imports of removed names ------------------------------------------------------
    def scan_imports(self) -> None:
        for node, guarded in self.r.names.import_nodes:
            if guarded:
                continue
            if isinstance(node, cst.ImportFrom):
                if node.relative or node.module is None:
                    continue
                module = dotted(node.module) or ""
                if not _is_keras(module):
                    continue
                advice = table.removed_advice(module)
                if advice is not None:
                    self.report("FG203", node, advice)
                    continue
                if isinstance(node.names, cst.ImportStar):
                    home, _ = table.layer_module_home(module, ())
                    if home is not None:
                        self.report("FG204", node, f"`{module}` does not exist in Keras 3: import the "
                                    "names this file uses from `keras.layers` (or `keras.models`)")
                    continue
                names = [dotted(alias.name) or "" for alias in node.names]
                for alias, name in zip(node.names, names):
                    message = self._removed(f"{module}.{name}")
                    if message:
                        self.report("FG203", alias, message)
                self._module(node, module, names)
            else:
                for alias in node.names:
                    full = dotted(alias.name) or ""
                    advice = table.removed_advice(full) if _is_keras(full) else None
                    if advice is not None:
                        self.report("FG203", alias, advice)
                    elif table.layer_module_home(full, ())[0] is not None:
                        self.report("FG204", alias, f"`{full}` does not exist in Keras 3: use "
                                    "`keras.layers` (or `keras.models`)")

    def _module(self, node: cst.ImportFrom, module: str, names: List[str]) -> None:
        home, missing = table.layer_module_home(module, names)
        if home is None:
            return
        if home:
            self.modules[node] = (home, f"`{module}` does not exist in Keras 3: import from `{home}`")
            return
        if not missing:
            self.report("FG204", node, f"`{module}` does not exist in Keras 3, and these names are "
                        "not in one Keras 3 module: import each from where Keras 3 has it "
                        "(`keras.layers`, `keras.models`)")
            return
        absent = ", ".join(f"`{n}`" for n in missing)  # (FG203 says what replaces a removed layer)
        rest = "; import the others from `keras.layers` or `keras.models`" if len(missing) < len(names) else ""
        self.report("FG204", node, f"`{module}` does not exist in Keras 3, and Keras 3 has no "
                    f"{absent} (neither `keras.layers` nor `keras.models` holds "
                    f"{'it' if len(missing) == 1 else 'them'}){rest}")

    _removed = staticmethod(table.removed_message)

    # calls ----------------------------------------------------------------------------
    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.local.append(self.r.names.locals.get(node, set()))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.local.pop()

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == table.FIT_KERAS1_METHOD:
            if any(a.keyword is not None and a.keyword.value in table.FIT_KERAS1_NAMES for a in node.args):
                self._keras1_fit(node)
            return
        if isinstance(func, cst.Attribute) and func.attr.value == table.COMPILE_METHOD:
            if len(self._positionals(node)) >= 3:
                self._compile(node)
            return
        if isinstance(func, cst.Attribute) and func.attr.value in table.REMOVED_METHODS:
            method = func.attr.value
            if self.receiver_is_keras is not None and self.receiver_is_keras(node, method):
                self.report("FG203", func.attr, table.REMOVED_TRAINING["." + method])
            return
        origin, how = self.r.origin(func, set().union(*self.local) if self.local else frozenset())
        if origin is None:
            return
        parts = origin.split(".")
        last = parts[-1]
        if how != "import":  # an imported name is reported at its import
            message = self._removed(origin)
            if message:
                self.report("FG203", func, message)
                return
        if table.is_optimizer_origin(parts):
            self._optimizer(node, origin, last)
        elif table.is_callback_origin(parts):
            self._callback(node, last)
        elif table.is_layer_origin(parts):
            self._layer(node, last)

    def _keywords(self, call: cst.Call) -> Dict[str, int]:
        return {a.keyword.value: i for i, a in enumerate(call.args) if a.keyword is not None}

    def _positionals(self, call: cst.Call) -> List[int]:
        return [i for i, a in enumerate(call.args) if a.keyword is None and not a.star]

    def _stars(self, call: cst.Call) -> bool:
        return any(a.star for a in call.args)

    # Keras 1 names in fit ----------------------------------------------------------------
    def _model_call(self, call: cst.Call, method: str) -> bool:
        """May the receiver of this ``method`` call be a Keras model?  ``scan`` asks the
        receivers and records the answer; ``apply`` replays the answers in order."""
        if self.replay is not None:
            return next(self.replay.get(method, iter(())), False)
        keras = self.receiver_is_keras is not None and self.receiver_is_keras(call, method)
        self.result.model_calls.setdefault(method, []).append(keras)
        return keras

    def _keras1_fit(self, call: cst.Call) -> None:
        """``model.fit(x, y, nb_epoch=10)``: Keras 2's ``fit`` renamed ``nb_epoch`` to
        ``epochs`` itself, Keras 3's raises TypeError.  Only where the receiver may be a
        Keras model (a class of the project with its own ``fit`` is not)."""
        if self._model_call(call, table.FIT_KERAS1_METHOD):
            self._renames(call, table.FIT_KERAS1_NAMES, "FG002", "fit",
                          "Keras 1's name, which Keras 2's fit renamed itself and Keras 3's rejects with TypeError")

    def _compile(self, call: cst.Call) -> None:
        """``model.compile('adam', 'mse', ['accuracy'])``: the third positional argument
        was ``metrics`` in Keras 1 and 2 and is ``loss_weights`` in Keras 3."""
        if not self._model_call(call, table.COMPILE_METHOD):
            return
        pos = self._positionals(call)
        third = call.args[pos[2]]
        if len(pos) > 3 or self._stars(call) or table.COMPILE_THIRD in self._keywords(call):
            self.report("FG201", third.value,
                        "`compile`'s third positional argument was `metrics` in Keras 1 and 2 and is "
                        "`loss_weights` in Keras 3; with more positional arguments (whose meaning "
                        "differed between Keras versions), `*`/`**` or `metrics=` as well, this call "
                        "is not rewritten: pass them by keyword")
            return
        edit = _Edit()
        edit.op(pos[2]).keyword = table.COMPILE_THIRD
        edit.notes.append("the third positional argument -> `metrics=` (Keras 1 and 2 read it as the "
                          "metrics; Keras 3 would take it as `loss_weights`)")
        self.edits[call] = (edit, "FG201", "`compile`")

    def _renames(self, call: cst.Call, renames, code: str, name: str, why: str) -> None:
        """Rename the keywords ``renames`` maps, as Keras 2 itself did (``why``); a call
        that also passes the new name, or hides names in ``*``/``**``, is reported."""
        kw = self._keywords(call)
        edit = _Edit()
        for old, new in renames.items():
            if old not in kw:
                continue
            if new in kw or self._stars(call):
                held = f"also passes `{new}`" if new in kw else "has `*`/`**` arguments"
                self.report(code, call.args[kw[old]].keyword,
                            f"`{name}({old}=...)`: `{old}` is an old name of `{new}` ({why}); this "
                            f"call {held}: not rewritten")
                continue
            edit.op(kw[old]).keyword = new
            edit.notes.append(f"`{old}=` -> `{new}=` ({why})")
        if edit:
            self.edits[call] = (edit, code, f"`{name}`")

    # callbacks -------------------------------------------------------------------------
    def _checkpoint(self, call: cst.Call) -> None:
        """``ModelCheckpoint`` as Keras 3 rejects it when it is made: ``period=``, a file
        path literal with an ending Keras 3 refuses.  Reported; a new path would be a
        new file name, which other code may load."""
        kw = self._keywords(call)
        for old, message in table.CHECKPOINT_REMOVED.items():
            if old not in kw:
                continue
            if old == "period" and code_of(call.args[kw[old]].value) == "1":
                # every epoch: what Keras 3's default `save_freq="epoch"` does
                edit = _Edit()
                edit.op(kw[old]).drop = True
                edit.notes.append("`period=1` dropped: Keras 3 rejects it, and its default "
                                  "`save_freq='epoch'` saves every epoch as it did")
                self.edits[call] = (edit, "FG203", "`ModelCheckpoint`")
                continue
            self.report("FG203", call.args[kw[old]].keyword, message)
        pos = self._positionals(call)
        where = kw.get("filepath", pos[0] if pos else None)
        if where is None:
            return
        path = _literal_end(call.args[where].value)
        weights = kw.get("save_weights_only")
        if weights is not None and code_of(call.args[weights].value) not in ("True", "False"):
            return  # not known
        weights_only = weights is not None and code_of(call.args[weights].value) == "True"
        problem = table.checkpoint_path_problem(path, weights_only) if path is not None else None
        if problem is not None:
            self.report("FG203", call.args[where].value, problem)

    def _callback(self, call: cst.Call, name: str) -> None:
        """A keyword Keras 2 renamed and Keras 3 ignores (``ReduceLROnPlateau(epsilon=)``):
        renamed, as Keras 2 itself did."""
        if name == table.CHECKPOINT:
            self._checkpoint(call)
            return
        self._renames(call, table.CALLBACK_RENAMES[name], "FG201", name,
                      "Keras 2 read it under the new name; Keras 3 ignores the old one without a word")

    # optimizers ------------------------------------------------------------------------
    def _optimizer(self, call: cst.Call, origin: str, name: str) -> None:
        kw = self._keywords(call)
        pos = self._positionals(call)
        old_order = table.OPTIMIZERS_KERAS2[name]
        new_order = table.OPTIMIZERS_KERAS3[name]
        legacy = [k for k in (table.LR, table.DECAY) if k in kw]
        if self._stars(call):
            for k in legacy:
                self.report("FG201", call.args[kw[k]].keyword, f"`{name}({k}=...)` with `*`/`**` "
                            "arguments: not rewritten (they may hold the same names)")
            return
        for idx, i in enumerate(pos[1:], start=1):
            if idx >= len(old_order):
                break
            k2 = old_order[idx]
            k3 = new_order[idx] if idx < len(new_order) else None
            if k2 != k3:
                self.report("FG201", call.args[i].value,
                            f"positional argument {idx + 1} of `{name}` was `{k2}` in Keras 2.2 and is "
                            f"`{k3}` in Keras 3 (and tf.keras): pass it by keyword")
        edit = _Edit()
        if "epsilon" in kw and code_of(call.args[kw["epsilon"]].value) == "None":
            self.report("FG201", call.args[kw["epsilon"]], table.OPTIMIZER_REMOVED["epsilon=None"])
        if "schedule_decay" in kw:
            self.report("FG201", call.args[kw["schedule_decay"]].keyword, table.OPTIMIZER_REMOVED["schedule_decay"])
        if table.LR in kw:
            if table.LEARNING_RATE in kw or pos:
                self.report("FG201", call.args[kw[table.LR]].keyword,
                            f"`{name}` is given both `lr` and `learning_rate`: not rewritten")
                return
            edit.op(kw[table.LR]).keyword = table.LEARNING_RATE
            edit.notes.append("`lr=` -> `learning_rate=`")
        if table.DECAY in kw:
            i = kw[table.DECAY]
            decay = call.args[i].value
            if _is_zero(decay):
                edit.op(i).drop = True
                edit.notes.append("`decay=0` dropped (no decay in Keras 2)")
            elif self.r.names.lr_setter is not None:
                self.report("FG201", call.args[i].keyword,
                            f"`decay=` is gone in Keras 3, which ignores it (Keras 2: lr / (1 + decay * "
                            f"iterations)); its equivalent, `learning_rate={table.SCHEDULE}(lr, "
                            "decay_steps=1, decay_rate=decay)`, makes the learning rate a schedule that "
                            f"nothing may set, and this file sets it ({self.r.names.lr_setter}: Keras 3 "
                            "raises TypeError when it does): not rewritten; drop `decay` or fold both "
                            "into one `LearningRateScheduler`")
            else:
                schedule = self._schedule(call, origin)
                if schedule is None:
                    self.report("FG201", call.args[i].keyword,
                                f"`decay=` is gone in Keras 3 (Keras 2: lr / (1 + decay * iterations)); "
                                f"`{table.SCHEDULE}` is bound to something else in this file, so "
                                "pass `learning_rate=keras.optimizers.schedules.InverseTimeDecay(lr, "
                                "decay_steps=1, decay_rate=decay)` by hand")
                    return
                expr, imports = schedule
                if table.LR in kw:
                    where, lr_code = kw[table.LR], code_of(call.args[kw[table.LR]].value)
                elif table.LEARNING_RATE in kw:
                    where, lr_code = kw[table.LEARNING_RATE], code_of(call.args[kw[table.LEARNING_RATE]].value)
                elif pos:
                    where, lr_code = pos[0], code_of(call.args[pos[0]].value)
                elif name in table.DEFAULT_LR:
                    where, lr_code = None, table.DEFAULT_LR[name]
                else:
                    self.report("FG201", call.args[i].keyword,
                                f"`decay=` is gone in Keras 3, and `{name}`'s default learning rate differed "
                                "between Keras 2.2 and tf.keras: pass `learning_rate=` explicitly, then "
                                "`InverseTimeDecay(learning_rate, decay_steps=1, decay_rate=decay)`")
                    return
                value = f"{expr}({lr_code}, decay_steps=1, decay_rate={code_of(decay)})"
                if where is None:
                    edit.op(i).keyword = table.LEARNING_RATE
                    edit.op(i).value = value
                else:
                    edit.op(where).value = value
                    edit.op(i).drop = True
                edit.imports.extend(imports)
                edit.notes.append("`decay=d` -> `learning_rate=InverseTimeDecay(lr, decay_steps=1, decay_rate=d)` "
                                  "(a schedule: a callback that sets the learning rate, such as "
                                  "ReduceLROnPlateau, then raises TypeError)")
        if edit:
            self.edits[call] = (edit, "FG201", f"`{name}`")

    def _schedule(self, call: cst.Call, origin: str) -> Optional[Tuple[str, List[ImportSpec]]]:
        """How to name InverseTimeDecay beside this optimizer, and the import it needs."""
        callee = dotted(call.func) or ""
        if "." in callee and callee.rsplit(".", 1)[0].endswith("optimizers"):
            return f"{callee.rsplit('.', 1)[0]}.schedules.{table.SCHEDULE}", []
        module = origin.rsplit(".", 1)[0] + ".schedules"
        bound = self.r.names.imports.get(table.SCHEDULE)
        if table.SCHEDULE in self.r.names.other or (bound is not None and bound != f"{module}.{table.SCHEDULE}"):
            return None
        if not self.inverse_time_free and bound is None:
            return None
        return table.SCHEDULE, [(module, table.SCHEDULE, None)]

    # layers ------------------------------------------------------------------------------
    def _layer(self, call: cst.Call, name: str) -> None:
        before = len(self.result.issues)
        self._layer_edit(call, name)
        if call not in self.edits and len(self.result.issues) > before:
            last = self.result.issues[-1]
            if "not rewritten" not in last.message:
                last.message += f" (`{name}(...)` is left as it is)"

    def _layer_edit(self, call: cst.Call, name: str) -> None:
        family = table.FAMILIES[table.CLASSES[name]]
        kw = self._keywords(call)
        pos = self._positionals(call)
        if not table.layer_call_may_matter(name, kw, len(pos)):
            return
        if self._stars(call):
            self.report("FG202", call.func, f"`{name}(...)` passes Keras 1 arguments and `*`/`**` "
                        "arguments: not rewritten (they may hold the same names)")
            return
        edit = _Edit()
        taken = set(kw)  # Keras 2 keyword names the call ends up passing
        # positional kernel form (keras/legacy/interfaces.py conv2d/conv3d preprocessors)
        if family.kernel:
            if not self._kernel(call, name, family, pos, kw, edit, taken):
                return
        for old, new in family.renames:
            if old not in kw:
                continue
            i = kw[old]
            arg = call.args[i]
            if new in taken or (family.positional and new in family.positional[: len(pos)]):
                self.report("FG202", arg.keyword, f"`{name}` is given both `{old}` and `{new}` "
                            "(Keras 2 raised TypeError): not rewritten")
                return
            if new in table.LACKS.get(name, ()):
                self.report("FG202", arg.keyword, f"`{old}` became `{new}` in Keras 2, which `{name}` "
                            "did not take (Keras 2 raised TypeError): remove it")
                return
            if new in table.KERAS3_ABSENT:
                edit.op(i).drop = True
                edit.notes.append(f"`{old}` dropped ({table.KERAS3_ABSENT[new]})")
                continue
            if old in family.values:
                literal = _string(arg.value)
                if literal is None:
                    self.report("FG202", arg, f"`{old}` is `{new}` in Keras 2+, and Keras 2 converted "
                                f"the values {', '.join(repr(v) for v in family.values[old])}; this value "
                                "is not a literal, so rename it and convert the value by hand")
                    return
                if literal in family.values[old]:
                    edit.op(i).value = family.values[old][literal]
            edit.op(i).keyword = new
            taken.add(new)
            edit.notes.append(f"`{old}` -> `{new}`")
        for old, why in family.dropped.items():
            if old in kw:
                edit.op(kw[old]).drop = True
                edit.notes.append(f"`{old}` dropped: {why}")
        if not self._specials(call, name, family, kw, pos, edit, taken):
            return
        if family.positional is not None and len(pos) > len(family.positional) and not family.kernel:
            self.report("FG202", call.args[pos[len(family.positional)]].value,
                        f"`{name}` took at most {len(family.positional)} positional arguments in Keras 2 "
                        "(more raised TypeError): pass the rest by keyword")
            return
        if edit:
            self.edits[call] = (edit, "FG202", f"`{name}`")

    def _kernel(self, call, name, family, pos, kw, edit: _Edit, taken: Set[str]) -> bool:
        n = family.kernel
        dims = family.kernel_keywords
        given = [d for d in dims if d in kw]
        alias = name in table.KERAS1_ALIASES
        if family.special and "output_shape" in family.special and len(pos) == n + 2 and isinstance(
            call.args[pos[-1]].value, cst.Tuple
        ):  # Deconvolution2D(nb_filter, nb_row, nb_col, output_shape)
            edit.op(pos[-1]).drop = True
            edit.notes.append("the positional `output_shape` dropped (Keras 2 ignored it)")
            pos = pos[:-1]
        if len(pos) > n + 1:
            self.report("FG202", call.func, f"`{name}` took at most {n + 1} positional arguments in Keras 2")
            return False
        head = pos[1:]  # positional kernel dimensions
        if not given and len(head) < n:
            return True  # (filters[, kernel_size]): the Keras 2 form
        if len(head) + len(given) != n or list(dims[len(head):]) != given:
            self.report("FG202", call.func, f"`{name}` gives a Keras 1 kernel in a form Keras 2 did "
                        f"not convert ({', '.join(dims)}): not rewritten")
            return False
        values = [call.args[i].value for i in head] + [call.args[kw[d]].value for d in given]
        literal = (cst.SimpleString, cst.Float, cst.Tuple, cst.List, cst.Dict, cst.ConcatenatedString)
        if not given and any(isinstance(v, literal) for v in values):
            return True  # (filters, kernel_size, strides) with a tuple: tf.keras' reading
        if len(head) == n:  # Convolution2D(nb_filter, nb_row, nb_col)
            for k in ("padding", "strides", "data_format"):
                if k in kw:
                    self.report("FG202", call.func, f"`{name}` with {n} integer positional kernel sizes and "
                                f"`{k}=` (Keras 2 raised ValueError): not rewritten")
                    return False
            if not alias:
                edit.unsafe = True
        ints = all(_is_int(call.args[i].value) for i in head)
        if not ints:
            edit.unsafe = True  # Keras 2 converted them only when they were ints
        tuple_code = "(" + ", ".join(code_of(v) for v in values) + ")"
        if head:
            edit.op(head[0]).value = tuple_code
            for i in head[1:]:
                edit.op(i).drop = True
        else:
            edit.op(kw[given[0]]).keyword = "kernel_size"
            edit.op(kw[given[0]]).value = tuple_code
            taken.add("kernel_size")
        for d in given[1:] if not head else given:
            edit.op(kw[d]).drop = True
        meaning = "the kernel" if alias or given else (
            "the kernel in Keras 2.0-2.3 (tf.keras and Keras 3 read the last one as strides)"
        )
        if not ints:
            meaning += " if they are ints (Keras 2 converted only ints)"
        edit.notes.append(f"{' x '.join(code_of(v) for v in values)} is {meaning}: `kernel_size={tuple_code}`")
        return True

    def _specials(self, call, name, family, kw, pos, edit: _Edit, taken: Set[str]) -> bool:
        special = family.special
        if "input_dim" in special and "input_dim" in kw:
            if "input_shape" in kw:
                self.report("FG202", call.args[kw["input_dim"]].keyword,
                            f"`{name}` is given `input_dim` and `input_shape`: not rewritten")
                return False
            length = code_of(call.args[kw["input_length"]].value) if "input_length" in kw else "None"
            dim = code_of(call.args[kw["input_dim"]].value)
            edit.op(kw["input_dim"]).keyword = "input_shape"
            edit.op(kw["input_dim"]).value = f"({length}, {dim})"
            if "input_length" in kw:
                edit.op(kw["input_length"]).drop = True
            edit.notes.append("`input_dim`/`input_length` -> `input_shape=(input_length, input_dim)`")
        if "forget_bias_init" in special and "forget_bias_init" in kw:
            i = kw["forget_bias_init"]
            value = _string(call.args[i].value)
            if value is None or "unit_forget_bias" in kw or "unit_forget_bias" in table.LACKS.get(name, ()):
                self.report("FG202", call.args[i].keyword, "`forget_bias_init` is gone: Keras 2 turned "
                            "'one' into `unit_forget_bias=True` and ignored any other value")
                return False
            if value == "one":
                edit.op(i).keyword = "unit_forget_bias"
                edit.op(i).value = "True"
            else:
                edit.op(i).drop = True
            edit.notes.append("`forget_bias_init` converted as Keras 2 did")
        if "init_split" in special and "init" in kw:
            i = kw["init"]
            value = call.args[i].value
            if not _simple(value) or {"depthwise_initializer", "pointwise_initializer"} & set(kw):
                self.report("FG202", call.args[i].keyword, "`init` of a separable convolution: pass "
                            "it as both `depthwise_initializer` and `pointwise_initializer`")
                return False
            edit.op(i).keyword = "depthwise_initializer"
            edit.add.append(("pointwise_initializer", code_of(value)))
            edit.notes.append("`init` -> `depthwise_initializer` and `pointwise_initializer`")
        if "mode_zero" in special and "mode" in kw:
            i = kw["mode"]
            if code_of(call.args[i].value) != "0":
                self.report("FG202", call.args[i], f"`{name}(mode=...)`: Keras 2 accepted only `mode=0`")
                return False
            edit.op(i).drop = True
            edit.notes.append("`mode=0` dropped (Keras 2 dropped it)")
        if "output_shape" in special and "output_shape" in kw:
            edit.op(kw["output_shape"]).drop = True
            edit.notes.append("`output_shape` dropped (Keras 2 ignored it)")
        if "padding_dict" in special:
            i = kw.get("padding", pos[0] if pos else None)
            if i is not None and isinstance(call.args[i].value, cst.Dict):
                self.report("FG202", call.args[i], "a dict `padding` (Keras 1): Keras 2 read it as "
                            "`((top_pad, bottom_pad), (left_pad, right_pad))`; write that tuple")
                return False
        return True

    def finish(self) -> TrainingScan:
        for call, (edit, code, what) in self.edits.items():
            risk = Applicability.UNSAFE if edit.unsafe else Applicability.SAFE
            description = f"{what} as Keras 2 built it: " + "; ".join(edit.notes)
            self.result.fixes[call] = CallFix(build(call, edit), description, risk, tuple(edit.imports), code)
            self.result.issues.append(Issue(code, call.func, description, call))
        for node, (home, message) in self.modules.items():
            new = node.with_changes(module=cst.parse_expression(home))
            self.result.fixes[node] = CallFix(new, f"import from `{home}`", Applicability.SAFE, (), "FG204")
            self.result.issues.append(Issue("FG204", node, message, node))
        return self.result


def scan(
    module: cst.Module,
    receiver_is_keras: Optional[Callable[[cst.Call, str], bool]] = None,
) -> TrainingScan:
    """Every training-path finding of ``module``; the fixes are built on its own nodes
    (``apply`` builds them again on another tree of the same code)."""
    resolver = Resolver(module)
    scanner = _Scanner(resolver, receiver_is_keras, True)
    scanner.scan_imports()
    walk(scanner, module)
    return scanner.finish()


class _Apply(cst.CSTTransformer):
    def __init__(self, scanner: _Scanner, allowed: Callable[[CallFix], bool]) -> None:
        super().__init__()
        self.scanner = scanner
        self.allowed = allowed
        self.applied: List[CallFix] = []

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        found = self.scanner.edits.get(original_node)
        if found is None:
            return updated_node
        edit, code, _ = found
        risk = Applicability.UNSAFE if edit.unsafe else Applicability.SAFE
        fix = CallFix(build(updated_node, edit), "", risk, tuple(edit.imports), code)
        if not self.allowed(fix):
            return updated_node
        self.applied.append(fix)
        return fix.new

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom) -> cst.ImportFrom:
        found = self.scanner.modules.get(original_node)
        if found is None:
            return updated_node
        fix = CallFix(updated_node.with_changes(module=cst.parse_expression(found[0])), "",
                      Applicability.SAFE, (), "FG204")
        self.applied.append(fix)
        return fix.new


def apply(
    module: cst.Module, unsafe_fixes: bool, model_calls: Mapping[str, Sequence[bool]] = {}  # noqa: B006 (read only)
) -> Tuple[cst.Module, Tuple[ImportSpec, ...]]:
    """``module`` with every allowed fix applied, and the imports those fixes need.
    Nested fixes compose (a layer call inside a ``Model(...)`` call).  ``model_calls``:
    ``scan``'s ``TrainingScan.model_calls`` of the module ``module`` was migrated from
    (each answer False where that fix is not to be applied)."""
    resolver = Resolver(module)
    scanner = _Scanner(resolver, None, True)
    scanner.replay = {method: iter(answers) for method, answers in model_calls.items()}
    scanner.scan_imports()
    walk(scanner, module)
    if not scanner.edits and not scanner.modules:
        return module, ()
    transformer = _Apply(scanner, lambda f: f.applicability is Applicability.SAFE or unsafe_fixes)
    new = module.visit(transformer)
    imports = tuple(dict.fromkeys(spec for f in transformer.applied for spec in f.imports))
    return new, imports


__all__ = ["CallFix", "Issue", "TrainingScan", "apply", "scan"]
