"""What a rule's ``check`` receives: one module, the project around it, the options."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Type

import libcst as cst

from migrate_fitgen.analyze.facts import FunctionFacts, ModuleFacts
from migrate_fitgen.analyze.generators import Body, bodies
from migrate_fitgen.analyze.project import AnalysisProject, Link
from migrate_fitgen.diagnostics import Diagnostic, Fix


@dataclass
class RuleContext:
    facts: ModuleFacts
    project: AnalysisProject
    target: str = "keras3"
    _links: Optional[List[Link]] = field(default=None, repr=False)
    _bodies: Optional[List[Body]] = field(default=None, repr=False)

    @property
    def path(self) -> str:
        return self.facts.path

    def links(self) -> List[Link]:
        """Every training call of this module with each data argument it is given."""
        if self._links is None:
            self._links = self.project.links_in(self.facts)
        return self._links

    def bodies(self) -> List[Body]:
        """Every generator function and dataset ``__getitem__`` of this module."""
        if self._bodies is None:
            self._bodies = list(bodies(self.project, self.facts))
        return self._bodies

    def code(self, node: cst.CSTNode) -> str:
        return self.facts.code(node)

    def line(self, node: cst.CSTNode) -> int:
        return self.facts.start(node)[0]

    def describe(self, fn: FunctionFacts) -> str:
        """"`gen` (line 12)" or "`gen` (data.py:12)" for a generator of another file."""
        if fn.path == self.path:
            return f"`{fn.name}` (line {fn.line})"
        return f"`{fn.name}` ({fn.path}:{fn.line})"

    def report(
        self,
        rule: Type,
        node: cst.CSTNode,
        message: str,
        fix: Optional[Fix] = None,
        start: Optional[cst.CSTNode] = None,
    ) -> Diagnostic:
        """A finding over ``node``'s range; ``start`` (a node inside it, such as the `.`
        of a method call) moves the start so that only the offending part is underlined."""
        r = self.facts.positions[node]
        first = self.facts.positions[start].start if start is not None else r.start
        return rule.diagnostic(
            self.path,
            first.line,
            first.column + 1,
            message,
            end_line=r.end.line,
            end_column=r.end.column + 1,
            fix=fix,
        )
