"""GID1xx: is the call's event attributed to a company?"""

from __future__ import annotations

import ast
from typing import NamedTuple, Union

from .calls import CallTarget
from .context import NO_CONTEXT, UNKNOWN, ContextAnalyzer, DictInfo, DictResult, Entry
from .flow import StatementPath
from .scopes import Scope
from .sdk import GROUP_KEY, PAYLOAD_PARAMETER, is_misspelled_group_key


class Repair(NamedTuple):
    """How the source would change to fix a GID1xx problem (the checker adds the text).

    ``form`` is ``append`` (a new ``context=`` keyword on ``node``, the call),
    ``replace`` (``node`` is a ``None`` context), ``dict`` (``node`` is the
    context's dict literal), ``dict-call`` (``node`` is a ``dict(...)`` call),
    ``spread`` (``node`` becomes ``{**node, "groupId": ...}``) or ``rename``
    (``node`` is a misspelled key); ``""`` means no fix, for ``reason``.
    """

    form: str
    node: ast.AST | None = None
    value: ast.expr | None = None  # GID104: the misplaced groupId's value
    reason: str = ""
    other_nodes: tuple[ast.AST, ...] = ()  # the same key in other branches: renamed too


class Problem(NamedTuple):
    """A finding before it is given a position in the file's text."""

    code: str
    node: ast.AST
    fields: dict[str, str]
    repair: Repair | None = None


class _Missing:
    pass


MISSING = _Missing()
ArgumentLookup = Union[ast.expr, _Missing, "Unverifiable"]


class Unverifiable(NamedTuple):
    node: ast.AST  # the ``*args`` or ``**kwargs`` that hides the argument


def find_argument(call: ast.Call, parameter: str, target: CallTarget,
                  analyzer: ContextAnalyzer, scope: Scope,
                  path: StatementPath) -> ArgumentLookup:
    """The expression passed for ``parameter``, ``MISSING``, or why it cannot be known."""
    for keyword in call.keywords:
        if keyword.arg == parameter:
            return keyword.value
    signature = target.signature
    if signature is not None and parameter in signature:
        position = signature.index(parameter)
        for index, argument in enumerate(call.args):
            if isinstance(argument, ast.Starred):
                return Unverifiable(argument)
            if index == position:
                return argument
    for keyword in call.keywords:
        if keyword.arg is not None:
            continue
        spread = analyzer.evaluate(keyword.value, scope, path)
        if not isinstance(spread, DictInfo):
            return Unverifiable(keyword)
        entry = spread.entries.get(parameter)
        if entry is not None:
            return entry.value if entry.value is not None else Unverifiable(keyword)
        if spread.may_hold(parameter):
            return Unverifiable(keyword)
    return MISSING


def check_attribution(call: ast.Call, target: CallTarget, display: str,
                      analyzer: ContextAnalyzer, scope: Scope,
                      path: StatementPath) -> Problem | None:
    """The most specific GID1xx problem of ``call``, if any, with how to repair it."""
    fields = {"method": display}
    argument = find_argument(call, "context", target, analyzer, scope, path)
    if isinstance(argument, Unverifiable):
        return Problem("GID105", argument.node, fields)
    context: DictResult
    if argument is MISSING:
        context = NO_CONTEXT
    else:
        assert isinstance(argument, ast.expr)
        context = analyzer.evaluate(argument, scope, path)
    if isinstance(context, DictInfo):
        entry = context.entries.get(GROUP_KEY)
        if entry is not None:
            if entry.replaced:  # an empty value that may have been replaced: unknown
                return Problem("GID105", argument if isinstance(argument, ast.expr) else call,
                               fields)
            if entry.empty:
                shown = "None" if entry.value is None or _is_none(entry.value) else '""'
                return Problem("GID102", entry.value or entry.key_node, {**fields, "value": shown})
            return None
        misspelled = [e for k, e in context.entries.items() if is_misspelled_group_key(k)]
        if misspelled:
            first = min(misspelled, key=_position)
            return Problem("GID103", first.key_node, {**fields, "key": repr(first.key)},
                           Repair("rename", first.key_node,
                                  other_nodes=first.other_key_nodes))
        if context.may_hold(GROUP_KEY):
            return Problem("GID105", argument if isinstance(argument, ast.expr) else call, fields)
    elif context is UNKNOWN:
        return Problem("GID105", argument if isinstance(argument, ast.expr) else call, fields)
    repair = _add_group_id(call, argument, context)
    payload = PAYLOAD_PARAMETER.get(target.method)
    if payload is not None:
        given = find_argument(call, payload, target, analyzer, scope, path)
        if isinstance(given, ast.expr):
            value = analyzer.evaluate(given, scope, path)
            if isinstance(value, DictInfo) and GROUP_KEY in value.entries:
                misplaced = value.entries[GROUP_KEY]
                return Problem("GID104", misplaced.key_node, {**fields, "payload": payload},
                               repair._replace(value=misplaced.value))
    return Problem("GID101", call, fields, repair)


def _add_group_id(call: ast.Call, argument: ArgumentLookup, context: DictResult) -> Repair:
    """Where a ``"groupId"`` entry can go, given how the context is passed."""
    if argument is MISSING:
        return Repair("append", call)
    assert isinstance(argument, ast.expr)
    direct = any(argument is a for a in call.args) or \
        any(argument is k.value for k in call.keywords)
    if not direct:
        return Repair("", reason="the context comes from a ** spread")
    if context is NO_CONTEXT:  # None, or a name bound to None
        return Repair("replace", argument)
    if isinstance(context, DictInfo) and context.may_be_none:
        return Repair("", reason="the context may be None")
    if isinstance(argument, ast.Dict):
        return Repair("dict", argument)
    if isinstance(argument, ast.Call) and isinstance(argument.func, ast.Name) and \
            argument.func.id == "dict":
        return Repair("dict-call", argument)
    return Repair("spread", argument)


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _position(entry: Entry) -> tuple[int, int]:
    return (getattr(entry.key_node, "lineno", 0), getattr(entry.key_node, "col_offset", 0))
