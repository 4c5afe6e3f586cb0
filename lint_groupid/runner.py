"""Running files through a task (a check or a fix): read, pre-filter, parse, analyse,
select, honour ``# noqa``; on worker processes when it pays.

The checker (and the analysis and fix planning only it imports) is imported when a
file gets past the pre-filter: a run whose files mention no analytics never loads it.
"""

from __future__ import annotations

import ast
import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .files import (
    InputError,
    Note,
    Source,
    decode,
    discover,
    is_excluded_file,
    module_name_in,
    per_file_ignored,
    read_bytes,
)
from .noqa import NoqaMap, file_is_skipped
from .project.index import ProjectIndex, needles
from .rules import PARSE_ERROR
from .settings import CodeSelector, Settings

if TYPE_CHECKING:
    import multiprocessing.context

    from .checker import Finding
    from .project.results import ResultsCache

# below this many files to parse, worker processes cost more than they save
_PARALLEL_THRESHOLD = 16
# from this many files on, which modules can matter is decided for the whole project
# at once (below, each file's imports are followed: cheaper for a few files)
_PREPARE_THRESHOLD = 64

Result = TypeVar("Result", covariant=True)


class FileResult:
    """A file's findings, as selected for it (the fixer replaces them by what is left).

    Written out rather than a dataclass: defining one costs start-up.
    """

    # unhashable, as it defines __eq__ (a dataclass's too)
    __slots__ = ("entry", "findings", "lasting", "path", "reads")

    def __init__(self, path: str, findings: list[Finding] | None = None) -> None:
        self.path = path
        self.findings: list[Finding] = [] if findings is None else findings
        # for the results cache (see FileChecker.keep): what to keep of the file, and
        # what was read of the project since the previous file
        self.entry: tuple[str, list[Any]] | None = None
        self.reads: dict[str, dict[str, Any]] | None = None
        self.lasting = True  # the same content would always give these findings

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FileResult) or other.__class__ is not self.__class__:
            return NotImplemented
        return (self.path, self.findings) == (other.path, other.findings)

    def __repr__(self) -> str:
        return f"FileResult(path={self.path!r}, findings={self.findings!r})"


def problem_finding(reason: str, line: int = 1, column: int = 1) -> Finding:
    from .checker import Finding

    return Finding(PARSE_ERROR.code, PARSE_ERROR.format(reason=reason), line, column, line,
                   column)


class FileChecker:
    """Checks one file at a time with fixed settings; cheap to send to a worker.

    The front ends use :meth:`process` (a path, as discovered), :meth:`failure` (a
    path that could not be read), and the fixer :meth:`analyse` (bytes already read)
    and :meth:`analyse_tree` (text it produced, with its tree when it has one).
    """

    def __init__(self, settings: Settings, stdin_filename: str | None = None,
                 fingerprints: bool = True, project: ProjectIndex | None = None,
                 fixes: bool = True, cache_results: bool = False) -> None:
        self.settings = settings
        # keep findings between runs (a run over many files of a project with a cache)
        self.cache_results = cache_results
        self.results: ResultsCache | None = None
        # the findings' fixes: planned only for the outputs that show them (and the fixer)
        self.fixes = fixes
        # project-wide resolution: the index of the project the files belong to
        self.project = project
        # fingerprints cost a tokenize per finding: only baselines and some formats use them
        self.fingerprints = fingerprints
        self.words = tuple(word.encode() for word in needles(settings))
        self.stdin_filename = stdin_filename
        # as flake8 does: standard input shown as an excluded file is not checked
        self._skipped_stdin = stdin_filename is not None and \
            is_excluded_file(settings, stdin_filename)
        self._selectors: dict[tuple[str, ...], CodeSelector] = {}

    def _selector_for(self, path: str) -> CodeSelector:
        extra = per_file_ignored(self.settings, path)
        selector = self._selectors.get(extra)
        if selector is None:
            s = self.settings
            selector = CodeSelector(s.select, s.extend_select, s.ignore, (*s.extend_ignore, *extra))
            self._selectors[extra] = selector
        return selector

    def _key(self, path: str) -> str | None:
        """The file's key in the project index (``None``: no project, standard input
        without a name, or a file outside the project root)."""
        if self.project is None or path == "-":
            return None
        return self.project.key_for(path)

    def prepare(self, paths: Sequence[str], files: Sequence[str]) -> None:
        """Before checking many files of a project: decide at once which of the
        project's modules can matter (one read of each, not its imports)."""
        project = self.project
        if project is None or len(files) < _PREPARE_THRESHOLD:
            return
        if self.cache_results and project.cache is not None and project.reads is None:
            project.record_reads()  # from here on, every read of the project is recorded
        if any(os.path.abspath(path) == project.root for path in paths):
            everything: Sequence[str] = files  # the whole project is being checked
        else:
            try:
                everything = list(discover([project.root], self.settings))
            except InputError:  # pragma: no cover - the root exists: it holds the files
                return
        project.prepare(everything)
        if project.reads is not None and project.cache is not None:
            from .project.results import ResultsCache

            self.results = ResultsCache(project.cache, self.settings)
            self.results.open(project)

    def keep(self, result: FileResult) -> None:
        """In the process that runs the check: take in a file's result (its entry in the
        results cache, what was read to make it)."""
        if self.results is not None:
            self.results.keep(result.entry, result.reads)

    def save(self) -> None:
        """After the run: write the results cache."""
        if self.results is not None:
            self.results.save()

    def display_path(self, path: str) -> str:
        return (self.stdin_filename or "-") if path == "-" else path

    def process(self, path: str) -> FileResult:
        """The findings in the file at ``path`` (``-``: standard input)."""
        result = self.read_and_analyse(path)[0]
        if self.results is not None and self.project is not None and \
                self.project.reads is not None:
            result.reads = self.project.reads.take()
        return result

    def read_and_analyse(self, path: str
                         ) -> tuple[FileResult, Source | None, ast.Module | None]:
        """:meth:`analyse` of the file at ``path``, read here (a file that cannot be
        read is one finding); the source's ``raw`` bytes are what was read."""
        shown = self.display_path(path)
        try:
            raw = read_bytes(path)
        except InputError as error:
            return self.failure(shown, str(error).split(": ", 1)[1]), None, None
        return self.analyse(shown, raw)

    def analyse(self, path: str, raw: bytes
                ) -> tuple[FileResult, Source | None, ast.Module | None]:
        """The findings in ``raw`` as selected for ``path``, its decoded source and
        its tree (``None`` when it was not parsed)."""
        if self._skipped_stdin and path == self.stdin_filename:
            return FileResult(path), None, None
        key = self._key(path)
        project = self.project if key is not None else None
        if project is None:
            if not any(word in raw for word in self.words):
                return FileResult(path), None, None
            return self._analyse(path, raw)
        assert key is not None
        project.provide(key, raw)  # this content, not the file's, while it is checked
        try:
            if not project.worth_checking(key, raw):
                return FileResult(path), None, None
            if self.results is None:
                return self._analyse(path, raw)
            return self._analyse_cached(path, key, raw, self.results)
        finally:
            project.forget(key)

    def _analyse_cached(self, path: str, key: str, raw: bytes, results: ResultsCache
                        ) -> tuple[FileResult, Source | None, ast.Module | None]:
        """:meth:`_analyse`, unless the results cache has the file's findings."""
        from .project.results import digest

        content = digest(raw)
        ignored = per_file_ignored(self.settings, path)
        kept = results.lookup(key, content, self.fixes, ignored)
        if kept is not None:
            from .checker import Finding
            from .project.results import FINDING_FIELDS

            findings = [Finding(**dict(zip(FINDING_FIELDS, data))) for data in kept]
            if findings and self.fingerprints:
                findings = self._fingerprinted(path, findings)
            return FileResult(path, findings), None, None
        result, source, tree = self._analyse(path, raw)
        if result.lasting:
            result.entry = results.entry(key, content, result.findings, self.fixes, ignored)
        return result, source, tree

    def _analyse(self, path: str, raw: bytes
                 ) -> tuple[FileResult, Source | None, ast.Module | None]:
        try:
            source = decode(path, raw)
        except InputError as error:
            return self.failure(path, str(error).split(": ", 1)[1]), None, None
        if file_is_skipped(source.lines, source.text):
            return FileResult(path), None, None
        result, tree = self.analyse_tree(path, source.text, source.lines)
        return result, source, tree

    def analyse_tree(self, path: str, text: str, lines: list[str],
                     tree: ast.Module | None = None) -> tuple[FileResult, ast.Module | None]:
        """The findings in ``text`` (parsed unless its ``tree`` is given), and the tree."""
        if tree is None:
            try:
                tree = ast.parse(text, filename=path)
            except SyntaxError as error:
                reason = (error.msg or "invalid syntax").split("\n")[0]
                return self._problem(path, reason, error.lineno or 1, error.offset or 1), None
            except ValueError as error:
                return self.failure(path, _describe(error)), None
            except (MemoryError, RecursionError) as error:
                return self._passing(self.failure(path, _describe(error))), None
        return self._check_tree(path, text, lines, tree), tree

    def _check_tree(self, path: str, text: str, lines: list[str],
                    tree: ast.Module) -> FileResult:
        from .checker import check_tree

        result = FileResult(path)
        try:
            findings = check_tree(tree, lines, self.settings, module_name_in(self.settings, path),
                                  text, self.project, self._key(path), self.fixes)
        except RecursionError:
            return self._passing(self.failure(path, "too deeply nested to analyse"))
        if findings:
            selector = self._selector_for(path)
            noqa = NoqaMap(text, lines)
            selected = [
                f for f in findings
                if selector.is_selected(f.code) and not noqa.suppresses(f.line, f.code)
            ]
            result.findings = self._fingerprinted(path, selected) if self.fingerprints \
                else selected
        return result

    @staticmethod
    def _passing(result: FileResult) -> FileResult:
        """A result that another run may not repeat (the memory or the stack ran out):
        not for the results cache."""
        result.lasting = False
        return result

    def failure(self, path: str, reason: str) -> FileResult:
        """A file that could not be read, decoded or parsed: GID000 (if selected)."""
        return self._problem(path, reason)

    def _problem(self, path: str, reason: str, line: int = 1, column: int = 1) -> FileResult:
        if not self._selector_for(path).is_selected(PARSE_ERROR.code):
            return FileResult(path)
        return FileResult(path, self._fingerprinted(path, [problem_finding(reason, line, column)]))

    def _fingerprinted(self, path: str, findings: list[Finding]) -> list[Finding]:
        from .fingerprints import path_key, with_fingerprints  # hashing costs start-up

        return with_fingerprints(path_key(path, self.settings.root), findings)


def _describe(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "too deeply nested to parse"
    if isinstance(error, MemoryError):
        return "too large or too deeply nested to parse"
    return str(error).split("\n")[0] or type(error).__name__


class Task(Protocol[Result]):
    """What runs on each file: checking, or fixing."""

    def process(self, path: str) -> Result: ...

    def failure(self, path: str, reason: str) -> Result: ...

    def prepare(self, paths: Sequence[str], files: Sequence[str]) -> None: ...


_worker: Any = None


def _init_worker(task: Any) -> None:
    global _worker
    _worker = task
    _settle_memory()


def _process_in_worker(path: str) -> Any:
    return _collected(_worker.process, path)


def _collected(process: Callable[[str], Result], path: str) -> Result:
    """``process(path)`` with the garbage collector's automatic runs off, then one
    collection of what the file left (its tree, its analysis: cycles among them).
    Left automatic, the collector runs again and again while a file's tree is
    alive, moves it to the oldest generation, and then traverses everything the run
    keeps (the project's summaries) at each full collection: as much time as the
    parse itself on a project whose every file is analysed. Objects that outlive
    the file (summaries, remembered answers) move to the oldest generation, which
    is then never traversed again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return process(path)
    finally:
        gc.collect(1)
        if enabled:
            gc.enable()


def resolve_jobs(jobs: str | int | None) -> int:
    if jobs in (None, "auto"):
        return os.cpu_count() or 1
    return max(1, int(jobs))


def run_paths(paths: Sequence[str], task: Task[Result], settings: Settings,
              jobs: int = 1, note: Note | None = None) -> Iterator[Result]:
    """``task``'s result (a check, or a fix) for every file under ``paths``, in
    discovery order, on ``jobs`` processes."""
    files: list[str] = []
    for path in paths:
        try:
            files.extend(discover([path], settings, note))
        except InputError as error:
            yield task.failure(path, str(error).split(": ", 1)[1])
    task.prepare(paths, files)
    if jobs <= 1 or len(files) < _PARALLEL_THRESHOLD or "-" in files:
        _settle_memory()
        for path in files:
            yield _collected(task.process, path)
        return
    # runs of files in discovery order: a package's modules go to the same worker,
    # which reads the summaries they share once (each worker has its own index and
    # answers); eight runs per worker leave little imbalance at the end
    chunk = max(4, len(files) // (jobs * 8))
    context = _pool_context()
    _settle_memory()  # before forking, too: the workers' collectors leave these pages alone
    with context.Pool(jobs, initializer=_init_worker, initargs=(task,)) as pool:
        yield from pool.imap(_process_in_worker, files, chunksize=chunk)


def _settle_memory() -> None:
    """Move what is alive now (modules, settings) out of the garbage collector's view:
    it would be traversed again at every full collection while files are checked."""
    gc.freeze()


def _pool_context() -> multiprocessing.context.BaseContext:
    import multiprocessing  # only for a run that uses workers: it costs start-up

    if sys.platform != "win32" and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()  # pragma: no cover
