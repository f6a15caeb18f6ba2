"""Linking training calls to the data they are given, within a module and across the
analysed tree (``from module import name``).

A name is resolved only to the binding that provably reaches its use: the last
binding before it in the same scope, when that binding is not inside a branch or
loop body that the use is outside of.  Anything else is *unknown*, and unknown data
is never reported on (precision before recall).
"""

from __future__ import annotations

import os
import re
from collections import ChainMap, OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

import libcst as cst

from migrate_fitgen import keras_api as api
from migrate_fitgen.analyze.facts import (
    END,
    Binding,
    CallSite,
    ClassFacts,
    FunctionFacts,
    ModuleFacts,
    Pos,
    Scope,
    collect,
    dotted,
)
from migrate_fitgen.cst_walk import walk

#: method -> mode (what Keras does with the data)
TRAINING_METHODS = {
    "fit": "fit",
    "evaluate": "evaluate",
    "predict": "predict",
    "fit_generator": "fit",
    "evaluate_generator": "evaluate",
    "predict_generator": "predict",
}

#: positional orders of the Keras 2 (TF 2.15) fit/evaluate/predict, a superset of Keras 3's
NEW_POSITIONAL = {
    "fit": (
        "x", "y", "batch_size", "epochs", "verbose", "callbacks", "validation_split",
        "validation_data", "shuffle", "class_weight", "sample_weight", "initial_epoch",
        "steps_per_epoch", "validation_steps", "validation_batch_size", "validation_freq",
        "max_queue_size", "workers", "use_multiprocessing",
    ),
    "evaluate": (
        "x", "y", "batch_size", "verbose", "sample_weight", "steps", "callbacks",
        "max_queue_size", "workers", "use_multiprocessing", "return_dict",
    ),
    "predict": (
        "x", "batch_size", "verbose", "steps", "callbacks", "max_queue_size", "workers",
        "use_multiprocessing",
    ),
}

#: builtins that return an iterator which is not a generator
BUILTIN_ITERATORS = frozenset({"iter", "map", "filter", "zip"})
#: itertools functions whose result is an iterator which is not a generator
ITERTOOLS_ITERATORS = frozenset(
    {
        "accumulate", "batched", "chain", "combinations", "combinations_with_replacement",
        "compress", "count", "cycle", "dropwhile", "filterfalse", "groupby", "islice",
        "pairwise", "permutations", "product", "repeat", "starmap", "takewhile", "zip_longest",
    }
)

KERAS_DATASET_BASES = frozenset({"Sequence", "PyDataset"})


class _Unbound:
    def __repr__(self) -> str:  # pragma: no cover
        return "UNBOUND"


UNBOUND = _Unbound()


@dataclass(frozen=True, eq=False)
class Source:
    """What a data argument provably is."""

    kind: str  # generator-call | generator-function | dataset | iterator | iterator-class | genexp | unknown
    function: Optional[FunctionFacts] = None
    cls: Optional[ClassFacts] = None
    description: str = ""


UNKNOWN = Source("unknown")


@dataclass(eq=False)
class TrainingCall:
    site: CallSite
    module: ModuleFacts
    method: str
    mode: str
    args: Dict[str, cst.Arg]  # canonical parameter name -> argument
    has_star: bool  # *args / **kwargs hide what is passed

    @property
    def node(self) -> cst.Call:
        return self.site.node

    @property
    def legacy(self) -> bool:
        return self.method.endswith("_generator")

    @property
    def receiver_code(self) -> str:
        return self.module.code(self.node.func.value)  # type: ignore[union-attr]


@dataclass(eq=False)
class Link:
    call: TrainingCall
    role: str  # "x" or "validation_data"
    arg: cst.Arg
    source: Source

    @property
    def steps_keyword(self) -> str:
        if self.role == "validation_data":
            return "validation_steps"
        return "steps_per_epoch" if self.call.mode == "fit" else "steps"


class _OpaqueBase(Exception):
    """A base class that is not a project class: it may define any method."""


class _AttributeAssignments(cst.CSTVisitor):
    """Whether ``<something>.<attr>`` is assigned (or ``setattr`` called); with ``attr``
    None, every attribute name assigned (``names``) and whether ``setattr`` is called."""

    def __init__(self, attr: Optional[str]) -> None:
        super().__init__()
        self.attr = attr
        self.found = False
        self.names: set = set()
        self.setattr = False

    def _target(self, node: cst.BaseExpression) -> None:
        if isinstance(node, cst.Attribute):
            self.names.add(node.attr.value)
            if node.attr.value == self.attr:
                self.found = True
        elif isinstance(node, (cst.Tuple, cst.List)):
            for e in node.elements:
                self._target(e.value)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._target(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._target(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._target(node.target)

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Name) and node.func.value == "setattr":
            self.found = True
            self.setattr = True


def _assigns_attribute(node: cst.CSTNode, attr: str) -> bool:
    """Whether the code under ``node`` assigns ``<something>.<attr>`` (or calls ``setattr``)."""
    v = _AttributeAssignments(attr)
    walk(v, node)  # libcst's visit, without rebuilding the tree
    return v.found


def assigned_attributes(cls: ClassFacts) -> Tuple[frozenset, bool]:
    """(every ``<something>.<attr>`` name assigned in the class, whether it calls
    ``setattr``): one walk of the class, kept on its facts, however many attributes are
    asked about.  ``_assigns_attribute(cls.node, attr)`` is ``attr in names or setattr``."""
    if cls.assigned is None:
        v = _AttributeAssignments(None)
        walk(v, cls.node)
        cls.assigned = (frozenset(v.names), v.setattr)
    return cls.assigned


def _class_assigns(cls: ClassFacts, attr: str) -> bool:
    names, setattr_ = assigned_attributes(cls)
    return setattr_ or attr in names


def _canonical_keyword(name: str) -> str:
    if name == api.LEGACY_DATA_KEYWORD:
        return "x"
    return api.SAFE_RENAMES.get(name) or api.SAMPLE_COUNT_RENAMES.get(name) or name


def _is_prefix(a: Tuple[int, ...], b: Tuple[int, ...]) -> bool:
    return len(a) <= len(b) and b[: len(a)] == a


def module_names_for(path: str) -> List[str]:
    """Dotted names a file may be imported as: every suffix of its path."""
    p = os.path.normpath(path)
    parts = [x for x in p.split(os.sep) if x and x not in (".", "..")]
    if not parts or not parts[-1].endswith(".py"):
        return []
    parts[-1] = parts[-1][:-3]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return [".".join(parts[i:]) for i in range(len(parts)) if all(x.isidentifier() for x in parts[i:])]


#: lazy mode: how much source (in characters) the facts of a session may cover before
#: the next file starts a new session, and how much of the dropped facts is kept for
#: reuse.  A module's facts (libcst tree, positions, scopes) take about 150 bytes of
#: memory per character of source, so each budget is about 60 MB.  (Parsing a module
#: takes far more for a moment: libcst's native parser peaks at about 800 bytes a
#: character, freed when it returns, so one 448 KB module's parse peaks near 370 MB;
#: see docs/performance.md, "Analyze memory (stop 11)".)
KEEP_CHARS = 400_000


@dataclass(frozen=True)
class LinkEntry:
    """One link module's part of the link index, worked out in a session of its own,
    with what it was worked out from: the modules loaded (``loaded``: whatever they
    hold may have changed the answer) and the prefilter's questions to the project's
    bytes (``naming``: words -> the paths that named them)."""

    keys: Tuple[tuple, ...]
    parses: bool
    loaded: frozenset
    naming: Dict[frozenset, Tuple[str, ...]]

    def holds_without(self, path: str, data: bytes) -> bool:
        """Whether the entry holds whatever the text of ``path`` (now ``data``) says,
        all else the same: it never loaded ``path``, and ``path`` names none of the
        words it asked about (then or now)."""
        from migrate_fitgen.analyze.prefilter import may_hold

        if path in self.loaded:
            return False
        return not any(path in paths or may_hold(data, words) for words, paths in self.naming.items())


def target_key(source: "Source") -> Optional[tuple]:
    """What a link's data is, named without its objects: (kind, path, line, name)."""
    if source.kind == "generator-call" and source.function is not None:
        return function_key(source.function)
    if source.kind == "dataset" and source.cls is not None:
        return class_key(source.cls)
    return None


def function_key(fn: FunctionFacts) -> tuple:
    return ("function", fn.path, fn.line, fn.qualname)


def class_key(cls: ClassFacts) -> tuple:
    return ("class", cls.path, cls.line, cls.name)


class AnalysisProject:
    """Every analysed module's facts, and the links between training calls and data.

    Eager (every module ``add``ed): all facts stay for the project's life.  Lazy (a
    ``loader`` and ``know``): facts are parsed when a question reaches them and held
    by a *session*; ``begin`` (once per analysed file) starts a new session when the
    current one covers more than ``keep`` characters of source, so that no tree outlives the
    questions about it.  Within a session a path always gives the same objects (the
    rules compare facts by identity); across sessions only keys travel (the link
    index is keyed by (path, line, qualified name))."""

    def __init__(self, rewrite_project=None, loader: Optional[Callable[[str], Optional[ModuleFacts]]] = None) -> None:
        #: the facts loaded so far (every module, when they were all ``add``ed)
        self.modules: Dict[str, ModuleFacts] = {}
        self.rewrite_project = rewrite_project
        #: a module's own name (the last part of each dotted name it may be imported
        #: as) -> its paths, in order; a dotted name -> the paths it may name, as asked
        #: (one entry per path, not one per suffix of its path: a 66,640-file tree's index
        #: took 34 MB in every worker); abspath -> path
        self._by_stem: Dict[str, List[str]] = {}
        self._by_dotted: Dict[str, List[str]] = {}
        self._by_abspath: Dict[str, str] = {}
        self._training: Dict[str, List[TrainingCall]] = {}
        #: path -> ``links_in`` of its facts in this session (asked once per generator
        #: body, per link index, per rule): the links of a module are worked out once
        self._links_of: Dict[str, Tuple[ModuleFacts, List[Link]]] = {}
        self._links: Optional[List[Link]] = None
        self._wrapped: Optional[List[Link]] = None
        self._receivers: Dict[str, object] = {}
        #: path -> ``KerasReceivers`` to use again if made over the same tree (the
        #: language server's, kept between changes while the project's summaries stay
        #: the same); when set, every one made here is added to it (None: nothing is
        #: kept beyond the session, so that no tree outlives the questions about it)
        self.kept_receivers: Optional[Dict[str, object]] = None
        self._by_scope: Dict[int, str] = {}
        #: lazy mode: ``loader(path)`` parses a known module on first use (None if it
        #: does not parse); ``_link_paths`` are the modules that may hold training calls
        self._loader = loader
        self._failed: set = set()
        self._link_paths: Optional[List[str]] = None
        self._paths: List[str] = []
        self._reader: Optional[Callable[[str], Optional[bytes]]] = None
        self._naming: Dict[frozenset, List[str]] = {}
        #: lazy mode: facts recently dropped from the session, for the next ones to reuse
        self._recent: "OrderedDict[str, ModuleFacts]" = OrderedDict()
        self.keep = KEEP_CHARS
        self._recent_chars = 0
        #: lazy mode: path -> (class key, ancestor keys, methods, assigned attributes,
        #: calls setattr) of each of its classes, for ``_overridden_below``
        self._class_links: Dict[str, List[tuple]] = {}
        #: lazy mode: link target key -> the link modules that hold a link to it
        self._index: Optional[Dict[tuple, List[str]]] = None
        #: lazy mode: class name -> the modules that may hold a class deriving from it
        self._subclasses: Dict[str, frozenset] = {}
        #: lazy mode: link module -> its target keys, known from an earlier analysis
        #: (``know_links``): ``link_index`` indexes only the other link modules
        self._known_links: Dict[str, Tuple[tuple, ...]] = {}
        #: lazy mode, with ``record_links`` (the language server's): link module -> what
        #: ``index_links`` found for it in a session of its own (``LinkEntry``): its keys
        #: and everything they were worked out from
        self.record_links = False
        self.link_entries: Dict[str, LinkEntry] = {}
        #: while one such entry is worked out: the paths loaded, the prefilter questions
        self._reads: Optional[Tuple[set, Dict[frozenset, Tuple[str, ...]]]] = None
        #: link module -> whether ``index_links`` found one of its own training calls
        #: given something the resolver knows (a generator, a dataset, an iterator...):
        #: without one, no call rule (FG005-FG007, FG107-FG109) reports on its calls
        self.gives_data: Dict[str, bool] = {}

    # building ---------------------------------------------------------------
    def _register(self, path: str) -> None:
        if path in ("-", "<stdin>"):
            return
        key = os.path.abspath(path)
        self._by_abspath[path if key == path else key] = path  # (the path's own string when it is one)
        names = module_names_for(path)
        if names:
            paths = self._by_stem.setdefault(names[-1], [])
            if path not in paths:
                paths.append(path)
                self._by_dotted.clear()

    def _paths_named(self, module: str) -> List[str]:
        """Every registered path ``module`` may name (``module_names_for``), in order."""
        found = self._by_dotted.get(module)
        if found is None:
            stem = module.rpartition(".")[2]
            found = [p for p in self._by_stem.get(stem, ()) if module in module_names_for(p)]
            self._by_dotted[module] = found
        return found

    def add(self, facts: ModuleFacts) -> None:
        self.modules[facts.path] = facts
        self._by_scope[id(facts.scope)] = facts.path
        self._links = None
        self._wrapped = None
        self._training.pop(facts.path, None)
        self._receivers.pop(facts.path, None)  # made over the tree this one replaces
        self._links_of.clear()  # a new module may change what any other module's names resolve to
        self._failed.discard(facts.path)
        self._register(facts.path)

    def add_source(self, path: str, text: str, module: Optional[cst.Module] = None) -> ModuleFacts:
        facts = collect(path, text, module)
        self.add(facts)
        return facts

    def know(
        self,
        paths: Sequence[str],
        link_paths: Sequence[str],
        reader: Optional[Callable[[str], Optional[bytes]]] = None,
    ) -> None:
        """Lazy mode: the modules of the project, parsed (by the loader) only when a
        question reaches them, and kept from then on so that the facts handed out stay
        the same objects.  ``link_paths``: the modules that may hold a training call;
        ``reader(path)``: a module's bytes, for the questions about every module
        (which subclass overrides a method) to skip the modules that cannot answer."""
        for path in paths:
            self._register(path)
        self._paths = list(paths)
        self._link_paths = list(link_paths)
        self._reader = reader
        self._naming = {}
        self._subclasses = {}
        self._links_of.clear()
        self._links = None
        self._wrapped = None
        self._index = None

    # sessions (lazy mode) -------------------------------------------------------
    @property
    def lazy(self) -> bool:
        return self._loader is not None and self._link_paths is not None

    def _state(self) -> tuple:
        return (self.modules, self._by_scope, self._training, self._receivers, self._links_of)

    def _set_state(self, state: tuple) -> None:
        self.modules, self._by_scope, self._training, self._receivers, self._links_of = state

    def begin(self) -> None:
        """Lazy mode, before each analysed file: drop the session's facts if they cover
        more than ``keep`` characters (they stay reusable among the recent ones)."""
        if self.lazy and sum(len(f.text) for f in self.modules.values()) > self.keep:
            self._set_state(({}, {}, {}, {}, {}))

    @contextmanager
    def _scratch(self, inherit: bool) -> Iterator[None]:
        """A session whose loads are dropped at the end: on top of the current one
        (``inherit``: its facts are the same objects), or a fresh one."""
        saved = self._state()
        if inherit:
            self._set_state(tuple(ChainMap({}, m) for m in saved))
        else:
            self._set_state(({}, {}, {}, {}, {}))
        try:
            yield
        finally:
            self._set_state(saved)

    def _modules_naming(self, words: Tuple[str, ...]) -> List[ModuleFacts]:
        """Every module that may name one of ``words`` (all of them when eager)."""
        if self._loader is None or self._reader is None:
            return list(self.modules.values())
        loaded = (self.load(p) for p in self._paths_naming(words))
        return [m for m in loaded if m is not None]

    def _paths_naming(self, words: Tuple[str, ...]) -> List[str]:
        key = frozenset(words)
        paths = self._naming.get(key)
        if paths is None:
            from migrate_fitgen.analyze.prefilter import may_hold

            paths = []
            for path in self._paths:
                data = self._reader(path) if self._reader is not None else None
                if data is not None and may_hold(data, key):
                    paths.append(path)
            self._naming[key] = paths
        if self._reads is not None:
            self._reads[1][key] = tuple(paths)
        return paths

    def load(self, path: str) -> Optional[ModuleFacts]:
        """The facts of a known module, parsing it now if need be; None if it does not parse."""
        if self._reads is not None:
            self._reads[0].add(path)
        facts = self.modules.get(path)
        if facts is not None or self._loader is None or path in self._failed:
            return facts
        facts = self._recent.pop(path, None)
        if facts is None:
            facts = self._loader(path)
            if facts is None:
                self._failed.add(path)
                return None
        else:
            self._recent_chars -= len(facts.text)
        self._recent[path] = facts
        self._recent_chars += len(facts.text)
        while self._recent_chars > self.keep and self._recent:
            self._recent_chars -= len(self._recent.popitem(last=False)[1].text)
        # not ``add``: the module was part of the project all along, links stay valid
        self.modules[path] = facts
        self._by_scope[id(facts.scope)] = path
        return facts

    # modules ----------------------------------------------------------------
    def find_module(self, importer: ModuleFacts, module: str, level: int) -> Optional[ModuleFacts]:
        if level == 0:
            found: Optional[ModuleFacts] = None
            for path in self._paths_named(module):
                facts = self.load(path)
                if facts is None:
                    continue
                if found is not None:
                    return None  # ambiguous: two modules that parse have that name
                found = facts
            return found
        if importer.path in ("-", "<stdin>"):
            return None
        base = os.path.dirname(os.path.abspath(importer.path))
        for _ in range(level - 1):
            base = os.path.dirname(base)
        parts = [p for p in module.split(".") if p]
        stem = os.path.join(base, *parts) if parts else base
        for cand in (stem + ".py", os.path.join(stem, "__init__.py")):
            path = self._by_abspath.get(os.path.normpath(cand))
            if path:
                facts = self.load(path)
                if facts is not None:
                    return facts
        return None

    # names ------------------------------------------------------------------
    def lookup(self, name: str, scope: Scope, pos: Pos, blocks: Tuple[int, ...]):
        """The binding of ``name`` that reaches ``pos``; ``UNBOUND`` for a name bound
        nowhere (a builtin); None when it cannot be told."""
        s: Optional[Scope] = scope
        first = True
        while s is not None:
            if s.kind == "class" and not first:
                s = s.parent
                continue
            if name in s.globals:
                while s.parent is not None:
                    s = s.parent
                first = False
            binds = s.bindings.get(name)
            if binds:
                if first:
                    before = [b for b in binds if b.pos < pos]
                    if not before:
                        return None
                    b = max(before, key=lambda b: b.pos)
                    return b if _is_prefix(b.blocks, blocks) else None
                if s.kind == "module":
                    if any(b.blocks for b in binds):
                        return None
                    return max(binds, key=lambda b: b.pos)
                return binds[0] if len(binds) == 1 else None
            if s.kind != "comprehension":
                first = False
            s = s.parent
        return UNBOUND

    def module_symbol(self, facts: ModuleFacts, name: str):
        return self.lookup(name, facts.scope, END, ())

    def _import_target(self, facts: ModuleFacts, b: Binding):
        """(module facts, symbol or None for the module itself) of a project import."""
        if b.import_name is None:  # import a.b [as c]
            target = self.find_module(facts, b.import_module or "", 0)
            return (target, None) if target else None
        sub = ".".join(p for p in (b.import_module, b.import_name) if p)
        as_module = self.find_module(facts, sub, b.import_level)
        if as_module is not None:
            return as_module, None
        target = self.find_module(facts, b.import_module or "", b.import_level)
        if target is None or target is facts:
            return None
        return target, b.import_name

    def qualified(self, facts: ModuleFacts, expr: cst.BaseExpression, scope: Scope, pos: Pos, blocks) -> Optional[str]:
        """The imported dotted name an expression refers to (``keras.utils.Sequence``)."""
        name = dotted(expr)
        if not name:
            return None
        head, _, rest = name.partition(".")
        b = self.lookup(head, scope, pos, blocks)
        if not isinstance(b, Binding) or b.kind != "import":
            return None
        base = b.import_module or ""
        if b.import_name is not None:
            if b.import_level:
                return None
            base = f"{base}.{b.import_name}" if base else b.import_name
        return f"{base}.{rest}" if rest else base

    # classes ------------------------------------------------------------------
    def class_of(self, facts: ModuleFacts, expr: cst.BaseExpression, scope: Scope, pos: Pos, blocks, depth: int = 0):
        """The ``ClassFacts`` (or FunctionFacts) a callee expression names, or None."""
        target = self.callee(facts, expr, scope, pos, blocks, depth)
        return target[1] if target and target[0] in ("class", "function") else None

    def is_dataset_class(self, cls: ClassFacts) -> bool:
        return self.dataset_kind(cls) is not None

    def dataset_kind(self, cls: ClassFacts, seen: Tuple[int, ...] = ()) -> Optional[str]:
        """The qualified Keras base it derives from (``keras.utils.PyDataset``), or None."""
        facts = self.modules.get(cls.path)
        if facts is None or id(cls) in seen:
            return None
        for base in cls.bases:
            q = self.qualified(facts, base, cls.outer, facts.start(cls.node), ())
            if q:
                parts = q.split(".")
                if parts[0] in api.KERAS_PACKAGES and parts[-1] in KERAS_DATASET_BASES:
                    return q
            target = self.callee(facts, base, cls.outer, facts.start(cls.node), ())
            if target and target[0] == "class":
                kind = self.dataset_kind(target[1], (*seen, id(cls)))
                if kind:
                    return kind
        return None

    def is_iterator_class(self, cls: ClassFacts) -> bool:
        """Instances are iterators or iterables but provably not generator objects, so
        Keras 3 rejects them: ``cls`` and all its bases are project classes (or
        ``object``), not a ``PyDataset``/``Sequence``, one of them defines ``__iter__``
        or ``__next__``, and none can make an instance something else (``__new__``, a
        metaclass, a class decorator other than ``dataclass``) or look like an array to
        Keras (``__array__``, ``__getattr__``)."""
        if self.is_dataset_class(cls):
            return False
        chain = self.project_hierarchy(cls)
        if chain is None:
            return False
        names = set().union(*(c.scope.bindings for c in chain))
        if not names & {"__iter__", "__next__"}:
            return False
        return not names & {"__new__", "__array__", "__getattr__", "__getattribute__", "__class_getitem__"}

    def project_hierarchy(self, cls: ClassFacts, depth: int = 0) -> Optional[List[ClassFacts]]:
        """``cls`` and every ancestor when all are plain project classes, else None."""
        facts = self.modules.get(cls.path)
        if facts is None or depth > 8 or cls.node.keywords:
            return None
        for d in cls.node.decorators:
            name = dotted(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator) or ""
            if name not in ("dataclass", "dataclasses.dataclass"):
                return None
        out = [cls]
        for base in cls.node.bases:
            if base.star or base.keyword is not None:
                return None
            if isinstance(base.value, cst.Name) and base.value.value == "object":
                continue
            target = self.callee(facts, base.value, cls.outer, facts.start(cls.node), ())
            if not target or target[0] != "class" or target[1] is cls:
                return None
            above = self.project_hierarchy(target[1], depth + 1)
            if above is None:
                return None
            out.extend(above)
        return out

    # methods --------------------------------------------------------------------
    def self_method(self, b: Binding, attr: str) -> Optional[FunctionFacts]:
        """The method ``self.<attr>`` calls, where ``b`` is the binding of ``self`` (the
        first parameter of a plain method): the class's own method, or one inherited
        along a chain of single project bases.  None when a subclass overrides it, an
        instance attribute may shadow it, a base is not a project class, or either
        method is decorated (a ``staticmethod``/``classmethod``/``property``...)."""
        fn = b.scope.function
        if fn is None or fn.cls is None or fn.node.decorators or attr.startswith("__"):
            return None
        params = [*fn.node.params.posonly_params, *fn.node.params.params]
        if not params or params[0].name.value != b.name:
            return None
        method = self.class_method(fn.cls, attr)
        if method is None or self._overridden_below(fn.cls, attr):
            return None
        return method

    def class_method(self, cls: ClassFacts, attr: str) -> Optional[FunctionFacts]:
        """The plain method ``<instance of exactly cls>.<attr>`` calls: the class's own
        ``def``, or one inherited along a chain of single project bases.  None when an
        instance attribute may shadow it, a base is not a project class, or the method
        is decorated (a ``staticmethod``/``classmethod``/``property``...)."""
        if attr.startswith("__"):
            return None
        chain: List[ClassFacts] = []
        start: Optional[ClassFacts] = cls
        method = None
        try:
            while start is not None and len(chain) < 8:
                chain.append(start)
                binds = start.scope.bindings.get(attr)
                if binds:
                    # one plain `def` in the class body, nothing else bound to the name
                    if len(binds) == 1 and binds[0].kind == "def" and start.methods.get(attr) is not None:
                        method = start.methods[attr]
                    break
                start = self._single_project_base(start)
        except _OpaqueBase:
            return None
        if method is None or method.node.decorators:
            return None
        if any(_class_assigns(c, attr) for c in chain):
            return None
        return method

    def _single_project_base(self, cls: ClassFacts) -> Optional[ClassFacts]:
        """The one base of ``cls`` when it is a project class; None at ``object`` (or no
        base); raises ``_OpaqueBase`` for several bases or one from outside the project."""
        facts = self.modules.get(cls.path)
        bases = [x for x in cls.bases if not (isinstance(x, cst.Name) and x.value == "object")]
        if facts is None or not bases:
            return None
        if len(bases) != 1:
            raise _OpaqueBase
        target = self.callee(facts, bases[0], cls.outer, facts.start(cls.node), ())
        if not target or target[0] != "class":
            raise _OpaqueBase
        return target[1]

    def _ancestors(self, cls: ClassFacts, depth: int = 0) -> List[ClassFacts]:
        facts = self.modules.get(cls.path)
        if facts is None or depth > 8:
            return []
        out: List[ClassFacts] = []
        for base in cls.bases:
            target = self.callee(facts, base, cls.outer, facts.start(cls.node), ())
            if target and target[0] == "class" and target[1] is not cls:
                out.append(target[1])
                out.extend(self._ancestors(target[1], depth + 1))
        return out

    def _overridden_below(self, cls: ClassFacts, attr: str) -> bool:
        """Some project class deriving from ``cls`` defines or assigns ``attr``."""
        # a subclass that defines or assigns ``attr`` names it (or calls ``setattr``)
        if self.lazy:
            return self._overridden_below_lazy(cls, attr)
        for facts in self._modules_naming((attr, "setattr")):
            for other in facts.classes:
                if other is cls or cls not in self._ancestors(other):
                    continue
                if attr in other.methods or _class_assigns(other, attr):
                    return True
        return False

    def _overridden_below_lazy(self, cls: ClassFacts, attr: str) -> bool:
        """``_overridden_below`` with classes named by key: each module's classes are
        described once (``_class_links``), and the facts loaded for that are dropped."""
        key = class_key(cls)
        below = self._subclass_paths(cls.name)
        for path in self._paths_naming((attr, "setattr")):
            if path not in below:
                continue  # no class of it derives, by name, from ``cls``
            for other, ancestors, methods, assigned, setattr_ in self._classes_of(path):
                if other == key or key not in ancestors:
                    continue
                if attr in methods or attr in assigned or setattr_:
                    return True
        return False

    def _subclass_paths(self, name: str) -> frozenset:
        """The modules holding a class whose bases name, as a word, ``name`` or a class
        found so, by name, from the modules' bytes (``class_headers``): a superset of
        the modules where a class derives from one named ``name``, found without
        parsing, so that ``_classes_of`` parses only those."""
        found = self._subclasses.get(name)
        if found is not None:
            return found
        names = {name}
        frontier = {name}
        paths: set = set()
        while frontier:
            pattern = _words_pattern(frontier)
            new: set = set()
            for path in self._paths_naming(tuple(sorted(frontier))):
                data = self._reader(path) if self._reader is not None else None
                if data is None:
                    continue
                for cls_name, bases in class_headers(data):
                    if pattern.search(bases):
                        paths.add(path)
                        if cls_name not in names:
                            names.add(cls_name)
                            new.add(cls_name)
            frontier = new
        found = frozenset(paths)
        self._subclasses[name] = found
        return found

    def _classes_of(self, path: str) -> List[tuple]:
        found = self._class_links.get(path)
        if found is None:
            found = []
            with self._scratch(inherit=True):
                facts = self.load(path)
                for other in facts.classes if facts is not None else ():
                    names, setattr_ = assigned_attributes(other)
                    ancestors = frozenset(class_key(c) for c in self._ancestors(other))
                    found.append((class_key(other), ancestors, frozenset(other.methods), names, setattr_))
            self._class_links[path] = found
        return found

    # resolution -----------------------------------------------------------------
    def callee(self, facts: ModuleFacts, func: cst.BaseExpression, scope: Scope, pos: Pos, blocks, depth: int = 0):
        """("function", FunctionFacts) | ("class", ClassFacts) | ("iterator", description) | None."""
        if depth > 8:
            return None
        if isinstance(func, cst.Name):
            b = self.lookup(func.value, scope, pos, blocks)
            if b is UNBOUND:
                return ("iterator", f"{func.value}(...)") if func.value in BUILTIN_ITERATORS else None
            return self._binding_callee(facts, b, depth)
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Call):
            # `Generator().make(20)`: a method of an instance of exactly that class
            return self._instance_method(facts, func.value, func.attr.value, scope, pos, blocks, depth)
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
            b = self.lookup(func.value.value, scope, pos, blocks)
            if isinstance(b, Binding) and b.kind == "param":
                method = self.self_method(b, func.attr.value)
                return ("function", method) if method is not None else None
            if isinstance(b, Binding) and b.kind == "assign" and isinstance(b.value, cst.Call):
                # `g = Generator()` then `g.make(20)`
                owner = self._owner(b)
                if owner is None:
                    return None
                return self._instance_method(
                    owner, b.value, func.attr.value, b.scope, owner.start(b.value), b.blocks, depth)
            if not isinstance(b, Binding) or b.kind != "import":
                return None
            attr = func.attr.value
            if b.import_name is None and (b.import_module or "") == "itertools":
                if attr in ITERTOOLS_ITERATORS:
                    return ("iterator", f"itertools.{attr}(...)")
                return None
            target = self._import_target(facts, b)
            if target and target[1] is None:
                other = target[0]
                return self._binding_callee(other, self.module_symbol(other, attr), depth + 1)
        return None

    def _instance_method(self, facts: ModuleFacts, made: cst.Call, attr: str, scope: Scope, pos: Pos, blocks, depth: int):
        """("function", method) for ``<made>.<attr>`` where ``made`` provably constructs
        a project class, else None."""
        target = self.callee(facts, made.func, scope, pos, blocks, depth + 1)
        if not target or target[0] != "class":
            return None
        method = self.class_method(target[1], attr)
        return ("function", method) if method is not None else None

    def _binding_callee(self, facts: ModuleFacts, b, depth: int):
        if not isinstance(b, Binding):
            return None
        if b.kind == "def":
            owner = self._owner(b)
            return ("function", owner.function_by_node[b.node]) if owner else None
        if b.kind == "class":
            owner = self._owner(b)
            return ("class", owner.class_by_node[b.node]) if owner else None
        if b.kind == "import":
            if b.import_name is not None and b.import_level == 0 and b.import_module == "itertools":
                if b.import_name in ITERTOOLS_ITERATORS:
                    return ("iterator", f"itertools.{b.import_name}(...)")
                return None
            target = self._import_target(facts, b)
            if target and target[1] is not None:
                other, name = target
                return self._binding_callee(other, self.module_symbol(other, name), depth + 1)
            return None
        if b.kind == "assign" and isinstance(b.value, (cst.Name, cst.Attribute)) and depth < 8:
            owner = self._owner(b)
            if owner is None:
                return None
            return self.callee(owner, b.value, b.scope, owner.start(b.value), b.blocks, depth + 1)
        if b.kind == "assign" and isinstance(b.value, cst.Call) and depth < 8:
            # `make = functools.partial(gen, ...)`: calling `make` calls `gen`
            owner = self._owner(b)
            if owner is None:
                return None
            inner = self._partial_target(owner, b.value, b.scope, owner.start(b.value), b.blocks)
            if inner is not None:
                return self.callee(owner, inner, b.scope, owner.start(b.value), b.blocks, depth + 1)
        return None

    def _partial_target(self, facts: ModuleFacts, call: cst.Call, scope: Scope, pos: Pos, blocks) -> Optional[cst.BaseExpression]:
        """The function a ``functools.partial(f, ...)`` call wraps, or None."""
        if not call.args or call.args[0].keyword is not None or call.args[0].star:
            return None
        q = self.qualified(facts, call.func, scope, pos, blocks)
        return call.args[0].value if q == "functools.partial" else None

    def _owner(self, b: Binding) -> Optional[ModuleFacts]:
        s = b.scope
        while s.parent is not None:
            s = s.parent
        path = self._by_scope.get(id(s))
        return self.modules.get(path) if path else None

    def resolve(self, facts: ModuleFacts, expr: cst.BaseExpression, scope: Scope, pos: Pos, blocks, depth: int = 0) -> Source:
        """What the value of ``expr`` provably is."""
        if depth > 8:
            return UNKNOWN
        if isinstance(expr, cst.GeneratorExp):
            return Source("genexp")
        if isinstance(expr, cst.Name):
            b = self.lookup(expr.value, scope, pos, blocks)
            return self._resolve_binding(facts, b, depth)
        if isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name):
            b = self.lookup(expr.value.value, scope, pos, blocks)
            if isinstance(b, Binding) and b.kind == "param":
                method = self.self_method(b, expr.attr.value)
                if method is not None and method.is_generator:
                    return Source("generator-function", function=method)
            return UNKNOWN
        if isinstance(expr, cst.Call):
            target = self.callee(facts, expr.func, scope, pos, blocks, depth)
            if target is None:
                return UNKNOWN
            kind, obj = target
            if kind == "iterator":
                if obj == "iter(...)" and not self._provably_container(facts, expr, scope, pos, blocks):
                    return UNKNOWN  # iter() of a generator, or of a generator-based iterable
                return Source("iterator", description=obj)
            if kind == "function":
                if obj.is_generator:
                    return Source("generator-call", function=obj)
                return self._factory_source(obj, depth)
            if kind == "class":
                if self.is_dataset_class(obj):
                    return Source("dataset", cls=obj)
                if self.is_iterator_class(obj):
                    return Source("iterator-class", cls=obj)
        return UNKNOWN

    def _factory_source(self, fn: FunctionFacts, depth: int) -> Source:
        """A plain function every ``return`` of which gives the same generator object
        (``def make_train_gen(...): return batches(x, y, 32)``): calling it gives that."""
        owner = self.modules.get(fn.path)
        if owner is None or fn.node.decorators or not fn.returns or depth > 6:
            return UNKNOWN
        found: Optional[Source] = None
        for r in fn.returns:
            value = r.node.value  # type: ignore[attr-defined]
            if value is None:
                return UNKNOWN
            if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and isinstance(
                    value.func.value, cst.Call):
                # ``return Generator().make()``: not followed from a factory (the ``ast``
                # closure reads returns without instances' methods: following them by
                # name kept three times as many modules for no finding)
                return UNKNOWN
            src = self.resolve(owner, value, fn.scope, r.pos, r.blocks, depth + 1)
            if src.kind != "generator-call" or (found is not None and found.function is not src.function):
                return UNKNOWN
            found = src
        return found or UNKNOWN

    def _provably_container(self, facts, call: cst.Call, scope, pos, blocks, depth: int = 0) -> bool:
        """``iter(arg)`` where ``arg`` is a list, tuple, set, dict, string or range: a plain
        iterator (``iter`` of a generator object returns the generator itself)."""
        if len(call.args) != 1 or call.args[0].star or call.args[0].keyword is not None:
            return False
        return self._container(call.args[0].value, scope, pos, blocks, depth)

    def _container(self, arg: cst.BaseExpression, scope, pos, blocks, depth: int = 0) -> bool:
        """A builtin container provably: a display, a string, ``list(...)``/``range(...)``...,
        ``[...] * n``, ``a + b`` of two containers, or a name whose straight-line binding
        is one of those."""
        if depth > 6:
            return False
        if isinstance(arg, cst.Name):
            b = self.lookup(arg.value, scope, pos, blocks)
            if not isinstance(b, Binding) or b.kind != "assign" or b.value is None:
                return False
            owner = self._owner(b)
            if owner is None:
                return False
            return self._container(b.value, b.scope, owner.start(b.value), b.blocks, depth + 1)
        if isinstance(arg, (cst.List, cst.Tuple, cst.Set, cst.Dict, cst.ListComp, cst.SetComp, cst.DictComp)):
            return True
        if isinstance(arg, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
            return True
        if isinstance(arg, cst.Call) and isinstance(arg.func, cst.Name):
            if arg.func.value in ("range", "list", "tuple", "sorted", "set", "dict", "str"):
                return self.lookup(arg.func.value, scope, pos, blocks) is UNBOUND
            return False
        if isinstance(arg, cst.BinaryOperation):
            left, right = arg.left, arg.right
            if isinstance(arg.operator, cst.Add):
                return self._container(left, scope, pos, blocks, depth + 1) and self._container(
                    right, scope, pos, blocks, depth + 1
                )
            if isinstance(arg.operator, cst.Multiply):
                for seq, n in ((left, right), (right, left)):
                    if self._int_like(n, scope, pos, blocks) and self._container(seq, scope, pos, blocks, depth + 1):
                        return True
        return False

    def _int_like(self, node: cst.BaseExpression, scope, pos, blocks) -> bool:
        """An ``int`` provably: a literal, ``len(...)``, or a name bound to a literal."""
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "len":
            return self.lookup("len", scope, pos, blocks) is UNBOUND
        return self.int_value(None, node, scope, pos, blocks) is not None

    def non_keras_legacy_calls(self, facts: ModuleFacts) -> List[cst.Call]:
        """Legacy ``*_generator`` calls whose receiver is provably not Keras."""
        out = []
        for site in facts.calls:
            func = site.node.func
            if isinstance(func, cst.Attribute) and func.attr.value in api.METHODS:
                if not self._is_keras_call(facts, site):
                    out.append(site.node)
        return out

    def _resolve_binding(self, facts: ModuleFacts, b, depth: int) -> Source:
        if not isinstance(b, Binding):
            return UNKNOWN
        owner = self._owner(b)
        if owner is None:
            return UNKNOWN
        if b.kind == "assign" and b.value is not None:
            return self.resolve(owner, b.value, b.scope, owner.start(b.value), b.blocks, depth + 1)
        if b.kind == "def":
            fn = owner.function_by_node.get(b.node)
            if fn is not None and fn.is_generator:
                return Source("generator-function", function=fn)
            return UNKNOWN
        if b.kind == "import":
            target = self._import_target(owner, b)
            if target and target[1] is not None:
                other, name = target
                return self._resolve_binding(other, self.module_symbol(other, name), depth + 1)
        return UNKNOWN

    def int_value(self, facts: ModuleFacts, expr: Optional[cst.BaseExpression], scope: Scope, pos: Pos, blocks, depth: int = 0) -> Optional[int]:
        if expr is None or depth > 4:
            return None
        if isinstance(expr, cst.Integer):
            return int(expr.evaluated_value)
        if isinstance(expr, cst.Name):
            b = self.lookup(expr.value, scope, pos, blocks)
            if isinstance(b, Binding) and b.kind == "assign" and b.value is not None:
                owner = self._owner(b)
                if owner is not None:
                    return self.int_value(owner, b.value, b.scope, owner.start(b.value), b.blocks, depth + 1)
        return None

    # training calls ------------------------------------------------------------------
    def receivers(self, facts: ModuleFacts):
        """The module's ``KerasReceivers`` over its facts' tree (made once per session;
        the rewrite's findings pass takes the same one)."""
        return self._keras_receivers(facts)

    def _keras_receivers(self, facts: ModuleFacts):
        if facts.path not in self._receivers:
            kept = self.kept_receivers.get(facts.path) if self.kept_receivers is not None else None
            if kept is not None and kept.wrapper is facts.wrapper:  # type: ignore[attr-defined]
                self._receivers[facts.path] = kept
                return kept
            try:
                from migrate_fitgen.keras_receivers import KerasReceivers
            except ImportError:  # pragma: no cover - the lead's module is part of the package
                self._receivers[facts.path] = None
            else:
                made = KerasReceivers(facts.wrapper, self.rewrite_project, facts.path, facts.text)
                self._receivers[facts.path] = made
                if self.kept_receivers is not None:
                    self.kept_receivers[facts.path] = made
        return self._receivers[facts.path]

    def _is_keras_call(self, facts: ModuleFacts, site: CallSite) -> bool:
        receivers = self._keras_receivers(facts)
        call = site.node
        func = call.func
        assert isinstance(func, cst.Attribute)
        if receivers is not None and not receivers.verdict(call).is_keras:  # type: ignore[attr-defined]
            return False
        # The receiver's own constructor, when the name provably holds one.
        if isinstance(func.value, cst.Name) and func.value.value != "self":
            b = self.lookup(func.value.value, site.scope, site.pos, site.blocks)
            if isinstance(b, Binding) and b.kind == "assign" and isinstance(b.value, cst.Call):
                target = self.callee(facts, b.value.func, b.scope, facts.start(b.value), b.blocks)
                if target and target[0] == "class":
                    cls = target[1]
                    if func.attr.value in cls.methods and not self._derives_from_keras_model(cls):
                        return False
                if receivers is not None:
                    probe = cst.Call(func=cst.Attribute(value=b.value, attr=func.attr))
                    if not receivers.verdict(probe).is_keras:  # type: ignore[attr-defined]
                        return False
        return True

    def _derives_from_keras_model(self, cls: ClassFacts) -> bool:
        facts = self.modules.get(cls.path)
        if facts is None:
            return False
        for base in cls.bases:
            q = self.qualified(facts, base, cls.outer, facts.start(cls.node), ()) or ""
            if q.split(".")[0] in api.KERAS_PACKAGES:
                return True
        return False

    def training_calls(self, facts: ModuleFacts) -> List[TrainingCall]:
        if facts.path in self._training:
            return self._training[facts.path]
        out: List[TrainingCall] = []
        for site in facts.calls:
            func = site.node.func
            if not isinstance(func, cst.Attribute) or func.attr.value not in TRAINING_METHODS:
                continue
            if not self._is_keras_call(facts, site):
                continue
            method = func.attr.value
            mode = TRAINING_METHODS[method]
            order = api.POSITIONAL_MODERN[method] if method in api.METHODS else NEW_POSITIONAL[mode]
            args: Dict[str, cst.Arg] = {}
            has_star = False
            index = 0
            for arg in site.node.args:
                if arg.star:
                    has_star = True
                    continue
                if arg.keyword is not None:
                    args.setdefault(_canonical_keyword(arg.keyword.value), arg)
                else:
                    if index < len(order):
                        args.setdefault(_canonical_keyword(order[index]), arg)
                    index += 1
            out.append(TrainingCall(site, facts, method, mode, args, has_star))
        self._training[facts.path] = out
        return out

    def links_in(self, facts: ModuleFacts) -> List[Link]:
        """Every training call of the module with each data argument it is given (the
        list is the session's: callers must not change it)."""
        found = self._links_of.get(facts.path)
        if found is not None and found[0] is facts:
            return found[1]
        out = self._links_in(facts)
        self._links_of[facts.path] = (facts, out)
        return out

    def _links_in(self, facts: ModuleFacts) -> List[Link]:
        out = []
        for call in self.training_calls(facts):
            if _foreign_keyword(call):
                continue  # a library's own `fit_generator(..., checkpoint_interval=0)`
            roles = ("x", "validation_data") if call.mode == "fit" else ("x",)
            for role in roles:
                arg = call.args.get(role)
                if arg is None:
                    continue
                s = call.site
                source = self.resolve(facts, arg.value, s.scope, s.pos, s.blocks)
                out.append(Link(call, role, arg, source))
        return out

    def all_links(self) -> List[Link]:
        if self._links is None:
            links: List[Link] = []
            if self._link_paths is None:
                modules = list(self.modules.values())
            else:
                loaded = (self.load(p) for p in self._link_paths)
                modules = [m for m in loaded if m is not None]
            for facts in modules:
                links.extend(self.links_in(facts))
            self._links = links
        return self._links

    def link_index(self) -> Dict[tuple, List[str]]:
        """Lazy mode: ``target_key`` -> the link modules (in ``know``'s order) with a
        link to it.  Made once, module by module in sessions of its own."""
        if self._index is None:
            paths = self._link_paths or ()
            known = [(p, self._known_links[p]) for p in paths if p in self._known_links]
            self.set_link_index(self.index_links([p for p in paths if p not in self._known_links]) + known)
        return self._index  # type: ignore[return-value]

    def know_links(self, entries: Mapping[str, Sequence[tuple]]) -> None:
        """Lazy mode, after ``know``: the link-index keys of some link modules, from an
        earlier analysis of the same project whose ``LinkEntry`` still holds (the
        language server's, between two changes of one document)."""
        self._known_links = {p: tuple(tuple(k) for k in keys) for p, keys in entries.items()}
        self._index = None

    def index_links(self, paths: Sequence[str]) -> List[Tuple[str, List[tuple]]]:
        """(path, target keys of its links) for each of ``paths`` that parses.  A module
        the current session holds (the file being analysed) is answered from it, with
        the links its rules ask for too; the others in sessions of their own."""
        held = {p: self.modules[p] for p in paths if p in self.modules}
        found: Dict[str, List[tuple]] = {}
        with self._scratch(inherit=False):
            for path in paths:
                if path in held:
                    continue
                self.begin()
                self._reads = (set(), {}) if self.record_links else None
                try:
                    facts = self.load(path)
                    if facts is not None:
                        found[path] = self._link_keys(facts)
                    reads = self._reads
                finally:
                    self._reads = None
                if reads is not None:
                    self.link_entries[path] = LinkEntry(
                        tuple(found.get(path, ())), path in found, frozenset(reads[0]), reads[1]
                    )
        for path, facts in held.items():
            found[path] = self._link_keys(facts)
        return [(p, found[p]) for p in paths if p in found]

    def _link_keys(self, facts: ModuleFacts) -> List[tuple]:
        links = self.links_in(facts)
        self.gives_data[facts.path] = any(lk.source.kind != UNKNOWN.kind for lk in links)
        keys = [target_key(lk.source) for lk in links]
        keys += [target_key(lk.source) for lk in self._wrapped_in(links)]
        return sorted({k for k in keys if k is not None})

    def set_link_index(self, per_module: Sequence[Tuple[str, Sequence[tuple]]]) -> None:
        order = {p: i for i, p in enumerate(self._link_paths or ())}
        index: Dict[tuple, List[str]] = {}
        for path, keys in sorted(per_module, key=lambda pk: order.get(pk[0], len(order))):
            for key in keys:
                index.setdefault(tuple(key), []).append(path)
        self._index = index

    def _links_to(self, key: tuple) -> List[Link]:
        loaded = (self.load(p) for p in self.link_index().get(key, ()))
        return [lk for facts in loaded if facts is not None for lk in self.links_in(facts)]

    def links_to_function(self, fn: FunctionFacts) -> List[Link]:
        """The training calls given a call of ``fn``, directly or inside a thread-safety
        wrapper (``threadsafe_iter(gen(...))``, a project iterator class around it)."""
        key = function_key(fn)
        links = self._links_to(key) if self.lazy else self.all_links()
        direct = [lk for lk in links if lk.source.kind == "generator-call" and lk.source.function is fn]
        wrapped = self._wrapped_in(links) if self.lazy else self.wrapped_links()
        return direct + [lk for lk in wrapped if function_key(lk.source.function) == key]

    def wrapped_links(self) -> List[Link]:
        """A link for the generator inside each wrapper a training call is given; the
        call-level rules do not see these (``all_links`` does not hold them)."""
        if self._wrapped is None:
            self._wrapped = self._wrapped_in(self.all_links())
        return self._wrapped

    def _wrapped_in(self, links: Sequence[Link]) -> List[Link]:
        out: List[Link] = []
        for lk in links:
            if lk.source.kind == "generator-call":
                continue
            s = lk.call.site
            inner = self._wrapped_generator(lk.call.module, lk.arg.value, s.scope, s.pos, s.blocks)
            if inner is not None:
                out.append(Link(lk.call, lk.role, lk.arg, inner))
        return out

    def _wrapped_generator(self, facts: ModuleFacts, expr: cst.BaseExpression, scope: Scope, pos: Pos, blocks, depth: int = 0) -> Optional[Source]:
        if depth > 6:
            return None
        if isinstance(expr, cst.Name):
            b = self.lookup(expr.value, scope, pos, blocks)
            if not isinstance(b, Binding) or b.kind != "assign" or b.value is None:
                return None
            owner = self._owner(b)
            if owner is None:
                return None
            return self._wrapped_generator(owner, b.value, b.scope, owner.start(b.value), b.blocks, depth + 1)
        if not isinstance(expr, cst.Call):
            return None
        positional = [a for a in expr.args if a.keyword is None and not a.star]
        if len(positional) != 1 or not self._is_wrapper(facts, expr.func, scope, pos, blocks):
            return None
        src = self.resolve(facts, positional[0].value, scope, pos, blocks)
        return src if src.kind == "generator-call" else None

    def _is_wrapper(self, facts: ModuleFacts, func: cst.BaseExpression, scope: Scope, pos: Pos, blocks) -> bool:
        """A thread-safety wrapper by name (``threadsafe_iter``, ``ThreadSafeIterator``),
        or a project iterator class (one that defines ``__next__``/``__iter__``)."""
        name = (dotted(func) or "").split(".")[-1].lower().replace("_", "")
        if "threadsafe" in name:
            return True
        target = self.callee(facts, func, scope, pos, blocks)
        return bool(target and target[0] == "class" and self.is_iterator_class(target[1]))

    def links_to_class(self, cls: ClassFacts) -> List[Link]:
        links = self._links_to(class_key(cls)) if self.lazy else self.all_links()
        return [lk for lk in links if lk.source.kind == "dataset" and lk.source.cls is cls]

    def compiled_with_loss(self, facts: ModuleFacts, receiver_code: str) -> bool:
        """Whether the module compiles the same receiver with a loss."""
        for site in facts.calls:
            func = site.node.func
            if isinstance(func, cst.Attribute) and func.attr.value == "compile":
                if facts.code(func.value) != receiver_code:
                    continue
                for i, arg in enumerate(site.node.args):
                    if (arg.keyword is not None and arg.keyword.value == "loss") or (
                        arg.keyword is None and not arg.star and i == 1
                    ):
                        return not (isinstance(arg.value, cst.Name) and arg.value.value == "None")
        return False


_CLASS_HEAD = re.compile(rb"^[ \t]*class[ \t]+([^\s(:]+)[ \t]*\(", re.MULTILINE)


def class_headers(data: bytes) -> List[Tuple[str, bytes]]:
    """(name, the text between its parentheses) of each ``class Name(...)`` header in a
    module's bytes, read without parsing: the parentheses are matched by counting, so
    a base that is a call or a subscript is read whole.  A header inside a string is
    read too (one module too many, never one too few)."""
    out = []
    for m in _CLASS_HEAD.finditer(data):
        depth, i = 1, m.end()
        while i < len(data) and depth:
            c = data[i]
            if c == 40:  # (
                depth += 1
            elif c == 41:  # )
                depth -= 1
            i += 1
        out.append((m.group(1).decode("utf-8", "replace"), data[m.end() : i]))
    return out


def _words_pattern(names) -> "re.Pattern[bytes]":
    from migrate_fitgen.words import alternation

    return re.compile(rb"(?<![\w])(?:" + alternation(n.encode("utf-8") for n in names) + rb")(?![\w])")


def _legacy_keywords(method: str) -> frozenset:
    names = set(api.POSITIONAL_MODERN[method]) | set(api.POSITIONAL_KERAS1[method])
    for _, order in api.POSITIONAL_KERAS2_VERSIONS[method]:
        names.update(order)
    return frozenset(names)


#: every keyword some Keras version's legacy method takes
LEGACY_KEYWORDS = {method: _legacy_keywords(method) for method in api.METHODS}


def _foreign_keyword(call: TrainingCall) -> bool:
    """A legacy call passes a keyword no Keras version of the method takes: it is some
    library's own ``fit_generator`` (the Keras receiver was only assumed)."""
    if not call.legacy:
        return False
    known = LEGACY_KEYWORDS[call.method]
    return any(arg.keyword is not None and arg.keyword.value not in known for arg in call.node.args)


def build_project(sources: Dict[str, str], rewrite_project=None) -> Tuple[AnalysisProject, Dict[str, str]]:
    """Facts of every source that parses; the others are returned with the reason."""
    from migrate_fitgen.sources import parse_module
    from migrate_fitgen.sources import SourceError

    project = AnalysisProject(rewrite_project)
    errors: Dict[str, str] = {}
    for path, text in sources.items():
        try:
            project.add_source(path, text, parse_module(text))
        except SourceError as exc:
            errors[path] = str(exc)
    return project, errors

