"""The abstract values of the analysis: what a name or an expression may stand for.

There is one ``UNKNOWN``: whatever the analysis cannot see. It is never a finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, Union

from .sdk import SDK

if TYPE_CHECKING:
    from .scopes import Scope

_R = TypeVar("_R", bound="Record")


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


# The value classes are written out rather than made with ``dataclasses``: a dataclass
# costs about a millisecond at import (its methods are compiled from text), and every
# run of `check` on one file pays for each (SPEC: start-up).


class Record:
    """A value made of its fields, its ``__slots__`` (each a parameter of its
    ``__init__`` of the same name): equal to a record of the same class with equal
    fields, and hashable when they are. What ``dataclasses`` would make, without its
    cost at import (see above)."""

    __slots__: tuple[str, ...] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self.__slots__])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and type(other) is type(self) and \
            self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"

    def _asdict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}

    def _replace(self: _R, **changes: Any) -> _R:
        """A copy with ``changes``."""
        return type(self)(**{**self._asdict(), **changes})


class Ref:
    """Something importable, by its qualified name (SDK paths start with ``SDK``)."""

    __slots__ = ("qualname",)

    def __init__(self, qualname: str) -> None:
        self.qualname = qualname

    def __eq__(self, other: object) -> bool:
        return type(other) is Ref and other.qualname == self.qualname

    def __hash__(self) -> int:
        return hash((Ref, self.qualname))

    def __repr__(self) -> str:
        return f"Ref({self.qualname!r})"


class Unbound:
    """A name bound nowhere in the file (a builtin, or from a ``*`` import)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __eq__(self, other: object) -> bool:
        return type(other) is Unbound and other.name == self.name

    def __hash__(self) -> int:
        return hash((Unbound, self.name))

    def __repr__(self) -> str:
        return f"Unbound({self.name!r})"


class SelfRef:
    """``self``/``cls`` inside a method of the class ``scope`` (equal only to itself)."""

    __slots__ = ("scope",)

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def __repr__(self) -> str:
        return f"SelfRef({self.scope!r})"


MODULE, FUNCTION, CLASS, INSTANCE, METHOD = "module", "function", "class", "instance", "method"
# a summary's ``f#1``: another definition of the function ``f`` (``if``/``else``…)
ALTERNATE = "#"


class ProjectObject:
    """Something a module of the project defines: the module itself, a function, a
    class, an instance of a class, or a method bound to an instance."""

    __slots__ = ("kind", "module", "qualname")

    def __init__(self, kind: str, module: str, qualname: str = "") -> None:
        self.kind = kind
        self.module = module  # the defining module's key (its path from the project root)
        self.qualname = qualname  # "f", "C", "C.m"; "" for a module

    def __eq__(self, other: object) -> bool:
        return type(other) is ProjectObject and other.kind == self.kind and \
            other.module == self.module and other.qualname == self.qualname

    def __hash__(self) -> int:
        return hash((self.kind, self.module, self.qualname))

    def __repr__(self) -> str:
        return f"ProjectObject({self.kind!r}, {self.module!r}, {self.qualname!r})"


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
