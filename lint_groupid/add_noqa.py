"""``check --add-noqa``: silence every reported finding where it is reported.

Each comment goes at the end of the line flake8 reads for that finding; where
that line ends inside a multi-line string, at the end of the string's last
line (flake8 reads a multi-line string's lines together). An existing
``# noqa: X`` is extended, never duplicated.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable, Sequence

from .checker import Finding
from .noqa import noqa_inline
from .positions import split_lines
from .rules import PARSE_ERROR

_SEPARATOR = re.compile(r"[,\s]+")


def add_noqa(text: str, findings: Iterable[Finding]) -> tuple[str, list[int]]:
    """``text`` with ``# noqa: CODE`` comments for ``findings``, and the lines where
    none can be added (flake8 would read a ``# noqa`` look-alike in a string first)."""
    lines = split_lines(text)
    string_ends, comments = _scan(text)
    codes_by_line: dict[int, set[str]] = {}
    for finding in findings:
        line = string_ends.get(finding.line, finding.line)
        codes_by_line.setdefault(line, set()).add(finding.code)
    refused = []
    for number, codes in codes_by_line.items():
        if not 0 < number <= len(lines):
            continue
        comment = comments.get(number)
        first = noqa_inline().search(lines[number - 1])
        if first is not None and (comment is None or first.start() < comment):
            refused.append(number)
            continue
        lines[number - 1] = _with_codes(lines[number - 1], codes, comment)
    return "".join(lines), sorted(refused)


def _with_codes(line: str, codes: set[str], comment_start: int | None) -> str:
    body = line.rstrip("\r\n")
    ending = line[len(body):]
    # only a real comment is extended: text that looks like one in a string is not
    match = noqa_inline().search(body, comment_start) if comment_start is not None else None
    if match is not None:
        existing = match.group("codes")
        if existing is None:
            return line  # a bare noqa comment already silences everything
        known = [c for c in _SEPARATOR.split(existing.strip()) if c]
        merged = known + sorted(c for c in codes if c not in known)
        start, end = match.span()
        return f"{body[:start]}# noqa: {', '.join(merged)}{body[end:]}{ending}"
    return f"{body.rstrip()}  # noqa: {', '.join(sorted(codes))}{ending}"


def _scan(text: str) -> tuple[dict[int, int], dict[int, int]]:
    """For each line that ends inside a multi-line string: the string's last line;
    and for each line with a comment: the column where the comment starts."""
    ends: dict[int, int] = {}
    comments: dict[int, int] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.STRING and token.end[0] > token.start[0]:
                for line in range(token.start[0], token.end[0]):
                    ends[line] = token.end[0]
            elif token.type == tokenize.COMMENT:
                comments[token.start[0]] = token.start[1]
    except (tokenize.TokenError, SyntaxError):
        pass
    # a string may end on a line where the next one starts: follow the chain
    for line in list(ends):
        seen = {line}
        while ends[line] in ends and ends[line] not in seen:
            seen.add(ends[line])
            ends[line] = ends[ends[line]]
    return ends, comments


def files_to_edit(reported: Sequence[tuple[str, Finding]]) -> dict[str, list[Finding]]:
    by_path: dict[str, list[Finding]] = {}
    for path, finding in reported:
        if finding.code != PARSE_ERROR.code and path != "-":
            by_path.setdefault(path, []).append(finding)
    return by_path
