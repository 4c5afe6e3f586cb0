"""The fixer: plans fixes for findings, applies them with libcst at statement scope,
verifies them, writes atomically.

Importing this package (the fix model that findings carry, the planning) does not
import libcst: ``check`` never loads it. libcst comes with :mod:`.engine`, only
when something is rewritten (``fix``, the codemods, the SARIF report's fixes).

- :mod:`.model`: what a fix is: edits, each of a kind, at a place
- :mod:`.kinds`: one class per kind of edit: its nodes, its change, what it accepts
- :mod:`.planning`: which fix a finding gets, and how safe it is
- :mod:`.engine`: applies fixes, parsing only the statements they touch
- :mod:`.verify`: the fixed code's AST differs only where the fixes said
- :mod:`.pipeline`: a file from disk to disk (``lint-groupid fix``)
- :mod:`.layout`: the project's line length and oldest Python
"""

from __future__ import annotations

from .model import SAFE, UNSAFE, Edit, Fix, Replacement

__all__ = ["SAFE", "UNSAFE", "Edit", "Fix", "Replacement"]
