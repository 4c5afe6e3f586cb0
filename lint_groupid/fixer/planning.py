"""Fix planning: for a problem, which edit fixes it, with which expression, how safely.

Safe means the fixed code runs: every name a fix inserts is bound where it goes,
or imported by the fix itself.
"""

from __future__ import annotations

import ast
import builtins
import functools
from collections.abc import Sequence
from typing import Optional

from ..analysis.attribution import Problem
from ..analysis.bindings import Import, Parameter
from ..analysis.calls import Resolver, dominates
from ..analysis.context import _rebinds
from ..analysis.flow import StatementPath
from ..analysis.scopes import Candidate, Scope
from ..analysis.syntax import BLOCK_FIELDS, last_name
from ..analysis.targets import CallTarget
from ..positions import Span, source_segment, span_of
from ..settings import Settings
from .model import (
    ADD_TO_DICT,
    ADD_TO_DICT_CALL,
    APPEND_CONTEXT,
    FSTRING_QUOTES,
    RENAME_KEY,
    REPLACE_CONTEXT,
    SAFE,
    SPREAD_CONTEXT,
    UNSAFE,
    WRAP_IN_GUARD,
    Edit,
    Fix,
    free_quote,
    parse_import,
    statement_call,
)

# names whose value is, by convention, the id of the company an event belongs to
GROUP_ID_NAMES = ("group_id", "company_id", "workspace_id", "organization_id", "org_id",
                  "account_id", "team_id", "tenant_id")
GROUP_OBJECT_NAMES = ("company", "workspace", "organization", "org", "account", "team",
                      "tenant")

_FORMS = {"append": APPEND_CONTEXT, "replace": REPLACE_CONTEXT, "dict": ADD_TO_DICT,
          "dict-call": ADD_TO_DICT_CALL, "spread": SPREAD_CONTEXT}
_BUILTINS = frozenset(dir(builtins))
_LOOPS = (ast.For, ast.AsyncFor, ast.While)

NO_GROUP_ID = "no group id to use here: set `group-id` (or pass --group-id)"
NO_GUARD = "no guard expression: set `guard` and `guard-import` (or pass --guard)"

# the fix, or None; and why there is none, or why it is unsafe
Plan = tuple[Optional[Fix], str]


class FixPlanner:
    def __init__(self, settings: Settings, resolver: Resolver, lines: Sequence[str],
                 calls: Sequence[tuple[Candidate, CallTarget, StatementPath]]) -> None:
        self.settings = settings
        self.resolver = resolver
        self.lines = lines
        self.group_calls = [(c, p) for c, t, p in calls if t.method == "group"
                            and not t.is_wrapper]
        self._type_checking_lines: list[tuple[int, int]] | None = None

    # -- GID1xx -------------------------------------------------------------

    def attribution_fix(self, problem: Problem, candidate: Candidate, target: CallTarget,
                        path: StatementPath) -> Plan:
        repair = problem.repair
        if repair is None:
            return None, ""
        call_span = span_of(candidate.call, self.lines)
        if repair.form == "rename":
            assert repair.node is not None
            return self._rename(repair.node, repair.other_nodes, candidate, target, call_span)
        if not repair.form:
            return None, repair.reason
        if repair.value is not None:  # GID104: the value already given in the payload
            expression = source_segment(self.lines, repair.value)
            simple = isinstance(repair.value, (ast.Name, ast.Attribute, ast.Constant)) and \
                _within(repair.value, candidate.call)
            safety, reason = (SAFE, "") if simple else \
                (UNSAFE, "the value would be evaluated twice")
            imports: tuple[tuple[str, str], ...] = ()
        else:
            found = self.group_id_expression(candidate, path)
            if found is None:
                return None, NO_GROUP_ID
            expression, usable, reason, imports = found
            if usable is None:
                return None, reason
            safety = usable
        conflict = self._fstring_conflict(expression, candidate)
        if conflict:
            return None, conflict
        assert repair.node is not None
        # (``append``: a wrapper's context parameter, by its name)
        edit = Edit(_FORMS[repair.form], span_of(repair.node, self.lines), expression,
                    call_span, repair.keyword)
        if target.assumed_signature and safety == SAFE and \
                any(repair.node is argument for argument in candidate.call.args):
            # (a configured wrapper's own signature is not known: its argument at the
            # SDK's position of the context may be another)
            safety, reason = UNSAFE, "the wrapper's positions are taken to be the SDK's"
        fix = Fix(safety, f'Add "groupId": {expression} to the context', (edit,), imports)
        return fix, reason

    def _fstring_conflict(self, expression: str, candidate: Candidate) -> str:
        """Why ``expression`` cannot go where the call is, inside an f-string, for the
        project's oldest Python; ``""`` when it can."""
        quotes = set()
        for node in candidate.ancestors:
            if isinstance(node, ast.JoinedStr):
                text = self.lines[node.lineno - 1].encode("utf-8")[node.col_offset:]
                quotes.add(chr(text.lstrip(b"rRfFbBuU")[:1][0]) if text.strip() else '"')
        if not quotes or _reusable_quotes(self.settings.root) or \
                free_quote(quotes, expression):
            return ""
        return f"{FSTRING_QUOTES}, and the project supports older ones)"

    def _rename(self, key: ast.AST, others: Sequence[ast.AST], candidate: Candidate,
                target: CallTarget, call_span: Span) -> Plan:
        """Rename the key where the dict is only this call's context; otherwise add
        ``"groupId"`` beside it, in the call's context."""
        call = candidate.call
        keys = (key, *others)
        context = _argument(call, "context", _position(target, "context"))
        only_context = all(_within(k, call) for k in keys) or (
            isinstance(context, ast.Name) and
            not self._used_elsewhere(context, candidate.scope.statement_scope()))
        if only_context:
            edits = tuple(Edit(RENAME_KEY, span_of(k, self.lines), call=call_span) for k in keys)
            return Fix(SAFE, 'Rename the key to "groupId"', edits), ""
        if not isinstance(context, ast.Name):
            return None, "the misspelled key is in a dict that is also used elsewhere"
        written = f'"{key.arg}"' if isinstance(key, ast.keyword) else \
            source_segment(self.lines, key)
        expression = f"{context.id}[{written}]"
        edit = Edit(SPREAD_CONTEXT, span_of(context, self.lines), expression, call_span)
        return Fix(SAFE, f'Add "groupId": {expression} to the context', (edit,)), ""

    def _used_elsewhere(self, name: ast.Name, scope: Scope) -> bool:
        """``name``'s dict is read somewhere else than as this context (its own
        building up: ``ctx[k] = v``, ``ctx.update(…)``, does not count)."""
        parents: dict[int, ast.AST] = {}  # (a node's ancestors are walked before it)
        for node in ast.walk(scope.node):
            for child in ast.iter_child_nodes(node):
                parents[id(child)] = node
            if not (isinstance(node, ast.Name) and node.id == name.id and
                    isinstance(node.ctx, ast.Load)) or node is name:
                continue
            parent = parents.get(id(node))
            if isinstance(parent, ast.Subscript) and not isinstance(parent.ctx, ast.Load):
                continue
            if isinstance(parent, ast.Attribute) and parent.attr in ("update", "setdefault") \
                    and isinstance(parents.get(id(parent)), ast.Call) and \
                    isinstance(parents.get(id(parents[id(parent)])), ast.Expr):
                continue
            return True
        return False

    def group_id_expression(self, candidate: Candidate, path: StatementPath
                            ) -> tuple[str, str | None, str, tuple[tuple[str, str], ...]] | None:
        """The expression for a missing group id, how sure we are of it (``None``: it
        cannot be used), why not sure, and the imports it needs."""
        scope = candidate.scope
        configured = (self.settings.group_id or "").strip()
        if configured:
            return (configured, *self._configured(configured, self.settings.group_id_import,
                                                  "group-id-import", candidate))
        from_group_call = self._from_group_call(candidate, path)
        if from_group_call is not None:
            expression, simple = from_group_call
            return (expression, SAFE, "", ()) if simple else \
                (expression, UNSAFE, "the group id would be evaluated twice", ())
        guesses = [*((name, name) for name in GROUP_ID_NAMES),
                   *((name, f"{name}.id") for name in GROUP_OBJECT_NAMES)]
        for name, expression in guesses:
            if self.resolver.lookup(name, scope) is not None:
                return expression, UNSAFE, "the group id is guessed from a name in scope", ()
        return None

    def _configured(self, expression: str, spec: str | None, option: str,
                    candidate: Candidate
                    ) -> tuple[str | None, str, tuple[tuple[str, str], ...]]:
        """How safe a configured expression is at ``candidate``'s call, why not, and the
        import (the ``option`` setting, ``spec``) it comes with: unsafe when it uses a
        name that is neither bound there when the call runs nor a builtin nor imported
        by the fix, or one the fix imports that the module binds to something else;
        no fix (``None``) when a local name hides one the fix imports (or, for the
        guard, one the module binds)."""
        imports = (parse_import(spec),) if spec else ()
        module = self.resolver.index.module
        for name in _free_names(expression):
            owner = self.resolver.lookup(name, candidate.scope)
            if owner is not None and owner is not module and \
                    (any(imported == name for _, imported in imports) or
                     (option == "guard-import" and name in module.bindings)):
                # the fix means its import's name (a guard: the module's): a local
                # hides it
                return None, f"`{name}` is shadowed by a local name here", imports
            if any(imported == name for _, imported in imports):
                clash = self._binds_otherwise(name, imports)
                if clash:
                    return UNSAFE, clash, imports
            elif name not in _BUILTINS and not self._bound_at(name, candidate):
                hint = "" if imports else f": set `{option}`"
                return UNSAFE, f"`{name}` is not defined where the call runs{hint}", imports
        return SAFE, "", imports

    def _bound_at(self, name: str, candidate: Candidate) -> bool:
        """``name`` holds a value when ``candidate``'s call runs: a parameter or a
        binding that runs before the call on every path in its own function, any
        binding of an enclosing function's or of the module (when the call is in a
        function) — but not an import made only for type checkers."""
        scope = candidate.scope
        owner = self.resolver.lookup(name, scope)
        if owner is None:
            return False
        bindings = [b for b in owner.bindings[name] if not self._for_type_checkers(b)]
        if owner is not scope.statement_scope():
            return bool(bindings)
        site = (*candidate.ancestors, candidate.call)
        return any(isinstance(b, Parameter) or dominates(b.node, site) for b in bindings)

    def _for_type_checkers(self, binding: object) -> bool:
        """An import under ``if TYPE_CHECKING:``: it binds nothing when the code runs."""
        if not isinstance(binding, Import):
            return False
        if self._type_checking_lines is None:
            self._type_checking_lines = [
                (node.lineno, node.end_lineno or node.lineno)
                for node in getattr(self.resolver.index.module.node, "body", ())
                if isinstance(node, ast.If) and last_name(node.test) == "TYPE_CHECKING"]
        line = binding.node.lineno
        return any(first <= line <= last for first, last in self._type_checking_lines)

    def _binds_otherwise(self, name: str, imports: tuple[tuple[str, str], ...]) -> str:
        """Why a name the fix would import cannot be: the module binds it to something
        other than that import (the fix would use that instead)."""
        module = self.resolver.index.module
        wanted = {f"{source}.{imported}" for source, imported in imports if imported == name}
        for binding in module.bindings.get(name, ()):
            if not (isinstance(binding, Import) and binding.qualname in wanted):
                return f"`{name}` is bound to something else in this module"
        return ""

    def _from_group_call(self, candidate: Candidate, path: StatementPath
                         ) -> tuple[str, bool] | None:
        """The ``group_id`` of a ``group()`` call on the same user that runs just before,
        when neither its user nor its group id is rebound in between; and whether it is
        a name, attribute or literal (anything else would run twice)."""
        user = _argument(candidate.call, "user_id", 0)
        if user is None:
            return None
        home = candidate.scope.statement_scope()
        for group, group_path in reversed(self.group_calls):
            if group.scope.statement_scope() is not home or not _dominates(group_path, path):
                continue
            group_user = _argument(group.call, "user_id", 0)
            group_id = _argument(group.call, "group_id", 1)
            if group_user is None or group_id is None or \
                    ast.dump(group_user) != ast.dump(user):
                continue
            names = {n.id for node in (group_id, group_user) for n in ast.walk(node)
                     if isinstance(n, ast.Name)}
            if any(_rebinds(node, name) for node in _runs_between(group_path, path)
                   for name in names):
                continue
            return source_segment(self.lines, group_id), self._pure(group_id, home)
        return None

    def _pure(self, expression: ast.expr, scope: Scope) -> bool:
        """Does evaluating ``expression`` again give the same, with no effect? Names,
        attributes, literals, constant subscripts, and the builtins ``str``/``int``
        of those (``str(workspace.id)``): a ``pop()`` or any other call may not."""
        if isinstance(expression, (ast.Name, ast.Constant)):
            return True
        if isinstance(expression, ast.Attribute):
            return self._pure(expression.value, scope)
        if isinstance(expression, ast.Subscript):
            return isinstance(expression.slice, ast.Constant) and \
                self._pure(expression.value, scope)
        if isinstance(expression, ast.Call) and isinstance(expression.func, ast.Name):
            return expression.func.id in ("str", "int") and not expression.keywords and \
                self.resolver.lookup(expression.func.id, scope) is None and \
                all(self._pure(argument, scope) for argument in expression.args)
        return False

    # -- GID201 ---------------------------------------------------------------

    def guard_fix(self, candidate: Candidate, path: StatementPath) -> Plan:
        guard = (self.settings.guard or "").strip()
        if not guard:
            return None, NO_GUARD
        call = candidate.call
        block, index = path[-1] if path else ((), -1)
        if index < 0 or statement_call(block[index]) is not call:
            return None, "the call's value is used: only a call statement can be wrapped"
        statement = block[index]
        if (index > 0 and block[index - 1].end_lineno == statement.lineno) or \
                (index + 1 < len(block) and block[index + 1].lineno == statement.end_lineno):
            return None, "the call shares its line with another statement"
        if _awaits(guard) and not isinstance(candidate.scope.function_scope().node,
                                             ast.AsyncFunctionDef):
            return None, "the guard awaits, and the call is not in an async function"
        safety, reason, imports = self._configured(guard, self.settings.guard_import,
                                                   "guard-import", candidate)
        if safety != SAFE:  # (SPEC: safe, or no fix: a guard that cannot run is none)
            return None, reason
        edit = Edit(WRAP_IN_GUARD, span_of(call, self.lines), guard)
        return Fix(SAFE, f"Wrap the call in `if not {guard}:`", (edit,), imports), ""


@functools.lru_cache(maxsize=64)
def _awaits(expression: str) -> bool:
    return any(isinstance(node, ast.Await)
               for node in ast.walk(ast.parse(expression.strip(), mode="eval")))


@functools.lru_cache(maxsize=64)
def _free_names(expression: str) -> tuple[str, ...]:
    """The names ``expression`` loads from its surroundings, in order (the same few
    expressions come back for every finding)."""
    tree = ast.parse(expression, mode="eval")
    bound = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and
             not isinstance(n.ctx, ast.Load)}
    bound |= {a.arg for n in ast.walk(tree) if isinstance(n, ast.Lambda)
              for a in (*n.args.posonlyargs, *n.args.args, *n.args.kwonlyargs)}
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and \
                node.id not in bound and node.id not in names:
            names.append(node.id)
    return tuple(names)


def _position(target: CallTarget, parameter: str) -> int:
    signature = target.signature
    return signature.index(parameter) if signature and parameter in signature else -1


def _argument(call: ast.Call, name: str, position: int) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    if 0 <= position < len(call.args) and not any(
            isinstance(a, ast.Starred) for a in call.args[:position + 1]):
        return call.args[position]
    return None


def _within(node: ast.AST, outer: ast.AST) -> bool:
    return any(child is node for child in ast.walk(outer))


def _dominates(earlier: StatementPath, later: StatementPath) -> bool:
    """``earlier``'s statement runs before ``later``'s on every path: it precedes it
    in the same block or in an enclosing one."""
    depth = len(earlier) - 1
    if not 0 <= depth < len(later):
        return False
    (block, index), (later_block, later_index) = earlier[depth], later[depth]
    return block is later_block and index < later_index and all(
        a is b and i == j for (a, i), (b, j) in zip(earlier[:depth], later[:depth]))


def _runs_between(earlier: StatementPath, later: StatementPath) -> list[ast.AST]:
    """What runs after ``earlier``'s statement and before ``later``'s: the statements
    in between, the headers of the statements that enclose ``later`` (a loop's target),
    and every loop around ``later`` whole (its next iteration runs after all of it)."""
    depth = len(earlier) - 1
    block, index = earlier[depth]
    nodes: list[ast.AST] = list(block[index + 1:later[depth][1]])
    for level in range(depth, len(later) - 1):
        enclosing_block, enclosing_index = later[level]
        enclosing = enclosing_block[enclosing_index]
        if isinstance(enclosing, _LOOPS):
            nodes.append(enclosing)
            continue
        for field in enclosing._fields:
            value = getattr(enclosing, field)
            if field in BLOCK_FIELDS:
                if field in ("handlers", "cases"):
                    nodes.extend(h for h in value if not isinstance(h, ast.stmt))
                continue
            if isinstance(value, ast.AST):
                nodes.append(value)
            elif isinstance(value, list):
                nodes.extend(v for v in value if isinstance(v, ast.AST))
        inner_block, inner_index = later[level + 1]
        nodes.extend(inner_block[:inner_index])
    return nodes


def _reusable_quotes(root: str) -> bool:
    """Can an f-string's expression reuse its quotes (the project's oldest Python is
    3.12 or newer)? The project's layout is read only when a fix needs it: reading
    configuration files costs start-up time that a clean check must not pay."""
    from .layout import project_layout

    return project_layout(root).reusable_fstring_quotes
