"""CI adoption: github/gitlab/sarif formats, fingerprints, baselines, --add-noqa."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from lint_groupid.cli import main
from lint_groupid.fixer.engine import apply_fixes
from lint_groupid.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text("utf-8"))
BAD = "import analytics\n\n\ndef f(user):\n    analytics.track(user.id, 'e')  # noqa: GID201\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()  # the project root, from wherever it is checked
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def demo(project: Path) -> Path:
    shutil.copytree(ROOT / "fixtures" / "app", project / "app")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    return project


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "-j", "1", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


class TestGithub:
    def test_exact_shape(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        (project / "a.py").write_text(BAD, encoding="utf-8")
        code, out, _ = run(capsys, "--format", "github", "a.py")
        assert code == 1
        assert out == ("::error file=a.py,line=5,col=5,endLine=5,endColumn=34,title=GID101"
                       "::GID101 track() call has no groupId in its context\n")

    def test_escaping(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        (project / "a,b%.py").write_text(BAD, encoding="utf-8")
        out = run(capsys, "--format", "github", "a,b%.py")[1]
        assert out.startswith("::error file=a%2Cb%25.py,line=5,")


class TestGitlab:
    def test_exact_shape(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        (project / "a.py").write_text(BAD, encoding="utf-8")
        (issue,) = json.loads(run(capsys, "--format", "gitlab", "a.py")[1])
        fingerprint = issue.pop("fingerprint")
        assert issue == {
            "description": "GID101 track() call has no groupId in its context",
            "check_name": "GID101",
            "severity": "major",
            "location": {"path": "a.py", "lines": {"begin": 5, "end": 5}},
        }
        assert len(fingerprint) == 20


class TestSarif:
    def test_fixtures_validate_against_the_schema(
            self, demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
        out = run(capsys, "--format", "sarif", "--extend-select", "GID105", "--group-id",
                  "workspace.id", "--guard", "internal_user()", "--guard-import",
                  "app.auth:internal_user", "app")[1]
        document = json.loads(out)
        jsonschema.validate(document, SCHEMA)
        run_ = document["runs"][0]
        assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == list(RULES)
        for rule in run_["tool"]["driver"]["rules"]:
            assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
            assert rule["helpUri"].endswith(f"docs/rules.md#{rule['id'].lower()}-{rule['name']}")
        results = run_["results"]
        assert len(results) == 15
        assert all(len(r["partialFingerprints"]["lintGroupId/v1"]) == 20 for r in results)
        assert sum("fixes" in r for r in results) >= 10

    def test_fix_replacement_reproduces_the_fix(
            self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        (project / "a.py").write_text(BAD, encoding="utf-8")
        document = json.loads(run(capsys, "--format", "sarif", "--group-id", "org.id",
                                  "a.py")[1])
        jsonschema.validate(document, SCHEMA)
        (result,) = document["runs"][0]["results"]
        (fix,) = result["fixes"]
        (replacement,) = fix["artifactChanges"][0]["replacements"]
        region = replacement["deletedRegion"]
        lines = BAD.splitlines(keepends=True)
        start = sum(map(len, lines[:region["startLine"] - 1])) + region["startColumn"] - 1
        end = sum(map(len, lines[:region["endLine"] - 1])) + region["endColumn"] - 1
        patched = BAD[:start] + replacement["insertedContent"]["text"] + BAD[end:]
        from lint_groupid.runner import FileChecker
        from lint_groupid.settings import Settings

        found = FileChecker(Settings(group_id="org.id")).analyse_tree(
            "a.py", BAD, BAD.splitlines(True))[0]
        fix = found.findings[0].fix
        assert fix is not None
        assert patched == apply_fixes(BAD, [fix]).text

    def test_empty_run_validates(self, project: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
        (project / "a.py").write_text("x = 1\n", encoding="utf-8")
        document = json.loads(run(capsys, "--format", "sarif", "a.py")[1])
        jsonschema.validate(document, SCHEMA)
        assert document["runs"][0]["results"] == []


class TestFingerprints:
    def fingerprints(self, capsys: pytest.CaptureFixture[str], *paths: str) -> list[str]:
        out = run(capsys, "--format", "json", "--select", "GID101", *paths)[1]
        return [f["fingerprint"] for f in json.loads(out)]

    def test_stable_when_lines_move_or_formatting_changes(
            self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = project / "a.py"
        path.write_text(BAD, encoding="utf-8")
        before = self.fingerprints(capsys, "a.py")
        path.write_text("\n\n# moved\n" + BAD.replace("analytics.track(user.id, 'e')",
                                                      "analytics.track(\n        user.id,"
                                                      "  # who\n        'e')"),
                        encoding="utf-8")
        assert self.fingerprints(capsys, "a.py") == before

    def test_identical_calls_are_told_apart(
            self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        (project / "a.py").write_text(BAD + "    analytics.track(user.id, 'e')  # noqa: GID201\n",
                                      encoding="utf-8")
        first, second = self.fingerprints(capsys, "a.py")
        assert first != second

    def test_depend_on_the_event_not_on_the_rest_of_the_call(
            self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = project / "a.py"
        path.write_text(BAD, encoding="utf-8")
        before = self.fingerprints(capsys, "a.py")
        path.write_text(BAD.replace("'e')", "'e', {'plan': 'pro'})"), encoding="utf-8")
        assert self.fingerprints(capsys, "a.py") == before
        path.write_text(BAD.replace("'e')", "'other')"), encoding="utf-8")
        assert self.fingerprints(capsys, "a.py") != before

    def test_depend_on_function_path_and_code(
            self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        (project / "a.py").write_text(BAD, encoding="utf-8")
        (project / "b.py").write_text(BAD.replace("def f", "def g"), encoding="utf-8")
        (project / "c.py").write_text(BAD, encoding="utf-8")
        a, b, c = self.fingerprints(capsys, "a.py", "b.py", "c.py")
        assert len({a, b, c}) == 3


class TestBaseline:
    def test_adoption_flow(self, demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert run(capsys, "app")[0] == 1
        code, _, err = run(capsys, "--write-baseline", "baseline.json", "app")
        assert code == 0 and err == "Wrote 14 findings to baseline.json.\n"
        document = json.loads((demo / "baseline.json").read_text("utf-8"))
        entries = document["findings"]
        assert entries == sorted(entries, key=lambda e: (e["path"], e["code"], e["fingerprint"]))
        assert run(capsys, "--baseline", "baseline.json", "app")[:2] == (0, "")
        # blank lines at the top of a file change nothing
        views = demo / "app" / "views.py"
        views.write_text("\n\n\n" + views.read_text("utf-8"), encoding="utf-8")
        assert run(capsys, "--baseline", "baseline.json", "app")[:2] == (0, "")
        # one new faulty call is the only finding
        views.write_text(views.read_text("utf-8").replace(
            "def sign_in(request, workspace):\n",
            "def sign_in(request, workspace):\n    analytics.alias('old', 'new')\n"
            "    analytics.track('u', 'New Event')  # noqa: GID201\n"), encoding="utf-8")
        code, out, _ = run(capsys, "--baseline", "baseline.json", "app")
        assert code == 1
        assert out == ("app/views.py:57:5: GID101 track() call has no groupId in its "
                       "context\n")

    def test_gone_findings_are_counted(self, project: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
        (project / "a.py").write_text(BAD, encoding="utf-8")
        run(capsys, "--write-baseline", "b.json", "a.py")
        (project / "a.py").write_text("x = 1\n", encoding="utf-8")
        code, _, err = run(capsys, "--baseline", "b.json", "a.py")
        assert code == 0
        assert "1 baselined finding is gone: run `lint-groupid check --write-baseline b.json " \
               "a.py` to shrink the baseline." in err

    def test_a_run_on_some_paths_judges_only_their_entries(
            self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        # what pre-commit does: the full baseline, then runs on the staged files only
        for name in ("a.py", "b.py", "c.py"):
            (project / name).write_text(BAD, encoding="utf-8")
        assert run(capsys, "--write-baseline", "b.json")[2] == "Wrote 3 findings to b.json.\n"
        code, out, err = run(capsys, "--baseline", "b.json", "a.py")
        assert (code, out) == (0, "")
        assert "gone" not in err
        # shrinking the baseline from a subset keeps the other files' entries
        (project / "a.py").write_text("x = 1\n", encoding="utf-8")
        assert "1 baselined finding is gone" in run(capsys, "--baseline", "b.json", "a.py")[2]
        assert run(capsys, "--write-baseline", "b.json", "a.py")[2] == \
            "Wrote 2 findings to b.json.\n"
        entries = json.loads((project / "b.json").read_text("utf-8"))["findings"]
        assert [e["path"] for e in entries] == ["b.py", "c.py"]
        assert run(capsys, "--baseline", "b.json")[:2] == (0, "")
        assert run(capsys, "--baseline", "b.json", "b.py")[:2] == (0, "")

    def test_a_deleted_file_below_a_folder_checked_is_gone(
            self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        (project / "pkg").mkdir()
        for name in ("pkg/a.py", "pkg/b.py", "c.py"):
            (project / name).write_text(BAD, encoding="utf-8")
        run(capsys, "--write-baseline", "b.json")
        (project / "pkg" / "a.py").unlink()
        assert "1 baselined finding is gone" in run(capsys, "--baseline", "b.json", "pkg")[2]
        assert "gone" not in run(capsys, "--baseline", "b.json", "c.py")[2]
        assert run(capsys, "--write-baseline", "b.json", "pkg")[2] == \
            "Wrote 2 findings to b.json.\n"

    def test_entries_are_paths_from_the_project_root_wherever_it_runs(
            self, project: Path, capsys: pytest.CaptureFixture[str],
            monkeypatch: pytest.MonkeyPatch) -> None:
        (project / "pyproject.toml").write_text("[tool.lint-groupid]\n", encoding="utf-8")
        (project / "app").mkdir()
        (project / "app" / "a.py").write_text(BAD, encoding="utf-8")
        run(capsys, "--write-baseline", "b.json", "app")
        entries = json.loads((project / "b.json").read_text("utf-8"))["findings"]
        assert [e["path"] for e in entries] == ["app/a.py"]
        monkeypatch.chdir(project / "app")
        assert run(capsys, "--baseline", "../b.json", "a.py")[:2] == (0, "")
        monkeypatch.chdir(project.parent)
        assert run(capsys, "--baseline", f"{project.name}/b.json",
                   f"{project.name}/app")[:2] == (0, "")

    def test_fixing_one_finding_of_a_call_keeps_its_other_entries(
            self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        source = ("import analytics\n\n\ndef f(user, org):\n"
                  "    analytics.track(user.id, 'Signed Up', {'plan': 'pro'})\n")
        (project / "a.py").write_text(source, encoding="utf-8")
        run(capsys, "--write-baseline", "b.json", "a.py")
        codes = [e["code"] for e in json.loads((project / "b.json").read_text("utf-8"))[
            "findings"]]
        assert codes == ["GID101", "GID201"]
        assert main(["fix", "-q", "-j", "1", "--select", "GID101", "--group-id", "org.id",
                     "a.py"]) == 0
        capsys.readouterr()
        assert "context={'groupId': org.id}" in (project / "a.py").read_text("utf-8") or \
            'context={"groupId": org.id}' in (project / "a.py").read_text("utf-8")
        code, out, err = run(capsys, "--baseline", "b.json", "a.py")
        assert (code, out) == (0, "")  # GID201 is still the baselined finding
        assert "1 baselined finding is gone" in err  # the GID101

    @pytest.mark.parametrize("content", ["", "{", '{"version": 2, "findings": []}',
                                         '{"version": 1, "findings": [{}]}'])
    def test_bad_baseline_file(self, project: Path, capsys: pytest.CaptureFixture[str],
                               content: str) -> None:
        (project / "a.py").write_text(BAD, encoding="utf-8")
        (project / "b.json").write_text(content, encoding="utf-8")
        code, _, err = run(capsys, "--baseline", "b.json", "a.py")
        assert code == 2 and err.startswith("lint-groupid: b.json: ") and err.count("\n") == 1

    def test_missing_baseline_file(self, project: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
        (project / "a.py").write_text(BAD, encoding="utf-8")
        assert run(capsys, "--baseline", "nope.json", "a.py")[2] == \
            "lint-groupid: nope.json: baseline file not found\n"


class TestAddNoqa:
    SOURCE = (
        "import analytics\n"
        "analytics.track('u', 'e')\n"
        "analytics.identify('u')  # noqa:E501\n"
        "analytics.track('u', '''multi\n"
        "line''', context={'groupId': 1})  # why\n"
        "x = {'k': '# noqa'}; analytics.identify('u')\n"
    )

    def test_adds_merges_and_is_idempotent(self, project: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
        path = project / "a.py"
        path.write_text(self.SOURCE, encoding="utf-8")
        code, _, err = run(capsys, "--add-noqa", "a.py")
        assert path.read_text("utf-8") == (
            "import analytics\n"
            "analytics.track('u', 'e')  # noqa: GID101, GID201\n"
            "analytics.identify('u')  # noqa: E501, GID201\n"
            "analytics.track('u', '''multi\n"
            "line''', context={'groupId': 1})  # why  # noqa: GID201\n"
            "x = {'k': '# noqa'}; analytics.identify('u')\n"
        )
        # a bare noqa look-alike inside the string already silences line 6, as in flake8
        assert code == 0 and "Added noqa directives for 4 findings." in err
        assert run(capsys, "a.py")[0] == 0
        snapshot = path.read_bytes()
        run(capsys, "--add-noqa", "a.py")
        assert path.read_bytes() == snapshot

    def test_refuses_a_line_with_a_noqa_lookalike_in_a_string(
            self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = project / "a.py"
        source = "import analytics\nx = '# noqa: GID101'; analytics.track('u', 'e')\n"
        path.write_text(source, encoding="utf-8")
        code, _, err = run(capsys, "--add-noqa", "a.py")
        assert code == 1 and "a.py:2: noqa not added" in err
        assert path.read_text("utf-8") == source

    def test_keeps_crlf(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = project / "a.py"
        path.write_bytes(b"import analytics\r\nanalytics.track('u', 'e')\r\n")
        run(capsys, "--add-noqa", "a.py")
        assert path.read_bytes() == (b"import analytics\r\n"
                                     b"analytics.track('u', 'e')  # noqa: GID101, GID201\r\n")
