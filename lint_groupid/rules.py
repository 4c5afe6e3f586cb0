"""The rule registry: one entry per code, with its message and its documentation.

Everything a user reads about a rule (messages, ``lint-groupid rule``, the README
table) comes from here, so there is exactly one place to change it.
"""

from __future__ import annotations

from typing import NamedTuple


class Rule(NamedTuple):
    """One rule: its code, its message, and its documentation (immutable, compared by
    value; a named tuple: several times cheaper to define than a frozen dataclass,
    which counts at every start-up)."""

    code: str
    name: str
    message: str  # a str.format template; fields are named per rule
    summary: str
    default_on: bool
    reported_at: str
    what: str
    why: str
    example: str
    use_instead: str
    fix: str
    options: tuple[str, ...] = ()
    fixable: bool = False  # ``lint-groupid fix`` can fix it (where it has what it needs)

    def format(self, **fields: str) -> str:
        return self.message.format(**fields)


RULES: dict[str, Rule] = {}


def _register(rule: Rule) -> Rule:
    RULES[rule.code] = rule
    return rule


PARSE_ERROR = _register(
    Rule(
        code="GID000",
        name="could-not-parse",
        message="could not parse: {reason}",
        summary="The file could not be read or parsed, so it was not checked.",
        default_on=True,
        reported_at="the error's position",
        what="Reports a file that mentions analytics but cannot be decoded or parsed.",
        why="A file that is not checked can hide any of the other findings.",
        example="analytics.track(user_id, 'Signed Up'",
        use_instead="analytics.track(user_id, 'Signed Up')",
        fix="None.",
    )
)

NO_GROUP_ID = _register(
    Rule(
        code="GID101",
        name="missing-group-id",
        message="{method}() call has no groupId in its context",
        summary="A track call without `context={\"groupId\": ...}`.",
        default_on=True,
        reported_at="the call",
        what=(
            "Finds analytics calls of the `grouped-methods` (default: `track`) whose "
            "context has no `groupId`: no context at all, `context=None`, or a context "
            "that is known not to contain the key."
        ),
        why=(
            "June, Segment and RudderStack attribute an event to a company only through "
            "`context.groupId`. Without it, a user who belongs to several workspaces makes "
            "every one of them count as active, and your active-company numbers are inflated."
        ),
        example='analytics.track(user.id, "Created Project", {"plan": "Pro"})',
        use_instead=(
            'analytics.track(user.id, "Created Project", {"plan": "Pro"},\n'
            '                context={"groupId": workspace.id})'
        ),
        fix=(
            "Adds `\"groupId\": EXPR` to the context. Safe when EXPR comes from the "
            "`group-id` setting or an earlier `group()` call on the same user; unsafe when "
            "it is inferred from a name in scope (`group_id`, `company_id`, `workspace_id`, "
            "`org_id`, … or `company.id`, `workspace.id`, …). No fix when there is nothing "
            "to use, or when the context comes from a `**` spread or may be `None`."
        ),
        options=("clients", "grouped-methods", "wrappers", "group-id"),
        fixable=True,
    )
)

EMPTY_GROUP_ID = _register(
    Rule(
        code="GID102",
        name="empty-group-id",
        message="groupId in the {method}() context is empty ({value})",
        summary="`groupId` is present but `None` or `\"\"`.",
        default_on=True,
        reported_at="the `groupId` value",
        what=(
            "Finds a context whose `groupId` is `None` or an empty string. The value counts "
            "only when nothing after it can replace it: in `{\"groupId\": None, **overrides}`, "
            "`dict({\"groupId\": None}, **overrides)`, or a dict updated afterwards with "
            "something the analysis cannot read, the context is unknown (GID105) instead."
        ),
        why=(
            "An empty group id attributes the event to no company at all (or to a bogus "
            "empty one), which is as wrong as leaving the key out, and harder to spot."
        ),
        example='analytics.track(user.id, "Invited Teammate", context={"groupId": None})',
        use_instead=(
            'analytics.track(user.id, "Invited Teammate", context={"groupId": workspace.id})'
        ),
        fix="None: only you know which company the event belongs to.",
        options=("clients", "grouped-methods", "wrappers"),
    )
)

MISSPELLED_GROUP_KEY = _register(
    Rule(
        code="GID103",
        name="misspelled-group-key",
        message="context key {key!s} is not groupId: analytics tools ignore it",
        summary="A misspelled group key in the context (`group_id`, `groupID`, …).",
        default_on=True,
        reported_at="the key",
        what=(
            "Finds a context key that normalises to `groupid` (lower-cased, `_` and `-` "
            "dropped) but is not exactly `groupId`: `group_id`, `groupID`, `GroupId`, "
            "`group-id`…"
        ),
        why="The analytics tools read exactly `groupId`; any other spelling is ignored.",
        example='analytics.track(user.id, "Exported Report", context={"group_id": org.id})',
        use_instead='analytics.track(user.id, "Exported Report", context={"groupId": org.id})',
        fix="Renames the key to `\"groupId\"` (safe).",
        options=("clients", "grouped-methods", "wrappers"),
        fixable=True,
    )
)

GROUP_ID_IN_PAYLOAD = _register(
    Rule(
        code="GID104",
        name="group-id-in-properties",
        message="groupId is in the {method}() {payload}, not in its context",
        summary="`groupId` given in `properties`/`traits` instead of `context`.",
        default_on=True,
        reported_at="the key",
        what=(
            "Finds a `groupId` key in the `properties` (track, page, screen) or `traits` "
            "(identify, group) of a call whose context has none."
        ),
        why=(
            "A property named `groupId` is just another event property: company "
            "attribution reads `context.groupId` only."
        ),
        example='analytics.track(user.id, "Paid Invoice", {"groupId": org.id, "amount": 9})',
        use_instead=(
            'analytics.track(user.id, "Paid Invoice", {"groupId": org.id, "amount": 9},\n'
            '                context={"groupId": org.id})'
        ),
        fix=(
            "Adds `groupId` to the context with the same value expression, keeping it in "
            "the properties. Safe when the value is a name, attribute or literal; unsafe "
            "otherwise, since it would be evaluated twice."
        ),
        options=("clients", "grouped-methods", "wrappers"),
        fixable=True,
    )
)

UNVERIFIABLE_CONTEXT = _register(
    Rule(
        code="GID105",
        name="unverifiable-context",
        message="cannot verify that the {method}() context has a groupId",
        summary="The context cannot be verified statically (off by default).",
        default_on=False,
        reported_at="the context argument",
        what=(
            "Reports a call whose context comes from somewhere the analysis cannot see: a "
            "parameter, a function's result, `**kwargs` of unknown origin, `*args`, a dict "
            "that another function may change (a closure that mutates it; for a module-level "
            "dict, any function of the module), a `del ctx[key]` or `ctx.pop(key)` with a "
            "computed key, or an empty `groupId` that a later spread may replace. Off by "
            "default; turn it on with `--extend-select GID105`."
        ),
        why=(
            "Useful in an audit, or in a codebase that wants every context spelled out "
            "where the event is sent. Too noisy to be on by default."
        ),
        example="analytics.track(user.id, \"Logged In\", context=build_context(request))",
        use_instead=(
            "analytics.track(user.id, \"Logged In\",\n"
            "                context={**build_context(request), \"groupId\": request.org.id})"
        ),
        fix="None.",
        options=("clients", "grouped-methods", "wrappers"),
    )
)

UNGUARDED_CALL = _register(
    Rule(
        code="GID201",
        name="missing-internal-user-guard",
        message="{method}() call can run for an internal user: no internal-user guard before it",
        summary="An identify/group/track call that no internal-user guard dominates.",
        default_on=True,
        reported_at="the call",
        what=(
            "Finds analytics calls of the `guarded-methods` (default: identify, group, track) "
            "that can run for an internal user: no internal-user guard is false on every "
            "path to the call in its function.\n\n"
            "The call is guarded when, for some value of the other conditions (say, "
            "`your_app()` false), it is reached only when a guard term is false. The "
            "conditions are followed through the function's statements however the branches "
            "are written, and decided exactly however many there are (if the analysis ever "
            "had to give up on a function, its calls would be reported, never taken as "
            "guarded). Cases the specification leaves open are decided as follows:\n\n"
            "- Conditions are assumed to keep their value through the function, but a test "
            "that reads a name assigned more than once is a condition of its own where it is "
            "written, and `x is True`/`x is False` is `x`/`not x` only for a guard term. A "
            "call the conditions make unreachable is reported.\n"
            "- An exit nested under another condition (`if a:` / `if GUARD: return`) is "
            "`if a and GUARD: return`: the condition plays the part of `not your_app()` in "
            "the seed pattern, so it guards.\n"
            "- A `raise` ends the rest of its block even when a `try` of the same function "
            "catches it; what follows that `try` is reached when a handler falls through. A "
            "handler catches a raise when it is bare, names `Exception`/`BaseException`, "
            "the same class, a builtin base class of a builtin exception (`OSError` for "
            "`PermissionError`), or a type the analysis cannot name; a raise of an unknown "
            "class (`raise`, `raise error`) is caught by every handler. Any `with "
            "suppress(...)` counts as `contextlib.suppress`.\n"
            "- A `try`'s handlers are entered from every point of its body that may raise "
            "(any statement but an `if`'s test, conditions being assumed not to raise): a "
            "lookup before the guard in the same `try`, whose handler falls through, leaves "
            "the call reachable for an internal user.\n"
            "- `sys.exit()`, `exit()` and `quit()` raise `SystemExit` and `abort()` raises "
            "`HTTPException` (`except Exception` catches the latter only); "
            "`os._exit()` cannot be caught. A function (or a method called on `self`/`cls`) "
            "of the same file annotated `-> "
            "NoReturn`/`Never`, or whose body always raises, is an exit; a method called "
            "`exit`/`abort` on some object is not.\n"
            "- An exit inside a loop guards the rest of that loop body only; the code after "
            "the loop is judged as if the loop were not there.\n"
            "- A `case` pattern is a condition of its own (`case _` and capture patterns "
            "always match); a case guard is an ordinary condition.\n"
            "- A nested function or lambda is judged where it is **defined**, not where it "
            "is called: defined before the exiting guard, it is not guarded even if it is "
            "called after it.\n"
            "- A local assigned once from a formula of guard terms stands for that formula "
            "(`ok = not is_internal_user(u)`, then `if not ok: return`), also inside nested "
            "functions; a function (or a method of `self`/`cls`) of the same file whose return "
            "value is such a formula "
            "on every path (including `if GUARD: return False` / `return True`) is a guard "
            "term with that formula; falling off its end returns `None`, which is false."
        ),
        why=(
            "Employees who join customers' accounts (impersonation, onboarding, support) "
            "send identify, group and track calls that attach them to customer companies "
            "and inflate the customers' usage."
        ),
        example=(
            "def on_login(user, workspace):\n"
            "    analytics.identify(user.id, {\"email\": user.email})"
        ),
        use_instead=(
            "def on_login(user, workspace):\n"
            "    if is_internal_user(user) and not your_app(workspace):\n"
            "        return\n"
            "    analytics.identify(user.id, {\"email\": user.email})"
        ),
        fix=(
            "Wraps the statement in `if not GUARD:` (consecutive analytics statements share "
            "one `if`) and adds the `guard-import`. Safe when the `guard` setting names the "
            "expression; no fix otherwise, nor when the call's value is used or the call "
            "shares its line with another statement."
        ),
        options=("guards", "extend-guards", "guard-decorators", "guarded-methods", "guard",
                 "guard-import"),
        fixable=True,
    )
)

DEFAULT_OFF: tuple[str, ...] = tuple(code for code, rule in RULES.items() if not rule.default_on)


def rule_doc(rule: Rule, level: int = 2) -> str:
    """The rule's documentation in ruff's headings, as Markdown."""
    head, sub = "#" * level, "#" * (level + 1)
    indent = "\n".join("    " + line for line in rule.example.splitlines())
    instead = "\n".join("    " + line for line in rule.use_instead.splitlines())
    options = "\n".join(f"- `{option}`" for option in rule.options) or "None."
    default = "on" if rule.default_on else "off (select it to turn it on)"
    return (
        f"{head} {rule.code} ({rule.name})\n\n"
        f"Default: {default}. Reported at: {rule.reported_at}.\n\n"
        f"{sub} What it does\n{rule.what}\n\n"
        f"{sub} Why is this bad?\n{rule.why}\n\n"
        f"{sub} Example\n{indent}\n\n"
        f"{sub} Use instead\n{instead}\n\n"
        f"{sub} Fix safety\n{rule.fix}\n\n"
        f"{sub} Options\n{options}\n"
    )


def rules_markdown(level: int = 3) -> str:
    """Every rule's documentation (``scripts/update_docs.py`` writes docs/rules.md)."""
    return "\n".join(rule_doc(rule, level) for rule in RULES.values())
