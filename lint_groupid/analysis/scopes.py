"""One walk over a module: scopes, name bindings and the candidate analytics calls.

Everything later stages ask ("what is this name bound to?", "what encloses this
call?") is answered from what this walk records, so a file is walked once.
"""

from __future__ import annotations

import ast
import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any, Callable, NamedTuple, Union

from ..positions import first_line
from .sdk import SDK_METHODS, canonical_qualname

MODULE, FUNCTION, CLASS, COMPREHENSION = "module", "function", "class", "comprehension"

# binding kinds
IMPORT, ASSIGN, PARAM, SELF, DEF, OTHER = range(6)

FunctionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda]
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


class Binding(NamedTuple):
    kind: int
    # IMPORT/DEF: qualified name; ASSIGN: the value expression; SELF: the class
    # Scope; DEF of a function: (qualified name, the function's Scope)
    payload: object
    node: ast.AST


class Scope:
    __slots__ = (
        "attributes",
        "bindings",
        "decorators",
        "deferred",
        "globals",
        "kind",
        "name",
        "node",
        "nonlocals",
        "parent",
        "returns",
    )

    def __init__(self, kind: str, node: ast.AST, parent: Scope | None, name: str = "") -> None:
        self.kind = kind
        self.node = node
        self.parent = parent
        self.name = name
        self.bindings: dict[str, list[Binding]] = {}
        self.globals: set[str] = set()
        self.nonlocals: set[str] = set()
        # class scopes: ``self.X = value`` stores found in its methods
        self.attributes: dict[str, list[tuple[ast.expr, Scope]]] = {}
        # function scopes: the values of its ``return`` statements
        self.returns: list[ast.expr] = []
        self.decorators: list[ast.expr] = []
        # a function with no hot line is walked only when something asks about it
        self.deferred: FunctionNode | None = None

    def bind(self, name: str, binding: Binding) -> None:
        self.bindings.setdefault(name, []).append(binding)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<Scope {self.kind} {self.name}>"


class Candidate(NamedTuple):
    """A call that may be an analytics call, with what encloses it."""

    call: ast.Call
    scope: Scope
    # the ancestors of the call from the module down to the call's parent
    ancestors: tuple[ast.AST, ...]


class AttributeStore(NamedTuple):
    receiver: str
    attribute: str
    value: ast.expr
    scope: Scope


class ModuleIndex:
    """What one walk over a module learns.

    Statements are always visited (they bind names); an expression is visited
    only when its lines hold a call of a name of interest or a ``:=`` (``hot``
    lines), since only those calls, the expressions around them and ``:=``
    bindings matter inside expressions.
    """

    def __init__(self, tree: ast.Module, module_name: str | None, names: Iterable[str],
                 lines: Sequence[str] | None = None,
                 methods: Iterable[str] = SDK_METHODS, text: str | None = None) -> None:
        self.module_name = module_name
        self.lines = lines
        self.module = Scope(MODULE, tree, None)
        self.scopes: list[Scope] = [self.module]
        self.candidates: list[Candidate] = []
        self.attribute_stores: list[AttributeStore] = []
        self.string_constants: dict[str, str] = {}
        # call names worth recording: the SDK methods that are checked, wrapper
        # names, and any local alias an import gives to either
        self._interesting = set(methods) | set(names)
        self._hot: list[int] | _AllHot = _hot_lines(lines, self._interesting, text) \
            if lines is not None else _AllHot()
        self._stack: list[ast.AST] = []
        self._scope = self.module
        self._visit(tree)
        self._collect_string_constants()

    def release(self) -> None:
        """Break the cycles between scopes (a parent binds its children, which point
        back to it) so that the index and the tree it holds are freed as soon as the
        file is done. Left to the garbage collector, every file's tree would be
        traversed again and again before it is: a fifth of the run time."""
        for scope in self.scopes:
            scope.parent = None
            scope.bindings = {}
            scope.attributes = {}
        self.scopes = []

    # -- the walk -------------------------------------------------------

    def _visit(self, node: ast.AST) -> None:
        """Visit ``node``, which its caller found worth visiting (see ``_worth``)."""
        kind = type(node)
        stack = self._stack
        stack.append(node)
        handler = _HANDLERS.get(kind)
        if handler is None or not handler(self, node):
            hot = self._hot
            # a cold statement: only its nested blocks can bind names or hold calls
            if kind in _STATEMENTS and \
                    hot[node.end_lineno] == hot[node.lineno - 1]:  # type: ignore[attr-defined]
                fields = _BLOCK_FIELDS[kind]
            else:
                fields = _child_fields(kind)
            for field in fields:
                value = getattr(node, field, None)
                if type(value) is list:
                    for item in value:
                        kind = type(item)
                        if kind in _INERT or (kind is ast.Attribute and
                                              type(item.value) in _INERT):
                            continue  # binds nothing, calls nothing
                        if kind in _SKIPPABLE and \
                                hot[item.end_lineno] == hot[item.lineno - 1]:
                            continue  # no line of it can hold a call of interest
                        if isinstance(item, ast.AST):
                            self._visit(item)
                elif isinstance(value, ast.AST):
                    kind = type(value)
                    if kind in _INERT or (kind is ast.Attribute and
                                          type(value.value) in _INERT):  # type: ignore[attr-defined]
                        continue
                    if kind in _SKIPPABLE and \
                            hot[value.end_lineno] == hot[value.lineno - 1]:  # type: ignore[attr-defined]
                        continue
                    self._visit(value)
        stack.pop()

    # handlers return True when they have visited the node's children themselves

    def _on_assign(self, node: ast.Assign) -> bool:
        for target in node.targets:
            self._bind_target(target, node, node.value)
        return False

    def _on_ann_assign(self, node: ast.AnnAssign) -> bool:
        if node.value is not None:
            self._bind_target(node.target, node, node.value)
        return False

    def _on_rebinding(self, node: ast.AugAssign | ast.For | ast.AsyncFor) -> bool:
        self._bind_target(node.target, node, None)
        return False

    def _on_withitem(self, node: ast.withitem) -> bool:
        if node.optional_vars is not None:
            self._bind_target(node.optional_vars, node, None)
        return False

    def _on_except(self, node: ast.ExceptHandler) -> bool:
        if node.name:
            self._bind_name(node.name, Binding(OTHER, None, node))
        return False

    def _on_walrus(self, node: ast.NamedExpr) -> bool:
        target = node.target
        assert isinstance(target, ast.Name)
        self._bind_name(target.id, Binding(ASSIGN, node.value, node), skip_comprehensions=True)
        return False

    def _on_delete(self, node: ast.Delete) -> bool:
        for target in node.targets:
            self._bind_target(target, node, None)
        return False

    def _on_global(self, node: ast.Global) -> bool:
        self._scope.globals.update(node.names)
        return True

    def _on_nonlocal(self, node: ast.Nonlocal) -> bool:
        self._scope.nonlocals.update(node.names)
        return True

    def _on_return(self, node: ast.Return) -> bool:
        if node.value is not None:
            self._scope.returns.append(node.value)
        return False

    def _on_match_binder(self, node: ast.AST) -> bool:
        name = getattr(node, "name", None) or getattr(node, "rest", None)
        if name:
            self._bind_name(name, Binding(OTHER, None, node))
        return False

    def _on_import_node(self, node: ast.Import | ast.ImportFrom) -> bool:
        self._on_import(node)
        return True

    def _on_function_node(self, node: FunctionNode) -> bool:
        if isinstance(node, ast.Lambda) or not self._is_cold(node):
            self._on_function(node)
        else:
            # nothing in it can be an analytics call, and its locals are its own:
            # walk it only if its returns or its ``self.X =`` stores are asked for
            self._function_scope(node).deferred = node
        return True

    def _on_class_node(self, node: ast.ClassDef) -> bool:
        if self._is_cold(node):
            # no method of it holds a call of interest, so nothing asks for its
            # attributes: only its name is bound
            self._scope.bind(node.name, Binding(OTHER, None, node))
        else:
            self._on_class(node)
        return True

    def _is_cold(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> bool:
        hot = self._hot
        first = first_line(node)
        return hot[node.end_lineno or node.lineno] == hot[first - 1]

    def ensure_walked(self, scope: Scope) -> None:
        """Walk a deferred function now (its returns or attribute stores are wanted)."""
        node = scope.deferred
        if node is None:
            return
        scope.deferred = None
        saved_scope, saved_stack = self._scope, self._stack
        self._stack = [node]
        try:
            self._walk_function(node, scope)
        finally:
            self._scope, self._stack = saved_scope, saved_stack

    def _on_comprehension_node(self, node: ast.AST) -> bool:
        self._on_comprehension(node)
        return True

    def _on_call_node(self, node: ast.Call) -> bool:
        self._on_call(node)
        return False

    def _visit_all(self, nodes: Iterable[ast.AST | None]) -> None:
        hot = self._hot
        for node in nodes:
            if node is None:
                continue
            if type(node) in _SKIPPABLE and \
                    hot[node.end_lineno] == hot[node.lineno - 1]:  # type: ignore[attr-defined]
                continue
            self._visit(node)

    def _on_call(self, node: ast.Call) -> None:
        func = node.func
        if type(func) is ast.Attribute:
            wanted = func.attr in self._interesting
        elif type(func) is ast.Name:
            wanted = func.id in self._interesting
        else:
            wanted = False
        if wanted:
            self.candidates.append(Candidate(node, self._scope, tuple(self._stack[:-1])))

    def _on_function(self, node: FunctionNode) -> None:
        arguments = node.args
        # decorators, defaults and annotations run in the enclosing scope; a header
        # with no hot line needs no visit at all
        hot = self._hot
        first = first_line(node)
        last = node.body.lineno if isinstance(node, ast.Lambda) else node.body[0].lineno
        header_is_hot = hot[last] != hot[first - 1]
        if header_is_hot:
            if not isinstance(node, ast.Lambda):
                self._visit_all(node.decorator_list)
                self._visit_all((node.returns and [node.returns]) or [])
            self._visit_all(arguments.defaults)
            self._visit_all(arguments.kw_defaults)
        self._walk_function(node, self._function_scope(node), header_is_hot)

    def _function_scope(self, node: FunctionNode) -> Scope:
        """A new scope for ``node``, bound (but for a lambda) in the enclosing one."""
        outer = self._scope
        name = getattr(node, "name", "<lambda>")
        scope = Scope(FUNCTION, node, outer, name)
        self.scopes.append(scope)
        if not isinstance(node, ast.Lambda):
            scope.decorators = list(node.decorator_list)
            qualname = self._qualname_for(name) if outer.kind == MODULE else None
            outer.bind(name, Binding(DEF, (qualname, scope), node))
        return scope

    def _walk_function(self, node: FunctionNode, scope: Scope,
                       header_is_hot: bool = False) -> None:
        outer = scope.parent
        assert outer is not None
        arguments = node.args
        positional = [*arguments.posonlyargs, *arguments.args]
        every = [*positional, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]
        for arg in every:
            if arg is None:
                continue
            if header_is_hot:
                self._visit_all([arg.annotation])
            kind = PARAM
            payload: object = None
            if arg is (positional[0] if positional else None) and self._is_method(node, outer):
                kind, payload = SELF, outer
            scope.bind(arg.arg, Binding(kind, payload, arg))
        self._scope = scope
        body: list[ast.AST] = [node.body] if isinstance(node, ast.Lambda) else list(node.body)
        self._visit_all(body)
        self._scope = outer

    @staticmethod
    def _is_method(node: FunctionNode, outer: Scope) -> bool:
        if outer.kind != CLASS or isinstance(node, ast.Lambda):
            return False
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Name) and decorator.id == "staticmethod":
                return False
        return True

    def _on_class(self, node: ast.ClassDef) -> None:
        outer = self._scope
        self._visit_all(node.decorator_list)
        self._visit_all(node.bases)
        self._visit_all(node.keywords)
        scope = Scope(CLASS, node, outer, node.name)
        self.scopes.append(scope)
        outer.bind(node.name, Binding(OTHER, scope, node))
        self._scope = scope
        self._visit_all(node.body)
        self._scope = outer

    def _on_comprehension(self, node: ast.AST) -> None:
        outer = self._scope
        scope = Scope(COMPREHENSION, node, outer)
        self.scopes.append(scope)
        self._scope = scope
        for field in _child_fields(type(node)):
            value = getattr(node, field)
            for item in value if isinstance(value, list) else [value]:
                self._visit(item)
        self._scope = outer

    def _on_import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    qualname = canonical_qualname(alias.name)
                    self._bind_name(alias.asname, Binding(IMPORT, qualname, node))
                else:
                    head = alias.name.split(".", 1)[0]
                    self._bind_name(head, Binding(IMPORT, canonical_qualname(head), node))
            return
        base = self._resolve_relative(node.module or "", node.level)
        for alias in node.names:
            if alias.name == "*":
                continue
            local = alias.asname or alias.name
            qualname = canonical_qualname(f"{base}.{alias.name}" if base else alias.name)
            self._bind_name(local, Binding(IMPORT, qualname, node))
            if alias.name in self._interesting:
                self._interesting.add(local)

    def _bind_name(self, name: str, binding: Binding, skip_comprehensions: bool = False) -> None:
        """Bind in the scope Python would: ``global``/``nonlocal`` redirect the binding."""
        scope = self._scope
        if skip_comprehensions:  # a walrus in a comprehension binds in the enclosing scope
            while scope.kind == COMPREHENSION and scope.parent is not None:
                scope = scope.parent
        if name in scope.globals:
            scope = self.module
        elif name in scope.nonlocals:
            outer = scope.parent
            while outer is not None and (outer.kind == CLASS or name not in outer.bindings):
                outer = outer.parent
            scope = outer if outer is not None and outer.kind != MODULE else scope
        scope.bind(name, binding)

    def _resolve_relative(self, module: str, level: int) -> str:
        if not level:
            return module
        package = (self.module_name or "").split(".")
        package = package[: max(len(package) - level, 0)] if self.module_name else []
        if not package:
            # unknown package: keep the dots so that only a suffix can match
            return "." * level + module
        return ".".join([*package, module] if module else package)

    def _qualname_for(self, name: str) -> str:
        return f"{self.module_name}.{name}" if self.module_name else f".{name}"

    def _bind_target(self, target: ast.AST, statement: ast.AST, value: ast.expr | None) -> None:
        kind = type(target)
        if kind is ast.Name:
            binding_kind = ASSIGN if value is not None else OTHER
            self._bind_name(target.id, Binding(binding_kind, value, statement))  # type: ignore[attr-defined]
        elif kind is ast.Tuple or kind is ast.List:
            for element in target.elts:  # type: ignore[attr-defined]
                self._bind_target(element, statement, None)
        elif kind is ast.Starred:
            self._bind_target(target.value, statement, None)  # type: ignore[attr-defined]
        elif kind is ast.Attribute and value is not None:
            receiver = target.value  # type: ignore[attr-defined]
            if type(receiver) is ast.Name:
                self.attribute_stores.append(
                    AttributeStore(receiver.id, target.attr, value, self._scope)  # type: ignore[attr-defined]
                )

    def _collect_string_constants(self) -> None:
        """Module-level names bound exactly once, to a string literal."""
        for name, bindings in self.module.bindings.items():
            if len(bindings) != 1 or bindings[0].kind != ASSIGN:
                continue
            value = bindings[0].payload
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                self.string_constants[name] = value.value


_MATCH_BINDERS: tuple[type, ...] = tuple(
    getattr(ast, name) for name in ("MatchAs", "MatchStar", "MatchMapping") if hasattr(ast, name)
)

_HANDLERS: dict[type, Callable[[ModuleIndex, Any], bool]] = {
    ast.Call: ModuleIndex._on_call_node,
    ast.FunctionDef: ModuleIndex._on_function_node,
    ast.AsyncFunctionDef: ModuleIndex._on_function_node,
    ast.Lambda: ModuleIndex._on_function_node,
    ast.ClassDef: ModuleIndex._on_class_node,
    ast.Import: ModuleIndex._on_import_node,
    ast.ImportFrom: ModuleIndex._on_import_node,
    ast.Assign: ModuleIndex._on_assign,
    ast.AnnAssign: ModuleIndex._on_ann_assign,
    ast.AugAssign: ModuleIndex._on_rebinding,
    ast.For: ModuleIndex._on_rebinding,
    ast.AsyncFor: ModuleIndex._on_rebinding,
    ast.withitem: ModuleIndex._on_withitem,
    ast.ExceptHandler: ModuleIndex._on_except,
    ast.NamedExpr: ModuleIndex._on_walrus,
    ast.Delete: ModuleIndex._on_delete,
    ast.Global: ModuleIndex._on_global,
    ast.Nonlocal: ModuleIndex._on_nonlocal,
    ast.Return: ModuleIndex._on_return,
    **{kind: ModuleIndex._on_comprehension_node for kind in _COMPREHENSIONS},
    **{kind: ModuleIndex._on_match_binder for kind in _MATCH_BINDERS},
}

_EXPRESSIONS: frozenset[type] = frozenset(
    kind for kind in vars(ast).values()
    if isinstance(kind, type) and issubclass(kind, ast.expr) and kind is not ast.expr
)
_STATEMENTS: frozenset[type] = frozenset(
    kind for kind in vars(ast).values()
    if isinstance(kind, type) and issubclass(kind, ast.stmt) and kind is not ast.stmt
)
# statements that bind nothing and hold no block: skipped whole when cold
_TRIVIAL_STATEMENTS: frozenset[type] = frozenset(
    {ast.Expr, ast.Pass, ast.Break, ast.Continue, ast.Raise, ast.Assert})
_SKIPPABLE = _EXPRESSIONS | _TRIVIAL_STATEMENTS
# expressions with nothing to visit in them (a name is bound by the node around it)
_INERT: frozenset[type] = frozenset({ast.Name, ast.Constant})
_BLOCK_FIELDS: dict[type, tuple[str, ...]] = {
    kind: tuple(f for f in kind._fields  # type: ignore[attr-defined]
                if f in ("body", "orelse", "finalbody", "handlers", "cases", "items"))
    for kind in _STATEMENTS
}

# fields that never hold a node: skipping them saves a getattr and a check per node
_PRIMITIVE_FIELDS = frozenset({"ctx", "id", "attr", "arg", "name", "module", "level", "kind",
                               "type_comment", "conversion", "is_async", "asname", "n", "s"})
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {ast.Name: (), ast.Constant: ()}


def _child_fields(kind: type) -> tuple[str, ...]:
    fields = _CHILD_FIELDS.get(kind)
    if fields is None:
        fields = _CHILD_FIELDS[kind] = tuple(
            f for f in kind._fields  # type: ignore[attr-defined]
            if f not in _PRIMITIVE_FIELDS and kind not in (ast.Global, ast.Nonlocal)
        )
    return fields


class _AllHot:
    """Without the source lines, every line counts as hot: nothing is pruned."""

    def __getitem__(self, line: int) -> int:
        return line


_IDENTIFIER_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_ALIAS = re.compile(r"\s+as\s+([A-Za-z_][A-Za-z0-9_]*)")


def _hot_lines(lines: Sequence[str], names: set[str], text: str | None = None) -> list[int]:
    """Prefix counts of the lines that may hold a call of interest: ``counts[b] -
    counts[a - 1]`` is how many of lines ``a..b`` do.

    A line is hot when it holds ``NAME(`` (spaces allowed before the parenthesis)
    for a name of interest, ``:=``, ``global`` or ``nonlocal``. Plain ``str.find``
    over the text: far cheaper than a regular expression with alternatives at
    every position.
    """
    if text is None:
        text = "".join(lines)
    positions: list[int] = []
    wanted = set(names)
    pending = list(wanted)
    while pending:
        name = pending.pop()
        start = text.find(name)
        while start != -1:
            end = start + len(name)
            if (start == 0 or text[start - 1] not in _IDENTIFIER_CHARS) and \
                    (end == len(text) or text[end] not in _IDENTIFIER_CHARS):
                after = text[end:end + 40].lstrip(" \t")
                if after.startswith("("):
                    positions.append(start)
                else:  # ``import track as send``: ``send(`` is a call of interest too
                    alias = _ALIAS.match(text, end)
                    if alias is not None and alias.group(1) not in wanted:
                        wanted.add(alias.group(1))
                        pending.append(alias.group(1))
            start = text.find(name, end)
    # ``:=``, ``global`` and ``nonlocal`` bind names where the walk would not look
    for token, is_word in ((":=", False), ("global", True), ("nonlocal", True)):
        start = text.find(token)
        while start != -1:
            end = start + len(token)
            if not is_word or ((start == 0 or text[start - 1] not in _IDENTIFIER_CHARS) and
                               (end == len(text) or text[end] not in _IDENTIFIER_CHARS)):
                positions.append(start)
            start = text.find(token, end)
    if not positions:
        return [0] * (len(lines) + 2)
    starts = list(itertools.accumulate(map(len, lines), initial=0))
    marks = bytearray(len(lines) + 2)
    for position in positions:
        marks[bisect.bisect_right(starts, position)] = 1
    return list(itertools.accumulate(marks))
