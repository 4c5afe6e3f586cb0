"""The cache folder, ``.lint-groupid-cache/`` under the project root: JSON files read and
written safely. The summaries (project/cache.py), the results (project/results.py)
and the settings table (settings.py) keep their files in it.

Nothing in it is trusted: a file is data only (JSON, never pickle), read through no
link and up to a size, and whoever reads it validates it. A cache folder that the
project's git repository tracks is neither read nor written: an entry committed on
purpose, under the key its content would have, could otherwise say what the
analysis would not (and hide findings). It is written only inside the project
root: a cache folder (or a folder in it) that is a symlink is refused, files are
written to a temporary file and renamed into place (a reader sees the old file or
the new, whole), and a read-only checkout simply runs without a cache.
"""

from __future__ import annotations

import contextlib
import os
import stat
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import Protocol

    class Digest(Protocol):
        def update(self, data: bytes, /) -> None: ...

        def hexdigest(self) -> str: ...

FOLDER = ".lint-groupid-cache"
ENVIRONMENT = "LINT_GROUPID_NO_CACHE"
MAX_FILE = 8 * 1024 * 1024  # the default limit of a file read back


def disabled_by_environment() -> bool:
    return os.environ.get(ENVIRONMENT, "") not in ("", "0")


_hasher: Any = None  # the BLAKE2b constructor, once found
# the git index of a project root: does it hold a path in a cache folder?
_TRACKED: dict[str, bool] = {}
_MAX_INDEX = 256 * 1024 * 1024
_INDEX_MEMO = "git-index.json"  # the identity of an index read that named no cache file


def hasher(data: bytes = b"", digest_size: int = 16) -> Digest:
    """A BLAKE2b hash of ``data`` (``update`` it with more), from the module hashlib
    takes it from (CPython's ``_blake2``): ``import hashlib`` loads OpenSSL as well, 3
    ms of a pre-commit run that reads the cache. A Python built without it hashes
    with SHA-256 (``digest_size`` is then its own)."""
    global _hasher
    if _hasher is None:
        try:
            from _blake2 import blake2b
        except ImportError:  # pragma: no cover - a Python built without it
            from hashlib import sha256

            _hasher = lambda data, digest_size: sha256(data)  # noqa: E731
        else:
            _hasher = blake2b
    digest: Digest = _hasher(data, digest_size=digest_size)
    return digest


def _git_index(root: str) -> str | None:
    """The index file of the git repository that holds ``root``, if one does."""
    directory = root
    while True:
        dot_git = os.path.join(directory, ".git")
        if os.path.isdir(dot_git):
            return os.path.join(dot_git, "index")
        if os.path.isfile(dot_git):  # a worktree or a submodule: ``gitdir: PATH``
            try:
                with open(dot_git, encoding="utf-8", errors="replace") as handle:
                    line = handle.readline().strip()
            except OSError:
                return None
            if not line.startswith("gitdir:"):
                return None
            return os.path.join(directory, line[len("gitdir:"):].strip(), "index")
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _names_a_cache(data: bytes, git_dir: str, depth: int = 0) -> bool:
    """Does the git index ``data`` list a path in a cache folder? Its entries are read
    (versions 2 to 4; a split index's shared index too); an index that cannot be read
    so is searched for the folder's name, which then may name one."""
    read = _index_paths(data)
    if read is None:
        return FOLDER[1:].encode() in data
    paths, shared = read
    marker = FOLDER.encode()
    if any(path == marker or path.startswith(marker + b"/") or b"/" + marker + b"/" in path
           for path in paths):
        return True
    if shared is None or depth > 0:
        return False
    try:
        with open(os.path.join(git_dir, f"sharedindex.{shared}"), "rb") as handle:
            linked = handle.read(_MAX_INDEX + 1)
    except OSError:
        return False
    return len(linked) > _MAX_INDEX or _names_a_cache(linked, git_dir, depth + 1)


def _index_paths(data: bytes) -> tuple[list[bytes], str | None] | None:
    """The paths a git index lists and the name of the shared index it links to (a
    split index's ``link`` extension), or ``None`` if it is not an index of versions
    2 to 4. Version 4 writes a path as how much of the one before to keep and what
    follows."""
    if len(data) < 12 or data[:4] != b"DIRC":
        return None
    version = int.from_bytes(data[4:8], "big")
    if version not in (2, 3, 4):
        return None
    paths: list[bytes] = []
    offset, previous = 12, b""
    try:
        for _ in range(int.from_bytes(data[8:12], "big")):
            start = offset
            flags = int.from_bytes(data[offset + 60:offset + 62], "big")
            offset += 62
            if version >= 3 and flags & 0x4000:  # extended flags
                offset += 2
            if version == 4:
                byte = data[offset]
                offset += 1
                strip = byte & 0x7F
                while byte & 0x80:
                    byte = data[offset]
                    offset += 1
                    strip = ((strip + 1) << 7) | (byte & 0x7F)
                end = data.index(b"\0", offset)
                if strip > len(previous):
                    return None
                name = previous[:len(previous) - strip] + data[offset:end]
                offset = end + 1
            else:
                end = data.index(b"\0", offset)
                name = data[offset:end]
                offset = start + ((end - start) // 8 + 1) * 8  # padded to 8 bytes
            paths.append(name)
            previous = name
    except (IndexError, ValueError):
        return None
    shared = None
    while offset + 8 <= len(data) - 20:  # the extensions, before the checksum
        size = int.from_bytes(data[offset + 4:offset + 8], "big")
        if data[offset:offset + 4] == b"link" and size >= 20:
            shared = data[offset + 8:offset + 28].hex()
        offset += 8 + size
    return paths, shared


class CacheFolder:
    """The cache folder of the project at ``root``."""

    def __init__(self, root: str) -> None:
        self.root = os.path.realpath(root)
        self.folder = os.path.join(self.root, FOLDER)
        self._ready: bool | None = None  # None: not checked yet

    def tracked(self) -> bool:
        """Does the project's git repository track a file in a cache folder? Its
        index (and a split index's shared index) lists each tracked path. The index
        is read once per root and run, and once per change of the index: an index
        that named none is remembered in the cache folder by its identity on this
        machine (device, inode, size, time), which no commit can reproduce. An index
        that cannot be read names none; one too large to read names one."""
        known = _TRACKED.get(self.root)
        if known is None:
            _TRACKED[self.root] = True  # (while it is looked for: nothing read or written)
            known = _TRACKED[self.root] = self._index_names_a_cache()
        return known

    def _index_names_a_cache(self) -> bool:
        index = _git_index(self.root)
        if index is None:
            return False
        try:
            info = os.stat(index)
        except OSError:
            return False
        identity = [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns]
        memo = os.path.join(self.folder, _INDEX_MEMO)
        if self._safe_folders(self.folder, create=False) and self._read(memo, 1024) == identity:
            return False
        try:
            with open(index, "rb") as handle:
                data = handle.read(_MAX_INDEX + 1)
        except OSError:
            return False
        if len(data) > _MAX_INDEX or _names_a_cache(data, os.path.dirname(index)):
            return True
        _TRACKED[self.root] = False
        self.write_json(memo, identity)
        return False

    def read_json(self, path: str, limit: int = MAX_FILE) -> Any:
        """The data in the cache's file at ``path`` (``None``: missing, not a regular
        file, too big, reached through a link, not JSON, or in a cache folder that the
        project's repository tracks)."""
        if not self._safe_folders(os.path.dirname(path), create=False) or self.tracked():
            return None
        return self._read(path, limit)

    def _read(self, path: str, limit: int) -> Any:
        """:meth:`read_json`, in a folder found safe."""
        import json

        try:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
                return None
            with os.fdopen(descriptor, "rb") as handle:
                descriptor = -1
                return json.loads(handle.read())
        except (OSError, ValueError, RecursionError):
            return None
        finally:
            if descriptor != -1:
                os.close(descriptor)

    # -- writing -----------------------------------------------------------------------

    def write_json(self, path: str, data: Any) -> None:
        """Write ``data`` to the cache's file at ``path``: to a temporary file renamed
        into place (a reader sees the old file or the new, whole)."""
        import json
        import tempfile

        folder = os.path.dirname(path)
        if self.tracked() or not self._prepare() or not self._safe_folders(folder, create=True):
            return
        payload = json.dumps(data, separators=(",", ":")).encode()
        try:
            descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        except OSError:
            return
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(payload)
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)

    def _prepare(self) -> bool:
        """Create the cache folder (with its ``.gitignore``) once; False when it cannot
        be used (a symlink, not a folder, or a read-only checkout)."""
        if self._ready is not None:
            return self._ready
        self._ready = False
        try:
            info = os.lstat(self.folder)
        except FileNotFoundError:
            try:
                os.mkdir(self.folder, 0o755)
            except OSError:
                return False
            info = os.lstat(self.folder)
        except OSError:
            return False
        if not stat.S_ISDIR(info.st_mode):  # a symlink or a file: never write through it
            return False
        ignore = os.path.join(self.folder, ".gitignore")
        if not os.path.lexists(ignore):
            with contextlib.suppress(OSError):
                descriptor = os.open(ignore, os.O_WRONLY | os.O_CREAT | os.O_EXCL |
                                     getattr(os, "O_NOFOLLOW", 0), 0o644)
                with os.fdopen(descriptor, "w") as handle:
                    handle.write("# created by lint-groupid: never commit this folder\n*\n")
        self._ready = True
        return True

    def _safe_folders(self, folder: str, create: bool) -> bool:
        """Every folder from the cache folder down to ``folder`` is a real folder (not a
        symlink) inside the project root; with ``create``, missing ones are made."""
        relative = os.path.relpath(folder, self.folder)
        if relative.startswith(os.pardir):
            return False
        current = self.folder
        for part in ["", *relative.split(os.sep)]:
            current = os.path.join(current, part) if part else current
            try:
                info = os.lstat(current)
            except FileNotFoundError:
                if not create:
                    return False
                try:
                    os.mkdir(current, 0o755)
                except FileExistsError:
                    pass
                except OSError:
                    return False
                try:
                    info = os.lstat(current)
                except OSError:
                    return False
            except OSError:
                return False
            if not stat.S_ISDIR(info.st_mode):
                return False
        return True
