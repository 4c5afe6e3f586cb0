"""Which calls are analytics calls: resolving callees through the file's bindings."""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence

from .bindings import Annotated, Assign, Binding, Class, Function, Import, Parameter, SelfParameter
from .linking import Linker
from .scopes import CLASS, MODULE, Candidate, ModuleIndex, Scope
from .scopes import FUNCTION as FUNCTION_SCOPE
from .sdk import CLIENT_CLASSES, SDK, SDK_METHODS, SIGNATURES, canonical_qualname
from .syntax import field_default, is_property
from .targets import CallTarget, Clients, ref_target
from .values import (
    CLASS as CLASS_OBJECT,
)
from .values import (
    CLIENT,
    FUNCTION,
    INSTANCE,
    METHOD,
    NONE,
    UNKNOWN,
    ProjectObject,
    Ref,
    SelfRef,
    Unbound,
    Value,
    combine,
)

_MAX_DEPTH = 24


class Resolver:
    """Evaluates names and expressions of one module to abstract values.

    With a :class:`~.linking.Linker` (project-wide resolution), imports and the
    module's own functions and classes resolve through the project's summaries
    (``key`` is the module's key there); without one, the file is read alone.
    """

    def __init__(
        self,
        index: ModuleIndex,
        clients: Sequence[str],
        wrappers: Sequence[tuple[str, str]],
        linker: Linker | None = None,
        key: str | None = None,
    ) -> None:
        self.index = index
        self.clients = Clients(clients)
        self.wrappers = tuple(wrappers)
        self.linker = linker
        self.key = key if linker is not None else None
        # `explain`: told each binding the resolution goes through (what, line)
        self.trace: Callable[[str, int], None] | None = None
        self._evaluating: set[int] = set()
        self._stores_seen = 0
        self._classes_walked: set[Scope] = set()
        self._collect_attributes()

    # -- names ------------------------------------------------------------

    def lookup(self, name: str, scope: Scope) -> Scope | None:
        """The scope whose binding of ``name`` a load in ``scope`` sees (Python's rules)."""
        if name in scope.globals:
            return self.index.module if name in self.index.module.bindings else None
        current: Scope | None = scope
        first = True
        while current is not None:
            visible = first or current.kind != CLASS
            if visible and name in current.bindings and name not in current.nonlocals:
                return current
            first = False
            current = current.parent
        return None

    def evaluate_name(self, name: str, scope: Scope, depth: int = 0,
                      site: Sequence[ast.AST] = ()) -> Value:
        """The value of ``name`` loaded in ``scope``; with ``site`` (the ancestors of
        the load), only the bindings that can reach it count."""
        values = self.binding_values(name, scope, depth, site)
        return values[0] if len(values) == 1 else combine(values)

    def binding_values(self, name: str, scope: Scope, depth: int = 0,
                       site: Sequence[ast.AST] = ()) -> list[Value]:
        """The value of each binding of ``name`` that can reach a load in ``scope`` (at
        ``site``); one value for a name bound nowhere here."""
        owner = self.lookup(name, scope)
        if owner is None:
            if self.linker is not None and self.key is not None and self.index.star_imports:
                star = self.linker.star_name(self.key, name)
                if star is not None:
                    return [star]
            for module in self.index.star_imports:  # from segment.analytics import *
                value = canonical_qualname(f"{module}.{name}")
                if value.startswith(SDK + "."):
                    return [Ref(value)]
            return [Unbound(name)]
        bindings = owner.bindings[name]
        if self.trace is not None:
            for binding in bindings:
                self.trace(describe_binding(name, binding), _line(binding.node))
        if len(bindings) > 1:
            # ``analytics = analytics`` re-binds what the name already held
            bindings = [b for b in bindings if not (
                isinstance(b, Assign) and isinstance(b.value, ast.Name) and
                b.value.id == name)] or bindings
        if site and len(bindings) > 1 and owner is scope.statement_scope():
            bindings = reaching(bindings, site)
        values = [self._binding_value(b, self.rebound_from(b, name, owner), depth)
                  for b in bindings]
        if owner is self.index.module and self.index.star_lines and \
                self._star_may_rebind(bindings, scope, site):
            assert self.linker is not None and self.key is not None
            star = self.linker.star_name(self.key, name)
            if star is not None:
                values.append(star)
        return values

    def rebound_from(self, binding: Binding, name: str, owner: Scope) -> Scope:
        """Where the value of ``binding`` is read: a class body's ``analytics =
        analytics`` reads the module's ``analytics`` (the class's own is not bound
        yet, and a class body's loads skip the functions around it)."""
        if owner.kind == CLASS and isinstance(binding, Assign) and \
                isinstance(binding.value, ast.Name) and binding.value.id == name:
            return self.index.module
        return owner

    def _star_may_rebind(self, bindings: list[Binding], scope: Scope,
                         site: Sequence[ast.AST]) -> bool:
        """A ``from m import *`` after the first of the module's ``bindings`` of a name
        may rebind it before a load in ``scope`` at ``site``: a load in a function runs
        later; a load at module level, only after an import before its line."""
        if self.linker is None or self.key is None:
            return False
        first = min(_line(b.node) for b in bindings)
        if scope.statement_scope() is not self.index.module:
            return any(line > first for line in self.index.star_lines)
        load = _line(site[-1]) if site else 0
        return any(first < line < load for line in self.index.star_lines)

    def _binding_value(self, binding: Binding, owner: Scope, depth: int) -> Value:
        linker, key = self.linker, self.key
        if isinstance(binding, Import):
            if linker is not None:
                return linker.resolve_ref(binding.qualname, key)
            return Ref(canonical_qualname(binding.qualname))
        if isinstance(binding, Assign):
            value = self.evaluate(binding.value, owner, depth + 1)
            if binding.annotation is not None:
                return combine([value, self.typed(binding.annotation, owner, depth)])
            return value
        if isinstance(binding, (Annotated, Parameter)):
            if binding.annotation is None:
                return UNKNOWN
            where = owner.parent if isinstance(binding, Parameter) and owner.parent else owner
            return self.typed(binding.annotation, where, depth)
        if isinstance(binding, SelfParameter):
            return SelfRef(binding.cls)
        if isinstance(binding, (Function, Class)) and binding.qualname is not None:
            if key is not None and owner.kind == MODULE:
                kind = FUNCTION if isinstance(binding, Function) else CLASS_OBJECT
                return ProjectObject(kind, key, name_of(binding))
            return Ref(binding.qualname)
        return UNKNOWN

    def typed(self, annotation: ast.expr, scope: Scope, depth: int = 0) -> Value:
        """What a name annotated ``annotation`` holds: a ``Client`` for ``Client``,
        ``Optional[Client]``, ``Client | None`` or ``"Client"``; else unknown."""
        values = []
        for member in annotation_members(annotation):
            value = self.evaluate(member, scope, depth + 1)
            if self.linker is not None:
                values.append(self.linker.typed(value))
            elif isinstance(value, Ref) and value.qualname in CLIENT_CLASSES:
                values.append(CLIENT)
            else:
                values.append(UNKNOWN)
        return combine(values) if values else UNKNOWN

    # -- expressions ----------------------------------------------------------

    def evaluate(self, expr: ast.expr, scope: Scope, depth: int = 0) -> Value:
        if depth > _MAX_DEPTH or id(expr) in self._evaluating:
            return UNKNOWN
        self._evaluating.add(id(expr))
        try:
            return self._evaluate(expr, scope, depth)
        finally:
            self._evaluating.discard(id(expr))

    def _evaluate(self, expr: ast.expr, scope: Scope, depth: int) -> Value:
        if isinstance(expr, ast.Name):
            return self.evaluate_name(expr.id, scope, depth)
        if isinstance(expr, ast.Attribute):
            base = self.evaluate(expr.value, scope, depth + 1)
            return self.attribute(base, expr.attr, depth)
        if isinstance(expr, ast.Call):
            parent = self.super_base(expr, scope)
            if parent is not None:  # ``super()`` in a method: an instance of its first base
                class_scope, base_expr = parent
                outer = class_scope.parent or class_scope
                return self._instance_of(self.evaluate(base_expr, outer, depth + 1), depth)
            default = field_default(expr)
            if default is not None:  # a dataclass field: its default, or its factory's product
                value, is_factory = default
                made = ast.Call(func=value, args=[], keywords=[]) if is_factory else value
                return self.evaluate(made, scope, depth + 1)
            func = self.evaluate(expr.func, scope, depth + 1)
            if isinstance(func, Ref) and func.qualname in CLIENT_CLASSES:
                return CLIENT
            if self.linker is not None and isinstance(func, ProjectObject):
                return self.linker.call(func, depth + 1)
            factory = self._function_called(expr.func, scope)
            if factory is not None:
                return self._returned(factory, depth)
            return UNKNOWN
        if isinstance(expr, ast.Constant) and expr.value is None:
            return NONE
        if isinstance(expr, ast.IfExp):
            return combine([self.evaluate(expr.body, scope, depth + 1),
                            self.evaluate(expr.orelse, scope, depth + 1)])
        return UNKNOWN

    def attribute(self, base: Value, name: str, depth: int) -> Value:
        if self.linker is not None and isinstance(base, (Ref, ProjectObject)):
            return self.linker.attribute(base, name, depth)
        if isinstance(base, Ref):
            return Ref(canonical_qualname(f"{base.qualname}.{name}"))
        if isinstance(base, SelfRef):
            return self._class_attribute(base.scope, name, depth)
        return UNKNOWN

    def _class_attribute(self, cls: Scope, name: str, depth: int) -> Value:
        """``self.name`` in a method of ``cls``: read in this file first; a method is a
        project method (it may be a wrapper), and what the class does not set
        itself is looked up in its bases, through the project."""
        self.walk_methods(cls)
        values: list[Value] = []
        for value, scope in cls.attributes.get(name, ()):
            values.append(self.evaluate(value, scope, depth + 1))
        module_level = cls.parent is not None and cls.parent.kind == MODULE
        for binding in cls.bindings.get(name, ()):
            if isinstance(binding, Function):
                if not is_property(binding.scope):
                    if self.linker is not None and self.key is not None and module_level:
                        return ProjectObject(METHOD, self.key, f"{cls.name}.{name}")
                    return UNKNOWN
                values.append(self._returned(binding.scope, depth))
            else:
                values.append(self._binding_value(
                    binding, self.rebound_from(binding, name, cls), depth))
        if not values and self.linker is not None and self.key is not None and \
                module_level and getattr(cls.node, "bases", None):
            return self.linker.attribute(ProjectObject(INSTANCE, self.key, cls.name), name,
                                         depth)
        return combine(values) if values else UNKNOWN

    def super_base(self, call: ast.Call, scope: Scope) -> tuple[Scope, ast.expr] | None:
        """For ``super()`` (no arguments, the builtin) in a method of a class with
        bases: the class's scope and its first base (what ``super()`` is taken to be
        an instance of)."""
        if not (isinstance(call.func, ast.Name) and call.func.id == "super") or \
                call.args or call.keywords or self.lookup("super", scope) is not None:
            return None
        cls = scope.parent
        node = cls.node if cls is not None and cls.kind == CLASS else None
        if cls is None or not isinstance(node, ast.ClassDef) or not node.bases or \
                scope.kind != FUNCTION_SCOPE:
            return None
        return cls, node.bases[0]

    def _instance_of(self, cls: Value, depth: int) -> Value:
        if isinstance(cls, Ref) and cls.qualname in CLIENT_CLASSES:
            return CLIENT
        if self.linker is not None and isinstance(cls, ProjectObject):
            return self.linker.call(cls, depth + 1)
        return UNKNOWN

    def _function_called(self, func: ast.expr, scope: Scope) -> Scope | None:
        """The function of this file that ``func`` names: a function, or a method of ``self``."""
        bindings: list[Binding] = []
        if isinstance(func, ast.Name):
            owner = self.lookup(func.id, scope)
            bindings = owner.bindings[func.id] if owner is not None else []
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            receiver = self.evaluate_name(func.value.id, scope)
            if isinstance(receiver, SelfRef):
                bindings = receiver.scope.bindings.get(func.attr, [])
        if len(bindings) != 1 or not isinstance(bindings[0], Function):
            return None
        return bindings[0].scope

    def _returned(self, function: Scope, depth: int) -> Value:
        """What a function of this file returns (a factory of SDK clients, say)."""
        self.index.ensure_walked(function)
        if not function.returns:
            return UNKNOWN
        return combine([self.evaluate(r, function, depth + 1) for r in function.returns])

    def walk_methods(self, cls: Scope) -> None:
        """Walk the class's deferred methods: their ``self.X =`` stores are wanted."""
        if cls in self._classes_walked:
            return
        self._classes_walked.add(cls)
        for bindings in list(cls.bindings.values()):
            for binding in bindings:
                if isinstance(binding, Function):
                    self.index.ensure_walked(binding.scope)
        self._collect_attributes()

    def _collect_attributes(self) -> None:
        """Attach ``self.X = value`` stores to the class whose method made them."""
        stores = self.index.attribute_stores
        new, self._stores_seen = stores[self._stores_seen:], len(stores)
        for store in new:
            owner = self.lookup(store.receiver, store.scope)
            bindings = owner.bindings[store.receiver] if owner is not None else []
            if len(bindings) == 1 and isinstance(bindings[0], SelfParameter):
                bindings[0].cls.attributes.setdefault(store.attribute, []).append(
                    (store.value, store.scope))

    # -- calls --------------------------------------------------------------------

    def classify(self, candidate: Candidate) -> CallTarget | None:
        """What ``candidate`` calls, if it is an analytics call; ``None`` otherwise.
        Of a name with several bindings that can reach the call (``if DRY_RUN:`` a stub,
        ``else:`` the wrapper), the first that makes it an analytics call decides."""
        func = candidate.call.func
        scope = candidate.scope
        site = (*candidate.ancestors, candidate.call)
        if isinstance(func, ast.Name):
            values = self.binding_values(func.id, scope, site=site)
            return self._first_target(values, self._target_for)
        if not isinstance(func, ast.Attribute):
            return None
        attribute = func.attr
        receivers = self.binding_values(func.value.id, scope, site=site) \
            if isinstance(func.value, ast.Name) else [self.evaluate(func.value, scope)]
        return self._first_target(receivers,
                                  lambda receiver: self._method_target(receiver, attribute))

    @staticmethod
    def _first_target(values: list[Value], target_of: Callable[[Value], CallTarget | None]
                      ) -> CallTarget | None:
        target = target_of(values[0] if len(values) == 1 else combine(values))
        if target is None and len(values) > 1:
            target = next((t for t in map(target_of, values) if t is not None), None)
        return target

    def _method_target(self, receiver: Value, attribute: str) -> CallTarget | None:
        target = self._target_for(self.attribute(receiver, attribute, 0))
        if target is not None:
            return target
        if attribute not in SDK_METHODS:
            return None
        if receiver is CLIENT or self._is_client(receiver):
            return CallTarget(attribute, False, SIGNATURES[attribute],
                              origin=f"Client.{attribute}")
        return None

    def _target_for(self, callee: Value) -> CallTarget | None:
        if self.linker is not None:
            return self.linker.target(callee)
        return ref_target(callee.qualname, self.wrappers) if isinstance(callee, Ref) else None

    def _is_client(self, receiver: Value) -> bool:
        """A receiver named by the ``clients`` setting."""
        return is_configured_client(receiver, self.clients)


def annotation_members(annotation: ast.expr, depth: int = 0) -> list[ast.expr]:
    """The types an annotation allows: ``Optional[X]``, ``Union[X, Y]``, ``X | Y``,
    ``Annotated[X, …]`` and string annotations are looked through."""
    if depth > 8:
        return []
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            parsed = ast.parse(annotation.value.strip(), mode="eval").body
        except (SyntaxError, ValueError, RecursionError):
            return []
        return annotation_members(parsed, depth + 1)
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return [*annotation_members(annotation.left, depth + 1),
                *annotation_members(annotation.right, depth + 1)]
    if isinstance(annotation, ast.Subscript):
        wrapper = annotation.value
        name = wrapper.attr if isinstance(wrapper, ast.Attribute) else getattr(wrapper, "id", "")
        elements = annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) \
            else [annotation.slice]
        if name in ("Optional", "Union"):
            return [m for e in elements for m in annotation_members(e, depth + 1)]
        if name in ("Annotated", "Final", "ClassVar") and elements:
            return annotation_members(elements[0], depth + 1)
        return []
    if isinstance(annotation, (ast.Name, ast.Attribute)):
        return [annotation]
    return []


def name_of(binding: Function | Class) -> str:
    node = binding.node
    return node.name if not isinstance(node, ast.Lambda) else "<lambda>"


def reaching(bindings: list[Binding], site: Sequence[ast.AST]) -> list[Binding]:
    """The bindings that can reach a load at ``site``: a binding that runs before the
    load on every path (in the same or an enclosing block, or a ``with``/``for``
    header around it) hides the bindings written before it."""
    nearest: Binding | None = None
    for binding in bindings:
        if dominates(binding.node, site) and (
                nearest is None or _line(binding.node) >= _line(nearest.node)):
            nearest = binding
    if nearest is None:
        return bindings
    start = _line(nearest.node)
    return [b for b in bindings if b is nearest or _line(b.node) > start]


def _line(node: ast.AST) -> int:
    if isinstance(node, ast.withitem):  # has no position of its own
        node = node.context_expr
    return getattr(node, "lineno", 0)


def dominates(node: ast.AST, site: Sequence[ast.AST]) -> bool:
    for parent, child in zip(site, site[1:]):
        if isinstance(parent, (ast.With, ast.AsyncWith)) and \
                any(item is node for item in parent.items):
            return True
        if isinstance(parent, (ast.For, ast.AsyncFor)) and parent is node and \
                any(child is s for s in parent.body):
            return True
        for field in ("body", "orelse", "finalbody"):
            block = getattr(parent, field, None)
            # (only the block the path goes through: an ``if``'s body does not run
            # before its ``else``, nor a ``try``'s before its ``finally``)
            if not isinstance(block, list) or not any(s is child for s in block):
                continue
            for statement in block:
                if statement is child:
                    break
                if statement is node:
                    return True
    return False


def is_configured_client(receiver: Value, clients: Clients) -> bool:
    if isinstance(receiver, Unbound):
        return clients.names_value(receiver.name, None)
    if isinstance(receiver, Ref):
        return clients.names_value(None, receiver.qualname)
    return False


def describe_binding(name: str, binding: Binding) -> str:
    """How ``name`` is bound, in words (for ``explain``)."""
    if isinstance(binding, Import):
        return f"`{name}` is imported from `{binding.qualname}`"
    if isinstance(binding, Assign):
        return f"`{name}` is assigned `{ast.unparse(binding.value)[:60]}`"
    if isinstance(binding, Annotated):
        return f"`{name}` is annotated `{ast.unparse(binding.annotation)[:60]}`"
    if isinstance(binding, Parameter):
        if binding.annotation is None:
            return f"`{name}` is a parameter without an annotation (unknown)"
        return f"`{name}` is a parameter annotated `{ast.unparse(binding.annotation)[:60]}`"
    if isinstance(binding, SelfParameter):
        return f"`{name}` is an instance of class `{binding.cls.name}`"
    if isinstance(binding, Function):
        return f"`{name}` is a function defined here"
    if isinstance(binding, Class):
        return f"`{name}` is a class defined here"
    return f"`{name}` is rebound by a `{type(binding.node).__name__}` (not followed)"
