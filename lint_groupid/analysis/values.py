"""The abstract values of the analysis: what a name or an expression may stand for.

There is one ``UNKNOWN``: whatever the analysis cannot see. It is never a finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

from .sdk import SDK

if TYPE_CHECKING:
    from .scopes import Scope


class Marker:
    """A named singleton value of the analysis (``UNKNOWN`` and the like)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


UNKNOWN = Marker("UNKNOWN")
NONE = Marker("NONE")  # the literal None: neutral when combining bindings
CLIENT = Marker("CLIENT")  # an instance of an SDK's Client class


@dataclass(frozen=True)
class Ref:
    """Something importable, by its qualified name (SDK paths start with ``SDK``)."""

    qualname: str


@dataclass(frozen=True)
class Unbound:
    """A name bound nowhere in the file (a builtin, or from a ``*`` import)."""

    name: str


@dataclass(frozen=True, eq=False)
class SelfRef:
    """``self``/``cls`` inside a method of the class ``scope``."""

    scope: Scope


MODULE, FUNCTION, CLASS, INSTANCE, METHOD = "module", "function", "class", "instance", "method"


@dataclass(frozen=True)
class ProjectObject:
    """Something a module of the project defines: the module itself, a function, a
    class, an instance of a class, or a method bound to an instance."""

    kind: str
    module: str  # the defining module's key (its path from the project root)
    qualname: str = ""  # "f", "C", "C.m"; "" for a module


Value = Union[Ref, Unbound, SelfRef, ProjectObject, Marker]


def is_sdk(value: Value) -> bool:
    return value is CLIENT or (isinstance(value, Ref) and value.qualname.split(".")[0] == SDK)


def combine(values: list[Value]) -> Value:
    """The value of a name with several bindings. An analytics object wins (a fallback
    stub under ``except ImportError:`` or a mock under ``if TESTING:`` does not turn
    the check off), then a project object; ``None`` is neutral; other
    disagreements are unknown."""
    meaningful = [v for v in values if v is not NONE and v is not UNKNOWN]
    if not meaningful:
        return UNKNOWN if any(v is UNKNOWN for v in values) or not values else NONE
    for value in meaningful:
        if is_sdk(value):
            return value
    for value in meaningful:
        if isinstance(value, ProjectObject):
            return value
    first = meaningful[0]
    if len(meaningful) == len(values) and all(v == first for v in meaningful[1:]):
        return first
    return UNKNOWN
