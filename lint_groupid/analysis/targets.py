"""What an analytics call calls: the SDK method, or a wrapper that forwards to one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CallTarget:
    method: str  # the SDK method it is (or, for a wrapper, forwards to)
    is_wrapper: bool
    # its positional parameters (the SDK's, or a wrapper's own); None: by keyword only
    signature: tuple[str, ...] | None
    # the parameter that carries the context
    context_parameter: str = "context"
    # a wrapper that adds groupId itself: its callers need not
    satisfied: bool = False
    # what it is, for `explain`: "segment.analytics.track", "app.tracking.send" …
    origin: str = ""


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
