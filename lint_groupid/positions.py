"""Lines and positions: how ``ast``'s line numbers and byte columns map to text.

Shared by the analysis, the reporters and the fixer; imports nothing heavy.
"""

from __future__ import annotations

import ast
import bisect
import functools
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import NamedTuple


class Span(NamedTuple):
    """A node's place: 1-based lines, 0-based character columns (libcst's CodeRange).

    A named tuple (immutable, compared and hashed by value): cheaper to define and to
    create than a frozen dataclass.
    """

    start_line: int
    start_column: int
    end_line: int
    end_column: int


# compiled when first needed: most files hold no line break but \n (start-up)
@functools.cache
def _other_line_breaks() -> re.Pattern[str]:
    return re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


@functools.cache
def _python_line() -> re.Pattern[str]:
    return re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def split_lines(text: str) -> list[str]:
    """``text``'s lines, with their endings, as Python counts them.

    ``str.splitlines`` also breaks at form feeds and other separators that
    Python's tokenizer does not treat as line ends; the line numbers of ``ast``
    would not match.
    """
    if not _has_other_line_breaks(text):
        return text.splitlines(keepends=True)
    return _python_line().findall(text)


def _has_other_line_breaks(text: str) -> bool:
    """``_other_line_breaks().search(text)``, as a few ``in`` scans: several times faster
    on the usual file, which has none."""
    if "\x0b" in text or "\x0c" in text or "\x1c" in text or "\x1d" in text or \
            "\x1e" in text:
        return True
    return not text.isascii() and _other_line_breaks().search(text) is not None


def character_column(lines: Sequence[str], line: int, byte_offset: int) -> int:
    """``ast`` columns count UTF-8 bytes; people, editors and libcst count characters."""
    if not 0 < line <= len(lines):
        return byte_offset
    text = lines[line - 1]
    if text.isascii():
        return byte_offset
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


# the ``ast`` nodes that carry a position
_LOCATED = (ast.expr, ast.stmt, ast.keyword, ast.arg, ast.excepthandler)


def _located(node: ast.AST) -> ast.expr | ast.stmt | ast.keyword | ast.arg | \
        ast.excepthandler:
    if not isinstance(node, _LOCATED):
        raise TypeError(f"{type(node).__name__} has no position")
    return node


def span_of(node: ast.AST, lines: Sequence[str]) -> Span:
    located = _located(node)
    line = located.lineno
    end_line = located.end_lineno or line
    end_offset = located.end_col_offset
    return Span(
        line,
        character_column(lines, line, located.col_offset),
        end_line,
        character_column(lines, end_line,
                         located.col_offset if end_offset is None else end_offset),
    )


def first_line(node: ast.AST) -> int:
    """The line a statement starts on, its decorators included."""
    line = _located(node).lineno
    for decorator in getattr(node, "decorator_list", ()):
        line = min(line, decorator.lineno)
    return line


def start_keys(spans: Iterable[Span], lines: Sequence[str]) -> set[tuple[int, int]]:
    """``(line, col_offset)`` where each span starts, in ``ast``'s UTF-8 byte columns:
    a cheap first test before computing a node's span."""
    keys = set()
    for span in spans:
        line = span.start_line
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        column = span.start_column if text.isascii() else \
            len(text[:span.start_column].encode("utf-8"))
        keys.add((line, column))
    return keys


def walk_lines(tree: ast.AST, lines: Collection[int]) -> Iterator[ast.AST]:
    """The nodes of ``tree`` that start on one of ``lines``, parents before their
    children: ``ast.walk`` without the subtrees that hold none of those lines."""
    ordered = sorted(lines)
    todo = [tree]
    while todo:
        node = todo.pop()
        start = getattr(node, "lineno", None)
        if start is not None:
            index = bisect.bisect_left(ordered, start)
            end = getattr(node, "end_lineno", None) or start
            if index == len(ordered) or ordered[index] > end:
                continue
            if ordered[index] == start:
                yield node
        todo.extend(ast.iter_child_nodes(node))


def source_segment(lines: Sequence[str], node: ast.AST) -> str:
    """The source text of ``node`` (``ast.get_source_segment`` over our lines)."""
    span = span_of(node, lines)
    if span.start_line == span.end_line:
        return lines[span.start_line - 1][span.start_column:span.end_column]
    parts = [lines[span.start_line - 1][span.start_column:]]
    parts.extend(lines[span.start_line:span.end_line - 1])
    parts.append(lines[span.end_line - 1][:span.end_column])
    return "".join(parts)
