"""Small facts about ``ast`` nodes that several stages need."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .scopes import Scope

_PROPERTIES = frozenset({"property", "cached_property"})

# the fields of a statement that hold blocks of statements (``handlers`` and
# ``cases`` hold except handlers and match cases, whose ``body`` holds statements)
BLOCK_FIELDS: tuple[str, ...] = ("body", "orelse", "finalbody", "handlers", "cases")


def last_name(node: ast.AST) -> str:
    """``name`` of ``a.b.name`` or of ``name``; ``""`` for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def callee_name(call: ast.Call) -> str:
    """The last name of what ``call`` calls: ``track`` in ``analytics.track(...)``."""
    return last_name(call.func)


def is_property(function: Scope) -> bool:
    """A method decorated ``@property`` or ``@cached_property``."""
    return any(last_name(d) in _PROPERTIES for d in function.decorators)


def field_default(call: ast.Call) -> tuple[ast.expr, bool] | None:
    """For a dataclass ``field(default=X)`` call: ``(X, False)``; for
    ``field(default_factory=F)``: ``(F, True)`` (F is called), or the body of a
    ``lambda`` factory, ``(body, False)``; ``None`` for any other call."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name != "field":
        return None
    for keyword in call.keywords:
        if keyword.arg == "default_factory":
            if isinstance(keyword.value, ast.Lambda):  # lambda: Client(key)
                return keyword.value.body, False
            return keyword.value, True
        if keyword.arg == "default":
            return keyword.value, False
    return None


def is_none(node: ast.expr) -> bool:
    """The literal ``None``."""
    return isinstance(node, ast.Constant) and node.value is None
