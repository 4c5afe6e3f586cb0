"""The fixing engine: libcst at statement scope, in every layout, never the whole file,
and a failed edit costs only its own finding."""

from __future__ import annotations

import ast
import re
import sys
import sysconfig
from pathlib import Path

import pytest

from lint_groupid.fixer import engine
from lint_groupid.fixer.engine import apply_fixes
from lint_groupid.fixer.kinds import AddToDict
from lint_groupid.fixer.layout import Layout, project_layout
from lint_groupid.fixer.model import Fix
from lint_groupid.fixer.pipeline import FileFixer
from lint_groupid.fixer.verify import verify
from lint_groupid.positions import split_lines
from lint_groupid.runner import FileChecker
from lint_groupid.settings import Settings

SETTINGS = Settings(group_id="workspace.id", guard="internal_user()",
                    guard_import="app.auth:internal_user")
HEADER = "import analytics\n\n\nasync def handler(user, workspace, flag, ctx, payload):\n"


def fixes_of(source: str, settings: Settings = SETTINGS) -> list[Fix]:
    result, _ = FileChecker(settings, fingerprints=False).analyse_tree(
        "a.py", source, split_lines(source))
    return [f.fix for f in result.findings if f.fix is not None]


def fixed(source: str, settings: Settings = SETTINGS, layout: Layout | None = None) -> str:
    """``source`` fixed: every fix made, verified, and nothing left to fix after."""
    fixes = fixes_of(source, settings)
    assert fixes, "the case must have something to fix"
    applied = apply_fixes(source, fixes, layout=layout)
    assert applied.failed == []
    verify(source, applied.text, fixes)
    assert fixes_of(applied.text, settings) == []
    return applied.text


BODIES = {
    "one line": 'analytics.track(user.id, "e")',
    "no arguments": "analytics.track( )",
    "empty dict": 'analytics.track(user.id, "e", context={ })',
    "dict one line": 'analytics.track(user.id, "e", context={"ip": 1})',
    "dict single quotes": "analytics.track(user.id, 'e', context={'ip': 1, **payload})",
    "dict spread last": 'analytics.track(user.id, "e", context={**payload})',
    "dict multi-line, trailing comma": (
        'analytics.track(user.id, "e", context={\n        "ip": 1,\n    })'),
    "dict multi-line, comment": (
        'analytics.track(user.id, "e", context={\n        "ip": 1,  # why\n    })'),
    "dict multi-line, no trailing comma": (
        'analytics.track(user.id, "e", context={\n        "ip": 1\n    })'),
    "dict(...) call": 'analytics.track(user.id, "e", context=dict(ip=1))',
    "positional dict": 'analytics.track(user.id, "e", {}, {"ip": 1})',
    "None": 'analytics.track(user.id, "e", {}, None)',
    "None in parentheses": 'analytics.track(user.id, "e", context=(None))',
    "spread a local": 'c = {"ip": 1}\n    analytics.track(user.id, "e", context=c)',
    "spread in parentheses": 'c = {"ip": 1}\n    analytics.track(user.id, "e", context=( c ))',
    "spread positional": 'c = {"ip": 1}\n    analytics.track(user.id, "e", {}, (c))',
    "spread positional after comments": (
        'analytics.track(\n        user.id,  # who\n        "e",  # what\n        {},  # props\n'
        '        {} if flag else {}\n    )'),
    "spread keyword, parentheses and a comment": (
        'c = {"ip": 1}\n    analytics.track(user.id, "e", context=(  # why\n        c))'),
    "rename": 'analytics.track(user.id, "e", context={"group_id": workspace.id})',
    "rename prefixed": "analytics.track(user.id, 'e', context={u'group_id': workspace.id})",
    "rename keyword": 'analytics.track(user.id, "e", context=dict(group_id=workspace.id))',
    "rename both branches": (
        'analytics.track(user.id, "e", context={"group_id": 1} if flag else {"GroupID": 2})'),
    "multi-line call, trailing comma": 'analytics.track(\n        user.id,\n        "e",\n    )',
    "multi-line call, comment": (
        'analytics.track(\n        user.id,\n        "e",  # the event\n    )'),
    "multi-line call, no trailing comma": 'analytics.track(\n        user.id,\n        "e"\n    )',
    "call, first argument on its own line": 'analytics.track(\n        user.id, "e")',
    "parenthesized arguments": 'analytics.track((user.id), ( "e" ) )',
    "keyword with parentheses last": 'analytics.track(user.id, event=("e"))',
    "star arguments": 'analytics.track(*payload)',
    "double star arguments": 'analytics.track(user.id, "e", ** payload)',
    "awaited": 'await analytics.track(user.id, "e")',
    "generator argument": "analytics.track(x for x in payload)",
    "backslash continuation": 'analytics.track(user.id, \\\n        "e")',
    "semicolons": 'x = 1; analytics.track(user.id, "e", context={})',
    "run of calls with comments": (
        'analytics.identify(user.id)\n    # the next one\n    analytics.track(user.id, "e")\n'
        '  # dedented comment\n    analytics.group(user.id, workspace.id)'),
    "continuation lines less indented": 'analytics.track(\nuser.id,\n        "e")',
    "in a nested block": (
        'for item in payload:\n        if flag:\n            analytics.track(user.id, item)\n'
        '        else:\n            pass'),
    "in try and except": (
        'try:\n        analytics.track(user.id, "e")\n    except ValueError:\n'
        '        analytics.identify(user.id)\n    finally:\n        pass'),
    "in an elif": (
        'if flag:\n        pass\n    elif payload:\n        analytics.track(user.id, "e")'),
    "in a string spanning lines": 'analytics.track(user.id, """a\n  b""", {"x": """c\n d"""})',
    "nested calls": 'analytics.track(user.id, str(analytics.identify(user.id)))',
}


@pytest.mark.parametrize("name", BODIES)
def test_every_layout_is_fixed_verified_and_converges(name: str) -> None:
    fixed(HEADER + f"    {BODIES[name]}\n")


@pytest.mark.parametrize("source", [
    "import analytics\nanalytics.identify(1)\n# c\nanalytics.identify(\n2)\n",
    '"""Doc."""\nimport analytics\nfrom app.auth import other  # keep\n\n'
    "analytics.identify(1)\n",
    '"""Doc."""\nfrom app.auth import zeta as z, alpha\nimport analytics\n'
    "analytics.identify(1)\n",
    "import analytics\nfrom app.auth import internal_user\nanalytics.identify(1)\n",
    "from __future__ import annotations\nimport analytics\n\n\ndef f(u):\n"
    "\tanalytics.identify(u)\n\tanalytics.track(u, 'e')\n",
    "import analytics\r\n\r\ndef f(u):\r\n  analytics.track(u, 'e', context={\r\n"
    "      'ip': 1,\r\n  })\r\n",
    "import analytics\rdef f(u):\r  analytics.track(u, 'e')\r",
    "import analytics\n\n\nclass A:\n    def f(self, u):\n        analytics.identify(u)\n",
    "# licence\n\n# more\n@decorated\ndef f(u):\n    import analytics\n"
    "    analytics.identify(u)\n",
    "x = 1\nimport analytics\nanalytics.identify(1)\n",
    "import analytics\nanalytics.identify(1)",  # no final line end
])
def test_imports_indentation_and_line_ends(source: str) -> None:
    text = fixed(source)
    ending = "\r\n" if "\r\n" in source else "\r" if "\r" in source else "\n"
    assert all(line.endswith(ending) for line in split_lines(text)[:-1])
    assert any(line.startswith("from app.auth import") and "internal_user" in line
               for line in split_lines(text))


def test_extended_import_keeps_layout_and_comments() -> None:
    source = ("from app.auth import (  # the auth helpers\n"
              "    your_app,  # the app a teammate opened\n"
              "    current_workspace  # the workspace\n"
              ")\nimport analytics\n\nanalytics.identify(1)\n")
    assert fixed(source).startswith(
        "from app.auth import (  # the auth helpers\n"
        "    your_app,  # the app a teammate opened\n"
        "    current_workspace,  # the workspace\n"
        "    internal_user\n"
        ")\n")
    one_line = "from app.auth import alpha, zeta\nimport analytics\nanalytics.identify(1)\n"
    assert fixed(one_line).startswith("from app.auth import alpha, internal_user, zeta\n")


def test_new_import_above_a_def_leaves_two_blank_lines() -> None:
    source = '"""Doc."""\n\ndef f(u):\n    import analytics\n    analytics.identify(u)\n'
    assert fixed(source).startswith('"""Doc."""\nfrom app.auth import internal_user\n\n\n'
                                    "def f(u):\n")


def test_blank_lines_in_a_wrapped_run_stay_blank() -> None:
    source = "import analytics\n\nanalytics.identify(1)\n\nanalytics.identify(2)\n"
    assert fixed(source).endswith(
        "if not internal_user():\n    analytics.identify(1)\n\n    analytics.identify(2)\n")


def test_new_blocks_use_the_files_indentation() -> None:
    source = "import analytics\nif x:\n  if y: analytics.identify(1)\n"
    assert fixed(source).endswith(
        "if x:\n  if y:\n    if not internal_user():\n      analytics.identify(1)\n")


def test_a_long_line_puts_the_call_one_argument_a_line() -> None:
    source = HEADER + '    analytics.track(user.id, "A rather long event name", {"a": 1})\n'
    text = fixed(source, layout=Layout(line_length=60))
    assert text.endswith(
        "    if not internal_user():\n"
        "        analytics.track(\n"
        "            user.id,\n"
        '            "A rather long event name",\n'
        '            {"a": 1},\n'
        '            context={"groupId": workspace.id},\n'
        "        )\n")
    assert "\n        analytics.track(user.id" in fixed(source, layout=Layout(line_length=200))


def test_fstring_quotes_follow_the_oldest_python() -> None:
    source = HEADER + '    print(f"{analytics.track(user.id, \'e\')}")  # noqa: GID201\n'
    old = fixed(source, layout=Layout(oldest_python=(3, 9)))
    assert "context={'groupId': workspace.id}" in old
    if sys.version_info >= (3, 12):  # PEP 701: the f-string's own quotes are fine
        new = fixed(source, layout=Layout(oldest_python=(3, 12)))
        assert 'context={"groupId": workspace.id}' in new


def test_no_whole_file_parse_below_ten_edits(monkeypatch: pytest.MonkeyPatch) -> None:
    import libcst

    source = HEADER + "".join(f'    analytics.track(user.id, "e{n}")\n' for n in range(9))
    parsed: list[str] = []
    real = libcst.parse_module

    def counting(code: str, *args: object, **kwargs: object) -> libcst.Module:
        parsed.append(code)
        return real(code)

    monkeypatch.setattr(libcst, "parse_module", counting)
    before = engine.stats.whole_file_parses
    fixed(source, Settings(group_id="workspace.id", ignore=("GID2",)))
    # one statement at a time, inside the `if True:` that keeps its indentation valid
    assert len(parsed) == 9 and all(code.count("\n") == 2 for code in parsed)
    assert engine.stats.whole_file_parses == before


def test_a_failed_edit_costs_only_its_finding(workdir: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    source = (HEADER + '    analytics.track(user.id, "a", context={"ip": 1})  # noqa: GID201\n'
              '    analytics.track(user.id, "b")  # noqa: GID201\n')
    (workdir / "a.py").write_text(source, encoding="utf-8")

    def refuse(self: AddToDict, edit: object, node: object, quote: object) -> object:
        raise ValueError("no")

    monkeypatch.setattr(AddToDict, "apply", refuse)
    settings = SETTINGS.with_overrides(root=str(workdir))  # the project: this folder
    outcome = FileFixer(FileChecker(settings, fingerprints=False)).process("a.py")
    text = (workdir / "a.py").read_text("utf-8")
    assert '"b", context={"groupId": workspace.id})' in text
    assert 'context={"ip": 1})' in text
    assert [(f.line, f.code) for f in outcome.remaining] == [(5, "GID101")]
    assert outcome.reason(0) == "the fix failed: libcst could not make the edit: no"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(("files", "setting", "expected"), [
    ({}, None, None),
    ({"pyproject.toml": "[tool.ruff]\nline-length = 90\n"}, None, 90),
    ({"ruff.toml": "line-length = 91\n"}, None, 91),
    ({"pyproject.toml": "[tool.black]\nline-length = 92\n"}, None, 92),
    ({"setup.cfg": "[flake8]\nmax-line-length = 93\n"}, None, 93),
    ({"tox.ini": "[flake8]\nmax-line-length = 94\n"}, None, 94),
    ({".flake8": "[flake8]\nmax_line_length = 95\n"}, None, 95),
    ({"pyproject.toml": "[tool.ruff]\nline-length = 90\n[tool.black]\nline-length = 92\n"},
     None, 90),
    ({"pyproject.toml": "[tool.ruff]\nline-length = 90\n"}, 70, 70),
])
def test_line_length_from_the_project(tmp_path: Path, files: dict[str, str],
                                      setting: int | None, expected: int | None) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert project_layout(str(tmp_path), setting).line_length == expected


@pytest.mark.parametrize(("requires", "oldest"), [
    (">=3.9", (3, 9)), (">=3.12", (3, 12)), ("~=3.10", (3, 10)), (">3.11", (3, 12)),
    (None, (3, 9)),
])
def test_oldest_python_from_requires_python(tmp_path: Path, requires: str | None,
                                            oldest: tuple[int, int]) -> None:
    project = '[project]\nname = "x"\n' + (f'requires-python = "{requires}"\n' if requires else "")
    (tmp_path / "pyproject.toml").write_text(project, encoding="utf-8")
    assert project_layout(str(tmp_path)).oldest_python == oldest


# calls of the standard library, renamed into analytics calls: real layouts to fix
_RENAMED = re.compile(r"\b[A-Za-z_][\w.]*\.(append|write|extend|add|info|debug|warning)\(")


def _as_analytics_calls(source: str) -> str:
    return _RENAMED.sub(lambda m: "analytics.track(" if m.group(1) in (
        "append", "write", "extend", "add") else "analytics.identify(", source)


@pytest.mark.slow
def test_the_standard_library_as_a_corpus_of_layouts() -> None:
    """Standard-library modules whose method calls are renamed to analytics calls:
    thousands of fixes in real layouts. Every fix is made, the result verifies, and
    a module with fewer than ten edits is never parsed whole by libcst."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    settings = Settings(clients=("analytics",), group_id="workspace.id",
                        guard="internal_user()", guard_import="app.auth:internal_user")
    modules = edits = 0
    for path in sorted(stdlib.glob("*.py")):
        try:
            source = _as_analytics_calls(path.read_text(encoding="utf-8"))
            tree = ast.parse(source)
        except (UnicodeDecodeError, SyntaxError, ValueError):
            continue
        fixes = fixes_of(source, settings)
        if not fixes:
            continue
        before = engine.stats.whole_file_parses
        applied = apply_fixes(source, fixes, tree)
        assert applied.failed == [], path.name
        verify(source, applied.text, fixes, tree)
        if len(fixes) < 10:
            assert engine.stats.whole_file_parses == before, path.name
        modules += 1
        edits += len(fixes)
    assert modules > 100 and edits > 2000


def test_renamed_keys_are_found_through_their_dict_call_or_subscript() -> None:
    """A misspelled key is reached as a child of the dict, call or subscript that holds
    it: concatenated, parenthesized, a ``setdefault`` argument, a subscript's index."""
    source = (
        "import analytics\n\n\n"
        "def first(user, workspace):\n"
        '    analytics.track(user.id, "a", context={"group" "_id": workspace.id})\n\n\n'
        "def second(user, workspace):\n"
        "    ctx = {}\n"
        '    ctx.setdefault("group_id", workspace.id)\n'
        '    analytics.track(user.id, "b", context=ctx)\n\n\n'
        "def third(user, workspace):\n"
        "    ctx = {}\n"
        '    ctx[("groupID")] = workspace.id\n'
        '    analytics.track(user.id, "c", context=ctx)\n\n\n'
        "def fourth(user, workspace):\n"
        "    analytics.track(user.id, f\"{ {'k': 1}['k'] }\","
        " context={('group_id'): workspace.id})\n")
    expected = (source.replace('{"group" "_id"', '{"groupId"')
                .replace('setdefault("group_id"', 'setdefault("groupId"')
                .replace('ctx[("groupID")]', 'ctx[("groupId")]')
                .replace("{('group_id')", "{('groupId')"))
    assert fixed(source, Settings()) == expected
