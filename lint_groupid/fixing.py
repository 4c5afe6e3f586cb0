"""``lint-groupid fix``: check a file, apply its fixes, verify, write atomically."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from .checker import Finding
from .files import ChangedOnDisk, InputError, encode, read_bytes, write_atomically
from .fixes import SAFE, split_lines
from .runner import FileChecker, FileResult


@dataclass
class FixOutcome:
    path: str
    fixed: list[Finding] = field(default_factory=list)  # the findings the fixes removed
    remaining: list[Finding] = field(default_factory=list)  # selected findings left
    diff: str = ""  # unified diff of the change ("" when nothing changed)
    error: str = ""  # why fixable findings were not fixed (verification, writing)
    written: bool = False
    new_source: bytes | None = None  # the fixed file, for standard input

    @property
    def changed(self) -> bool:
        return bool(self.diff)


class FileFixer:
    """Fixes one file at a time; sent to worker processes like :class:`FileChecker`."""

    def __init__(self, checker: FileChecker, unsafe: bool = False, write: bool = True,
                 allow_outside_root: bool = False) -> None:
        self.checker = checker
        self.unsafe = unsafe
        self.write = write
        self.writable_root = None if allow_outside_root else checker.settings.root

    def wanted(self, finding: Finding) -> bool:
        return finding.fix is not None and (self.unsafe or finding.fix.safety == SAFE)

    def prepare(self, paths: Sequence[str], files: Sequence[str]) -> None:
        self.checker.prepare(paths, files)

    def failure(self, path: str, reason: str) -> FixOutcome:
        return _outcome(self.checker.failure(path, reason))

    def process(self, path: str) -> FixOutcome:
        shown = self.checker.display_path(path)
        try:
            raw = read_bytes(path)
        except InputError as error:
            return self.failure(shown, str(error).split(": ", 1)[1])
        result, source, tree = self.checker.analyse(shown, raw)
        fixable = [f for f in result.findings if self.wanted(f)]
        if source is None or tree is None or not fixable:
            return _outcome(result)
        from .fixer import FixError, apply_fixes, verify
        from .fixer.verify import VerificationError

        fixes = [f.fix for f in fixable if f.fix is not None]
        try:
            text = apply_fixes(source.text, fixes, tree)
            new_tree = verify(source.text, text, fixes, tree)
            data = encode(text, source)
        except (FixError, VerificationError) as error:
            return _outcome(result, error=f"not fixed: {error}")
        except UnicodeEncodeError:
            return _outcome(result, error=f"not fixed: the fix cannot be written in "
                                          f"{source.encoding}")
        new_lines = split_lines(text)
        remaining = self.checker.analyse_tree(shown, text, new_lines, new_tree)[0].findings
        fixed = _removed(result.findings, remaining)
        diff = "".join(difflib.unified_diff(
            source.lines, new_lines, f"a/{shown}", f"b/{shown}"))
        outcome = FixOutcome(shown, fixed, remaining, diff)
        if path == "-":
            outcome.new_source = data
        if self.write and path != "-" and data != raw:
            try:
                write_atomically(path, data, raw, inside=self.writable_root)
            except ChangedOnDisk as error:
                return _outcome(result, error=f"not fixed: {str(error).split(': ', 1)[1]}")
            except OSError as error:
                return _outcome(result, error=f"not fixed: cannot write: "
                                              f"{error.strerror or error}")
            outcome.written = True
        return outcome


def _outcome(result: FileResult, error: str = "") -> FixOutcome:
    return FixOutcome(result.path, remaining=result.findings, error=error)


def _removed(before: list[Finding], after: list[Finding]) -> list[Finding]:
    """Findings of ``before`` that ``after`` no longer has (by code and message, in order:
    lines move when a fix adds some)."""
    left: dict[tuple[str, str], int] = {}
    for finding in after:
        key = (finding.code, finding.message)
        left[key] = left.get(key, 0) + 1
    removed = []
    for finding in before:
        key = (finding.code, finding.message)
        if left.get(key):
            left[key] -= 1
        else:
            removed.append(finding)
    return removed
