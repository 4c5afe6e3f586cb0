"""The on-disk cache of module summaries: ``.lint-groupid-cache/`` under the project root
(and the folder the results cache keeps its files in, see results.py).

A summary depends only on the module's content (and its name), so an entry is
keyed by a hash of both: concurrent writers of one key write the same data, and
a changed file simply misses. The cache is never trusted: entries are JSON
(data only, never pickle), versioned and validated when read; anything
unexpected is ignored and rebuilt. It is written only inside the project root:
a cache folder (or a file in it) that is a symlink is refused, entries are
written to a temporary file and renamed into place, and a read-only checkout
simply runs without a cache.
"""

from __future__ import annotations

import contextlib
import os
import stat
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..analysis.summary import ModuleSummary

FOLDER = ".lint-groupid-cache"
VERSION = 7  # raised whenever what a summary says changes: older entries are ignored
_MAX_ENTRY = 8 * 1024 * 1024  # a summary is small: anything bigger is not ours
ENVIRONMENT = "LINT_GROUPID_NO_CACHE"


def disabled_by_environment() -> bool:
    return os.environ.get(ENVIRONMENT, "") not in ("", "0")


class Cache:
    def __init__(self, root: str) -> None:
        self.root = os.path.realpath(root)
        self.folder = os.path.join(self.root, FOLDER)
        self._ready: bool | None = None  # None: not checked yet

    @staticmethod
    def key(module: str | None, content: bytes, salt: str = "", package: bool = False) -> str:
        """The entry of a module's summary: its name, its content, whether it is a
        package's ``__init__`` (its relative imports start from the package itself),
        and what else the summary depends on (``salt``: the guard patterns)."""
        import hashlib

        digest = hashlib.sha256()
        digest.update(f"lint-groupid summary v{VERSION}\0{module or ''}\0{int(package)}\0"
                      f"{salt}\0".encode())
        digest.update(content)
        return digest.hexdigest()

    def _entry_path(self, key: str) -> str:
        return os.path.join(self.folder, f"v{VERSION}", key[:2], f"{key}.json")

    # -- reading ---------------------------------------------------------------------

    def load(self, key: str) -> ModuleSummary | None:
        data = self.read_json(self._entry_path(key))
        if not isinstance(data, dict) or data.get("version") != VERSION or \
                data.get("key") != key:
            return None
        from ..analysis.summary import ModuleSummary

        try:
            return ModuleSummary.from_data(data.get("summary"))
        except ValueError:
            return None

    def read_json(self, path: str, limit: int = _MAX_ENTRY) -> Any:
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

    def store(self, key: str, summary: ModuleSummary) -> None:
        self.write_json(self._entry_path(key),
                        {"version": VERSION, "key": key, "summary": summary.to_data()})

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
