"""The one detection engine behind the flake8 plugin, the CLI and the fixer."""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, NamedTuple

from .analysis.attribution import Problem, check_attribution, find_argument
from .analysis.calls import Resolver
from .analysis.context import ContextAnalyzer
from .analysis.flow import StatementPath, statement_path
from .analysis.guards import (
    Atom,
    Formula,
    GuardAnalyzer,
    Junction,
    Not,
    formula_from_data,
    guard_matcher,
)
from .analysis.hot_lines import Accepts, CallSites
from .analysis.linking import Linker
from .analysis.scopes import Candidate, ModuleIndex, Scope
from .analysis.sdk import SDK_METHODS
from .analysis.summary import (
    FunctionSummary,
    ModuleSummary,
    Summarizer,
    changes_dict,
    kwargs_entry,
    parameter_passed,
)
from .analysis.syntax import BLOCK_FIELDS, callee_name
from .analysis.targets import CallTarget
from .analysis.values import (
    CLASS,
    FUNCTION,
    INSTANCE,
    METHOD,
    MODULE,
    ProjectObject,
    Record,
    Ref,
    Unbound,
    Value,
    is_sdk,
)
from .positions import character_column, source_segment
from .project.index import ProjectIndex
from .rules import RULES, UNGUARDED_CALL
from .settings import Settings

if TYPE_CHECKING:
    from .fixer.model import Fix
    from .fixer.planning import FixPlanner


class Finding(Record):
    """One finding, as the reports show it."""

    __slots__ = (
        "anchor",
        "code",
        "column",
        "end_column",
        "end_line",
        "fingerprint",
        "fix",
        "line",
        "message",
        "no_fix_reason",
    )

    def __init__(self, code: str, message: str, line: int, column: int, end_line: int,
                 end_column: int, fix: Fix | None = None, no_fix_reason: str = "",
                 anchor: str = "", fingerprint: str = "") -> None:
        self.code = code
        self.message = message
        self.line = line  # 1-based
        self.column = column  # 1-based, in characters
        self.end_line = end_line
        self.end_column = end_column
        self.fix = fix
        self.no_fix_reason = no_fix_reason  # why a fixable code has no fix here
        # what the finding is about, independent of line numbers: the enclosing
        # function, the callee and the event or first argument (see fingerprints.py)
        self.anchor = anchor
        self.fingerprint = fingerprint

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.line, self.column, self.code)


class AnalyticsCall(NamedTuple):
    candidate: Candidate
    target: CallTarget
    path: StatementPath


def check_tree(
    tree: ast.Module,
    lines: Sequence[str],
    settings: Settings,
    module_name: str | None = None,
    text: str | None = None,
    project: ProjectIndex | None = None,
    key: str | None = None,
    fixes: bool = True,
) -> list[Finding]:
    """Every finding in ``tree`` (selection and ``noqa`` are the front ends' business).

    ``text`` is ``"".join(lines)``, when the caller has it at hand. With a
    ``project`` and the module's ``key`` in it, calls resolve project-wide. Without
    ``fixes``, findings carry no fix (for outputs that show none)."""
    analysis = ModuleAnalysis(tree, lines, settings, module_name, text, project, key)
    try:
        return analysis.findings(fixes)
    finally:
        analysis.release()


class _ModuleSource:
    """The project as one module's analysis sees it: its own summary comes from the
    tree being checked, every other from the project index."""

    def __init__(self, project: ProjectIndex, key: str) -> None:
        self.project = project
        self.key = key
        self.own: Summarizer | None = None
        self.linker: Linker | None = None
        self._own_summary: ModuleSummary | None = None
        self._building = False

    def find(self, name: str, importer: str | None) -> str | None:
        return self.project.find(name, importer)

    def search_path(self, importer: str | None) -> tuple[str, ...]:
        return self.project.search_path(importer)

    def submodule(self, package: str, name: str) -> str | None:
        return self.project.submodule(package, name)

    def _note_cycle(self) -> None:
        if self.linker is not None:
            self.linker.note_cycle()

    def summary(self, key: str) -> ModuleSummary | None:
        if key != self.key or self.own is None:
            return self.project.summary(key)
        if self._building:  # asked while it is built: it says nothing yet, for now
            if self.linker is not None:
                self.linker.note_cycle()
            return ModuleSummary(module=None)
        if self._own_summary is None:
            self._building = True
            try:
                own = self.own
                self._own_summary = self.project.own_summary(
                    key, lambda: own.summarize(on_demand=self._note_cycle))
            finally:
                self._building = False
        return self._own_summary


class _ProjectGuards:
    """What a call of another module's function means to a guard: whether it never
    returns, and the guard formula it returns (from that module's summary)."""

    def __init__(self, resolver: Resolver, linker: Linker, key: str) -> None:
        self.resolver = resolver
        self.linker = linker
        self.key = key
        self._never: dict[ProjectObject, bool] = {}

    def _function(self, call: ast.Call, scope: Scope) -> FunctionSummary | None:
        value = self.resolver.evaluate(call.func, scope)
        if not isinstance(value, ProjectObject) or \
                value.module == self.key:  # this module's own: the guard check reads them
            return None
        return self._summary_of(value)

    def _summary_of(self, value: Value) -> FunctionSummary | None:
        if not isinstance(value, ProjectObject) or value.kind not in (FUNCTION, METHOD):
            return None
        summary = self.linker.source.summary(value.module)
        return summary.functions.get(value.qualname) if summary is not None else None

    def never_returns(self, call: ast.Call, scope: Scope) -> bool:
        value = self.resolver.evaluate(call.func, scope)
        if not isinstance(value, ProjectObject) or value.module == self.key:
            return False
        return self._never_returns_of(value, 0)

    def _never_returns_of(self, value: ProjectObject, depth: int) -> bool:
        """The function always raises or exits, or (through another module) a call of
        its body's own statements calls one that does. Every definition of its name
        must (``f``, ``f#1``… of a name defined twice); each answer is kept for the
        run (a cycle is no exit)."""
        known = self._never.get(value)
        if known is not None:
            return known
        self._never[value] = False  # (while it is decided)
        summary = self.linker.source.summary(value.module) \
            if value.kind in (FUNCTION, METHOD) else None
        definitions = summary.definitions(value.qualname) if summary is not None else []
        answer = bool(definitions) and depth <= 8 and all(
            function.never_returns or any(
                isinstance(called, ProjectObject) and self._never_returns_of(called, depth + 1)
                for called in (self.linker.resolve_sym(sym, value.module)
                               for sym in function.exits))
            for function in definitions)
        self._never[value] = answer
        return answer

    def guard_formula(self, call: ast.Call, scope: Scope) -> Formula | None:
        value = self.resolver.evaluate(call.func, scope)
        if not isinstance(value, ProjectObject) or value.module == self.key:
            return None
        return self._formula_of(value, 0)

    def _formula_of(self, value: Value, depth: int) -> Formula | None:
        # a helper that returns another module's helper's value (``return
        # should_track(user)``) has that helper's formula: its own summary cannot say it
        for _ in range(8):
            function = self._summary_of(value)
            if function is None:
                return None
            assert isinstance(value, ProjectObject)
            if function.guard is not None:
                try:
                    formula = formula_from_data(function.guard)
                except ValueError:
                    return None
                linked = self._linked(formula, value.module, depth)
                return linked if _has_guard(linked) else None
            if len(function.returns) != 1 or function.returns[0][0] != "call":
                return None
            value = self.linker.resolve_sym(function.returns[0][1], value.module)
        return None

    def _linked(self, formula: Formula, module: str, depth: int) -> Formula:
        """``formula`` (of a function of ``module``) with each call of an imported
        helper replaced by that helper's own formula (``is_acme_account(u) or
        u.is_demo`` over another module's ``is_acme_account``)."""
        if isinstance(formula, Atom):
            if formula.callee is None:
                return formula
            inner = self._formula_of(self.linker.resolve_ref(formula.callee, module),
                                     depth + 1) if depth < 4 else None
            return Atom(formula.key, formula.is_guard) if inner is None else \
                _prefixed(inner, formula.key)
        if isinstance(formula, Not):
            return Not(self._linked(formula.operand, module, depth))
        return Junction(formula.is_and,
                        tuple(self._linked(f, module, depth) for f in formula.operands))


def _prefixed(formula: Formula, prefix: str) -> Formula:
    """``formula`` with its atoms named after the call they stand in (``prefix``)."""
    if isinstance(formula, Atom):
        return Atom(f"{prefix}::{formula.key}", formula.is_guard)
    if isinstance(formula, Not):
        return Not(_prefixed(formula.operand, prefix))
    return Junction(formula.is_and, tuple(_prefixed(f, prefix) for f in formula.operands))


def _has_guard(formula: Formula) -> bool:
    if isinstance(formula, Atom):
        return formula.is_guard
    if isinstance(formula, Not):
        return _has_guard(formula.operand)
    return any(map(_has_guard, formula.operands))


# ``.name(``, also across a line break or a ``\\`` continuation
_CALLED_ATTRIBUTE = re.compile(r"\.[\s\\]*([A-Za-z_][A-Za-z0-9_]*)[\s\\]*\(")
_MEMBER = re.compile(r"[\s\\]*\.[\s\\]*([A-Za-z_][A-Za-z0-9_]*)")
# ``.name.method(``: an attribute whose method is called
_HOLDER_ATTRIBUTE = re.compile(
    r"\.[\s\\]*([A-Za-z_][A-Za-z0-9_]*)[\s\\]*\.[\s\\]*[A-Za-z_][A-Za-z0-9_]*[\s\\]*\(")


class _ImportedNames:
    """Which calls of the names a module imports from the project's modules that matter
    can be analytics calls: those whose callee is an SDK function, a client's method
    or a wrapper, as the linker resolves it. A pre-filter of the walk, so that the
    calls of every other imported name (``models.CharField(…)`` in a project whose
    every module matters) are not candidates. A name that the module's text may
    rebind (a target, a parameter, a ``for``/``as``/``global`` name…) is not
    filtered: its calls may be of something else."""

    def __init__(self, linker: Linker, project: ProjectIndex, key: str, tree: ast.Module,
                 sites: CallSites, filtered: bool = True) -> None:
        self.linker = linker
        self.filtered = filtered  # off for `explain`: every such call is explained
        self.project = project
        self.key = key
        imports = _import_statements(tree, sites)
        self.qualnames = project.imported_names(key, imports)
        # the lines of the import statements: their mentions of a name bind it as imported
        self._import_lines = frozenset(
            line for statement in imports
            for line in range(statement.lineno, (statement.end_lineno or statement.lineno) + 1))
        self.names = frozenset(self.qualnames)
        self.sites = sites
        self._plain: dict[str, bool] = {}
        self._values_of: dict[str, list[Value]] = {}
        self._accepted: dict[tuple[str, str, bool], bool] = {}
        self._received: dict[tuple[str, tuple[str | None, ...], str], bool] = {}

    def _values(self, name: str) -> list[Value]:
        """What each import of ``name`` binds it to (any of them may reach a call)."""
        values = self._values_of.get(name)
        if values is None:
            values = self._values_of[name] = [
                self.linker.resolve_ref(q, self.key) for q in self.qualnames[name]]
        return values

    def _is_plain(self, name: str) -> bool:
        if not self.filtered:
            return False
        plain = self._plain.get(name)
        if plain is None:
            plain = self._plain[name] = self.sites.only_called_or_dotted(name,
                                                                        self._import_lines)
        return plain

    def called(self) -> set[str]:
        """The names whose own calls can be analytics calls (a name never called here
        adds nothing)."""
        return {name for name in self.names - SDK_METHODS if self.sites.of(name)[0] and (
            not self._is_plain(name) or any(map(self._may_call, self._values(name))))}

    def wrapper_methods(self) -> set[str]:
        """The names of the wrapper methods of the project classes this module imports
        (``from app.tracking import Tracker``) or whose instances it imports
        (``from app.tracking import tracker``), reaches through an imported module
        (``tracking.Tracker``), gets from an imported factory, or finds held by an
        imported class's attributes and properties, that it calls on some object:
        ``tracker.send(…)`` on a local ``tracker = Tracker()`` may be an analytics call.
        Only the methods whose names the text calls are looked at."""
        text = self.sites.text
        classes: set[ProjectObject] = set()
        for name in self.names:
            dots = self.sites.of(name)[1]
            for value in self._values(name):  # (a class: called, subclassed, passed on)
                if isinstance(value, ProjectObject) and value.kind == CLASS:
                    classes.add(value)
                elif isinstance(value, ProjectObject) and value.kind == INSTANCE:
                    # an imported instance (``tracker = Tracker()`` in its module): a
                    # local or an attribute may hold it too
                    classes.add(ProjectObject(CLASS, value.module, value.qualname))
                elif isinstance(value, ProjectObject) and value.kind == FUNCTION:
                    made = self.linker.call(value)  # a factory's product
                    if isinstance(made, ProjectObject) and made.kind == INSTANCE:
                        classes.add(ProjectObject(CLASS, made.module, made.qualname))
                elif isinstance(value, ProjectObject) and value.kind == MODULE:
                    chains = {_member_chain(text, dot + len(name)) for dot in dots}
                    classes.update(filter(None, (self._class_at(value, chain)
                                                 for chain in chains)))
        if not classes:
            return set()
        # and the classes of what their instances hold, where the text calls a method
        # of an attribute (``self.tracker.send(…)``, ``self.tracker`` set in a base
        # class's ``__init__`` or a ``cached_property`` of it)
        for attribute in set(_HOLDER_ATTRIBUTE.findall(text)):
            for cls in list(classes):
                held = self.linker.attribute(
                    ProjectObject(INSTANCE, cls.module, cls.qualname), attribute)
                if isinstance(held, ProjectObject) and held.kind == INSTANCE:
                    classes.add(ProjectObject(CLASS, held.module, held.qualname))
        called = set(_CALLED_ATTRIBUTE.findall(text))
        found: set[str] = set()
        for cls in classes:
            methods = self.linker.class_methods(cls)
            for method in (called if len(called) < len(methods) else methods):
                if method in called and method in methods and method not in found and \
                        self.linker.wrapper(methods[method]) is not None:
                    found.add(method)
        return found

    def callable_instances(self) -> set[str]:
        """The names the text binds to instances of imported project classes whose
        ``__call__`` is a wrapper, by a call or an annotation (``audit = Tracker()``,
        ``tracker: Tracker = Depends()``, also ``tracking.Tracker``): calling one calls
        the wrapper."""
        spelled: set[str] = set()  # how the text names such classes
        for name in self.names:
            for value in self._values(name):
                if isinstance(value, ProjectObject) and value.kind == CLASS:
                    method = self.linker.class_methods(value).get("__call__")
                    if method is not None and self.linker.wrapper(method) is not None:
                        spelled.update((name, value.qualname.rpartition(".")[2]))
        if not spelled:
            return set()
        classes = "|".join(map(re.escape, sorted(spelled)))
        binding = re.compile(rf"\b([A-Za-z_]\w*)\s*(?::[^=\n]*?\b(?:{classes})\b|"
                             rf"=\s*(?:[A-Za-z_][\w.]*\.)?(?:{classes})\s*\()")
        return set(binding.findall(self.sites.text))

    def _class_at(self, module: ProjectObject, chain: tuple[str, ...]) -> ProjectObject | None:
        """The project class that ``module.a.b…`` (``chain``) names, if it names one."""
        value: Value = module
        for attribute in chain:
            value = self.linker.attribute(value, attribute)
            if not isinstance(value, ProjectObject) or value.kind not in (MODULE, CLASS):
                return None
            if value.kind == CLASS:
                return value
        return None

    def accepts(self, name: str, attribute: str, called: bool) -> bool:
        """Can a line that spells ``name.attribute(`` (``called``) or
        ``name.attribute.`` hold an analytics call? (All the text tells.)"""
        if attribute in SDK_METHODS or not self._is_plain(name):
            return True
        marker = (name, attribute, called)
        known = self._accepted.get(marker)
        if known is None:
            known = self._accepted[marker] = any(
                self._may_call(member) or self._may_hold(self.linker.call(member))
                if called else self._may_hold(member)
                # ``name.f(…)`` may be one, or return something whose methods may be
                for member in (self.linker.attribute(value, attribute)
                               for value in self._values(name)))
        return known

    def receives(self, name: str, path: tuple[str | None, ...], attribute: str) -> bool:
        """Can ``name``, then ``path`` (attributes, and ``None`` for a call), then
        ``.attribute(…)`` be an analytics call? (What the tree tells.)"""
        if attribute in SDK_METHODS or not self._is_plain(name):
            return True
        marker = (name, path, attribute)
        known = self._received.get(marker)
        if known is None:
            known = self._received[marker] = any(
                self._may_call(self.linker.attribute(self._through(value, path), attribute))
                for value in self._values(name))
        return known

    def _through(self, value: Value, path: tuple[str | None, ...]) -> Value:
        for step in path:
            value = self.linker.call(value) if step is None else \
                self.linker.attribute(value, step)
        return value

    def _may_call(self, value: Value) -> bool:
        return isinstance(value, Unbound) or self.linker.target(value) is not None

    def _may_hold(self, value: Value) -> bool:
        """Can a call of one of ``value``'s attributes (or theirs) be an analytics call?"""
        if isinstance(value, (Ref, Unbound)) or is_sdk(value):
            return True
        if not isinstance(value, ProjectObject):
            return False
        if value.kind == MODULE:  # (a package: through its submodules too)
            return self.project.matters(value.module) or \
                self.project.package_may_matter(value.module)
        return value.kind in (CLASS, INSTANCE)


class ModuleAnalysis:
    """One module's analysis: its walk, and the resolver, context and guard analyses
    built on it. ``check_tree`` asks it for findings; ``explain`` for its reasons."""

    def __init__(self, tree: ast.Module, lines: Sequence[str], settings: Settings,
                 module_name: str | None = None, text: str | None = None,
                 project: ProjectIndex | None = None, key: str | None = None,
                 every_imported_call: bool = False) -> None:
        """``every_imported_call``: the calls of names imported from modules that matter
        are all candidates, not only those the linker says can be analytics calls
        (``explain`` says why each is not)."""
        self.lines = lines
        self.settings = settings
        self.wrapper_names = frozenset(q.rpartition(".")[2] for q, _ in settings.wrappers)
        # group() calls are wanted too: a GID101 fix may take its group id from one
        methods = {*settings.grouped_methods, *settings.guarded_methods, "group"}
        names = set(self.wrapper_names)
        sites = CallSites(lines, text)
        self.linker: Linker | None = None
        source = imported = None
        if project is None or key is None:
            project = key = None
        else:
            module_name = project.module_name(key)
            source = _ModuleSource(project, key)
            self.linker = Linker(source, settings.grouped_methods, settings.wrappers,
                                 settings.clients, project.answers)
            source.linker = self.linker
            imported = _ImportedNames(self.linker, project, key, tree, sites,
                                      filtered=not every_imported_call)
            names |= imported.called() | imported.wrapper_methods() | \
                imported.callable_instances()
            names |= _wrapper_candidates(tree, sites, {*settings.grouped_methods, *names},
                                         imported.names, imported.accepts)
        is_package = key.endswith("__init__.py") if key is not None else False
        self.index = ModuleIndex(tree, module_name, names, lines, methods, sites.text,
                                 is_package, imported.names if imported else (), sites,
                                 imported.accepts if imported else None,
                                 imported.receives if imported else None)
        self.resolver = Resolver(self.index, settings.clients, settings.wrappers,
                                 self.linker, key)
        self.analyzer = ContextAnalyzer(self.resolver, self.wrapper_names)
        # guard helpers and exits of other modules, from their summaries
        project_guards = _ProjectGuards(self.resolver, self.linker, key) \
            if self.linker is not None and key is not None else None
        self.guards = GuardAnalyzer(self.resolver, guard_matcher(settings), project_guards)
        if source is not None:
            source.own = Summarizer(self.index, self.resolver, self.analyzer, self.guards)

    def release(self) -> None:
        """Free the file's tree and analysis as soon as it is done (see
        :meth:`ModuleIndex.release`): the project's source holds the linker and the
        summariser, which hold it back."""
        self.index.release()
        if self.linker is not None and isinstance(self.linker.source, _ModuleSource):
            self.linker.source.own = self.linker.source.linker = None

    def classify(self, candidate: Candidate) -> AnalyticsCall | None:
        target = self.resolver.classify(candidate)
        if target is None:
            return None
        home = candidate.scope.statement_scope()
        return AnalyticsCall(candidate, target, statement_path(candidate.ancestors, home.node))

    def calls(self) -> list[AnalyticsCall]:
        found = (self.classify(candidate) for candidate in list(self.index.candidates))
        return [call for call in found if call is not None]

    def forwards_own_context(self, analytics_call: AnalyticsCall) -> bool:
        """In the project view, a wrapper's own call is not checked: its callers are."""
        return self.linker is not None and _forwards_own_context(
            analytics_call.candidate.call, analytics_call.target,
            analytics_call.candidate.scope, self.analyzer, analytics_call.path,
            analytics_call.candidate.ancestors)

    def findings(self, fixes: bool = True) -> list[Finding]:
        if not self.index.candidates:
            return []
        calls = self.calls()
        if not calls:
            return []
        settings, lines = self.settings, self.lines
        grouped = frozenset(settings.grouped_methods)
        guarded = frozenset(settings.guarded_methods)
        guards = self.guards
        planner: FixPlanner | None = None

        def plan() -> FixPlanner:  # only for a finding, and only when fixes are wanted
            nonlocal planner
            if planner is None:
                from .fixer.planning import FixPlanner

                planner = FixPlanner(settings, self.resolver, lines,
                                     [(c.candidate, c.target, c.path) for c in calls])
            return planner

        findings: list[Finding] = []
        for analytics_call in calls:
            candidate, target, path = analytics_call.candidate, analytics_call.target, \
                analytics_call.path
            call = candidate.call
            display = callee_name(call)
            if target.method in grouped and not target.satisfied and \
                    not self.forwards_own_context(analytics_call):
                problem = check_attribution(call, target, display, self.analyzer,
                                            candidate.scope, path)
                if problem is not None:
                    fix, reason = plan().attribution_fix(problem, candidate, target, path) \
                        if fixes else (None, "")
                    findings.append(_finding(problem, lines, fix, reason,
                                             _anchor(candidate, target, lines)))
            # the guard belongs inside a wrapper, where its SDK call is checked
            if target.method in guarded and not target.is_wrapper and \
                    not guards.is_guarded(call, candidate.scope, candidate.ancestors):
                fix, reason = plan().guard_fix(candidate, path) if fixes else (None, "")
                problem = Problem(UNGUARDED_CALL.code, call, {"method": display})
                findings.append(_finding(problem, lines, fix, reason,
                                         _anchor(candidate, target, lines)))
        findings.sort(key=lambda f: f.sort_key)
        return findings


def _import_statements(tree: ast.Module, sites: CallSites) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement of the module, in functions and classes too (statements
    only: an import is never inside an expression; and only those whose lines spell
    ``import``: the others hold none)."""
    calls, dots, _, others = sites.of("import")
    counts = sites.line_counts((*calls, *dots, *others))
    found: list[ast.Import | ast.ImportFrom] = []
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        first = getattr(node, "lineno", 1)
        if counts[getattr(node, "end_lineno", None) or first] == counts[first - 1]:
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
            continue
        for field in BLOCK_FIELDS:
            block = getattr(node, field, None)
            if type(block) is list:
                pending.extend(block)
    return found


def _member_chain(text: str, position: int, limit: int = 4) -> tuple[str, ...]:
    """The attribute names of ``.a.b…`` at ``position`` (at most ``limit``)."""
    chain: list[str] = []
    while len(chain) < limit:
        member = _MEMBER.match(text, position)
        if member is None:
            break
        chain.append(member.group(1))
        position = member.end()
    return tuple(chain)


def _wrapper_candidates(tree: ast.Module, sites: CallSites, called: set[str],
                        receivers: Collection[str] = (), accepts: Accepts | None = None
                        ) -> set[str]:
    """The module's own functions and methods that may be wrappers: those whose text
    calls a grouped method, a method of an imported ``receivers`` that ``accepts``
    (``tracking.send(…)``), or another of them (to a fixed point). Only their calls
    need resolving beyond the SDK's names."""
    definitions: list[tuple[str, int, int]] = []
    # the module's functions, and its classes' methods, also under ``if``/``try``
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            definitions.append((node.name, node.lineno, node.end_lineno or node.lineno))
        elif isinstance(node, ast.ClassDef):
            pending.extend(n for n in node.body
                           if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))
        else:
            pending.extend(_inner_statements(node))
    found: set[str] = set()
    hot: list[int] = []
    new = called
    while definitions and new:
        # only the names new in this round are looked for: the others are found
        hot += sites.hot_positions(new, receivers, accepts)
        receivers = ()
        counts = sites.line_counts(hot)
        new = {name for name, first, last in definitions if counts[last] != counts[first - 1]}
        found |= new
        definitions = [d for d in definitions if d[0] not in found]
    return found


def _inner_statements(statement: ast.stmt) -> list[ast.stmt]:
    """The statements of a compound statement's blocks (a handler's or a case's
    body too)."""
    found: list[ast.stmt] = []
    for field in BLOCK_FIELDS:
        for item in getattr(statement, field, None) or ():
            found.extend([item] if isinstance(item, ast.stmt) else item.body)
    return found


def _forwards_own_context(call: ast.Call, target: CallTarget, scope: Scope,
                          analyzer: ContextAnalyzer, path: StatementPath,
                          site: Sequence[ast.AST]) -> bool:
    """The call passes its function's own parameter on as the context: the function is
    a wrapper, and its callers are checked instead (SPEC: wrappers)."""
    function = scope.function_scope()
    node = function.node
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    arguments = node.args
    parameters = {a.arg for a in (*arguments.posonlyargs, *arguments.args,
                                  *arguments.kwonlyargs, arguments.vararg, arguments.kwarg)
                  if a is not None}
    found = find_argument(call, target.context_parameter, target, analyzer, scope, path)
    if found.value is not None:
        kwargs = arguments.kwarg.arg if arguments.kwarg else None
        return parameter_passed(found.value, scope, parameters, analyzer.resolver,
                                site=(*site, call),
                                lacks_group=analyzer.lacks_group(scope, path)) is not None \
            or kwargs_entry(found.value, scope, analyzer.resolver, kwargs,
                            (*site, call), parameters) is not None
    # its own ``**kwargs`` (or ``*args``), which hides the context, passes it on
    hidden = found.hidden_by
    own = arguments.kwarg if isinstance(hidden, ast.keyword) else \
        arguments.vararg if isinstance(hidden, ast.Starred) else None
    # (a ``**kwargs`` it sets entries of itself may not pass the caller's on)
    return own is not None and isinstance(hidden, (ast.keyword, ast.Starred)) and \
        isinstance(hidden.value, ast.Name) and hidden.value.id == own.arg and \
        not (isinstance(hidden, ast.keyword) and
             changes_dict(node, own.arg, target.context_parameter))


def _anchor(candidate: Candidate, target: CallTarget, lines: Sequence[str]) -> str:
    """What a finding's fingerprint is made of (normalised only if fingerprints are
    asked for): the enclosing function, the callee's text, and the event name or
    first argument. Not the rest of the call, which a fix of another finding of
    the same call may change (its context, properties or traits)."""
    names = []
    scope: Scope | None = candidate.scope
    while scope is not None and scope.parent is not None:
        if scope.name:
            names.append(scope.name)
        scope = scope.parent
    function = ".".join(reversed(names)) or "<module>"
    call = candidate.call
    return f"{function}\0{source_segment(lines, call.func)}\0" \
           f"{_event_or_first_argument(call, target, lines)}"


def _event_or_first_argument(call: ast.Call, target: CallTarget, lines: Sequence[str]) -> str:
    signature = target.signature or ()
    for keyword in call.keywords:
        if keyword.arg == "event":
            return source_segment(lines, keyword.value)
    positional = list(itertools.takewhile(lambda a: not isinstance(a, ast.Starred), call.args))
    if "event" in signature and signature.index("event") < len(positional):
        return source_segment(lines, positional[signature.index("event")])
    name = target.context_parameter
    context = signature.index(name) if name in signature else -1
    for position, argument in enumerate(call.args):
        if position != context:
            return source_segment(lines, argument)
    for keyword in call.keywords:
        if keyword.arg is not None and keyword.arg != name:
            return f"{keyword.arg}={source_segment(lines, keyword.value)}"
    return ""


def _finding(problem: Problem, lines: Sequence[str], fix: Fix | None = None,
             reason: str = "", anchor: str = "") -> Finding:
    node = problem.node
    line: int = getattr(node, "lineno", 1)
    end_line = getattr(node, "end_lineno", None) or line
    column = character_column(lines, line, getattr(node, "col_offset", 0))
    end_offset = getattr(node, "end_col_offset", None)
    end_column = column if end_offset is None else character_column(lines, end_line, end_offset)
    message = RULES[problem.code].format(**problem.fields)
    return Finding(problem.code, message, line, column + 1, end_line, end_column + 1, fix, reason,
                   anchor)
