"""Is the receiver of a ``fit_generator``-style call a Keras model?

Some libraries (deepchem's ``KerasModel``) and many projects define their own
``fit_generator`` with other arguments.  A call is judged not Keras when the code
proves it:

* it is ``self.<method>(...)`` inside a class of the file that defines that method
  itself (or inherits it from such a class) and does not derive from a Keras model,
  or whose bases lead (through the analysed tree) to such a class or to a package
  whose models have their own method;
* its receiver was built, in the same scope, by a constructor that
  ``project_models.ModelResolver`` follows to such a class: into the analysed tree
  (functions returning what they build, classes through their bases), then through
  ``[tool.migrate-fitgen]`` and the tables of ``keras_packages``.

Everything else is treated as Keras.  A constructor that cannot be followed to a
definition or a table is *assumed* to build a Keras model: the verdict says so, and
the rewrite reports it with the migrated call.  A file that imports none of keras,
tensorflow or tf_keras is flagged so that its calls are only rewritten as unsafe fixes.
"""

from __future__ import annotations

import ast
import os
import sys
from dataclasses import dataclass, field
from functools import cached_property
from typing import Dict, FrozenSet, Iterable, List, Mapping, Optional, Tuple, Union

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from migrate_fitgen.sources import parse_python
from migrate_fitgen.cst_positions import resolve_positions
from migrate_fitgen.cst_walk import walk
from migrate_fitgen.keras_api import (
    KERAS1_ONLY_KEYWORDS,
    KERAS_PACKAGES,
    METHODS,
    RUNTIME_MODULE,
    RUNTIME_NAME,
)
from migrate_fitgen.project_models import (
    ASSUMED,
    KERAS,
    KERAS_MODEL_BASES,
    NOT_KERAS,
    ModelResolver,
    ModuleSummary,
    Outcome,
    parse_summary,
    summarize,
)

#: methods whose receiver the analysis answers for (the legacy ones and their successors)
TRAINING_METHODS = frozenset(METHODS) | frozenset(METHODS.values())
#: Python's own modules (a table of the interpreter, not of what is installed)
_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ()))
#: calls whose scope is recorded: those, and the prediction methods Keras 3 removed
#: (``predict_classes``/``predict_proba``, reported by the training-path scan)
SCOPED_METHODS = TRAINING_METHODS | frozenset({"predict_classes", "predict_proba"})
DATASET_BASES = frozenset({"Sequence", "PyDataset"})
#: ImageDataGenerator methods that return a PyDataset/Sequence iterator
DATASET_FACTORIES = frozenset({"flow", "flow_from_directory", "flow_from_dataframe"})


@dataclass(frozen=True)
class ProjectInfo:
    """Facts about the whole set of analysed files."""

    #: classes (by name) in the analysed files that define their own legacy method
    #: and do not derive from a Keras model
    custom_classes: FrozenSet[str] = frozenset()
    #: top-level module names that belong to the project (files and folders analysed)
    local_modules: FrozenSet[str] = frozenset()
    #: path -> summary of each analysed file that parses (what its names build)
    modules: Mapping[str, ModuleSummary] = field(default_factory=dict, compare=False, repr=False)
    #: ``[tool.migrate-fitgen]`` ``keras-models`` / ``not-keras``: dotted names or prefixes
    keras_models: Tuple[str, ...] = ()
    not_keras: Tuple[str, ...] = ()

    @cached_property
    def resolver(self) -> ModelResolver:
        return ModelResolver(
            self.modules, self.keras_models, self.not_keras, self.custom_classes, self.local_modules
        )


@dataclass(frozen=True)
class Verdict:
    is_keras: bool
    reason: str = ""
    #: the receiver's constructor could not be followed: it is taken for a Keras model
    #: (``reason`` says what was not followed) and the call says so
    assumed: bool = False
    #: the receiver's constructor was followed to a Keras model (``reason`` says how):
    #: the call is Keras' even in a file that imports no Keras itself
    proven: bool = False


def _outcome_verdict(outcome: Outcome) -> Optional[Verdict]:
    if outcome.kind == NOT_KERAS:
        return Verdict(False, outcome.reason)
    if outcome.kind == ASSUMED:
        return Verdict(True, outcome.reason, assumed=True)
    if outcome.kind == KERAS:
        return Verdict(True, outcome.reason, proven=True)
    return None


def dotted(node: cst.BaseExpression) -> Optional[str]:
    """`a.b.c` for a name or attribute chain, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        inner = dotted(node.value)
        return f"{inner}.{node.attr.value}" if inner else None
    return None


def _ast_dotted(node: ast.expr) -> Optional[str]:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _ast_dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


def _class_info_ast(tree: ast.AST) -> Iterable[Tuple[str, bool, bool]]:
    """(class name, defines a legacy method, derives from a Keras model) for each class."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            defines = any(
                isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name in METHODS
                for item in node.body
            )
            keras_base = any(
                (_ast_dotted(b) or "").split(".")[-1] in KERAS_MODEL_BASES for b in node.bases
            )
            yield node.name, defines, keras_base


@dataclass(frozen=True)
class FileInfo:
    """What ``collect_project_info`` needs of one file: small and picklable, so that the
    per-file pass can run anywhere and the text and tree can be dropped after it."""

    path: str
    #: None when the file does not parse
    summary: Optional[ModuleSummary] = None
    #: classes that define their own legacy method (a Keras model's subclass too: the
    #: call runs that method, which Keras 3's ``fit`` would bypass)
    custom_classes: Tuple[str, ...] = ()
    #: the ``SyntaxError`` (or ``ValueError``) ``ast.parse`` raised, None if it parsed
    syntax_error: Optional[BaseException] = None


def file_info(path: str, text: str, tree: Optional[ast.Module] = None) -> FileInfo:
    """The per-file part of ``collect_project_info`` (``tree``: ``ast.parse(text)`` when
    the caller already has it)."""
    if tree is None:
        try:
            tree = parse_python(text)
        except (SyntaxError, ValueError) as exc:
            return FileInfo(path, syntax_error=exc)
        except (RecursionError, MemoryError):
            return FileInfo(path)
    custom = tuple(name for name, defines, _ in _class_info_ast(tree) if defines)
    try:
        summary: Optional[ModuleSummary] = summarize(path, tree)
    except RecursionError:
        summary = None
    return FileInfo(path, summary, custom)


def _local_modules(paths: Iterable[str], extra_roots: Iterable[str]) -> set:
    local = set()
    listed = set()
    for path in paths:
        if path in ("-", "<stdin>"):
            continue
        p = os.path.normpath(path)
        stem = os.path.splitext(os.path.basename(p))[0]
        local.add(stem)
        for part in os.path.dirname(p).split(os.sep):
            if part and part not in (".", ".."):
                local.add(part)
        folder = os.path.dirname(os.path.abspath(p))
        if folder not in listed:  # modules beside the file are the project's too
            listed.add(folder)
            try:
                for entry in os.listdir(folder):
                    name, ext = os.path.splitext(entry)
                    if ext == ".py" or (not ext and os.path.isdir(os.path.join(folder, entry))):
                        local.add(name)
            except OSError:
                pass
    for root in extra_roots:
        local.add(os.path.splitext(os.path.basename(os.path.normpath(root)))[0])
    return local


def project_info_from(
    infos: Iterable[FileInfo],
    extra_roots: Iterable[str] = (),
    keras_models: Iterable[str] = (),
    not_keras: Iterable[str] = (),
) -> ProjectInfo:
    """``ProjectInfo`` from the per-file ``file_info`` of every analysed file, in order."""
    custom = set()
    paths: List[str] = []
    modules: Dict[str, ModuleSummary] = {}
    for info in infos:
        paths.append(info.path)
        custom.update(info.custom_classes)
        if info.summary is not None:
            modules[info.path] = info.summary
    return ProjectInfo(
        custom_classes=frozenset(custom),
        local_modules=frozenset(_local_modules(paths, extra_roots)),
        modules=modules,
        keras_models=tuple(keras_models),
        not_keras=tuple(not_keras),
    )


def collect_project_info(
    sources: Mapping[str, str],
    extra_roots: Iterable[str] = (),
    keras_models: Iterable[str] = (),
    not_keras: Iterable[str] = (),
) -> ProjectInfo:
    """Cross-file facts from every analysed file (``path -> text``).  Files that do not
    parse are skipped here; they are reported when they are processed.
    ``keras_models`` / ``not_keras`` are ``[tool.migrate-fitgen]``'s lists."""
    return project_info_from(
        (file_info(path, text) for path, text in sources.items()), extra_roots, keras_models, not_keras
    )


@dataclass
class _ClassFacts:
    name: str
    methods: FrozenSet[str]
    bases: Tuple[str, ...]


@dataclass
class _Scope:
    node: Optional[cst.CSTNode]
    cls: Optional[_ClassFacts] = None  # set when this scope is a method of a class
    assignments: Dict[str, List[Tuple[int, cst.BaseExpression]]] = field(default_factory=dict)
    dict_keys: Dict[str, set] = field(default_factory=dict)  # name -> string keys set in sight
    #: every name the scope binds (parameters, targets, imports...); a function of the
    #: module that binds a name nowhere reads the module's
    bound: set = field(default_factory=set)
    outer_is_module: bool = False
    #: the names an import binds here: local -> (dotted origin, whether it is a module:
    #: ``import x [as y]``), with None for a relative import (project code)
    imported: Dict[str, Tuple[Optional[str], bool]] = field(default_factory=dict)


def _target_names(target: cst.CSTNode) -> Iterable[str]:
    if isinstance(target, cst.Name):
        yield target.value
    elif isinstance(target, (cst.Tuple, cst.List)):
        for e in target.elements:
            yield from _target_names(e.value)
    elif isinstance(target, cst.StarredElement):
        yield from _target_names(target.value)


def _literal_keys(value: cst.BaseExpression) -> Optional[set]:
    """String keys of a dict display or a `dict(...)` call, else None."""
    if isinstance(value, cst.Dict):
        return {
            e.key.evaluated_value
            for e in value.elements
            if isinstance(e, cst.DictElement) and isinstance(e.key, cst.SimpleString)
        }
    if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "dict":
        return {a.keyword.value for a in value.args if a.keyword is not None}
    return None


class _Collector(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self) -> None:
        super().__init__()
        self.imports: Dict[str, str] = {}  # local name -> dotted module path of origin
        self.relative: set = set()  # local names imported relatively (project code)
        self.has_keras_import = False
        self.classes: Dict[str, _ClassFacts] = {}
        self.scopes: List[_Scope] = [_Scope(None)]
        self.class_stack: List[_ClassFacts] = []
        self.call_scope: Dict[cst.Call, _Scope] = {}
        self.keras1_names = False
        self.runtime_name_taken = False  # the file binds validate_batches to its own thing
        # (class, attribute) -> values assigned to self.<attribute> in the class's methods
        self.self_attrs: Dict[Tuple[str, str], List[cst.BaseExpression]] = {}

    def _keras1_evidence(self, node: cst.Call) -> bool:
        func = node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
        if name in METHODS:
            return False  # legacy calls are judged one by one (and the rewrite edits them)
        keywords = {a.keyword.value for a in node.args if a.keyword is not None}
        if keywords & KERAS1_ONLY_KEYWORDS:
            return True
        return name == "Model" and bool(keywords & {"input", "output"})

    # imports -------------------------------------------------------------
    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            full = dotted(alias.name) or ""
            local = alias.asname.name if alias.asname is not None else None
            bound = local.value if isinstance(local, cst.Name) else full.split(".")[0]
            self.scopes[-1].bound.add(bound)
            self.scopes[-1].imported[bound] = (full if isinstance(local, cst.Name) else bound, True)
            if full.split(".")[0] in KERAS_PACKAGES:
                self.has_keras_import = True
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.imports[alias.asname.name.value] = full
                if alias.asname.name.value == RUNTIME_NAME:
                    self.runtime_name_taken = True
            else:
                root = full.split(".")[0]
                self.imports[root] = root

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = dotted(node.module) if node.module is not None else ""
        relative = bool(node.relative)
        if not relative and (module or "").split(".")[0] in KERAS_PACKAGES:
            self.has_keras_import = True
        if isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            name = alias.name.value if isinstance(alias.name, cst.Name) else dotted(alias.name)
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.scopes[-1].bound.add(alias.asname.name.value)
            elif name:
                self.scopes[-1].bound.add(name)
            local = (
                alias.asname.name.value
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name)
                else name
            )
            if local == RUNTIME_NAME and (relative or module != RUNTIME_MODULE):
                self.runtime_name_taken = True
            if relative:
                self.relative.add(local)
            else:
                self.imports[local] = f"{module}.{name}" if module else name
            if local:
                self.scopes[-1].imported[local] = (None if relative else self.imports[local], False)

    # scopes ---------------------------------------------------------------
    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if node.name.value == RUNTIME_NAME:
            self.runtime_name_taken = True
        methods = frozenset(
            s.name.value for s in node.body.body if isinstance(s, cst.FunctionDef)
        )
        bases = tuple(dotted(a.value) or "" for a in node.bases)
        facts = _ClassFacts(node.name.value, methods, bases)
        self.classes.setdefault(node.name.value, facts)
        self.class_stack.append(facts)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.class_stack.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if node.name.value == RUNTIME_NAME:
            self.runtime_name_taken = True
        cls = self.class_stack[-1] if self.class_stack else None
        # a function nested in a method keeps the method's class for `self`
        if cls is None and self.scopes[-1].cls is not None:
            cls = self.scopes[-1].cls
        self.scopes[-1].bound.add(node.name.value)
        scope = _Scope(node, cls, outer_is_module=len(self.scopes) == 1)
        p = node.params
        for param in [*p.posonly_params, *p.params, *p.kwonly_params]:
            scope.bound.add(param.name.value)
        for star in (p.star_arg, p.star_kwarg):
            if isinstance(star, cst.Param):
                scope.bound.add(star.name.value)
        self.scopes.append(scope)

    def _bind(self, target: cst.CSTNode) -> None:
        self.scopes[-1].bound.update(_target_names(target))

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._bind(node.target)

    def visit_For(self, node: cst.For) -> None:
        self._bind(node.target)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._bind(node.target)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind(node.asname.name)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind(node.target)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            self._bind(node.name.name)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.scopes.pop()

    def _record(self, target: cst.BaseExpression, value: cst.BaseExpression, line: int) -> None:
        scope = self.scopes[-1]
        if isinstance(target, cst.Name) and target.value == RUNTIME_NAME:
            self.runtime_name_taken = True
        if isinstance(target, cst.Name):
            scope.assignments.setdefault(target.value, []).append((line, value))
            keys = _literal_keys(value)
            if keys is not None:
                scope.dict_keys.setdefault(target.value, set()).update(keys)
        elif (
            isinstance(target, cst.Attribute)
            and isinstance(target.value, cst.Name)
            and target.value.value in ("self", "cls")  # `cls.x = ...` in a classmethod
            and scope.cls is not None
        ):
            self.self_attrs.setdefault((scope.cls.name, target.attr.value), []).append(value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            elements = [e.value for e in target.elements]
            values = value.elements if isinstance(value, (cst.Tuple, cst.List)) else None
            if values is not None and len(values) == len(elements) and not any(
                isinstance(e, (cst.StarredElement,)) for e in [*target.elements, *values]
            ):
                for t, v in zip(elements, values):
                    self._record(t, v.value, line)
            elif isinstance(value, cst.Call):
                # `model, history = build()`: each name holds a part of what the call
                # returns, and comes from the same constructor
                for t in elements:
                    if isinstance(t, cst.Name):
                        scope.assignments.setdefault(t.value, []).append((line, value))
        elif isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name):
            if len(target.slice) == 1 and isinstance(target.slice[0].slice, cst.Index):
                key = target.slice[0].slice.value
                if isinstance(key, cst.SimpleString):
                    scope.dict_keys.setdefault(target.value.value, set()).add(
                        key.evaluated_value
                    )

    def visit_Assign(self, node: cst.Assign) -> None:
        line = self.get_metadata(PositionProvider, node).start.line
        for t in node.targets:
            self._bind(t.target)
            self._record(t.target, node.value, line)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._bind(node.target)
        if node.value is not None:
            line = self.get_metadata(PositionProvider, node).start.line
            self._record(node.target, node.value, line)

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in SCOPED_METHODS:
            self.call_scope[node] = self.scopes[-1]
        if not self.keras1_names and self._keras1_evidence(node):
            self.keras1_names = True


#: nodes ``cst_walk.walk`` does not enter for ``_Collector``: it has no method for them or
#: for anything they hold (whitespace, comments, brackets, separators, operators,
#: literals, names: it reads a name through the node that holds it)
_INERT = (
    cst.SimpleWhitespace, cst.ParenthesizedWhitespace, cst.TrailingWhitespace, cst.EmptyLine,
    cst.Newline, cst.Comment, cst.LeftParen, cst.RightParen, cst.LeftSquareBracket,
    cst.RightSquareBracket, cst.LeftCurlyBrace, cst.RightCurlyBrace, cst.Comma, cst.Dot,
    cst.Colon, cst.Semicolon, cst.AssignEqual, cst.BaseBinaryOp, cst.BaseBooleanOp,
    cst.BaseCompOp, cst.BaseUnaryOp, cst.BaseAugOp, cst.SimpleString, cst.Integer, cst.Float,
    cst.Imaginary, cst.Name,
)

#: the read-only walk (libcst's visit without rebuilding the tree); the facts gathered
#: both ways are compared by ``tests/test_receivers_walk.py``
_read_walk = walk


class KerasReceivers:
    """Answers, for each legacy call of a module, whether its receiver is Keras."""

    def __init__(
        self,
        module: Union[cst.Module, MetadataWrapper],
        project: Optional[ProjectInfo] = None,
        path: Optional[str] = None,
        source: Optional[str] = None,
    ) -> None:
        """``source``: the text ``module`` was parsed from, when the caller has it (the
        summary is made from it instead of the module printed again)."""
        self._source = source
        if isinstance(module, MetadataWrapper):
            self.wrapper = module
        else:
            self.wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        self.project = project or ProjectInfo()
        self.path = path or "<stdin>"
        self._c = _Collector()
        resolve_positions(self.wrapper)  # libcst's ranges, made the cheaper way, for every user
        with self._c.resolve(self.wrapper):  # its metadata (positions), as wrapper.visit gives it
            _read_walk(self._c, self.wrapper.module)
        self._positions = self.wrapper.resolve(PositionProvider)

    @property
    def has_keras_import(self) -> bool:
        return self._c.has_keras_import

    @property
    def runtime_name_taken(self) -> bool:
        """The file binds ``validate_batches`` itself (a def, an assignment, an import
        from elsewhere): the runtime wrapper must come in under another name."""
        return self._c.runtime_name_taken

    @property
    def uses_keras1_names(self) -> bool:
        """A call the rewrite does not edit passes a Keras-1-only argument name
        (`fit(x, y, nb_epoch=5)`, `Conv2D(nb_filter=...)`, `Model(input=..., output=...)`)."""
        return self._c.keras1_names

    def kwargs_keys(self, call: cst.Call) -> Optional[frozenset]:
        """The string keys that a `**name` argument of ``call`` is seen to hold."""
        scope = self._c.call_scope.get(call)
        for arg in call.args:
            if arg.star == "**" and isinstance(arg.value, cst.Name) and scope is not None:
                keys = scope.dict_keys.get(arg.value.value)
                if keys is None and scope is not self._c.scopes[0]:
                    keys = self._c.scopes[0].dict_keys.get(arg.value.value)
                return frozenset(keys) if keys else None
            if arg.star == "**":
                keys = _literal_keys(arg.value)
                return frozenset(keys) if keys else None
        return None

    @cached_property
    def summary(self) -> ModuleSummary:
        """This file's summary for the project pass (made here when the project was
        collected without it)."""
        found = self.project.modules.get(self.path)
        if found is None:
            text = self._source if self._source is not None else self.wrapper.module.code
            found = parse_summary(self.path, text) or ModuleSummary(self.path)
        return found

    # helpers --------------------------------------------------------------
    def _origin(self, dotted: str) -> Optional[str]:
        """The module a dotted name was imported from, or None if it is not imported."""
        root = dotted.split(".")[0]
        if root in self._c.relative:
            return "."
        if root in self._c.imports:
            rest = dotted.split(".")[1:]
            return ".".join([self._c.imports[root], *rest])
        return None

    def _class_defines_method(self, name: str, method: str, seen=()) -> Optional[_ClassFacts]:
        """The class of this file (``name`` or an ancestor) whose own ``method`` a call on
        an instance of ``name`` runs; for a legacy method, a Keras model's subclass too
        (its override runs, which a move to Keras 3's ``fit`` would bypass)."""
        facts = self._c.classes.get(name)
        if facts is None or name in seen:
            return None
        keras = self._is_keras_subclass(facts)
        if method in facts.methods and (method in METHODS or not keras):
            return facts
        if keras and method not in METHODS:
            return None  # (``fit``: a Keras model's override is still Keras's method)
        for base in facts.bases:
            found = self._class_defines_method(base.split(".")[-1], method, (*seen, name))
            if found is not None:
                return found
        return None

    def _is_keras_subclass(self, facts: _ClassFacts, seen=()) -> bool:
        for base in facts.bases:
            if not base:
                continue
            origin = self._origin(base)
            if origin is not None and origin.split(".")[0] in KERAS_PACKAGES:
                return True
            last = base.split(".")[-1]
            if origin is None and last in KERAS_MODEL_BASES and last not in self._c.classes:
                return True
            local = self._c.classes.get(last)
            if local is not None and last not in seen and self._is_keras_subclass(local, (*seen, last)):
                return True
        return False

    def _foreign_base(self, facts: _ClassFacts, seen=()) -> Optional[str]:
        """A base class (or ancestor) imported from a non-Keras, non-project package."""
        if self._is_keras_subclass(facts):
            return None
        for base in facts.bases:
            if not base:
                continue
            origin = self._origin(base)
            if origin is not None and origin != ".":
                top = origin.split(".")[0]
                if top not in KERAS_PACKAGES and top not in self.project.local_modules:
                    return f"{base} (package '{top}')"
            local = self._c.classes.get(base.split(".")[-1])
            if local is not None and local.name not in seen:
                found = self._foreign_base(local, (*seen, local.name))
                if found:
                    return found
        return None

    def _method_callee(self, callee: str, scope: Optional[_Scope], local_names: bool) -> str:
        """`factory.get_model` where `factory = ModelFactory(...)` in ``scope`` (when
        ``local_names``), or `self.build_model` in a method: the class's function,
        `ModelFactory.get_model`."""
        parts = callee.split(".")
        if len(parts) != 2 or scope is None:
            return callee
        head, attr = parts
        if head in ("self", "cls") and scope.cls is not None:
            return f"{scope.cls.name}.{attr}"
        if not local_names:
            return callee
        summary = self.summary
        if head in summary.imports or head in summary.functions or head in summary.classes:
            return callee
        values = scope.assignments.get(head, [])
        if values and isinstance(values[-1][1], cst.Call):
            cls = dotted(values[-1][1].func)
            if cls is not None and cls.split(".")[-1][:1].isupper():
                return f"{cls}.{attr}"
        return callee

    def _constructor_verdict(
        self,
        value: cst.BaseExpression,
        method: str,
        scope: Optional[_Scope] = None,
        local_names: bool = True,
    ) -> Optional[Verdict]:
        """What the call ``value`` builds; ``scope`` is where it was bound (its local
        names are read only when ``local_names``)."""
        if not isinstance(value, cst.Call):
            return None
        callee = dotted(value.func)
        if callee is None:
            return None
        callee = self._method_callee(callee, scope, local_names)
        if "." not in callee:
            facts = self._class_defines_method(callee, method)
            if facts is not None:
                return Verdict(False, f"class {callee} defines its own {method}")
        outcome = self.project.resolver.callee(self.summary, callee, method)
        if outcome.kind == ASSUMED and method not in METHODS and callee.split(".")[-1][:1].isupper():
            # `fit`/`evaluate`/`predict` are everybody's names (scikit-learn, XGBoost...):
            # for the analyser, a class nobody could follow is not taken for Keras
            return Verdict(False, f"receiver is built by {callee}(), not known to be Keras")
        return _outcome_verdict(outcome)

    def _class_verdict(self, facts: _ClassFacts, method: str, own: bool = True) -> Optional[Verdict]:
        """For ``self.<method>(...)`` in class ``facts``: what its bases make it (``own``
        False: ``super().<method>(...)``, which does not run the class's own method)."""
        if not any(b and b != "object" for b in facts.bases):
            return None  # a mixin: the method comes from whatever it is mixed into
        if facts.name not in self.summary.classes:
            foreign = self._foreign_base(facts)  # a nested class: this file's view only
            return Verdict(False, f"class {facts.name} derives from {foreign}, not from Keras") if foreign else None
        outcome = self.project.resolver.cls(self.summary, facts.name, method, own)
        if outcome.kind == ASSUMED and method not in METHODS:
            return Verdict(False, f"class {facts.name} is not known to derive from Keras")
        return _outcome_verdict(outcome)

    def _is_dataset_class(self, name: str, seen=()) -> bool:
        facts = self._c.classes.get(name)
        if facts is None or name in seen:
            return False
        for base in facts.bases:
            last = base.split(".")[-1]
            if last in DATASET_BASES or self._is_dataset_class(last, (*seen, name)):
                return True
        return False

    def bound_value(self, call: cst.Call, value: cst.BaseExpression) -> cst.BaseExpression:
        """For a name, the value last assigned to it before ``call`` in its scope (when
        there is one); otherwise ``value`` itself."""
        scope = self._c.call_scope.get(call)
        if isinstance(value, cst.Name) and scope is not None:
            line = self._positions[call].start.line
            before = [v for (ln, v) in scope.assignments.get(value.value, []) if ln <= line]
            if before:
                return before[-1]
        return value

    def is_dataset(self, call: cst.Call, value: cst.BaseExpression) -> bool:
        """Whether ``value`` (an argument of ``call``) is provably a PyDataset/Sequence:
        an ImageDataGenerator ``flow*`` iterator or an instance of a Sequence subclass
        of this file, built in place or assigned in the same scope."""
        if isinstance(value, cst.Name):
            scope = self._c.call_scope.get(call)
            if scope is None:
                return False
            line = self._positions[call].start.line
            before = [v for (ln, v) in scope.assignments.get(value.value, []) if ln <= line]
            if not before:
                return False
            value = before[-1]
        if not isinstance(value, cst.Call):
            return False
        func = value.func
        if isinstance(func, cst.Attribute) and func.attr.value in DATASET_FACTORIES:
            return True
        return isinstance(func, cst.Name) and self._is_dataset_class(func.value)

    # the question ------------------------------------------------------------
    def verdict(self, call: cst.Call) -> Verdict:
        func = call.func
        if not isinstance(func, cst.Attribute):
            return Verdict(True)
        method = func.attr.value
        receiver = func.value
        scope = self._c.call_scope.get(call)
        is_super = (
            isinstance(receiver, cst.Call)
            and isinstance(receiver.func, cst.Name)
            and receiver.func.value == "super"
        )
        is_self = isinstance(receiver, cst.Name) and receiver.value == "self"
        if (is_self or is_super) and scope is not None:
            if scope.cls is not None:
                if is_self:
                    facts = self._class_defines_method(scope.cls.name, method)
                    if facts is not None:
                        return Verdict(False, f"class {facts.name} defines its own {method}")
                v = self._class_verdict(scope.cls, method, own=not is_super)
                if v is not None:
                    return v
            return Verdict(True)
        if isinstance(receiver, cst.Call):
            v = self._constructor_verdict(receiver, method)
            return v or Verdict(True)
        if (
            isinstance(receiver, cst.Attribute)
            and isinstance(receiver.value, cst.Name)
            and receiver.value.value == "self"
            and scope is not None
            and scope.cls is not None
        ):
            values = self._c.self_attrs.get((scope.cls.name, receiver.attr.value), [])
            # bound in any method of the class: only `self.`/`cls.` callees are read
            verdicts = [self._constructor_verdict(v, method, scope, local_names=False) for v in values]
            if verdicts and all(v is not None and not v.is_keras for v in verdicts):
                return Verdict(False, f"self.{receiver.attr.value}: {verdicts[0].reason}")
            known = [v for v in verdicts if v is not None]
            if any(v.assumed for v in known) and not any(v.is_keras and not v.assumed for v in known):
                first = next(v for v in known if v.assumed)
                return Verdict(True, f"self.{receiver.attr.value}: {first.reason}", assumed=True)
            if verdicts and all(v is not None and v.proven for v in verdicts):
                return Verdict(True, f"self.{receiver.attr.value}: {verdicts[0].reason}", proven=True)
        if isinstance(receiver, cst.Name) and scope is not None:
            line = self._positions[call].start.line
            candidates = scope.assignments.get(receiver.value, [])
            where = scope
            if not candidates and scope.outer_is_module and receiver.value not in scope.bound:
                # a function reading the module's name: what the module last binds to it
                where = self._c.scopes[0]
                candidates = where.assignments.get(receiver.value, [])[-1:]
                line = candidates[0][0] if candidates else line
            before = [v for (ln, v) in candidates if ln <= line]
            value = before[-1] if before else (candidates[-1][1] if candidates else None)
            if value is not None:
                v = self._constructor_verdict(value, method, where)
                if v is not None:
                    return v
            elif not candidates:
                v = self._imported_verdict(receiver.value, scope, method)
                if v is not None:
                    return v
        return Verdict(True)

    def _imported_verdict(self, name: str, scope: _Scope, method: str) -> Optional[Verdict]:
        """A receiver name that only an import binds (in its scope, or the module's for a
        function that binds it nowhere): a module is no Keras model (``import json as
        model``); an object imported from a package neither analysed nor known is
        assumed to be one, as a constructor from there would be."""
        found = scope.imported.get(name)
        if found is None and name not in scope.bound and scope.outer_is_module:
            found = self._c.scopes[0].imported.get(name)
        if found is None:
            return None
        origin, is_module = found
        if is_module:
            return Verdict(False, f"`{name}` is the module `{origin}`, not a Keras model")
        if origin is None or method not in METHODS:
            return None
        top = origin.split(".")[0]
        if top in KERAS_PACKAGES or top in self.project.local_modules:
            return None
        if top in _STDLIB:
            return Verdict(False, f"`{name}` comes from the standard library module '{top}', not Keras")
        return Verdict(True, f"`{name}` is imported from '{top}', which is neither among the analysed "
                       "files nor a package migrate-fitgen knows", assumed=True)
