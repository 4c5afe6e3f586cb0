"""Stable fingerprints: a finding keeps its fingerprint when code moves around.

A fingerprint is the sha256 of the file's path (from the project root), the
code, the enclosing function, the call's callee and its event name or first
argument (their tokens: whitespace and comments do not count), and an
occurrence index that tells such calls in one function apart. The line number
is not part of it, so adding lines above a call changes nothing; nor is the
rest of the call, so fixing one finding of a call (adding its groupId) leaves
the fingerprints of its other findings alone.
"""

from __future__ import annotations

import hashlib
import io
import os
import tokenize
from collections.abc import Sequence

from .checker import Finding

_SKIPPED = frozenset({tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                      tokenize.DEDENT, tokenize.ENCODING, tokenize.ENDMARKER})


def normalise_code(text: str) -> str:
    """``text``'s tokens, one space apart: formatting and comments do not count."""
    try:
        tokens = tokenize.generate_tokens(io.StringIO(text).readline)
        return " ".join(t.string for t in tokens if t.type not in _SKIPPED)
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return " ".join(text.split())


def path_key(path: str, root: str) -> str:
    """The path as the fingerprint sees it: relative to the project root, with ``/``."""
    if path == "-":
        return path
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, os.path.abspath(root))
    except ValueError:  # pragma: no cover - another drive on Windows
        relative = absolute
    if relative.startswith(os.pardir):
        relative = path
    return relative.replace(os.sep, "/")


def with_fingerprints(path: str, findings: Sequence[Finding]) -> list[Finding]:
    """``findings`` (of one file, in order) with their ``fingerprint`` set."""
    seen: dict[tuple[str, str], int] = {}
    result = []
    for finding in findings:
        if finding.anchor:
            function, _, rest = finding.anchor.partition("\0")
            callee, _, argument = rest.partition("\0")
            anchor = f"{function}\0{normalise_code(callee)}\0{normalise_code(argument)}"
        else:
            anchor = finding.message
        key = (finding.code, anchor)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        digest = hashlib.sha256(
            "\0".join((path, finding.code, anchor, str(occurrence))).encode("utf-8")
        ).hexdigest()[:20]
        result.append(finding._replace(fingerprint=digest))
    return result
