"""GID1xx: is the call's event attributed to a company?"""

from __future__ import annotations

import ast
from typing import NamedTuple

from ..rules import (
    EMPTY_GROUP_ID,
    GROUP_ID_IN_PAYLOAD,
    MISSPELLED_GROUP_KEY,
    NO_GROUP_ID,
    UNVERIFIABLE_CONTEXT,
)
from .context import (
    NO_CONTEXT,
    UNKNOWN,
    ContextAnalyzer,
    DictInfo,
    DictResult,
    Entry,
    never_true,
)
from .flow import StatementPath
from .scopes import Scope
from .sdk import GROUP_KEY, PAYLOAD_PARAMETER, is_misspelled_group_key
from .syntax import is_none
from .targets import CallTarget


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
    keyword: str = "context"  # ``append``: the parameter that takes the context


class Problem(NamedTuple):
    """A finding before it is given a position in the file's text."""

    code: str
    node: ast.AST
    fields: dict[str, str]
    repair: Repair | None = None


class Argument(NamedTuple):
    """What a call passes for a parameter: the expression (``None`` when nothing is
    passed), or, when it cannot be known, the ``*args``/``**kwargs`` that hides it."""

    value: ast.expr | None = None
    hidden_by: ast.AST | None = None


def find_argument(call: ast.Call, parameter: str, target: CallTarget,
                  analyzer: ContextAnalyzer, scope: Scope,
                  path: StatementPath) -> Argument:
    """What ``call`` passes for ``parameter``, by keyword (unless the target takes it
    by position only), position or ``**`` spread."""
    for keyword in call.keywords:
        if keyword.arg == parameter and not target.positional_only:
            return Argument(keyword.value)
    signature = target.signature
    if signature is not None and parameter in signature:
        position = signature.index(parameter)
        for index, argument in enumerate(call.args):
            if isinstance(argument, ast.Starred):
                return Argument(hidden_by=argument)
            if index == position:
                return Argument(argument)
    if target.positional_only:
        return Argument()  # (nor does a ``**`` spread reach it)
    for keyword in call.keywords:
        if keyword.arg is not None:
            continue
        spread = analyzer.evaluate(keyword.value, scope, path)
        if not isinstance(spread, DictInfo):
            return Argument(hidden_by=keyword)
        entry = spread.entries.get(parameter)
        if entry is not None:
            return Argument(entry.value, None if entry.value is not None else keyword)
        if spread.may_hold(parameter):
            return Argument(hidden_by=keyword)
    return Argument()


def check_attribution(call: ast.Call, target: CallTarget, display: str,
                      analyzer: ContextAnalyzer, scope: Scope,
                      path: StatementPath) -> Problem | None:
    """The most specific GID1xx problem of ``call``, if any, with how to repair it."""
    fields = {"method": display}
    found = find_argument(call, target.context_parameter, target, analyzer, scope, path)
    if found.hidden_by is not None:
        return Problem(UNVERIFIABLE_CONTEXT.code, found.hidden_by, fields)
    argument = found.value
    context: DictResult = NO_CONTEXT if argument is None else \
        analyzer.evaluate(argument, scope, path)
    if target.default_grouped and never_true(context):
        return None  # no context given (None, or empty): the wrapper adds one with groupId
    if isinstance(context, DictInfo):
        entry = context.entries.get(GROUP_KEY)
        if entry is not None:
            if entry.replaced:  # an empty value that may have been replaced: unknown
                return Problem("GID105", argument if isinstance(argument, ast.expr) else call,
                               fields)
            if entry.empty:
                shown = "None" if entry.value is None or is_none(entry.value) else '""'
                return Problem(EMPTY_GROUP_ID.code, entry.value or entry.key_node,
                               {**fields, "value": shown})
            return None
        misspelled = [e for k, e in context.entries.items() if is_misspelled_group_key(k)]
        if misspelled:
            first = min(misspelled, key=_position)
            return Problem(MISSPELLED_GROUP_KEY.code, first.key_node,
                           {**fields, "key": repr(first.key)},
                           Repair("rename", first.key_node, other_nodes=first.other_key_nodes))
        if context.may_hold(GROUP_KEY):
            return Problem(UNVERIFIABLE_CONTEXT.code, argument or call, fields)
    elif context is UNKNOWN:
        return Problem(UNVERIFIABLE_CONTEXT.code, argument or call, fields)
    repair = _add_group_id(call, argument, context)._replace(keyword=target.context_parameter)
    if repair.form == "append" and target.positional_only:
        repair = Repair("", reason=f"`{target.context_parameter}` is taken by position "
                                   "only here")
    payload = target.payload_parameter or PAYLOAD_PARAMETER.get(target.method)
    if payload is not None:
        given = find_argument(call, payload, target, analyzer, scope, path).value
        if given is not None:
            value = analyzer.evaluate(given, scope, path)
            if isinstance(value, DictInfo) and GROUP_KEY in value.entries:
                misplaced = value.entries[GROUP_KEY]
                return Problem(GROUP_ID_IN_PAYLOAD.code, misplaced.key_node,
                               {**fields, "payload": payload},
                               repair._replace(value=misplaced.value))
    return Problem(NO_GROUP_ID.code, call, fields, repair)


def _add_group_id(call: ast.Call, argument: ast.expr | None, context: DictResult) -> Repair:
    """Where a ``"groupId"`` entry can go, given how the context is passed."""
    if argument is None:
        return Repair("append", call)
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


def _position(entry: Entry) -> tuple[int, int]:
    return (getattr(entry.key_node, "lineno", 0), getattr(entry.key_node, "col_offset", 0))
