"""Apply :class:`~lint_groupid.fixes.Fix` edits to source text with libcst (the
fixer's general engine, for the layouts :mod:`.splice` leaves to it).

The nodes are found by their spans (libcst's ``PositionProvider`` counts
characters, as the findings do); everything outside the edited nodes is left
as libcst parsed it, byte for byte.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Union

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from ..analysis.sdk import GROUP_KEY
from ..fixes import (
    ADD_TO_DICT,
    ADD_TO_DICT_CALL,
    APPEND_CONTEXT,
    RENAME_KEY,
    REPLACE_CONTEXT,
    SPREAD_CONTEXT,
    WRAP_IN_GUARD,
    Edit,
    Fix,
    Span,
)
from .errors import FixError

_EXPRESSION_EDITS = (REPLACE_CONTEXT, ADD_TO_DICT, SPREAD_CONTEXT, RENAME_KEY)
# expressions that need parentheses after ``**`` in a dict display
_LOW_PRECEDENCE = (cst.IfExp, cst.Lambda, cst.NamedExpr, cst.BooleanOperation, cst.Comparison)

Element = Union[cst.Arg, cst.BaseDictElement]


def apply_with_libcst(text: str, fixes: Sequence[Fix]) -> str:
    """``text`` with every edit of ``fixes`` applied, and the imports they need:
    the whole file parsed with libcst (slower than :mod:`.splice`, any layout)."""
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        raise FixError(f"libcst cannot parse the file: {error.message}") from None
    except RecursionError:
        raise FixError("the file is too deeply nested for libcst") from None
    ending = _final_line_ending(text)
    if "\r" in text.replace("\r\n", "") and _with_ending(module.code, ending) != text:
        # libcst writes some old-Mac (CR-only) files back differently: leave them alone
        raise FixError("libcst does not write this file back byte for byte")
    edits = [edit for fix in fixes for edit in fix.edits]
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    transformer = _EditTransformer(edits)
    updated = wrapper.visit(transformer)
    if transformer.pending:
        missing = ", ".join(
            f"{e.kind} at {e.target.start_line}:{e.target.start_column + 1}"
            for edits in transformer.pending.values() for e in edits
        )
        raise FixError(f"could not find the code to edit ({missing})")
    if transformer.wrapped:
        imports = {pair for fix in fixes if any(e.kind == WRAP_IN_GUARD for e in fix.edits)
                   for pair in fix.imports}
        for module_name, name in sorted(imports):
            updated = add_import(updated, module_name, name)
    return _with_ending(updated.code, ending)


def _final_line_ending(text: str) -> str:
    for ending in ("\r\n", "\n", "\r"):
        if text.endswith(ending):
            return ending
    return ""


def _with_ending(code: str, ending: str) -> str:
    """libcst drops a CR-only file's final line ending: put it back."""
    if ending and not code.endswith(("\n", "\r")):
        return code + ending
    return code


def add_import(module: cst.Module, module_name: str, name: str) -> cst.Module:
    """``from module_name import name`` at the top of ``module``, unless ``name`` is
    already bound there.

    The placement is libcst's ``AddImportsVisitor``'s: merged into an existing
    ``from module_name import …`` (names kept sorted), or as a new statement after
    the docstring and the leading imports. ``AddImportsVisitor`` itself resolves
    scope metadata for the whole module, which cost ten libcst parses per file.
    """
    body = list(module.body)
    if name in _module_level_names(body):
        return module
    for index, statement in enumerate(body):
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and \
            len(statement.body) == 1 else None
        if isinstance(small, cst.ImportFrom) and not small.relative and \
                not isinstance(small.names, cst.ImportStar) and \
                _dotted(small.module) == module_name:
            names = [*small.names, cst.ImportAlias(name=cst.Name(name))]
            names.sort(key=lambda alias: _dotted(alias.name))
            names = [alias.with_changes(comma=cst.MaybeSentinel.DEFAULT) for alias in names]
            spaced = [alias.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(
                " "))) for alias in names[:-1]] + names[-1:]
            body[index] = statement.with_changes(body=[small.with_changes(names=spaced)])
            return module.with_changes(body=body)
    position = 0
    for index, statement in enumerate(body):
        if index == 0 and _is_docstring(statement):
            position = 1
            continue
        if isinstance(statement, cst.SimpleStatementLine) and all(
                isinstance(s, (cst.Import, cst.ImportFrom)) for s in statement.body):
            position = index + 1
            continue
        break
    statement = cst.parse_statement(f"from {module_name} import {name}\n")
    if position == len(body) == 0:
        return module.with_changes(body=[statement])
    body.insert(position, statement)
    return module.with_changes(body=body)


def _dotted(node: cst.BaseExpression | None) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def _is_docstring(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 and \
        isinstance(statement.body[0], cst.Expr) and \
        isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))


def _module_level_names(body: Sequence[cst.BaseStatement]) -> set[str]:
    """Names the module binds at its top level, as far as a fix needs to know."""
    names: set[str] = set()
    for statement in body:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            names.add(statement.name.value)
        elif isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, (cst.Import, cst.ImportFrom)) and \
                        not isinstance(small.names, cst.ImportStar):
                    for alias in small.names:
                        bound = alias.asname.name if alias.asname else alias.name
                        names.add(_dotted(bound).split(".")[0])
                elif isinstance(small, cst.Assign):
                    names.update(t.target.value for t in small.targets
                                 if isinstance(t.target, cst.Name))
    return names


class _EditTransformer(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, edits: Sequence[Edit]) -> None:
        super().__init__()
        self.pending: dict[Span, list[Edit]] = {}
        for edit in edits:
            self.pending.setdefault(edit.target, []).append(edit)
        self._target_lines = sorted({span.start_line for span in self.pending})
        # statements to wrap, by the identity of their updated node -> guard
        self._wrap: dict[int, str] = {}
        self.wrapped = 0

    # -- finding the edits of a node ----------------------------------------------

    def on_visit(self, node: cst.CSTNode) -> bool:
        """Descend only where an edit is still to be made: most of a file is not."""
        if not self.pending:
            return False
        position = self.get_metadata(PositionProvider, node, None)
        if position is None:
            return True
        lines = self._target_lines
        start = bisect.bisect_left(lines, position.start.line)
        if start == len(lines) or lines[start] > position.end.line:
            return False
        return super().on_visit(node)

    def _span(self, node: cst.CSTNode) -> Span:
        position = self.get_metadata(PositionProvider, node)
        return Span(position.start.line, position.start.column, position.end.line,
                    position.end.column)

    def _take(self, node: cst.CSTNode, kinds: Sequence[str]) -> list[Edit]:
        if not self.pending:
            return []
        span = self._span(node)
        edits = self.pending.get(span)
        if not edits:
            return []
        taken = [e for e in edits if e.kind in kinds]
        if taken:
            remaining = [e for e in edits if e.kind not in kinds]
            if remaining:
                self.pending[span] = remaining
            else:
                del self.pending[span]
        return taken

    # -- expressions and calls ------------------------------------------------------

    def on_leave(  # type: ignore[override]
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode:
        result = super().on_leave(original_node, updated_node)
        # none of our leave_ methods removes or flattens a node
        assert isinstance(result, cst.CSTNode)
        if isinstance(original_node, cst.Call):
            assert isinstance(result, cst.Call)
            for edit in self._take(original_node, (APPEND_CONTEXT, ADD_TO_DICT_CALL)):
                result = _add_to_call(result, edit)
        if isinstance(original_node, (cst.BaseExpression, cst.Arg)) and self.pending:
            for edit in self._take(original_node, _EXPRESSION_EDITS):
                result = _edit_expression(result, edit)
        return result

    # -- wrapping statements in a guard ---------------------------------------------------

    def leave_SimpleStatementLine(self, original_node: cst.SimpleStatementLine,
                                  updated_node: cst.SimpleStatementLine
                                  ) -> cst.SimpleStatementLine:
        if len(original_node.body) != 1 or not isinstance(original_node.body[0], cst.Expr):
            return updated_node
        value = original_node.body[0].value
        if isinstance(value, cst.Await):
            value = value.expression
        if isinstance(value, cst.Call):
            edits = self._take(value, (WRAP_IN_GUARD,))
            if edits:
                self._wrap[id(updated_node)] = edits[0].expression
        return updated_node

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock,
                            updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
        return updated_node.with_changes(body=self._wrap_statements(updated_node.body))

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        return updated_node.with_changes(body=self._wrap_statements(updated_node.body))

    def _wrap_statements(self, body: Sequence[cst.BaseStatement]) -> list[cst.BaseStatement]:
        if not self._wrap:
            return list(body)
        result: list[cst.BaseStatement] = []
        run: list[cst.BaseStatement] = []
        run_guard = ""
        for statement in [*body, None]:
            guard = self._wrap.pop(id(statement), "") if statement is not None else ""
            if run and guard != run_guard:
                result.append(_guarded(run, run_guard))
                self.wrapped += len(run)
                run = []
            if statement is None:
                break
            if guard:
                run.append(statement)
                run_guard = guard
            else:
                result.append(statement)
        return result


def _guarded(statements: Sequence[cst.BaseStatement], guard: str) -> cst.If:
    first = statements[0]
    leading = getattr(first, "leading_lines", ())
    inner = [first.with_changes(leading_lines=()), *statements[1:]]
    return cst.If(
        test=_negation(guard),
        body=cst.IndentedBlock(body=inner),
        leading_lines=leading,
    )


def _negation(guard: str) -> cst.BaseExpression:
    expression = cst.parse_expression(guard)
    if not isinstance(expression, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)):
        expression = expression.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return cst.UnaryOperation(operator=cst.Not(), expression=expression)


def _group_entry(expression: str, quote: str = '"') -> cst.DictElement:
    return cst.DictElement(
        key=cst.SimpleString(f"{quote}{GROUP_KEY}{quote}"),
        value=cst.parse_expression(expression),
        whitespace_before_colon=cst.SimpleWhitespace(""),
        whitespace_after_colon=cst.SimpleWhitespace(" "),
    )


def _group_dict(expression: str) -> cst.Dict:
    return cst.Dict(elements=[_group_entry(expression)])


def _no_space() -> cst.AssignEqual:
    return cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                           whitespace_after=cst.SimpleWhitespace(""))


def _add_to_call(call: cst.Call, edit: Edit) -> cst.Call:
    if edit.kind == APPEND_CONTEXT:
        new = cst.Arg(value=_group_dict(edit.expression), keyword=cst.Name("context"),
                      equal=_no_space())
    else:  # dict(...): one more keyword
        new = cst.Arg(value=cst.parse_expression(edit.expression),
                      keyword=cst.Name(GROUP_KEY), equal=_no_space())
    return _append_argument(call, new)


def _edit_expression(node: cst.CSTNode, edit: Edit) -> cst.CSTNode:
    if edit.kind == RENAME_KEY:
        if isinstance(node, cst.Arg):
            return node.with_changes(keyword=cst.Name(GROUP_KEY))
        if isinstance(node, cst.SimpleString):
            return node.with_changes(value=f"{node.prefix}{node.quote}{GROUP_KEY}{node.quote}")
        return cst.SimpleString(f'"{GROUP_KEY}"').with_changes(
            lpar=getattr(node, "lpar", ()), rpar=getattr(node, "rpar", ()))
    assert isinstance(node, cst.BaseExpression)
    if edit.kind == REPLACE_CONTEXT:
        return _group_dict(edit.expression).with_changes(lpar=node.lpar, rpar=node.rpar)
    if edit.kind == ADD_TO_DICT:
        assert isinstance(node, cst.Dict)
        return _append_entry(node, _group_entry(edit.expression, _quote_of(node)))
    # SPREAD_CONTEXT
    spread = node
    if isinstance(node, _LOW_PRECEDENCE) and not node.lpar:
        spread = node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return cst.Dict(elements=[
        cst.StarredDictElement(value=spread, comma=cst.Comma(
            whitespace_after=cst.SimpleWhitespace(" "))),
        _group_entry(edit.expression),
    ])


def _quote_of(node: cst.Dict) -> str:
    for element in node.elements:
        key = getattr(element, "key", None)
        if isinstance(key, cst.SimpleString) and key.quote in ('"', "'"):
            return key.quote
    return '"'


def _append(elements: Sequence[Element], new: Element,
            opening: cst.BaseParenthesizableWhitespace,
            closing: cst.BaseParenthesizableWhitespace,
            ) -> tuple[list[Element], cst.BaseParenthesizableWhitespace]:
    """``elements`` plus ``new`` at the end, laid out like its neighbours.

    ``opening`` follows the opening bracket; ``closing`` precedes the closing
    one. One line stays one line; a multi-line layout gets ``new`` on a line of
    its own with the same indentation, keeping a trailing comma, and keeping a
    comment on the line it was on. Returns the elements and the new ``closing``.
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
        new = new.with_changes(comma=cst.Comma())
    return [*rest, last, new], closing


def _append_argument(call: cst.Call, new: cst.Arg) -> cst.Call:
    args = call.args
    if not args:
        return call.with_changes(args=[new])
    last = args[-1]
    trailing = isinstance(last.comma, cst.Comma)
    closing = last.comma.whitespace_after if isinstance(last.comma, cst.Comma) \
        else last.whitespace_after_arg
    if not trailing:
        args = [*args[:-1], last.with_changes(whitespace_after_arg=cst.SimpleWhitespace(""))]
    elements, closing = _append(args, new, call.whitespace_before_args, closing)
    added = elements[-1]
    assert isinstance(added, cst.Arg)
    if trailing:
        added = added.with_changes(comma=cst.Comma(whitespace_after=closing))
    else:
        added = added.with_changes(whitespace_after_arg=closing)
    return call.with_changes(args=[*elements[:-1], added])


def _append_entry(node: cst.Dict, entry: cst.DictElement) -> cst.Dict:
    elements, closing = _append(node.elements, entry, node.lbrace.whitespace_after,
                                node.rbrace.whitespace_before)
    return node.with_changes(elements=elements,
                             rbrace=node.rbrace.with_changes(whitespace_before=closing))
