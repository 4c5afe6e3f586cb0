"""The fixer: applies the checker's fixes, verifies them, writes atomically.

Imported only by ``lint-groupid fix`` and the codemods: ``check`` never loads it.
Most fixes are spliced into the text (:mod:`.splice`); libcst (:mod:`.apply`)
is imported only for the layouts the splicer leaves to it.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from ..fixes import Fix
from .errors import FixError
from .splice import Unsupported, splice_fixes
from .verify import verify

__all__ = ["FixError", "apply_fixes", "verify"]


def apply_fixes(text: str, fixes: Sequence[Fix], tree: ast.Module | None = None) -> str:
    """``text`` with every edit of ``fixes`` applied, and the imports they need.
    ``tree``, the ``ast`` of ``text``, saves parsing it again."""
    try:
        return splice_fixes(text, fixes, tree)
    except Unsupported:
        from .apply import apply_with_libcst

        return apply_with_libcst(text, fixes)
