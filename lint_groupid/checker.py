"""The one detection engine behind the flake8 plugin, the CLI and the fixer."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass

from .analysis.attribution import Problem, check_attribution
from .analysis.calls import CallTarget, Resolver
from .analysis.context import ContextAnalyzer, statement_scope
from .analysis.flow import StatementPath, statement_path
from .analysis.guards import GuardAnalyzer, GuardMatcher
from .analysis.scopes import Candidate, ModuleIndex, Scope
from .fixer.model import Fix
from .fixer.planning import FixPlanner
from .positions import character_column, source_segment
from .rules import RULES
from .settings import Settings


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    line: int  # 1-based
    column: int  # 1-based, in characters
    end_line: int
    end_column: int
    fix: Fix | None = None
    no_fix_reason: str = ""  # why a fixable code has no fix here
    # what the finding is about, independent of line numbers: the enclosing
    # function and the call's normalised text (see fingerprints.py)
    anchor: str = ""
    fingerprint: str = ""

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.line, self.column, self.code)


@dataclass(frozen=True)
class AnalyticsCall:
    candidate: Candidate
    target: CallTarget
    path: StatementPath


def needles(settings: Settings) -> tuple[str, ...]:
    """Words one of which every file with an analytics call must contain.

    Every SDK import path contains ``analytics``; a configured client or wrapper
    is called by (or imported under) its own last name.
    """
    words = {"analytics"}
    words.update(name.rpartition(".")[2] for name in settings.clients)
    words.update(qualname.rpartition(".")[2] for qualname, _ in settings.wrappers)
    return tuple(sorted(words))


def check_tree(
    tree: ast.Module,
    lines: Sequence[str],
    settings: Settings,
    module_name: str | None = None,
    text: str | None = None,
) -> list[Finding]:
    """Every finding in ``tree`` (selection and ``noqa`` are the front ends' business).

    ``text`` is ``"".join(lines)``, when the caller has it at hand."""
    wrapper_names = frozenset(q.rpartition(".")[2] for q, _ in settings.wrappers)
    # group() calls are wanted too: a GID101 fix may take its group id from one
    methods = {*settings.grouped_methods, *settings.guarded_methods, "group"}
    index = ModuleIndex(tree, module_name, wrapper_names, lines, methods, text)
    try:
        return _findings(index, lines, settings, wrapper_names)
    finally:
        index.release()


def _findings(index: ModuleIndex, lines: Sequence[str], settings: Settings,
              wrapper_names: frozenset[str]) -> list[Finding]:
    if not index.candidates:
        return []
    resolver = Resolver(index, settings.clients, settings.wrappers)
    calls = []
    for candidate in index.candidates:
        target = resolver.classify(candidate)
        if target is not None:
            home = statement_scope(candidate.scope)
            calls.append(AnalyticsCall(candidate, target,
                                       statement_path(candidate.ancestors, home.node)))
    if not calls:
        return []
    analyzer = ContextAnalyzer(resolver, wrapper_names)
    grouped = frozenset(settings.grouped_methods)
    guarded = frozenset(settings.guarded_methods)
    guards = GuardAnalyzer(resolver, GuardMatcher(settings.all_guards, settings.guard_decorators,
                                                  (settings.guard,) if settings.guard else ()))
    planner = FixPlanner(settings, resolver, lines,
                         [(c.candidate, c.target, c.path) for c in calls])
    findings: list[Finding] = []
    for analytics_call in calls:
        candidate, target, path = analytics_call.candidate, analytics_call.target, \
            analytics_call.path
        call = candidate.call
        func = call.func
        display = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if target.method in grouped:
            problem = check_attribution(call, target, display, analyzer, candidate.scope, path)
            if problem is not None:
                fix, reason = planner.attribution_fix(problem, candidate, target, path)
                findings.append(_finding(problem, lines, fix, reason, _anchor(candidate, lines)))
        # the guard belongs inside a wrapper, where its SDK call is checked
        if target.method in guarded and not target.is_wrapper and \
                not guards.is_guarded(call, candidate.scope, candidate.ancestors):
            fix, reason = planner.guard_fix(candidate)
            problem = Problem("GID201", call, {"method": display})
            findings.append(_finding(problem, lines, fix, reason, _anchor(candidate, lines)))
    findings.sort(key=lambda f: f.sort_key)
    return findings


def _anchor(candidate: Candidate, lines: Sequence[str]) -> str:
    """The enclosing function and the call's source (normalised only if fingerprints
    are asked for)."""
    names = []
    scope: Scope | None = candidate.scope
    while scope is not None and scope.parent is not None:
        if scope.name:
            names.append(scope.name)
        scope = scope.parent
    function = ".".join(reversed(names)) or "<module>"
    return f"{function}\0{source_segment(lines, candidate.call)}"


def _finding(problem: Problem, lines: Sequence[str], fix: Fix | None = None,
             reason: str = "", anchor: str = "") -> Finding:
    node = problem.node
    line = node.lineno  # type: ignore[attr-defined]
    end_line = getattr(node, "end_lineno", None) or line
    column = character_column(lines, line, node.col_offset)  # type: ignore[attr-defined]
    end_offset = getattr(node, "end_col_offset", None)
    end_column = column if end_offset is None else character_column(lines, end_line, end_offset)
    message = RULES[problem.code].format(**problem.fields)
    return Finding(problem.code, message, line, column + 1, end_line, end_column + 1, fix, reason,
                   anchor)
