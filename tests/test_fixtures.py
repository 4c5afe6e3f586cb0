"""The demo app under fixtures/ carries its expectations inline: ``# expect: GID101``.

Each fixture file is checked by the CLI engine and by real flake8; both must
report exactly the marked (line, code) pairs.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lint_groupid.project.index import ProjectIndex
from lint_groupid.runner import FileChecker
from lint_groupid.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(
    p for p in (ROOT / "fixtures").rglob("*.py")
    if p.relative_to(ROOT).parts[1] not in ("fix", "project")
)
EXPECT = re.compile(r"# expect: (?P<codes>GID\d+(?:, GID\d+)*)")


def expectations(path: Path) -> set[tuple[int, str]]:
    expected = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = EXPECT.search(line)
        if match:
            expected.update((number, code) for code in match.group("codes").split(", "))
    return expected


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the demo app's settings live in the root pyproject.toml


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(ROOT)))
def test_fixture_expectations(path: Path) -> None:
    settings = load_settings().with_overrides(extend_select=("GID105",))
    project = ProjectIndex.for_settings(settings, use_cache=False)
    result = FileChecker(settings, project=project).process(os.path.relpath(path, ROOT))
    assert {(f.line, f.code) for f in result.findings} == expectations(path)


def test_fixtures_have_findings_of_every_default_code() -> None:
    marked = {code for path in FIXTURES for _, code in expectations(path)}
    assert {"GID101", "GID102", "GID103", "GID104", "GID105", "GID201"} <= marked


def _cli(*args: str) -> set[tuple[str, int, int, str]]:
    output = subprocess.run(
        [sys.executable, "-m", "lint_groupid", "check", "-q", *args],
        cwd=ROOT, capture_output=True, text=True, check=False,
    ).stdout
    return _parse(output)


def _flake8(*args: str) -> set[tuple[str, int, int, str]]:
    # flake8 has its own exclude: the fixer's input/expected pairs are not the demo
    output = subprocess.run(
        [sys.executable, "-m", "flake8", "--extend-exclude", "fixtures/fix,fixtures/project",
         *args],
        cwd=ROOT, capture_output=True, text=True, check=False,
    ).stdout
    return _parse(output)


def _parse(output: str) -> set[tuple[str, int, int, str]]:
    rows = set()
    for line in output.splitlines():
        path, number, column, rest = line.split(":", 3)
        rows.add((path, int(number), int(column), rest.split()[0]))
    return rows


def test_flake8_and_cli_agree_on_fixtures() -> None:
    flake8 = _flake8("--select", "GID", "fixtures")
    cli = _cli("--select", "GID", "fixtures")
    assert flake8 == cli
    marked = {(str(p.relative_to(ROOT)), line, code)
              for p in FIXTURES for line, code in expectations(p)}
    assert {(path, line, code) for path, line, _, code in cli} == marked


def test_flake8_default_selection_matches_cli_default() -> None:
    flake8 = {row for row in _flake8("fixtures") if row[3].startswith("GID")}
    assert flake8 == _cli("fixtures")
    assert all(code != "GID105" for *_, code in flake8)


def test_readme_demo_output_is_real() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ lint-groupid check fixtures/\n", 1)[1].split("```", 1)[0]
    shown = [line for line in block.splitlines() if line and line != "..."]
    output = subprocess.run(
        [sys.executable, "-m", "lint_groupid", "check", "fixtures/"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert output.returncode == 1
    actual = output.stdout.splitlines()
    assert shown and all(line in actual for line in shown)


# -- the multi-package project: a project of its own, with no clients or wrappers
# configuration; its wrappers, clients and guard helpers are found project-wide

PROJECT = ROOT / "fixtures" / "project"
PROJECT_FILES = sorted(PROJECT.rglob("*.py"))


def _project_marks() -> set[tuple[str, int, str]]:
    return {(str(p.relative_to(PROJECT)), line, code)
            for p in PROJECT_FILES for line, code in expectations(p)}


def test_project_fixture_through_the_cli() -> None:
    output = subprocess.run(
        [sys.executable, "-m", "lint_groupid", "check", "-q", "--no-cache",
         "--extend-select", "GID105", "."],
        cwd=PROJECT, capture_output=True, text=True, check=False).stdout
    assert {(path, line, code) for path, line, _, code in _parse(output)} == _project_marks()


def test_project_fixture_flake8_and_cli_agree() -> None:
    def run(*command: str) -> set[tuple[str, int, int, str]]:
        output = subprocess.run([sys.executable, "-m", *command], cwd=PROJECT,
                                capture_output=True, text=True, check=False).stdout
        return {row for row in _parse(output) if row[3].startswith("GID")}

    flake8 = {(p.removeprefix("./"), *rest) for p, *rest in run("flake8", "--select", "GID", ".")}
    cli = run("lint_groupid", "check", "-q", "--no-cache", "--select", "GID", ".")
    assert flake8 == cli
    assert {(path, line, code) for path, line, _, code in flake8} == _project_marks()
