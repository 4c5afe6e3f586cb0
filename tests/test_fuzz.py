"""Property-based tests: no input makes the checker raise; fixes always verify.

``LINT_GROUPID_FUZZ_EXAMPLES`` raises the number of examples (CI keeps it small).
The examples are derandomized, so that a run is reproducible and CI cannot fail
on a new random draw; ``LINT_GROUPID_FUZZ_RANDOM=1`` explores new ones.
"""

from __future__ import annotations

import ast
import os
import textwrap

import hypothesmith
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint_groupid.checker import check_tree
from lint_groupid.fixer.engine import apply_fixes
from lint_groupid.fixer.verify import verify
from lint_groupid.flake8_plugin import Plugin
from lint_groupid.runner import FileChecker
from lint_groupid.settings import Settings

EXAMPLES = int(os.environ.get("LINT_GROUPID_FUZZ_EXAMPLES", "150"))
FIX_SETTINGS = Settings(group_id="workspace.id", guard="internal_user()",
                        guard_import="app.auth:internal_user")

fuzz = settings(max_examples=EXAMPLES, deadline=None,
                derandomize=not os.environ.get("LINT_GROUPID_FUZZ_RANDOM"),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@fuzz
@given(hypothesmith.from_grammar())
def test_checker_never_raises_on_valid_programs(source: str) -> None:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return  # hypothesmith's grammar admits a few programs CPython rejects
    # every name counts as an analytics client: as many calls as possible get analysed
    everything = Settings(clients=tuple({n.id for n in ast.walk(tree)
                                         if isinstance(n, ast.Name)}) or ("analytics",))
    check_tree(tree, source.splitlines(keepends=True), everything)


KEYS = st.sampled_from(["ip", "groupId", "group_id", "GroupID", "page", "locale"])
VALUES = st.sampled_from(["workspace.id", "None", '""', "'acme'", "org_id", "1"])


@st.composite
def dict_literal(draw: st.DrawFn) -> str:
    keys = draw(st.lists(KEYS, max_size=3, unique=True))
    items = [f'"{key}": {draw(VALUES)}' for key in keys]
    if draw(st.booleans()) and items:
        return "{\n            " + ",\n            ".join(items) + ",\n        }"
    return "{" + ", ".join(items) + "}"


@st.composite
def context_value(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["dict", "none", "dict-call", "name", "conditional"]))
    if kind == "dict":
        return draw(dict_literal())
    if kind == "none":
        return "None"
    if kind == "dict-call":
        keys = draw(st.lists(st.sampled_from(["ip", "groupId", "group_id"]), max_size=2,
                             unique=True))
        return "dict(" + ", ".join(f"{k}={draw(VALUES)}" for k in keys) + ")"
    if kind == "name":
        return "ctx"
    return f"{draw(dict_literal())} if flag else {draw(dict_literal())}"


@st.composite
def analytics_call(draw: st.DrawFn) -> str:
    receiver = draw(st.sampled_from(["analytics", "sa", "client", "self.client"]))
    method = draw(st.sampled_from(["track", "identify", "group", "page"]))
    positional = ["user.id"]
    if method == "track":
        positional.append('"Event"')
    elif method == "group":
        positional.append("workspace.id")
    keywords = []
    if draw(st.booleans()):
        payload = "properties" if method in ("track", "page") else "traits"
        keywords.append(f"{payload}={draw(dict_literal())}")
    context = draw(st.sampled_from(["none", "keyword", "positional", "spread"]))
    if context == "keyword":
        keywords.append(f"context={draw(context_value())}")
    elif context == "positional" and method == "track":
        positional.extend([draw(dict_literal()), draw(context_value())])
    elif context == "spread":
        keywords.append("**payload")
    arguments = positional + keywords
    if draw(st.booleans()):
        separator = draw(st.sampled_from([",\n        ", ",  # a comment\n        "]))
        trailing = "," if draw(st.booleans()) else ""
        return (f"{receiver}.{method}(\n        " + separator.join(arguments) +
                f"{trailing}\n    )")
    return f"{receiver}.{method}(" + ", ".join(arguments) + ")"


@st.composite
def program(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        call = draw(analytics_call())
        guard = draw(st.sampled_from(["", "if not internal_user():", "exit-guard"]))
        if guard == "exit-guard":
            lines.append("    if is_internal_user(user):\n        return\n")
            lines.append(f"    {call}\n")
        elif guard:
            lines.append(f"    {guard}\n" + textwrap.indent(f"    {call}\n", "    "))
        else:
            lines.append(f"    {call}\n")
    header = (
        "import analytics\nimport segment.analytics as sa\nfrom analytics import Client\n"
        "client = Client('key')\npayload = {'event': 'e'}\n\n\n"
        "class Handler:\n    def __init__(self):\n        self.client = Client('key')\n\n"
        "    def handle(self, user, workspace, org_id, flag):\n"
        "        ctx = {'ip': user.ip}\n        self.run(user, workspace, org_id, flag, ctx)\n\n\n"
        "def run(user, workspace, org_id, flag, ctx, self=None):\n"
    )
    return header + "".join(lines)


def _findings(source: str, settings_: Settings = FIX_SETTINGS) -> list[object]:
    checker = FileChecker(settings_, fingerprints=False)
    return checker.analyse_tree("a.py", source, source.splitlines(keepends=True))[0].findings


@fuzz
@given(program())
def test_fix_output_parses_is_idempotent_and_leaves_nothing_fixable(source: str) -> None:
    ast.parse(source)
    findings = _findings(source)
    fixes = [f.fix for f in findings if f.fix is not None]  # type: ignore[attr-defined]
    if not fixes:
        return
    applied = apply_fixes(source, fixes)
    assert applied.failed == []
    fixed = applied.text
    verify(source, fixed, applied.applied)
    ast.parse(fixed)
    after = _findings(fixed)
    assert [f for f in after if f.fix is not None] == []  # type: ignore[attr-defined]


@fuzz
@given(program())
def test_flake8_plugin_and_cli_agree(source: str) -> None:
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    Plugin.settings = Settings()
    # standard input: both engines in the per-file view
    from_plugin = sorted((line, column + 1, message.split()[0])
                         for line, column, message, _ in Plugin(tree, lines, "stdin").run())
    from_cli = sorted((f.line, f.column, f.code)  # type: ignore[attr-defined]
                      for f in _findings(source, Settings(select=("GID",))))
    assert from_plugin == from_cli
