"""What an analytics call calls: the SDK method, or a wrapper that forwards to one."""

from __future__ import annotations

from collections.abc import Sequence

from .values import Record


class CallTarget(Record):
    """What an analytics call calls."""

    __slots__ = (
        "assumed_signature",
        "context_parameter",
        "default_grouped",
        "is_wrapper",
        "method",
        "origin",
        "payload_parameter",
        "positional_only",
        "satisfied",
        "signature",
    )

    def __init__(self, method: str, is_wrapper: bool, signature: tuple[str, ...] | None,
                 context_parameter: str = "context", satisfied: bool = False,
                 origin: str = "", payload_parameter: str | None = None,
                 positional_only: bool = False, default_grouped: bool = False,
                 assumed_signature: bool = False) -> None:
        self.method = method  # the SDK method it is (or, for a wrapper, forwards to)
        self.is_wrapper = is_wrapper
        # its positional parameters (the SDK's, or a wrapper's own); None: by keyword only
        self.signature = signature
        # the parameter that carries the context
        self.context_parameter = context_parameter
        # a wrapper that adds groupId itself: its callers need not
        self.satisfied = satisfied
        # what it is, for `explain`: "segment.analytics.track", "app.tracking.send" …
        self.origin = origin
        # a wrapper's own parameter that it passes on as the SDK's properties/traits
        # (``props``); None: the SDK's name (GID104 reads the groupId misplaced there)
        self.payload_parameter = payload_parameter
        # a wrapper's context parameter that cannot be passed by keyword (``/``)
        self.positional_only = positional_only
        # a wrapper that passes a context with groupId on where its caller gives none
        # (``context or {"groupId": …}``)
        self.default_grouped = default_grouped
        # a configured wrapper: its positions are taken to be the SDK method's
        self.assumed_signature = assumed_signature


class Clients:
    """The ``clients`` setting: receivers from outside the project that are SDK
    clients (a name, or a dotted path)."""

    def __init__(self, entries: Sequence[str]) -> None:
        self.names = frozenset(c for c in entries if "." not in c)
        self.paths = tuple(c for c in entries if "." in c)

    def names_value(self, name: str | None, qualname: str | None) -> bool:
        """Is a receiver bound nowhere (``name``), or imported from outside the project
        as ``qualname``, a configured client?"""
        if name is not None:
            return name in self.names
        if qualname is None:
            return False
        return qualname.rpartition(".")[2] in self.names or \
            any(qualname_matches(qualname, entry) for entry in self.paths)


def qualname_matches(qualname: str, entry: str) -> bool:
    """Does the configured dotted ``entry`` name the object known as ``qualname``?

    Exact match, or one ends with the other at a dot: a relative import of an
    unknown package (``.tracking.send``) or a module named from its file path
    (``src.app.tracking.send``) cannot be pinned down further than that.
    """
    if qualname == entry:
        return True
    tail = qualname.lstrip(".")
    if not tail:
        return False
    return entry.endswith("." + tail) or tail.endswith("." + entry) or tail == entry


def ref_target(qualname: str, wrappers: Sequence[tuple[str, str]]) -> CallTarget | None:
    """The target of a call of the importable ``qualname`` (SDK paths canonical): an
    SDK function, or a helper the ``wrappers`` setting names."""
    from .sdk import SDK, SDK_METHODS, SIGNATURES

    module, _, method = qualname.rpartition(".")
    if module == SDK and method in SDK_METHODS:
        return CallTarget(method, False, SIGNATURES[method], origin=qualname)
    for entry, forwarded in wrappers:
        if qualname_matches(qualname, entry):
            # checked like the SDK method it forwards to: its signature too
            return CallTarget(forwarded, True, SIGNATURES.get(forwarded), origin=entry,
                              assumed_signature=True)
    return None
