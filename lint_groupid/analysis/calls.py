"""Which calls are analytics calls: resolving callees through the file's bindings."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass

from .bindings import Assign, Binding, Class, Function, Import, SelfParameter
from .scopes import CLASS, Candidate, ModuleIndex, Scope
from .sdk import CLIENT_CLASSES, SDK, SDK_METHODS, SIGNATURES, canonical_qualname
from .values import CLIENT, NONE, UNKNOWN, Ref, SelfRef, Unbound, Value, combine

_PROPERTIES = frozenset({"property", "cached_property"})
_MAX_DEPTH = 24


@dataclass(frozen=True)
class CallTarget:
    """What an analytics call calls."""

    method: str  # the SDK method it is (or, for a wrapper, forwards to)
    is_wrapper: bool
    # the SDK's positional parameters; a wrapper's are unknown
    signature: tuple[str, ...] | None


def qualname_matches(qualname: str, entry: str) -> bool:
    """Does the configured dotted ``entry`` name the object known as ``qualname``?

    Exact match, or one ends with the other at a dot: a relative import of an
    unknown package (``.tracking.send``) or a module named from its file path
    (``src.app.tracking.send``) cannot be pinned down further than that.
    """
    if qualname == entry:
        return True
    tail = qualname.lstrip(".")
    if not tail:
        return False
    return entry.endswith("." + tail) or tail.endswith("." + entry) or tail == entry


class Resolver:
    def __init__(
        self,
        index: ModuleIndex,
        clients: Sequence[str],
        wrappers: Sequence[tuple[str, str]],
    ) -> None:
        self.index = index
        self.client_names = frozenset(c for c in clients if "." not in c)
        self.client_paths = tuple(c for c in clients if "." in c)
        self.wrappers = tuple(wrappers)
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

    def evaluate_name(self, name: str, scope: Scope, depth: int = 0) -> Value:
        owner = self.lookup(name, scope)
        if owner is None:
            return Unbound(name)
        values = [self._binding_value(b, owner, depth) for b in owner.bindings[name]]
        return combine(values)

    def _binding_value(self, binding: Binding, owner: Scope, depth: int) -> Value:
        if isinstance(binding, Import):
            return Ref(binding.qualname)
        if isinstance(binding, Assign):
            return self.evaluate(binding.value, owner, depth + 1)
        if isinstance(binding, SelfParameter):
            return SelfRef(binding.cls)
        if isinstance(binding, (Function, Class)) and binding.qualname is not None:
            return Ref(binding.qualname)
        return UNKNOWN

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
            func = self.evaluate(expr.func, scope, depth + 1)
            if isinstance(func, Ref) and func.qualname in CLIENT_CLASSES:
                return CLIENT
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
        if isinstance(base, Ref):
            return Ref(canonical_qualname(f"{base.qualname}.{name}"))
        if isinstance(base, SelfRef):
            return self._class_attribute(base.scope, name, depth)
        return UNKNOWN

    def _class_attribute(self, cls: Scope, name: str, depth: int) -> Value:
        self._walk_methods(cls)
        values: list[Value] = []
        for value, scope in cls.attributes.get(name, ()):
            values.append(self.evaluate(value, scope, depth + 1))
        for binding in cls.bindings.get(name, ()):
            if isinstance(binding, Function):
                if not _is_property(binding.scope):
                    return UNKNOWN
                values.append(self._returned(binding.scope, depth))
            else:
                values.append(self._binding_value(binding, cls, depth))
        return combine(values) if values else UNKNOWN

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

    def _walk_methods(self, cls: Scope) -> None:
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
            receiver = self.evaluate_name(store.receiver, store.scope)
            if isinstance(receiver, SelfRef):
                receiver.scope.attributes.setdefault(store.attribute, []).append(
                    (store.value, store.scope)
                )

    # -- calls --------------------------------------------------------------------

    def classify(self, candidate: Candidate) -> CallTarget | None:
        """What ``candidate`` calls, if it is an analytics call; ``None`` otherwise."""
        func = candidate.call.func
        scope = candidate.scope
        if isinstance(func, ast.Name):
            return self._target_for(self.evaluate_name(func.id, scope))
        if not isinstance(func, ast.Attribute):
            return None
        receiver = self.evaluate(func.value, scope)
        target = self._target_for(self.attribute(receiver, func.attr, 0))
        if target is not None:
            return target
        if func.attr not in SDK_METHODS:
            return None
        if receiver is CLIENT or self._is_client(receiver):
            return CallTarget(func.attr, False, SIGNATURES[func.attr])
        return None

    def _target_for(self, callee: Value) -> CallTarget | None:
        if not isinstance(callee, Ref):
            return None
        qualname = callee.qualname
        module, _, method = qualname.rpartition(".")
        if module == SDK and method in SDK_METHODS:
            return CallTarget(method, False, SIGNATURES[method])
        for entry, forwarded in self.wrappers:
            if qualname_matches(qualname, entry):
                return CallTarget(forwarded, True, None)
        return None

    def _is_client(self, receiver: Value) -> bool:
        """A receiver named by the ``clients`` setting."""
        if isinstance(receiver, Unbound):
            return receiver.name in self.client_names
        if isinstance(receiver, Ref):
            qualname = receiver.qualname
            if qualname.rpartition(".")[2] in self.client_names:
                return True
            return any(qualname_matches(qualname, entry) for entry in self.client_paths)
        return False


def _is_property(method: Scope) -> bool:
    for decorator in method.decorators:
        if isinstance(decorator, ast.Attribute):
            name = decorator.attr
        else:
            name = getattr(decorator, "id", "")
        if name in _PROPERTIES:
            return True
    return False

