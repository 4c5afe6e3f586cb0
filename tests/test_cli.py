"""``lint-groupid check`` and ``rule``: what a user sees and the exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lint_groupid.cli import _command_in, build_parser, main

BAD = "import analytics\nanalytics.track('u', 'e')\n"
GOOD = "import analytics\nanalytics.track('u', 'e', context={'groupId': 'g'})\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "-j", "1", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


class TestExitCodes:
    def test_clean(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        write(project / "a.py", GOOD)
        code, out, err = check(capsys, "--select", "GID1")
        assert (code, out) == (0, "")
        assert err == "No findings in 1 file.\n"

    def test_findings(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        write(project / "a.py", BAD)
        code, out, err = check(capsys)
        assert code == 1
        assert out.splitlines() == [
            "a.py:2:1: GID101 track() call has no groupId in its context",
            "a.py:2:1: GID201 track() call can run for an internal user: "
            "no internal-user guard before it",
        ]
        assert err == "Found 2 findings in 1 file (1 checked).\n"

    def test_exit_zero(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        write(project / "a.py", BAD)
        assert check(capsys, "--exit-zero")[0] == 0

    def test_quiet(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        write(project / "a.py", BAD)
        assert check(capsys, "-q")[2] == ""

    def test_usage_error(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as raised:
            main(["check", "--format", "xml"])
        assert raised.value.code == 2
        assert "invalid choice: 'xml'" in capsys.readouterr().err

    def test_bad_code_option(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["check", "--select", "GID-1"]) == 2
        assert capsys.readouterr().err == (
            "lint-groupid: option --select: 'GID-1' is not a code or code prefix (e.g. GID101)\n")

    def test_syntax_error_is_gid000_and_others_are_checked(
            self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        write(project / "a.py", "import analytics\nanalytics.track('u'\n")
        write(project / "b.py", BAD)
        code, out, _ = check(capsys, "--select", "GID0,GID1")
        assert code == 1
        lines = out.splitlines()
        assert lines[0].startswith("a.py:2:")
        assert " GID000 could not parse: " in lines[0]
        assert lines[1] == "b.py:2:1: GID101 track() call has no groupId in its context"

    def test_missing_path_is_a_usage_error(self, project: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
        write(project / "a.py", BAD)
        code, out, err = check(capsys, "a.py", "nope.py")
        assert (code, out) == (2, "")
        assert err == "lint-groupid: error: nope.py: no such file or directory\n"

    def test_undecodable_file(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        (project / "a.py").write_bytes(b"import analytics\nx = '\xff'\n")
        code, out, _ = check(capsys)
        assert code == 1
        assert out == "a.py:1:1: GID000 could not parse: cannot decode: invalid utf-8 at byte 22\n"


class TestSelection:
    def test_gid105_off_by_default_on_with_extend_select(
            self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        write(project / "a.py", "import analytics\ndef f(c):\n"
                                "    analytics.track('u', 'e', context=c())\n")
        # as in flake8: an explicit --select, or an --ignore that replaces the default
        # ignore list, turns on the codes that are off by default
        assert check(capsys, "--select", "GID1")[1] != ""
        assert check(capsys, "--ignore", "GID2")[1] != ""
        assert check(capsys, "--extend-ignore", "GID2")[1] == ""
        _code, out, _ = check(capsys, "--extend-select", "GID105", "--extend-ignore", "GID2")
        assert out == "a.py:3:39: GID105 cannot verify that the track() context has a groupId\n"

    def test_ignore_prefix(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        write(project / "a.py", BAD)
        assert check(capsys, "--ignore", "GID2")[1].count("\n") == 1
        assert check(capsys, "--extend-ignore", "GID")[0] == 0

    def test_config_select_and_per_file_ignores(
            self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        write(project / "pyproject.toml",
              '[tool.lint-groupid]\nignore = ["GID201"]\n'
              'per-file-ignores = { "tests/*" = ["GID101"] }\n')
        write(project / "app" / "a.py", BAD)
        write(project / "tests" / "t.py", BAD)
        _code, out, _ = check(capsys)
        assert out == "app/a.py:2:1: GID101 track() call has no groupId in its context\n"

    def test_noqa_as_flake8(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        write(project / "a.py", (
            "import analytics\n"
            "analytics.track('u', 'e')  # noqa: GID101\n"
            "analytics.track('u', 'e')  # noqa\n"
            "analytics.track('u', 'e')  # noqa: GID2\n"
            "analytics.track('u', 'e')  # noqa:E501\n"
            "analytics.track(\n    'u', 'e',\n)  # noqa: GID101,GID201\n"
        ))
        _code, out, _ = check(capsys)
        # flake8 reads a noqa on the reported line (a call's first line) only
        assert [(line.split(":")[1], line.split(" ")[1]) for line in out.splitlines()] == [
            ("2", "GID201"), ("4", "GID101"), ("5", "GID101"), ("5", "GID201"),
            ("6", "GID101"), ("6", "GID201")]

    def test_flake8_file_noqa(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        write(project / "a.py", "# flake8: noqa\n" + BAD)
        assert check(capsys)[0] == 0


class TestFormats:
    def test_json(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        write(project / "a.py", BAD)
        _code, out, _ = check(capsys, "--format", "json", "--select", "GID101")
        (finding,) = json.loads(out)
        fingerprint = finding.pop("fingerprint")
        assert finding == {
            "path": "a.py", "line": 2, "column": 1, "end_line": 2, "end_column": 26,
            "code": "GID101", "message": "track() call has no groupId in its context",
            "fix": None,
        }
        assert len(fingerprint) == 20 and int(fingerprint, 16) >= 0

    def test_json_fix(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        write(project / "a.py", BAD)
        # `org` is not defined in a.py: the fix would not run, so it is unsafe
        out = check(capsys, "--format", "json", "--group-id", "org.id", "--ignore", "GID2")[1]
        assert json.loads(out)[0]["fix"] == {
            "safety": "unsafe", "description": 'Add "groupId": org.id to the context'}

    def test_json_empty(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        write(project / "a.py", GOOD)
        assert json.loads(check(capsys, "--format", "json", "--select", "GID1")[1]) == []


class TestDiscovery:
    def test_directories_and_default_excludes(
            self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        for folder in ("app", ".venv/lib", "build", "node_modules/x", "app/__pycache__", ".git"):
            write(project / folder / "m.py", BAD)
        write(project / "app" / "notes.txt", BAD)
        _code, out, err = check(capsys, "--select", "GID101")
        assert out == "app/m.py:2:1: GID101 track() call has no groupId in its context\n"
        assert "(1 checked)" in err

    def test_exclude_setting(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        write(project / "pyproject.toml", '[tool.lint-groupid]\nexclude = ["migrations/"]\n')
        write(project / "app" / "migrations" / "0001.py", BAD)
        write(project / "app" / "m.py", BAD)
        out = check(capsys, "--select", "GID101", ".")[1]
        assert out == "app/m.py:2:1: GID101 track() call has no groupId in its context\n"
        assert check(capsys, "app/migrations/0001.py")[1] == ""

    def test_stdin(self, project: Path) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "lint_groupid", "check", "--select", "GID101", "-"],
            input=BAD, capture_output=True, text=True, cwd=project, check=False,
        )
        assert result.returncode == 1
        assert result.stdout == "-:2:1: GID101 track() call has no groupId in its context\n"

    def test_stdin_filename(self, project: Path) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "lint_groupid", "check", "--select", "GID101",
             "--stdin-filename", "app/views.py", "-"],
            input=BAD, capture_output=True, text=True, cwd=project, check=False,
        )
        assert result.stdout.startswith("app/views.py:2:1: GID101")

    def test_an_excluded_stdin_filename_is_skipped_as_flake8_does(self, project: Path) -> None:
        write(project / "pyproject.toml", '[tool.lint-groupid]\nexclude = ["migrations/"]\n')
        command = ["--stdin-filename", "app/migrations/0001.py", "-"]
        ours = subprocess.run([sys.executable, "-m", "lint_groupid", "check", *command],
                              input=BAD, capture_output=True, text=True, cwd=project,
                              check=False)
        assert (ours.returncode, ours.stdout) == (0, "")
        theirs = subprocess.run(
            [sys.executable, "-m", "flake8", "--select", "GID", "--stdin-display-name",
             "app/migrations/0001.py", "-"],
            input=BAD, capture_output=True, text=True, cwd=project, check=False)
        assert (theirs.returncode, theirs.stdout) == (0, "")
        shown = subprocess.run(
            [sys.executable, "-m", "lint_groupid", "check", "--stdin-filename", "app/v.py", "-"],
            input=BAD, capture_output=True, text=True, cwd=project, check=False)
        assert shown.stdout.count("app/v.py:2:1: GID") == 2

    def test_statistics(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        write(project / "a.py", BAD + "analytics.identify('u')\n")
        write(project / "b.py", BAD)
        code, out, _ = check(capsys, "--statistics")
        assert code == 1
        assert out.splitlines()[-2:] == [
            "2     GID101 track() call has no groupId in its context",
            "3     GID201 track() call can run for an internal user: no internal-user guard "
            "before it",
        ]
        assert check(capsys, "--statistics", "-q", "--select", "GID102")[1] == ""
        _code, out, err = check(capsys, "--statistics", "-q", "--format", "json")
        assert len(json.loads(out)) == 5
        assert err.splitlines()[0].startswith("2     GID101 ")

    def test_parallel_jobs_same_result(
            self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        for number in range(40):
            write(project / f"m{number:02}.py", BAD if number % 3 else GOOD)
        serial = check(capsys, "-j", "1")
        parallel = main(["check", "-j", "2"]), *capsys.readouterr()
        assert serial == parallel
        assert serial[1].count("GID101") == 26

    def test_console_script_entry(self, project: Path) -> None:
        write(project / "a.py", BAD)
        executable = Path(sys.executable).parent / "lint-groupid"
        if not executable.exists():
            pytest.skip("console script not installed next to this interpreter")
        result = subprocess.run([str(executable), "check", "a.py"], capture_output=True,
                                text=True, cwd=project, check=False)
        assert result.returncode == 1


class TestConfigErrors:
    @pytest.mark.parametrize(
        ("table", "message"),
        [
            ('clinets = ["x"]', "unknown key 'clinets' in [tool.lint-groupid] "
                                "(did you mean 'clients'?)"),
            ("clients = 3", "clients: expected a list of strings, got an integer"),
            ('grouped-methods = ["trak"]', "grouped-methods: unknown method 'trak'"),
            ('wrappers = { "a.b" = 1 }', "wrappers: 'a.b' must name a method, got an integer"),
            ('select = ["GID 1"]', "select: 'GID 1' is not a code or code prefix"),
            ('group-id = "request.("', "group-id: 'request.(' is not a Python expression"),
            ('guard-import = "app.auth"', "guard-import: 'app.auth' must look like"),
            ('per-file-ignores = { "t/*" = 5 }', "per-file-ignores: 't/*' must be a list"),
        ],
    )
    def test_one_line_naming_file_and_key(self, project: Path, capsys: pytest.CaptureFixture[str],
                                          table: str, message: str) -> None:
        write(project / "pyproject.toml", f"[tool.lint-groupid]\n{table}\n")
        code, _out, err = check(capsys)
        assert code == 2
        assert err.count("\n") == 1
        assert err.startswith(f"lint-groupid: {project / 'pyproject.toml'}: ")
        assert message in err

    def test_malformed_toml(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        write(project / "pyproject.toml", "[tool.lint-groupid\n")
        code, _, err = check(capsys)
        assert code == 2
        assert "pyproject.toml: invalid TOML: " in err and "line 1" in err

    def test_config_option(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        write(project / "lint.toml", 'ignore = ["GID2"]\n')
        write(project / "a.py", BAD)
        assert check(capsys, "--config", "lint.toml")[1].count("\n") == 1
        assert check(capsys, "--config", "missing.toml")[0] == 2

    def test_config_option_with_a_flake8_section(
            self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        write(project / "ci" / "lint.cfg", "[flake8]\ngroupid-extend-ignore = GID2\n")
        write(project / "a.py", BAD)
        assert check(capsys, "--config", "ci/lint.cfg")[1] == \
            "a.py:2:1: GID101 track() call has no groupId in its context\n"

    def test_nearest_pyproject_upward(self, project: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
        write(project / "pyproject.toml", '[tool.lint-groupid]\nignore = ["GID2"]\n')
        write(project / "pkg" / "pyproject.toml", "[project]\nname = 'x'\n")
        write(project / "pkg" / "a.py", BAD)
        monkeypatch.chdir(project / "pkg")
        assert check(capsys, "a.py")[1].count("\n") == 1


class TestRuleCommand:
    def test_one_rule(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["rule", "gid101"]) == 0
        out = capsys.readouterr().out
        for heading in ("## GID101", "### What it does", "### Why is this bad?", "### Example",
                        "### Use instead", "### Fix safety", "### Options"):
            assert heading in out

    def test_all_rules(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["rule"]) == 0
        assert capsys.readouterr().out.count("### What it does") == 7

    def test_unknown_rule(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["rule", "GID999"]) == 2
        assert "unknown rule 'GID999'" in capsys.readouterr().err


def test_check_does_not_import_libcst(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(BAD, encoding="utf-8")
    code = ("import sys, lint_groupid.cli as c\nc.main(['check', '-q', 'a.py'])\n"
            "print('libcst' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=tmp_path, check=False, env={**os.environ, "PYTHONPATH": str(
                                Path(__file__).resolve().parent.parent)})
    assert result.stdout.strip().endswith("False")


def test_check_with_text_output_imports_only_what_it_uses(tmp_path: Path) -> None:
    # start-up: JSON, hashing, worker processes, package metadata and the planning of
    # fixes (text shows none) are for other runs; dataclasses (and the inspect module
    # it imports) cost milliseconds per class, tokenize is for noqa comments and coding
    # cookies only
    (tmp_path / "a.py").write_text(BAD, encoding="utf-8")
    unused = ("json", "hashlib", "multiprocessing", "importlib.metadata", "libcst",
              "lint_groupid.fixer.planning", "lint_groupid.fixer.model", "dataclasses",
              "inspect", "tokenize")
    code = ("import sys, lint_groupid.cli as c\nc.main(['check', '-q', 'a.py'])\n"
            f"print([name for name in {unused!r} if name in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=tmp_path, check=False, env={**os.environ, "PYTHONPATH": str(
                                Path(__file__).resolve().parent.parent)})
    assert "GID101" in result.stdout
    assert result.stdout.strip().endswith("[]")


@pytest.mark.parametrize("argv", [
    ["check", "-q", "--exit-zero", "a.py"],
    ["check", "--format", "json", "--select", "GID1", "-j", "2", "x", "y"],
    ["fix", "--diff", "--group-id", "org.id", "a.py"],
    ["explain", "a.py:3", "--no-cache"],
    ["rule", "GID101"],
    ["rule"],
])
def test_a_parser_built_for_the_command_reads_it_as_the_whole_parser_does(
        argv: list[str]) -> None:
    assert _command_in(argv) == argv[0]
    assert build_parser(_command_in(argv)).parse_args(argv) == build_parser().parse_args(argv)


@pytest.mark.parametrize("argv", [[], ["--version"], ["chek", "a.py"], ["-q"], ["-h", "check"],
                                  ["--version", "rule"]])
def test_without_a_command_first_the_whole_parser_is_built(argv: list[str]) -> None:
    assert _command_in(argv) is None


def test_check_of_files_without_analytics_loads_no_checker(tmp_path: Path) -> None:
    # the common pre-commit run: no file gets past the pre-filter (the project index is
    # built, but nothing is summarised or linked: no analysis beyond the SDK's names)
    (tmp_path / "a.py").write_text("import os\nprint(os.sep)\n", encoding="utf-8")
    code = ("import sys, lint_groupid.cli as c\nprint(c.main(['check', 'a.py']))\n"
            "print(sorted(name for name in sys.modules if name.startswith(("
            "'lint_groupid.checker', 'lint_groupid.fixer', 'lint_groupid.analysis.')) "
            "and name != 'lint_groupid.analysis.sdk'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=tmp_path, check=False, env={**os.environ, "PYTHONPATH": str(
                                Path(__file__).resolve().parent.parent)})
    assert result.stdout.split() == ["0", "[]"]


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path: Path) -> None:
    # `lint-groupid check . | head -1`: the pipe closes while findings are written
    target = tmp_path / "many.py"
    target.write_text("import analytics\n" + "analytics.track('u', 'e')\n" * 3_000,
                      encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "lint_groupid", "check", str(target)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    error = process.stderr.read().decode()
    process.stderr.close()
    code = process.wait(timeout=120)
    assert b"GID101" in first
    assert "Traceback" not in error and "BrokenPipeError" not in error
    assert code == 2
