"""The flake8 route: real flake8 runs the plugin, reads its options and honours noqa."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from lint_groupid.flake8_plugin import Plugin

BAD = "import analytics\nanalytics.track('u', 'e')\n"


def flake8(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "flake8", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


def test_plugin_is_registered(tmp_path: Path) -> None:
    result = flake8(tmp_path, "--version")
    assert "lint-groupid:" in result.stdout


def test_reports_path_line_column_code(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(BAD, encoding="utf-8")
    result = flake8(tmp_path, "--select", "GID", "a.py")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "a.py:2:1: GID101 track() call has no groupId in its context",
        "a.py:2:1: GID201 track() call can run for an internal user: "
        "no internal-user guard before it",
    ]


def test_noqa(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        "import analytics\nanalytics.track('u', 'e')  # noqa: GID101\n", encoding="utf-8")
    result = flake8(tmp_path, "--select", "GID", "a.py")
    assert [line.split()[1] for line in result.stdout.splitlines()] == ["GID201"]


def test_gid105_is_default_ignored(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        "import analytics\ndef f(c):\n    analytics.track('u', 'e', context=c())\n",
        encoding="utf-8")
    assert "GID105" not in flake8(tmp_path, "a.py").stdout
    assert "GID105" in flake8(tmp_path, "--extend-select", "GID105", "a.py").stdout


def test_settings_from_a_flake8_section_and_the_command_line_on_top(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text(
        "[flake8]\ngroupid-clients = nobody\ngroupid-guarded-methods = identify\n",
        encoding="utf-8")
    (tmp_path / "a.py").write_text(
        "from app import tracker\ntracker.track('u', 'e')\n", encoding="utf-8")
    assert flake8(tmp_path, "--select", "GID", "a.py").stdout == ""
    result = flake8(tmp_path, "--select", "GID", "--groupid-clients", "tracker", "a.py")
    # clients from the command line; guarded-methods (identify only) from setup.cfg
    assert result.stdout.splitlines() == [
        "a.py:2:1: GID101 track() call has no groupId in its context"]


def test_settings_select_a_default_off_code(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.lint-groupid]\nextend-select = ["GID105"]\nextend-ignore = ["GID2"]\n',
        encoding="utf-8")
    (tmp_path / "a.py").write_text(
        "import analytics\n\n\ndef f(c):\n    analytics.track('u', 'e', context=c())\n",
        encoding="utf-8")
    # no --select: flake8's defaults, where GID105 is off unless the settings turn it on
    assert flake8(tmp_path, "a.py").stdout == "a.py:5:39: GID105 cannot verify that the " \
                                              "track() context has a groupId\n"


def test_exclude_option_skips_the_file(tmp_path: Path) -> None:
    (tmp_path / "gen").mkdir()
    (tmp_path / "gen" / "a.py").write_text(BAD, encoding="utf-8")
    (tmp_path / "b.py").write_text(BAD, encoding="utf-8")
    result = flake8(tmp_path, "--select", "GID", "--groupid-exclude", "gen/", "gen/a.py", "b.py")
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["b.py", "b.py"]


def test_command_line_option(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        "from app.tracking import send\nsend('u', 'e')\n", encoding="utf-8")
    result = flake8(tmp_path, "--select", "GID", "--groupid-wrappers=app.tracking.send=track",
                    "a.py")
    assert "GID101" in result.stdout


def test_config_error_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.lint-groupid]\nguards = 1\n",
                                             encoding="utf-8")
    (tmp_path / "a.py").write_text(BAD, encoding="utf-8")
    result = flake8(tmp_path, "a.py")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"lint-groupid: {tmp_path / 'pyproject.toml'}: guards: expected a list of strings, "
        "got an integer"]


@pytest.mark.parametrize("option", ["--groupid-grouped-methods=trak",
                                    "--groupid-wrappers=nomethod",
                                    "--groupid-guarded-methods=identify,nope"])
def test_bad_flake8_option(tmp_path: Path, option: str) -> None:
    (tmp_path / "a.py").write_text(BAD, encoding="utf-8")
    result = flake8(tmp_path, option, "a.py")
    assert result.returncode == 2
    assert result.stderr.startswith("lint-groupid: flake8 option --groupid-")


def test_run_skips_files_that_cannot_hold_a_call() -> None:
    source = "import re\nre.match('a', 'b').group(1)\n"
    plugin = Plugin(ast.parse(source), source.splitlines(True), "a.py")
    assert list(plugin.run()) == []


def test_run_yields_flake8_tuples() -> None:
    plugin = Plugin(ast.parse(BAD), BAD.splitlines(True), "a.py")
    first = next(iter(plugin.run()))
    assert first == (2, 0, "GID101 track() call has no groupId in its context", Plugin)


def test_too_deep_to_analyse_is_a_finding_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def too_deep(*args: object, **kwargs: object) -> list[object]:
        raise RecursionError

    monkeypatch.setattr("lint_groupid.flake8_plugin.check_tree", too_deep)
    plugin = Plugin(ast.parse(BAD), BAD.splitlines(True), "a.py")
    assert list(plugin.run()) == [
        (1, 0, "GID000 could not parse: too deeply nested to analyse", Plugin)]
