"""Snippet in, findings out: the helpers every rule test uses."""

from __future__ import annotations

import ast
import textwrap
from typing import Any

from lint_groupid.checker import Finding, check_tree
from lint_groupid.settings import CodeSelector, Settings


def findings(source: str, module: str | None = None, select: tuple[str, ...] | None = None,
             **settings: Any) -> list[Finding]:
    """Findings as ``lint-groupid check`` selects them (``select`` as ``--select``)."""
    source = textwrap.dedent(source)
    tree = ast.parse(source)
    chosen = CodeSelector(select=list(select) if select is not None else None)
    result = check_tree(tree, source.splitlines(keepends=True), Settings(**settings), module)
    return [f for f in result if chosen.is_selected(f.code)]


def run(source: str, **kwargs: Any) -> list[tuple[int, int, str]]:
    """``[(line, column, code)]`` for a snippet."""
    return [(f.line, f.column, f.code) for f in findings(source, **kwargs)]


def codes(source: str, **kwargs: Any) -> list[str]:
    return [code for _, _, code in run(source, **kwargs)]
