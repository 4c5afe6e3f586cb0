"""The on-disk cache of module summaries, in the cache folder (see cache_folder.py).

A summary depends only on the module's content (and its name), so an entry is
keyed by a hash of both: concurrent writers of one key write the same data, and
a changed file simply misses. Entries are versioned and validated when read;
anything unexpected is ignored and rebuilt.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..cache_folder import CacheFolder, hasher

if TYPE_CHECKING:
    from ..analysis.summary import ModuleSummary

VERSION = 11  # raised whenever what a summary says changes: older entries are ignored


class Cache(CacheFolder):
    """The summaries' entries in the cache folder."""

    @staticmethod
    def key(module: str | None, content: bytes, salt: str = "", package: bool = False) -> str:
        """The entry of a module's summary: its name, its content, whether it is a
        package's ``__init__`` (its relative imports start from the package itself),
        and what else the summary depends on (``salt``: the guard patterns)."""
        digest = hasher()
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

    def store(self, key: str, summary: ModuleSummary) -> None:
        self.write_json(self._entry_path(key),
                        {"version": VERSION, "key": key, "summary": summary.to_data()})

