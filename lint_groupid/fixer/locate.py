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
from typing import Union

from ..positions import span_of
from .kinds import kind_of
from .model import Edit

CALL, DICT, STRING, SUBSCRIPT = "call", "dict", "string", "subscript"
# a node: the n-th of its kind in the region's statements, in source order
Anchor = tuple[str, int]
# the child of an anchor node: the item at a position of one of its fields, or a node
# down a path of fields from that item: ("args", i, ("value",)) the i-th argument's value
Step = Union[tuple[str, int, tuple[str, ...]], None]


class AstNumbering:
    """The nodes of some statements, numbered by kind in source order."""

    def __init__(self, statements: Sequence[ast.stmt], lines: Sequence[str]) -> None:
        self.lines = lines
        self.parents: dict[int, ast.AST] = {}
        self.nodes: list[ast.AST] = []
        found: dict[str, list[ast.AST]] = {CALL: [], DICT: [], STRING: [], SUBSCRIPT: []}
        for node in (node for statement in statements for node in ast.walk(statement)):
            for child in ast.iter_child_nodes(node):
                self.parents[id(child)] = node
            self.nodes.append(node)
            kind = self._kind(node)
            if kind:
                found[kind].append(node)
        self.numbers = {id(node): (kind, number) for kind, nodes in found.items()
                        for number, node in enumerate(sorted(nodes, key=_source_order))}

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

    def locate(self, edit: Edit) -> tuple[Anchor, Step] | None:
        """The anchor of ``edit``'s node and the step to it, or ``None`` when it is not
        here."""
        kind = kind_of(edit)
        node = next((n for n in self.nodes if isinstance(n, (ast.expr, ast.keyword)) and
                     kind.fits(n) and span_of(n, self.lines) == edit.target), None)
        if node is None:
            return None
        own = self.numbers.get(id(node))
        if own is not None:
            return own, None
        parent = self.parents.get(id(node))
        if isinstance(node, ast.keyword) and isinstance(parent, ast.Call):
            return self._in_call(parent, node, ())
        if isinstance(parent, ast.keyword):
            call = self.parents.get(id(parent))
            return self._in_call(call, parent, ("value",)) if isinstance(call, ast.Call) \
                else None
        if isinstance(parent, ast.Call) and node in parent.args:
            return self._in_call(parent, node, ("value",))
        if isinstance(parent, ast.Dict):
            for position, (key, value) in enumerate(zip(parent.keys, parent.values)):
                if key is node or (value is node and key is not None):  # (not ``**value``)
                    return self.numbers[id(parent)], \
                        ("elements", position, ("key",) if key is node else ("value",))
        if isinstance(parent, ast.Subscript) and parent.slice is node:
            return self.numbers[id(parent)], ("slice", 0, ("slice", "value"))
        return None

    def call_number(self, span: object) -> Anchor | None:
        """The anchor of the call at ``span``."""
        for node in self.nodes:
            if isinstance(node, ast.Call) and span_of(node, self.lines) == span:
                return self.numbers[id(node)]
        return None

    def _in_call(self, call: ast.Call, item: ast.AST, path: tuple[str, ...]
                 ) -> tuple[Anchor, Step]:
        arguments: list[ast.AST] = sorted([*call.args, *call.keywords], key=_source_order)
        position = next(i for i, a in enumerate(arguments) if a is item)
        return self.numbers[id(call)], ("args", position, path)


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
