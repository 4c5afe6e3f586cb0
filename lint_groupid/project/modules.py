"""Module names and import resolution inside a project (after mypy's module finder).

A module is named from the deepest source root that holds it (the project
root, ``src/``, and the ``src`` setting). An import is looked up, in order, in
the importing file's own folder when that folder is not a package (Python puts
a script's folder first on ``sys.path``), then in each source root. In each
place a package (``name/__init__.py``) wins over a module (``name.py``), and a
folder without ``__init__.py`` is a namespace package only when nothing else
is found.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .results import Reads

NAMESPACE = "<namespace>"  # the "file" of a namespace package


class ModuleFinder:
    def __init__(self, root: str, extra_roots: Sequence[str] = ()) -> None:
        self.root = os.path.abspath(root)
        self.extra = tuple(extra_roots)
        roots = [self.root]
        src = os.path.join(self.root, "src")
        if os.path.isdir(src):
            roots.append(src)
        for extra in extra_roots:
            path = os.path.abspath(os.path.join(self.root, extra))
            if os.path.isdir(path) and path not in roots:
                roots.append(path)
        self.roots = tuple(roots)
        self._entries: dict[str, frozenset[str]] = {}
        self._search_paths: dict[str | None, tuple[str, ...]] = {}
        self._found: dict[tuple[str, str], str | None] = {}
        self._imports: dict[tuple[str, str | None], str | None] = {}
        # what the answers rested on, for the results cache (see results.py)
        self.reads: Reads | None = None

    # -- the file system, one listing per folder ---------------------------------

    def _listing(self, folder: str) -> frozenset[str]:
        entries = self._entries.get(folder)
        if entries is None:
            try:
                entries = frozenset(os.listdir(folder))
            except OSError:
                entries = frozenset()
            self._entries[folder] = entries
        return entries

    def _has(self, folder: str, name: str) -> bool:
        """Is there an entry ``name`` in ``folder``? (Each answer is one of the reads
        the results cache records: a file added that no import looks for changes
        nothing.)"""
        found = name in self._listing(folder)
        if self.reads is not None:
            self.reads.entries[os.path.join(folder, name)] = found
        return found

    def _is_package(self, folder: str) -> bool:
        return self._has(folder, "__init__.py")

    # -- names ---------------------------------------------------------------------

    def contains(self, path: str) -> bool:
        absolute = os.path.abspath(path)
        return absolute == self.root or absolute.startswith(self.root + os.sep)

    def module_name(self, path: str) -> str | None:
        """``src/app/tracking.py`` -> ``app.tracking`` (the deepest root that holds it)."""
        absolute = os.path.abspath(path)
        for root in sorted(self.roots, key=len, reverse=True):
            if not absolute.startswith(root + os.sep):
                continue
            parts = absolute[len(root) + 1:].split(os.sep)
            if parts[-1].endswith(".py"):
                parts[-1] = parts[-1][:-3]
            if parts[-1] == "__init__":
                parts.pop()
            if parts and all(part.isidentifier() for part in parts):
                return ".".join(parts)
            return None
        return None

    def key(self, path: str) -> str:
        """A module's identity in the index: its path from the project root, with ``/``."""
        return os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")

    def path_of(self, key: str) -> str:
        return os.path.join(self.root, *key.split("/"))

    # -- imports ---------------------------------------------------------------------

    def search_path(self, importer: str | None) -> tuple[str, ...]:
        """Where ``import x`` in ``importer`` (a key) looks, in order."""
        found = self._search_paths.get(importer)
        if found is None:
            found = self.roots
            if importer is not None:
                folder = os.path.dirname(self.path_of(importer))
                if folder not in self.roots and not self._is_package(folder):
                    found = (folder, *self.roots)
            self._search_paths[importer] = found
        return found

    def find(self, name: str, importer: str | None) -> str | None:
        """The key of the project module ``name`` imported from ``importer``, or
        ``NAMESPACE``-suffixed folder key for a namespace package; ``None`` when the
        module is not in the project."""
        memo = (name, importer)
        if memo in self._imports:
            return self._imports[memo]
        result = self._imports[memo] = self._find(name, importer)
        return result

    def _find(self, name: str, importer: str | None) -> str | None:
        parts = name.split(".")
        if not name or not all(part.isidentifier() for part in parts):
            return None
        places = self.search_path(importer)
        cache_key = (name, places[0])
        if cache_key in self._found:
            return self._found[cache_key]
        found: str | None = None
        namespace: str | None = None
        for place in places:
            located = self._locate(place, parts)
            if located is None:
                continue
            if located.endswith(NAMESPACE):
                namespace = namespace or located
                continue
            found = located
            break
        result = found or namespace
        self._found[cache_key] = result
        return result

    def _locate(self, place: str, parts: Sequence[str]) -> str | None:
        folder = place
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            if self._has(folder, part) and self._is_folder(os.path.join(folder, part)):
                inner = os.path.join(folder, part)
                if last:
                    if self._is_package(inner):
                        return self.key(os.path.join(inner, "__init__.py"))
                    if self._has(folder, f"{part}.py"):
                        return self.key(os.path.join(folder, f"{part}.py"))
                    return self.key(inner) + "/" + NAMESPACE
                folder = inner
                continue
            if last and self._has(folder, f"{part}.py"):
                return self.key(os.path.join(folder, f"{part}.py"))
            return None
        return None

    def _is_folder(self, path: str) -> bool:
        found = self.is_folder_now(path)
        if self.reads is not None:
            self.reads.folders[path] = found
        return found

    def is_folder_now(self, path: str) -> bool:
        """``path`` is a folder inside the project (a link to one outside is not)."""
        try:
            return os.path.isdir(path) and self.contains(os.path.realpath(path))
        except OSError:
            return False
