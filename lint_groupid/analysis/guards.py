"""GID201: can an internal user reach this call?

The condition under which a call is reached in its own function is computed by
following the function's statements forward from its entry: an ``if`` splits
the condition between its branches, a ``return``, ``raise``, ``continue``,
``break`` or a call that never returns ends its path, a ``try``'s handlers are
entered under the conditions at which its body may raise, and the paths that
fall through a statement go on to the next one. Conditions are boolean
formulas over condition *atoms* (``user.is_staff``, ``your_app(w)``…), assumed
to keep their value through the function, and kept as a reduced ordered BDD
(``bdd.py``), so that a function with many conditions is decided as exactly
as a small one.

The call is guarded when, for some setting of the atoms that are not guard
terms, it is reached for some setting of the guard terms but not when every
guard term is true: ``∃o. (∃g. R(g, o)) ∧ ¬R(true, o)``. That one rule gives
every form of the SPEC: ``if not GUARD``, the ``else`` of ``if GUARD``, ``if
GUARD and not your_app(): return`` (the call then runs when ``not GUARD or
your_app()``, which is ``not GUARD`` for a customer's app), ``not GUARD and
call()`` … A call in a nested function or lambda is also guarded when the
function is *defined* where a guard holds, or inside a function decorated with
a guard decorator.

If the diagram of a function grows past its node budget the call is reported:
no limit ever turns a verdict into "guarded".
"""

from __future__ import annotations

import ast
import builtins
import fnmatch
import functools
import re
import sys
import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, Union

from .bdd import BDD, FALSE, TRUE, BudgetExceeded
from .bindings import Assign, Class, Function
from .calls import Resolver
from .scopes import FUNCTION, MODULE, Scope
from .syntax import last_name
from .values import INSTANCE, ProjectObject, Record, Ref, SelfRef, Unbound, Value

if TYPE_CHECKING:
    from ..settings import Settings

# -- guard formulas: what a guard helper returns, as the project index may store it --


class Atom(Record):
    """A condition atom, by its spelling; ``is_guard`` when it is a guard term.
    ``callee``: a call of a function imported from elsewhere (an import path), whose
    own guard formula the project index substitutes when it has one (a helper
    ``return is_acme_account(u) or u.is_demo`` over another module's helper)."""

    __slots__ = ("callee", "is_guard", "key")

    def __init__(self, key: str, is_guard: bool, callee: str | None = None) -> None:
        self.key = key
        self.is_guard = is_guard
        self.callee = callee


class Not(Record):
    __slots__ = ("operand",)

    def __init__(self, operand: Formula) -> None:
        self.operand = operand


class Junction(Record):
    """``and`` (``is_and``) or ``or`` of the operands; empty: true or false."""

    __slots__ = ("is_and", "operands")

    def __init__(self, is_and: bool, operands: tuple[Formula, ...]) -> None:
        self.is_and = is_and
        self.operands = operands


Formula = Union[Atom, Not, Junction]
ALWAYS = Junction(True, ())
NEVER = Junction(False, ())


def formula_to_data(formula: Formula) -> list[object]:
    """A formula as plain data (the project index caches it as JSON)."""
    if isinstance(formula, Atom):
        return ["atom", formula.key, formula.is_guard] + (
            [formula.callee] if formula.callee is not None else [])
    if isinstance(formula, Not):
        return ["not", formula_to_data(formula.operand)]
    return ["and" if formula.is_and else "or", [formula_to_data(f) for f in formula.operands]]


def formula_from_data(data: object, depth: int = 0) -> Formula:
    """:func:`formula_to_data`'s inverse; ``ValueError`` on anything malformed."""
    if depth > 200 or not isinstance(data, (list, tuple)) or not data:
        raise ValueError("malformed formula")
    tag = data[0]
    if tag == "atom" and len(data) in (3, 4) and isinstance(data[1], str) and \
            isinstance(data[2], bool) and isinstance(data[-1], (str, bool)):
        return Atom(data[1], data[2], data[3] if len(data) == 4 else None)
    if tag == "not" and len(data) == 2:
        return Not(formula_from_data(data[1], depth + 1))
    if tag in ("and", "or") and len(data) == 2 and isinstance(data[1], (list, tuple)):
        return Junction(tag == "and", tuple(formula_from_data(f, depth + 1) for f in data[1]))
    raise ValueError("malformed formula")


class GuardSummaries(Protocol):
    """What the guard check may learn about the functions a call calls.

    The same-file answers come from :class:`SameFileSummaries`; the project
    index plugs in the answers for functions of other modules.
    """

    def never_returns(self, call: ast.Call, scope: Scope) -> bool:
        """The called function always raises or exits."""

    def guard_formula(self, call: ast.Call, scope: Scope) -> Formula | None:
        """The guard formula the called function returns, if it returns one."""


# -- matching names ------------------------------------------------------------


class GuardMatcher:
    def __init__(self, patterns: Sequence[str], decorator_patterns: Sequence[str],
                 expressions: Sequence[str] = ()) -> None:
        self._names = _compile(tuple(patterns))
        self._decorators = _compile(tuple(decorator_patterns))
        # what the matcher matches, spelled (a cache entry that depends on it says so)
        self.fingerprint = repr((tuple(patterns), tuple(decorator_patterns),
                                 tuple(expressions)))
        # the configured `guard` (and its `and`/`or` terms) is a guard term whatever its
        # name: a call the fixer wrapped in `if not GUARD:` is guarded on the next run
        self._expressions = frozenset(
            ast.dump(term) for text in expressions for term in _terms(ast.parse(
                text.strip(), mode="eval").body))

    def matches_expression(self, node: ast.expr) -> bool:
        return bool(self._expressions) and ast.dump(node) in self._expressions

    def matches_name(self, name: str) -> bool:
        return bool(self._names.match(name))

    def matches_decorator(self, decorator: ast.expr) -> bool:
        name = last_name(decorator.func if isinstance(decorator, ast.Call) else decorator)
        return bool(name) and bool(self._decorators.match(name))


def _terms(node: ast.expr) -> list[ast.expr]:
    """``node`` and the terms of its ``and``/``or`` that are not negated."""
    if isinstance(node, ast.BoolOp):
        return [node, *(term for value in node.values for term in _terms(value))]
    return [] if isinstance(node, ast.UnaryOp) else [node]


def guard_matcher(settings: Settings) -> GuardMatcher:
    """The guard terms of the settings; the configured ``guard`` expression is one
    whatever its name, so that a call the fixer wrapped is guarded on the next run."""
    return GuardMatcher(settings.all_guards, settings.guard_decorators,
                        (settings.guard,) if settings.guard else ())


@functools.lru_cache(maxsize=32)
def _compile(patterns: tuple[str, ...]) -> re.Pattern[str]:
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns))


# -- exits -----------------------------------------------------------------------


class Exit(Record):
    """How a call leaves its function: by raising ``exception`` (a class name;
    ``None`` when unknown), or not catchably at all (``os._exit``)."""

    __slots__ = ("catchable", "exception")

    def __init__(self, exception: str | None, catchable: bool = True) -> None:
        self.exception = exception
        self.catchable = catchable


_EXIT_FUNCTIONS = {
    "sys.exit": Exit("SystemExit"),
    "os._exit": Exit(None, catchable=False),
    "flask.abort": Exit("HTTPException"),
    "werkzeug.exceptions.abort": Exit("HTTPException"),
    "werkzeug.abort": Exit("HTTPException"),
}
_EXIT_BUILTINS = {"exit": Exit("SystemExit"), "quit": Exit("SystemExit")}
# decorators that leave what a call of the function raises as it is
_PLAIN_DECORATORS = frozenset({"staticmethod", "classmethod", "abstractmethod", "override",
                               "final"})
_NO_RETURN = frozenset({"typing.NoReturn", "typing.Never", "typing_extensions.NoReturn",
                        "typing_extensions.Never"})
_CATCH_ALL = frozenset({"Exception", "BaseException"})
_SUPPRESS = "suppress"
# a guard helper's formula is inlined at its calls; past this size it is not
_MAX_HELPER_NODES = 128
_MAX_DEPTH = 8


def _catches(handler_types: ast.expr | None, exception: str | None) -> bool:
    """Does an ``except`` clause of this type catch a ``raise`` of ``exception``?

    A bare ``except``, ``Exception``/``BaseException``, the same class name (or a
    builtin base class of a builtin exception), an unknown raised class, a type the
    analysis cannot name (a variable holding a tuple, say), or, for a raised class
    that is not a builtin, a handler's class that is not one either (its subclasses
    are not known: ``except HTTPException`` may catch a ``Forbidden``) all catch
    it. A builtin handler's class catches a class that is not a builtin only if it
    is ``Exception`` (the raised class's bases are not looked up)."""
    if handler_types is None or exception is None:
        return True
    raised = getattr(builtins, exception, None)
    elements = handler_types.elts if isinstance(handler_types, ast.Tuple) else [handler_types]
    for element in elements:
        name = last_name(element)
        if not name or not name[0].isupper() or name == "BaseException" or name == exception:
            return True
        caught = getattr(builtins, name, None)
        if not isinstance(caught, type):
            if not isinstance(raised, type):
                return True  # a class of the project's or a library's: it may be a base
            continue  # (a builtin is no subclass of one)
        if isinstance(raised, type):
            if issubclass(raised, caught):
                return True
        elif name == "Exception":  # all but SystemExit and its kin, which are builtins
            return True
    return False


def _raised_class(statement: ast.Raise) -> str | None:
    exception = statement.exc
    if isinstance(exception, ast.Call):
        exception = exception.func
    name = last_name(exception) if exception is not None else ""
    return name if name[:1].isupper() else None


# -- the forward flow ---------------------------------------------------------------


class _Catcher:
    """An enclosing ``try`` (or ``with suppress(...)``): the conditions under which
    its body raises something it catches."""

    __slots__ = ("caught", "types")

    def __init__(self, types: list[ast.expr | None], caught: int = FALSE) -> None:
        self.types = types
        self.caught = caught

    def catches(self, exception: str | None) -> bool:
        return any(_catches(t, exception) for t in self.types)

    @property
    def catches_everything(self) -> bool:
        return any(t is None or last_name(t) in _CATCH_ALL for t in self.types)


class _Returns:
    """The condition under which a function returns a truthy value."""

    __slots__ = ("truthy",)

    def __init__(self, truthy: int = FALSE) -> None:
        self.truthy = truthy


_JUMPS = (ast.Return, ast.Raise, ast.Continue, ast.Break)
# statements that hold no block
_SIMPLE = frozenset({ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Pass, ast.Import,
                     ast.ImportFrom, ast.Global, ast.Nonlocal, ast.Delete, ast.Assert,
                     ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef})
# ``sys.exit``, ``os._exit``, ``flask.abort``…: the names a module's exit function has
_EXIT_ATTRIBUTES = frozenset({"exit", "_exit", "abort", "quit"})
_HARMLESS = (ast.Name, ast.Constant, ast.expr_context, ast.Pass, ast.Assign, ast.AnnAssign,
             ast.Expr, ast.Tuple, ast.List, ast.Set, ast.Dict, ast.keyword, ast.Return,
             ast.Break, ast.Continue, ast.Global, ast.Nonlocal, ast.BoolOp, ast.boolop,
             ast.UnaryOp, ast.unaryop, ast.Compare, ast.cmpop, ast.IfExp)
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
# what may make the inside of a node conditional
_BRANCHING = frozenset({ast.If, ast.While, ast.IfExp, ast.BoolOp, ast.comprehension, ast.Try,
                        *_COMPREHENSIONS,
                        *(getattr(ast, name) for name in ("TryStar", "Match", "match_case")
                          if hasattr(ast, name))})


def _own_nodes(node: ast.AST) -> list[ast.AST]:
    """``node`` and what is under it, but not inside nested functions or classes."""
    found: list[ast.AST] = []
    pending = [node]
    while pending:
        current = pending.pop()
        found.append(current)
        for child in ast.iter_child_nodes(current):
            if not isinstance(child, _NESTED):
                pending.append(child)
    return found


def _is_generator(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(isinstance(n, (ast.Yield, ast.YieldFrom))
               for statement in node.body for n in _own_nodes(statement))


def _own_statements(statement: ast.stmt) -> list[ast.stmt]:
    """``statement`` and the statements of its blocks, but not of nested functions or
    classes (exits are statements: no need to look into expressions)."""
    found: list[ast.stmt] = []
    pending = [statement]
    while pending:
        current = pending.pop()
        found.append(current)
        for name in ("body", "orelse", "finalbody"):
            block = getattr(current, name, None)
            if type(block) is list:
                pending.extend(s for s in block if not isinstance(s, _NESTED))
        for part in getattr(current, "handlers", None) or getattr(current, "cases", None) or ():
            pending.extend(s for s in part.body if not isinstance(s, _NESTED))
    return found


class _Flow:
    """Reach conditions inside one function body (or module, or lambda)."""

    def __init__(self, analyzer: GuardAnalyzer, root: ast.AST, scope: Scope) -> None:
        self._analyzer = weakref.ref(analyzer)
        self.root = root
        self.scope = scope
        self.bdd = BDD()
        self.variables: dict[str, int] = {}
        self.guard_variables: set[int] = set()
        # calls of imported functions whose formulas the project index may substitute
        self.helper_variables: set[int] = set()
        self.atom_keys: list[Atom] = []
        # block -> (entry condition, condition before each statement so far)
        self._before: dict[int, tuple[int, list[int]]] = {}
        self._may_jump: dict[int, bool] = {}
        self._may_raise: dict[int, bool] = {}
        self._conditions: dict[int, int] = {}
        self._verdicts: dict[int, bool] = {}
        self._rebound: dict[str, bool] = {}

    def _is_suppress(self, func: ast.expr) -> bool:
        """``contextlib.suppress``, however imported (``as quietly`` too; and a name
        ``suppress`` bound nowhere), not a project's own ``suppress``."""
        value = self.analyzer.resolver.evaluate(func, self.scope)
        if isinstance(value, Ref):
            return value.qualname == "contextlib.suppress"
        return isinstance(value, Unbound) and last_name(func) == _SUPPRESS

    @property
    def analyzer(self) -> GuardAnalyzer:
        return _alive(self._analyzer)

    # -- atoms and conditions ------------------------------------------------

    def atom(self, key: str, is_guard: bool, callee: str | None = None) -> int:
        index = self.variables.get(key)
        if index is None:
            index = self.variables[key] = len(self.variables)
            self.atom_keys.append(Atom(key, is_guard, callee))
            if is_guard:
                self.guard_variables.add(index)
            elif callee is not None:
                self.helper_variables.add(index)
        return self.bdd.variable(index)

    def condition(self, node: ast.expr, depth: int = 0) -> int:
        """The formula of a condition expression."""
        cached = self._conditions.get(id(node))
        if cached is None:
            cached = self._conditions[id(node)] = self._condition(node, depth)
        return cached

    def _condition(self, node: ast.expr, depth: int) -> int:
        bdd = self.bdd
        if isinstance(node, ast.BoolOp):
            parts = [self.condition(v, depth) for v in node.values]
            return bdd.conjoin_all(parts) if isinstance(node.op, ast.And) else \
                bdd.disjoin_all(parts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return bdd.negate(self.condition(node.operand, depth))
        if isinstance(node, ast.NamedExpr):
            return self.condition(node.value, depth)
        if isinstance(node, ast.Constant):
            return TRUE if node.value else FALSE
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and \
                isinstance(node.ops[0], (ast.Is, ast.IsNot, ast.Eq, ast.NotEq)):
            right = node.comparators[0]
            if isinstance(right, ast.Constant) and isinstance(right.value, bool):
                # ``x is False`` is ``not x`` for a guard (a predicate); for anything else
                # it is a condition of its own (``x`` may be neither True nor False)
                inner = self.condition(node.left, depth)
                if self.mentions_guard(inner):
                    negated = isinstance(node.ops[0], (ast.IsNot, ast.NotEq)) != \
                        (not right.value)
                    return bdd.negate(inner) if negated else inner
        analyzer = self.analyzer
        if depth < _MAX_DEPTH:
            if isinstance(node, ast.Name):
                assigned = analyzer.assigned_value(node.id, self.scope)
                if assigned is not None:
                    value, owner = assigned
                    formula = analyzer.expression_formula(value, owner, depth + 1)
                    if formula is not None:
                        return self.instantiate(formula, node.id)
            call = node.value if isinstance(node, ast.Await) else node
            if isinstance(call, ast.Call):
                formula = analyzer.helper_formula(call, self.scope)
                if formula is not None:
                    return self.instantiate(formula, _atom_key(node))
                if analyzer.project is None and not analyzer.is_guard_term(node, self.scope):
                    # (a module summarised alone: the index links imported helpers)
                    callee = analyzer.resolver.evaluate(call.func, self.scope)
                    if isinstance(callee, Ref):
                        return self.atom(_atom_key(node), False, callee.qualname)
        key = _atom_key(node)
        if self._reads_a_rebound_name(node):
            # ``if x is None: …`` after ``x = …`` again is another condition: only a
            # test of names bound once is the same atom wherever it is written
            key = f"{key}@{id(node)}"
        return self.atom(key, analyzer.is_guard_term(node, self.scope))

    def _reads_a_rebound_name(self, node: ast.expr) -> bool:
        return any(self._is_rebound(name) for name in _names_read(node))

    def _is_rebound(self, name: str) -> bool:
        answer = self._rebound.get(name)
        if answer is None:
            owner = self.analyzer.resolver.lookup(name, self.scope)
            answer = owner is not None and len(owner.bindings[name]) > 1
            self._rebound[name] = answer
        return answer

    def instantiate(self, formula: Formula, prefix: str) -> int:
        """A formula from elsewhere (a helper, an assignment), its atoms named after
        the place it is used."""
        bdd = self.bdd
        if isinstance(formula, Atom):
            return self.atom(f"{prefix}::{formula.key}", formula.is_guard, formula.callee)
        if isinstance(formula, Not):
            return bdd.negate(self.instantiate(formula.operand, prefix))
        parts = [self.instantiate(f, prefix) for f in formula.operands]
        return bdd.conjoin_all(parts) if formula.is_and else bdd.disjoin_all(parts)

    def export(self, node: int) -> Formula:
        """A diagram as a formula (a chain of if-then-else over its atoms); a diagram
        whose formula would be too large raises ``BudgetExceeded``."""
        return self._export(node, [_MAX_HELPER_NODES])

    def _export(self, node: int, budget: list[int]) -> Formula:
        if node == TRUE:
            return ALWAYS
        if node == FALSE:
            return NEVER
        budget[0] -= 1
        if budget[0] < 0:
            raise BudgetExceeded
        variable, low, high = self.bdd.decompose(node)
        atom = self.atom_keys[variable]
        return Junction(False, (Junction(True, (atom, self._export(high, budget))),
                                Junction(True, (Not(atom), self._export(low, budget)))))

    def mentions_guard(self, node: int) -> bool:
        return not self.guard_variables.isdisjoint(self.bdd.support(node))

    def mentions_helper(self, node: int) -> bool:
        """A call of an imported function the index may find to be a guard helper."""
        return not self.helper_variables.isdisjoint(self.bdd.support(node))

    def only_when_a_guard_is_false(self, reach: int) -> bool:
        verdict = self._verdicts.get(reach)
        if verdict is None:
            verdict = self._verdicts[reach] = self._decide(reach)
        return verdict

    def _decide(self, reach: int) -> bool:
        bdd = self.bdd
        guards = frozenset(self.guard_variables & bdd.support(reach))
        if not guards:
            return False
        reached = bdd.exists(reach, guards)
        reached_by_internal_user = bdd.restrict(reach, guards, True)
        return bdd.conjoin(reached, bdd.negate(reached_by_internal_user)) != FALSE

    # -- the way down to a node ---------------------------------------------------

    def reach(self, chain: Sequence[ast.AST]) -> int:
        """The condition under which the last node of ``chain`` (which starts at the
        root) is reached."""
        condition = TRUE
        pre_guard = TRUE
        for parent, child in zip(chain, chain[1:]):
            if type(parent) in _BRANCHING:
                condition, pre_guard = self._enter(parent, child, condition, pre_guard)
                if condition == FALSE:
                    return FALSE
            if isinstance(child, ast.stmt):
                block = _block_of(parent, child)
                if block is not None:
                    condition = self._before_statement(block, child, condition)
        return condition

    def _enter(self, parent: ast.AST, child: ast.AST, condition: int,
               pre_guard: int) -> tuple[int, int]:
        """The condition inside the part of ``parent`` that holds ``child``."""
        bdd = self.bdd
        if isinstance(parent, (ast.If, ast.While, ast.IfExp)):
            if child is parent.test:
                return condition, pre_guard
            test = self.condition(parent.test)
            if _contains(parent.body, child):
                return bdd.conjoin(condition, test), pre_guard
            if isinstance(parent, ast.While):
                return condition, pre_guard
            return bdd.conjoin(condition, bdd.negate(test)), pre_guard
        if isinstance(parent, ast.BoolOp):
            position = _index(parent.values, child)
            for operand in parent.values[:max(position, 0)]:
                value = self.condition(operand)
                condition = bdd.conjoin(condition, value if isinstance(parent.op, ast.And)
                                        else bdd.negate(value))
            return condition, pre_guard
        if isinstance(parent, _COMPREHENSIONS):
            if not any(child is g for g in parent.generators):
                for generator in parent.generators:
                    for filtered in generator.ifs:
                        condition = bdd.conjoin(condition, self.condition(filtered))
            return condition, pre_guard
        if isinstance(parent, ast.comprehension):
            position = _index(parent.ifs, child)
            for filtered in parent.ifs[:max(position, 0)]:
                condition = bdd.conjoin(condition, self.condition(filtered))
            return condition, pre_guard
        parts = _try_parts(parent)
        if parts is not None and (isinstance(child, ast.ExceptHandler) or
                                  _contains(parts[2], child)):
            body, handlers, _, _ = parts
            catcher = _Catcher([h.type for h in handlers])
            body_out = self.run(body, condition, [catcher])
            return (catcher.caught if isinstance(child, ast.ExceptHandler) else body_out), \
                pre_guard
        if sys.version_info >= (3, 10) and isinstance(parent, ast.Match) and \
                child is not parent.subject:
            earlier = FALSE
            for case in parent.cases:
                pattern = self._pattern(parent.subject, case.pattern)
                matched = bdd.conjoin(bdd.negate(earlier), pattern)
                case_guard = TRUE if case.guard is None else self.condition(case.guard)
                if case is child:
                    return bdd.conjoin(condition, bdd.conjoin(matched, case_guard)), \
                        bdd.conjoin(condition, matched)
                earlier = bdd.disjoin(earlier, bdd.conjoin(pattern, case_guard))
            return condition, pre_guard
        if type(parent).__name__ == "match_case" and child is getattr(parent, "guard", None):
            return pre_guard, pre_guard
        return condition, pre_guard

    def _pattern(self, subject: ast.expr, pattern: ast.pattern) -> int:
        if _irrefutable(pattern):
            return TRUE
        return self.atom(f"match {ast.dump(subject)}: {ast.dump(pattern)}", False)

    def _before_statement(self, block: Sequence[ast.stmt], child: ast.stmt,
                          entry: int) -> int:
        """The condition under which control reaches ``child`` from its block's entry
        (computed once per block, then extended)."""
        cached = self._before.get(id(block))
        if cached is None or cached[0] != entry:
            cached = (entry, [entry])
            self._before[id(block)] = cached
        conditions = cached[1]
        index = block.index(child)  # by identity: statements define no ``__eq__``
        while len(conditions) <= index:
            position = len(conditions) - 1
            conditions.append(self.step(block[position], conditions[-1], []))
        return conditions[index]

    # -- falling through statements -----------------------------------------------

    def run(self, block: Sequence[ast.stmt], condition: int, catchers: list[_Catcher],
            returns: _Returns | None = None) -> int:
        """The condition under which control falls out of the end of ``block``."""
        for statement in block:
            if condition == FALSE:
                break
            condition = self.step(statement, condition, catchers, returns)
        return condition

    def step(self, statement: ast.stmt, condition: int, catchers: list[_Catcher],
             returns: _Returns | None = None) -> int:
        """The condition under which control falls through ``statement``."""
        bdd = self.bdd
        if not self._jumps(statement):
            if catchers and self._raises(statement):
                self._throw(condition, None, catchers, implicit=True)
            return condition
        if isinstance(statement, ast.Return):
            if returns is not None:
                value = FALSE if statement.value is None else self.condition(statement.value)
                returns.truthy = bdd.disjoin(returns.truthy, bdd.conjoin(condition, value))
            return FALSE
        if isinstance(statement, ast.Raise):
            self._throw(condition, _raised_class(statement), catchers)
            return FALSE
        if isinstance(statement, (ast.Continue, ast.Break)):
            return FALSE
        if isinstance(statement, ast.Expr):
            called = statement.value
            if isinstance(called, ast.Await):
                called = called.value
            if isinstance(called, ast.Call):
                exit_ = self.analyzer.exit_of(called, self.scope)
                if exit_ is not None:
                    if exit_.catchable:
                        self._throw(condition, exit_.exception, catchers)
                    return FALSE
        if isinstance(statement, ast.If):
            test = self.condition(statement.test)
            return bdd.disjoin(
                self.run(statement.body, bdd.conjoin(condition, test), catchers, returns),
                self.run(statement.orelse, bdd.conjoin(condition, bdd.negate(test)), catchers,
                         returns))
        if isinstance(statement, (ast.With, ast.AsyncWith)):
            suppressed = [item.context_expr for item in statement.items
                          if isinstance(item.context_expr, ast.Call) and
                          self._is_suppress(item.context_expr.func)]
            if not suppressed:
                return self.run(statement.body, condition, catchers, returns)
            catcher = _Catcher([a for call in suppressed for a in call.args])
            out = self.run(statement.body, condition, [*catchers, catcher], returns)
            return bdd.disjoin(out, catcher.caught)
        parts = _try_parts(statement)
        if parts is not None:
            body, handlers, orelse, finalbody = parts
            catcher = _Catcher([h.type for h in handlers])
            inner = [*catchers, catcher] if handlers else catchers
            out = self.run(orelse, self.run(body, condition, inner, returns), catchers, returns)
            for handler in handlers:
                out = bdd.disjoin(out, self.run(handler.body, catcher.caught, catchers, returns))
            return self.run(finalbody, out, catchers, returns) if finalbody else out
        if sys.version_info >= (3, 10) and isinstance(statement, ast.Match):
            earlier = FALSE
            out = FALSE
            for case in statement.cases:
                pattern = self._pattern(statement.subject, case.pattern)
                guard = TRUE if case.guard is None else self.condition(case.guard)
                taken = bdd.conjoin(pattern, guard)
                entry = bdd.conjoin(condition, bdd.conjoin(bdd.negate(earlier), taken))
                out = bdd.disjoin(out, self.run(case.body, entry, catchers, returns))
                earlier = bdd.disjoin(earlier, taken)
            return bdd.disjoin(out, bdd.conjoin(condition, bdd.negate(earlier)))
        # loops: their exits end only their own body, and the code after them runs
        # whether or not the body ran
        if isinstance(statement, (ast.For, ast.AsyncFor, ast.While)):
            if returns is not None:
                test = self.condition(statement.test) if isinstance(statement, ast.While) \
                    else TRUE
                self.run(statement.body, bdd.conjoin(condition, test), catchers, returns)
                self.run(statement.orelse, condition, catchers, returns)
            if catchers and self._raises(statement):
                self._throw(condition, None, catchers, implicit=True)
            return condition
        if catchers and self._raises(statement):
            self._throw(condition, None, catchers, implicit=True)
        return condition

    def _throw(self, condition: int, exception: str | None, catchers: list[_Catcher],
               implicit: bool = False) -> None:
        """Control leaves for the innermost handler that catches ``exception`` (an
        implicit exception, of any class, may reach every enclosing handler)."""
        for catcher in reversed(catchers):
            if implicit or catcher.catches(exception):
                catcher.caught = self.bdd.disjoin(catcher.caught, condition)
                if not implicit or catcher.catches_everything:
                    return

    def _jumps(self, statement: ast.stmt) -> bool:
        """Something in ``statement`` may end a path early (a return, a raise, a
        call that never returns…)."""
        if isinstance(statement, _JUMPS):
            return True
        if isinstance(statement, ast.Expr):
            return self._may_exit(statement)
        if type(statement) in _SIMPLE:
            return False
        answer = self._may_jump.get(id(statement))
        if answer is None:
            answer = any(isinstance(s, _JUMPS) or (isinstance(s, ast.Expr) and self._may_exit(s))
                         for s in _own_statements(statement))
            self._may_jump[id(statement)] = answer
        return answer

    def _may_exit(self, statement: ast.Expr) -> bool:
        """A cheap first look: can this expression statement be a call that never
        returns? (A method call can only with a project index, or by its name.)"""
        value = statement.value
        if isinstance(value, ast.Await):
            value = value.value
        if not isinstance(value, ast.Call):
            return False
        func = value.func
        return isinstance(func, ast.Name) or self.analyzer.project is not None or (
            isinstance(func, ast.Attribute) and (func.attr in _EXIT_ATTRIBUTES or
                                                 _is_own_method(func)))

    def _raises(self, statement: ast.stmt) -> bool:
        """Something in ``statement`` (besides an ``if``'s test) may raise."""
        answer = self._may_raise.get(id(statement))
        if answer is None:
            if isinstance(statement, ast.If):
                parts: list[ast.AST] = [*statement.body, *statement.orelse]
            else:
                parts = [statement]
            answer = any(not isinstance(node, _HARMLESS)
                         for part in parts for node in _own_nodes(part))
            self._may_raise[id(statement)] = answer
        return answer


# -- the analyzer ---------------------------------------------------------------------


class SameFileSummaries:
    """Guard helpers and functions that never return, among the file's own functions."""

    def __init__(self, analyzer: GuardAnalyzer) -> None:
        self._analyzer = weakref.ref(analyzer)
        self._formulas: dict[int, Formula | None] = {}
        self._never_returns: dict[int, bool] = {}

    @property
    def analyzer(self) -> GuardAnalyzer:
        return _alive(self._analyzer)

    def never_returns(self, call: ast.Call, scope: Scope) -> bool:
        function = self.analyzer.function_called(call, scope)
        return function is not None and self.function_never_returns(function)

    def function_never_returns(self, function: Scope) -> bool:
        """The function always raises or exits (the project index stores it)."""
        # calling a coroutine function only makes a coroutine: it raises nothing; a
        # decorator may catch what it raises (only the ones that change nothing of a
        # call are looked through)
        if not isinstance(function.node, ast.FunctionDef) or any(
                last_name(d) not in _PLAIN_DECORATORS for d in function.node.decorator_list):
            return False
        node = function.node
        answer = self._never_returns.get(id(node))
        if answer is None:
            self._never_returns[id(node)] = False  # while it is being decided
            answer = self._annotated_no_return(node, function) or self._always_raises(
                node, function)
            self._never_returns[id(node)] = answer
        return answer

    def _annotated_no_return(self, node: ast.FunctionDef, function: Scope) -> bool:
        annotation = node.returns
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                annotation = ast.parse(annotation.value, mode="eval").body
            except SyntaxError:
                return False
        if annotation is None or function.parent is None:
            return False
        value = self.analyzer.resolver.evaluate(annotation, function.parent)
        return isinstance(value, Ref) and value.qualname in _NO_RETURN

    def _always_raises(self, node: ast.FunctionDef, function: Scope) -> bool:
        # cheap tests first: a ``return`` is a statement; a ``yield`` (an expression:
        # calling a generator function runs nothing) is looked for only in a function
        # that the flow finds always raises
        if any(isinstance(n, ast.Return)
               for statement in node.body for n in _own_statements(statement)):
            return False
        flow = self.analyzer.flow_of(function)
        try:
            if flow.run(node.body, TRUE, []) != FALSE:
                return False
        except (BudgetExceeded, RecursionError):
            return False
        return not _is_generator(node)

    def guard_formula(self, call: ast.Call, scope: Scope) -> Formula | None:
        function = self.analyzer.function_called(call, scope)
        return None if function is None else self.function_formula(function)

    def function_formula(self, function: Scope) -> Formula | None:
        """The guard formula the function returns, if it returns one (the project
        index stores it)."""
        if not isinstance(function.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        node = function.node
        if id(node) in self._formulas:
            return self._formulas[id(node)]
        self._formulas[id(node)] = None  # while it is being decided
        formula = None
        # only a ``return`` with a value can return a guard (cheap: statements only);
        # a generator function returns a generator (looked for last: a full walk)
        if any(isinstance(n, ast.Return) and n.value is not None
               for statement in node.body for n in _own_statements(statement)):
            flow = self.analyzer.flow_of(function)
            try:
                returns = _Returns()
                flow.run(node.body, TRUE, [], returns)
                if (flow.mentions_guard(returns.truthy) or (
                        flow.mentions_helper(returns.truthy) and
                        _returns_predicates(node))) and not _is_generator(node):
                    formula = flow.export(returns.truthy)
            except (BudgetExceeded, RecursionError):
                formula = None
        self._formulas[id(node)] = formula
        return formula


class GuardAnalyzer:
    def __init__(self, resolver: Resolver, matcher: GuardMatcher,
                 project: GuardSummaries | None = None) -> None:
        self.resolver = resolver
        self.matcher = matcher
        self.same_file = SameFileSummaries(self)
        self.project = project
        self._flows: dict[int, _Flow] = {}
        self._verdicts: dict[tuple[int, int], bool] = {}
        self._expression_formulas: dict[int, Formula | None] = {}

    # -- guard terms ----------------------------------------------------------

    def is_guard_term(self, node: ast.expr, scope: Scope, depth: int = 0) -> bool:
        """``internal_user()``, ``user.is_staff``, ``await is_impersonating(r)``, or a
        local name (of this function or an enclosing one) assigned only from them; and
        the configured ``guard`` expression, whatever its name."""
        if self.matcher.matches_expression(node):
            return True
        if isinstance(node, ast.Await):
            node = node.value
        if isinstance(node, ast.Call):
            return self.matcher.matches_name(last_name(node.func))
        if isinstance(node, ast.Attribute):
            return self.matcher.matches_name(node.attr)
        if isinstance(node, ast.Name):
            if self.matcher.matches_name(node.id):
                return True
            if depth > 4:
                return False
            found = self._assigned_values(node.id, scope)
            return found is not None and all(
                self.is_guard_term(value, found[1], depth + 1) for value in found[0])
        return False

    def _assigned_values(self, name: str, scope: Scope) -> tuple[list[ast.expr], Scope] | None:
        """The values a local name (of a function, or of the module) is assigned, when
        assignments are all that bind it."""
        owner = self.resolver.lookup(name, scope)
        if owner is None or owner.kind not in (FUNCTION, MODULE):
            return None
        values = []
        for binding in owner.bindings[name]:
            if not isinstance(binding, Assign):
                return None
            values.append(binding.value)
        return values, owner

    def assigned_value(self, name: str, scope: Scope) -> tuple[ast.expr, Scope] | None:
        found = self._assigned_values(name, scope)
        if found is None or len(found[0]) != 1:
            return None
        return found[0][0], found[1]

    def expression_formula(self, node: ast.expr, scope: Scope, depth: int) -> Formula | None:
        """The guard formula a local's value is, if it mentions a guard term."""
        if id(node) in self._expression_formulas:
            return self._expression_formulas[id(node)]
        self._expression_formulas[id(node)] = None  # while it is being decided
        flow = _Flow(self, node, scope)
        formula = None
        try:
            value = flow.condition(node, depth)
            if flow.mentions_guard(value):
                formula = flow.export(value)
        except (BudgetExceeded, RecursionError):
            formula = None
        self._expression_formulas[id(node)] = formula
        return formula

    def function_called(self, call: ast.Call, scope: Scope) -> Scope | None:
        """The function of this file a call calls, if it is bound once: a plain name,
        or a method of ``self``/``cls``."""
        func = call.func
        if isinstance(func, ast.Name):
            owner = self.resolver.lookup(func.id, scope)
            if owner is None:
                return None
            bindings = owner.bindings[func.id]
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            receiver = self.resolver.evaluate_name(func.value.id, scope)
            cls = receiver.scope if isinstance(receiver, SelfRef) else \
                self._own_class_of(receiver)
            if cls is None:
                return None
            self.resolver.index.ensure_walked(cls)
            bindings = cls.bindings.get(func.attr, [])
        else:
            return None
        if len(bindings) != 1 or not isinstance(bindings[0], Function):
            return None
        function = bindings[0].scope
        self.resolver.index.ensure_walked(function)
        return function

    def _own_class_of(self, value: Value) -> Scope | None:
        """The class of this file that ``value`` is an instance of (``policy =
        Policy()`` at module level, then ``policy.excludes(user)``)."""
        if not isinstance(value, ProjectObject) or value.kind != INSTANCE or \
                value.module != self.resolver.key or "." in value.qualname:
            return None
        classes = [b for b in self.resolver.index.module.bindings.get(value.qualname, ())
                   if isinstance(b, Class)]
        return classes[0].scope if len(classes) == 1 else None

    def helper_formula(self, call: ast.Call, scope: Scope) -> Formula | None:
        formula = self.same_file.guard_formula(call, scope)
        if formula is None and self.project is not None:
            formula = self.project.guard_formula(call, scope)
        return formula

    def exit_of(self, call: ast.Call, scope: Scope) -> Exit | None:
        """How a call leaves the function, if it never returns."""
        func = call.func
        if isinstance(func, ast.Name) or (isinstance(func, ast.Attribute) and
                                          not _is_own_method(func)):
            value = self.resolver.evaluate(func, scope)
            if isinstance(value, Ref) and value.qualname in _EXIT_FUNCTIONS:
                return _EXIT_FUNCTIONS[value.qualname]
            if isinstance(value, Unbound) and value.name in _EXIT_BUILTINS:
                return _EXIT_BUILTINS[value.name]
        if self.same_file.never_returns(call, scope) or (
                self.project is not None and self.project.never_returns(call, scope)):
            return Exit(None)
        return None

    def flow_of(self, function: Scope) -> _Flow:
        flow = self._flows.get(id(function.node))
        if flow is None:
            flow = self._flows[id(function.node)] = _Flow(self, function.node, function)
        return flow

    # -- reachability -----------------------------------------------------------

    def is_guarded(self, call: ast.Call, scope: Scope, ancestors: Sequence[ast.AST]) -> bool:
        return self._decision(call, scope, ancestors) is not None

    def guarded_by(self, call: ast.Call, scope: Scope, ancestors: Sequence[ast.AST]
                   ) -> str | None:
        """What makes ``call`` guarded, in words (for ``explain``); ``None`` when it
        is not."""
        decision = self._decision(call, scope, ancestors)
        if decision is None:
            return None
        function, target, decorator = decision
        node = function.node
        where = f"{node.name}()" if isinstance(
            node, (ast.FunctionDef, ast.AsyncFunctionDef)) else "the module"
        if decorator is not None:
            return f"the guard decorator @{ast.unparse(decorator)} of {where}"
        chain = [*ancestors, call]
        start, end = _position(chain, node), _position(chain, target)
        assert start is not None and end is not None
        flow = self.flow_of(function)
        reach = flow.reach(chain[start:end + 1])
        terms = sorted(_spelled_term(flow.atom_keys[v].key)
                       for v in flow.guard_variables & flow.bdd.support(reach))
        inside = "" if target is call else \
            f" (where {getattr(target, 'name', '')}() is defined)"
        return f"reached only when {' and '.join(terms)} is false, in {where}{inside}"

    def _decision(self, call: ast.Call, scope: Scope, ancestors: Sequence[ast.AST]
                  ) -> tuple[Scope, ast.AST, ast.expr | None] | None:
        """Where a guard dominates ``call``: (the function, what in it is guarded: the
        call or the nested function holding it, the guard decorator if that is it)."""
        chain = [*ancestors, call]
        target: ast.AST = call
        function: Scope | None = _function_scope(scope)
        while function is not None:
            node = function.node
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for decorator in node.decorator_list:
                    if self.matcher.matches_decorator(decorator):
                        return function, target, decorator
            if self._guarded_in(function, chain, target):
                return function, target, None
            if function.kind == MODULE or function.parent is None:
                return None
            # a nested function is guarded where it is defined under a guard
            target = node
            function = _function_scope(function.parent)
        return None

    def _guarded_in(self, function: Scope, chain: Sequence[ast.AST], target: ast.AST) -> bool:
        key = (id(function.node), id(target))
        verdict = self._verdicts.get(key)
        if verdict is None:
            start = _position(chain, function.node)
            end = _position(chain, target)
            verdict = False
            if start is not None and end is not None:
                flow = self.flow_of(function)
                try:
                    verdict = flow.only_when_a_guard_is_false(flow.reach(chain[start:end + 1]))
                except (BudgetExceeded, RecursionError):
                    verdict = False  # undecided: reported, never taken as guarded
            self._verdicts[key] = verdict
        return verdict


def _spelled_term(key: str) -> str:
    """A guard term's key as ``explain`` shows it: ``helper(x)::term`` is the term
    inside the guard helper called as ``helper(x)``."""
    *helpers, term = key.split("::")
    return f"`{term}`" + "".join(f" (inside `{helper}`)" for helper in reversed(helpers))


def _atom_key(node: ast.AST) -> str:
    """Equal for equal expressions: a cheap spelling of the common atoms (names,
    attributes, calls of them), ``ast.dump`` for the rest."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_atom_key(node.value)}.{node.attr}"
    if isinstance(node, ast.Call) and not node.keywords and \
            all(isinstance(a, (ast.Name, ast.Attribute)) for a in node.args):
        return f"{_atom_key(node.func)}({','.join(_atom_key(a) for a in node.args)})"
    if isinstance(node, ast.Await):
        return f"await {_atom_key(node.value)}"
    return ast.dump(node)


def _alive(reference: weakref.ref[GuardAnalyzer]) -> GuardAnalyzer:
    """The analyzer a flow or a summary belongs to. They hold it weakly: a cycle
    between them would keep the file's tree alive until the garbage collector runs,
    and make it traverse the tree."""
    analyzer = reference()
    assert analyzer is not None, "a flow outlived its analyzer"
    return analyzer


def _returns_predicates(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Every ``return`` of the function returns an ``and``/``or``/``not`` of conditions
    (a predicate built on other helpers: worth a formula for the index to link)."""
    values = [n.value for statement in node.body for n in _own_statements(statement)
              if isinstance(n, ast.Return)]
    return bool(values) and all(
        isinstance(v, ast.BoolOp) or (isinstance(v, ast.UnaryOp) and isinstance(v.op, ast.Not))
        for v in values)


def _is_own_method(func: ast.expr) -> bool:
    """``self.name`` or ``cls.name``."""
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and \
        func.value.id in ("self", "cls")


def _names_read(node: ast.AST) -> list[str]:
    """The names an expression reads (quickly for names, attributes and calls)."""
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        return _names_read(node.value)
    if isinstance(node, ast.Call) and not node.keywords:
        return [name for part in (node.func, *node.args) for name in _names_read(part)]
    if isinstance(node, ast.Await):
        return _names_read(node.value)
    return [n.id for n in ast.walk(node) if isinstance(n, ast.Name)]


def _function_scope(scope: Scope) -> Scope:
    while scope.kind not in (FUNCTION, MODULE) and scope.parent is not None:
        scope = scope.parent
    return scope


def _position(chain: Sequence[ast.AST], node: ast.AST) -> int | None:
    for index in range(len(chain) - 1, -1, -1):
        if chain[index] is node:
            return index
    return None


_TryParts = tuple[list[ast.stmt], list[ast.ExceptHandler], list[ast.stmt], list[ast.stmt]]


def _try_parts(node: ast.AST) -> _TryParts | None:
    """``body``, ``handlers``, ``orelse`` and ``finalbody`` of a ``try`` or ``try/except*``."""
    if isinstance(node, ast.Try) or (sys.version_info >= (3, 11) and isinstance(node, ast.TryStar)):
        return node.body, node.handlers, node.orelse, node.finalbody
    return None


def _irrefutable(pattern: ast.pattern) -> bool:
    if isinstance(pattern, ast.MatchAs):
        return pattern.pattern is None or _irrefutable(pattern.pattern)
    if isinstance(pattern, ast.MatchOr):
        return any(_irrefutable(p) for p in pattern.patterns)
    return False


def _contains(block: object, child: ast.AST) -> bool:
    # ``in`` and ``index`` compare AST nodes by identity: they define no ``__eq__``
    if isinstance(block, list):
        return child in block
    return block is child


def _index(items: Sequence[ast.AST], child: ast.AST) -> int:
    for position, item in enumerate(items):
        if item is child:
            return position
    return -1


def _block_of(parent: ast.AST, child: ast.stmt) -> list[ast.stmt] | None:
    for name in ("body", "orelse", "finalbody"):
        block = getattr(parent, name, None)
        if type(block) is list and child in block:
            return block
    return None


__all__ = [
    "ALWAYS",
    "NEVER",
    "Atom",
    "Exit",
    "Formula",
    "GuardAnalyzer",
    "GuardMatcher",
    "GuardSummaries",
    "Junction",
    "Not",
    "SameFileSummaries",
]
