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
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

_IDENTIFIER_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_ALIAS = re.compile(r"\s+as\s+([A-Za-z_][A-Za-z0-9_]*)")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# accepts(receiver, attribute, called): can a line that spells ``receiver.attribute(``
# (``called``) or ``receiver.attribute.`` hold a call of interest?
Accepts = Callable[[str, str, bool], bool]


class CallSites:
    """Where a text mentions each name, found once per name however many times it is
    asked (the checker asks for its own functions' names round after round): the
    calls ``NAME(``, the attribute uses ``NAME.`` and the aliases ``NAME as ALIAS``.
    Plain ``str.find``: far cheaper than a regular expression with alternatives at
    every position."""

    __slots__ = ("_accepted_dots", "_binders", "_found", "_starts", "lines", "text")

    def __init__(self, lines: Sequence[str], text: str | None = None) -> None:
        self.lines = lines
        self.text = "".join(lines) if text is None else text
        self._found: dict[str, tuple[list[int], list[int], list[str], list[int]]] = {}
        self._starts: list[int] | None = None
        self._binders: list[int] | None = None
        # (receiver, accepts) -> the positions of its uses that ``accepts`` (a bound
        # method: equal for the same object, so that two walks share the answer)
        self._accepted_dots: dict[tuple[str, Accepts], list[int]] = {}

    def of(self, name: str) -> tuple[list[int], list[int], list[str], list[int]]:
        """(positions of ``name(``, positions of ``name.``, aliases ``name as x``,
        positions of every other mention)."""
        found = self._found.get(name)
        if found is None:
            found = self._found[name] = _find(self.text, name)
        return found

    def binders(self) -> list[int]:
        """The positions of ``:=``, ``global`` and ``nonlocal``: they bind names where
        the walk would not look."""
        if self._binders is None:
            text = self.text
            positions = []
            for token, is_word in ((":=", False), ("global", True), ("nonlocal", True)):
                start = text.find(token)
                while start != -1:
                    end = start + len(token)
                    if not is_word or _is_word(text, start, end):
                        positions.append(start)
                    start = text.find(token, end)
            self._binders = positions
        return self._binders

    def only_called_or_dotted(self, name: str, import_lines: Collection[int]) -> bool:
        """Outside the import statements (on ``import_lines``), nothing in the text can
        rebind ``name``: no mention of it looks like a target, a parameter, a
        ``for``/``as``/``def``/``class``/``global`` name (mentions in strings,
        comments, attribute names and plain reads are no bindings). Over-cautious by
        design: a keyword argument ``f(name=…)`` or an argument ``f(a, name)`` counts
        as a binding too."""
        text = self.text
        for position in self.of(name)[3]:
            if _may_bind(text, position, position + len(name)) and \
                    self.line_of(position) not in import_lines:
                return False
        return True

    def _accepted_uses(self, name: str, accepts: Accepts) -> list[int]:
        found = self._accepted_dots.get((name, accepts))
        if found is None:
            found = self._accepted_dots[(name, accepts)] = [
                dot for dot in self.of(name)[1] if self._accepted(name, dot, accepts)]
        return found

    def _accepted(self, name: str, position: int, accepts: Accepts) -> bool:
        text = self.text
        dot = _skip_blank(text, position + len(name))  # (``receiver \`` newline ``.a``)
        member = _WORD.match(text, _skip_blank(text, dot + 1))
        if member is None:
            return False
        next_char = _skip_blank(text, member.end())
        after = text[next_char:next_char + 1]
        # ``receiver.name`` neither called nor followed by more attributes: no call
        return after in ("(", ".") and accepts(name, member.group(), after == "(")

    def line_counts(self, positions: Iterable[int]) -> list[int]:
        """Prefix counts of the lines that hold one of ``positions``:
        ``counts[b] - counts[a - 1]`` such lines among lines ``a..b``."""
        marks = bytearray(len(self.lines) + 2)
        for position in positions:
            marks[self.line_of(position)] = 1
        return list(itertools.accumulate(marks))

    def line_of(self, position: int) -> int:
        if self._starts is None:
            self._starts = list(itertools.accumulate(map(len, self.lines), initial=0))
        return bisect.bisect_right(self._starts, position)

    def hot_positions(self, names: Iterable[str], receivers: Iterable[str] = (),
                      accepts: Accepts | None = None) -> list[int]:
        """Where ``names`` are called, ``receivers`` are used as ``receiver.`` (where
        ``accepts`` the attribute, when given), or an alias of either (``import track
        as send``) is called; and every binder."""
        receivers = frozenset(receivers)
        wanted = set(names) | receivers
        positions = list(self.binders())
        pending = list(wanted)
        while pending:
            name = pending.pop()
            calls, dots, aliases, _ = self.of(name)
            positions += calls
            if name in receivers:
                positions += dots if accepts is None else self._accepted_uses(name, accepts)
            for alias in aliases:
                if alias not in wanted:
                    wanted.add(alias)
                    pending.append(alias)
        return positions


class HotLines:
    """``is_cold(node)``: no line of ``node`` can hold a call of interest."""

    __slots__ = ("_counts",)

    def __init__(self, lines: Sequence[str] | None, names: Iterable[str],
                 text: str | None = None, receivers: Iterable[str] = (),
                 sites: CallSites | None = None, accepts: Accepts | None = None) -> None:
        # prefix counts: counts[b] - counts[a - 1] hot lines among lines a..b; without
        # the source lines every line counts as hot
        self._counts: list[int] | None = None
        if lines is not None:
            if sites is None:
                sites = CallSites(lines, text)
            self._counts = sites.line_counts(sites.hot_positions(names, receivers, accepts))

    def is_cold(self, node: Any) -> bool:
        """``node`` is a statement or an expression (anything with line numbers)."""
        counts = self._counts
        return counts is not None and \
            counts[node.end_lineno or node.lineno] == counts[node.lineno - 1]

    def is_cold_span(self, first: int, last: int) -> bool:
        counts = self._counts
        return counts is not None and counts[last] == counts[first - 1]


def _find(text: str, name: str) -> tuple[list[int], list[int], list[str], list[int]]:
    calls: list[int] = []
    dots: list[int] = []
    aliases: list[str] = []
    others: list[int] = []
    start = text.find(name)
    while start != -1:
        end = start + len(name)
        if _is_word(text, start, end):
            # (what follows may be on the next line: ``(name`` newline ``(…))``)
            next_char = _skip_blank(text, end)
            after = text[next_char:next_char + 1]
            if after == "(" and not _defines(text, start):
                calls.append(start)
            elif after == ".":
                dots.append(start)
            else:
                others.append(start)
                alias = _ALIAS.match(text, end)
                if alias is not None:
                    aliases.append(alias.group(1))
        start = text.find(name, end)
    return calls, dots, aliases, others


def _skip_blank(text: str, position: int) -> int:
    """The position of the first character from ``position`` on that is not blank:
    spaces, line ends, ``\\`` continuations and comments are skipped (a call's
    parenthesis, or an attribute's dot, may follow its name on another line)."""
    size = len(text)
    while position < size:
        char = text[position]
        if char in " \t\f\r\n":
            position += 1
        elif char == "\\" and text[position + 1:position + 2] in ("\n", "\r"):
            position += 2
        elif char == "#":
            end = text.find("\n", position)
            position = size if end == -1 else end
        else:
            break
    return position


def _defines(text: str, start: int) -> bool:
    """The name at ``start`` is the one a ``def`` or ``class`` statement binds."""
    words = text[max(0, start - 12):start].split()
    return bool(words) and words[-1] in ("def", "class")


_BINDS_AFTER = re.compile(r"\s*(?:=(?!=)|:|,|\)|in\b)")
_KEYWORDS_BEFORE = frozenset({"def", "class", "for", "as", "global", "nonlocal", "import", "del"})


def _may_bind(text: str, start: int, end: int) -> bool:
    """Can the mention of a name at ``text[start:end]`` bind it?"""
    before = text[max(0, start - 12):start].rstrip(" \t")
    if before.endswith((".", "'", '"')):
        return False  # an attribute's name, or a word in a string
    if _BINDS_AFTER.match(text, end) is not None or before.endswith(("*", "(", ",")):
        return True  # a target, a parameter, an argument
    words = before.split()
    return bool(words) and words[-1] in _KEYWORDS_BEFORE


def _is_word(text: str, start: int, end: int) -> bool:
    return (start == 0 or text[start - 1] not in _IDENTIFIER_CHARS) and \
        (end == len(text) or text[end] not in _IDENTIFIER_CHARS)
