"""Output formats for ``lint-groupid check``: text, json, github, gitlab, sarif.

``json`` is imported by the formats that write it: text output does not pay for it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Callable, TextIO

from .checker import Finding
from .rules import RULES

if TYPE_CHECKING:
    from .fixer.model import Replacement

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
    import json

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
    import json

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
    import json

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
        if f.fix is not None and f.fix.replacements:
            result["fixes"] = [{
                "description": {"text": f"{f.fix.description} ({f.fix.safety})"},
                "artifactChanges": [{
                    "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                    "replacements": [_replacement(r) for r in f.fix.replacements],
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


def _replacement(replacement: Replacement) -> dict[str, Any]:
    return {
        "deletedRegion": {"startLine": replacement.start_line,
                          "startColumn": replacement.start_column,
                          "endLine": replacement.end_line,
                          "endColumn": replacement.end_column},
        "insertedContent": {"text": replacement.text},
    }


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
