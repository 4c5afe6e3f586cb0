"""The text splicer (the fixer's fast path) lays code out exactly as the libcst
engine does, and leaves to libcst the layouts it does not model."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from hypothesis import given

from lint_groupid.fixer import apply_fixes, verify
from lint_groupid.fixer.apply import apply_with_libcst
from lint_groupid.fixer.splice import Unsupported, splice_fixes
from lint_groupid.fixes import Fix, split_lines
from lint_groupid.runner import FileChecker
from lint_groupid.settings import Settings

from .test_fuzz import fuzz, program

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Settings(group_id="workspace.id", guard="internal_user()",
                    guard_import="app.auth:internal_user")
HEADER = "import analytics\n\n\ndef handler(user, workspace, flag, ctx, payload):\n"


def fixes_of(source: str, settings: Settings = SETTINGS) -> list[Fix]:
    result = FileChecker(settings, fingerprints=False).analyse_tree(
        "a.py", source, split_lines(source))[0]
    return [f.fix for f in result.findings if f.fix is not None]


def both(source: str) -> tuple[str, str]:
    fixes = fixes_of(source)
    assert fixes, "the case must have something to fix"
    spliced = splice_fixes(source, fixes)
    verify(source, spliced, fixes)
    return spliced, apply_with_libcst(source, fixes)


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
    "multi-line call, trailing comma": (
        'analytics.track(\n        user.id,\n        "e",\n    )'),
    "multi-line call, comment": (
        'analytics.track(\n        user.id,\n        "e",  # the event\n    )'),
    "multi-line call, no trailing comma": (
        'analytics.track(\n        user.id,\n        "e"\n    )'),
    "call, first argument on its own line": 'analytics.track(\n        user.id, "e")',
    "parenthesized arguments": 'analytics.track((user.id), ( "e" ) )',
    "keyword with parentheses last": 'analytics.track(user.id, event=("e"))',
    "star arguments": 'analytics.track(*payload)',
    "double star arguments": 'analytics.track(user.id, "e", ** payload)',
    "awaited": 'await analytics.track(user.id, "e")',
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
}


@pytest.mark.parametrize("name", BODIES)
def test_splice_lays_out_as_libcst(name: str) -> None:
    source = HEADER.replace("def ", "async def ") + f"    {BODIES[name]}\n"
    spliced, with_libcst = both(source)
    assert spliced == with_libcst


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
    "import analytics\n\n\nclass A:\n    def f(self, u):\n        analytics.identify(u)\n",
    HEADER + '    analytics.track(user.id, """a\n  b""", {\n        "ip": """c\n    d""",\n'
    '        "x": ("e"\n            "f"),\n    })\n',
    "# licence\n\n# more\n@decorated\ndef f(u):\n    import analytics\n"
    "    analytics.identify(u)\n",
    "x = 1\nimport analytics\nanalytics.identify(1)\n",
])
def test_imports_and_indentation_as_libcst(source: str) -> None:
    spliced, with_libcst = both(source)
    assert spliced == with_libcst


def test_blank_lines_in_a_wrapped_run_stay_blank() -> None:
    """libcst would indent them (trailing whitespace, W293); the splicer does not."""
    source = "import analytics\n\nanalytics.identify(1)\n\nanalytics.identify(2)\n"
    spliced = splice_fixes(source, fixes_of(source))
    assert spliced.endswith("if not internal_user():\n    analytics.identify(1)\n\n"
                            "    analytics.identify(2)\n")


@pytest.mark.parametrize("source", [
    HEADER + '    analytics.track(user.id, "a" \\\n        "b")\n',
    HEADER + '    analytics.track(user.id, \\\n        "e")\n',
    "import analytics\nanalytics.track(1, f\"\"\"a\n{b}\"\"\")\n",
])
def test_other_layouts_are_left_to_libcst(source: str) -> None:
    fixes = fixes_of(source)
    assert fixes
    with pytest.raises(Unsupported):
        splice_fixes(source, fixes)
    fixed = apply_fixes(source, fixes)  # the libcst engine does them
    verify(source, fixed, fixes)
    assert fixed == apply_with_libcst(source, fixes)


@pytest.mark.parametrize("case", sorted((ROOT / "fixtures" / "fix").glob("*.py")),
                         ids=lambda p: p.stem)
def test_fixture_pairs_are_spliced(case: Path) -> None:
    """The fixture pairs take the fast path (their expected output is libcst's)."""
    text = case.read_bytes().decode("utf-8", errors="replace")
    fixes = fixes_of(text, Settings(group_id="workspace.id", guard="internal_user()",
                                    guard_import="app.auth:internal_user"))
    if fixes:
        assert splice_fixes(text, fixes) == apply_with_libcst(text, fixes)


@fuzz
@given(program())
def test_generated_programs_splice_as_libcst(source: str) -> None:
    fixes = fixes_of(source)
    if fixes:
        assert splice_fixes(source, fixes) == apply_with_libcst(source, fixes)


# calls of the standard library, renamed into analytics calls: real layouts to fix
_RENAMED = re.compile(r"\b[A-Za-z_][\w.]*\.(append|write|extend|add|info|debug|warning)\(")


def _as_analytics_calls(source: str) -> str:
    return _RENAMED.sub(lambda m: "analytics.track(" if m.group(1) in (
        "append", "write", "extend", "add") else "analytics.identify(", source)


def _blank_lines_emptied(text: str) -> str:
    return "".join(line if line.strip() else line.lstrip(" \t")
                   for line in split_lines(text))


@pytest.mark.slow
def test_splice_as_libcst_on_the_standard_library() -> None:
    """Standard-library modules whose method calls are renamed to analytics calls:
    thousands of fixes in real layouts. The splicer's output verifies, and is
    libcst's (but for blank lines in wrapped runs) wherever libcst writes the
    module back unchanged; the splicer takes most of them."""
    import libcst

    stdlib = Path(sysconfig.get_paths()["stdlib"])
    settings = Settings(clients=("analytics",), group_id="workspace.id",
                        guard="internal_user()", guard_import="app.auth:internal_user")
    compared = spliced_files = 0
    for path in sorted(stdlib.glob("*.py")):
        try:
            source = _as_analytics_calls(path.read_text(encoding="utf-8"))
            ast.parse(source)
        except (UnicodeDecodeError, SyntaxError, ValueError):
            continue
        fixes = fixes_of(source, settings)
        if not fixes:
            continue
        compared += 1
        try:
            spliced = splice_fixes(source, fixes)
        except Unsupported:
            continue
        spliced_files += 1
        verify(source, spliced, fixes)
        if libcst.parse_module(source).code == source:
            assert _blank_lines_emptied(spliced) == \
                _blank_lines_emptied(apply_with_libcst(source, fixes)), path.name
        if compared == 60:
            break
    assert compared == 60
    assert spliced_files >= 50


def test_fix_loads_libcst_only_for_layouts_left_to_it(tmp_path: Path) -> None:
    """The fast path: ``fix`` does not even import libcst for a layout it splices."""
    spliced = HEADER + '    analytics.track(user.id, "e")\n'
    left = HEADER + '    analytics.track(user.id, \\\n        "e")\n'
    code = ("import sys, lint_groupid.cli as c\n"
            "c.main(['fix', '-q', '--diff', '--group-id', 'workspace.id', sys.argv[1]])\n"
            "print('libcst' in sys.modules)")
    loaded = []
    for number, source in enumerate((spliced, left)):
        path = tmp_path / f"case{number}.py"
        path.write_text(source, encoding="utf-8")
        result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                                text=True, cwd=tmp_path, check=False,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert 'context={"groupId": workspace.id})' in result.stdout  # fixed either way
        loaded.append(result.stdout.strip().splitlines()[-1])
    assert loaded == ["False", "True"]
