"""What a fix is: edits that each find their node, apply themselves and say what the
verifier may accept.

The checker decides *what* to change (and how safely) from the ``ast``; an edit
finds its libcst node by span in the few lines the engine parses, and rewrites
it. This module imports libcst only inside :meth:`Edit.apply`: ``lint-groupid
check`` builds and reports fixes without it.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..analysis.sdk import GROUP_KEY
from ..positions import Span

if TYPE_CHECKING:
    import libcst as cst

SAFE, UNSAFE = "safe", "unsafe"

# compares an original node with its counterpart in the fixed tree
Same = Callable[[object, object], bool]


@dataclass(frozen=True)
class Style:
    """How new code is written where an edit lands."""

    quote: str = '"'  # for new string literals (not the enclosing f-string's)
    indent: str = "    "  # the file's indentation unit, for new blocks


@dataclass(frozen=True)
class Edit:
    """One change at ``target`` (1-based lines, 0-based character columns)."""

    target: Span
    expression: str = ""  # the group id or guard expression, as source text
    call: Span | None = None  # the analytics call it belongs to: laid out when too long
    kind: ClassVar[str] = ""
    # the ast node types it changes, and the libcst ones (by name: check runs without libcst)
    ast_types: ClassVar[tuple[type[ast.AST], ...]] = (ast.expr,)
    cst_types: ClassVar[tuple[str, ...]] = ("BaseExpression",)

    def fits(self, node: ast.AST) -> bool:
        """``node`` (whose span is ``target``) is the ``ast`` node this edit changes."""
        return isinstance(node, self.ast_types)

    def matches(self, node: cst.CSTNode) -> bool:
        """``node`` is the libcst node this edit changes."""
        import libcst as cst

        return isinstance(node, tuple(getattr(cst, name) for name in self.cst_types))

    def apply(self, node: cst.CSTNode, style: Style) -> cst.CSTNode:
        raise NotImplementedError

    def accepts(self, old: ast.AST, new: ast.AST, same: Same) -> bool:
        """``new`` is what this edit makes of ``old``."""
        raise NotImplementedError


@dataclass(frozen=True)
class AppendContext(Edit):
    """A call without a context gets ``context={"groupId": EXPR}`` as its last keyword
    (for a wrapper, its own context parameter: ``ctx={"groupId": EXPR}``)."""

    keyword: str = "context"

    ast_types = (ast.Call,)
    cst_types = ("Call",)
    kind = "append-context"

    def apply(self, node: cst.CSTNode, style: Style) -> cst.CSTNode:
        import libcst as cst

        from . import syntax

        assert isinstance(node, cst.Call)
        new = cst.Arg(value=syntax.group_dict(self.expression, style.quote),
                      keyword=cst.Name(self.keyword), equal=syntax.no_space())
        return syntax.append_argument(node, new)

    def accepts(self, old: ast.AST, new: ast.AST, same: Same) -> bool:
        added = _one_more_keyword(old, new, same)
        return added is not None and added.arg == self.keyword and \
            _is_group_dict(added.value, self.expression)


class AddToDictCall(Edit):
    """A ``dict(...)`` context gets ``groupId=EXPR``."""

    ast_types = (ast.Call,)
    cst_types = ("Call",)
    kind = "add-to-dict-call"

    def apply(self, node: cst.CSTNode, style: Style) -> cst.CSTNode:
        import libcst as cst

        from . import syntax

        assert isinstance(node, cst.Call)
        new = cst.Arg(value=syntax.parsed(self.expression),
                      keyword=cst.Name(GROUP_KEY), equal=syntax.no_space())
        return syntax.append_argument(node, new)

    def accepts(self, old: ast.AST, new: ast.AST, same: Same) -> bool:
        added = _one_more_keyword(old, new, same)
        return added is not None and added.arg == GROUP_KEY and \
            _same_expression(added.value, self.expression)


class ReplaceContext(Edit):
    """A ``None`` context becomes ``{"groupId": EXPR}``."""

    kind = "replace-context"

    def apply(self, node: cst.CSTNode, style: Style) -> cst.CSTNode:
        import libcst as cst

        from . import syntax

        assert isinstance(node, cst.BaseExpression)
        return syntax.group_dict(self.expression, style.quote).with_changes(
            lpar=node.lpar, rpar=node.rpar)

    def accepts(self, old: ast.AST, new: ast.AST, same: Same) -> bool:
        return _is_group_dict(new, self.expression)


class AddToDict(Edit):
    """A dict literal context gets ``"groupId": EXPR`` as its last entry."""

    ast_types = (ast.Dict,)
    cst_types = ("Dict",)
    kind = "add-to-dict"

    def apply(self, node: cst.CSTNode, style: Style) -> cst.CSTNode:
        import libcst as cst

        from . import syntax

        assert isinstance(node, cst.Dict)
        quote = syntax.quote_of(node) or style.quote
        return syntax.append_entry(node, syntax.group_entry(self.expression, quote))

    def accepts(self, old: ast.AST, new: ast.AST, same: Same) -> bool:
        if not isinstance(old, ast.Dict) or not isinstance(new, ast.Dict) or \
                len(new.keys) != len(old.keys) + 1:
            return False
        return same(old.keys, new.keys[:-1]) and same(old.values, new.values[:-1]) and \
            _is_group_entry(new.keys[-1], new.values[-1], self.expression)


class SpreadContext(Edit):
    """A context expression ``E`` becomes ``{**E, "groupId": EXPR}``."""

    kind = "spread-context"

    def apply(self, node: cst.CSTNode, style: Style) -> cst.CSTNode:
        import libcst as cst

        from . import syntax

        assert isinstance(node, cst.BaseExpression)
        return syntax.spread(node, syntax.group_entry(self.expression, style.quote))

    def accepts(self, old: ast.AST, new: ast.AST, same: Same) -> bool:
        return isinstance(new, ast.Dict) and len(new.keys) == 2 and new.keys[0] is None and \
            same(old, new.values[0]) and \
            _is_group_entry(new.keys[1], new.values[1], self.expression)


class RenameKey(Edit):
    """A misspelled key (a string, a constant's name or a keyword) becomes ``"groupId"``."""

    kind = "rename-key"
    ast_types = (ast.Constant, ast.Name, ast.keyword, ast.JoinedStr)

    def matches(self, node: cst.CSTNode) -> bool:
        import libcst as cst

        if isinstance(node, cst.Arg):
            return node.keyword is not None
        return isinstance(node, (cst.SimpleString, cst.Name, cst.FormattedString,
                                 cst.ConcatenatedString))

    def apply(self, node: cst.CSTNode, style: Style) -> cst.CSTNode:
        import libcst as cst

        if isinstance(node, cst.Arg):
            return node.with_changes(keyword=cst.Name(GROUP_KEY))
        if isinstance(node, cst.SimpleString):
            return node.with_changes(value=f"{node.prefix}{node.quote}{GROUP_KEY}{node.quote}")
        assert isinstance(node, cst.BaseExpression)
        return cst.SimpleString(f"{style.quote}{GROUP_KEY}{style.quote}").with_changes(
            lpar=node.lpar, rpar=node.rpar)

    def accepts(self, old: ast.AST, new: ast.AST, same: Same) -> bool:
        if isinstance(old, ast.keyword):
            return isinstance(new, ast.keyword) and new.arg == GROUP_KEY and \
                same(old.value, new.value)
        return isinstance(new, ast.Constant) and new.value == GROUP_KEY


class WrapInGuard(Edit):
    """The statement of the call at ``target`` goes under ``if not GUARD:`` (runs of such
    statements in one block share one ``if``); the engine groups them."""

    ast_types = (ast.Call,)
    cst_types = ("Call",)
    kind = "wrap-in-guard"

    def apply(self, node: cst.CSTNode, style: Style) -> cst.CSTNode:
        return node  # the statement is wrapped by the engine, not the call

    def accepts(self, old: ast.AST, new: ast.AST, same: Same) -> bool:
        return isinstance(new, ast.If) and not new.orelse and \
            is_negation_of(new.test, self.expression)


@dataclass(frozen=True)
class Replacement:
    """One change a fix makes to the file, as SARIF reports it: the region it deletes
    (1-based lines and columns, end exclusive) and the text it inserts."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int
    text: str


@dataclass(frozen=True)
class Fix:
    safety: str
    description: str
    edits: tuple[Edit, ...]
    # (module, name) pairs to import, e.g. the guard's
    imports: tuple[tuple[str, str], ...] = ()
    # filled in by the worker for reporters that show the change (SARIF)
    replacements: tuple[Replacement, ...] = ()


def parse_import(text: str) -> tuple[str, str]:
    """``"package.module:name"`` as ``(module, name)``."""
    module, _, name = text.partition(":")
    return module, name


def _one_more_keyword(old: ast.AST, new: ast.AST, same: Same) -> ast.keyword | None:
    """The keyword ``new`` adds at the end of the call ``old``, which it equals otherwise."""
    if not isinstance(old, ast.Call) or not isinstance(new, ast.Call) or \
            len(new.keywords) != len(old.keywords) + 1:
        return None
    if not (same(old.func, new.func) and same(old.args, new.args) and
            same(old.keywords, new.keywords[:-1])):
        return None
    return new.keywords[-1]


def _same_expression(node: ast.AST, expression: str) -> bool:
    return ast.dump(node) == _dump_of(expression.strip())


@functools.lru_cache(maxsize=256)
def _dump_of(expression: str) -> str:
    """A fix's expression, parsed (the same few expressions recur in every file)."""
    return ast.dump(ast.parse(expression, mode="eval").body)


def _is_group_entry(key: ast.AST | None, value: ast.AST, expression: str) -> bool:
    return isinstance(key, ast.Constant) and key.value == GROUP_KEY and \
        _same_expression(value, expression)


def _is_group_dict(node: ast.AST, expression: str) -> bool:
    return isinstance(node, ast.Dict) and len(node.keys) == 1 and \
        _is_group_entry(node.keys[0], node.values[0], expression)


def is_negation_of(test: ast.expr, guard: str) -> bool:
    return ast.dump(test) == _dump_of(f"not ({guard.strip()})")
