"""Checking files: read, pre-filter, parse, analyse, select, honour ``# noqa``."""

from __future__ import annotations

import ast
import multiprocessing
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .checker import Finding, check_tree, needles
from .files import InputError, decode, discover, module_name_for, read_bytes
from .noqa import NoqaMap, file_is_skipped
from .rules import PARSE_ERROR
from .settings import CodeSelector, Settings, per_file_ignored

# below this many files to parse, worker processes cost more than they save
_PARALLEL_THRESHOLD = 16


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    parsed: bool = False


def problem_finding(reason: str, line: int = 1, column: int = 1) -> Finding:
    return Finding(PARSE_ERROR.code, PARSE_ERROR.format(reason=reason), line, column, line,
                   column)


class FileChecker:
    """Checks one file at a time with fixed settings; cheap to send to a worker."""

    def __init__(self, settings: Settings, stdin_filename: str | None = None) -> None:
        self.settings = settings
        self.words = tuple(word.encode() for word in needles(settings))
        self.stdin_filename = stdin_filename
        self._selectors: dict[tuple[str, ...], CodeSelector] = {}

    def selector_for(self, path: str) -> CodeSelector:
        extra = per_file_ignored(self.settings, path)
        selector = self._selectors.get(extra)
        if selector is None:
            s = self.settings
            selector = CodeSelector(s.select, s.extend_select, s.ignore, (*s.extend_ignore, *extra))
            self._selectors[extra] = selector
        return selector

    def display_path(self, path: str) -> str:
        return (self.stdin_filename or "-") if path == "-" else path

    def check_path(self, path: str) -> FileResult:
        shown = self.display_path(path)
        try:
            raw = read_bytes(path)
        except InputError as error:
            return self._problem(shown, str(error).split(": ", 1)[1])
        return self.check_bytes(shown, raw)

    def check_bytes(self, path: str, raw: bytes) -> FileResult:
        if not any(word in raw for word in self.words):
            return FileResult(path)
        try:
            source = decode(path, raw)
        except InputError as error:
            return self._problem(path, str(error).split(": ", 1)[1])
        result = FileResult(path, parsed=True)
        if file_is_skipped(source.lines):
            return result
        try:
            tree = ast.parse(source.text, filename=path)
        except SyntaxError as error:
            reason = (error.msg or "invalid syntax").split("\n")[0]
            return self._problem(path, reason, error.lineno or 1, error.offset or 1)
        except (ValueError, MemoryError, RecursionError) as error:
            return self._problem(path, _describe(error))
        try:
            findings = check_tree(tree, source.lines, self.settings, module_name_for(path))
        except RecursionError:
            return self._problem(path, "too deeply nested to analyse")
        if findings:
            selector = self.selector_for(path)
            noqa = NoqaMap(source.text, source.lines)
            result.findings = [
                f for f in findings
                if selector.is_selected(f.code) and not noqa.suppresses(f.line, f.code)
            ]
        return result

    def _problem(self, path: str, reason: str, line: int = 1, column: int = 1) -> FileResult:
        if not self.selector_for(path).is_selected(PARSE_ERROR.code):
            return FileResult(path)
        return FileResult(path, [problem_finding(reason, line, column)])


def _describe(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "too deeply nested to parse"
    if isinstance(error, MemoryError):
        return "too large or too deeply nested to parse"
    return str(error).split("\n")[0] or type(error).__name__


_worker: FileChecker | None = None


def _init_worker(checker: FileChecker) -> None:
    global _worker
    _worker = checker


def _check_in_worker(path: str) -> FileResult:
    assert _worker is not None
    return _worker.check_path(path)


def resolve_jobs(jobs: str | int | None) -> int:
    if jobs in (None, "auto"):
        return os.cpu_count() or 1
    return max(1, int(jobs))


def check_paths(paths: Sequence[str], checker: FileChecker, jobs: int = 1) -> Iterator[FileResult]:
    """Results for every file under ``paths``, in discovery order."""
    files: list[str] = []
    for item in _discover_each(paths, checker):
        if isinstance(item, FileResult):
            yield item
        else:
            files.append(item)
    if jobs <= 1 or len(files) < _PARALLEL_THRESHOLD or "-" in files:
        for path in files:
            yield checker.check_path(path)
        return
    # biggest files first so that no worker is left with a large file at the end
    order = sorted(range(len(files)), key=lambda i: -_size(files[i]))
    context = _pool_context()
    results: dict[int, FileResult] = {}
    with context.Pool(jobs, initializer=_init_worker, initargs=(checker,)) as pool:
        ordered = [files[i] for i in order]
        for position, result in enumerate(pool.imap(_check_in_worker, ordered, chunksize=4)):
            results[order[position]] = result
    for index in range(len(files)):
        yield results[index]


def _discover_each(paths: Sequence[str], checker: FileChecker) -> Iterator[str | FileResult]:
    for path in paths:
        try:
            yield from discover([path], checker.settings)
        except InputError as error:
            yield checker._problem(path, str(error).split(": ", 1)[1])


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _pool_context() -> multiprocessing.context.BaseContext:
    if sys.platform != "win32" and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()  # pragma: no cover
