"""Resolving symbols across the project's module summaries.

The analysis of one file asks here what an import, or an object another module
defines, stands for: the SDK, a ``Client``, a project module, function, class,
instance or method, or something from outside the project. Wrappers are found
here: a project function whose body passes one of its own parameters on as the
context of a grouped SDK call (or of another wrapper's call).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Protocol

from .sdk import CLIENT_CLASSES, PAYLOAD_PARAMETER, SDK, SDK_METHODS, canonical_qualname
from .targets import CallTarget, Clients, ref_target
from .values import (
    CLASS,
    CLIENT,
    FUNCTION,
    INSTANCE,
    METHOD,
    MODULE,
    NONE,
    UNKNOWN,
    ProjectObject,
    Ref,
    Unbound,
    Value,
    combine,
)

if TYPE_CHECKING:
    from .summary import CallSummary, ClassSummary, FunctionSummary, ModuleSummary, Sym, Use

_MAX_DEPTH = 40


class SummarySource(Protocol):
    """Where the linker finds modules and their summaries (the project index)."""

    def find(self, name: str, importer: str | None) -> str | None:
        """The key of project module ``name`` as ``importer`` would import it."""

    def search_path(self, importer: str | None) -> tuple[str, ...]:
        """Where ``importer``'s imports look: the only thing of it ``find`` reads (the
        modules of a package share one, and so the answers about what they import)."""

    def submodule(self, package: str, name: str) -> str | None:
        """The key of ``package``'s submodule ``name``."""

    def summary(self, key: str) -> ModuleSummary | None:
        """The summary of the module ``key`` (``None`` when it cannot be read)."""


Trace = Callable[[str, str, int], None]  # (what, module key, line)


class Answers:
    """What a linker has resolved for good: answers about modules, their names, classes
    and functions, which depend only on the project's summaries (and the settings).
    The project index keeps one for a whole run, so that every file's linker shares
    it; it is cleared when a module's summary changes. An answer reached through a
    cycle is never kept: it could depend on the order of the questions."""

    def __init__(self) -> None:
        self.attributes: dict[tuple[str, str], Value] = {}
        self.refs: dict[tuple[str, tuple[str, ...]], Value] = {}
        self.symbols: dict[tuple[Sym, str], Value] = {}
        self.members: dict[tuple[ProjectObject, str], Value] = {}
        self.mro: dict[tuple[str, str], list[tuple[str, str, ClassSummary]]] = {}
        self.wrappers: dict[ProjectObject, CallTarget | None] = {}
        self.class_methods: dict[ProjectObject, dict[str, ProjectObject]] = {}
        # a class's own methods (by its module's key and qualname): the tables of
        # its subclasses share their objects
        self.own_methods: dict[tuple[str, str], dict[str, ProjectObject]] = {}

    def clear(self) -> None:
        for table in (self.attributes, self.refs, self.symbols, self.members, self.mro,
                      self.wrappers, self.class_methods, self.own_methods):
            table.clear()


class Linker:
    def __init__(self, source: SummarySource, grouped_methods: Collection[str],
                 wrappers: Sequence[tuple[str, str]] = (),
                 clients: Sequence[str] = (), answers: Answers | None = None) -> None:
        self.source = source
        self.clients = Clients(clients)
        self.grouped = frozenset(grouped_methods)
        self.configured_wrappers = tuple(wrappers)
        self._resolving: set[tuple[str, str]] = set()
        self._cycles = 0  # how many times a cycle cut a resolution short
        answers = answers if answers is not None else Answers()
        self._attributes = answers.attributes
        self._refs = answers.refs
        self._symbols = answers.symbols
        self._members = answers.members
        self._active: set[tuple[Sym, str]] = set()
        self._mro = answers.mro
        self._wrappers = answers.wrappers
        self._class_method_tables = answers.class_methods
        self._own_methods = answers.own_methods
        self._wrapping: set[ProjectObject] = set()
        self.trace: Trace | None = None  # set by `explain`

    def note_cycle(self) -> None:
        """An answer is being computed from something still being built: what depends
        on it must not be remembered as final."""
        self._cycles += 1

    def _note(self, what: str, key: str, line: int) -> None:
        if self.trace is not None:
            self.trace(what, key, line)

    # -- names and symbols -------------------------------------------------------

    def resolve_ref(self, qualname: str, importer: str | None, depth: int = 0) -> Value:
        """What the import path ``qualname`` means in module ``importer``: an object
        of a project module when one is importable under that name (the project
        shadows installed packages, as Python would), else the SDK or something
        from outside the project."""
        marker = (qualname, self.source.search_path(importer))
        known = self._refs.get(marker)
        if known is not None and self.trace is None:
            return known
        cycles = self._cycles
        value = self._resolve_ref(qualname, importer, depth)
        if cycles == self._cycles:
            self._refs[marker] = value
        return value

    def _resolve_ref(self, qualname: str, importer: str | None, depth: int) -> Value:
        parts = qualname.split(".")
        if len(parts) > 1 and parts[0]:
            # ``from package import name``: an attribute the package binds wins over a
            # submodule of that name, as in Python
            package = self.source.find(".".join(parts[:-1]), importer)
            summary = self.source.summary(package) if package is not None else None
            if package is not None and summary is not None and parts[-1] in summary.names \
                    and not all(sym == ("ref", qualname) for sym in summary.names[parts[-1]]):
                # (a package's ``from . import name`` binds the submodule: found below)
                return self.attribute(ProjectObject(MODULE, package), parts[-1], depth + 1)
        if parts[0]:
            for length in range(len(parts), 0, -1):
                key = self.source.find(".".join(parts[:length]), importer)
                if key is None:
                    continue
                value: Value = ProjectObject(MODULE, key)
                for name in parts[length:]:
                    value = self.attribute(value, name, depth + 1)
                return value
        return Ref(canonical_qualname(qualname))

    def resolve_sym(self, sym: Sym, key: str, depth: int = 0) -> Value:
        """What symbol ``sym`` of module ``key`` stands for (remembered: a symbol is
        resolved once per module, however many paths lead to it)."""
        if depth > _MAX_DEPTH:
            self._cycles += 1
            return UNKNOWN
        marker = (sym, key)
        known = self._symbols.get(marker)
        if known is not None and self.trace is None:
            return known
        if marker in self._active:
            self._cycles += 1
            return UNKNOWN
        cycles = self._cycles
        self._active.add(marker)
        try:
            value = self._resolve_sym(sym, key, depth)
        finally:
            self._active.discard(marker)
        if cycles == self._cycles:
            self._symbols[marker] = value
        return value

    def _resolve_sym(self, sym: Sym, key: str, depth: int) -> Value:
        tag = sym[0]
        if tag == "ref":
            return self.resolve_ref(sym[1], key, depth + 1)
        if tag == "mod":
            return self.attribute(ProjectObject(MODULE, key), sym[1], depth + 1)
        if tag == "func":
            return ProjectObject(FUNCTION, key, sym[1])
        if tag == "class":
            return ProjectObject(CLASS, key, sym[1])
        if tag == "self":
            return ProjectObject(INSTANCE, key, sym[1])
        if tag == "attr":
            return self.attribute(self.resolve_sym(sym[1], key, depth + 1), sym[2], depth + 1)
        if tag == "call":
            return self.call(self.resolve_sym(sym[1], key, depth + 1), depth + 1)
        if tag == "typed":
            return self.typed(self.resolve_sym(sym[1], key, depth + 1))
        if tag == "any":
            return combine([self.resolve_sym(s, key, depth + 1) for s in sym[1]])
        if tag == "none":
            return NONE
        if tag == "unbound":
            return self._star_name(key, sym[1], depth) or Unbound(sym[1])
        return UNKNOWN

    def _star_name(self, key: str, name: str, depth: int) -> Value | None:
        """A name that ``from m import *`` may have bound in module ``key``."""
        summary = self.source.summary(key)
        if summary is None:
            return None
        for module in summary.stars:
            star = self.source.find(module, key)
            exported = self.source.summary(star) if star is not None else None
            if exported is not None and not exported.star_binds(name):
                continue  # (``__all__`` leaves it out, or it starts with ``_``)
            value = self.resolve_ref(f"{module}.{name}", key, depth + 1)
            if value is not UNKNOWN and not (isinstance(value, Ref) and
                                             not value.qualname.startswith(SDK)):
                return value
        return None

    def star_name(self, key: str, name: str) -> Value | None:
        return self._star_name(key, name, 0)

    # -- operations on values -------------------------------------------------------

    def attribute(self, value: Value, name: str, depth: int = 0) -> Value:
        if depth > _MAX_DEPTH:
            return UNKNOWN
        if name in SDK_METHODS and (value is CLIENT or (
                isinstance(value, Unbound) and self.clients.names_value(value.name, None)) or (
                isinstance(value, Ref) and not value.qualname.startswith(SDK) and
                self.clients.names_value(None, value.qualname))):
            return Ref(f"{SDK}.{name}")  # a client's methods are the SDK's functions
        if isinstance(value, Ref):
            return Ref(canonical_qualname(f"{value.qualname}.{name}"))
        if not isinstance(value, ProjectObject):
            return UNKNOWN
        if value.kind == MODULE:
            return self._module_attribute(value.module, name, depth)
        if value.kind in (INSTANCE, CLASS):
            return self._class_member(value, name, depth)
        return UNKNOWN

    def _module_attribute(self, key: str, name: str, depth: int) -> Value:
        marker = (key, name)
        known = self._attributes.get(marker)
        if known is not None and self.trace is None:
            return known
        if marker in self._resolving:
            self._cycles += 1
            return UNKNOWN  # an import cycle
        cycles = self._cycles
        self._resolving.add(marker)
        try:
            value = self._module_attribute_uncached(key, name, depth)
        finally:
            self._resolving.discard(marker)
        if cycles == self._cycles:  # not cut short by a cycle: final
            self._attributes[marker] = value
        return value

    def _module_attribute_uncached(self, key: str, name: str, depth: int) -> Value:
        summary = self.source.summary(key)
        if summary is not None and name in summary.names:
            if self.trace is not None:
                bound = " or ".join(f"imported from `{s[1]}`" if s[0] == "ref" else
                                    f"`{describe_sym(s)}`" for s in summary.names[name])
                self._note(f"`{name}` is {bound}", key, summary.lines.get(name, 0))
            return combine([self.resolve_sym(s, key, depth + 1)
                            for s in summary.names[name]])
        submodule = self.source.submodule(key, name)
        if submodule is not None:
            return ProjectObject(MODULE, submodule)
        if summary is not None:
            star = self._star_name(key, name, depth)
            if star is not None:
                return star
        return UNKNOWN

    def _classes(self, key: str, qualname: str, depth: int = 0
                 ) -> list[tuple[str, str, ClassSummary]]:
        """The class and its project bases, in method resolution order (depth first)."""
        known = self._mro.get((key, qualname))
        if known is not None:
            return known
        cycles = self._cycles
        order: list[tuple[str, str, ClassSummary]] = []
        pending = [(key, qualname)]
        seen: set[tuple[str, str]] = set()
        while pending and len(order) < 32:
            current = pending.pop(0)
            if current in seen:
                continue
            seen.add(current)
            summary = self.source.summary(current[0])
            cls = summary.classes.get(current[1]) if summary is not None else None
            if cls is None:
                continue
            order.append((current[0], current[1], cls))
            bases = []
            for base in cls.bases:
                resolved = self.resolve_sym(base, current[0], depth + 1)
                if isinstance(resolved, ProjectObject) and resolved.kind == CLASS:
                    bases.append((resolved.module, resolved.qualname))
            pending[:0] = bases
        if cycles == self._cycles:  # not cut short by a cycle: final
            self._mro[(key, qualname)] = order
        return order

    def _class_member(self, owner: ProjectObject, name: str, depth: int) -> Value:
        marker = (owner, name)
        known = self._members.get(marker)
        if known is not None and self.trace is None:
            return known
        cycles = self._cycles
        value = self._class_member_uncached(owner, name, depth)
        if cycles == self._cycles:
            self._members[marker] = value
        return value

    def _class_member_uncached(self, owner: ProjectObject, name: str, depth: int) -> Value:
        for key, qualname, cls in self._classes(owner.module, owner.qualname, depth):
            values: list[Value] = []
            if name in cls.attributes:
                self._note(f"{qualname}.{name} is set in class {qualname}", key, cls.line)
                values = [self.resolve_sym(s, key, depth + 1) for s in cls.attributes[name]]
            method = cls.methods.get(name)
            if method is not None:
                function = self._function(key, method)
                if function is not None and function.property:
                    self._note(f"{qualname}.{name} is a property", key, function.line)
                    values.extend(self.resolve_sym(s, key, depth + 1)
                                  for s in function.returns)
                elif owner.kind == INSTANCE:
                    return ProjectObject(METHOD, key, method)
                else:
                    return ProjectObject(FUNCTION, key, method)
            if values:
                return combine(values)
        if name in SDK_METHODS and owner.kind == INSTANCE and self._extends_client(owner, depth):
            return Ref(f"{SDK}.{name}")  # an SDK method the subclass does not override
        return UNKNOWN

    def call(self, value: Value, depth: int = 0) -> Value:
        if depth > _MAX_DEPTH:
            return UNKNOWN
        if isinstance(value, Ref):
            return CLIENT if value.qualname in CLIENT_CLASSES else UNKNOWN
        if not isinstance(value, ProjectObject):
            return UNKNOWN
        if value.kind == CLASS:
            if self._extends_client(value, depth) and not self._overrides_sdk(value, depth):
                return CLIENT  # a project subclass of the SDK's Client
            # (one that overrides an SDK method is an instance of its own: its
            # override is judged as the project method it is, a wrapper or not)
            return ProjectObject(INSTANCE, value.module, value.qualname)
        if value.kind in (FUNCTION, METHOD):
            function = self._function(value.module, value.qualname)
            if function is None or not function.returns:
                return UNKNOWN
            self._note(f"{value.qualname}() returns it", value.module, function.line)
            return combine([self.resolve_sym(s, value.module, depth + 1)
                            for s in function.returns])
        return UNKNOWN

    def _overrides_sdk(self, cls: ProjectObject, depth: int) -> bool:
        """A project class of the MRO of ``cls`` defines an SDK method."""
        return any(name in SDK_METHODS
                   for _key, _qualname, summary in self._classes(cls.module, cls.qualname, depth)
                   for name in summary.methods)

    def _extends_client(self, cls: ProjectObject, depth: int) -> bool:
        for key, _qualname, summary in self._classes(cls.module, cls.qualname, depth):
            for base in summary.bases:
                resolved = self.resolve_sym(base, key, depth + 1)
                if isinstance(resolved, Ref) and resolved.qualname in CLIENT_CLASSES:
                    return True
        return False

    def typed(self, value: Value) -> Value:
        """An instance of the annotation ``value``."""
        if isinstance(value, Ref):
            if value.qualname in CLIENT_CLASSES:
                return CLIENT
            return value if value.qualname == SDK else UNKNOWN
        if isinstance(value, ProjectObject) and value.kind == CLASS:
            return self.call(value)
        return NONE if value is NONE else UNKNOWN

    def _function(self, key: str, qualname: str) -> FunctionSummary | None:
        summary = self.source.summary(key)
        return summary.functions.get(qualname) if summary is not None else None

    # -- calls ----------------------------------------------------------------------------

    def target(self, callee: Value) -> CallTarget | None:
        """What a call of ``callee`` is, if it is an analytics call."""
        if isinstance(callee, Ref):
            return ref_target(callee.qualname, self.configured_wrappers)
        if isinstance(callee, ProjectObject) and callee.kind in (FUNCTION, METHOD):
            found = self.wrapper(callee)
            if found is not None:
                return found
            summary = self.source.summary(callee.module)
            if summary is not None and summary.module:
                return ref_target(f"{summary.module}.{callee.qualname}",
                                  self.configured_wrappers)
        if isinstance(callee, ProjectObject) and callee.kind == INSTANCE:
            # calling an instance calls its class's ``__call__``
            method = self.class_methods(ProjectObject(CLASS, callee.module, callee.qualname)
                                        ).get("__call__")
            return self.wrapper(method) if method is not None else None
        return None

    def wrapper(self, function: ProjectObject) -> CallTarget | None:
        """The target of a project wrapper: a function whose body passes one of its
        parameters on as the context of a grouped call (also of another wrapper)."""
        if function in self._wrappers and self.trace is None:
            return self._wrappers[function]
        if function in self._wrapping:
            self._cycles += 1
            return None  # wrappers that call each other
        cycles = self._cycles
        self._wrapping.add(function)
        try:
            found = self._find_wrapper(function)
        finally:
            self._wrapping.discard(function)
        if cycles == self._cycles:
            self._wrappers[function] = found
        return found

    def class_methods(self, cls: ProjectObject) -> dict[str, ProjectObject]:
        """A project class's methods by name, each the one its method resolution order
        finds (an instance's ``tracker.send(…)`` calls ``send`` of this table)."""
        known = self._class_method_tables.get(cls)
        if known is not None:
            return known
        cycles = self._cycles
        tables = [self._own_method_table(key, qualname, summary)
                  for key, qualname, summary in self._classes(cls.module, cls.qualname)]
        if len(tables) == 1:
            found = tables[0]  # no project base: its own methods are the table
        else:
            found = {}
            for table in tables:
                for name, method in table.items():
                    if name not in found:
                        found[name] = method
        if cycles == self._cycles:
            self._class_method_tables[cls] = found
        return found

    def _own_method_table(self, key: str, qualname: str, summary: ClassSummary
                          ) -> dict[str, ProjectObject]:
        """The methods class ``qualname`` of module ``key`` defines itself (one object
        each for a whole run: the tables of all its subclasses hold it)."""
        own = self._own_methods.get((key, qualname))
        if own is None:
            own = self._own_methods[(key, qualname)] = {
                name: ProjectObject(METHOD, key, method)
                for name, method in summary.methods.items()}
        return own

    def _find_wrapper(self, function: ProjectObject) -> CallTarget | None:
        """The target of the function's definition, or of another definition of its
        name that may be the one called (stored as ``f#1``…, see summary.py)."""
        summary = self.source.summary(function.module)
        if summary is None:
            return None
        for fn in summary.definitions(function.qualname):
            found = self._wrapper_of(function, fn, summary)
            if found is not None:
                return found
        return None

    def _wrapper_of(self, function: ProjectObject, fn: FunctionSummary,
                    summary: ModuleSummary) -> CallTarget | None:
        positional = [name for name, kind in fn.params if kind in "PA"]
        if fn.method and (function.kind == METHOD or fn.classmethod):
            positional = positional[1:]
        kinds = dict(fn.params)
        origin = f"{summary.module or function.module}.{function.qualname}"
        # a call that adds groupId itself satisfies the callers only if no other call
        # passes their context on (whichever comes first in the body)
        satisfied: CallTarget | None = None
        for call in fn.calls:
            inner = self.target(self.resolve_sym(call.callee, function.module))
            if inner is None or inner.method not in self.grouped:
                continue
            if inner.satisfied:
                # it adds groupId whatever it is passed: as if this call added it
                if satisfied is None:
                    satisfied = CallTarget(inner.method, True, tuple(positional), "context",
                                           satisfied=True, origin=origin)
                continue
            use = _argument_use(call, inner.context_parameter, inner.signature, kinds,
                                inner.positional_only)
            # the function's own ``**kwargs``, if this call passes it on whole
            spread = next((u for u in call.spreads
                           if u[0] == "param" and kinds.get(u[1]) == "W"), None)
            if use[0] == "*" and inner.signature is not None:
                # the context is among the positions the function's ``*args`` passes on:
                # its callers' positions from there on are the inner callee's
                start = len(call.args) - 1
                rest = inner.signature[start:]
                if not set(rest) & set(positional):
                    # a caller's keyword reaches it only through a ``**kwargs`` passed
                    # on, and one the function does not take itself
                    by_keyword = spread is not None and not inner.positional_only and \
                        inner.context_parameter not in kinds
                    return CallTarget(inner.method, True, (*positional, *rest),
                                      inner.context_parameter, satisfied=False,
                                      origin=origin, payload_parameter=inner.payload_parameter,
                                      positional_only=not by_keyword,
                                      default_grouped=inner.default_grouped)
                if spread is None or inner.positional_only:
                    continue
                use = spread  # its positions clash with the callee's: by keyword only
            if use[0] == "param":
                parameter = use[1]
                through_kwargs = kinds.get(parameter) == "W"
                if through_kwargs and inner.positional_only:
                    continue  # a caller's keyword never reaches it
                # and the parameter it passes on as the SDK's properties, if one
                payload = inner.payload_parameter or PAYLOAD_PARAMETER.get(inner.method)
                passed = _argument_use(call, payload, inner.signature, kinds) \
                    if payload is not None else ("?",)
                if through_kwargs:  # the caller's keyword: the one it takes, if named
                    parameter = use[3] if use[2:3] == ("key",) else inner.context_parameter
                return CallTarget(
                    inner.method, True, tuple(positional), parameter,
                    satisfied=False, origin=origin,
                    positional_only=kinds.get(parameter) == "P",
                    # (a caller that gives no context: the inner callee gets none either
                    # when it is passed on as it is, and then adds its default)
                    default_grouped=use[2:] == ("default",) or
                    (use[2:] == ("as-is",) and inner.default_grouped),
                    payload_parameter=passed[1] if passed[0] == "param" and
                    kinds.get(passed[1]) != "W" else None)
            if satisfied is None and use[0] == "group":
                satisfied = CallTarget(inner.method, True, tuple(positional), "context",
                                       satisfied=True, origin=origin)
        return satisfied


def _argument_use(call: CallSummary, name: str, signature: tuple[str, ...] | None,
                  kinds: dict[str, str], positional_only: bool = False) -> Use:
    """What ``call`` passes as the parameter ``name`` of a callee with ``signature``
    (which takes it ``positional_only``: a keyword does not reach it)."""
    if name in call.keywords and not positional_only:
        return call.keywords[name]
    if signature is not None and name in signature:
        position = signature.index(name)
        for index, use in enumerate(call.args[:position + 1]):
            if use[0] == "*":
                # ``("*", ARGS)``: the position comes from the caller's ``*ARGS``, which
                # fills every position from here on (a starred argument last)
                return use if len(use) > 1 and index == len(call.args) - 1 else ("?",)
        if position < len(call.args):
            return call.args[position]
    for use in call.spreads:
        if use[0] == "param" and kinds.get(use[1]) == "W":
            return use
    if call.spreads:
        return ("?",)
    return ("nogroup",)


def describe_sym(sym: Sym, depth: int = 0) -> str:
    """What a summary's symbol stands for, as code (for ``explain``)."""
    tag = sym[0] if sym and depth < 8 else "?"
    if tag in ("ref", "mod", "unbound"):
        return str(sym[1])
    if tag in ("func", "class"):
        return f"{'def' if tag == 'func' else 'class'} {sym[1]}"
    if tag == "self":
        return f"a {sym[1]} instance"
    if tag == "attr":
        return f"{describe_sym(sym[1], depth + 1)}.{sym[2]}"
    if tag == "call":
        return f"{describe_sym(sym[1], depth + 1)}()"
    if tag == "typed":
        return f"a value annotated {describe_sym(sym[1], depth + 1)}"
    if tag == "any":
        return " or ".join(describe_sym(s, depth + 1) for s in sym[1])
    return "None" if tag == "none" else "unknown"
