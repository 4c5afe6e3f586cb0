"""Output formats for ``lint-groupid check``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Callable, TextIO

from .checker import Finding

Reported = tuple[str, Finding]  # (path, finding)


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


FORMATS: dict[str, Callable[[Sequence[Reported], TextIO], None]] = {
    "text": text,
    "json": json_list,
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
