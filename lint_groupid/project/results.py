"""The results cache: a file's findings kept from one `check` run to the next.

A file's findings depend on its own content, the settings, this program, and
what the analysis read of the rest of the project: the content of the modules
whose summaries it used, the entries import resolution looked for in folders,
and which modules can matter. An index records those reads (:class:`Reads`) from its
creation on; a run keeps every file's findings with the reads of the whole run
(a superset of what each file rests on: the linker's answers are shared between
files, so a file's own reads cannot be told apart). The next run first reads
again everything recorded: if anything differs, the results are dropped, and
every file is analysed. Otherwise a file whose content is unchanged takes its
findings from the cache. See mypy's and ruff's caches: a file under
``.lint-groupid-cache/``, one per settings, versioned, written atomically,
never trusted beyond what it can show.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from ..cache_folder import hasher

if TYPE_CHECKING:
    from ..settings import Settings
    from .cache import Cache
    from .index import ProjectIndex

VERSION = 1
FOLDER = f"results-v{VERSION}"
# what a recorded read is about: a module's content, whether a folder has an entry
# of a name, whether a path is a folder inside the project, whether a module can
# matter, whether a package may hold a module that matters
KINDS = ("modules", "entries", "folders", "matters", "packages")
# a finding as kept (see runner.py), and the type of each field
FINDING_FIELDS = ("code", "message", "line", "column", "end_line", "end_column",
                  "no_fix_reason", "anchor")
_FINDING_TYPES = (str, str, int, int, int, int, str, str)
_MAX_BYTES = 256 * 1024 * 1024  # a results file beyond this is not ours
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def digest(data: bytes) -> str:
    return hasher(data).hexdigest()


def finding_data(finding: Any) -> list[Any]:
    """A finding as kept: its ``FINDING_FIELDS`` (not its fix nor its fingerprint)."""
    return [getattr(finding, name) for name in FINDING_FIELDS]


class Reads:
    """What an index has read of the project since it was made, or since :meth:`take`:
    for each kind, the thing read and what it was (see ``KINDS``)."""

    __slots__ = KINDS

    def __init__(self) -> None:
        self.modules: dict[str, str] = {}  # key -> digest of the content ("": unreadable)
        self.entries: dict[str, bool] = {}  # folder/name -> the folder lists that name
        self.folders: dict[str, bool] = {}  # path -> a folder inside the project
        self.matters: dict[str, bool] = {}  # key -> can matter
        self.packages: dict[str, bool] = {}  # key -> a module inside it may matter

    def take(self) -> dict[str, dict[str, Any]] | None:
        """What was read since the last time (``None``: nothing), forgotten here."""
        taken = {kind: table for kind in KINDS if (table := getattr(self, kind))}
        if not taken:
            return None
        for kind in taken:
            setattr(self, kind, {})
        return taken


def code_version() -> str:
    """This program and the Python running it: the content of every module of the
    package (a changed source tree, as in development, or an upgrade that keeps file
    sizes and times, must not read results another one wrote)."""
    hashed = hasher()
    hashed.update(f"{VERSION}\0{sys.version}\0{sys.implementation.cache_tag}\0".encode())
    pending = [_PACKAGE]
    while pending:
        folder = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            # where the package is installed does not matter: a copy is the same program
            where = os.path.relpath(entry.path, _PACKAGE)
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        pending.append(entry.path)
                elif entry.name.endswith(".py"):
                    with open(entry.path, "rb") as handle:
                        content = handle.read()
                    hashed.update(f"{where}\0{len(content)}\0".encode(
                        "utf-8", "surrogatepass"))
                    hashed.update(content)
            except OSError:
                hashed.update(f"{where}\0unreadable\0".encode("utf-8", "surrogatepass"))
    return hashed.hexdigest()


class ResultsCache:
    """The findings of a project's files under one set of settings.

    :meth:`open` it after the index is prepared (in the parent process, before any
    worker starts); workers :meth:`lookup` and make :meth:`entry`s; the parent
    :meth:`keep`s each file's entry and the reads that came with it, then
    :meth:`save`s once. Files of other settings or Pythons are left alone (deleting
    the folder is always safe)."""

    def __init__(self, cache: Cache, settings: Settings) -> None:
        self.cache = cache
        self.name = digest(repr((settings.root, settings.source, settings._values(),
                                 sys.implementation.cache_tag)).encode(
            "utf-8", "surrogatepass"))
        self.path = os.path.join(cache.folder, FOLDER, f"{self.name}.json")
        self.code = code_version()
        self.roots: list[str] = []  # the index's source roots (set by open)
        self.entries: dict[str, list[Any]] = {}  # key -> see entry()
        self.state: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
        self._changed = False

    # -- reading -------------------------------------------------------------------

    def open(self, index: ProjectIndex) -> None:
        """Read the results the last run left, if everything they rest on still holds."""
        self.roots = list(index.finder.roots)
        data = self.cache.read_json(self.path, _MAX_BYTES)
        if not isinstance(data, dict) or data.get("version") != VERSION or \
                data.get("code") != self.code or data.get("name") != self.name or \
                data.get("roots") != self.roots:
            return
        state, entries = data.get("state"), data.get("entries")
        if not isinstance(state, dict) or not isinstance(entries, dict) or \
                set(state) != set(KINDS) or not all(isinstance(t, dict) for t in state.values()):
            return
        try:
            holds = _still_holds(index, state)
        except (TypeError, ValueError, AttributeError):  # not data this version wrote
            return
        if holds:
            self.state = state
            self.entries = entries

    def lookup(self, key: str, content: str, fixes: bool, ignored: tuple[str, ...]
               ) -> list[list[Any]] | None:
        """The findings kept for ``key`` with this content, as data (``None``: analyse
        it), if they were selected with the same ``per-file-ignores`` codes (which the
        path as given decides). Findings are kept without their fixes: asked for fixes,
        only a file with no findings is taken."""
        entry = self.entries.get(key)
        if not isinstance(entry, list) or len(entry) != 4 or entry[0] != content or \
                not isinstance(entry[2], list) or entry[3] != list(ignored):
            return None
        findings = entry[2]
        if findings and (fixes or entry[1]):
            return None
        if not all(isinstance(data, list) and len(data) == len(_FINDING_TYPES) and all(
                isinstance(value, kind) for value, kind in zip(data, _FINDING_TYPES))
                for data in findings):
            return None
        return findings

    # -- writing -------------------------------------------------------------------

    @staticmethod
    def entry(key: str, content: str, findings: list[Any], fixes: bool,
              ignored: tuple[str, ...]) -> tuple[str, list[Any]]:
        """What to keep of a file analysed: its findings as data (see ``finding_data``),
        whether they were made with fixes (which they lose), and the
        ``per-file-ignores`` codes they were selected with."""
        return key, [content, fixes and bool(findings), [finding_data(f) for f in findings],
                     list(ignored)]

    def keep(self, entry: tuple[str, list[Any]] | None,
             reads: dict[str, dict[str, Any]] | None) -> None:
        """A file's entry (from its analysis) and the reads made since the last one."""
        if not self.path:
            return
        if reads:
            for kind, table in reads.items():
                known = self.state[kind]
                for thing, value in table.items():
                    if thing not in known:
                        known[thing] = value
                        self._changed = True  # a new read
                    elif known[thing] != value:
                        # read twice with different answers: the project changed while
                        # it was checked; keep nothing of this run
                        self.entries = {}
                        self.state = {kind: {} for kind in KINDS}
                        self.path = ""
                        return
        if entry is not None:
            key, kept = entry
            if self.entries.get(key) != kept:
                self.entries[key] = kept
                self._changed = True

    def save(self) -> None:
        """Write what this run changed (one file, replaced atomically)."""
        if not self._changed or not self.path:
            return
        self.cache.write_json(self.path, {
            "version": VERSION, "code": self.code, "name": self.name,
            "roots": self.roots, "state": self.state, "entries": self.entries})
        self._changed = False


def _still_holds(index: ProjectIndex, state: dict[str, dict[str, Any]]) -> bool:
    """Does everything recorded in ``state`` read the same now? Read straight from the
    disk (the index's own answers are asked for ``matters`` and ``packages`` only:
    they are what the analysis will be told)."""
    for key, known in state["modules"].items():
        content = index.read(key)
        if (digest(content) if content is not None else "") != known:
            return False
    listings: dict[str, frozenset[str]] = {}
    for path, known in state["entries"].items():
        folder, name = os.path.split(path)
        if folder not in listings:
            try:
                listings[folder] = frozenset(os.listdir(folder))
            except OSError:
                listings[folder] = frozenset()
        if (name in listings[folder]) != known:
            return False
    for path, known in state["folders"].items():
        if index.finder.is_folder_now(path) != known:
            return False
    for key, known in state["matters"].items():
        if index.matters(key) != known:
            return False
    return all(index.package_may_matter(key) == known
               for key, known in state["packages"].items())
