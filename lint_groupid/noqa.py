"""``# noqa`` exactly as flake8 reads it, for the command line (flake8 does its own)."""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Sequence

# flake8's own patterns (flake8/defaults.py), compiled when first needed: most files
# hold neither comment, and compiling them would cost every start-up


@functools.cache
def noqa_inline() -> re.Pattern[str]:
    """A ``# noqa`` comment, with its codes (the group ``codes``) if it names any."""
    return re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)


@functools.cache
def _noqa_file() -> re.Pattern[str]:
    return re.compile(r"\s*# flake8[:=]\s*noqa", re.IGNORECASE)


def file_is_skipped(lines: Sequence[str], text: str | None = None) -> bool:
    """A line that is only ``# flake8: noqa`` turns off every check in the file."""
    if text is not None and "flake8" not in text.lower():
        return False
    match = _noqa_file().match
    return any(match(line) for line in lines)


class NoqaMap:
    """Which text to search for ``# noqa`` for a finding on a given line.

    As in flake8, a ``# noqa`` comment anywhere in a multi-line statement (or a
    multi-line string) applies to every line of it.
    """

    def __init__(self, source: str, lines: Sequence[str]) -> None:
        self.lines = lines
        self._mapping: dict[int, str] | None = None
        self._source = source
        # most files have no noqa comment at all: then nothing needs tokenizing
        self._no_noqa = "noqa" not in source.lower()

    def _build(self) -> dict[int, str]:
        import tokenize  # (only for a file with a noqa comment: it costs start-up)

        mapping: dict[int, str] = {}
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(self._source).readline))
        except (tokenize.TokenError, SyntaxError):
            return mapping
        first, last = len(self.lines) + 2, -1
        for token in tokens:
            if token.type in (tokenize.ENDMARKER, tokenize.DEDENT):
                continue
            first = min(first, token.start[0])
            last = max(last, token.end[0])
            if token.type in (tokenize.NL, tokenize.NEWLINE):
                joined = "".join(self.lines[first - 1:last])
                for number in range(first, last + 1):
                    mapping[number] = joined
                first, last = len(self.lines) + 2, -1
        return mapping

    def text_for(self, line: int) -> str:
        if self._mapping is None:
            self._mapping = self._build()
        text = self._mapping.get(line)
        if text is None:
            text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return text

    def suppresses(self, line: int, code: str) -> bool:
        if self._no_noqa:
            return False
        match = noqa_inline().search(self.text_for(line))
        if match is None:
            return False
        codes_text = match.group("codes")
        if codes_text is None:
            return True
        codes = tuple(c for c in (p.strip() for p in re.split(r"[,\s]", codes_text)) if c)
        return code in codes or code.startswith(codes)
