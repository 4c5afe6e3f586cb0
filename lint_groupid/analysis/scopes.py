"""One walk over a module: scopes, name bindings and the candidate analytics calls.

Everything later stages ask ("what is this name bound to?", "what encloses this
call?") is answered from what this walk records, so a file is walked once.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from ..positions import first_line
from .bindings import (
    Annotated,
    Assign,
    Binding,
    Class,
    Function,
    FunctionNode,
    Import,
    Opaque,
    Parameter,
    SelfParameter,
)
from .hot_lines import Accepts, CallSites, HotLines
from .sdk import SDK_METHODS
from .syntax import BLOCK_FIELDS

if TYPE_CHECKING:
    # receives(receiver, path, name): can ``receiver`` followed by ``path`` (attributes,
    # and None for a call) then ``.name(…)`` be a call of interest?
    Receives = Callable[[str, tuple[str | None, ...], str], bool]

MODULE, FUNCTION, CLASS, COMPREHENSION = "module", "function", "class", "comprehension"

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


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
        # a function or class with no hot line is walked only when something asks
        self.deferred: FunctionNode | ast.ClassDef | None = None

    def bind(self, name: str, binding: Binding) -> None:
        self.bindings.setdefault(name, []).append(binding)

    def statement_scope(self) -> Scope:
        """The scope whose statements surround code in this one: comprehensions have
        none of their own."""
        scope = self
        while scope.kind == COMPREHENSION and scope.parent is not None:
            scope = scope.parent
        return scope

    def function_scope(self) -> Scope:
        """The function (or, at the top, the module) that runs code in this scope."""
        scope = self
        while scope.kind not in (FUNCTION, MODULE) and scope.parent is not None:
            scope = scope.parent
        return scope

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
                 methods: Iterable[str] = SDK_METHODS, text: str | None = None,
                 is_package: bool = False, receivers: Iterable[str] = (),
                 sites: CallSites | None = None, accepts: Accepts | None = None,
                 receives: Receives | None = None) -> None:
        self.module_name = module_name
        self.is_package = is_package  # an __init__ module: relative imports start here
        self.lines = lines
        self.module = Scope(MODULE, tree, None)
        self.scopes: list[Scope] = [self.module]
        self.candidates: list[Candidate] = []
        self.attribute_stores: list[AttributeStore] = []
        self.string_constants: dict[str, str] = {}
        self.star_imports: list[str] = []  # modules whose names ``from m import *`` binds
        self.star_lines: list[int] = []  # the lines of those imports
        # call names worth recording: the SDK methods that are checked, wrapper
        # names, and any local alias an import gives to either
        self._interesting = set(methods) | set(names)
        # names whose attributes' calls are of interest too (objects imported from
        # modules of the project that can matter: their methods may be wrappers)
        # (``accepts`` tells which lines that spell their attributes can hold such a call,
        # ``receives`` which calls reached from them can be one)
        self._receivers = frozenset(receivers)
        self._receives = receives
        self.hot = HotLines(lines, self._interesting, text, self._receivers, sites, accepts)
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
        """Visit ``node``, which its caller found worth visiting."""
        kind = type(node)
        self._stack.append(node)
        handler = _HANDLERS.get(kind)
        if handler is None or not handler(self, node):
            if kind in _STATEMENTS and self.hot.is_cold(node):
                # a cold statement: only its nested blocks can bind names or hold calls
                fields = _STATEMENT_BLOCKS[kind]
            else:
                fields = _child_fields(kind)
            for field in fields:
                value = getattr(node, field, None)
                if type(value) is list:
                    for item in value:
                        if item is not None and self._worth(item):
                            self._visit(item)
                elif isinstance(value, ast.AST) and self._worth(value):
                    self._visit(value)
        self._stack.pop()

    def _worth(self, node: ast.AST) -> bool:
        """Can ``node`` bind a name or hold a call of interest?"""
        kind = type(node)
        if kind in _INERT or (isinstance(node, ast.Attribute) and type(node.value) in _INERT):
            return False  # binds nothing, calls nothing
        return kind not in _SKIPPABLE or not self.hot.is_cold(node)

    # handlers return True when they have visited the node's children themselves

    def _on_assign(self, node: ast.Assign) -> bool:
        for target in node.targets:
            self._bind_target(target, node, node.value)
        return False

    def _on_ann_assign(self, node: ast.AnnAssign) -> bool:
        if node.value is not None:
            self._bind_target(node.target, node, node.value, node.annotation)
        elif isinstance(node.target, ast.Name):
            self._bind_name(node.target.id, Annotated(node.annotation, node))
        return False

    def _on_rebinding(self, node: ast.AugAssign | ast.For | ast.AsyncFor) -> bool:
        self._bind_target(node.target, node, None)
        return False

    def _on_withitem(self, node: ast.withitem) -> bool:
        target = node.optional_vars
        if isinstance(target, ast.Name) and isinstance(self._stack[-2], ast.With):
            # ``with Tracker() as t``: ``t`` is what ``Tracker().__enter__()`` returns
            # (often the instance itself); an expression the tree does not hold
            made = node.context_expr
            entered = ast.copy_location(ast.Call(
                ast.copy_location(ast.Attribute(made, "__enter__", ast.Load()), made),
                [], []), made)
            self._bind_target(target, node, entered)
        elif target is not None:
            self._bind_target(target, node, None)
        return False

    def _on_except(self, node: ast.ExceptHandler) -> bool:
        if node.name:
            self._bind_name(node.name, Opaque(node))
        return False

    def _on_walrus(self, node: ast.NamedExpr) -> bool:
        self._bind_name(node.target.id, Assign(node.value, node), skip_comprehensions=True)
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
            self._bind_name(name, Opaque(node))
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
            self._new_function_scope(node).deferred = node
        return True

    def _on_class_node(self, node: ast.ClassDef) -> bool:
        if self._is_cold(node):
            # no method of it holds a call of interest: walk it only if its
            # attributes are asked for (by a subclass, or another module)
            self._new_class_scope(node).deferred = node
        else:
            self._on_class(node)
        return True

    def _is_cold(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> bool:
        return self.hot.is_cold_span(first_line(node), node.end_lineno or node.lineno)

    def ensure_walked(self, scope: Scope) -> None:
        """Walk a deferred function or class now (its returns, attributes or attribute
        stores are wanted)."""
        node = scope.deferred
        if node is None:
            return
        scope.deferred = None
        saved_scope, saved_stack = self._scope, self._stack
        self._stack = [node]
        try:
            if isinstance(node, ast.ClassDef):
                self._walk_class(node, scope)
            else:
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
        for node in nodes:
            if node is not None and self._worth(node):
                self._visit(node)

    def _on_call(self, node: ast.Call) -> None:
        func = node.func
        if type(func) is ast.Attribute:
            wanted = func.attr in self._interesting or (
                bool(self._receivers) and self._received(func))
        elif type(func) is ast.Name:
            wanted = func.id in self._interesting
        else:
            wanted = False
        if wanted:
            self.candidates.append(Candidate(node, self._scope, tuple(self._stack[:-1])))

    def _received(self, func: ast.Attribute) -> bool:
        """``receiver.a(…)``, ``receiver.a.b(…)``, ``receiver(…).a(…)``,
        ``receiver.f().a(…)``…, for a receiver of interest, where ``receives`` the
        way from the receiver to the call."""
        path: list[str | None] = []  # outwards from the receiver: attributes, None: calls
        node = func.value
        while True:
            if isinstance(node, ast.Attribute):
                path.append(node.attr)
                node = node.value
            elif isinstance(node, ast.Call):
                path.append(None)
                node = node.func
            else:
                break
        if not isinstance(node, ast.Name) or node.id not in self._receivers:
            return False
        return self._receives is None or self._receives(node.id, tuple(reversed(path)),
                                                        func.attr)

    def _on_function(self, node: FunctionNode) -> None:
        arguments = node.args
        # decorators, defaults and annotations run in the enclosing scope; a header
        # with no hot line needs no visit at all
        last = node.body.lineno if isinstance(node, ast.Lambda) else node.body[0].lineno
        header_is_hot = not self.hot.is_cold_span(first_line(node), last)
        if header_is_hot:
            if not isinstance(node, ast.Lambda):
                self._visit_all(node.decorator_list)
                self._visit_all((node.returns and [node.returns]) or [])
            self._visit_all(arguments.defaults)
            self._visit_all(arguments.kw_defaults)
        self._walk_function(node, self._new_function_scope(node), header_is_hot)

    def _new_function_scope(self, node: FunctionNode) -> Scope:
        """A new scope for ``node``, bound (but for a lambda) in the enclosing one."""
        outer = self._scope
        name = getattr(node, "name", "<lambda>")
        scope = Scope(FUNCTION, node, outer, name)
        self.scopes.append(scope)
        if not isinstance(node, ast.Lambda):
            scope.decorators = list(node.decorator_list)
            qualname = self._module_qualname(name) if outer.kind == MODULE else None
            outer.bind(name, Function(qualname, scope, node))
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
            binding: Binding = Parameter(arg)
            if arg is (positional[0] if positional else None) and self._is_method(node, outer):
                binding = SelfParameter(outer, arg)
            scope.bind(arg.arg, binding)
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
        self._visit_all(node.decorator_list)
        self._visit_all(node.bases)
        self._visit_all(node.keywords)
        self._walk_class(node, self._new_class_scope(node))

    def _new_class_scope(self, node: ast.ClassDef) -> Scope:
        outer = self._scope
        scope = Scope(CLASS, node, outer, node.name)
        self.scopes.append(scope)
        outer.bind(node.name, Class(self._module_qualname(node.name) if outer.kind == MODULE
                                    else None, scope, node))
        return scope

    def _walk_class(self, node: ast.ClassDef, scope: Scope) -> None:
        outer = scope.parent
        assert outer is not None
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

    def _on_comprehension_clause(self, node: ast.comprehension) -> bool:
        """``for x in …`` of a comprehension binds ``x`` in the comprehension's scope."""
        self._bind_target(node.target, node, None)
        return False

    def _on_import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self._bind_name(alias.asname, Import(alias.name, node))
                else:
                    self._bind_name(alias.name.split(".", 1)[0],
                                    Import(alias.name.split(".", 1)[0], node))
            return
        base = self._resolve_relative(node.module or "", node.level)
        for alias in node.names:
            if alias.name == "*":
                if self._scope is self.module:
                    self.star_imports.append(base)
                    self.star_lines.append(node.lineno)
                continue
            local = alias.asname or alias.name
            self._bind_name(local, Import(f"{base}.{alias.name}" if base else alias.name, node))
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
        keep = len(package) - level + (1 if self.is_package else 0)
        package = package[: max(keep, 0)] if self.module_name else []
        if not package:
            # unknown package: keep the dots so that only a suffix can match
            return "." * level + module
        return ".".join([*package, module] if module else package)

    def _module_qualname(self, name: str) -> str:
        return f"{self.module_name}.{name}" if self.module_name else f".{name}"

    def _bind_target(self, target: ast.AST, statement: ast.AST, value: ast.expr | None,
                     annotation: ast.expr | None = None) -> None:
        if isinstance(target, ast.Name):
            self._bind_name(target.id, Opaque(statement) if value is None else
                            Assign(value, statement, annotation))
        elif isinstance(target, (ast.Tuple, ast.List)):
            values = value.elts if isinstance(value, (ast.Tuple, ast.List)) and \
                len(value.elts) == len(target.elts) and \
                not any(isinstance(e, ast.Starred) for e in target.elts) else None
            for position, element in enumerate(target.elts):
                # ``a, b = x, y`` binds each name to its own value
                self._bind_target(element, statement,
                                  values[position] if values is not None else None)
        elif isinstance(target, ast.Starred):
            self._bind_target(target.value, statement, None)
        elif isinstance(target, ast.Attribute) and value is not None:
            receiver = target.value
            if isinstance(receiver, ast.Name):
                self.attribute_stores.append(
                    AttributeStore(receiver.id, target.attr, value, self._scope))

    def _collect_string_constants(self) -> None:
        """Module-level names bound exactly once, to a string literal."""
        for name, bindings in self.module.bindings.items():
            binding = bindings[0]
            if len(bindings) == 1 and isinstance(binding, Assign) and \
                    isinstance(binding.value, ast.Constant) and \
                    isinstance(binding.value.value, str):
                self.string_constants[name] = binding.value.value


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
    ast.comprehension: ModuleIndex._on_comprehension_clause,
    **{kind: ModuleIndex._on_comprehension_node for kind in _COMPREHENSIONS},
    **{kind: ModuleIndex._on_match_binder for kind in _MATCH_BINDERS},
}

_EXPRESSIONS: frozenset[type[ast.AST]] = frozenset(
    kind for kind in vars(ast).values()
    if isinstance(kind, type) and issubclass(kind, ast.expr) and kind is not ast.expr
)
_STATEMENTS: frozenset[type[ast.AST]] = frozenset(
    kind for kind in vars(ast).values()
    if isinstance(kind, type) and issubclass(kind, ast.stmt) and kind is not ast.stmt
)
# statements that bind nothing and hold no block: skipped whole when cold
_TRIVIAL_STATEMENTS: frozenset[type[ast.AST]] = frozenset(
    {ast.Expr, ast.Pass, ast.Break, ast.Continue, ast.Raise, ast.Assert})
_SKIPPABLE = _EXPRESSIONS | _TRIVIAL_STATEMENTS
# expressions with nothing to visit in them (a name is bound by the node around it)
_INERT: frozenset[type[ast.AST]] = frozenset({ast.Name, ast.Constant})
# the fields of each statement that hold statements (``items`` of a ``with`` bind)
_STATEMENT_BLOCKS: dict[type[ast.AST], tuple[str, ...]] = {
    kind: tuple(f for f in kind._fields if f in (*BLOCK_FIELDS, "items"))
    for kind in _STATEMENTS
}

# fields that never hold a node: skipping them saves a getattr and a check per node
_PRIMITIVE_FIELDS = frozenset({"ctx", "id", "attr", "arg", "name", "module", "level", "kind",
                               "type_comment", "conversion", "is_async", "asname", "n", "s",
                               "kwd_attrs"})  # (``case C(a=x)``: a list of names)
_CHILD_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {ast.Name: (), ast.Constant: ()}


def _child_fields(kind: type[ast.AST]) -> tuple[str, ...]:
    fields = _CHILD_FIELDS.get(kind)
    if fields is None:
        fields = _CHILD_FIELDS[kind] = tuple(
            f for f in kind._fields
            if f not in _PRIMITIVE_FIELDS and kind not in (ast.Global, ast.Nonlocal)
        )
    return fields

