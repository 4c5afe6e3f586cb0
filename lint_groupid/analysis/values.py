"""The abstract values of the analysis: what a name or an expression may stand for.

There is one ``UNKNOWN``: whatever the analysis cannot see. It is never a finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

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


Value = Union[Ref, Unbound, SelfRef, Marker]


def combine(values: list[Value]) -> Value:
    """The value of a name with several bindings: ``None`` fallbacks are ignored."""
    meaningful = [v for v in values if v is not NONE]
    if not meaningful:
        return NONE if values else UNKNOWN
    first = meaningful[0]
    if all(v == first for v in meaningful[1:]):
        return first
    return UNKNOWN
