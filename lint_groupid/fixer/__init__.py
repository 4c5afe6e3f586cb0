"""The fixer: applies the checker's fixes with libcst, verifies them, writes atomically.

Imported only by ``lint-groupid fix`` and the codemods: ``check`` never loads libcst.
"""

from .apply import FixError, apply_fixes
from .verify import verify

__all__ = ["FixError", "apply_fixes", "verify"]
