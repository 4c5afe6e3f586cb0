"""Snippet in, findings out: the helpers every rule test uses.

Every run through :func:`findings` is recorded in :data:`RUNS`, so that
``test_zz_rule_coverage.py`` can check that each rule code was actually produced
by some test and actually looked for (and not found) by another.
"""

from __future__ import annotations

import ast
import textwrap
from typing import Any, NamedTuple

from lint_groupid.checker import Finding, check_tree
from lint_groupid.rules import RULES
from lint_groupid.settings import CodeSelector, Settings


class Run(NamedTuple):
    source: str
    selected: frozenset[str]  # the codes that could have been reported
    produced: frozenset[str]


RUNS: list[Run] = []


def findings(source: str, module: str | None = None, select: tuple[str, ...] | None = None,
             **settings: Any) -> list[Finding]:
    """Findings as ``lint-groupid check`` selects them (``select`` as ``--select``)."""
    source = textwrap.dedent(source)
    tree = ast.parse(source)
    chosen = CodeSelector(select=list(select) if select is not None else None)
    result = check_tree(tree, source.splitlines(keepends=True), Settings(**settings), module)
    selected = [f for f in result if chosen.is_selected(f.code)]
    RUNS.append(Run(source, frozenset(c for c in RULES if chosen.is_selected(c)),
                    frozenset(f.code for f in selected)))
    return selected


def run(source: str, **kwargs: Any) -> list[tuple[int, int, str]]:
    """``[(line, column, code)]`` for a snippet."""
    return [(f.line, f.column, f.code) for f in findings(source, **kwargs)]


def codes(source: str, **kwargs: Any) -> list[str]:
    return [code for _, _, code in run(source, **kwargs)]
