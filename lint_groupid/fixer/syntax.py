"""libcst building blocks for the edits: new entries and arguments laid out like their
neighbours, guards, one argument a line."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Union

import libcst as cst

from ..analysis.sdk import GROUP_KEY

Element = Union[cst.Arg, cst.BaseDictElement, cst.ImportAlias]


@functools.lru_cache(maxsize=64)
def parsed(expression: str) -> cst.BaseExpression:
    """``expression`` as a libcst node: the same few recur in every file, and libcst's
    nodes are immutable, so one can sit in many places."""
    return cst.parse_expression(expression.strip())


def negation(guard: str) -> cst.BaseExpression:
    expression = parsed(guard)
    if not isinstance(expression, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)):
        expression = expression.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return cst.UnaryOperation(operator=cst.Not(), expression=expression)


def group_entry(expression: str, quote: str = '"') -> cst.DictElement:
    return cst.DictElement(
        key=cst.SimpleString(f"{quote}{GROUP_KEY}{quote}"),
        value=parsed(expression),
        whitespace_before_colon=cst.SimpleWhitespace(""),
        whitespace_after_colon=cst.SimpleWhitespace(" "),
    )


def group_dict(expression: str, quote: str = '"') -> cst.Dict:
    return cst.Dict(elements=[group_entry(expression, quote)])


def no_space() -> cst.AssignEqual:
    return cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                           whitespace_after=cst.SimpleWhitespace(""))


def _append(elements: Sequence[Element], new: Element,
            opening: cst.BaseParenthesizableWhitespace,
            closing: cst.BaseParenthesizableWhitespace, comma_holds_closing: bool = False,
            ) -> tuple[list[Element], cst.BaseParenthesizableWhitespace]:
    """``elements`` plus ``new`` at the end, laid out like its neighbours.

    ``opening`` follows the opening bracket; ``closing`` precedes the closing
    one. One line stays one line; a multi-line layout gets ``new`` on a line of
    its own with the same indentation, keeping a trailing comma (which holds the new
    ``closing`` when ``comma_holds_closing``, as in arguments and imported names),
    and keeping a comment on the line it was on. Returns the elements and the new
    ``closing``.
    """
    if not elements:
        return [new], closing
    *rest, last = elements
    template = opening
    if rest and isinstance(rest[-1].comma, cst.Comma):
        template = rest[-1].comma.whitespace_after
    if isinstance(template, cst.ParenthesizedWhitespace) and \
            isinstance(closing, cst.ParenthesizedWhitespace):
        # the comment (if any) that ended the last element's line stays there
        after_last: cst.BaseParenthesizableWhitespace = cst.ParenthesizedWhitespace(
            first_line=closing.first_line, empty_lines=closing.empty_lines,
            indent=template.indent, last_line=template.last_line)
        closing = cst.ParenthesizedWhitespace(indent=closing.indent, last_line=closing.last_line)
    elif isinstance(template, cst.ParenthesizedWhitespace):
        after_last = cst.ParenthesizedWhitespace(indent=template.indent,
                                                 last_line=template.last_line)
    else:
        after_last = cst.SimpleWhitespace(" ")
    had_trailing_comma = isinstance(last.comma, cst.Comma)
    comma = last.comma if isinstance(last.comma, cst.Comma) else cst.Comma()
    last = last.with_changes(comma=comma.with_changes(whitespace_after=after_last))
    if had_trailing_comma:
        new = new.with_changes(comma=cst.Comma(whitespace_after=closing)
                               if comma_holds_closing else cst.Comma())
    return [*rest, last, new], closing


def append_argument(call: cst.Call, new: cst.Arg) -> cst.Call:
    args = call.args
    if len(args) == 1 and isinstance(args[0].value, cst.GeneratorExp) and \
            not args[0].value.lpar:
        # a generator expression is a call's only argument without its own parentheses
        value = args[0].value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        args = [args[0].with_changes(value=value)]
    if not args:
        return call.with_changes(args=[new])
    last = args[-1]
    if isinstance(last.comma, cst.Comma):
        elements, _ = _append(args, new, call.whitespace_before_args,
                              last.comma.whitespace_after, comma_holds_closing=True)
    else:
        args = [*args[:-1], last.with_changes(whitespace_after_arg=cst.SimpleWhitespace(""))]
        elements, closing = _append(args, new, call.whitespace_before_args,
                                    last.whitespace_after_arg)
        elements[-1] = elements[-1].with_changes(whitespace_after_arg=closing)
    return call.with_changes(args=elements)


def append_entry(node: cst.Dict, entry: cst.DictElement) -> cst.Dict:
    elements, closing = _append(node.elements, entry, node.lbrace.whitespace_after,
                                node.rbrace.whitespace_before)
    return node.with_changes(elements=elements,
                             rbrace=node.rbrace.with_changes(whitespace_before=closing))


def one_argument_a_line(call: cst.Call, indent: str, appended: int = 0) -> cst.Call:
    """``call`` with each argument on a line of its own, one ``indent`` deeper than the
    line, and a trailing comma (as black and ruff format lay out a call too long).
    A comment that ended a line stays after the argument it followed, a comment line
    before the argument it preceded; the last ``appended`` arguments are new: a comment
    after them followed the argument before them."""
    if not call.args:
        return call

    def line_break(old: list[cst.BaseParenthesizableWhitespace], last: bool
                   ) -> cst.ParenthesizedWhitespace:
        kept = [w for w in old if isinstance(w, cst.ParenthesizedWhitespace)]
        first = next((w.first_line for w in kept if w.first_line.comment is not None),
                     cst.TrailingWhitespace())
        return cst.ParenthesizedWhitespace(
            first_line=first, empty_lines=[line for w in kept for line in w.empty_lines],
            indent=True, last_line=cst.SimpleWhitespace("" if last else indent))

    args = list(call.args)
    afters = [[arg.whitespace_after_arg,
               *([arg.comma.whitespace_before, arg.comma.whitespace_after]
                 if isinstance(arg.comma, cst.Comma) else [])] for arg in args]
    if 0 < appended < len(args):
        old_last = len(args) - appended - 1
        for after in afters[old_last + 1:]:
            afters[old_last] += after
            after.clear()
    laid = [arg.with_changes(
        whitespace_after_arg=cst.SimpleWhitespace(""),
        comma=cst.Comma(whitespace_after=line_break(after, number == len(args) - 1)))
        for number, (arg, after) in enumerate(zip(args, afters))]
    return call.with_changes(whitespace_before_args=line_break([call.whitespace_before_args],
                                                               False), args=laid)


def guarded(statements: Sequence[cst.BaseStatement], guard: str, indent: str) -> cst.If:
    """``if not guard:`` around ``statements``; the first one's leading lines (blank lines,
    comments) stay before the ``if``."""
    first = statements[0]
    leading = getattr(first, "leading_lines", ())
    inner = [first.with_changes(leading_lines=()),
             *(_unindented_blank_lines(s) for s in statements[1:])]
    return cst.If(test=negation(guard), body=cst.IndentedBlock(body=inner, indent=indent),
                  leading_lines=leading)


def add_alias(node: cst.ImportFrom, name: str) -> cst.ImportFrom:
    """``from m import a, b`` with ``name`` added: in order on one line (where the names
    are in order), or at the end of a multi-line list, laid out like its neighbours and
    keeping every comment."""
    assert not isinstance(node.names, cst.ImportStar)
    names = list(node.names)
    new = cst.ImportAlias(name=cst.Name(name))
    multi_line = node.lpar is not None and node.rpar is not None and \
        isinstance(node.lpar.whitespace_after, cst.ParenthesizedWhitespace)
    if not multi_line:
        old_last = names[-1]
        trailing = isinstance(old_last.comma, cst.Comma)
        keys = [alias.evaluated_name for alias in names]
        names.insert(sum(1 for key in keys if key < name) if keys == sorted(keys)
                     else len(names), new)
        # the commas there were keep what follows them (a ``\`` continuation)
        spaced = [alias if isinstance(alias.comma, cst.Comma) and alias is not old_last else
                  alias.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
                  for alias in names[:-1]]
        last = names[-1].with_changes(comma=cst.Comma() if trailing else cst.MaybeSentinel.DEFAULT)
        return node.with_changes(names=[*spaced, last])
    assert node.lpar is not None and node.rpar is not None
    last = names[-1]
    if isinstance(last.comma, cst.Comma):
        elements, _ = _append(names, new, node.lpar.whitespace_after,
                              last.comma.whitespace_after, comma_holds_closing=True)
        return node.with_changes(names=elements)
    elements, closing = _append(names, new, node.lpar.whitespace_after,
                                node.rpar.whitespace_before)
    return node.with_changes(names=elements,
                             rpar=node.rpar.with_changes(whitespace_before=closing))


def _unindented_blank_lines(statement: cst.BaseStatement) -> cst.BaseStatement:
    """A blank line inside the new block stays empty (no trailing whitespace)."""
    lines = getattr(statement, "leading_lines", ())
    if not any(line.indent and line.comment is None for line in lines):
        return statement
    return statement.with_changes(leading_lines=[
        line.with_changes(indent=False) if line.comment is None else line for line in lines])
