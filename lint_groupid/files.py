"""Finding, reading and decoding the files to check."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .positions import split_lines
from .settings import Settings, is_excluded

DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", ".eggs", "*.egg-info",
    "__pycache__", "build", "dist", "node_modules", ".mypy_cache", ".pytest_cache",
    ".ruff_cache", ".cache", "site-packages",
)

STDIN = "-"


class InputError(Exception):
    """A path that cannot be checked: one line, naming the path."""


@dataclass(frozen=True)
class Source:
    path: str
    text: str
    lines: list[str]  # with their line endings, as flake8 hands them to plugins
    raw: bytes
    encoding: str


def discover(paths: Iterable[str], settings: Settings) -> Iterator[str]:
    """The Python files under ``paths``, in a stable order; ``-`` is standard input.

    A file named explicitly is checked even when it matches ``exclude`` only
    through the default list; the ``exclude`` setting applies to it as well, as
    in flake8 and ruff (``--force-exclude`` behaviour) for pre-commit runs.
    """
    for path in paths:
        if path == STDIN:
            yield path
            continue
        if os.path.isdir(path):
            yield from _walk(path, settings)
        elif os.path.lexists(path):
            if not _excluded_with_parents(settings, path):
                yield path
        else:
            raise InputError(f"{path}: no such file or directory")


def _excluded_with_parents(settings: Settings, path: str) -> bool:
    """A file named on the command line, or one of its folders below the root, is excluded."""
    if not settings.exclude:
        return False
    if is_excluded(settings, path, settings.exclude):
        return True
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(settings.root))
    parts = relative.split(os.sep)
    if parts[0] == os.pardir:
        return False
    return any(
        is_excluded(settings, os.path.join(settings.root, *parts[:end]), settings.exclude)
        for end in range(1, len(parts))
    )


def _walk(top: str, settings: Settings) -> Iterator[str]:
    patterns = (*DEFAULT_EXCLUDES, *settings.exclude)
    if top not in (".", "./") and is_excluded(settings, top, settings.exclude):
        return
    seen: set[tuple[int, int]] = set()
    for directory, subdirectories, filenames in os.walk(top, followlinks=True):
        try:
            stat = os.stat(directory)
        except OSError:
            subdirectories[:] = []
            continue
        if (stat.st_dev, stat.st_ino) in seen:  # a symlink loop
            subdirectories[:] = []
            continue
        seen.add((stat.st_dev, stat.st_ino))
        subdirectories[:] = sorted(
            d for d in subdirectories
            if not is_excluded(settings, os.path.join(directory, d), patterns)
        )
        for filename in sorted(filenames):
            if not filename.endswith(".py"):
                continue
            path = os.path.join(directory, filename)
            if path.startswith("./"):
                path = path[2:]  # "a.py", as ruff shows it, not "./a.py"
            if not is_excluded(settings, path, settings.exclude):
                yield path


def read_bytes(path: str) -> bytes:
    if path == STDIN:
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file (a broken symlink?)") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None


def decode(path: str, raw: bytes) -> Source:
    """Text as Python would read it: BOM and coding cookie honoured."""
    try:
        second = raw.find(b"\n", raw.find(b"\n") + 1)
        head = raw[:second] if second != -1 else raw  # where a coding cookie may stand
        if raw.startswith(b"\xef\xbb\xbf") or b"coding" in head:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
        else:
            encoding = "utf-8"  # no BOM, no cookie in the first two lines: the default
        text = raw.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot decode: {_reason(error)}") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return Source(path, text, split_lines(text), raw, encoding)


def _reason(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return f"invalid {error.encoding} at byte {error.start}"
    return str(error).split("\n")[0]


def module_name_for(path: str) -> str | None:
    """``app/tracking.py`` -> ``app.tracking``, to match configured dotted names."""
    if path == STDIN:
        return None
    relative = os.path.normpath(path)
    if os.path.isabs(relative):
        here = os.getcwd()
        if not relative.startswith(here.rstrip(os.sep) + os.sep):
            return None  # outside the working folder: no module name to match
        relative = relative[len(here.rstrip(os.sep)) + 1:]
    parts = relative.replace(os.sep, "/").split("/")
    if parts[-1].endswith(".py"):
        parts[-1] = parts[-1][:-3]
    if parts[-1] == "__init__":
        parts.pop()
    parts = [p for p in parts if p not in ("", ".")]
    if not parts or not all(p.isidentifier() for p in parts):
        return None
    return ".".join(parts)


class ChangedOnDisk(Exception):
    """The file changed between reading and writing it: it is left alone."""


def encode(text: str, source: Source) -> bytes:
    """``text`` in the file's own encoding (a BOM comes back with ``utf-8-sig``)."""
    return text.encode(source.encoding)


def write_atomically(path: str, data: bytes, expected: bytes) -> None:
    """Replace ``path`` with ``data`` in one step, if it still holds ``expected``.

    The new content goes to a temporary file in the same folder, with the
    file's permissions, and replaces it with ``os.replace``: a reader (or a
    crash) sees the old file or the new one, never half of either. A symlink
    is followed: its target is rewritten, the link stays.
    """
    import stat
    import tempfile

    target = os.path.realpath(path)
    mode = stat.S_IMODE(os.stat(target).st_mode)
    with open(target, "rb") as handle:
        if handle.read() != expected:
            raise ChangedOnDisk(f"{path}: changed on disk while it was being fixed")
    directory = os.path.dirname(target) or "."
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".lint-groupid-",
                                             suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        with open(target, "rb") as handle:  # once more, as late as possible
            if handle.read() != expected:
                raise ChangedOnDisk(f"{path}: changed on disk while it was being fixed")
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
