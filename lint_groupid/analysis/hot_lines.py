"""Which lines can matter: the walk skips code on cold lines (speed behind one seam).

A line is *hot* when it holds ``NAME(`` for a call name of interest, ``:=``,
``global`` or ``nonlocal``: only there can an analytics call be, or a name be
bound from inside an expression. Everything else about a file is decided by
its statements, which the walk always visits.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any

_IDENTIFIER_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_ALIAS = re.compile(r"\s+as\s+([A-Za-z_][A-Za-z0-9_]*)")


class HotLines:
    """``is_cold(node)``: no line of ``node`` can hold a call of interest."""

    __slots__ = ("_counts",)

    def __init__(self, lines: Sequence[str] | None, names: Iterable[str],
                 text: str | None = None, receivers: Iterable[str] = ()) -> None:
        # prefix counts: counts[b] - counts[a - 1] hot lines among lines a..b; without
        # the source lines every line counts as hot
        self._counts: list[int] | None = None if lines is None else \
            _prefix_counts(lines, set(names), text, frozenset(receivers))

    def is_cold(self, node: Any) -> bool:
        """``node`` is a statement or an expression (anything with line numbers)."""
        counts = self._counts
        return counts is not None and \
            counts[node.end_lineno or node.lineno] == counts[node.lineno - 1]

    def is_cold_span(self, first: int, last: int) -> bool:
        counts = self._counts
        return counts is not None and counts[last] == counts[first - 1]


def _prefix_counts(lines: Sequence[str], wanted: set[str], text: str | None,
                   receivers: frozenset[str] = frozenset()) -> list[int]:
    """A line holds ``NAME(`` (spaces allowed before the parenthesis) for a name of
    interest, ``:=``, ``global`` or ``nonlocal``. Plain ``str.find`` over the text:
    far cheaper than a regular expression with alternatives at every position.
    ``import track as send`` makes ``send(`` a call of interest too."""
    if text is None:
        text = "".join(lines)
    positions: list[int] = []
    wanted = wanted | receivers
    pending = list(wanted)
    while pending:
        name = pending.pop()
        start = text.find(name)
        while start != -1:
            end = start + len(name)
            if _is_word(text, start, end):
                after = text[end:end + 40].lstrip(" \t")
                if after.startswith("(") or (name in receivers and after.startswith(".")):
                    positions.append(start)
                else:
                    alias = _ALIAS.match(text, end)
                    if alias is not None and alias.group(1) not in wanted:
                        wanted.add(alias.group(1))
                        pending.append(alias.group(1))
            start = text.find(name, end)
    # ``:=``, ``global`` and ``nonlocal`` bind names where the walk would not look
    for token, is_word in ((":=", False), ("global", True), ("nonlocal", True)):
        start = text.find(token)
        while start != -1:
            end = start + len(token)
            if not is_word or _is_word(text, start, end):
                positions.append(start)
            start = text.find(token, end)
    if not positions:
        return [0] * (len(lines) + 2)
    starts = list(itertools.accumulate(map(len, lines), initial=0))
    marks = bytearray(len(lines) + 2)
    for position in positions:
        marks[bisect.bisect_right(starts, position)] = 1
    return list(itertools.accumulate(marks))


def _is_word(text: str, start: int, end: int) -> bool:
    return (start == 0 or text[start - 1] not in _IDENTIFIER_CHARS) and \
        (end == len(text) or text[end] not in _IDENTIFIER_CHARS)
