"""What a name is bound to, one class per kind of binding."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from .scopes import Scope

FunctionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda]


class Import:
    """``import x`` / ``from m import x``: the qualified name it imports."""

    __slots__ = ("node", "qualname")

    def __init__(self, qualname: str, node: ast.Import | ast.ImportFrom) -> None:
        self.qualname = qualname
        self.node = node


class Assign:
    """``name = value`` (also ``name: T = value`` and ``(name := value)``)."""

    __slots__ = ("annotation", "node", "value")

    def __init__(self, value: ast.expr, node: ast.AST,
                 annotation: ast.expr | None = None) -> None:
        self.value = value
        self.node = node
        self.annotation = annotation


class Annotated:
    """``name: T`` without a value: only its type is known."""

    __slots__ = ("annotation", "node")

    def __init__(self, annotation: ast.expr, node: ast.AnnAssign) -> None:
        self.annotation = annotation
        self.node = node


class Parameter:
    """A parameter of a function (``self`` of a method is :class:`SelfParameter`)."""

    __slots__ = ("annotation", "node")

    def __init__(self, node: ast.arg) -> None:
        self.node = node
        self.annotation = node.annotation


class SelfParameter:
    """The first parameter of a method: an instance (or the class) of ``cls``."""

    __slots__ = ("cls", "node")

    def __init__(self, cls: Scope, node: ast.arg) -> None:
        self.cls = cls
        self.node = node


class Function:
    """``def name(...)``: its scope, and its qualified name when it is module-level."""

    __slots__ = ("node", "qualname", "scope")

    def __init__(self, qualname: str | None, scope: Scope, node: FunctionNode) -> None:
        self.qualname = qualname
        self.scope = scope
        self.node = node


class Class:
    """``class Name``: its scope (``None`` when nothing in it can matter)."""

    __slots__ = ("node", "qualname", "scope")

    def __init__(self, qualname: str | None, scope: Scope | None, node: ast.ClassDef) -> None:
        self.qualname = qualname
        self.scope = scope
        self.node = node


class Opaque:
    """A binding whose value the analysis does not follow (a loop target, ``with …
    as``, an ``except … as``, ``del``, a match capture, an augmented assignment)."""

    __slots__ = ("node",)

    def __init__(self, node: ast.AST) -> None:
        self.node = node


Binding = Union[Import, Assign, Annotated, Parameter, SelfParameter, Function, Class, Opaque]
