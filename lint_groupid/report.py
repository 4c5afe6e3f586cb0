"""Output formats for ``lint-groupid check``: text, json, github, gitlab, sarif."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any, Callable, TextIO

from .checker import Finding
from .rules import RULES

Reported = tuple[str, Finding]  # (path, finding)
# where each rule's documentation lives (docs/rules.md, one section per code)
DOCS_URL = "https://github.com/lint-groupid/lint-groupid/blob/main/docs/rules.md"


def rule_url(code: str) -> str:
    rule = RULES[code]
    return f"{DOCS_URL}#{rule.code.lower()}-{rule.name}"


def text(results: Sequence[Reported], out: TextIO) -> None:
    for path, f in results:
        out.write(f"{path}:{f.line}:{f.column}: {f.code} {f.message}\n")


def as_json_object(path: str, f: Finding) -> dict[str, Any]:
    return {
        "path": path,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "code": f.code,
        "message": f.message,
        "fix": None if f.fix is None else {
            "safety": f.fix.safety,
            "description": f.fix.description,
        },
        "fingerprint": f.fingerprint,
    }


def json_list(results: Sequence[Reported], out: TextIO) -> None:
    json.dump([as_json_object(path, f) for path, f in results], out, indent=2)
    out.write("\n")


def github(results: Sequence[Reported], out: TextIO) -> None:
    """GitHub Actions workflow commands: an annotation per finding."""
    for path, f in results:
        properties = ",".join(
            f"{key}={_escape_property(str(value))}" for key, value in (
                ("file", path), ("line", f.line), ("col", f.column),
                ("endLine", f.end_line), ("endColumn", f.end_column), ("title", f.code))
        )
        out.write(f"::error {properties}::{_escape_data(f'{f.code} {f.message}')}\n")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def gitlab(results: Sequence[Reported], out: TextIO) -> None:
    """GitLab Code Quality report (a JSON list of issues)."""
    issues = [
        {
            "description": f"{f.code} {f.message}",
            "check_name": f.code,
            "fingerprint": f.fingerprint,
            "severity": "major",
            "location": {"path": path, "lines": {"begin": f.line, "end": f.end_line}},
        }
        for path, f in results
    ]
    json.dump(issues, out, indent=2)
    out.write("\n")


def sarif(results: Sequence[Reported], out: TextIO) -> None:
    """SARIF 2.1.0, for GitHub code scanning and other SARIF consumers."""
    from . import __version__
    codes = list(RULES)
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.what},
            "help": {"text": f"{rule.why}\n\nFix: {rule.fix}",
                     "markdown": f"{rule.why}\n\n**Fix:** {rule.fix}"},
            "helpUri": rule_url(rule.code),
            "defaultConfiguration": {"level": "error", "enabled": rule.default_on},
        }
        for rule in RULES.values()
    ]
    replacements = _Replacements()
    sarif_results = []
    for path, f in results:
        uri = path.replace(os.sep, "/")
        region = {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line,
                  "endColumn": f.end_column}
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": codes.index(f.code),
            "level": "error",
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                "region": region,
            }}],
            "partialFingerprints": {"lintGroupId/v1": f.fingerprint},
        }
        change = replacements.for_finding(path, f)
        if change is not None:
            result["fixes"] = [{
                "description": {"text": f"{f.fix.description} ({f.fix.safety})"
                                if f.fix else ""},
                "artifactChanges": [{
                    "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                    "replacements": [change],
                }],
            }]
        sarif_results.append(result)
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "lint-groupid",
                "version": __version__,
                "informationUri": DOCS_URL,
                "rules": rules,
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": _root_uri()}},
            "columnKind": "unicodeCodePoints",
            "results": sarif_results,
        }],
    }
    json.dump(document, out, indent=2)
    out.write("\n")


def _root_uri() -> str:
    from pathlib import Path

    return Path.cwd().as_uri() + "/"


class _Replacements:
    """A fix as SARIF wants it: the region it deletes and the text it inserts.

    Computed by applying the one fix (with libcst, loaded only for this format)
    and keeping what differs between the file before and after.
    """

    def __init__(self) -> None:
        self._texts: dict[str, str | None] = {}

    def for_finding(self, path: str, finding: Finding) -> dict[str, Any] | None:
        if finding.fix is None:
            return None
        original = self._text(path)
        if original is None:
            return None
        from .fixer import FixError, apply_fixes

        try:
            fixed = apply_fixes(original, [finding.fix])
        except FixError:
            return None
        return _difference(original, fixed)

    def _text(self, path: str) -> str | None:
        if path not in self._texts:
            from .files import InputError, decode, read_bytes

            try:
                self._texts[path] = decode(path, read_bytes(path)).text
            except InputError:
                self._texts[path] = None
        return self._texts[path]


def _difference(before: str, after: str) -> dict[str, Any] | None:
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
        return None
    start_line, start_column = _line_column(before, start)
    end_line, end_column = _line_column(before, end_before)
    return {
        "deletedRegion": {"startLine": start_line, "startColumn": start_column,
                          "endLine": end_line, "endColumn": end_column},
        "insertedContent": {"text": after[start:end_after]},
    }


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


FORMATS: dict[str, Callable[[Sequence[Reported], TextIO], None]] = {
    "text": text,
    "json": json_list,
    "github": github,
    "gitlab": gitlab,
    "sarif": sarif,
}


def summary(findings: int, files_with_findings: int, files_checked: int) -> str:
    if not findings:
        return f"No findings in {_plural(files_checked, 'file')}."
    return (
        f"Found {_plural(findings, 'finding')} in {_plural(files_with_findings, 'file')} "
        f"({files_checked} checked)."
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
