"""What a fix is: edits, each a kind of change at a place, with the expression it
inserts.

The checker decides *what* to change (and how safely) from the ``ast``; an edit's
kind (:mod:`.kinds`) finds its libcst node by span in the few lines the engine
parses, rewrites it, and says what the verifier may accept. This module imports
no libcst and defines no dataclass: ``lint-groupid check`` builds and reports
fixes without them.
"""

from __future__ import annotations

import ast
from collections.abc import Collection
from typing import NamedTuple

from ..positions import Span

SAFE, UNSAFE = "safe", "unsafe"

# the kinds of edit
APPEND_CONTEXT = "append-context"  # a call gets `context={"groupId": EXPR}` as its last
# keyword (for a wrapper, its own context parameter: `ctx={"groupId": EXPR}`)
ADD_TO_DICT_CALL = "add-to-dict-call"  # a `dict(...)` context gets `groupId=EXPR`
REPLACE_CONTEXT = "replace-context"  # a `None` context becomes `{"groupId": EXPR}`
ADD_TO_DICT = "add-to-dict"  # a dict literal context gets `"groupId": EXPR` last
SPREAD_CONTEXT = "spread-context"  # a context expression `E` becomes `{**E, "groupId": EXPR}`
# a misspelled key (a string, a constant's name or a keyword) becomes "groupId"
RENAME_KEY = "rename-key"
# the statement of the call goes under `if not GUARD:` (runs of such statements in
# one block share one `if`)
WRAP_IN_GUARD = "wrap-in-guard"

class Edit(NamedTuple):
    """One change at ``target`` (1-based lines, 0-based character columns)."""

    kind: str
    target: Span
    expression: str = ""  # the group id or guard expression, as source text
    call: Span | None = None  # the analytics call it belongs to: laid out when too long
    keyword: str = "context"  # APPEND_CONTEXT: the parameter that takes the context


class Replacement(NamedTuple):
    """One change a fix makes to the file, as SARIF reports it: the region it deletes
    (1-based lines and columns, end exclusive) and the text it inserts."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int
    text: str


class Fix(NamedTuple):
    safety: str
    description: str
    edits: tuple[Edit, ...]
    # (module, name) pairs to import, e.g. the guard's
    imports: tuple[tuple[str, str], ...] = ()
    # filled in by the worker for reporters that show the change (SARIF)
    replacements: tuple[Replacement, ...] = ()


FSTRING_QUOTES = "inside an f-string, the fix would reuse its quotes (valid only from Python 3.12"


def free_quote(taken: Collection[str], expression: str) -> str:
    """The quote a fix's new string may use inside f-strings quoted with ``taken``
    (before Python 3.12, it cannot reuse theirs); ``""`` when ``expression`` cannot go
    there (it uses their quotes or a backslash)."""
    free = [quote for quote in ('"', "'") if quote not in taken]
    if not free or "\\" in expression or any(quote in expression for quote in taken):
        return ""
    return free[0]


def statement_call(statement: ast.AST) -> ast.expr | None:
    """What a statement ``call()`` or ``await call()`` evaluates (the call a guard can
    wrap, if it is a call); ``None`` for any other statement."""
    value = statement.value if isinstance(statement, ast.Expr) else None
    return value.value if isinstance(value, ast.Await) else value


def parse_import(text: str) -> tuple[str, str]:
    """``"package.module:name"`` as ``(module, name)``."""
    module, _, name = text.partition(":")
    return module, name
