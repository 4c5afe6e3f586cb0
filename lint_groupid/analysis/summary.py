"""What a module defines that matters to other modules, as plain data.

A :class:`ModuleSummary` is computed from one module's tree alone, so it can be
cached by the file's content. Values in it are *symbols*: small tuples that name
things symbolically (an import path, a module-level name, a call of something,
an attribute of something). :mod:`.linking` resolves them across modules.

Symbols::

    ("ref", "a.b.c")        an imported path (absolute)
    ("mod", "name")         a module-level name of this module (bound late)
    ("func", "f" | "C.m")   a function or method defined in this module
    ("class", "C")          a class defined in this module
    ("self", "C")           an instance of this module's class C
    ("attr", sym, "name")   an attribute
    ("call", sym)           the result of calling something
    ("typed", sym)          a value whose annotation is sym (an instance of it)
    ("unbound", "name")     a name bound nowhere (a builtin, or from ``*``)
    ("any", (sym, ...))     one of several bindings
    ("none",)  ("?",)       None; anything else

Argument *uses* say what a call inside a function passes, relative to the
function's own parameters: ``("param", p)`` passes parameter ``p`` on (as is,
``p or {}``, a copy, ``{**p}``, ``**p``); ``("param", p, "as-is")`` passes it
unchanged, never rebound, with a default of ``None`` or ``{}`` (a callee's own
default for a missing context then reaches the callers); ``("param", p,
"default")`` the same,
where a false ``p`` is replaced by a dict with ``groupId`` (``p or {"groupId":
…}``); ``("param", kwargs, "key", k)`` the caller's keyword ``k`` taken from the
function's ``**kwargs`` (``kwargs.pop("k")``); ``("*", args)`` the function's
``*args`` (the caller's positions continue there), ``("*",)`` another starred
argument; ``("group",)`` a dict known to hold ``groupId``; ``("nogroup",)`` a
dict (or ``None``) known not to; ``("?",)``.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Iterator, Sequence
from sys import intern
from typing import TYPE_CHECKING, Any, TypeVar

from .bindings import (
    Annotated,
    Assign,
    Binding,
    Class,
    Function,
    Import,
    Parameter,
    SelfParameter,
)
from .calls import annotation_members, dominates, reaching
from .context import NO_CONTEXT, DictInfo
from .flow import statement_path
from .scopes import CLASS, FUNCTION, MODULE, ModuleIndex, Scope
from .sdk import GROUP_KEY, is_misspelled_group_key
from .syntax import field_default, is_none, is_property, last_name
from .values import ALTERNATE, Record

if TYPE_CHECKING:
    from .calls import Resolver
    from .context import ContextAnalyzer
    from .guards import GuardAnalyzer

Sym = tuple[Any, ...]
Use = tuple[str, ...]
UNKNOWN_SYM: Sym = ("?",)
UNKNOWN_USE: Use = ("?",)
_MAX_DEPTH = 12
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_USE_FORMS = (ast.Name, ast.Dict, ast.IfExp, ast.NamedExpr, ast.BoolOp)


class CallSummary(Record):
    __slots__ = ("args", "callee", "keywords", "line", "spreads")

    def __init__(self, callee: Sym, line: int, args: list[Use], keywords: dict[str, Use],
                 spreads: list[Use]) -> None:
        self.callee = callee
        self.line = line
        self.args = args
        self.keywords = keywords
        self.spreads = spreads  # ``**x`` arguments


class FunctionSummary(Record):
    __slots__ = (
        "calls",
        "classmethod",
        "exits",
        "guard",
        "line",
        "method",
        "never_returns",
        "params",
        "property",
        "returns",
    )

    def __init__(self, line: int, params: list[tuple[str, str]], method: bool,
                 property: bool, returns: list[Sym], calls: list[CallSummary],
                 never_returns: bool = False, guard: Any = None,
                 classmethod: bool = False, exits: list[Sym] | None = None) -> None:
        self.line = line
        # (name, kind): "P" positional-only, "A" positional or keyword, "V" *args,
        # "K" keyword-only, "W" **kwargs
        self.params = params
        self.method = method  # its first parameter is self/cls
        self.property = property
        self.returns = returns
        self.calls = calls  # calls that pass one of its parameters on
        self.never_returns = never_returns  # it always raises or exits
        # the guard formula it returns, as data (guards.formula_to_data)
        self.guard = guard
        self.classmethod = classmethod  # its first parameter is bound on the class too
        # what the calls of its body's own statements call, when it has no ``return``:
        # if one never returns (in another module: the project decides), nor does it
        self.exits: list[Sym] = [] if exits is None else exits


class ClassSummary(Record):
    __slots__ = ("attributes", "bases", "line", "methods")

    def __init__(self, line: int, bases: list[Sym], attributes: dict[str, list[Sym]],
                 methods: dict[str, str]) -> None:
        self.line = line
        self.bases = bases
        self.attributes = attributes
        self.methods = methods  # name -> key in ModuleSummary.functions


class ModuleSummary(Record):
    __slots__ = ("classes", "exports", "functions", "lines", "module", "names", "stars")

    def __init__(self, module: str | None, names: dict[str, list[Sym]] | None = None,
                 lines: dict[str, int] | None = None, stars: list[str] | None = None,
                 functions: dict[str, FunctionSummary] | None = None,
                 classes: dict[str, ClassSummary] | None = None,
                 exports: list[str] | None = None) -> None:
        self.module = module
        self.names: dict[str, list[Sym]] = {} if names is None else names
        # where each name is first bound
        self.lines: dict[str, int] = {} if lines is None else lines
        self.stars: list[str] = [] if stars is None else stars
        self.functions: dict[str, FunctionSummary] = {} if functions is None else functions
        self.classes: dict[str, ClassSummary] = {} if classes is None else classes
        # the names of its ``__all__`` (a literal list or tuple), which ``from m import *``
        # binds; ``None``: no such ``__all__`` (it binds the names without a leading ``_``)
        self.exports = exports

    def star_names(self) -> list[str]:
        """The names ``from this_module import *`` binds (of its own: not those its
        own ``*`` imports pass on)."""
        if self.exports is not None:
            return list(self.exports)
        return [name for name in self.names if not name.startswith("_")]

    def star_binds(self, name: str) -> bool:
        """Can ``from this_module import *`` bind ``name``?"""
        return name in self.exports if self.exports is not None else not name.startswith("_")

    def definitions(self, qualname: str) -> list[FunctionSummary]:
        """Every definition of the function ``qualname``: ``f``, then ``f#1``… of a
        name defined more than once (any may be the one called)."""
        found: list[FunctionSummary] = []
        function = self.functions.get(qualname)
        while function is not None:
            found.append(function)
            function = self.functions.get(f"{qualname}{ALTERNATE}{len(found)}")
        return found

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = _as_data(self)
        return data

    @classmethod
    def from_data(cls, data: Any) -> ModuleSummary:
        """Rebuild a summary from :meth:`to_data`'s output (after JSON); raises
        ``ValueError`` on anything malformed."""
        try:
            return cls(
                module=_optional_str(data["module"]),
                names={_str(k): [_sym(s) for s in v] for k, v in data["names"].items()},
                lines={_str(k): int(v) for k, v in data["lines"].items()},
                stars=[_str(s) for s in data["stars"]],
                functions={_str(k): FunctionSummary(
                    line=int(f["line"]),
                    params=[_shared((_str(n), _str(k2))) for n, k2 in f["params"]],
                    method=bool(f["method"]), property=bool(f["property"]),
                    returns=[_sym(s) for s in f["returns"]],
                    calls=[CallSummary(
                        callee=_sym(c["callee"]), line=int(c["line"]),
                        args=[_use(u) for u in c["args"]],
                        keywords={_str(k3): _use(u) for k3, u in c["keywords"].items()},
                        spreads=[_use(u) for u in c["spreads"]],
                    ) for c in f["calls"]],
                    never_returns=bool(f["never_returns"]),
                    guard=_formula(f["guard"]),
                    classmethod=bool(f["classmethod"]),
                    exits=[_sym(s) for s in f["exits"]],
                ) for k, f in data["functions"].items()},
                classes={_str(k): ClassSummary(
                    line=int(c["line"]),
                    bases=[_sym(s) for s in c["bases"]],
                    attributes={_str(a): [_sym(s) for s in v]
                                for a, v in c["attributes"].items()},
                    methods={_str(m): _str(q) for m, q in c["methods"].items()},
                ) for k, c in data["classes"].items()},
                exports=None if data["exports"] is None else
                [_str(name) for name in data["exports"]],
            )
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            raise ValueError(f"malformed summary: {error}") from None


def _formula(value: Any) -> Any:
    if value is None:
        return None
    from .guards import formula_from_data, formula_to_data

    return formula_to_data(formula_from_data(value))  # validated


def _str(value: Any) -> str:
    """A name from JSON, interned: the same names recur in every summary a run reads,
    and JSON makes a new string of each."""
    if not isinstance(value, str):
        raise ValueError("expected a string")
    return intern(value)


def _optional_str(value: Any) -> str | None:
    return None if value is None else _str(value)


_SYM_ARITY = {"ref": 1, "mod": 1, "func": 1, "class": 1, "self": 1, "attr": 2, "call": 1,
              "typed": 1, "unbound": 1, "any": 1, "none": 0, "?": 0}
_SYM_TAGS = {tag: tag for tag in _SYM_ARITY}  # one string of each


def _sym(value: Any, depth: int = 0) -> Sym:
    """A symbol from JSON (lists become tuples), validated; one object for equal
    symbols (see ``_shared``)."""
    if depth > 64 or not isinstance(value, (list, tuple)) or not value:
        raise ValueError("malformed symbol")
    tag = _SYM_TAGS.get(value[0]) if isinstance(value[0], str) else None
    if tag is None or len(value) != _SYM_ARITY[tag] + 1:
        raise ValueError("malformed symbol")
    symbol: Sym
    if tag in ("attr", "call", "typed"):
        inner = _sym(value[1], depth + 1)
        symbol = (tag, inner, _str(value[2])) if tag == "attr" else (tag, inner)
    elif tag == "any":
        symbol = (tag, tuple(_sym(v, depth + 1) for v in value[1]))
    else:
        symbol = (tag, *(_str(v) for v in value[1:]))
    return _shared(symbol)


# the shapes of a use (see ``Summarizer.use``): its tag, and the lengths it comes in
_USE_SHAPES = {"param": (2, 3, 4), "group": (1,), "nogroup": (1,), "?": (1,), "*": (1, 2)}


def _use(value: Any) -> Use:
    if not isinstance(value, (list, tuple)) or not value or \
            len(value) not in _USE_SHAPES.get(value[0], ()) or \
            (len(value) == 3 and value[2] not in ("default", "as-is")) or \
            (len(value) == 4 and value[2] != "key"):
        raise ValueError("malformed use")
    return _shared(tuple(_str(v) for v in value))


_T = TypeVar("_T")
# the symbols, uses and parameters of the summaries made or read in this process, one
# object each: the same ones recur in every summary (a run keeps thousands), and JSON
# makes new lists of each. It grows with the process (a run, or a flake8 worker),
# as the summaries it serves do.
_SHARED: dict[Any, Any] = {}


def _shared(value: _T) -> _T:
    found: _T = _SHARED.setdefault(value, value)
    return found


_V = TypeVar("_V")


class _OnDemand(dict[str, _V]):
    """A table whose entries are made when ``get`` first asks for them."""

    def __init__(self, make: Callable[[str], None]) -> None:
        super().__init__()
        self._make = make
        self._asked: set[str] = set()

    def get(self, key: str, default: Any = None, /) -> Any:
        if key not in self._asked and not dict.__contains__(self, key):
            try:
                self._make(key)
            finally:
                self._asked.add(key)
        return dict.get(self, key, default)


# -- building a summary ----------------------------------------------------------


class Summarizer:
    """Builds the summary of a module from its walked :class:`ModuleIndex`."""

    def __init__(self, index: ModuleIndex, resolver: Resolver,
                 analyzer: ContextAnalyzer, guards: GuardAnalyzer | None = None) -> None:
        self.index = index
        self.resolver = resolver
        self.analyzer = analyzer
        self.guards = guards  # what its functions mean to a guard (exits, guard helpers)
        self._active: set[int] = set()
        self._module_body: frozenset[int] | None = None

    def summarize(self, on_demand: Callable[[], None] | None = None) -> ModuleSummary:
        """The module's summary. With ``on_demand``, its functions and classes are
        summarised when first asked for (the summary of the module being checked: the
        linker asks about a few of them; not for the cache); ``on_demand`` is called
        when one is asked for while it is being summarised (the answer is not final)."""
        index = self.index
        module = index.module
        summary = ModuleSummary(index.module_name, stars=list(index.star_imports),
                                exports=_exports(index.module))
        if on_demand is not None:
            defining: set[str] = set()

            def maker(define: Callable[[str, ModuleSummary], None]) -> Callable[[str], None]:
                def make(key: str) -> None:
                    if key in defining:
                        on_demand()
                        return
                    defining.add(key)
                    try:
                        define(key, summary)
                    finally:
                        defining.discard(key)
                return make

            # (a method alone, when it is asked for: a class may have hundreds)
            summary.functions = _OnDemand(maker(self._define_function))
            summary.classes = _OnDemand(maker(self._define_class))
        for name, bindings in module.bindings.items():
            # ``analytics = analytics`` re-binds what the name already held
            bindings = [b for b in bindings if not (
                isinstance(b, Assign) and isinstance(b.value, ast.Name) and
                b.value.id == name)] or bindings
            # importers see the module as it is at its end
            summary.names[name] = [self._binding(b, module, 0)
                                   for b in _visible(bindings, self._module_statements())]
            summary.lines[name] = getattr(bindings[0].node, "lineno", 0)
            if on_demand is None:
                self._define(name, summary)
        return summary

    def _define(self, name: str, summary: ModuleSummary) -> None:
        """Summarise the module's function or class ``name`` (its methods too)."""
        bindings = self.index.module.bindings.get(name, [])
        self._store_functions(summary, name, bindings, self._module_statements())
        for binding in bindings:
            if isinstance(binding, Class) and binding.scope is not None:
                self._class(name, binding.scope, summary)

    def _define_function(self, key: str, summary: ModuleSummary) -> None:
        """Summarise the function ``key``: a module's function, or ``Class.method``."""
        key = key.partition(ALTERNATE)[0]  # (stored with the first definition)
        name, _, method = key.partition(".")
        bindings = self.index.module.bindings.get(name, [])
        if not method:
            self._store_functions(summary, key, bindings, self._module_statements())
            return
        for binding in bindings:
            if isinstance(binding, Class) and binding.scope is not None:
                self.index.ensure_walked(binding.scope)
                self._store_functions(summary, key, binding.scope.bindings.get(method, []),
                                      _statements(binding.scope.node))

    def _module_statements(self) -> frozenset[int]:
        if self._module_body is None:
            self._module_body = _statements(self.index.module.node)
        return self._module_body

    def _store_functions(self, summary: ModuleSummary, key: str, bindings: list[Binding],
                         body: frozenset[int]) -> None:
        """Summarise the definitions among ``bindings`` that code after the block of
        ``body`` may call, under ``key`` (see :func:`_store`)."""
        functions = [b for b in _visible(bindings, body) if isinstance(b, Function)]
        if functions:
            _store(summary, key, [self._function(b) for b in functions])

    def _define_class(self, name: str, summary: ModuleSummary) -> None:
        """Summarise the class ``name``, but not its methods."""
        for binding in self.index.module.bindings.get(name, ()):
            if isinstance(binding, Class) and binding.scope is not None:
                self._class(name, binding.scope, summary, methods=False)

    # -- definitions -----------------------------------------------------------

    def _function(self, binding: Function) -> FunctionSummary:
        scope = binding.scope
        self.index.ensure_walked(scope)
        node = binding.node
        arguments = node.args
        params: list[tuple[str, str]] = [(a.arg, "P") for a in arguments.posonlyargs]
        params += [(a.arg, "A") for a in arguments.args]
        if arguments.vararg is not None:
            params.append((arguments.vararg.arg, "V"))
        params += [(a.arg, "K") for a in arguments.kwonlyargs]
        if arguments.kwarg is not None:
            params.append((arguments.kwarg.arg, "W"))
        method = bool(params) and params[0][1] in "PA" and any(
            isinstance(b, SelfParameter) for b in scope.bindings.get(params[0][0], ()))
        returns = [self.of(value, scope, 0) for value in scope.returns]
        if not isinstance(node, ast.Lambda) and node.returns is not None:
            returns.append(self.typed(node.returns, scope.parent or scope, 0))
        never_returns = False
        guard = None
        if self.guards is not None:
            from .guards import formula_to_data

            never_returns = self.guards.same_file.function_never_returns(scope)
            formula = self.guards.same_file.function_formula(scope)
            guard = formula_to_data(formula) if formula is not None else None
        exits: list[Sym] = []
        if not never_returns and isinstance(node, ast.FunctionDef) and \
                not node.decorator_list and not any(
                    isinstance(n, (ast.Return, ast.Yield, ast.YieldFrom))
                    for statement in node.body for n in _own_nodes(statement)):
            # (a name of the module's or an import's: not a method of ``self``, which a
            # subclass may override)
            exits = [self.of(statement.value.func, scope, 0) for statement in node.body
                     if isinstance(statement, ast.Expr) and
                     isinstance(statement.value, ast.Call) and
                     self._global_callee(statement.value.func, scope)]
        return FunctionSummary(
            line=getattr(node, "lineno", 0), params=params, method=method,
            property=is_property(scope), returns=returns, calls=self._calls(node, scope, params),
            never_returns=never_returns, guard=guard,
            classmethod=method and any(last_name(d) == "classmethod" for d in scope.decorators),
            exits=exits)

    def _global_callee(self, func: ast.expr, scope: Scope) -> bool:
        """``func`` is a name (or an attribute of one) that the function does not bind
        itself: a module-level function, or one of an imported module's."""
        root = func
        while isinstance(root, ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name):
            return False
        owner = self.resolver.lookup(root.id, scope)
        return owner is None or owner.kind == MODULE

    def _class(self, name: str, scope: Scope, summary: ModuleSummary,
               methods: bool = True) -> None:
        """Summarise the class ``name``, and its methods unless not ``methods``."""
        self.index.ensure_walked(scope)
        node = scope.node
        assert isinstance(node, ast.ClassDef)
        module = self.index.module
        cls = ClassSummary(line=node.lineno, bases=[self.of(b, module, 0) for b in node.bases],
                           attributes={}, methods={})
        body = _statements(node)
        for attribute, bindings in scope.bindings.items():
            if any(isinstance(b, Function) for b in bindings):
                qualname = f"{name}.{attribute}"
                cls.methods[attribute] = qualname
                if methods:
                    self._store_functions(summary, qualname, bindings, body)
            for binding in bindings:
                if not isinstance(binding, Function):
                    # ``analytics = analytics`` reads the module's name (as the resolver)
                    cls.attributes.setdefault(attribute, []).append(self._binding(
                        binding, self.resolver.rebound_from(binding, attribute, scope), 0))
        self.resolver.walk_methods(scope)
        for attribute, stores in scope.attributes.items():
            for value, store_scope in stores:
                cls.attributes.setdefault(attribute, []).append(self.of(value, store_scope, 0))
        summary.classes[name] = cls

    def _calls(self, node: ast.AST, scope: Scope,
               params: list[tuple[str, str]]) -> list[CallSummary]:
        """Calls in the function's own body that pass one of its parameters on."""
        names = {name for name, _ in params}
        if not names:
            return []
        # and the locals made from them (``ctx = dict(context or {})``)
        for _ in range(4):
            derived = {local for local, bindings in scope.bindings.items()
                       if local not in names and any(
                           isinstance(b, Assign) and _mentions_any(b.value, names)
                           for b in bindings)}
            if not derived:
                break
            names |= derived
        calls: list[CallSummary] = []
        home = scope.statement_scope()
        stack: list[tuple[ast.AST, tuple[ast.AST, ...]]] = [
            (child, (node,)) for child in _body_of(node)]
        while stack:
            current, ancestors = stack.pop()
            if isinstance(current, _NESTED):
                continue
            if isinstance(current, ast.Call) and _passes_any(current, names):
                path = statement_path(ancestors, home.node)
                site = (*ancestors, current)
                summary = CallSummary(
                    callee=UNKNOWN_SYM, line=current.lineno,
                    args=[self.use(a, scope, path, params, names, site)
                          for a in current.args],
                    keywords={k.arg: self.use(k.value, scope, path, params, names, site)
                              for k in current.keywords if k.arg is not None},
                    spreads=[])
                for keyword in current.keywords:
                    if keyword.arg is not None:
                        continue
                    # ``**message``: the entries of a dict the context analysis reads
                    # are keywords (``"context": context`` passes the parameter on), as
                    # when the context is read at the call; its other keys, a spread
                    entries, complete = self._entries(keyword.value, scope, path)
                    for key, value in entries.items():
                        summary.keywords.setdefault(
                            key, self.use(value, scope, path, params, names, site))
                    if not complete:
                        summary.spreads.append(self.use(keyword.value, scope, path, params,
                                                        names, site, spread=True))
                uses = [*summary.args, *summary.keywords.values(), *summary.spreads]
                # only a call that passes a parameter on, or a dict with groupId, can
                # make this function a wrapper
                if any(use[0] in ("param", "group") or (use[:1] == ("*",) and len(use) > 1)
                       for use in uses):
                    summary.callee = self.of(current.func, scope, 0)
                    calls.append(summary)
            inner = (*ancestors, current)
            stack.extend((child, inner) for child in ast.iter_child_nodes(current))
        calls.sort(key=lambda c: c.line)
        return calls

    # -- argument uses -----------------------------------------------------------

    def use(self, expr: ast.expr, scope: Scope, path: Any, params: list[tuple[str, str]],
            names: set[str], site: Sequence[ast.AST] = (), spread: bool = False) -> Use:
        if isinstance(expr, ast.Starred):
            # positions after it are unknown, unless it passes on the function's own
            # ``*args`` (the caller's positions then continue there)
            star = expr.value
            if isinstance(star, ast.Name) and (star.id, "V") in params and \
                    self._only_a_parameter(star, scope):
                return ("*", star.id)
            return ("*",)
        if not spread and _mentions_any(expr, names):
            kwargs = next((name for name, kind in params if kind == "W"), None)
            key = kwargs_entry(expr, scope, self.resolver, kwargs, site,
                               {name for name, _ in params})
            if key is not None:
                assert kwargs is not None
                return ("param", kwargs, "key", key)
        if not _is_use_form(expr) or not _mentions_any(expr, names):
            return UNKNOWN_USE  # neither a parameter passed on nor one with groupId added
        value: Any = None
        if not spread:
            # a parameter never assigned in the function has no dict the flow of its
            # locals could find (its value comes from the caller): not worth that flow
            value = UNKNOWN_USE if self._only_a_parameter(expr, scope) else \
                self.analyzer.evaluate(expr, scope, path)
            entry = value.entries.get(GROUP_KEY) if isinstance(value, DictInfo) else None
            if entry is not None and not entry.empty:
                return ("group",)  # the wrapper adds groupId itself
        parameter = parameter_passed(expr, scope, {n for n, _ in params}, self.resolver,
                                     site=site, lacks_group=self.analyzer.lacks_group(scope, path))
        if parameter is not None:
            node = scope.function_scope().node
            if spread and dict(params).get(parameter) == "W" and changes_dict(node, parameter):
                return UNKNOWN_USE  # its ``**kwargs``, with entries it sets itself
            if not spread and self._defaults_with_group(expr, parameter, scope, path, site):
                return ("param", parameter, "default")
            if self._as_is(expr, parameter, scope, dict(params)):
                return ("param", parameter, "as-is")
            return ("param", parameter)
        if spread:
            return UNKNOWN_USE
        if isinstance(value, DictInfo):
            if not value.may_hold(GROUP_KEY) and not value.may_be_none:
                return ("nogroup",)
        elif value is NO_CONTEXT:
            return ("nogroup",)
        return UNKNOWN_USE

    def _entries(self, expr: ast.expr, scope: Scope, path: Any
                 ) -> tuple[dict[str, ast.expr], bool]:
        """The keys the dict ``expr`` surely holds with their values, and whether it
        holds nothing else."""
        value = self.analyzer.evaluate(expr, scope, path)
        if not isinstance(value, DictInfo) or value.may_be_none:
            return {}, False
        entries = {key: entry.value for key, entry in value.entries.items()
                   if entry.value is not None}
        return entries, value.complete and not value.maybe and \
            len(entries) == len(value.entries)

    def _as_is(self, expr: ast.expr, parameter: str, scope: Scope,
               kinds: dict[str, str]) -> bool:
        """``expr`` is the parameter itself, never rebound, holding what the caller gave
        or nothing: its default is ``None`` or ``{}`` (a ``**kwargs`` the function does
        not change). A callee's default for a missing context then applies to this
        function's callers too."""
        if not (isinstance(expr, ast.Name) and expr.id == parameter and
                self._only_a_parameter(expr, scope)):
            return False
        node = scope.function_scope().node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        if kinds.get(parameter) == "W":
            return not changes_dict(node, parameter)
        arguments = node.args
        positional = [*arguments.posonlyargs, *arguments.args]
        defaults: dict[str, ast.expr | None] = dict(zip(
            (a.arg for a in positional[len(positional) - len(arguments.defaults):]),
            arguments.defaults))
        defaults.update((a.arg, d) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults))
        default = defaults.get(parameter)
        return default is None or is_none(default) or _is_empty_dict(default)

    def _defaults_with_group(self, expr: ast.expr, parameter: str, scope: Scope,
                             path: Any, site: Sequence[ast.AST]) -> bool:
        """Is ``expr`` the parameter or, where it is not given (false), a dict with
        ``groupId``: ``p or {"groupId": …}``, or a local bound once to that (``p = p
        or {…}``) on every path to the call? A caller that gives no context then gets
        one with the key."""
        if isinstance(expr, ast.Name) and expr.id == parameter:
            value = sole_value(expr, scope, self.resolver, site, besides_parameter=True)
            if value is None:
                return False
            expr = value
        if not (isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or) and
                len(expr.values) == 2 and isinstance(expr.values[0], ast.Name) and
                expr.values[0].id == parameter):
            return False
        default = self.analyzer.evaluate(expr.values[1], scope, path)
        entry = default.entries.get(GROUP_KEY) if isinstance(default, DictInfo) else None
        return entry is not None and not entry.empty

    def _only_a_parameter(self, expr: ast.expr, scope: Scope) -> bool:
        if not isinstance(expr, ast.Name):
            return False
        owner = self.resolver.lookup(expr.id, scope)
        bindings = owner.bindings.get(expr.id, ()) if owner is not None else ()
        return bool(bindings) and all(isinstance(b, (Parameter, SelfParameter))
                                      for b in bindings)

    # -- symbols ----------------------------------------------------------------

    def of(self, expr: ast.expr, scope: Scope, depth: int) -> Sym:
        if depth > _MAX_DEPTH or id(expr) in self._active:
            return UNKNOWN_SYM
        self._active.add(id(expr))
        try:
            return _shared(self._of(expr, scope, depth))
        finally:
            self._active.discard(id(expr))

    def _of(self, expr: ast.expr, scope: Scope, depth: int) -> Sym:
        if isinstance(expr, ast.Name):
            return self._name(expr.id, scope, depth)
        if isinstance(expr, ast.Attribute):
            return ("attr", self.of(expr.value, scope, depth + 1), expr.attr)
        if isinstance(expr, ast.Call):
            base = self.resolver.super_base(expr, scope)
            if base is not None:  # ``super()`` in a method: an instance of its first base
                class_scope, base_expr = base
                return ("call", self.of(base_expr, class_scope.parent or class_scope,
                                        depth + 1))
            default = field_default(expr)
            if default is not None:  # dataclasses.field(default=…/default_factory=…)
                value, is_factory = default
                inner = self.of(value, scope, depth + 1)
                return ("call", inner) if is_factory else inner
            made = self._class_of_cls(expr.func, scope)
            if made is not None:  # ``cls(…)`` in a classmethod: an instance of the class
                return ("call", ("class", made))
            return ("call", self.of(expr.func, scope, depth + 1))
        if isinstance(expr, ast.Constant) and expr.value is None:
            return ("none",)
        if isinstance(expr, ast.IfExp):
            return _any([self.of(expr.body, scope, depth + 1),
                         self.of(expr.orelse, scope, depth + 1)])
        if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
            return _any([self.of(v, scope, depth + 1) for v in expr.values])
        if isinstance(expr, ast.NamedExpr):
            return self.of(expr.value, scope, depth + 1)
        if isinstance(expr, ast.Await):
            return self.of(expr.value, scope, depth + 1)
        return UNKNOWN_SYM

    def _class_of_cls(self, func: ast.expr, scope: Scope) -> str | None:
        """The class whose classmethod's first parameter ``func`` is (else ``None``)."""
        if not isinstance(func, ast.Name):
            return None
        owner = self.resolver.lookup(func.id, scope)
        if owner is None or not any(last_name(d) == "classmethod" for d in owner.decorators):
            return None
        bindings = owner.bindings.get(func.id, ())
        if len(bindings) != 1 or not isinstance(bindings[0], SelfParameter):
            return None
        return _class_qualname(bindings[0].cls)

    def _name(self, name: str, scope: Scope, depth: int) -> Sym:
        owner = self.resolver.lookup(name, scope)
        if owner is None:
            return ("unbound", name)
        if owner.kind == MODULE:
            return ("mod", name)
        return _any([self._binding(b, owner, depth + 1) for b in owner.bindings[name]])

    def _binding(self, binding: Binding, owner: Scope, depth: int) -> Sym:
        if isinstance(binding, Import):
            return ("ref", binding.qualname)
        if isinstance(binding, Assign):
            value = self.of(binding.value, owner, depth)
            if binding.annotation is not None:
                return _any([value, self.typed(binding.annotation, owner, depth)])
            return value
        if isinstance(binding, Annotated):
            return self.typed(binding.annotation, owner, depth)
        if isinstance(binding, Parameter):
            return self.typed(binding.annotation, owner.parent or owner, depth) \
                if binding.annotation is not None else UNKNOWN_SYM
        if isinstance(binding, SelfParameter):
            qualname = _class_qualname(binding.cls)
            return ("self", qualname) if qualname else UNKNOWN_SYM
        if isinstance(binding, Function):
            qualname = _function_qualname(binding.scope)
            return ("func", qualname) if qualname else UNKNOWN_SYM
        if isinstance(binding, Class):
            return ("class", binding.node.name) if owner.kind == MODULE else UNKNOWN_SYM
        return UNKNOWN_SYM

    def typed(self, annotation: ast.expr, scope: Scope, depth: int) -> Sym:
        """An instance of what ``annotation`` names (``Optional[X]``, ``X | None``,
        ``"X"``, ``Annotated[X, …]`` included)."""
        if depth > _MAX_DEPTH:
            return UNKNOWN_SYM
        members = annotation_members(annotation)
        if not members:
            return UNKNOWN_SYM
        return _any([("typed", self.of(member, scope, depth + 1)) for member in members])


def parameter_passed(expr: ast.expr, scope: Scope, names: set[str], resolver: Resolver,
                     depth: int = 0, site: Sequence[ast.AST] = (),
                     lacks_group: Callable[[ast.expr], bool] | None = None) -> str | None:
    """The parameter ``expr`` passes on, its ``groupId`` (or its absence) unchanged:
    ``p``, ``p or {}``, ``dict(p)``, ``p.copy()``, ``copy.deepcopy(p)``, ``{**p}``, a
    merge with keys or dicts that hold no ``groupId`` (``{**DEFAULTS, **(p or {})}``,
    ``dict(p, library=…)``: what ``lacks_group`` says of a dict), or a local assigned
    one of those; a local that is the parameter or, where it was not given, an empty
    dict (``if p is None: p = {}``) passes it too. ``site``: the ancestors of the load
    (only the bindings that can reach it count)."""
    if depth > 4:
        return None

    def again(inner: ast.expr) -> str | None:
        return parameter_passed(inner, scope, names, resolver, depth + 1, site, lacks_group)

    if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
        return again(expr.values[0])
    if isinstance(expr, ast.IfExp):
        # ``dict(p) if p else {}``, ``p if p is not None else {}``: ``p or {}`` spelled out
        branches = {again(branch) for branch in (expr.body, expr.orelse)
                    if not _is_empty_dict(branch) and not is_none(branch)}
        return branches.pop() if len(branches) == 1 else None
    if isinstance(expr, ast.Call):
        func, arguments = expr.func, expr.args
        if isinstance(func, ast.Name) and func.id == "dict" and len(arguments) == 1:
            return _merged(again(arguments[0]), [], expr.keywords, lacks_group)
        copied = _copied(func, arguments)
        return again(copied) if copied is not None else None
    if isinstance(expr, ast.Dict):
        spreads = [(v, again(v)) for k, v in zip(expr.keys, expr.values) if k is None]
        passed = {found for _, found in spreads if found is not None}
        return _merged(passed.pop() if len(passed) == 1 else None,
                       [v for v, found in spreads if found is None],
                       [k for k in expr.keys if k is not None], lacks_group)
    if not isinstance(expr, ast.Name):
        return None
    owner = resolver.lookup(expr.id, scope)
    if owner is None or owner.kind != FUNCTION:
        return None
    bindings = owner.bindings[expr.id]
    is_parameter = expr.id in names and owner is scope.function_scope()
    if site and len(bindings) > 1 and owner is scope.statement_scope():
        bindings = reaching(bindings, site)
    found: set[str | None] = set()
    for binding in bindings:
        if isinstance(binding, Parameter):
            found.add(expr.id if is_parameter else None)
        elif not isinstance(binding, Assign):
            return None
        elif is_parameter and isinstance(binding.value, ast.BoolOp) and \
                isinstance(binding.value.op, ast.Or) and \
                isinstance(binding.value.values[0], ast.Name) and \
                binding.value.values[0].id == expr.id:
            found.add(expr.id)  # ``p = p or {}``: the parameter as it was given
        elif not (is_parameter and _is_empty_dict(binding.value)):
            found.add(parameter_passed(binding.value, owner, names, resolver, depth + 1,
                                       lacks_group=lacks_group))
    return found.pop() if len(found) == 1 else None


def sole_value(name: ast.Name, scope: Scope, resolver: Resolver, site: Sequence[ast.AST],
               besides_parameter: bool = False) -> ast.expr | None:
    """The value of the one assignment that binds the local ``name`` (besides the
    parameter of that name, if ``besides_parameter``) and runs before the load at
    ``site`` on every path; ``None`` if there is not exactly one such."""
    owner = resolver.lookup(name.id, scope)
    bindings = [b for b in (owner.bindings.get(name.id, ()) if owner is not None else ())
                if not (besides_parameter and isinstance(b, Parameter))]
    if len(bindings) != 1 or not isinstance(bindings[0], Assign) or \
            owner is not scope.statement_scope() or not dominates(bindings[0].node, site):
        return None
    return bindings[0].value


def kwargs_entry(expr: ast.expr, scope: Scope, resolver: Resolver, kwargs: str | None,
                 site: Sequence[ast.AST], named: Collection[str] = ()) -> str | None:
    """KEY, when ``expr`` passes the caller's keyword KEY on as it is, from the
    function's own ``**kwargs``: ``kwargs.pop("KEY")``, ``kwargs.get("KEY")`` (with no
    default, or ``None``), ``kwargs["KEY"]``, or a local bound once to one of those
    on every path to the call (``site``). The summaries (a wrapper's callers are
    checked) and the file's own checker (the wrapper's SDK call is not) ask this
    one question. A key that is also one of its ``named`` parameters never comes in
    ``**kwargs``."""
    if kwargs is None:
        return None
    if isinstance(expr, ast.Name):
        value = sole_value(expr, scope, resolver, site)
        if value is None:
            return None
        expr = value
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and \
            expr.func.attr in ("pop", "get") and 1 <= len(expr.args) <= 2 and \
            not expr.keywords and (len(expr.args) == 1 or is_none(expr.args[1])):
        holder, key = expr.func.value, expr.args[0]
    elif isinstance(expr, ast.Subscript):
        holder, key = expr.value, expr.slice
    else:
        return None
    if not (isinstance(holder, ast.Name) and holder.id == kwargs and
            isinstance(key, ast.Constant) and isinstance(key.value, str)) or \
            key.value in named:
        return None
    owner = resolver.lookup(kwargs, scope)
    bindings = owner.bindings.get(kwargs, ()) if owner is not None else ()
    if not bindings or not all(isinstance(b, Parameter) for b in bindings):
        return None  # (``kwargs`` rebound in the function)
    return key.value


def _merged(passed: str | None, spreads: list[ast.expr], keys: list[Any],
            lacks_group: Callable[[ast.expr], bool] | None) -> str | None:
    """``passed`` merged with the dicts ``spreads`` and the ``keys`` (dict keys, or a
    call's keywords): still ``passed`` when none of them can bring a ``groupId``."""
    if passed is None:
        return None
    for key in keys:
        if isinstance(key, ast.keyword) and key.arg is None:
            spreads = [*spreads, key.value]  # ``dict(p, **extra)``
            continue
        name = key.arg if isinstance(key, ast.keyword) else \
            key.value if isinstance(key, ast.Constant) else None
        if not isinstance(name, str) or name == GROUP_KEY or is_misspelled_group_key(name):
            return None
    if spreads and (lacks_group is None or not all(map(lacks_group, spreads))):
        return None
    return passed


def _copied(func: ast.expr, arguments: list[ast.expr]) -> ast.expr | None:
    """What a call of ``func`` copies: ``x`` of ``x.copy()``, ``copy.copy(x)``,
    ``copy.deepcopy(x)``, ``deepcopy(x)``."""
    if isinstance(func, ast.Attribute):
        if func.attr == "copy" and not arguments:
            return func.value
        if func.attr in ("copy", "deepcopy") and len(arguments) == 1 and \
                isinstance(func.value, ast.Name) and func.value.id == "copy":
            return arguments[0]
    elif isinstance(func, ast.Name) and func.id == "deepcopy" and len(arguments) == 1:
        return arguments[0]
    return None


def _is_empty_dict(expr: ast.expr) -> bool:
    return (isinstance(expr, ast.Dict) and not expr.keys) or (
        isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and
        expr.func.id == "dict" and not expr.args and not expr.keywords)


def _any(syms: list[Sym]) -> Sym:
    unique: list[Sym] = []
    for sym in syms:
        members = sym[1] if sym[0] == "any" else (sym,)
        for member in members:
            if member not in unique:
                unique.append(member)
    if len(unique) == 1:
        return unique[0]
    return ("any", tuple(unique[:8]))


def _class_qualname(scope: Scope) -> str | None:
    parent = scope.parent
    return scope.name if scope.kind == CLASS and parent is not None and \
        parent.kind == MODULE else None


def _exports(module: Scope) -> list[str] | None:
    """The names of the module's ``__all__`` when it is one literal list or tuple of
    strings, bound once."""
    bindings = module.bindings.get("__all__", [])
    if len(bindings) != 1 or not isinstance(bindings[0], Assign):
        return None
    value = bindings[0].value
    if not isinstance(value, (ast.List, ast.Tuple)):
        return None
    names = [e.value for e in value.elts
             if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return names if len(names) == len(value.elts) else None


def _function_qualname(scope: Scope) -> str | None:
    parent = scope.parent
    if parent is None:
        return None
    if parent.kind == MODULE:
        return scope.name
    owner = _class_qualname(parent)
    return f"{owner}.{scope.name}" if owner else None


def _body_of(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.Lambda):
        return [node.body]
    return list(getattr(node, "body", []))


def _passes_any(call: ast.Call, names: set[str]) -> bool:
    arguments = [*call.args, *(k.value for k in call.keywords)]
    return any(_is_use_form(argument) and _mentions_any(argument, names)
               for argument in arguments) or \
        any(isinstance(argument, ast.Starred) and isinstance(argument.value, ast.Name) and
            argument.value.id in names for argument in call.args) or \
        any(_holder(argument) in names for argument in arguments)  # ``kwargs.pop("context")``


def _own_nodes(node: ast.AST) -> Iterator[ast.AST]:
    """``node`` and what it holds, but not the inside of nested functions or classes."""
    pending = [node]
    while pending:
        current = pending.pop()
        yield current
        pending.extend(child for child in ast.iter_child_nodes(current)
                       if not isinstance(child, _NESTED))


def changes_dict(function: ast.AST, name: str, key: str = "context") -> bool:
    """May ``function`` change the entry ``key`` of the dict ``name`` (``kwargs[key] =
    v``, ``del kwargs[key]``, ``kwargs.setdefault(key, …)``, ``kwargs.update(…)``,
    ``kwargs |= …``; another constant key does not count)?"""
    def names_key(argument: ast.expr | None) -> bool:
        return not (isinstance(argument, ast.Constant) and argument.value != key)

    for node in ast.walk(function):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and \
                node.value.id == name and not isinstance(node.ctx, ast.Load) and \
                names_key(node.slice):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                isinstance(node.func.value, ast.Name) and node.func.value.id == name:
            method = node.func.attr
            if method in ("setdefault", "pop", "__setitem__", "__delitem__") and \
                    names_key(node.args[0] if node.args else None):
                return True
            if method == "update" and (node.args or any(
                    k.arg is None or k.arg == key for k in node.keywords)):
                return True
            if method in ("popitem", "clear"):
                return True
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and \
                node.target.id == name:
            return True
    return False


def _holder(expr: ast.expr) -> str | None:
    """The name ``expr`` reads an entry of (``kwargs.pop(…)``, ``kwargs[…]``), if any."""
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
        expr = expr.func.value
    elif isinstance(expr, ast.Subscript):
        expr = expr.value
    else:
        return None
    return expr.id if isinstance(expr, ast.Name) else None


def _is_use_form(expr: ast.expr) -> bool:
    """Can an argument of this form pass a parameter on, or a dict (the forms
    :func:`parameter_passed` and the context analysis read)? Any other (an
    attribute, a subscript, another call…) is an unknown use whatever it mentions."""
    if isinstance(expr, ast.Call):
        func = expr.func
        return (isinstance(func, ast.Name) and func.id == "dict") or \
            _copied(func, expr.args) is not None
    return isinstance(expr, _USE_FORMS)


def _mentions_any(node: ast.AST, names: set[str]) -> bool:
    return any(isinstance(inner, ast.Name) and inner.id in names for inner in ast.walk(node))



def _statements(block: ast.AST) -> frozenset[int]:
    """The statements of a module's or a class's own body (not under an ``if``/``try``)."""
    return frozenset(id(statement) for statement in getattr(block, "body", ()))


def _visible(bindings: list[Binding], body: frozenset[int]) -> list[Binding]:
    """The bindings of a name that code after a block (``body``: its statements) may
    see: one in the body itself hides those before it."""
    last = max((i for i, b in enumerate(bindings) if id(b.node) in body), default=0)
    return bindings[last:]


def _store(summary: ModuleSummary, key: str, definitions: list[FunctionSummary]) -> None:
    """Store the definitions of one name that may be the one called (``if KEY: def f``
    … ``else: def f``, a stub under ``except ImportError:``): the one that says most
    under ``key`` (a wrapper over a stub, a guard helper over a fallback; among equals
    the last), the others under ``key#1``, ``key#2``… which the linker also asks
    whether they are wrappers (SPEC: a name is an analytics object when any binding
    that can reach the call is one)."""
    ordered = sorted(reversed(definitions), reverse=True,
                     key=lambda d: (bool(d.calls), d.guard is not None, bool(d.returns)))
    summary.functions[key] = ordered[0]
    for number, definition in enumerate(ordered[1:], 1):
        summary.functions[f"{key}{ALTERNATE}{number}"] = definition


def _as_data(value: Any) -> Any:
    """A summary as plain data: its records as dicts of their fields, recursively."""
    if isinstance(value, Record):
        return {name: _as_data(item) for name, item in value._asdict().items()}
    if isinstance(value, dict):
        return {key: _as_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_as_data(item) for item in value)
    return value
