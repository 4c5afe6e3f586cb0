"""One walk over a module: scopes, name bindings and the candidate analytics calls.

Everything later stages ask ("what is this name bound to?", "what encloses this
call?") is answered from what this walk records, so a file is walked once.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from typing import NamedTuple, Union

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
    """What one walk over a module learns."""

    def __init__(self, tree: ast.Module, module_name: str | None, names: Iterable[str]) -> None:
        self.module_name = module_name
        self.module = Scope(MODULE, tree, None)
        self.candidates: list[Candidate] = []
        self.attribute_stores: list[AttributeStore] = []
        self.string_constants: dict[str, str] = {}
        # call names worth recording: SDK methods, wrapper names, and any
        # local alias an import gives to either
        self._interesting = set(SDK_METHODS) | set(names)
        self._wanted_qualnames = set(names)
        self._stack: list[ast.AST] = []
        self._scope = self.module
        self._visit(tree)
        self._collect_string_constants()

    # -- the walk -------------------------------------------------------

    def _visit(self, node: ast.AST) -> None:
        stack = self._stack
        stack.append(node)
        kind = type(node)
        if kind is ast.Call:
            self._on_call(node)  # type: ignore[arg-type]
        elif kind in _FUNCTIONS or kind is ast.Lambda:
            self._on_function(node)  # type: ignore[arg-type]
            stack.pop()
            return
        elif kind is ast.ClassDef:
            self._on_class(node)  # type: ignore[arg-type]
            stack.pop()
            return
        elif kind in _COMPREHENSIONS:
            self._on_comprehension(node)
            stack.pop()
            return
        elif kind is ast.Import or kind is ast.ImportFrom:
            self._on_import(node)  # type: ignore[arg-type]
        elif kind is ast.Assign:
            value = node.value  # type: ignore[attr-defined]
            for target in node.targets:  # type: ignore[attr-defined]
                self._bind_target(target, node, value)
        elif kind is ast.AnnAssign:
            if node.value is not None:  # type: ignore[attr-defined]
                self._bind_target(node.target, node, node.value)  # type: ignore[attr-defined]
        elif kind is ast.AugAssign or kind is ast.For or kind is ast.AsyncFor:
            self._bind_target(node.target, node, None)  # type: ignore[attr-defined]
        elif kind is ast.withitem:
            if node.optional_vars is not None:  # type: ignore[attr-defined]
                self._bind_target(node.optional_vars, node, None)  # type: ignore[attr-defined]
        elif kind is ast.ExceptHandler:
            if node.name:  # type: ignore[attr-defined]
                self._bind_name(node.name, Binding(OTHER, None, node))  # type: ignore[attr-defined]
        elif kind is ast.NamedExpr:
            target = node.target  # type: ignore[attr-defined]
            self._bind_name(target.id, Binding(ASSIGN, node.value, node), skip_comprehensions=True)  # type: ignore[attr-defined]
        elif kind is ast.Delete:
            for target in node.targets:  # type: ignore[attr-defined]
                self._bind_target(target, node, None)
        elif kind is ast.Global:
            self._scope.globals.update(node.names)  # type: ignore[attr-defined]
        elif kind is ast.Nonlocal:
            self._scope.nonlocals.update(node.names)  # type: ignore[attr-defined]
        elif kind is ast.Return:
            if node.value is not None:  # type: ignore[attr-defined]
                self._scope.returns.append(node.value)  # type: ignore[attr-defined]
        elif _MATCH_BINDERS and kind in _MATCH_BINDERS:
            name = getattr(node, "name", None) or getattr(node, "rest", None)
            if name:
                self._bind_name(name, Binding(OTHER, None, node))
        for child in ast.iter_child_nodes(node):
            self._visit(child)
        stack.pop()

    def _visit_all(self, nodes: Iterable[ast.AST | None]) -> None:
        for node in nodes:
            if node is not None:
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
        outer = self._scope
        arguments = node.args
        # decorators, defaults and annotations run in the enclosing scope
        if not isinstance(node, ast.Lambda):
            self._visit_all(node.decorator_list)
            self._visit_all((node.returns and [node.returns]) or [])
        self._visit_all(arguments.defaults)
        self._visit_all(arguments.kw_defaults)
        name = getattr(node, "name", "<lambda>")
        scope = Scope(FUNCTION, node, outer, name)
        if not isinstance(node, ast.Lambda):
            scope.decorators = list(node.decorator_list)
            qualname = self._qualname_for(name) if outer.kind == MODULE else None
            outer.bind(name, Binding(DEF, (qualname, scope), node))
        positional = [*arguments.posonlyargs, *arguments.args]
        every = [*positional, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]
        for arg in every:
            if arg is None:
                continue
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
        outer.bind(node.name, Binding(OTHER, scope, node))
        self._scope = scope
        self._visit_all(node.body)
        self._scope = outer

    def _on_comprehension(self, node: ast.AST) -> None:
        outer = self._scope
        scope = Scope(COMPREHENSION, node, outer)
        self._scope = scope
        for child in ast.iter_child_nodes(node):
            self._visit(child)
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
            if alias.name in self._interesting or qualname.rpartition(".")[2] in SDK_METHODS:
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
