"""Where a statement sits in its function: paths of (block, index) pairs."""

from __future__ import annotations

import ast
from collections.abc import Sequence

from .syntax import BLOCK_FIELDS

StatementPath = tuple[tuple[Sequence[ast.stmt], int], ...]


def statement_path(ancestors: Sequence[ast.AST], root: ast.AST) -> StatementPath:
    """The blocks from ``root``'s body down to the innermost statement in ``ancestors``.

    Each step is ``(block, index)``: ``block[index]`` is the statement on the way.
    ``except`` handlers and ``match`` cases are steps of their own (their
    ``body`` holds the statements).
    """
    start = None
    for position in range(len(ancestors) - 1, -1, -1):
        if ancestors[position] is root:
            start = position
            break
    if start is None:
        return ()
    path: list[tuple[Sequence[ast.stmt], int]] = []
    for parent, child in zip(ancestors[start:], ancestors[start + 1:]):
        is_block_item = isinstance(child, (ast.stmt, ast.excepthandler)) or \
            type(child).__name__ == "match_case"
        if not is_block_item:
            if isinstance(child, (ast.expr, ast.expr_context)):
                break  # below the innermost statement
            continue
        for field in BLOCK_FIELDS:
            block = getattr(parent, field, None)
            if block is None:
                continue
            index = position_in(block, child)
            if index < 0:
                continue
            if isinstance(child, ast.stmt):
                path.append((block, index))
            break
    return tuple(path)


def position_in(items: Sequence[ast.AST], child: ast.AST) -> int:
    """Where ``child`` is in ``items`` (by identity), or -1.

    A block, like the operands of ``and``, is in source order, so a binary
    search on the start position finds it: a linear search for every call
    would make a module of 100,000 calls take hours.
    """
    key = _start(child)
    if key is not None:
        low, high = 0, len(items)
        while low < high:
            middle = (low + high) // 2
            start = _start(items[middle])
            if start is None:
                break
            if start < key:
                low = middle + 1
            else:
                high = middle
        else:
            return low if low < len(items) and items[low] is child else -1
    for index, item in enumerate(items):  # nodes without a position (``match`` cases)
        if item is child:
            return index
    return -1


def _start(node: ast.AST) -> tuple[int, int] | None:
    line = getattr(node, "lineno", None)
    return None if line is None else (line, getattr(node, "col_offset", 0))


def block_field(parent: ast.AST, block: Sequence[ast.stmt]) -> str | None:
    """Which field of ``parent`` holds ``block``."""
    for field in BLOCK_FIELDS:
        if getattr(parent, field, None) is block:
            return field
    return None
