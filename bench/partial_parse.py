"""A bound on parsing only the statements that matter (README, "The dense targets").

    python bench/partial_parse.py CORPUS

Splits each file's text at the lines that start in column 0 and parses only the
imports and the top-level statements that name ``analytics``: a more optimistic
filter than any sound one (a statement that calls an imported wrapper names
neither). Prints, per round, the time of ``ast.parse`` on every whole file, the
time of the split and the partial parse, their ratio, and the share of the bytes
parsed.
"""

from __future__ import annotations

import ast
import contextlib
import os
import re
import sys
import time

STATEMENT = re.compile(r"^(?=[^\s)\]}])", re.MULTILINE)  # a line that starts in column 0


def texts(root: str) -> list[str]:
    found = []
    for directory, _, names in os.walk(root):
        for name in sorted(names):
            if name.endswith(".py"):
                with open(os.path.join(directory, name), "rb") as handle:
                    found.append(handle.read().decode("utf-8", "replace"))
    return found


def parse(text: str) -> None:
    # (a chunk cut inside a string or brackets, or a broken file, does not parse)
    with contextlib.suppress(SyntaxError):
        ast.parse(text)


def whole(corpus: list[str]) -> None:
    for text in corpus:
        parse(text)


def partial(corpus: list[str]) -> float:
    """Parses the chunks that matter; the share of the bytes they hold."""
    kept = total = 0
    for text in corpus:
        starts = [match.start() for match in STATEMENT.finditer(text)] + [len(text)]
        for start, end in zip(starts, starts[1:]):
            chunk = text[start:end]
            total += len(chunk)
            if chunk.startswith(("import ", "from ")) or "analytics" in chunk:
                kept += len(chunk)
                parse(chunk)
    return kept / max(total, 1)


def main() -> None:
    corpus = texts(sys.argv[1])
    for _ in range(3):
        started = time.perf_counter()
        whole(corpus)
        full = time.perf_counter() - started
        started = time.perf_counter()
        share = partial(corpus)
        part = time.perf_counter() - started
        print(f"whole parse {full:.2f} s, split + partial parse {part:.2f} s, "
              f"ratio {part / full:.3f}, bytes parsed {share:.3f}")


if __name__ == "__main__":
    main()
