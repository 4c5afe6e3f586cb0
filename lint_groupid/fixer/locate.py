"""Where an edit's node is in the libcst snippet, without libcst's position metadata.

Position metadata costs a full code generation pass (more than parsing the
snippet). Instead, both trees are numbered: calls, dict displays, strings and
subscripts appear in ``ast`` and in libcst one for one, in source order. An
edit's node is the n-th of its kind, or a child of one (an argument, a dict key
or value, a subscript's index). The verifier still compares the result with
the original, so a numbering that went wrong cannot reach the disk.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from typing import NamedTuple, Union

from ..positions import span_of
from .kinds import kind_of
from .model import WRAP_IN_GUARD, Edit

CALL, DICT, STRING, SUBSCRIPT = "call", "dict", "string", "subscript"
STATEMENT = "statement"  # one of the region's statements itself (a statement to wrap)
# the child of an anchor node: ("arg", i) the i-th argument, ("value", i) its value,
# ("key", i) / ("entry", i) a dict entry's key / value, ("index", 0) a subscript's index
Step = Union[tuple[str, int], None]


class Locator(NamedTuple):
    statement: int  # which of the region's statements holds it
    kind: str
    number: int  # among the nodes of its kind in that statement, in source order
    step: Step = None

    @property
    def anchor(self) -> tuple[int, str, int]:
        return self.statement, self.kind, self.number


class AstNumbering:
    """The nodes of some statements, numbered by kind in source order, statement by
    statement (so that the engine need not look inside a statement it does not edit)."""

    def __init__(self, statements: Sequence[ast.stmt], lines: Sequence[str]) -> None:
        self.lines = lines
        self.parents: dict[int, ast.AST] = {}
        self.nodes: list[ast.AST] = []
        self.numbers: dict[int, tuple[int, str, int]] = {}
        # statements on one line (``a; b``) are one statement line for libcst
        groups: list[list[ast.stmt]] = []
        for statement in statements:
            if groups and statement.lineno == groups[-1][-1].end_lineno:
                groups[-1].append(statement)
            else:
                groups.append([statement])
        # the statements alone on their lines, by the number of their line
        self.statements = {id(group[0]): index for index, group in enumerate(groups)
                           if len(group) == 1}
        for index, group in enumerate(groups):
            found: dict[str, list[ast.AST]] = {CALL: [], DICT: [], STRING: [], SUBSCRIPT: []}
            for node in (node for statement in group for node in ast.walk(statement)):
                for child in ast.iter_child_nodes(node):
                    self.parents[id(child)] = node
                self.nodes.append(node)
                kind = self._kind(node)
                if kind:
                    found[kind].append(node)
            for kind, nodes in found.items():
                nodes.sort(key=_source_order)
                for number, node in enumerate(nodes):
                    self.numbers[id(node)] = (index, kind, number)

    def _kind(self, node: ast.AST) -> str:
        if isinstance(node, ast.Call):
            return CALL
        if isinstance(node, ast.Dict):
            return DICT
        if isinstance(node, ast.Subscript):
            return SUBSCRIPT
        parent = self.parents.get(id(node))
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)) and \
                not isinstance(parent, ast.JoinedStr):
            return STRING  # (the literal parts of an f-string are not strings of their own)
        if isinstance(node, ast.JoinedStr) and not isinstance(parent, ast.FormattedValue):
            return STRING  # (a format spec is part of its f-string)
        return ""

    def locate(self, edit: Edit) -> Locator | None:
        """The locator of ``edit``'s node, or ``None`` when it is not here."""
        kind = kind_of(edit)
        node = next((n for n in self.nodes if _has_span(n) and kind.fits(n) and
                     span_of(n, self.lines) == edit.target), None)
        if node is None:
            return None
        if edit.kind == WRAP_IN_GUARD:  # a statement of the region itself?
            parent = self.parents.get(id(node))
            if isinstance(parent, ast.Await):
                parent = self.parents.get(id(parent))
            index = self.statements.get(id(parent))
            if index is not None:
                return Locator(index, STATEMENT, 0)
        own = self.numbers.get(id(node))
        if own is not None:
            return Locator(*own)
        parent = self.parents.get(id(node))
        if isinstance(node, ast.keyword) and isinstance(parent, ast.Call):
            return self._in_call(parent, node, "arg")
        if isinstance(parent, ast.keyword):
            call = self.parents.get(id(parent))
            return self._in_call(call, parent, "value") if isinstance(call, ast.Call) else None
        if isinstance(parent, ast.Call) and node in parent.args:
            return self._in_call(parent, node, "value")
        if isinstance(parent, ast.Dict):
            for position, (key, value) in enumerate(zip(parent.keys, parent.values)):
                if key is node:
                    return Locator(*self.numbers[id(parent)], ("key", position))
                if value is node:
                    return Locator(*self.numbers[id(parent)], ("entry", position))
        if isinstance(parent, ast.Subscript) and parent.slice is node:
            return Locator(*self.numbers[id(parent)], ("index", 0))
        return None

    def call_number(self, span: object) -> tuple[int, str, int] | None:
        """The anchor of the call at ``span``."""
        for node in self.nodes:
            if isinstance(node, ast.Call) and span_of(node, self.lines) == span:
                return self.numbers[id(node)]
        return None

    def _in_call(self, call: ast.Call, item: ast.AST, step: str) -> Locator:
        arguments: list[ast.AST] = sorted([*call.args, *call.keywords], key=_source_order)
        position = next(i for i, a in enumerate(arguments) if a is item)
        return Locator(*self.numbers[id(call)], (step, position))


def _has_span(node: ast.AST) -> bool:
    return isinstance(node, (ast.expr, ast.keyword))


def _source_order(node: ast.AST) -> tuple[int, int, int, int]:
    """Where ``node`` starts; of two that start together, the outer one first."""
    assert isinstance(node, (ast.expr, ast.keyword))
    return (node.lineno, node.col_offset, -(node.end_lineno or node.lineno),
            -(node.end_col_offset or 0))


def cst_kinds() -> dict[type, str]:
    """The kind each libcst node type is numbered as (see :class:`AstNumbering`)."""
    import libcst as cst

    return {cst.Call: CALL, cst.Dict: DICT, cst.Subscript: SUBSCRIPT,
            cst.SimpleString: STRING, cst.FormattedString: STRING,
            cst.ConcatenatedString: STRING}
