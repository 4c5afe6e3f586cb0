"""Fixing a file: check it, apply its fixes, verify, write atomically; and the fixes'
replacements for the reporters that show them. Both run in the worker processes."""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..checker import Finding
from ..files import ChangedOnDisk, encode, write_atomically
from ..positions import split_lines
from ..runner import FileChecker, FileResult
from .layout import Layout, project_layout
from .model import SAFE, Replacement

UNSAFE_HINT = "an unsafe fix: pass --unsafe-fixes"


@dataclass
class FixOutcome:
    path: str
    fixed: list[Finding] = field(default_factory=list)  # the findings the fixes removed
    # the selected findings left, with the line numbers of the file on disk
    remaining: list[Finding] = field(default_factory=list)
    # why a remaining finding was not fixed, by its index in ``remaining``
    reasons: dict[int, str] = field(default_factory=dict)
    diff: str = ""  # unified diff of the change ("" when nothing changed)
    error: str = ""  # why the file's fixes were not made (verification, writing)
    written: bool = False
    new_source: bytes | None = None  # the fixed file, for standard input

    @property
    def changed(self) -> bool:
        return bool(self.diff)

    def reason(self, index: int) -> str:
        """Why ``remaining[index]`` is left."""
        return self.reasons.get(index) or unfixed_reason(self.remaining[index])


def unfixed_reason(finding: Finding) -> str:
    """Why ``finding`` has no fix, or why its fix is not made without --unsafe-fixes."""
    if finding.fix is not None and finding.fix.safety != SAFE:
        why = finding.no_fix_reason
        return f"{UNSAFE_HINT} ({why})" if why else UNSAFE_HINT
    return finding.no_fix_reason or "no fix for this rule"


class _Worker:
    """What the fixer's workers share: the checker and the project's layout."""

    def __init__(self, checker: FileChecker) -> None:
        self.checker = checker
        settings = checker.settings
        self.layout = project_layout(settings.root, settings.line_length)

    def prepare(self, paths: Sequence[str], files: Sequence[str]) -> None:
        self.checker.prepare(paths, files)


class FileFixer(_Worker):
    """Fixes one file at a time; sent to worker processes like :class:`FileChecker`."""

    def __init__(self, checker: FileChecker, unsafe: bool = False, write: bool = True,
                 allow_outside_root: bool = False) -> None:
        super().__init__(checker)
        self.unsafe = unsafe
        self.write = write
        # where files may be written: the project root (None: anywhere)
        self.writable_root = None if allow_outside_root else checker.settings.root

    def wanted(self, finding: Finding) -> bool:
        return finding.fix is not None and (self.unsafe or finding.fix.safety == SAFE)

    def failure(self, path: str, reason: str) -> FixOutcome:
        return _outcome(self.checker.failure(path, reason))

    def process(self, path: str) -> FixOutcome:
        result, source, tree = self.checker.read_and_analyse(path)
        shown = result.path
        fixable = [f for f in result.findings if self.wanted(f)]
        if source is None or tree is None or not fixable:
            return _outcome(result)
        raw = source.raw
        from .engine import apply_fixes
        from .verify import VerificationError, verify

        fixes = [f.fix for f in fixable if f.fix is not None]
        applied = apply_fixes(source.text, fixes, tree, self.layout)
        failed = {id(fix): reason for fix, reason in applied.failed}
        failures = [(f, failed[id(f.fix)]) for f in fixable if id(f.fix) in failed]
        if not applied.applied:
            return _outcome(result, None, failures)
        try:
            new_tree = verify(source.text, applied.text, applied.applied, tree)
            data = encode(applied.text, source)
        except VerificationError as error:
            return _outcome(result, error=f"not fixed: {error}")
        except UnicodeEncodeError:
            return _outcome(result, error=f"not fixed: the fix cannot be written in "
                                          f"{source.encoding}")
        new_lines = split_lines(applied.text)
        made = {id(fix) for fix in applied.applied}
        fixed = [f for f in fixable if id(f.fix) in made]
        diff = "".join(difflib.unified_diff(
            source.lines, new_lines, f"a/{shown}", f"b/{shown}"))
        if not self.write and path != "-":  # the findings left, in the file as it is
            fixed_ids = {id(f) for f in fixed}
            left = [f for f in result.findings if id(f) not in fixed_ids]
            return _outcome(result, left, failures, fixed=fixed, diff=diff)
        # the findings left, in the new file
        after = self.checker.analyse_tree(shown, applied.text, new_lines, new_tree)[0].findings
        written = self.write and path != "-" and data != raw
        if written:
            try:
                write_atomically(path, data, raw, inside=self.writable_root)
            except ChangedOnDisk as error:
                return _outcome(result, error=f"not fixed: {str(error).split(': ', 1)[1]}")
            except OSError as error:
                return _outcome(result, error=f"not fixed: cannot write: "
                                              f"{error.strerror or error}")
        return _outcome(result, after, failures, fixed=fixed, diff=diff, written=written,
                        new_source=data if path == "-" else None)


class FixPreview(_Worker):
    """Checks a file and attaches to each fix the replacements it would make (for the
    SARIF report): the reporter formats them, it never goes back to the file."""

    def failure(self, path: str, reason: str) -> FileResult:
        return self.checker.failure(path, reason)

    def process(self, path: str) -> FileResult:
        result, source, tree = self.checker.read_and_analyse(path)
        if source is None or tree is None or all(f.fix is None for f in result.findings):
            return result
        from .engine import apply_fixes

        findings = []
        for finding in result.findings:
            fix = finding.fix
            if fix is not None:
                applied = apply_fixes(source.text, [fix], tree, self.layout)
                if applied.applied:
                    fix = fix._replace(replacements=difference(source.text, applied.text))
                    finding = finding._replace(fix=fix)
            findings.append(finding)
        result.findings = findings
        return result


def difference(before: str, after: str) -> tuple[Replacement, ...]:
    """The one region of ``before`` that ``after`` replaces (1-based lines and
    character columns, lines as Python counts them)."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end_before, end_after = len(before), len(after)
    while end_before > start and end_after > start and \
            before[end_before - 1] == after[end_after - 1]:
        end_before -= 1
        end_after -= 1
    if start == end_before == end_after:
        return ()
    starts = [0]
    for line in split_lines(before):
        starts.append(starts[-1] + len(line))

    def place(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    return (Replacement(*place(start), *place(end_before), after[start:end_after]),)


def _outcome(result: FileResult, remaining: list[Finding] | None = None,
             failures: list[tuple[Finding, str]] | None = None, **fields: Any) -> FixOutcome:
    """The outcome for ``result``'s file, with the findings ``remaining`` (by default,
    all of its findings) and the reasons of the fixes that failed."""
    remaining = result.findings if remaining is None else remaining
    return FixOutcome(result.path, remaining=remaining,
                      reasons=_reasons(remaining, failures or []), **fields)


def _reasons(remaining: list[Finding], failures: list[tuple[Finding, str]]
             ) -> dict[int, str]:
    """Each failed fix's reason, given to the remaining finding it belongs to: the one
    with its code, call and message, else (another fix changed the call) the first
    with its code and message."""
    reasons: dict[int, str] = {}
    left = list(failures)
    for key in (lambda f: (f.code, f.message, f.anchor), lambda f: (f.code, f.message)):
        for failed, reason in list(left):
            index = next((i for i, f in enumerate(remaining)
                          if i not in reasons and key(f) == key(failed)), None)
            if index is not None:
                reasons[index] = f"the fix failed: {reason}"
                left.remove((failed, reason))
    return reasons


__all__ = ["FileFixer", "FixOutcome", "FixPreview", "Layout", "difference"]
