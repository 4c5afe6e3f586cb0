"""The project index: where modules are, what each defines, which files can matter.

Built once per run (once per process under flake8) for the project root. It
reads a module only when something asks about it, summarises it once (or takes
its summary from the cache), and answers :class:`~lint_groupid.analysis.linking.
SummarySource`'s questions for the linker.
"""

from __future__ import annotations

import ast
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from ..analysis.sdk import SDK_MODULES
from ..cache_folder import disabled_by_environment
from ..settings import DEFAULT_GUARDS, Settings
from .cache import Cache
from .modules import NAMESPACE, ModuleFinder

if TYPE_CHECKING:  # the analysis is imported when a module is first summarised or linked
    from ..analysis.guards import GuardMatcher
    from ..analysis.linking import Answers
    from ..analysis.summary import ModuleSummary
    from .results import Reads

# the guard terms summaries are made with: name patterns, decorator patterns and the
# configured guard expressions
GuardTerms = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]

# a module bigger than this is not summarised (a generated module cannot define
# the analytics helpers of a project)
_MAX_BYTES = 4 * 1024 * 1024
# an import statement, at the start of a line or after a ``;``; its names in
# parentheses over several lines, or continued with ``\``
_NAMES = r"(\([^)#]*(?:#[^\n]*\n[^)#]*)*\)|[^#\n;\\]*(?:\\\r?\n?[^#\n;\\]*)*)"
_STATEMENT = (r"[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import\b[ \t]*" + _NAMES +
              r"|import[ \t]+" + _NAMES + ")")
_IMPORT_HERE = re.compile(_STATEMENT)
_IMPORT_AFTER_SEMICOLON = re.compile(";" + _STATEMENT)
_NAME = re.compile(r"[A-Za-z_]\w*")


class ProjectIndex:
    def __init__(self, root: str, words: Iterable[str], src: Iterable[str] = (),
                 use_cache: bool = True, guards: GuardTerms | None = None) -> None:
        self.root = os.path.abspath(root)
        # what summaries say about guard helpers depends on the guard terms
        self.guard_terms: GuardTerms = guards or (tuple(DEFAULT_GUARDS), ("*internal*",), ())
        self._salt = repr(self.guard_terms)
        self._guards: GuardMatcher | None = None
        self.finder = ModuleFinder(self.root, tuple(src))
        self.words = tuple(w.encode() for w in words)
        self.cache = Cache(self.root) if use_cache and not disabled_by_environment() else None
        self._summaries: dict[str, ModuleSummary | None] = {}
        # after ``prepare``: the modules that can matter, for a whole run
        self._prepared: frozenset[str] | None = None
        self._prepared_from: frozenset[str] = frozenset()
        self._contents: dict[str, bytes | None] = {}
        self._matters: dict[str, bool] = {}  # (unprepared) final answers only
        # (unprepared) each module read for it: its content's digest, whether it uses
        # the words, the project modules it imports
        self._scanned: dict[str, tuple[tuple[int, int] | None, bool, list[str]]] = {}
        self._packages: dict[str, bool] = {}  # package_may_matter, once prepared
        self._keys: dict[str, str | None] = {}
        # answers of the linkers of every file checked (see Answers); for each module
        # whose summary they may rest on, the content it was made from
        self._answers: Answers | None = None
        self._seen: dict[str, tuple[int, int]] = {}
        self._asked: set[str] = set()  # summaries asked for and not made (unreadable)
        self._module_names: dict[str, str | None] = {}
        # what the analysis read of the project, for the results cache (see results.py)
        self.reads: Reads | None = None

    def record_reads(self) -> None:
        """From now on, record what is read of the project. What was read before is
        forgotten (read again, it is recorded)."""
        from .results import Reads

        self._summaries.clear()
        self._matters.clear()
        self._scanned.clear()
        self._packages.clear()
        if self._answers is not None:
            self._answers.clear()
        self.finder = ModuleFinder(self.root, self.finder.extra)
        self.reads = self.finder.reads = Reads()

    def _read_module(self, key: str, content: bytes | None) -> None:
        if self.reads is not None:
            from .results import digest

            self.reads.modules[key] = digest(content) if content is not None else ""

    @classmethod
    def for_settings(cls, settings: Settings, use_cache: bool = True) -> ProjectIndex:
        """The index of the project the settings belong to (``settings.root``)."""
        return cls(settings.root, needles(settings), settings.src, use_cache, (
            tuple(settings.all_guards), tuple(settings.guard_decorators),
            (settings.guard,) if settings.guard else ()))

    @property
    def guards(self) -> GuardMatcher:
        if self._guards is None:
            from ..analysis.guards import GuardMatcher

            self._guards = GuardMatcher(*self.guard_terms)
        return self._guards

    @property
    def answers(self) -> Answers:
        if self._answers is None:
            from ..analysis.linking import Answers

            self._answers = Answers()
        return self._answers

    # -- files ---------------------------------------------------------------------

    def key_for(self, path: str) -> str | None:
        """The key of a file of the project (``None`` for one outside the root): its
        path from the root, as found (a link inside the root is read only if its
        target is inside too, see :meth:`read`)."""
        if path in self._keys:
            return self._keys[path]
        key = self._keys[path] = None if path == "-" or not self.finder.contains(path) \
            else self.finder.key(path)
        return key

    def module_name(self, key: str) -> str | None:
        if key in self._module_names:
            return self._module_names[key]
        name = self._module_names[key] = self.finder.module_name(self.finder.path_of(key))
        return name

    def read(self, key: str) -> bytes | None:
        """The module's content: as provided while it is being checked, else from disk
        (not kept: what matters of it, its summary, is)."""
        if key in self._contents:
            return self._contents[key]
        data: bytes | None = None
        if not key.endswith(NAMESPACE):
            path = self.finder.path_of(key)
            try:
                info = os.stat(path)
                if stat.S_ISREG(info.st_mode) and info.st_size <= _MAX_BYTES and \
                        self.finder.contains(os.path.realpath(path)):
                    with open(path, "rb") as handle:
                        data = handle.read()
            except OSError:
                data = None
        return data

    def provide(self, key: str, content: bytes) -> None:
        """The content of ``key`` as the caller has it, while it checks it (standard
        input, a fix): it wins over the file on disk until :meth:`forget`."""
        if self._contents.get(key) != content:
            self._contents[key] = content
            digest = _digest(content)
            if self._seen.get(key) != digest:
                # what was known of the module came from other content (standard input,
                # a fix): forget it, and every answer that may have depended on it
                self._summaries.pop(key, None)
                self._matters.pop(key, None)
                if (self._seen.pop(key, None) is not None or key in self._asked) and \
                        self._answers is not None:
                    self._answers.clear()
            scanned = self._scanned.get(key)
            if scanned is not None and scanned[0] != digest:
                # whether any module matters may have rested on what it was
                del self._scanned[key]
                self._matters.clear()

    def forget(self, key: str) -> None:
        """The caller is done with ``key``'s content (its summary stays)."""
        self._contents.pop(key, None)

    # -- SummarySource -------------------------------------------------------------------

    def find(self, name: str, importer: str | None) -> str | None:
        return self.finder.find(name, importer)

    def search_path(self, importer: str | None) -> tuple[str, ...]:
        return self.finder.search_path(importer)

    def submodule(self, package: str, name: str) -> str | None:
        if not (package.endswith("/__init__.py") or package.endswith(NAMESPACE)):
            return None
        folder = package.rsplit("/", 1)[0]
        module = self.module_name(folder + "/__init__.py") if not package.endswith(NAMESPACE) \
            else self.finder.module_name(self.finder.path_of(folder) + ".py")
        if module is None:
            return None
        return self.finder.find(f"{module}.{name}", None)

    def summary(self, key: str) -> ModuleSummary | None:
        if key in self._summaries:
            return self._summaries[key]
        self._summaries[key] = None  # an import cycle sees nothing while it is built
        summary = self._build(key)
        self._summaries[key] = summary
        return summary

    def own_summary(self, key: str, compute: Callable[[], ModuleSummary]) -> ModuleSummary:
        """The summary of the module being checked: from the cache when its content's
        entry is there, else ``compute``d from the tree at hand, its functions and
        classes on demand (the linker asks about a few of them; a module that imports
        this one summarises it whole, and caches that)."""
        content = self._contents.get(key)
        if content is not None:
            self._seen[key] = _digest(content)
            self._read_module(key, content)
        if self.cache is not None and content is not None:
            summary = self.cache.load(Cache.key(self.module_name(key), content, self._salt,
                                                key.endswith("__init__.py")))
            if summary is not None:
                return summary
        return compute()

    def _build(self, key: str) -> ModuleSummary | None:
        if key.endswith(NAMESPACE):
            from ..analysis.summary import ModuleSummary

            return ModuleSummary(module=None)
        content = self.read(key)
        self._read_module(key, content)
        if content is None:
            self._asked.add(key)
            return None
        self._seen[key] = _digest(content)
        module = self.module_name(key)
        cache_key = Cache.key(module, content, self._salt, key.endswith("__init__.py")) \
            if self.cache is not None else ""
        if self.cache is not None:
            cached = self.cache.load(cache_key)
            if cached is not None:
                return cached
        summary = summarize_source(content, module, key.endswith("__init__.py"), self.guards)
        if summary is not None and self.cache is not None:
            self.cache.store(cache_key, summary)
        return summary

    # -- which files can matter --------------------------------------------------------

    def prepare(self, paths: Iterable[str]) -> None:
        """Decide at once which modules of the project can matter, before checking
        many files: a module matters when it mentions a word that every module that
        can matter must mention (``analytics``, a configured name, or the name of a
        module that matters: whoever imports from a module names it), to a fixed
        point. Reading every file once with ``bytes.find`` costs far less than
        following each file's imports. ``paths`` are the project's files."""
        keys = [k for k in (self.key_for(p) for p in paths) if k is not None]
        words = set(self.words)
        relevant: set[str] = set()
        pending = keys
        while pending:
            pattern = re.compile(b"|".join(re.escape(w) for w in sorted(words)))
            found = [key for key in pending
                     if _uses_words(_search(pattern, self.finder.path_of(key)), words)]
            if not found:
                break
            relevant.update(found)
            chosen = set(found)
            pending = [key for key in pending if key not in chosen]
            new = {_module_word(key) for key in found} - words
            if not new:
                break
            words |= new
        self._prepared = frozenset(relevant)
        self._packages = {}
        self._prepared_from = frozenset(keys)

    def matters(self, key: str, content: bytes | None = None) -> bool:
        """Can module ``key`` hold or hand on an analytics object? It mentions one of
        the words every such module must (``analytics``, configured names), or it
        imports a module of the project that matters (to a fixed point)."""
        found = self.worth_checking(key, content)
        if self.reads is not None:
            self.reads.matters[key] = found
        return found

    def worth_checking(self, key: str, content: bytes | None = None) -> bool:
        """:meth:`matters`, asked of a file about to be checked: not one of the reads
        that the results cache records, as a file's findings do not rest on it (they
        rest on what its analysis asks, :meth:`matters` of the modules it imports)."""
        if self._prepared is not None and key in self._prepared_from:
            return key in self._prepared
        if content is not None:
            self.provide(key, content)
        known = self._matters.get(key)
        return self._reaches_words(key) if known is None else known

    def _reaches_words(self, key: str) -> bool:
        """Does module ``key``, or a module it imports (transitively), use one of the
        words? Its whole closure is searched, so that the answer does not depend on
        which module of an import cycle was asked first. Then it is known of the
        modules on the way to one that uses them, or (none does) of every module of
        the closure."""
        came_from: dict[str, str | None] = {key: None}
        pending = [key]
        while pending:
            current = pending.pop()
            if current == key:
                found = self._scan(current)[0]
            elif self._prepared is not None and current in self._prepared_from:
                if current not in self._prepared:  # decided for the whole run
                    continue
                found = True
            else:
                known = self._matters.get(current)
                if known is False:
                    continue  # nothing it reaches uses them
                found = known or self._scan(current)[0]
            if found:
                step: str | None = current
                while step is not None:  # each module on the way imports the next
                    self._matters[step] = True
                    step = came_from[step]
                return True
            for module in self._scan(current)[1]:
                if module not in came_from:
                    came_from[module] = current
                    pending.append(module)
        for module in came_from:
            if self._prepared is None or module not in self._prepared_from:
                self._matters[module] = False
        return False

    def _scan(self, key: str) -> tuple[bool, list[str]]:
        """Whether module ``key`` uses one of the words, and the project modules it
        imports (read once; see :meth:`provide`)."""
        scanned = self._scanned.get(key)
        if scanned is None:
            data = self.read(key)
            scanned = self._scanned[key] = (None, False, []) if data is None else (
                _digest(data), _uses_words(data, self.words),
                self.imported_modules(key, data.decode("utf-8", "replace")))
        return scanned[1], scanned[2]

    def package_may_matter(self, key: str) -> bool:
        """Can a module inside package ``key`` (its ``__init__``) matter? Known for a
        whole run once it is prepared; otherwise assumed (``import a.b.c`` then
        ``a.b.c.send(…)`` reaches a wrapper through packages that matter not)."""
        if not key.endswith("__init__.py"):
            return False
        if self._prepared is None:
            known = True
        elif key in self._packages:
            known = self._packages[key]
        else:
            folder = key[:-len("__init__.py")]
            known = self._packages[key] = any(k.startswith(folder) for k in self._prepared)
        if self.reads is not None:
            self.reads.packages[key] = known
        return known

    def imported_modules(self, key: str, text: str) -> list[str]:
        """The project modules ``text`` (module ``key``) imports, found in its import
        lines (no parse: a cheap over-approximation of what it can import)."""
        found: list[str] = []
        package = self._package_of(key)
        for match in import_matches(text):
            source, names, plain = match.groups()
            modules: list[str] = []
            if plain is not None:
                for part in plain.replace("\\", " ").split(","):
                    words = part.split()
                    if words:
                        modules.append(words[0])
            else:
                base = _absolute(source, package)
                if base is None:
                    continue
                located_base = self.finder.find(base, key) if base else None
                if base:
                    modules.append(base)
                # of a module (not a package), the names are no submodules
                if located_base is None or located_base.endswith("__init__.py") or \
                        located_base.endswith(NAMESPACE):
                    modules.extend(f"{base}.{name}" if base else name
                                   for name in _NAME.findall(names)
                                   if name not in ("as", "import"))
            for module in modules:
                located = self.finder.find(module, key)
                if located is not None and located != key and located not in found:
                    found.append(located)
        return found

    def _package_of(self, key: str) -> str | None:
        module = self.module_name(key)
        if module is None:
            return None
        return module if key.endswith("/__init__.py") else module.rpartition(".")[0]

    def imported_names(self, key: str, imports: Iterable[ast.Import | ast.ImportFrom]
                       ) -> dict[str, list[str]]:
        """The names module ``key``'s import statements bind to objects of project
        modules that matter, each with the import paths that bind it (``from pkg
        import tracker`` binds ``tracker`` to ``pkg.tracker``): their calls, and their
        attributes' calls (a wrapper method of an instance another module made), may
        be analytics calls. Decided without reading the modules it imports, but for
        those it imports ``*`` from (the names they bind)."""
        found: dict[str, list[str]] = {}
        package = self._package_of(key)
        for statement in imports:
            if isinstance(statement, ast.Import):
                for alias in statement.names:
                    located = self.finder.find(alias.name, key)
                    if located is not None and self.matters(located):
                        local = alias.asname or alias.name.split(".")[0]
                        found.setdefault(local, []).append(
                            alias.name if alias.asname else local)
                continue
            base = _absolute("." * statement.level + (statement.module or ""), package)
            if base is None:
                continue
            located = self.finder.find(base, key) if base else None
            base_matters = located is not None and self.matters(located)
            for alias in statement.names:
                if alias.name == "*":
                    if base_matters and located is not None:
                        for name in self._star_names(located):
                            found.setdefault(name, []).append(f"{base}.{name}")
                    continue
                qualname = f"{base}.{alias.name}" if base else alias.name
                if not base_matters:
                    submodule = self.finder.find(qualname, key)
                    if submodule is None or not self.matters(submodule):
                        continue
                found.setdefault(alias.asname or alias.name, []).append(qualname)
        return found

    def _star_names(self, key: str) -> list[str]:
        """The names ``from module import *`` binds: its ``__all__``, else those not
        starting with ``_`` that it binds, also by its own ``*`` imports (a chain of
        them re-exports a wrapper as well as a plain import does)."""
        found: dict[str, None] = {}
        pending, seen = [key], {key}
        while pending:
            current = pending.pop(0)
            summary = self.summary(current)
            if summary is None:
                continue
            found.update(dict.fromkeys(summary.star_names()))
            if summary.exports is not None:
                continue  # ``__all__`` says it all
            for module in summary.stars:
                located = self.finder.find(module, current)
                if located is not None and located not in seen:
                    seen.add(located)
                    pending.append(located)
        return [name for name in found if not name.startswith("_")]


def needles(settings: Settings) -> tuple[str, ...]:
    """Words one of which every file with an analytics call must contain.

    Every SDK import path contains ``analytics`` (as a name of its own, or within
    ``rudder_analytics``, which :func:`_uses_words` must see as a whole name); a
    configured client or wrapper is called by (or imported under) its own last name.
    """
    words = {"analytics", *(module.rpartition(".")[2] for module in SDK_MODULES)}
    words.update(name.rpartition(".")[2] for name in settings.clients)
    words.update(qualname.rpartition(".")[2] for qualname, _ in settings.wrappers)
    return tuple(sorted(words))


def _digest(content: bytes) -> tuple[int, int]:
    """Enough to tell two contents of one module apart, cheaply."""
    return len(content), hash(content)


def _search(pattern: re.Pattern[bytes], path: str) -> bytes | None:
    """The file's content if ``pattern`` occurs in it."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(_MAX_BYTES)
    except OSError:
        return None
    return data if pattern.search(data) is not None else None


def _uses_words(data: bytes | None, words: Iterable[bytes]) -> bool:
    """Can the source ``data`` bring in an analytics object through one of ``words``?
    Only code can: an import that spells one (``import analytics``, ``from segment
    import analytics``), an attribute of an imported module (``segment.analytics``),
    a name bound nowhere in its scopes (a configured client), or a string annotation.
    Not a docstring, a comment or another string, nor a local, a parameter, a field or
    an attribute of some object that happens to be called ``analytics``: such a module
    would otherwise make every module that imports it, and theirs, worth analysing
    (one docstring of SQLAlchemy: its whole tree). An import line that spells a word
    answers at once; otherwise the module is parsed (rare); one that does not parse
    may."""
    if data is None:
        return False
    present = [w for w in words if w in data]
    if not present:
        return False
    if len(data) >= _MAX_BYTES:
        return True  # (read in part, or too large to be checked: not parsed here)
    text = data.decode("utf-8", "replace")
    spelled = [w.decode("utf-8", "replace") for w in present]
    for match in import_matches(text):
        if not set(spelled).isdisjoint(_NAME.findall(match.group(0))):
            return True
    try:
        tree = ast.parse(data)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return True
    return _WordUses(frozenset(spelled)).found(tree)


class _WordUses:
    """The walk of :func:`_uses_words`, with the names each scope binds."""

    def __init__(self, words: frozenset[str]) -> None:
        self.words = words
        self.imported: set[str] = set()

    def found(self, tree: ast.Module) -> bool:
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    self.imported.add(alias.asname or alias.name.split(".")[0])
                    if any(part in self.words for part in alias.name.split(".")):
                        return True  # (an import line the text scan did not see)
                if any(part in self.words for part in (getattr(node, "module", None) or ""
                                                       ).split(".")):
                    return True
        return self._in(tree.body, [("module", _bound(tree.body))])

    def _in(self, nodes: Sequence[ast.AST], scopes: list[tuple[str, set[str]]]) -> bool:
        pending = list(nodes)
        while pending:
            node = pending.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                arguments = node.args
                names = {a.arg for a in _parameters(arguments)}
                body = [node.body] if isinstance(node, ast.Lambda) else node.body
                if self._annotated(node) or self._in(
                        list(body), [*scopes, ("function", names | _bound(body))]):
                    return True
                pending.extend(d for d in (*getattr(node, "decorator_list", ()),
                                           *arguments.defaults, *arguments.kw_defaults)
                               if d is not None)
                continue
            if isinstance(node, ast.ClassDef):
                if self._in(list(node.body), [*scopes, ("class", _bound(node.body))]):
                    return True
                pending.extend((*node.bases, *node.keywords, *node.decorator_list))
                continue
            if isinstance(node, ast.Name) and node.id in self.words and \
                    isinstance(node.ctx, ast.Load) and not _binds(scopes, node.id):
                return True  # a name bound nowhere: a configured client
            if isinstance(node, ast.Attribute) and node.attr in self.words:
                root = node.value
                while isinstance(root, ast.Attribute):
                    root = root.value
                if isinstance(root, ast.Name) and root.id in self.imported:
                    return True  # ``segment.analytics``
            if isinstance(node, ast.AnnAssign) and \
                    any(n in self.words for n in _annotation_names(node.annotation)):
                return True
            pending.extend(ast.iter_child_nodes(node))
        return False

    def _annotated(self, node: ast.AST) -> bool:
        """A string annotation of a function spells a word (``"analytics.Client"``)."""
        if isinstance(node, ast.Lambda):
            return False
        assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        annotations = [node.returns, *(a.annotation for a in _parameters(node.args))]
        return any(name in self.words for annotation in annotations
                   for name in _annotation_names(annotation))


def _parameters(arguments: ast.arguments) -> list[ast.arg]:
    return [a for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                        arguments.vararg, arguments.kwarg) if a is not None]


def _bound(body: list[ast.stmt] | list[ast.expr]) -> set[str]:
    """The names a block binds in its own scope (not in the functions and classes it
    defines, whose own names it binds)."""
    found: set[str] = set()
    pending: list[ast.AST] = list(body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(node.name)
            continue
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            found.add(node.id)
        elif isinstance(node, ast.alias):
            found.add(node.asname or node.name.split(".")[0])
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            found.update(node.names)
        else:
            name = getattr(node, "name", None) or getattr(node, "rest", None)
            if isinstance(name, str):
                found.add(name)  # ``except … as``, a match capture
        pending.extend(ast.iter_child_nodes(node))
    return found


def _binds(scopes: list[tuple[str, set[str]]], name: str) -> bool:
    """Is ``name``, read in the innermost of ``scopes``, bound in one of them (a
    class's names are not seen from its methods)?"""
    for depth, (kind, names) in enumerate(reversed(scopes)):
        if kind == "class" and depth > 0:
            continue
        if name in names:
            return True
    return False


def _annotation_names(annotation: ast.expr | None) -> list[str]:
    """The names the strings of an annotation spell as code (``"analytics.Client"``,
    ``Optional["analytics.Client"]``, ``"Optional[analytics.Client]"``; not a string
    of its ``Annotated`` metadata such as ``"team:analytics"``)."""
    found: list[str] = []
    pending: list[ast.AST] = [annotation] if annotation is not None else []
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Tuple) and \
                node.slice.elts and (getattr(node.value, "id", None) == "Annotated" or
                                     getattr(node.value, "attr", None) == "Annotated"):
            pending.append(node.slice.elts[0])  # (its metadata is no type)
            continue
        pending.extend(ast.iter_child_nodes(node))
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str) or \
                len(node.value) > 200:
            continue
        try:
            expression = ast.parse(node.value.strip(), mode="eval")
        except (SyntaxError, ValueError):
            continue
        found.extend(inner.id if isinstance(inner, ast.Name) else inner.attr
                     for inner in ast.walk(expression)
                     if isinstance(inner, (ast.Name, ast.Attribute)))
    return found


def _module_word(key: str) -> bytes:
    """The name every import of module ``key`` spells: its last component (a
    package's own name for its ``__init__``)."""
    parts = key.split("/")
    name = parts[-2] if parts[-1] == "__init__.py" and len(parts) > 1 else parts[-1]
    # a file name that is not UTF-8 (``surrogateescape``d by the OS layer) as its bytes
    return name.removesuffix(".py").encode("utf-8", "surrogateescape")


def _absolute(source: str, package: str | None) -> str | None:
    level = len(source) - len(source.lstrip("."))
    name = source[level:]
    if not level:
        return name
    if package is None:
        return None
    parts = package.split(".") if package else []
    if level - 1 > len(parts):
        return None
    base = parts[:len(parts) - (level - 1)]
    return ".".join([*base, name] if name else base)


def summarize_source(content: bytes, module: str | None, is_package: bool = False,
                     guards: GuardMatcher | None = None) -> ModuleSummary | None:
    """The summary of a module's source; ``None`` when it cannot be read or parsed."""
    from ..analysis.calls import Resolver
    from ..analysis.context import ContextAnalyzer
    from ..analysis.guards import GuardAnalyzer
    from ..analysis.scopes import ModuleIndex
    from ..analysis.sdk import SDK_METHODS
    from ..analysis.summary import Summarizer
    from ..files import InputError, decode

    try:
        source = decode(module or "<module>", content)
        tree = ast.parse(source.text)
    except (InputError, SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    try:
        index = ModuleIndex(tree, module, (), source.lines, SDK_METHODS, source.text, is_package)
        resolver = Resolver(index, (), ())
        summary = Summarizer(index, resolver, ContextAnalyzer(resolver, frozenset()),
                             GuardAnalyzer(resolver, guards) if guards else None).summarize()
        index.release()
        return summary
    except RecursionError:
        return None


def import_matches(text: str) -> Iterator[re.Match[str]]:
    """The import statements of ``text``, at the start of a line or after a ``;``, in
    order and not overlapping (what ``re.finditer`` of ``^``/``;`` + ``_STATEMENT``
    in multi-line mode finds), tried only on the lines that spell ``import``: a
    pattern anchored at every line start costs a step at every character."""
    semicolons = ";" in text
    end = 0
    position = text.find("import")
    while position != -1:
        start = text.rfind("\n", 0, position) + 1
        line_end = text.find("\n", position)
        if line_end == -1:
            line_end = len(text)
        starts = [start]
        if semicolons:
            semicolon = text.find(";", start, line_end)
            while semicolon != -1:
                starts.append(semicolon)
                semicolon = text.find(";", semicolon + 1, line_end)
        for at in starts:
            if at < end:
                continue
            match = _IMPORT_HERE.match(text, at) if at == start else None
            if match is None and text.startswith(";", at):
                match = _IMPORT_AFTER_SEMICOLON.match(text, at)
            if match is not None:
                yield match
                end = match.end()
        position = text.find("import", max(line_end, end))

