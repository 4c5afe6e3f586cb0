"""Fix planning: for a problem, which edit fixes it, with which expression, how safely."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from typing import Optional

from ..fixes import (
    ADD_TO_DICT,
    ADD_TO_DICT_CALL,
    APPEND_CONTEXT,
    RENAME_KEY,
    REPLACE_CONTEXT,
    SAFE,
    SPREAD_CONTEXT,
    UNSAFE,
    WRAP_IN_GUARD,
    Edit,
    Fix,
    parse_guard_import,
    source_segment,
    span_of,
)
from ..settings import Settings
from .attribution import Problem
from .calls import Resolver
from .context import _rebinds
from .flow import StatementPath
from .scopes import Candidate
from .targets import CallTarget

# names whose value is, by convention, the id of the company an event belongs to
GROUP_ID_NAMES = ("group_id", "company_id", "workspace_id", "organization_id", "org_id",
                  "account_id", "team_id", "tenant_id")
GROUP_OBJECT_NAMES = ("company", "workspace", "organization", "org", "account", "team",
                      "tenant")

_FORMS = {"append": APPEND_CONTEXT, "replace": REPLACE_CONTEXT, "dict": ADD_TO_DICT,
          "dict-call": ADD_TO_DICT_CALL, "spread": SPREAD_CONTEXT}

NO_GROUP_ID = "no group id to use here: set `group-id` (or pass --group-id)"
NO_GUARD = "no guard expression: set `guard` and `guard-import` (or pass --guard)"

Plan = tuple[Optional[Fix], str]


class FixPlanner:
    def __init__(self, settings: Settings, resolver: Resolver, lines: Sequence[str],
                 calls: Sequence[tuple[Candidate, CallTarget, StatementPath]]) -> None:
        self.settings = settings
        self.resolver = resolver
        self.lines = lines
        self.group_calls = [(c, p) for c, t, p in calls if t.method == "group"
                            and not t.is_wrapper]

    # -- GID1xx -------------------------------------------------------------

    def attribution_fix(self, problem: Problem, candidate: Candidate, target: CallTarget,
                        path: StatementPath) -> Plan:
        repair = problem.repair
        if repair is None:
            return None, ""
        if repair.form == "rename":
            assert repair.node is not None
            edits = tuple(Edit(RENAME_KEY, span_of(node, self.lines))
                          for node in (repair.node, *repair.other_nodes))
            return Fix(SAFE, 'Rename the key to "groupId"', edits), ""
        if not repair.form:
            return None, repair.reason
        if repair.value is not None:  # GID104: the value already given in the payload
            expression = source_segment(self.lines, repair.value)
            simple = isinstance(repair.value, (ast.Name, ast.Attribute, ast.Constant))
            inside = _within(repair.value, candidate.call)
            safety = SAFE if simple and inside else UNSAFE
        else:
            found = self.group_id_expression(candidate, target, path)
            if found is None:
                return None, NO_GROUP_ID
            expression, safety = found
        assert repair.node is not None
        edit = Edit(_FORMS[repair.form], span_of(repair.node, self.lines), expression)
        return Fix(safety, f'Add "groupId": {expression} to the context', (edit,)), ""

    def group_id_expression(self, candidate: Candidate, target: CallTarget,
                            path: StatementPath) -> tuple[str, str] | None:
        """The expression for a missing group id, and how sure we are of it."""
        if self.settings.group_id:
            return self.settings.group_id.strip(), SAFE
        from_group_call = self._from_group_call(candidate, path)
        if from_group_call is not None:
            return from_group_call, SAFE
        scope = candidate.scope
        for name in GROUP_ID_NAMES:
            if self.resolver.lookup(name, scope) is not None:
                return name, UNSAFE
        for name in GROUP_OBJECT_NAMES:
            if self.resolver.lookup(name, scope) is not None:
                return f"{name}.id", UNSAFE
        return None

    def _from_group_call(self, candidate: Candidate, path: StatementPath) -> str | None:
        """The ``group_id`` of a ``group()`` call on the same user that runs just before."""
        user = _argument(candidate.call, "user_id", 0)
        if user is None:
            return None
        home = candidate.scope.statement_scope()
        for group, group_path in reversed(self.group_calls):
            if group.scope.statement_scope() is not home or not _dominates(group_path, path):
                continue
            group_user = _argument(group.call, "user_id", 0)
            group_id = _argument(group.call, "group_id", 1)
            if group_user is None or group_id is None or \
                    ast.dump(group_user) != ast.dump(user):
                continue
            names = {n.id for n in ast.walk(group_id) if isinstance(n, ast.Name)}
            between = _statements_between(group_path, path)
            if any(_rebinds(statement, name) for statement in between for name in names):
                continue
            return source_segment(self.lines, group_id)
        return None

    # -- GID201 ---------------------------------------------------------------

    def guard_fix(self, candidate: Candidate) -> Plan:
        guard = (self.settings.guard or "").strip()
        if not guard:
            return None, NO_GUARD
        statement, parent = _enclosing_statement(candidate.ancestors)
        call = candidate.call
        value = statement.value if isinstance(statement, ast.Expr) else None
        if isinstance(value, ast.Await):
            value = value.value
        if value is not call:
            return None, "the call's value is used: only a call statement can be wrapped"
        if statement.lineno == getattr(parent, "lineno", None) and \
                not isinstance(parent, ast.Module):
            return None, "the call shares its line with a compound statement"
        if _shares_line_with_sibling(statement, parent):
            return None, "the call shares its line with another statement"
        imports: tuple[tuple[str, str], ...] = ()
        if self.settings.guard_import:
            imports = (parse_guard_import(self.settings.guard_import),)
        edit = Edit(WRAP_IN_GUARD, span_of(call, self.lines), guard)
        return Fix(SAFE, f"Wrap the call in `if not {guard}:`", (edit,), imports), ""


def _argument(call: ast.Call, name: str, position: int) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    if len(call.args) > position and not any(
            isinstance(a, ast.Starred) for a in call.args[:position + 1]):
        return call.args[position]
    return None


def _within(node: ast.AST, outer: ast.AST) -> bool:
    return any(child is node for child in ast.walk(outer))


def _dominates(earlier: StatementPath, later: StatementPath) -> bool:
    """``earlier``'s statement runs before ``later``'s on every path: it precedes it
    in the same block or in an enclosing one."""
    depth = len(earlier) - 1
    if depth < 0 or depth >= len(later):
        return False
    for (block_a, index_a), (block_b, index_b) in zip(earlier[:depth], later[:depth]):
        if block_a is not block_b or index_a != index_b:
            return False
    block, index = earlier[depth]
    later_block, later_index = later[depth]
    return block is later_block and index < later_index


def _statements_between(earlier: StatementPath, later: StatementPath) -> list[ast.stmt]:
    depth = len(earlier) - 1
    block, index = earlier[depth]
    statements = list(block[index + 1:later[depth][1]])
    for inner_block, inner_index in later[depth + 1:]:
        statements.extend(inner_block[:inner_index])
    return statements


def _enclosing_statement(ancestors: Sequence[ast.AST]) -> tuple[ast.stmt, ast.AST]:
    for position in range(len(ancestors) - 1, 0, -1):
        node = ancestors[position]
        if isinstance(node, ast.stmt):
            return node, ancestors[position - 1]
    raise AssertionError("a call outside any statement")  # pragma: no cover


def _shares_line_with_sibling(statement: ast.stmt, parent: ast.AST) -> bool:
    for field in ("body", "orelse", "finalbody"):
        block = getattr(parent, field, None)
        if not isinstance(block, list):
            continue
        for position, item in enumerate(block):
            if item is not statement:
                continue
            before = block[position - 1] if position else None
            after = block[position + 1] if position + 1 < len(block) else None
            return (before is not None and before.end_lineno == statement.lineno) or \
                (after is not None and after.lineno == statement.end_lineno)
    return False
