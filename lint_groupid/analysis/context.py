"""Does a call's context hold ``groupId``? A local, sound dict analysis.

The answer for an expression is a :class:`DictInfo` (the keys it is known to
hold, and whether those are all of them), ``NO_CONTEXT`` (``None``), or
``UNKNOWN``: anything the analysis cannot see is unknown, never a finding.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable, Sequence
from typing import Union

from ..positions import first_line
from .calls import Resolver
from .flow import StatementPath, block_field
from .scopes import FUNCTION, MODULE, Scope
from .sdk import GROUP_KEY, SDK_METHODS, is_misspelled_group_key
from .syntax import last_name
from .values import UNKNOWN, Marker, Record, Unbound


class Entry(Record):
    """A key a dict surely holds."""

    __slots__ = ("empty", "key", "key_node", "other_key_nodes", "replaced", "value")

    def __init__(self, key: str, key_node: ast.AST, value: ast.expr | None,
                 empty: bool = False, other_key_nodes: tuple[ast.AST, ...] = (),
                 replaced: bool = False) -> None:
        self.key = key
        self.key_node = key_node  # where the key is written (a string, a keyword, a subscript)
        self.value = value  # None when the value is not known
        self.empty = empty  # the value is None or ""
        # ``a if c else b``: where the other branches write the same key
        self.other_key_nodes = other_key_nodes
        # an empty value that something after it (a spread, a key or an update the
        # analysis cannot read) may replace: not decisive, so the value is unknown
        self.replaced = replaced

    def replaceable(self) -> Entry:
        return self._replace(replaced=True) if self.empty else self


class DictInfo:
    """What the analysis knows of a dict."""

    __slots__ = ("complete", "entries", "may_be_none", "maybe")

    def __init__(self, entries: dict[str, Entry] | None = None, complete: bool = True,
                 maybe: frozenset[str] = frozenset(), may_be_none: bool = False) -> None:
        self.entries = {} if entries is None else entries  # keys it surely holds
        self.complete = complete  # it holds no key beyond ``entries`` and ``maybe``
        self.maybe = maybe  # keys it may or may not hold
        self.may_be_none = may_be_none  # ``a if c else None``: the context itself may be None

    def _values(self) -> tuple[object, ...]:
        return self.entries, self.complete, self.maybe, self.may_be_none

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DictInfo) and self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]  # (it changes)

    def __repr__(self) -> str:
        return f"DictInfo{self._values()!r}"

    def merged(self, other: DictInfo) -> DictInfo:
        """``{**self, **other}``: ``other`` may replace what it may hold."""
        entries = {
            key: entry.replaceable() if other.may_hold(key) else entry
            for key, entry in self.entries.items()
        }
        entries.update(other.entries)
        return DictInfo(entries, self.complete and other.complete,
                        (self.maybe | other.maybe) - other.entries.keys())

    def copy(self) -> DictInfo:
        return DictInfo(dict(self.entries), self.complete, self.maybe, self.may_be_none)

    def incomplete(self, replacing: bool = True) -> DictInfo:
        """It may hold keys the analysis cannot name, which (``replacing``) may have
        replaced the values of the keys it holds."""
        entries = {k: e.replaceable() for k, e in self.entries.items()} if replacing else \
            self.entries
        return DictInfo(entries, False, self.maybe, self.may_be_none)

    def forgetting_keys(self) -> DictInfo:
        """``del d[k]`` with a key the analysis cannot read: any key may be gone."""
        return DictInfo({}, self.complete, self.maybe | self.entries.keys(), self.may_be_none)

    def may_hold(self, key: str) -> bool:
        return key in self.entries or key in self.maybe or not self.complete


NO_CONTEXT = Marker("NO_CONTEXT")

DictResult = Union[DictInfo, Marker]

_READ_METHODS = frozenset({"get", "items", "keys", "values", "copy", "__contains__", "__getitem__"})
_MUTATING_METHODS = frozenset({"update", "setdefault", "pop", "popitem", "clear", "__setitem__",
                               "__delitem__", "__ior__"})
_READ_FUNCTIONS = frozenset({"len", "bool", "list", "sorted", "tuple", "set", "repr", "str",
                             "isinstance", "dict", "deepcopy"})
_MAX_DEPTH = 16


def is_empty_value(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value in (None, "", b"")


class ContextAnalyzer:
    def __init__(self, resolver: Resolver, call_names: frozenset[str]) -> None:
        self.resolver = resolver
        self.lines = resolver.index.lines
        self.constants = resolver.index.string_constants
        # calls that may take a context without changing which keys it holds
        self.call_names = call_names | SDK_METHODS
        self._changed_elsewhere: dict[tuple[int, str], bool] = {}

    # -- keys ---------------------------------------------------------------

    def key_of(self, node: ast.expr | None, scope: Scope) -> str | None:
        """The string a dict key expression is known to be, if any."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name) and node.id in self.constants and \
                self.resolver.lookup(node.id, scope) is self.resolver.index.module:
            return self.constants[node.id]
        return None

    def lacks_group(self, scope: Scope, path: StatementPath) -> Callable[[ast.expr], bool]:
        """A test of a dict expression at ``path``: is it known to hold no ``groupId``
        (nor a misspelled group key)? (What a wrapper may merge into its context.)"""
        def test(expr: ast.expr) -> bool:
            value = self.evaluate(expr, scope, path)
            if not isinstance(value, DictInfo) and isinstance(expr, ast.Name):
                value = self._module_dict(expr.id, scope)
            return isinstance(value, DictInfo) and not value.may_hold(GROUP_KEY) and \
                not any(is_misspelled_group_key(key) for key in value.entries)
        return test

    def _module_dict(self, name: str, scope: Scope) -> DictResult:
        """The dict a module-level name holds when it is bound once, to a literal with
        only written keys, and no function of the module may change it (``DEFAULTS =
        {"library": …}`` read in a function)."""
        module = self.resolver.index.module
        if self.resolver.lookup(name, scope) is not module:
            return UNKNOWN
        bindings = module.bindings.get(name, [])
        value = getattr(bindings[0], "value", None) if len(bindings) == 1 else None
        if not isinstance(value, ast.Dict) or None in value.keys or \
                self._may_change_elsewhere(module, name):
            return UNKNOWN
        return self.evaluate(value, module, ())

    # -- expressions ------------------------------------------------------------

    def evaluate(self, expr: ast.expr, scope: Scope, path: StatementPath,
                 depth: int = 0) -> DictResult:
        if depth > _MAX_DEPTH:
            return UNKNOWN
        if isinstance(expr, ast.Dict):
            info = DictInfo()
            for key, value in zip(expr.keys, expr.values):
                if key is None:  # {**spread}
                    spread = self.evaluate(value, scope, path, depth + 1)
                    info = info.merged(spread) if isinstance(spread, DictInfo) else \
                        info.incomplete()
                    continue
                text = self.key_of(key, scope)
                if text is None:
                    info = info.incomplete()
                else:
                    info.entries[text] = Entry(text, key, value, is_empty_value(value))
            return info
        if isinstance(expr, ast.Call):
            return self._evaluate_call(expr, scope, path, depth)
        if isinstance(expr, ast.Name):
            return self._evaluate_local(expr.id, scope, path, depth)
        if isinstance(expr, ast.IfExp):
            return either(
                self.evaluate(expr.body, scope, path, depth + 1),
                self.evaluate(expr.orelse, scope, path, depth + 1),
            )
        if isinstance(expr, ast.Constant) and expr.value is None:
            return NO_CONTEXT
        if isinstance(expr, ast.NamedExpr):  # context=(ctx := {...})
            return self.evaluate(expr.value, scope, path, depth + 1)
        if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
            return self._evaluate_or(expr.values, scope, path, depth)
        return UNKNOWN

    def _evaluate_or(self, values: Sequence[ast.expr], scope: Scope, path: StatementPath,
                     depth: int) -> DictResult:
        """``a or b``: the first operand that is true, else the last. An operand that is
        never true (``None``, ``{}``) is passed over; one that surely is (a dict with a
        key) ends it; an unknown one that is true is a dict whose keys are unknown (it
        is used as a dict: a key it is given later is then known)."""
        result: DictResult | None = None
        for position, value in enumerate(values):
            info = self.evaluate(value, scope, path, depth + 1)
            if position < len(values) - 1:
                if never_true(info):
                    continue
                if info is UNKNOWN:
                    info = DictInfo(complete=False)
            result = info if result is None else either(result, info)
            if isinstance(info, DictInfo) and info.entries and not info.may_be_none:
                break  # surely true: the operands after it are never reached
        return UNKNOWN if result is None else result

    def _evaluate_call(self, call: ast.Call, scope: Scope, path: StatementPath,
                       depth: int) -> DictResult:
        func = call.func
        if isinstance(func, ast.Name) and func.id == "dict" and \
                isinstance(self.resolver.evaluate_name("dict", scope), Unbound):
            if len(call.args) > 1 or any(isinstance(a, ast.Starred) for a in call.args):
                return UNKNOWN
            info = DictInfo()
            if call.args:
                base = self.evaluate(call.args[0], scope, path, depth + 1)
                info = base.copy() if isinstance(base, DictInfo) else DictInfo(complete=False)
            return self._apply_keywords(info, call.keywords, scope, path, depth)
        if isinstance(func, ast.Attribute) and func.attr == "copy" and not call.args \
                and not call.keywords:
            base = self.evaluate(func.value, scope, path, depth + 1)
            return base.copy() if isinstance(base, DictInfo) else base
        if isinstance(func, ast.Attribute) and func.attr in ("get", "pop") and \
                len(call.args) == 2 and not call.keywords and \
                isinstance(self.evaluate(call.args[1], scope, path, depth + 1), DictInfo):
            # ``options.pop("context", {})``: a dict whose keys are unknown (a key it is
            # given later is then known)
            return DictInfo(complete=False)
        return UNKNOWN

    def _apply_keywords(self, info: DictInfo, keywords: Sequence[ast.keyword], scope: Scope,
                        path: StatementPath, depth: int) -> DictInfo:
        for keyword in keywords:
            if keyword.arg is None:
                spread = self.evaluate(keyword.value, scope, path, depth + 1)
                info = info.merged(spread) if isinstance(spread, DictInfo) else \
                    info.incomplete()
            else:
                info.entries[keyword.arg] = Entry(
                    keyword.arg, keyword, keyword.value, is_empty_value(keyword.value)
                )
        return info

    # -- straight-line local flow ----------------------------------------------

    def _evaluate_local(self, name: str, scope: Scope, path: StatementPath,
                        depth: int) -> DictResult:
        """A local name's dict, from its last assignment and the mutations after it."""
        home = scope.statement_scope()
        if self.resolver.lookup(name, scope) is not home or home.kind not in (FUNCTION, MODULE):
            return UNKNOWN
        if name in home.globals or name in home.nonlocals:
            return UNKNOWN
        if self._may_change_elsewhere(home, name):
            return UNKNOWN
        mutations: list[ast.stmt] = []
        for level in range(len(path) - 1, -1, -1):
            block, index = path[level]
            if level < len(path) - 1 and not self._compound_is_transparent(
                    block[index], path[level + 1][0], name):
                return UNKNOWN
            for position in range(index - 1, -1, -1):
                statement = block[position]
                if not self._may_mention(statement, name):
                    continue
                value = _definition(statement, name)
                if value is not None:
                    # a loop between the definition and the call may change it on a
                    # later iteration
                    enclosing = [b[i] for b, i in path[level:-1]]
                    if any(isinstance(s, (ast.For, ast.AsyncFor, ast.While)) and
                           self._may_mention(s, name) and _rebinds(s, name)
                           for s in enclosing):
                        return UNKNOWN
                    defined_at = (*path[:level], (block, position))
                    result = self.evaluate(value, scope, defined_at, depth + 1)
                    if not isinstance(result, DictInfo):
                        return result
                    result = result.copy()
                    for mutation in reversed(mutations):
                        result = self._apply_mutation(result, mutation, name, scope, defined_at,
                                                      depth)
                    return result
                if _is_mutation(statement, name):
                    mutations.append(statement)
                elif self._unsafe_use(statement, name):
                    return UNKNOWN
        return UNKNOWN

    def _may_change_elsewhere(self, home: Scope, name: str) -> bool:
        """A function defined in ``home`` (a closure; for a module-level name, any
        function of the module) may change the dict ``name`` holds."""
        key = (id(home.node), name)
        answer = self._changed_elsewhere.get(key)
        if answer is None:
            answer = self._may_define(home.node) and any(
                self._may_mention(definition, name) and
                not _binds_its_own(definition, name) and
                self._unsafe_use(definition, name)
                for definition in _definitions_in(home.node)
            )
            self._changed_elsewhere[key] = answer
        return answer

    def _may_define(self, node: ast.AST) -> bool:
        """False when no line of ``node``'s body spells ``def``, ``lambda`` or ``class``."""
        lines = self.lines
        body = getattr(node, "body", None)
        if lines is None or not isinstance(body, list) or not body:
            return True
        end = getattr(node, "end_lineno", None) or len(lines)
        return any("def" in line or "lambda" in line or "class" in line or not line.isascii()
                   for line in lines[first_line(body[0]) - 1:end])

    def _compound_is_transparent(self, compound: ast.stmt, inner: Sequence[ast.stmt],
                                 name: str) -> bool:
        """Passing from ``compound``'s header into ``inner`` keeps ``name`` as it was."""
        headers: list[ast.AST] = []
        for attribute in ("test", "target", "iter", "items", "subject"):
            part = getattr(compound, attribute, None)
            if part is not None:
                headers.extend(part if isinstance(part, list) else [part])
        if any(self._may_mention(header, name) and _rebinds(header, name)
               for header in headers):
            return False
        if isinstance(compound, ast.Try) or (sys.version_info >= (3, 11) and
                                             isinstance(compound, ast.TryStar)):
            section = block_field(compound, inner) or "handlers"
            ran_before: list[ast.stmt] = []
            if section in ("handlers", "orelse"):
                ran_before = list(compound.body)
            elif section == "finalbody":
                ran_before = [*compound.body, *compound.orelse]
                ran_before += [s for h in compound.handlers for s in h.body]
            if any(self._unsafe_use(s, name) or _is_mutation(s, name) for s in ran_before):
                return False
            for handler in compound.handlers:
                if handler.name == name:
                    return False
        # a loop's else runs after its body
        return not (
            isinstance(compound, (ast.For, ast.AsyncFor, ast.While))
            and block_field(compound, inner) == "orelse"
            and any(self._unsafe_use(s, name) or _is_mutation(s, name) for s in compound.body)
        )

    def _apply_mutation(self, info: DictInfo, statement: ast.stmt, name: str, scope: Scope,
                        path: StatementPath, depth: int) -> DictInfo:
        if isinstance(statement, ast.Assign):  # ctx[KEY] = value
            target = statement.targets[0]
            assert isinstance(target, ast.Subscript)
            key = self.key_of(_subscript_index(target), scope)
            if key is None:
                return info.incomplete()
            info.entries[key] = Entry(key, _subscript_index(target) or target, statement.value,
                                      is_empty_value(statement.value))
            return info
        if isinstance(statement, ast.AugAssign):  # ctx |= {...}
            other = self.evaluate(statement.value, scope, path, depth + 1)
            return info.merged(other) if isinstance(other, DictInfo) else \
                info.incomplete()
        if isinstance(statement, ast.Delete):
            for target in statement.targets:
                key = self.key_of(_subscript_index(target), scope)
                if key is None:
                    return info.forgetting_keys()
                info.entries.pop(key, None)
            return info
        # ``ctx.update/setdefault/pop(...)``: what ``_is_mutation`` left
        assert isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)
        call = statement.value
        assert isinstance(call.func, ast.Attribute)
        method = call.func.attr
        if method == "update":
            if len(call.args) > 1:
                return info.incomplete()
            for argument in call.args:
                other = self.evaluate(argument, scope, path, depth + 1)
                if not isinstance(other, DictInfo):
                    return info.incomplete()
                info = info.merged(other)
            return self._apply_keywords(info, call.keywords, scope, path, depth)
        if method == "setdefault":
            key_node = call.args[0] if call.args else None
            key = self.key_of(key_node, scope)
            if key is None:
                return info.incomplete(replacing=False)  # it never replaces a value
            if key not in info.entries:
                value = call.args[1] if len(call.args) > 1 else ast.Constant(None)
                info.entries[key] = Entry(key, key_node or call, value, is_empty_value(value))
            return info
        # ctx.pop(KEY[, default])
        key = self.key_of(call.args[0] if call.args else None, scope)
        if key is None:
            return info.forgetting_keys()
        info.entries.pop(key, None)
        return info

    def _unsafe_use(self, node: ast.AST, name: str) -> bool:
        """``name`` is rebound, mutated, or handed to code that might change it."""
        return self._may_mention(node, name) and (
            _rebinds(node, name) or _escapes_below(node, name, self.call_names))

    def _may_mention(self, node: ast.AST, name: str) -> bool:
        """False when no line of ``node`` spells ``name``: then nothing in it can bind,
        mutate or pass it, and there is no need to walk it. (A line that is not ASCII
        may spell it otherwise: NFKC-equal identifiers are the same name.)"""
        lines = self.lines
        if lines is None or not hasattr(node, "lineno"):
            return True
        first = first_line(node)
        for line in lines[first - 1:getattr(node, "end_lineno", None) or first]:
            if name in line or not line.isascii():
                return True
        return False


def never_true(result: DictResult) -> bool:
    """``None``, or a dict known to be empty: what ``a or b`` passes over, and what a
    wrapper that defaults its context replaces."""
    return result is NO_CONTEXT or (isinstance(result, DictInfo) and result.complete and
                                    not result.entries and not result.maybe)


def either(first: DictResult, second: DictResult) -> DictResult:
    """``a if c else b``: a key is known only when both branches agree."""
    if first is UNKNOWN or second is UNKNOWN:
        return UNKNOWN
    a = first if isinstance(first, DictInfo) else DictInfo()
    b = second if isinstance(second, DictInfo) else DictInfo()
    if first is NO_CONTEXT and second is NO_CONTEXT:
        return NO_CONTEXT
    entries: dict[str, Entry] = {}
    maybe = set(a.maybe | b.maybe)
    for key in a.entries.keys() | b.entries.keys():
        if key in a.entries and key in b.entries:
            entry, other = a.entries[key], b.entries[key]
            both_empty = entry.empty and other.empty
            entries[key] = Entry(key, entry.key_node, entry.value if both_empty else None,
                                 both_empty, (*entry.other_key_nodes, other.key_node,
                                              *other.other_key_nodes),
                                 entry.replaced or other.replaced)
        else:
            maybe.add(key)  # held on one side only
    may_be_none = first is NO_CONTEXT or second is NO_CONTEXT or a.may_be_none or b.may_be_none
    return DictInfo(entries, a.complete and b.complete, frozenset(maybe), may_be_none)


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def _definitions_in(node: ast.AST) -> list[ast.AST]:
    """The functions, lambdas and classes defined in ``node``'s own code."""
    found: list[ast.AST] = []
    pending = list(ast.iter_child_nodes(node))
    while pending:
        current = pending.pop()
        if isinstance(current, _DEFINITIONS):
            found.append(current)
        else:
            pending.extend(ast.iter_child_nodes(current))
    return found


def _binds_its_own(definition: ast.AST, name: str) -> bool:
    """``name`` is a local of the function ``definition`` (a parameter, or assigned
    there without ``global``/``nonlocal``): changing it changes another dict."""
    if isinstance(definition, ast.ClassDef):
        return False
    assert isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
    arguments = definition.args
    parameters = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                  arguments.vararg, arguments.kwarg]
    if any(p is not None and p.arg == name for p in parameters):
        return True
    body: list[ast.AST] = [definition.body] if isinstance(definition, ast.Lambda) else \
        list(definition.body)
    assigned = False
    pending = body
    while pending:
        current = pending.pop()
        if isinstance(current, (ast.Global, ast.Nonlocal)) and name in current.names:
            return False
        if isinstance(current, ast.Name) and current.id == name and \
                isinstance(current.ctx, ast.Store):
            assigned = True
        if not isinstance(current, _DEFINITIONS):
            pending.extend(ast.iter_child_nodes(current))
    return assigned


def _subscript_index(target: ast.AST) -> ast.expr | None:
    return target.slice if isinstance(target, ast.Subscript) else None


def _definition(statement: ast.stmt, name: str) -> ast.expr | None:
    if isinstance(statement, ast.Expr):
        # ``track(…, context=(name := {…}))``: an argument of an analytics call, which
        # does not change it
        call = statement.value.value if isinstance(statement.value, ast.Await) else \
            statement.value
        if isinstance(call, ast.Call) and last_name(call.func) in SDK_METHODS:
            for argument in (*call.args, *(k.value for k in call.keywords)):
                if isinstance(argument, ast.NamedExpr) and argument.target.id == name:
                    return argument.value
        return None
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target = statement.targets[0]
        if isinstance(target, ast.Name) and target.id == name:
            return statement.value
    if isinstance(statement, ast.AnnAssign) and statement.value is not None:
        target = statement.target
        if isinstance(target, ast.Name) and target.id == name:
            return statement.value
    return None


def _is_named(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _is_mutation(statement: ast.stmt, name: str) -> bool:
    """``ctx[K] = v``, ``ctx |= d``, ``del ctx[K]``, ``ctx.update/setdefault/pop(...)``."""
    if isinstance(statement, ast.Assign):
        if len(statement.targets) != 1:
            return False
        target = statement.targets[0]
        return isinstance(target, ast.Subscript) and _is_named(target.value, name) and \
            not _mentions(statement.value, name)
    if isinstance(statement, ast.AugAssign):
        return _is_named(statement.target, name) and isinstance(statement.op, ast.BitOr) and \
            not _mentions(statement.value, name)
    if isinstance(statement, ast.Delete):
        return all(isinstance(t, ast.Subscript) and _is_named(t.value, name)
                   for t in statement.targets)
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        func = statement.value.func
        return isinstance(func, ast.Attribute) and _is_named(func.value, name) and \
            func.attr in ("update", "setdefault", "pop") and \
            not any(_mentions(a, name) for a in statement.value.args) and \
            not any(_mentions(k.value, name) for k in statement.value.keywords)
    return False


def _mentions(node: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node))


def _rebinds(node: ast.AST, name: str) -> bool:
    """Something under ``node`` assigns, deletes or mutates ``name``."""
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and child.id == name and \
                not isinstance(child.ctx, ast.Load):
            return True
        if isinstance(child, (ast.Subscript, ast.Attribute)) and _is_named(child.value, name):
            if not isinstance(child.ctx, ast.Load):
                return True
            if isinstance(child, ast.Attribute) and child.attr in _MUTATING_METHODS:
                return True
        if isinstance(child, (ast.Global, ast.Nonlocal)) and name in child.names:
            return True
        if isinstance(child, ast.NamedExpr) and child.target.id == name:
            return True
        if isinstance(child, ast.ExceptHandler) and child.name == name:
            return True
        if isinstance(child, (ast.Import, ast.ImportFrom)) and any(
                (a.asname or a.name.split(".")[0]) == name for a in child.names):
            return True
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and \
                child.name == name:
            return True
    return False


def _escapes_below(node: ast.AST, name: str, call_names: frozenset[str]) -> bool:
    """``name`` is handed somewhere it could be changed (an argument, an alias…)."""
    if _changes_an_entry(node, name):
        return True
    safe_arguments: set[int] = set()
    if isinstance(node, ast.Call):
        func = node.func
        callee = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if callee in _READ_FUNCTIONS or callee in call_names:
            safe_arguments = {id(a) for a in node.args} | {id(k.value) for k in node.keywords}
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.keyword):
            child_node: ast.AST = child.value
            owner: ast.AST = child
        else:
            child_node, owner = child, node
        if isinstance(child_node, ast.Name) and child_node.id == name:
            if id(child_node) in safe_arguments:
                continue
            if not _is_safe_read(owner, child_node):
                return True
        elif _escapes_below(child_node, name, call_names):
            return True
    return False


def _changes_an_entry(node: ast.AST, name: str) -> bool:
    """``node`` changes a dict held in an entry of ``name``: ``name["context"]["k"] =
    v``, ``del name["a"]["k"]``, ``name["context"].update(…)``."""
    if isinstance(node, (ast.Subscript, ast.Attribute)) and \
            isinstance(node.ctx, (ast.Store, ast.Del)):
        held = node.value
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr in _MUTATING_METHODS:
        held = node.func.value
    else:
        return False
    if not isinstance(held, ast.Subscript):
        return False
    while isinstance(held, ast.Subscript):
        held = held.value
    return isinstance(held, ast.Name) and held.id == name


def _is_safe_read(parent: ast.AST, child: ast.Name) -> bool:
    if isinstance(parent, ast.Subscript) and parent.value is child:
        return True
    if isinstance(parent, ast.Dict):  # ``{**name}`` copies it; ``{"k": name}`` holds it
        return any(key is None and value is child
                   for key, value in zip(parent.keys, parent.values))
    if isinstance(parent, ast.Attribute):
        return parent.attr in _READ_METHODS
    if isinstance(parent, ast.Compare):
        return True
    if isinstance(parent, (ast.FormattedValue, ast.comprehension, ast.For, ast.AsyncFor)):
        return getattr(parent, "target", None) is not child
    return False


__all__ = [
    "NO_CONTEXT",
    "UNKNOWN",
    "ContextAnalyzer",
    "DictInfo",
    "Entry",
    "either",
    "is_empty_value",
]
