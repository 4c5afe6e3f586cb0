"""GID201: can an internal user reach this call?

The conditions under which a call runs are collected from what encloses it in
its own function (``if``/``elif``/``else``, ``while``, conditional expressions,
``and``/``or`` short-circuits, comprehension filters) and from the exiting
``if … : return|raise|continue|break`` statements that run before it. The call
is guarded when, for some setting of the conditions that are not guard terms,
it runs only when a guard term is false. That one rule gives every form of the
SPEC: ``if not GUARD``, the ``else`` of ``if GUARD``, ``if GUARD and not
your_app(): return`` (the call then runs when ``not GUARD or your_app()``,
which is ``not GUARD`` for a customer's app), ``not GUARD and call()`` …
"""

from __future__ import annotations

import ast
import fnmatch
import functools
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Union

from .bindings import Assign
from .calls import Resolver
from .scopes import FUNCTION, Scope
from .syntax import last_name

_EXIT_CALLS = frozenset({"exit", "quit", "_exit", "abort"})
_MAX_ATOMS = 14  # a truth table beyond this is not worth it: call it guarded


@dataclass(frozen=True)
class Atom:
    index: int


@dataclass(frozen=True)
class Not:
    operand: Formula


@dataclass(frozen=True)
class Junction:
    is_and: bool
    operands: tuple[Formula, ...]


Formula = Union[Atom, Not, Junction]


class GuardMatcher:
    def __init__(self, patterns: Sequence[str], decorator_patterns: Sequence[str],
                 expressions: Sequence[str] = ()) -> None:
        self._names = _compile(tuple(patterns))
        self._decorators = _compile(tuple(decorator_patterns))
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


@functools.lru_cache(maxsize=32)
def _compile(patterns: tuple[str, ...]) -> re.Pattern[str]:
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns))


class GuardAnalyzer:
    def __init__(self, resolver: Resolver, matcher: GuardMatcher) -> None:
        self.resolver = resolver
        self.matcher = matcher
        # calls after the same conditions (in one block, say) share the answer
        self._answers: dict[tuple[int, tuple[tuple[int, bool], ...]], bool] = {}

    # -- guard terms ----------------------------------------------------------

    def is_guard_term(self, node: ast.expr, scope: Scope, depth: int = 0) -> bool:
        """``internal_user()``, ``user.is_staff``, ``await is_impersonating(r)``, or a
        local name assigned from one of them."""
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
            owner = self.resolver.lookup(node.id, scope)
            if owner is None or owner is not scope:
                return False
            bindings = owner.bindings[node.id]
            return all(
                isinstance(b, Assign) and self.is_guard_term(b.value, owner, depth + 1)
                for b in bindings
            )
        return False

    # -- reachability -----------------------------------------------------------

    def is_guarded(self, call: ast.Call, scope: Scope, ancestors: Sequence[ast.AST]) -> bool:
        function = scope.function_scope()
        node = function.node
        if function.kind == FUNCTION and any(
                self.matcher.matches_decorator(d) for d in function.decorators):
            return True
        start = next((i for i in range(len(ancestors) - 1, -1, -1) if ancestors[i] is node), None)
        if start is None:
            return False
        chain = [*ancestors[start:], call]
        conditions = list(self._conditions(chain))
        key = (id(scope), tuple((id(condition), value) for condition, value in conditions))
        answer = self._answers.get(key)
        if answer is None:
            answer = self._answers[key] = self._only_when_a_guard_is_false(conditions, scope)
        return answer

    def _conditions(self, chain: Sequence[ast.AST]) -> Iterator[tuple[ast.expr, bool]]:
        """(condition, value it has) pairs that hold whenever the last node runs."""
        for parent, child in zip(chain, chain[1:]):
            if isinstance(parent, (ast.If, ast.While, ast.IfExp)):
                if child is parent.test:
                    pass
                elif _contains(parent.body, child):
                    yield parent.test, True
                else:
                    yield parent.test, False
            elif isinstance(parent, ast.BoolOp):
                position = _index(parent.values, child)
                wanted = isinstance(parent.op, ast.And)
                for earlier in parent.values[:position]:
                    yield earlier, wanted
            elif isinstance(parent, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
                if not any(child is g for g in parent.generators):
                    for generator in parent.generators:
                        for condition in generator.ifs:
                            yield condition, True
            elif isinstance(parent, ast.comprehension):
                position = _index(parent.ifs, child)
                for condition in parent.ifs[:position if position >= 0 else 0]:
                    yield condition, True
            if isinstance(child, ast.stmt):
                block = _block_of(parent, child)
                if block is not None:
                    yield from _exits_before(block, child)

    def _only_when_a_guard_is_false(self, conditions: Sequence[tuple[ast.expr, bool]],
                                    scope: Scope) -> bool:
        atoms: dict[str, int] = {}
        guard_atoms: set[int] = set()
        formulas: list[Formula] = []
        for condition, value in conditions:
            before = len(guard_atoms)
            formula = self._formula(condition, scope, atoms, guard_atoms)
            if len(guard_atoms) == before and not _mentions_any(formula, guard_atoms):
                continue  # says nothing about a guard
            formulas.append(formula if value else Not(formula))
        if not formulas:
            return False
        if len(atoms) > _MAX_ATOMS:
            return True
        guards = sorted(guard_atoms)
        others = sorted(set(atoms.values()) - guard_atoms)
        for other_values in itertools.product((False, True), repeat=len(others)):
            assignment = dict(zip(others, other_values))
            reachable = False
            reachable_by_internal_user = False
            for guard_values in itertools.product((False, True), repeat=len(guards)):
                assignment.update(zip(guards, guard_values))
                if all(_evaluate(f, assignment) for f in formulas):
                    reachable = True
                    if all(guard_values):
                        reachable_by_internal_user = True
                        break
            if reachable and not reachable_by_internal_user:
                return True
        return False

    def _formula(self, node: ast.expr, scope: Scope, atoms: dict[str, int],
                 guard_atoms: set[int]) -> Formula:
        if isinstance(node, ast.BoolOp):
            return Junction(isinstance(node.op, ast.And),
                            tuple(self._formula(v, scope, atoms, guard_atoms) for v in node.values))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return Not(self._formula(node.operand, scope, atoms, guard_atoms))
        if isinstance(node, ast.NamedExpr):
            return self._formula(node.value, scope, atoms, guard_atoms)
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and \
                isinstance(node.ops[0], (ast.Is, ast.IsNot, ast.Eq, ast.NotEq)):
            right = node.comparators[0]
            if isinstance(right, ast.Constant) and isinstance(right.value, bool):
                inner = self._formula(node.left, scope, atoms, guard_atoms)
                negated = isinstance(node.ops[0], (ast.IsNot, ast.NotEq)) != (not right.value)
                return Not(inner) if negated else inner
        key = _atom_key(node)
        index = atoms.get(key)
        if index is None:
            index = atoms[key] = len(atoms)
            if self.is_guard_term(node, scope):
                guard_atoms.add(index)
        return Atom(index)


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


def _contains(block: object, child: ast.AST) -> bool:
    # ``in`` and ``index`` compare AST nodes by identity: they define no ``__eq__``
    if isinstance(block, list):
        return child in block
    return block is child


def _index(items: list[ast.expr], child: ast.AST) -> int:
    try:
        return items.index(child)  # type: ignore[arg-type]
    except ValueError:
        return -1


def _block_of(parent: ast.AST, child: ast.stmt) -> list[ast.stmt] | None:
    for field in ("body", "orelse", "finalbody"):
        block = getattr(parent, field, None)
        if isinstance(block, list) and _contains(block, child):
            return block
    return None


def _exits_before(block: list[ast.stmt], child: ast.stmt) -> Iterator[tuple[ast.expr, bool]]:
    """Conditions that exiting ``if`` statements before ``child`` leave behind."""
    for statement in block:
        if statement is child:
            return
        yield from _exit_conditions(statement)


def _exit_conditions(statement: ast.stmt) -> Iterator[tuple[ast.expr, bool]]:
    if isinstance(statement, ast.If):
        body_exits, else_exits = _always_exits(statement.body), _always_exits(statement.orelse)
        if body_exits and not else_exits:
            yield statement.test, False
        elif else_exits and not body_exits:
            yield statement.test, True
    elif isinstance(statement, (ast.With, ast.AsyncWith)):
        for inner in statement.body:  # a with-block always runs before what follows it
            yield from _exit_conditions(inner)
    elif isinstance(statement, ast.Try):
        for inner in [*statement.body, *statement.finalbody]:
            yield from _exit_conditions(inner)


def _always_exits(block: Sequence[ast.stmt]) -> bool:
    if not block:
        return False
    last = block[-1]
    if isinstance(last, (ast.Return, ast.Raise, ast.Continue, ast.Break)):
        return True
    if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call):
        return last_name(last.value.func) in _EXIT_CALLS
    if isinstance(last, ast.If):
        return _always_exits(last.body) and _always_exits(last.orelse)
    return False


def _mentions_any(formula: Formula, atoms: set[int]) -> bool:
    if isinstance(formula, Atom):
        return formula.index in atoms
    if isinstance(formula, Not):
        return _mentions_any(formula.operand, atoms)
    return any(_mentions_any(f, atoms) for f in formula.operands)


def _evaluate(formula: Formula, assignment: dict[int, bool]) -> bool:
    if isinstance(formula, Atom):
        return assignment[formula.index]
    if isinstance(formula, Not):
        return not _evaluate(formula.operand, assignment)
    if formula.is_and:
        return all(_evaluate(f, assignment) for f in formula.operands)
    return any(_evaluate(f, assignment) for f in formula.operands)
