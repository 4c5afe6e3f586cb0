"""lint-groupid: find analytics calls that inflate B2B active-company numbers."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # read from the package metadata only when asked: importing importlib.metadata
    # costs more than the rest of a `check` start-up
    if name != "__version__":
        raise AttributeError(f"module 'lint_groupid' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("lint-groupid")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        found = "0.0.0"
    globals()["__version__"] = found
    return found
