"""Project-wide resolution (SPEC "Which calls are analytics calls"): small projects
of several modules, each with its expectations inline (``# expect: CODE``).

The cases in ``tests/project_cases.py`` were written by hand from SPEC, a
positive and a negative case per resolution form, most across modules. Each
project is written to a temporary folder and checked as ``lint-groupid check``
would check it (project index, selection with GID105 on).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from lint_groupid.project import index as index_module
from lint_groupid.project.index import ProjectIndex
from lint_groupid.runner import FileChecker, run_paths
from lint_groupid.settings import Settings, load_settings
from tests.project_cases import CASES

EXPECT = re.compile(r"# expect: (?P<codes>GID\d+(?:, GID\d+)*)")


def write_project(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def expected(root: Path, files: dict[str, str], checked: list[str]) -> set[tuple[str, int, str]]:
    marks = set()
    for relative, text in files.items():
        if not relative.endswith(".py"):
            continue
        if not any(relative == c or relative.startswith(c.rstrip("/") + "/") or c == "."
                   for c in checked):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            match = EXPECT.search(line)
            if match:
                marks.update((relative, number, code) for code in match.group("codes").split(", "))
    return marks


def check_project(root: Path, paths: list[str]) -> set[tuple[str, int, str]]:
    config = root / "pyproject.toml"
    settings = load_settings(str(config) if config.exists() else None, [str(root)])
    settings = settings.with_overrides(extend_select=("GID105",))
    project = ProjectIndex.for_settings(settings, use_cache=False)
    checker = FileChecker(settings, project=project)
    found = set()
    # as the command line runs it: a whole run decides first which modules can matter
    for result in run_paths([str(root / p) for p in paths], checker, settings, 1):
        relative = Path(os.path.relpath(result.path, root)).as_posix()
        found.update((relative, f.line, f.code) for f in result.findings)
    return found


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_project_case(case: tuple[str, dict[str, str], dict[str, list[str]]],
                      tmp_path: Path) -> None:
    _name, files, options = case
    root = tmp_path / "project"
    write_project(root, files)
    paths = options.get("paths", ["."])
    assert check_project(root, paths) == expected(root, files, paths)


# -- bad input: what the index cannot read contributes nothing; it never loops --------


def _run(root: Path) -> set[tuple[str, int, str]]:
    return check_project(root, ["."])


def test_symlink_loops_and_links_outside(tmp_path: Path) -> None:
    root = tmp_path / "project"
    write_project(root, {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "app/__init__.py": "",
        "app/telemetry.py": "from segment.analytics import Client\nclient = Client('k')\n",
        "app/views.py": "from app.telemetry import client\nfrom app.loop import x\n"
                        "from app.outside import y\n\ndef v(u):\n    client.track(u, 'e')\n",
    })
    (root / "app" / "loop").symlink_to(root / "app", target_is_directory=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "y.py").write_text("import analytics\ny = analytics\n", encoding="utf-8")
    (root / "app" / "outside").symlink_to(outside, target_is_directory=True)
    assert _run(root) == {("app/views.py", 6, "GID101"), ("app/views.py", 6, "GID201")}


def test_unreadable_and_binary_modules_contribute_nothing(tmp_path: Path) -> None:
    root = tmp_path / "project"
    write_project(root, {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "app/__init__.py": "",
        "app/views.py": "from app.broken import client\nfrom app.binary import other\n\n"
                        "def v(u):\n    client.track(u, 'e')\n    other.track(u, 'e')\n",
    })
    (root / "app" / "broken.py").write_bytes(b"import analytics\nclient = (\n")
    (root / "app" / "binary.py").write_bytes(b"\x00\xff analytics \x00")
    found = _run(root)
    assert ("app/broken.py", 2, "GID000") in found or ("app/broken.py", 3, "GID000") in found
    assert {f for f in found if f[0] == "app/views.py"} == set()


@pytest.mark.slow
def test_a_twenty_thousand_file_tree(tmp_path: Path) -> None:
    root = tmp_path / "project"
    write_project(root, {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "app/__init__.py": "",
        "app/telemetry.py": "from segment.analytics import Client\nclient = Client('k')\n",
    })
    for folder in range(100):
        package = root / "app" / f"p{folder}"
        package.mkdir()
        (package / "__init__.py").write_text("", encoding="utf-8")
        for number in range(200):
            (package / f"m{number}.py").write_text(
                f"from app.p{folder} import m{(number + 1) % 200} as nxt\nX = {number}\n",
                encoding="utf-8")
    (root / "app" / "p0" / "m0.py").write_text(
        "from app.telemetry import client\nfrom app.p0 import m1\n\ndef v(u):\n"
        "    client.track(u, 'e')\n", encoding="utf-8")
    assert _run(root) == {("app/p0/m0.py", 5, "GID101"), ("app/p0/m0.py", 5, "GID201")}


def test_a_whole_run_and_file_by_file_runs_agree(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """From 64 files on, which modules can matter is decided by words for the whole
    project; below, by following each file's imports. Same findings either way,
    through re-exports that never spell ``analytics``."""
    files = {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "app/__init__.py": "",
        "app/telemetry.py": "from segment.analytics import Client\nsink = Client('k')\n",
        "app/core/__init__.py": "from app.telemetry import sink as events\n",
        "app/core/hub.py": "from app.core import events\n\nbus = events\n",
        "app/views.py": "from app.core.hub import bus\n\ndef v(u):\n"
                        "    bus.track(u, 'e')  # expect: GID101, GID201\n",
    }
    for number in range(70):
        files[f"app/filler/m{number}.py"] = f"from app.filler import m{(number + 1) % 70}\n"
    files["app/filler/__init__.py"] = ""
    root = tmp_path / "project"
    write_project(root, files)
    prepared: list[int] = []
    original = ProjectIndex.prepare

    def spy(self: ProjectIndex, paths: list[str]) -> None:
        prepared.append(len(list(paths)))
        original(self, paths)

    monkeypatch.setattr(ProjectIndex, "prepare", spy)
    whole = check_project(root, ["."])
    assert prepared == [76]  # the whole run decided by words
    one_by_one: set[tuple[str, int, str]] = set()
    for relative in files:
        if relative.endswith(".py"):
            one_by_one |= check_project(root, [relative])
    assert prepared == [76]  # and no single-file run did
    assert whole == one_by_one == expected(root, files, ["."])


def test_the_fix_at_a_wrapper_call_fills_its_own_context_parameter(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from lint_groupid import cli

    root = tmp_path / "project"
    write_project(root, {
        "pyproject.toml": '[tool.lint-groupid]\ngroup-id = "workspace.id"\n',
        "app/__init__.py": "",
        "app/tracking.py": "import analytics\n\ndef track(user, event, ctx=None):\n"
                           "    if user.is_staff:\n        return\n"
                           "    analytics.track(user, event, context=ctx)\n",
        "app/views.py": "from app.tracking import track\n\ndef view(user, workspace):\n"
                        "    track(user, 'Opened')\n",
    })
    monkeypatch.chdir(root)
    assert cli.main(["fix", "-q", "--no-cache", "."]) == 0
    assert (root / "app" / "views.py").read_text(encoding="utf-8").endswith(
        "    track(user, 'Opened', ctx={\"groupId\": workspace.id})\n")
    capsys.readouterr()
    assert cli.main(["check", "-q", "--no-cache", "."]) == 0


def test_fixes_at_wrappers_that_pass_positions_on_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A wrapper that passes ``*args``/``**kwargs`` on takes its context by position
    too, and one whose context parameter is positional-only cannot take it by
    keyword: the fixed code must run (adversarial round adv1)."""
    import subprocess
    import sys

    from lint_groupid import cli

    root = tmp_path / "project"
    write_project(root, {
        "pyproject.toml": '[tool.lint-groupid]\ngroup-id = "org.id"\n',
        "app/__init__.py": "",
        "app/tracking.py": "import analytics\n\ndef track(*args, **kwargs):\n"
                           "    analytics.track(*args, **kwargs)\n\n"
                           "def track_po(user_id, event, ctx=None, /):\n"
                           "    analytics.track(user_id, event, None, ctx)\n",
        "app/views.py": "from app.tracking import track, track_po\n\ndef view(user, org):\n"
                        "    track(user, 'Opened', {}, None)\n"
                        "    track(user, 'Opened')\n"
                        "    track_po(user, 'Opened')\n",
    })
    # a stand-in for the SDK, outside the project, with its signature: records the
    # contexts it was given
    write_project(tmp_path / "stubs", {
        "analytics/__init__.py": "CALLS = []\n\ndef track(user_id, event, properties=None,"
                                 " context=None, timestamp=None):\n"
                                 "    CALLS.append(context)\n"})
    monkeypatch.chdir(root)
    capsys.readouterr()
    assert cli.main(["check", "--no-cache", "--select", "GID101", "app/views.py"]) == 1
    assert [line.split(": ")[1][:6] for line in capsys.readouterr().out.splitlines()
            if ": GID" in line] == ["GID101"] * 3
    cli.main(["fix", "-q", "--no-cache", "."])
    assert (root / "app" / "views.py").read_text(encoding="utf-8").splitlines()[3:] == [
        "    track(user, 'Opened', {}, {\"groupId\": org.id})",
        "    track(user, 'Opened', context={\"groupId\": org.id})",
        "    track_po(user, 'Opened')",  # positional-only: reported, not fixed
    ]
    ran = subprocess.run(
        [sys.executable, "-c", "import types, analytics, app.views as v; "
         "v.view('u', types.SimpleNamespace(id=7)); print(analytics.CALLS)"],
        cwd=root, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path / "stubs"), str(root)])})
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "[{'groupId': 7}, {'groupId': 7}, None]"


def test_wrapper_forms_read_back_from_the_summary_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The summaries' new argument uses (a passed-on ``*args``, a context defaulted
    to one with groupId, a keyword taken from ``**kwargs``) survive the cache: a
    caller analysed again with its imports' summaries read from disk is judged as
    with no cache at all."""
    from lint_groupid import cli

    root = tmp_path / "project"
    write_project(root, {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "app/__init__.py": "",
        "app/tracking.py": "import analytics\n\n"
                           "def by_star(*args, **kwargs):\n    analytics.track(*args, **kwargs)\n\n"
                           "def by_default(uid, event, context=None):\n"
                           "    context = context or {'groupId': 1}\n"
                           "    analytics.track(uid, event, context=context)\n\n"
                           "def by_pop(uid, event, **kwargs):\n"
                           "    analytics.track(uid, event, context=kwargs.pop('ctx', None))\n",
        "app/views.py": "from app.tracking import by_default, by_pop, by_star\n\n"
                        "def view(user, org):\n"
                        "    by_star(user.id, 'A', {}, {'groupId': org.id})\n"
                        "    by_star(user.id, 'A', {}, {})\n"
                        "    by_default(user.id, 'A')\n"
                        "    by_default(user.id, 'A', {'ip': 1})\n"
                        "    by_pop(user.id, 'A', ctx={'groupId': org.id})\n"
                        "    by_pop(user.id, 'A')\n",
    })
    monkeypatch.chdir(root)

    def findings(*options: str) -> list[str]:
        capsys.readouterr()
        cli.main(["check", "--select", "GID1", *options, "app/views.py"])
        return [line for line in capsys.readouterr().out.splitlines() if ": GID" in line]

    expected = ["app/views.py:5:5: GID101 by_star() call has no groupId in its context",
                "app/views.py:7:5: GID101 by_default() call has no groupId in its context",
                "app/views.py:9:5: GID101 by_pop() call has no groupId in its context"]
    assert findings("--no-cache") == expected
    assert findings() == expected  # the summaries written
    views = root / "app" / "views.py"
    views.write_text(views.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert findings() == expected  # views analysed again, the summaries read back
    # and they were read back, not rebuilt: every kept entry loads, and the one of
    # app/tracking.py holds the new forms
    from lint_groupid.analysis.summary import ModuleSummary
    from lint_groupid.project.cache import VERSION

    entries = [json.loads(path.read_text(encoding="utf-8")) for path in
               (root / ".lint-groupid-cache").glob(f"v{VERSION}/**/*.json")]
    loaded = [ModuleSummary.from_data(entry["summary"]) for entry in entries]
    uses = {tuple(use) for summary in loaded for function in summary.functions.values()
            for call in function.calls for use in (*call.args, *call.keywords.values(),
                                                   *call.spreads)}
    assert {("*", "args"), ("param", "context", "default"),
            ("param", "kwargs", "key", "ctx")} <= uses


@pytest.mark.parametrize("use", [["param"], ["param", "kwargs", "key"],
                                 ["param", "p", "other"], ["*", "a", "b"], ["group", "x"]])
def test_a_malformed_use_in_a_kept_summary_is_rebuilt(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], use: list[str]) -> None:
    from lint_groupid import cli
    from lint_groupid.project.cache import VERSION

    root = tmp_path / "project"
    write_project(root, {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "app/__init__.py": "",
        "app/tracking.py": "import analytics\n\ndef send(uid, event, **kwargs):\n"
                           "    analytics.track(uid, event, context=kwargs.pop('ctx'))\n",
        "app/views.py": "from app.tracking import send\n\ndef view(user):\n"
                        "    send(user.id, 'A')\n",
    })
    monkeypatch.chdir(root)
    assert cli.main(["check", "-q", "--select", "GID1", "."]) == 1
    forged = 0
    for path in (root / ".lint-groupid-cache").glob(f"v{VERSION}/**/*.json"):
        entry = json.loads(path.read_text(encoding="utf-8"))
        for function in entry["summary"].get("functions", {}).values():
            for call in function.get("calls", ()):
                call["keywords"] = {name: use for name in call["keywords"]}
                forged += 1
        path.write_text(json.dumps(entry), encoding="utf-8")
    assert forged
    views = root / "app" / "views.py"
    views.write_text(views.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["check", "--select", "GID1", "."]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Error" not in err
    assert "app/views.py:4:5: GID101 send() call has no groupId in its context" in out


@pytest.mark.parametrize("prepared", [False, True])
def test_answers_shared_across_files_are_dropped_when_a_module_changes(
        tmp_path: Path, prepared: bool) -> None:
    # one index for a run: the answers of one file's linker serve the next files, until
    # a module they rest on is checked with other content (standard input, a fix); also
    # once the index is prepared (a run over many files), when no module is scanned
    write_project(tmp_path, {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "app/__init__.py": "",
        "app/helpers.py": (
            "import analytics\n\n\n"
            "def track_event(user_id, event, context=None):\n"
            "    analytics.track(user_id, event, context=context)\n"),
        "app/views.py": (
            "from app.helpers import track_event\n\n\n"
            "def view(request):\n"
            "    track_event(request.user.id, 'Viewed')\n"),
    })
    settings = load_settings(None, [str(tmp_path)])
    project = ProjectIndex.for_settings(settings, use_cache=False)
    if prepared:
        project.prepare(str(path) for path in tmp_path.rglob("*.py"))
    checker = FileChecker(settings, project=project)
    views = str(tmp_path / "app" / "views.py")
    assert [f.code for f in checker.process(views).findings] == ["GID101"]
    assert project.answers.wrappers  # remembered for the next files
    # the helper, as a fix would leave it: it adds the groupId itself
    fixed = (b"import analytics\n\n\n"
             b"def track_event(user_id, event, context=None):\n"
             b"    analytics.track(user_id, event, context={'groupId': 'w'})\n")
    helpers = str(tmp_path / "app" / "helpers.py")
    checker.analyse(helpers, fixed)
    assert not project.answers.wrappers
    (tmp_path / "app" / "helpers.py").write_bytes(fixed)
    assert checker.process(views).findings == []
    # the same content again: nothing is dropped
    remembered = dict(project.answers.wrappers)
    checker.analyse(helpers, fixed)
    assert project.answers.wrappers == remembered


_REFERENCE_IMPORTS = re.compile("(?:^|;)" + index_module._STATEMENT, re.MULTILINE)


@pytest.mark.parametrize("text", [
    "import a\nfrom b import c\n",
    "x = 1; import a; from .b import (\n    c,  # why\n    d,\n)\n",
    "from x import (\n    important,\n    import_module,\n)\nimport y\n",
    "import a, \\\n    b\nfrom . import c as d",
    '"""\nimport in_a_docstring\n"""\nvalue = "a;import b"\n',
    ";import a\n  import b\nreimport(c)\nimportlib.import_module('d')\n",
    "from x \\\n    import y\n",
    "import",
])
def test_import_lines_are_found_as_a_whole_text_scan_finds_them(text: str) -> None:
    found = [(m.span(), m.groups()) for m in index_module.import_matches(text)]
    assert found == [(m.span(), m.groups()) for m in _REFERENCE_IMPORTS.finditer(text)]


def test_import_lines_of_the_standard_library_are_found_as_a_scan_finds_them() -> None:
    sources = sorted(Path(os.path.dirname(os.__file__)).glob("*.py"))[:150]
    assert len(sources) > 100
    for source in sources:
        text = source.read_text(encoding="utf-8", errors="replace")
        found = [(m.span(), m.groups()) for m in index_module.import_matches(text)]
        expected = [(m.span(), m.groups()) for m in _REFERENCE_IMPORTS.finditer(text)]
        assert found == expected, source.name


@pytest.mark.parametrize(("source", "uses"), [
    ('"""Reports: schema="analytics" by default."""\nimport os\n', False),
    ("# analytics: see the wiki\nx = {'team': 'analytics'}\n", False),
    ("x = 'the analytics team'\n", False),
    ("import analytics\n", True),
    ("from segment import analytics as a\n", True),
    ("from app.analytics.views import v\n", True),
    ("from google.cloud.bigquery_analyticshub_v1 import Client\n", False),
    ("import rudder_analytics\n", True),  # (the SDK's module: a word of its own)
    ("from rudder_analytics import track\n", True),
    ("import segment\nsegment.analytics.track('u', 'e')\n", True),
    ("def f():\n    return analytics.track('u', 'e')\n", True),  # an unbound client name
    ("class T:\n    analytics = None\n    def f(self):\n        analytics.track()\n", True),
    ("def f():\n    analytics = 1\n\ndef g():\n    analytics.track('u', 'e')\n", True),
    ("def f(analytics):\n    analytics.track('u', 'e')\n", False),  # a parameter
    ("def f():\n    analytics = get()\n    return analytics.track()\n", False),  # a local
    ("class T:\n    analytics: Optional[Analytics] = None\n", False),  # a field
    ("def f(item):\n    return item.analytics.views\n", False),  # some object's
    ("f(analytics=1)\n", False),
    ("x: 'Optional[analytics.Client]' = None\n", True),
    ("x: Optional['analytics.Client'] = None\n", True),
    ("x: Annotated[str, Field(examples=[{'team': 'analytics'}])] = ''\n", False),
    ("x: Annotated['analytics.Client', 'a client'] = None\n", True),
    ("def f() -> 'analytics.Client':\n    pass\n", True),
    ("def f(c: 'analytics.Client'):\n    pass\n", True),
    ('"analytics\n', True),  # does not parse: cannot tell
])
def test_a_module_matters_by_its_code_not_its_strings_or_comments(source: str,
                                                                  uses: bool) -> None:
    words = [word.encode() for word in index_module.needles(Settings())]
    assert index_module._uses_words(source.encode(), words) is uses


def test_a_module_that_says_analytics_only_in_a_docstring_is_not_analysed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nor are the modules that import it (one docstring made SQLAlchemy's whole tree
    worth analysing); a module beside it that uses the SDK still is. By words for the
    whole project and file by file alike."""
    files = {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "lib/__init__.py": "",
        "lib/selectable.py": '"""A table in a schema: ``Table("t", schema="analytics")``."""\n'
                             "\ndef track(*args):\n    return args\n",
        "lib/orm.py": "from lib.selectable import track\n\ndef q(u):\n    track(u, 'e')\n",
        "lib/telemetry.py": "import analytics\n\ndef send(u):\n"
                            "    analytics.track(u, 'e')  # expect: GID101, GID201\n",
    }
    for number in range(70):
        files[f"lib/filler/m{number}.py"] = "from lib.orm import q\n"
    files["lib/filler/__init__.py"] = ""
    root = tmp_path / "project"
    write_project(root, files)
    settings = load_settings(None, [str(root)])
    index = ProjectIndex.for_settings(settings, use_cache=False)
    keys = [str(p.relative_to(root)) for p in root.rglob("*.py")]
    index.prepare([str(root / key) for key in keys])
    assert {key for key in keys if index.matters(key)} == {"lib/telemetry.py"}
    alone = ProjectIndex.for_settings(settings, use_cache=False)
    assert [alone.matters(key) for key in ("lib/selectable.py", "lib/orm.py",
                                           "lib/telemetry.py")] == [False, False, True]
    assert check_project(root, ["."]) == expected(root, files, ["."])


@pytest.mark.parametrize("first", ["b", "c", "d"])
def test_whether_a_module_in_an_import_cycle_matters_does_not_depend_on_the_order(
        tmp_path: Path, first: str) -> None:
    """``b`` and ``c`` import each other, and ``b`` imports the wrapper module ``d``:
    both matter, whichever is asked first (the cycle once made the second answer no)."""
    files = {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "b.py": "from c import x\nfrom d import send\n",
        "c.py": "from b import send\nx = 1\n",
        "d.py": "import analytics\n\ndef send(u, e, context=None):\n"
                "    analytics.track(u, e, context=context)\n",
        "e.py": "x = 1\n",
    }
    write_project(tmp_path, files)
    index = ProjectIndex.for_settings(load_settings(None, [str(tmp_path)]), use_cache=False)
    index.matters(f"{first}.py")
    assert [index.matters(f"{name}.py") for name in "bcde"] == [True, True, True, False]


def test_a_long_import_chain_matters_without_recursion(tmp_path: Path) -> None:
    """3,000 modules, each importing the next, the last a wrapper: each matters (the
    search once recursed once per module), and every module on the way is known."""
    files = {"pyproject.toml": "[tool.lint-groupid]\n",
             "m2999.py": "import analytics\n\ndef send(u):\n    analytics.track(u, 'e')\n"}
    files.update({f"m{n}.py": f"from m{n + 1} import send\n" for n in range(2999)})
    write_project(tmp_path, files)
    index = ProjectIndex.for_settings(load_settings(None, [str(tmp_path)]), use_cache=False)
    assert index.matters("m0.py")
    assert index._matters["m1500.py"] is True
    assert all(index.matters(f"m{n}.py") for n in range(0, 3000, 7))


@pytest.mark.parametrize("fillers", [0, 70])  # file by file, and the whole project at once
def test_a_chain_of_star_imports_re_exports_a_wrapper(tmp_path: Path, fillers: int) -> None:
    """``api`` re-exports ``tracking``'s wrapper with ``*``, ``views`` takes ``*`` from
    ``api``: Python binds ``send`` there (found by the second results-cache round)."""
    files = {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "app/__init__.py": "",
        "app/tracking.py": "import analytics\n\ndef send(user, event, context=None):\n"
                           "    if user.is_staff:\n        return\n"
                           "    analytics.track(user.id, event, context=context)\n",
        "app/api.py": "from app.tracking import *\n",
        "app/closed.py": "from app.tracking import *\n__all__ = ['other']\n",
        "app/views.py": "from app.api import *\n\ndef view(user):\n"
                        "    send(user, 'Viewed')  # expect: GID101\n",
        "app/other.py": "from app.closed import *\n\ndef view(user):\n"
                        "    send(user, 'Viewed')\n",
    }
    files.update({f"app/filler/m{n}.py": f"x = {n}\n" for n in range(fillers)})
    write_project(tmp_path, files)
    assert check_project(tmp_path, ["."]) == expected(tmp_path, files, ["."])


def test_every_sdk_import_makes_a_module_matter(tmp_path: Path) -> None:
    # ``rudder_analytics`` spells the word only inside a longer name
    files = {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "a.py": "import rudder_analytics\n\ndef f(u):\n"
                "    rudder_analytics.track(u, 'e')  # expect: GID101, GID201\n",
        "b.py": "from rudder_analytics import track\n\ndef f(u):\n"
                "    track(u, 'e')  # expect: GID101, GID201\n",
        "c.py": "import rudderstack.analytics as ra\n\ndef f(u):\n"
                "    ra.track(u, 'e')  # expect: GID101, GID201\n",
    }
    root = tmp_path / "project"
    write_project(root, files)
    assert check_project(root, ["."]) == expected(root, files, ["."])
