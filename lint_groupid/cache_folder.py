"""The cache folder, ``.lint-groupid-cache/`` under the project root: JSON files read and
written safely. The summaries (project/cache.py), the results (project/results.py)
and the parsed settings files (settings.py) keep their files in it.

Nothing in it is trusted: a file is data only (JSON, never pickle), read through no
link and up to a size, and whoever reads it validates it. It is written only inside
the project root: a cache folder (or a folder in it) that is a symlink is refused,
files are written to a temporary file and renamed into place (a reader sees the
old file or the new, whole), and a read-only checkout simply runs without a cache.
"""

from __future__ import annotations

import contextlib
import os
import stat
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hashlib import blake2b as Blake2b

FOLDER = ".lint-groupid-cache"
ENVIRONMENT = "LINT_GROUPID_NO_CACHE"
MAX_FILE = 8 * 1024 * 1024  # the default limit of a file read back


def disabled_by_environment() -> bool:
    return os.environ.get(ENVIRONMENT, "") not in ("", "0")


def blake2b(data: bytes = b"", digest_size: int = 32) -> Blake2b:
    """hashlib's BLAKE2b. Taken from the module that defines it (CPython's ``_blake2``,
    which hashlib re-exports): ``import hashlib`` loads OpenSSL as well, 3 ms of a
    pre-commit run that reads the cache."""
    try:
        from _blake2 import blake2b as constructor
    except ImportError:  # pragma: no cover - another Python
        from hashlib import blake2b as constructor
    return constructor(data, digest_size=digest_size)


class CacheFolder:
    """The cache folder of the project at ``root``."""

    def __init__(self, root: str) -> None:
        self.root = os.path.realpath(root)
        self.folder = os.path.join(self.root, FOLDER)
        self._ready: bool | None = None  # None: not checked yet

    def read_json(self, path: str, limit: int = MAX_FILE) -> Any:
        """The data in the cache's file at ``path`` (``None``: missing, not a regular
        file, too big, reached through a link, or not JSON)."""
        import json

        if not self._safe_folders(os.path.dirname(path), create=False):
            return None
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
        if not self._prepare() or not self._safe_folders(folder, create=True):
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
