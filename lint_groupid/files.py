"""Finding, reading and decoding the files to check."""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import functools
import io
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from .positions import split_lines
from .settings import Settings

DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", ".eggs", "*.egg-info",
    "__pycache__", "build", "dist", "node_modules", ".mypy_cache", ".pytest_cache",
    ".ruff_cache", ".cache", "site-packages",
)

STDIN = "-"

# A file that mentions an analytics word is parsed only up to this size: ``ast``
# needs about 80 bytes of memory per byte of source (4 MB: ~3 s and ~350 MB),
# and hand-written modules stay far below it. Above it, the file is one GID000.
MAX_CHECKED_BYTES = 4 * 1024 * 1024
# No file is read past this, whatever it holds.
MAX_READ_BYTES = 64 * 1024 * 1024

Note = Callable[[str], None]


class InputError(Exception):
    """A path that cannot be checked: one line, naming the path."""


class OutsideRoot(PermissionError):
    """A write refused because the file's real path is outside the project root."""

    def __str__(self) -> str:
        return str(self.strerror)


class Source(NamedTuple):
    """A file's content, decoded (a named tuple: cheaper than a frozen dataclass)."""

    path: str
    text: str
    lines: list[str]  # with their line endings, as flake8 hands them to plugins
    raw: bytes
    encoding: str


def discover(paths: Iterable[str], settings: Settings,
             note: Note | None = None) -> Iterator[str]:
    """The Python files under ``paths``, in a stable order; ``-`` is standard input.

    A file named explicitly is checked even when it matches ``exclude`` only
    through the default list; the ``exclude`` setting applies to it as well, as
    in flake8 and ruff (``--force-exclude`` behaviour) for pre-commit runs. A
    file named explicitly is checked wherever it points; what a walk finds is
    checked only when its real path is inside the project root (see
    :func:`_walk`). ``note`` hears why an entry was skipped (``--verbose``).
    """
    for path in paths:
        if path == STDIN:
            yield path
            continue
        if os.path.isdir(path):
            yield from _walk(path, settings, note or _silent)
        elif os.path.lexists(path):
            if not _excluded_with_parents(settings, path):
                yield path
        else:
            raise InputError(f"{path}: no such file or directory")


def _silent(message: str) -> None:
    pass


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


def is_inside(path: str, root: str) -> bool:
    """True when ``path``, with every symbolic link resolved, is ``root`` or below it."""
    real, top = (os.path.normcase(os.path.realpath(p)) for p in (path, root))
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _walk(top: str, settings: Settings, note: Note) -> Iterator[str]:
    """The ``*.py`` files below ``top``, depth first, each folder's files before its folders.

    A symbolic link is followed only when its real path stays inside the project
    root (black's rule: a repository cannot make the tool read, or ``fix`` write,
    files elsewhere by shipping a link). When ``top`` itself lies outside the
    root, because it was named explicitly, its own real path is the boundary.
    A folder is entered once, however many links lead to it (no loops), and only
    regular files are yielded (a FIFO or a device named ``x.py`` would block or
    never end): broken links are yielded, to be reported.
    """
    patterns = (*DEFAULT_EXCLUDES, *settings.exclude)
    if top not in (".", "./") and is_excluded(settings, top, settings.exclude):
        return
    boundary = settings.root if is_inside(top, settings.root) else top
    seen: set[tuple[int, int]] = set()
    pending = [top]
    while pending:
        directory = pending.pop()
        try:
            info = os.stat(directory)
            if (info.st_dev, info.st_ino) in seen:
                note(f"{_shown(directory)}: skipped: already walked (a symbolic link loop, "
                     "or a second link to a folder)")
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            note(f"{_shown(directory)}: skipped: cannot list it: {error.strerror or error}")
            continue
        subdirectories: list[str] = []
        for entry in entries:
            path = os.path.join(directory, entry.name)
            if _is_directory(entry):
                if is_excluded(settings, path, patterns):
                    continue
                if entry.is_symlink() and not is_inside(path, boundary):
                    note(f"{_shown(path)}: skipped: {_POINTS_OUTSIDE}")
                    continue
                subdirectories.append(path)
                continue
            if not entry.name.endswith(".py"):
                continue
            shown = _shown(path)
            if is_excluded(settings, shown, settings.exclude):
                continue
            if entry.is_symlink():
                if not is_inside(path, boundary):
                    note(f"{shown}: skipped: {_POINTS_OUTSIDE}")
                    continue
                try:
                    os.stat(path)
                except FileNotFoundError:
                    yield shown  # a broken link: reported as one
                    continue
                except OSError as error:  # a loop of links, or no permission
                    note(f"{shown}: skipped: {error.strerror or error}")
                    continue
            if not _is_regular_file(entry):
                note(f"{shown}: skipped: not a regular file")
                continue
            yield shown
        pending.extend(reversed(subdirectories))


_POINTS_OUTSIDE = "a symbolic link that points outside the project root"


def _shown(path: str) -> str:
    return path[2:] if path.startswith("./") else path  # "a.py", as ruff shows it


def _is_directory(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a link loop
        return False


def _is_regular_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def read_bytes(path: str) -> bytes:
    """The bytes of ``path`` (``-``: standard input), at most :data:`MAX_READ_BYTES`.

    Only a regular file is opened: a FIFO, a socket or a device (or a link to
    one) would block or never end, so it is one clear error instead. It is
    checked before opening, and again on the open file in case it was swapped.
    """
    if path == STDIN:
        return _bounded(path, sys.stdin.buffer.read(MAX_READ_BYTES + 1))
    try:
        _require_regular(path, os.stat(path))
        with open(path, "rb", opener=_open_without_blocking) as handle:
            info = os.fstat(handle.fileno())
            _require_regular(path, info)
            if info.st_size > MAX_READ_BYTES:
                raise InputError(f"{path}: {_too_large(info.st_size, MAX_READ_BYTES)}")
            return _bounded(path, handle.read(MAX_READ_BYTES + 1))
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file (a broken symlink?)") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None


def _open_without_blocking(path: str, flags: int) -> int:
    # a FIFO put in place after the check must not block the run: opened with
    # O_NONBLOCK, it is refused by the fstat that follows
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))


def _require_regular(path: str, info: os.stat_result) -> None:
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise InputError(f"{path}: is a directory")
    if not stat.S_ISREG(mode):
        kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "special")
        raise InputError(f"{path}: not a regular file ({kind})")


def _bounded(path: str, data: bytes) -> bytes:
    if len(data) > MAX_READ_BYTES:
        raise InputError(f"{path}: {_too_large(None, MAX_READ_BYTES)}")
    return data


def _too_large(size: int | None, limit: int) -> str:
    """Why a file is not checked; ``size`` is ``None`` when it was not read to the end."""
    mebibyte = 1024 * 1024
    shown = f"{size / mebibyte:.1f} MB" if size is not None else f"more than {limit // mebibyte} MB"
    return (f"too large to check ({shown}; the limit is {limit // mebibyte} MB): "
            "add it to `exclude` if it is generated")


def decode(path: str, raw: bytes) -> Source:
    """Text as Python would read it: BOM and coding cookie honoured.

    This is where a file is about to be parsed (files without an analytics word
    never get here), so a file above :data:`MAX_CHECKED_BYTES` stops here.
    """
    if len(raw) > MAX_CHECKED_BYTES:
        raise InputError(f"{path}: {_too_large(len(raw), MAX_CHECKED_BYTES)}")
    try:
        second = raw.find(b"\n", raw.find(b"\n") + 1)
        head = raw[:second] if second != -1 else raw  # where a coding cookie may stand
        if raw.startswith(b"\xef\xbb\xbf") or b"coding" in head:
            import tokenize  # (rarely needed: it costs start-up)

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


def write_atomically(path: str, data: bytes, expected: bytes, *, inside: str | None) -> None:
    """Replace ``path`` with ``data`` in one step, if it still holds ``expected``.

    The new content goes to a temporary file in the same folder, with the
    file's permissions, and replaces it with ``os.replace``: a reader (or a
    crash) sees the old file or the new one, never half of either. A symlink
    is followed: its target is rewritten, the link stays — but only when the
    target's real path is inside the folder ``inside`` (the project root), so
    that a link shipped in a repository cannot make ``fix`` write elsewhere;
    ``inside=None`` (``--allow-outside-root``) writes wherever it points.
    """
    import tempfile

    target = os.path.realpath(path)
    if inside is not None and not is_inside(target, inside):
        raise OutsideRoot(errno.EPERM, f"its real path {target} is outside the project root "
                                       f"{os.path.realpath(inside)} (pass --allow-outside-root "
                                       "to write it)")
    info = os.stat(target)
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, "not a regular file")
    mode = stat.S_IMODE(info.st_mode)
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


# --- exclude and per-file-ignores matching -------------------------------------------


def is_excluded_file(settings: Settings, path: str) -> bool:
    """True when the ``exclude`` setting excludes ``path``, a file named on the command
    line (or shown for standard input), or one of its folders below the root: what
    both front ends skip."""
    return _excluded_with_parents(settings, path)


def per_file_ignored(settings: Settings, path: str) -> tuple[str, ...]:
    """The codes ``per-file-ignores`` turns off for ``path``."""
    if not settings.per_file_ignores:
        return ()
    candidates = _match_candidates(path, settings.root)
    codes: list[str] = []
    for pattern, ignored in settings.per_file_ignores:
        base = pattern.rstrip("/")
        if any(fnmatch.fnmatch(c, base) or fnmatch.fnmatch(c, base + "/*") for c in candidates):
            codes.extend(ignored)
    return tuple(codes)


def is_excluded(settings: Settings, path: str, patterns: Iterable[str]) -> bool:
    """True when ``path`` (a file or a directory) matches one of the exclude patterns
    (``fnmatch`` patterns, tried on each spelling of the path)."""
    matcher = _exclude_matcher(tuple(patterns))
    return any(matcher(os.path.normcase(c)) for c in _match_candidates(path, settings.root))


@functools.lru_cache(maxsize=16)
def _exclude_matcher(patterns: tuple[str, ...]) -> Callable[[str], re.Match[str] | None]:
    """One regular expression for all the patterns: discovery tries every folder and
    file against them."""
    if not patterns:
        return re.compile(r"(?!)").match
    return re.compile("|".join(
        f"(?:{fnmatch.translate(os.path.normcase(p.rstrip('/')))})" for p in patterns)).match


def _match_candidates(path: str, root: str) -> tuple[str, ...]:
    """The spellings a pattern may match: base name, path as given, path from the root."""
    normalized = path.replace(os.sep, "/")
    candidates = {os.path.basename(normalized.rstrip("/")), normalized}
    if normalized.startswith("./"):
        candidates.add(normalized[2:])
    absolute, top = os.path.abspath(path), _absolute(root)
    if absolute == top:
        candidates.add(".")
    elif absolute.startswith(top.rstrip(os.sep) + os.sep):
        candidates.add(absolute[len(top.rstrip(os.sep)) + 1:].replace(os.sep, "/"))
    return tuple(candidates)


@functools.lru_cache(maxsize=4)
def _absolute(root: str) -> str:
    return os.path.abspath(root)


def module_name_in(settings: Settings, path: str) -> str | None:
    """``path``'s module name from the project root, wherever the run started."""
    if path == STDIN:
        return None
    root = _absolute(settings.root).rstrip(os.sep) + os.sep
    absolute = os.path.abspath(path)
    return module_name_for(absolute[len(root):] if absolute.startswith(root) else path)
