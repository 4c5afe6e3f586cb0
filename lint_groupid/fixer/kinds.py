"""The kinds of edit. Each is one object: it says which nodes it changes (``ast`` and
libcst types), makes its change with libcst, and says what the verifier may accept
of the fixed code. A new kind of fix is one class here and its name in
:mod:`.model` (which the checker imports without libcst)."""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable
from typing import ClassVar

import libcst as cst

from ..analysis.sdk import GROUP_KEY
from . import syntax
from .model import (
    ADD_TO_DICT,
    ADD_TO_DICT_CALL,
    APPEND_CONTEXT,
    RENAME_KEY,
    REPLACE_CONTEXT,
    SPREAD_CONTEXT,
    WRAP_IN_GUARD,
    Edit,
)

# compares an original node with its counterpart in the fixed tree
Same = Callable[[object, object], bool]
# expressions that need parentheses after ``**`` in a dict display
_LOW_PRECEDENCE = (cst.IfExp, cst.Lambda, cst.NamedExpr, cst.BooleanOperation, cst.Comparison)


class Kind:
    name: ClassVar[str]
    # the ast node types it changes, and the libcst ones
    ast_types: ClassVar[tuple[type[ast.AST], ...]] = (ast.expr,)
    cst_types: ClassVar[tuple[type[cst.CSTNode], ...]] = (cst.BaseExpression,)
    growth: ClassVar[int] = 0  # about how many characters it adds besides its expression

    def fits(self, node: ast.AST) -> bool:
        """``node`` (whose span is the edit's target) is the ``ast`` node it changes."""
        return isinstance(node, self.ast_types)

    def matches(self, node: cst.CSTNode) -> bool:
        """``node`` is the libcst node it changes."""
        return isinstance(node, self.cst_types)

    def apply(self, edit: Edit, node: cst.CSTNode, quote: str) -> cst.CSTNode:
        """``node`` with ``edit`` made; new strings are written with ``quote``."""
        raise NotImplementedError

    def accepts(self, edit: Edit, old: ast.AST, new: ast.AST, same: Same) -> bool:
        """``new`` is what ``edit`` makes of ``old``."""
        raise NotImplementedError


class AppendContext(Kind):
    """A call without a context gets ``context={"groupId": EXPR}`` as its last keyword
    (for a wrapper, its own context parameter: ``ctx={"groupId": EXPR}``)."""

    name = APPEND_CONTEXT
    ast_types = (ast.Call,)
    cst_types = (cst.Call,)
    growth = 24  # `, context={"groupId": }`

    def apply(self, edit: Edit, node: cst.CSTNode, quote: str) -> cst.CSTNode:
        assert isinstance(node, cst.Call)
        return syntax.append_argument(node, self.argument(edit, quote))

    def argument(self, edit: Edit, quote: str) -> cst.Arg:
        return cst.Arg(value=syntax.group_dict(edit.expression, quote),
                       keyword=cst.Name(edit.keyword), equal=syntax.no_space())

    def accepts(self, edit: Edit, old: ast.AST, new: ast.AST, same: Same) -> bool:
        # the call is the same but for one more keyword, at the end
        if not isinstance(old, ast.Call) or not isinstance(new, ast.Call) or \
                len(new.keywords) != len(old.keywords) + 1 or not (
                    same(old.func, new.func) and same(old.args, new.args) and
                    same(old.keywords, new.keywords[:-1])):
            return False
        return self.added(edit, new.keywords[-1])

    def added(self, edit: Edit, keyword: ast.keyword) -> bool:
        return keyword.arg == edit.keyword and _is_group_dict(keyword.value, edit.expression)


class AddToDictCall(AppendContext):
    """A ``dict(...)`` context gets ``groupId=EXPR``."""

    name = ADD_TO_DICT_CALL
    growth = 10  # `, groupId=`

    def argument(self, edit: Edit, quote: str) -> cst.Arg:
        return cst.Arg(value=syntax.parsed(edit.expression), keyword=cst.Name(GROUP_KEY),
                       equal=syntax.no_space())

    def added(self, edit: Edit, keyword: ast.keyword) -> bool:
        return keyword.arg == GROUP_KEY and _same_expression(keyword.value, edit.expression)


class ReplaceContext(Kind):
    """A ``None`` context becomes ``{"groupId": EXPR}``."""

    name = REPLACE_CONTEXT
    growth = 9  # `{"groupId": }`

    def apply(self, edit: Edit, node: cst.CSTNode, quote: str) -> cst.CSTNode:
        assert isinstance(node, cst.BaseExpression)
        return syntax.group_dict(edit.expression, quote).with_changes(
            lpar=node.lpar, rpar=node.rpar)

    def accepts(self, edit: Edit, old: ast.AST, new: ast.AST, same: Same) -> bool:
        return _is_group_dict(new, edit.expression)


class AddToDict(Kind):
    """A dict literal context gets ``"groupId": EXPR`` as its last entry."""

    name = ADD_TO_DICT
    ast_types = (ast.Dict,)
    cst_types = (cst.Dict,)
    growth = 13  # `, "groupId": `

    def apply(self, edit: Edit, node: cst.CSTNode, quote: str) -> cst.CSTNode:
        assert isinstance(node, cst.Dict)
        keys = [getattr(element, "key", None) for element in node.elements]
        quote = next((key.quote for key in keys if isinstance(key, cst.SimpleString) and
                      key.quote in ('"', "'")), quote)  # (the quote of the dict's keys)
        return syntax.append_entry(node, syntax.group_entry(edit.expression, quote))

    def accepts(self, edit: Edit, old: ast.AST, new: ast.AST, same: Same) -> bool:
        if not isinstance(old, ast.Dict) or not isinstance(new, ast.Dict) or \
                len(new.keys) != len(old.keys) + 1:
            return False
        return same(old.keys, new.keys[:-1]) and same(old.values, new.values[:-1]) and \
            _is_group_entry(new.keys[-1], new.values[-1], edit.expression)


class SpreadContext(Kind):
    """A context expression ``E`` becomes ``{**E, "groupId": EXPR}``."""

    name = SPREAD_CONTEXT
    growth = 16  # `{**, "groupId": }`

    def apply(self, edit: Edit, node: cst.CSTNode, quote: str) -> cst.CSTNode:
        assert isinstance(node, cst.BaseExpression)
        if isinstance(node, _LOW_PRECEDENCE) and not node.lpar:
            node = node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        return cst.Dict(elements=[
            cst.StarredDictElement(value=node, comma=cst.Comma(
                whitespace_after=cst.SimpleWhitespace(" "))),
            syntax.group_entry(edit.expression, quote)])

    def accepts(self, edit: Edit, old: ast.AST, new: ast.AST, same: Same) -> bool:
        return isinstance(new, ast.Dict) and len(new.keys) == 2 and new.keys[0] is None and \
            same(old, new.values[0]) and \
            _is_group_entry(new.keys[1], new.values[1], edit.expression)


class RenameKey(Kind):
    """A misspelled key (a string, a constant's name or a keyword) becomes ``"groupId"``."""

    name = RENAME_KEY
    ast_types = (ast.Constant, ast.Name, ast.keyword, ast.JoinedStr)
    cst_types = (cst.SimpleString, cst.Name, cst.FormattedString, cst.ConcatenatedString)

    def matches(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.Arg):
            return node.keyword is not None
        return super().matches(node)

    def apply(self, edit: Edit, node: cst.CSTNode, quote: str) -> cst.CSTNode:
        if isinstance(node, cst.Arg):
            return node.with_changes(keyword=cst.Name(GROUP_KEY))
        if isinstance(node, cst.SimpleString):
            return node.with_changes(value=f"{node.prefix}{node.quote}{GROUP_KEY}{node.quote}")
        assert isinstance(node, cst.BaseExpression)
        return cst.SimpleString(f"{quote}{GROUP_KEY}{quote}").with_changes(
            lpar=node.lpar, rpar=node.rpar)

    def accepts(self, edit: Edit, old: ast.AST, new: ast.AST, same: Same) -> bool:
        if isinstance(old, ast.keyword):
            return isinstance(new, ast.keyword) and new.arg == GROUP_KEY and \
                same(old.value, new.value)
        return isinstance(new, ast.Constant) and new.value == GROUP_KEY


class WrapInGuard(Kind):
    """The statement of the call at the target goes under ``if not GUARD:`` (runs of
    such statements in one block share one ``if``): the engine wraps statements, not
    the call, and the verifier compares the run inside the ``if``."""

    name = WRAP_IN_GUARD
    ast_types = (ast.Call,)

    def accepts(self, edit: Edit, old: ast.AST, new: ast.AST, same: Same) -> bool:
        return isinstance(new, ast.If) and not new.orelse and \
            ast.dump(new.test) == _dump_of(f"not ({edit.expression.strip()})")


_KINDS: dict[str, Kind] = {kind.name: kind() for kind in (
    AppendContext, AddToDictCall, ReplaceContext, AddToDict, SpreadContext, RenameKey,
    WrapInGuard)}


def kind_of(edit: Edit) -> Kind:
    return _KINDS[edit.kind]


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
