"""What the analyser knows about one module, collected in one libcst pass.

* scopes and the names each binds (assignments, defs, classes, imports, parameters,
  loop targets...), with the position where the binding takes effect and the blocks
  (``if``/``for``/``while``/``except`` bodies) it sits in, so that a use can be resolved
  to the binding that reaches it in straight-line code, and to nothing when that is
  not provable;
* every function with its *own* ``yield``s, ``return``s, loops, calls and
  ``raise StopIteration`` (a nested ``def``, ``lambda``, ``class`` or comprehension is
  not part of it);
* every class with its bases and methods;
* every call, with the scope and blocks it sits in.

Nothing here decides whether something is a bug; the rules do.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set, Tuple, Union

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper

from migrate_fitgen.analyze.positions import resolve_positions
from migrate_fitgen.cst_walk import walk
from migrate_fitgen.keras_receivers import dotted

Pos = Tuple[int, int]  # (line, 0-based column)
END: Pos = (10**9, 0)

_block_ids = itertools.count(1)


@dataclass(eq=False)
class Binding:
    name: str
    kind: str  # assign | def | class | import | param | opaque
    pos: Pos  # where the binding takes effect (the end of its statement)
    blocks: Tuple[int, ...]
    scope: "Scope"
    value: Optional[cst.BaseExpression] = None  # assign: the value bound to the name
    node: Optional[cst.CSTNode] = None  # def/class: the definition
    import_module: Optional[str] = None  # import: the dotted module ("" for `from . import`)
    import_name: Optional[str] = None  # from-import: the imported name
    import_level: int = 0  # number of leading dots of a relative import


@dataclass(eq=False)
class Scope:
    kind: str  # module | function | class | lambda | comprehension
    node: Optional[cst.CSTNode]
    parent: Optional["Scope"]
    bindings: Dict[str, List[Binding]] = field(default_factory=dict)
    globals: Set[str] = field(default_factory=set)
    function: Optional["FunctionFacts"] = None

    def bind(self, binding: Binding) -> None:
        self.bindings.setdefault(binding.name, []).append(binding)


@dataclass(eq=False)
class LoopFacts:
    node: Union[cst.While, cst.For]
    blocks: Tuple[int, ...]  # blocks around the loop statement
    has_break: bool = False
    has_return: bool = False
    contains_yield: bool = False

    @property
    def is_while_true(self) -> bool:
        if not isinstance(self.node, cst.While):
            return False
        test = self.node.test
        if isinstance(test, cst.Name):
            return test.value == "True"
        if isinstance(test, cst.Integer):
            return test.evaluated_value != 0
        return False


@dataclass(eq=False)
class Site:
    """A node inside a function with where it sits."""

    node: cst.CSTNode
    pos: Pos
    blocks: Tuple[int, ...]
    loops: Tuple[LoopFacts, ...]  # the function's loops around it, outermost first


@dataclass(eq=False)
class FunctionFacts:
    node: cst.FunctionDef
    name: str
    qualname: str
    path: str
    line: int
    scope: Scope  # the function's own scope
    outer: Scope  # the scope the def binds its name in
    cls: Optional["ClassFacts"] = None  # set for methods
    yields: List[Site] = field(default_factory=list)
    returns: List[Site] = field(default_factory=list)
    loops: List[LoopFacts] = field(default_factory=list)
    calls: List[Site] = field(default_factory=list)
    stop_iterations: List[Site] = field(default_factory=list)
    _loop_stack: List[LoopFacts] = field(default_factory=list)

    @property
    def is_generator(self) -> bool:
        return bool(self.yields)

    @property
    def has_yield_from(self) -> bool:
        return any(isinstance(s.node, cst.Yield) and isinstance(s.node.value, cst.From) for s in self.yields)

    def infinite_loop(self) -> Optional[LoopFacts]:
        """A ``while True:`` at the top level of the body (not inside an ``if``/loop),
        which yields and which no ``break`` or ``return`` leaves: the generator never ends."""
        for loop in self.loops:
            if (
                loop.is_while_true
                and loop.blocks == ()
                and loop.contains_yield
                and not loop.has_break
                and not loop.has_return
            ):
                return loop
        return None


@dataclass(eq=False)
class ClassFacts:
    node: cst.ClassDef
    name: str
    path: str
    line: int
    scope: Scope  # the class body's scope
    outer: Scope
    bases: List[cst.BaseExpression]
    methods: Dict[str, FunctionFacts] = field(default_factory=dict)
    #: (attribute names assigned in the class, calls ``setattr``): made on first use
    #: by ``project.assigned_attributes`` (one walk of the class, not one per attribute)
    assigned: Optional[Tuple[frozenset, bool]] = field(default=None, repr=False)


@dataclass(eq=False)
class CallSite:
    node: cst.Call
    pos: Pos
    blocks: Tuple[int, ...]
    scope: Scope
    function: Optional[FunctionFacts]


@dataclass(eq=False)
class ModuleFacts:
    path: str
    text: str
    wrapper: MetadataWrapper
    positions: Dict[cst.CSTNode, CodeRange]
    scope: Scope
    functions: List[FunctionFacts]
    classes: List[ClassFacts]
    calls: List[CallSite]
    function_by_node: Dict[cst.FunctionDef, FunctionFacts]
    class_by_node: Dict[cst.ClassDef, ClassFacts]
    #: top-level packages of every absolute import anywhere in the module
    imported: Set[str] = field(default_factory=set)

    @property
    def module(self) -> cst.Module:
        return self.wrapper.module

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def start(self, node: cst.CSTNode) -> Pos:
        r = self.positions[node]
        return (r.start.line, r.start.column)

    def end(self, node: cst.CSTNode) -> Pos:
        r = self.positions[node]
        return (r.end.line, r.end.column)


class _Collector(cst.CSTVisitor):
    def __init__(self, path: str, positions: Dict[cst.CSTNode, CodeRange]) -> None:
        super().__init__()
        self.path = path
        self.positions = positions
        self.module_scope = Scope("module", None, None)
        self.scopes: List[Scope] = [self.module_scope]
        self.blocks: List[int] = []
        self.saved_blocks: List[List[int]] = []
        self.transparent: Set[int] = set()
        self.pushed: Dict[int, bool] = {}
        self.functions: List[FunctionFacts] = []
        self.classes: List[ClassFacts] = []
        self.calls: List[CallSite] = []
        self.class_stack: List[Optional[ClassFacts]] = []
        self.imported: Set[str] = set()

    # helpers ----------------------------------------------------------------
    @property
    def scope(self) -> Scope:
        return self.scopes[-1]

    @property
    def fn(self) -> Optional[FunctionFacts]:
        s = self.scopes[-1]
        return s.function if s.kind == "function" else None

    def start(self, node: cst.CSTNode) -> Pos:
        r = self.positions[node]
        return (r.start.line, r.start.column)

    def end(self, node: cst.CSTNode) -> Pos:
        r = self.positions[node]
        return (r.end.line, r.end.column)

    def _target_scope(self, name: str) -> Scope:
        if name in self.scope.globals:
            return self.module_scope
        return self.scope

    def bind(self, name: str, kind: str, pos: Pos, **kw) -> None:
        scope = self._target_scope(name)
        blocks = tuple(self.blocks) if scope is self.scope else ()
        scope.bind(Binding(name, kind, pos, blocks, scope, **kw))

    def bind_target(self, target: cst.BaseExpression, value: Optional[cst.BaseExpression], pos: Pos) -> None:
        if isinstance(target, cst.Name):
            self.bind(target.value, "assign" if value is not None else "opaque", pos, value=value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            elements = [e.value for e in target.elements]
            values: Optional[List[cst.BaseExpression]] = None
            if isinstance(value, (cst.Tuple, cst.List)) and len(value.elements) == len(elements):
                if not any(isinstance(e, cst.StarredElement) for e in value.elements):
                    values = [e.value for e in value.elements]
            for i, el in enumerate(elements):
                self.bind_target(el, values[i] if values else None, pos)
        elif isinstance(target, cst.StarredElement):
            self.bind_target(target.value, None, pos)

    def site(self, node: cst.CSTNode, fn: FunctionFacts) -> Site:
        return Site(node, self.start(node), tuple(self.blocks), tuple(fn._loop_stack))

    # blocks -------------------------------------------------------------------
    def _enter_suite(self, node: cst.BaseSuite) -> None:
        if id(node) in self.transparent:
            self.pushed[id(node)] = False
        else:
            self.blocks.append(next(_block_ids))
            self.pushed[id(node)] = True

    def _leave_suite(self, node: cst.BaseSuite) -> None:
        if self.pushed.pop(id(node), False):
            self.blocks.pop()

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._enter_suite(node)

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock) -> None:
        self._leave_suite(original_node)

    def visit_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> None:
        self._enter_suite(node)

    def leave_SimpleStatementSuite(self, original_node: cst.SimpleStatementSuite) -> None:
        self._leave_suite(original_node)

    def visit_With(self, node: cst.With) -> None:
        self.transparent.add(id(node.body))

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self.bind_target(node.asname.name, None, self.end(node))

    def visit_Try(self, node: cst.Try) -> None:
        self.transparent.add(id(node.body))
        if node.finalbody is not None:
            self.transparent.add(id(node.finalbody.body))

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            self.bind_target(node.name.name, None, self.start(node.body))

    # scopes ---------------------------------------------------------------------
    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        outer = self.scope
        cls = self.class_stack[-1] if (self.class_stack and outer.kind == "class") else None
        qual_parts = []
        s: Optional[Scope] = outer
        while s is not None and s.node is not None:
            if isinstance(s.node, (cst.FunctionDef, cst.ClassDef)):
                qual_parts.append(s.node.name.value)
            s = s.parent
        qualname = ".".join([*reversed(qual_parts), node.name.value])
        scope = Scope("function", node, outer)
        fn = FunctionFacts(
            node=node,
            name=node.name.value,
            qualname=qualname,
            path=self.path,
            line=self.start(node.name)[0],
            scope=scope,
            outer=outer,
            cls=cls,
        )
        scope.function = fn
        self.functions.append(fn)
        if cls is not None:
            cls.methods.setdefault(fn.name, fn)
        self.bind(node.name.value, "def", self.end(node), node=node)
        self.transparent.add(id(node.body))
        self.scopes.append(scope)
        self.saved_blocks.append(self.blocks)
        self.blocks = []
        self.class_stack.append(None)
        p = node.params
        for param in [*p.posonly_params, *p.params, *p.kwonly_params]:
            scope.bind(Binding(param.name.value, "param", self.start(node), (), scope))
        for star in (p.star_arg, p.star_kwarg):
            if isinstance(star, cst.Param):
                scope.bind(Binding(star.name.value, "param", self.start(node), (), scope))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.scopes.pop()
        self.blocks = self.saved_blocks.pop()
        self.class_stack.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        outer = self.scope
        scope = Scope("class", node, outer)
        cls = ClassFacts(
            node=node,
            name=node.name.value,
            path=self.path,
            line=self.start(node.name)[0],
            scope=scope,
            outer=outer,
            bases=[a.value for a in node.bases if a.keyword is None and a.star == ""],
        )
        self.classes.append(cls)
        self.bind(node.name.value, "class", self.end(node), node=node)
        self.transparent.add(id(node.body))
        self.scopes.append(scope)
        self.saved_blocks.append(self.blocks)
        self.blocks = []
        self.class_stack.append(cls)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.scopes.pop()
        self.blocks = self.saved_blocks.pop()
        self.class_stack.pop()

    def visit_Lambda(self, node: cst.Lambda) -> None:
        scope = Scope("lambda", node, self.scope)
        for param in [*node.params.posonly_params, *node.params.params, *node.params.kwonly_params]:
            scope.bind(Binding(param.name.value, "param", self.start(node), (), scope))
        self.scopes.append(scope)

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self.scopes.pop()

    def _enter_comp(self, node: cst.CSTNode) -> None:
        self.scopes.append(Scope("comprehension", node, self.scope))

    def _leave_comp(self, node: cst.CSTNode) -> None:
        self.scopes.pop()

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self._enter_comp(node)

    def leave_ListComp(self, original_node: cst.ListComp) -> None:
        self._leave_comp(original_node)

    def visit_SetComp(self, node: cst.SetComp) -> None:
        self._enter_comp(node)

    def leave_SetComp(self, original_node: cst.SetComp) -> None:
        self._leave_comp(original_node)

    def visit_DictComp(self, node: cst.DictComp) -> None:
        self._enter_comp(node)

    def leave_DictComp(self, original_node: cst.DictComp) -> None:
        self._leave_comp(original_node)

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._enter_comp(node)

    def leave_GeneratorExp(self, original_node: cst.GeneratorExp) -> None:
        self._leave_comp(original_node)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self.bind_target(node.target, None, self.start(node))

    def visit_Global(self, node: cst.Global) -> None:
        for n in node.names:
            self.scope.globals.add(n.name.value)

    # bindings -------------------------------------------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        pos = self.end(node)
        for t in node.targets:
            self.bind_target(t.target, node.value, pos)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self.bind_target(node.target, node.value, self.end(node))

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.target, cst.Name):
            self.bind(node.target.value, "opaque", self.end(node))

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        if isinstance(node.target, cst.Name):
            self.bind(node.target.value, "opaque", self.end(node))

    def visit_Import(self, node: cst.Import) -> None:
        pos = self.end(node)
        for alias in node.names:
            full = dotted(alias.name) or ""
            self.imported.add(full.split(".")[0])
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.bind(alias.asname.name.value, "import", pos, import_module=full)
            else:
                root = full.split(".")[0]
                self.bind(root, "import", pos, import_module=root)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = dotted(node.module) if node.module is not None else ""
        level = len(node.relative)
        if level == 0 and module:
            self.imported.add(module.split(".")[0])
        if isinstance(node.names, cst.ImportStar):
            return
        pos = self.end(node)
        for alias in node.names:
            name = dotted(alias.name) or ""
            local = (
                alias.asname.name.value
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name)
                else name
            )
            self.bind(
                local, "import", pos, import_module=module or "", import_name=name, import_level=level
            )

    # loops, yields, returns ----------------------------------------------------------
    def visit_For(self, node: cst.For) -> None:
        self.bind_target(node.target, None, self.end(node.target))
        fn = self.fn
        if fn is not None:
            loop = LoopFacts(node, tuple(self.blocks))
            fn.loops.append(loop)
            fn._loop_stack.append(loop)

    def leave_For(self, original_node: cst.For) -> None:
        fn = self.fn
        if fn is not None and fn._loop_stack and fn._loop_stack[-1].node is original_node:
            fn._loop_stack.pop()

    def visit_While(self, node: cst.While) -> None:
        fn = self.fn
        if fn is not None:
            loop = LoopFacts(node, tuple(self.blocks))
            fn.loops.append(loop)
            fn._loop_stack.append(loop)

    def leave_While(self, original_node: cst.While) -> None:
        fn = self.fn
        if fn is not None and fn._loop_stack and fn._loop_stack[-1].node is original_node:
            fn._loop_stack.pop()

    def visit_Break(self, node: cst.Break) -> None:
        fn = self.fn
        if fn is not None and fn._loop_stack:
            fn._loop_stack[-1].has_break = True

    def visit_Return(self, node: cst.Return) -> None:
        fn = self.fn
        if fn is not None:
            for loop in fn._loop_stack:
                loop.has_return = True
            fn.returns.append(self.site(node, fn))

    def visit_Yield(self, node: cst.Yield) -> None:
        fn = self.fn
        if fn is not None:
            for loop in fn._loop_stack:
                loop.contains_yield = True
            fn.yields.append(self.site(node, fn))

    def visit_Raise(self, node: cst.Raise) -> None:
        fn = self.fn
        exc = node.exc
        if isinstance(exc, cst.Call):
            exc = exc.func
        if fn is not None and isinstance(exc, cst.Name) and exc.value == "StopIteration":
            fn.stop_iterations.append(self.site(node, fn))

    def visit_Call(self, node: cst.Call) -> None:
        fn = self.fn
        self.calls.append(CallSite(node, self.start(node), tuple(self.blocks), self.scope, fn))
        if fn is not None:
            fn.calls.append(self.site(node, fn))


def collect(path: str, text: str, module: Optional[cst.Module] = None) -> ModuleFacts:
    """Parse (unless given the module) and collect; raises ``libcst.ParserSyntaxError``."""
    if module is None:
        module = cst.parse_module(text)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    # libcst's ranges, computed for less; the wrapper's other users (the receivers, the
    # rewrite's findings pass) get them from it
    positions = resolve_positions(wrapper)
    collector = _Collector(path, positions)
    walk(collector, wrapper.module)  # libcst's visit, without rebuilding the tree
    return ModuleFacts(
        path=path,
        text=text,
        wrapper=wrapper,
        positions=positions,
        scope=collector.module_scope,
        functions=collector.functions,
        classes=collector.classes,
        calls=collector.calls,
        function_by_node={f.node: f for f in collector.functions},
        class_by_node={c.node: c for c in collector.classes},
        imported=collector.imported,
    )
