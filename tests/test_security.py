"""Untrusted repositories: what a checkout can and cannot make the tool do.

A repository may ship symbolic links pointing outside it, FIFOs and devices
named ``*.py``, pathological files, and configuration values that look like
code. Each test is the user's view: a tree in, the output and the disk after.
"""

from __future__ import annotations

import ast
import io
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lint_groupid import files
from lint_groupid.cli import main
from lint_groupid.flake8_plugin import Plugin

ROOT = Path(__file__).resolve().parent.parent
BAD = "import analytics\nanalytics.track('u', 'e')  # noqa: GID201\n"
# `g` is defined nowhere in these files: a fix that inserts it is unsafe
GROUP_ID = ("--unsafe-fixes", "--group-id", "g")
FIXED = "import analytics\nanalytics.track('u', 'e', context={\"groupId\": g})  # noqa: GID201\n"
GID101 = "GID101 track() call has no groupId in its context"
OUTSIDE_NOTE = "skipped: a symbolic link that points outside the project root"

needs_symlinks = pytest.mark.skipif(sys.platform == "win32", reason="POSIX symbolic links")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([args[0], "-j", "1", *args[1:]])
    out, err = capsys.readouterr()
    return code, out, err


def run_process(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command in its own process, so that a hang fails the test instead of the suite."""
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=60, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``repo/`` (the project, the working folder) beside ``outside/``, which it links to:
    ``repo/link.py -> ../outside/victim.py`` and ``repo/linked -> ../outside/pkg``."""
    project, outside = tmp_path / "repo", tmp_path / "outside"
    (project / "app").mkdir(parents=True)
    (outside / "pkg").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[tool.lint-groupid]\n", encoding="utf-8")
    (project / "app" / "views.py").write_text(BAD, encoding="utf-8")
    (outside / "victim.py").write_text(BAD, encoding="utf-8")
    (outside / "pkg" / "module.py").write_text(BAD, encoding="utf-8")
    if sys.platform != "win32":
        (project / "link.py").symlink_to(Path("..", "outside", "victim.py"))
        (project / "linked").symlink_to(Path("..", "outside", "pkg"), target_is_directory=True)
    monkeypatch.chdir(project)
    return project


def outside_untouched(repo: Path) -> bool:
    outside = repo.parent / "outside"
    return (outside / "victim.py").read_text("utf-8") == BAD and \
        (outside / "pkg" / "module.py").read_text("utf-8") == BAD


@needs_symlinks
class TestSymlinksOutsideTheRoot:
    def test_check_does_not_report_files_outside(self, repo: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = run(capsys, "check", "--select", "GID1", ".")
        assert out == f"app/views.py:2:1: {GID101}\n"
        assert OUTSIDE_NOTE not in err  # said only under --verbose
        assert code == 1

    def test_verbose_says_what_was_skipped(self, repo: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
        _code, out, err = run(capsys, "check", "--verbose", "--select", "GID1", ".")
        assert out == f"app/views.py:2:1: {GID101}\n"
        assert err.splitlines()[:2] == [f"lint-groupid: link.py: {OUTSIDE_NOTE}",
                                        f"lint-groupid: linked: {OUTSIDE_NOTE}"]

    def test_a_link_inside_the_root_is_followed_once(self, repo: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
        (repo / "views_link.py").symlink_to(Path("app", "views.py"))
        (repo / "app" / "again").symlink_to(Path(".."), target_is_directory=True)  # a loop
        _code, out, err = run(capsys, "check", "--verbose", "--select", "GID1", ".")
        assert out == f"views_link.py:2:1: {GID101}\napp/views.py:2:1: {GID101}\n"
        assert "lint-groupid: app/again: skipped: already walked" in err

    def test_fix_does_not_rewrite_files_outside(self, repo: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
        code, _out, _err = run(capsys, "fix", *GROUP_ID, ".")
        assert (repo / "app" / "views.py").read_text("utf-8") == FIXED
        assert outside_untouched(repo)
        assert code == 0

    def test_a_file_named_explicitly_is_checked(self, repo: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _err = run(capsys, "check", "--select", "GID1", "link.py", "linked")
        assert out == f"link.py:2:1: {GID101}\nlinked/module.py:2:1: {GID101}\n"
        assert code == 1

    def test_but_fix_refuses_to_write_it(self, repo: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = run(capsys, "fix", *GROUP_ID, "link.py")
        victim = (repo.parent / "outside" / "victim.py").resolve()
        assert f"link.py: not fixed: cannot write: its real path {victim} is outside the " \
               f"project root {repo.resolve()} (pass --allow-outside-root to write it)\n" in err
        assert out == ""
        assert outside_untouched(repo)
        assert code == 1

    def test_a_folder_named_explicitly_is_not_written_either(
            self, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
        code, _out, err = run(capsys, "fix", *GROUP_ID, "linked")
        assert "linked/module.py: not fixed: cannot write: its real path " in err
        assert outside_untouched(repo)
        assert code == 1

    def test_allow_outside_root_writes_it(self, repo: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _err = run(capsys, "fix", "--allow-outside-root", *GROUP_ID,
                              "link.py")
        assert out == "Fixed link.py (1 fix)\n"
        assert (repo.parent / "outside" / "victim.py").read_text("utf-8") == FIXED
        assert (repo / "link.py").is_symlink()
        assert code == 0

    def test_diff_shows_the_fix_without_writing(self, repo: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _err = run(capsys, "fix", "--diff", *GROUP_ID, "link.py")
        assert "+analytics.track('u', 'e', context={\"groupId\": g})  # noqa: GID201" in out
        assert outside_untouched(repo)
        assert code == 1

    def test_add_noqa_refuses_to_write_outside(self, repo: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
        code, _out, err = run(capsys, "check", "--add-noqa", "link.py")
        assert "lint-groupid: link.py: noqa not added: its real path " in err
        assert outside_untouched(repo)
        assert code == 1

    @pytest.mark.parametrize("target", [".", "link.py", "linked"])
    def test_codemod_does_not_rewrite_files_outside(self, repo: Path, target: str) -> None:
        (repo / ".libcst.codemod.yaml").write_text(
            "generated_code_marker: '@generated'\nformatter: []\nblacklist_patterns: []\n"
            "modules:\n  - lint_groupid.codemods\nrepo_root: .\n", encoding="utf-8")
        result = run_process(repo, "libcst.tool", "codemod", "--no-format", "--hide-progress",
                             "group_id.AddGroupId", *GROUP_ID, target)
        assert result.returncode == 0, result.stderr
        assert outside_untouched(repo)
        if target == ".":
            assert (repo / "app" / "views.py").read_text("utf-8") == FIXED
        if target != "linked":  # libcst's own walk does not enter a linked folder
            assert "not transformed: its real path is outside the project root" in result.stderr


class TestSpecialFiles:
    @needs_fifo
    def test_a_fifo_found_while_walking_is_skipped(self, repo: Path) -> None:
        os.mkfifo(repo / "app" / "pipe.py")
        result = run_process(repo, "lint_groupid", "check", "-v", "--select", "GID1", "app")
        assert result.stdout == f"app/views.py:2:1: {GID101}\n"
        assert "lint-groupid: app/pipe.py: skipped: not a regular file\n" in result.stderr

    @needs_fifo
    def test_a_fifo_named_explicitly_is_one_line(self, repo: Path) -> None:
        os.mkfifo(repo / "pipe.py")
        (repo / "pipe_link.py").symlink_to("pipe.py")
        result = run_process(repo, "lint_groupid", "check", "pipe.py", "pipe_link.py",
                             "app/views.py")
        assert result.stdout.splitlines() == [
            "pipe.py:1:1: GID000 could not parse: not a regular file (a FIFO)",
            "pipe_link.py:1:1: GID000 could not parse: not a regular file (a FIFO)",
            f"app/views.py:2:1: {GID101}",
        ]
        assert result.returncode == 1
        result = run_process(repo, "lint_groupid", "fix", *GROUP_ID, "pipe.py")
        assert "pipe.py:1:1: GID000 could not parse: not a regular file (a FIFO)" in \
            result.stderr
        assert result.returncode == 1

    @needs_symlinks
    def test_links_to_devices_are_skipped_or_refused(self, repo: Path) -> None:
        (repo / "app" / "zero.py").symlink_to(os.devnull)
        result = run_process(repo, "lint_groupid", "check", "-v", "--select", "GID1", "app")
        assert result.stdout == f"app/views.py:2:1: {GID101}\n"
        assert f"app/zero.py: {OUTSIDE_NOTE}" in result.stderr
        result = run_process(repo, "lint_groupid", "check", "app/zero.py")
        assert result.stdout == "app/zero.py:1:1: GID000 could not parse: not a regular file " \
                                "(a device)\n"

    @pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no UNIX sockets here")
    def test_a_socket_is_skipped(self, repo: Path,
                                 capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(repo / "app")  # a UNIX socket's path must be short
        with socket.socket(socket.AF_UNIX) as server:
            server.bind("sock.py")
            _code, out, err = run(capsys, "check", "-v", "--select", "GID1", ".")
            assert out == f"views.py:2:1: {GID101}\n"
            assert "lint-groupid: sock.py: skipped: not a regular file\n" in err
            _code, out, _err = run(capsys, "check", "sock.py")
            assert out == "sock.py:1:1: GID000 could not parse: not a regular file (a socket)\n"

    @needs_symlinks
    def test_a_link_to_itself(self, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
        (repo / "app" / "self.py").symlink_to("self.py")
        code, out, err = run(capsys, "check", "-v", "--select", "GID0,GID1", "app")
        assert out == f"app/views.py:2:1: {GID101}\n"
        assert "lint-groupid: app/self.py: skipped: Too many levels of symbolic links\n" in err
        code, out, err = run(capsys, "check", "app/self.py")
        assert out == "app/self.py:1:1: GID000 could not parse: cannot read: Too many levels " \
                      "of symbolic links\n"
        assert "Traceback" not in err
        assert code == 1


def _generated_module(size: int, mention: str = "analytics") -> bytes:
    line = b"DATA_%08d = 'generated value for a table of constants'\n"
    count = size // len(line % 0) + 1
    return f"# {mention}\n".encode() + b"".join(line % n for n in range(count))


class TestResourceBounds:
    def test_a_50_mb_module_is_one_line_and_not_parsed(
            self, repo: Path, capsys: pytest.CaptureFixture[str],
            monkeypatch: pytest.MonkeyPatch) -> None:
        (repo / "app" / "generated.py").write_bytes(_generated_module(50 * 1024 * 1024))
        parsed: list[int] = []
        real_parse = ast.parse

        def parse(source: str | bytes, *args: Any, **kwargs: Any) -> Any:
            parsed.append(len(source))
            return real_parse(source, *args, **kwargs)

        monkeypatch.setattr(ast, "parse", parse)
        code, out, err = run(capsys, "check", "--select", "GID0,GID1", "app")
        assert out.splitlines() == [
            "app/generated.py:1:1: GID000 could not parse: too large to check (50.0 MB; the "
            "limit is 4 MB): add it to `exclude` if it is generated",
            f"app/views.py:2:1: {GID101}",
        ]
        assert max(parsed) < files.MAX_CHECKED_BYTES
        assert code == 1
        code, _out, err = run(capsys, "fix", *GROUP_ID, "app")
        assert "app/generated.py:1:1: GID000 could not parse: too large to check" in err
        assert (repo / "app" / "views.py").read_text("utf-8") == FIXED

    def test_a_large_module_without_analytics_words_is_not_reported(
            self, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
        (repo / "app" / "table.py").write_bytes(_generated_module(8 * 1024 * 1024, "table"))
        _code, out, _err = run(capsys, "check", "--select", "GID0,GID1", "app")
        assert out == f"app/views.py:2:1: {GID101}\n"

    def test_no_file_is_read_past_the_read_limit(
            self, repo: Path, capsys: pytest.CaptureFixture[str],
            monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(files, "MAX_READ_BYTES", 1024 * 1024)
        (repo / "app" / "huge.py").write_bytes(_generated_module(3 * 1024 * 1024, "table"))
        _code, out, _err = run(capsys, "check", "--select", "GID0,GID1", "app")
        assert out.splitlines() == [
            "app/huge.py:1:1: GID000 could not parse: too large to check (3.0 MB; the limit "
            "is 1 MB): add it to `exclude` if it is generated",
            f"app/views.py:2:1: {GID101}",
        ]

    def test_standard_input_is_read_up_to_the_limit(
            self, repo: Path, capsys: pytest.CaptureFixture[str],
            monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(files, "MAX_READ_BYTES", 1024 * 1024)

        class Stdin:
            buffer = io.BytesIO(_generated_module(3 * 1024 * 1024))

        monkeypatch.setattr(sys, "stdin", Stdin)
        code, out, _err = run(capsys, "check", "-")
        assert out == "-:1:1: GID000 could not parse: too large to check (more than 1 MB; " \
                      "the limit is 1 MB): add it to `exclude` if it is generated\n"
        assert code == 1

    def test_a_100000_element_literal(self, repo: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
        elements = ", ".join(str(n) for n in range(100_000))
        source = f"import analytics\nTABLE = [{elements}]\n" \
                 "analytics.track('u', 'e')  # noqa: GID201\n"
        (repo / "app" / "wide.py").write_text(source, encoding="utf-8")
        _code, out, _err = run(capsys, "check", "--select", "GID0,GID1", "app/wide.py")
        assert out == f"app/wide.py:3:1: {GID101}\n"

    @pytest.mark.slow
    def test_a_100000_element_literal_is_fixed(self, repo: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
        elements = ", ".join(str(n) for n in range(100_000))
        source = f"import analytics\nTABLE = [{elements}]\n" \
                 "analytics.track('u', 'e')  # noqa: GID201\n"
        (repo / "app" / "wide.py").write_text(source, encoding="utf-8")
        code, _out, _err = run(capsys, "fix", *GROUP_ID, "app/wide.py")
        assert (repo / "app" / "wide.py").read_text("utf-8") == source.replace(
            "'e')", "'e', context={\"groupId\": g})")
        assert code == 0

    @pytest.mark.slow
    def test_a_100000_element_literal_in_the_call(self, repo: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
        entries = ", ".join(f"'k{n}': {n}" for n in range(100_000))
        source = f"import analytics\nanalytics.track('u', 'e', {{{entries}}})  # noqa: GID201\n"
        (repo / "app" / "wide.py").write_text(source, encoding="utf-8")
        _code, out, _err = run(capsys, "check", "--select", "GID0,GID1", "app/wide.py")
        assert out == f"app/wide.py:2:1: {GID101}\n"
        code, _out, _err = run(capsys, "fix", *GROUP_ID, "app/wide.py")
        assert code == 0
        fixed = (repo / "app" / "wide.py").read_text("utf-8")
        assert "'k99999': 99999}" in fixed and 'context={"groupId": g}' in fixed
        _code, out, _err = run(capsys, "check", "--select", "GID0,GID1", "app/wide.py")
        assert out == ""

    @pytest.mark.parametrize("expression", [
        "(" * 10_000 + "1" + ")" * 10_000,
        "[" * 10_000 + "]" * 10_000,
        "-" * 10_000 + "1",
        "not " * 10_000 + "x",
        "x" + ".y" * 10_000,
        "f" + "()" * 10_000,
        " + ".join(["1"] * 10_000),
        "lambda: " * 10_000 + "1",
    ], ids=["parentheses", "brackets", "unary", "not", "attributes", "calls", "sum", "lambdas"])
    def test_10000_levels_of_nesting(self, repo: Path, capsys: pytest.CaptureFixture[str],
                                     expression: str) -> None:
        source = f"import analytics\nanalytics.track('u', {expression})  # noqa: GID201\n"
        (repo / "app" / "deep.py").write_text(source, encoding="utf-8")
        for command in (["check", "--select", "GID0,GID1"], ["fix", *GROUP_ID]):
            code, out, err = run(capsys, *command, "app")
            assert "Traceback" not in out + err
            reported = [line for line in (out + err).splitlines() if "app/deep.py:" in line]
            assert len(reported) == 1 and "GID000 could not parse: " in reported[0]
            assert code == 1
        assert (repo / "app" / "deep.py").read_text("utf-8") == source
        assert (repo / "app" / "views.py").read_text("utf-8") == FIXED

    @pytest.mark.parametrize("depth", [1_500, 2_500])
    def test_nesting_that_parses_but_is_too_deep_to_analyse(
            self, repo: Path, capsys: pytest.CaptureFixture[str], depth: int) -> None:
        source = f"import analytics\nanalytics.track('u', x{'.y' * depth})  # noqa: GID201\n"
        (repo / "app" / "deep.py").write_text(source, encoding="utf-8")
        for command in (["check", "--select", "GID0,GID1"], ["fix", *GROUP_ID]):
            code, out, err = run(capsys, *command, "app")
            assert "Traceback" not in out + err
            reported = [line for line in (out + err).splitlines() if "app/deep.py:" in line]
            assert len(reported) == 1 and "GID000 could not parse: too deeply nested" in \
                reported[0]
            assert code == 1
        assert (repo / "app" / "views.py").read_text("utf-8") == FIXED
        # the flake8 plugin, on the tree flake8 hands it
        tree = ast.parse(source)
        found = [message for _line, _col, message, _type
                 in Plugin(tree, source.splitlines(keepends=True), "deep.py").run()]
        assert len(found) == 1 and found[0].startswith("GID000 ") and "too deeply" in found[0]


PAYLOAD = "__import__('pathlib').Path('PWNED').touch()"


class TestNothingUserSuppliedIsExecuted:
    """Configuration values are parsed as expressions or globs, never evaluated."""

    def test_payload_in_the_configuration(self, repo: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
        (repo / "pyproject.toml").write_text(
            "[tool.lint-groupid]\n"
            f'group-id = "{PAYLOAD}"\n'
            f'guard = "{PAYLOAD}"\n'
            'guard-import = "os:system"\n'
            f'guards = ["{PAYLOAD}", "is_staff"]\n'
            f'clients = ["{PAYLOAD}", "analytics"]\n'
            f'exclude = ["{PAYLOAD}"]\n'
            f'per-file-ignores = {{ "{PAYLOAD}" = ["GID201"] }}\n', encoding="utf-8")
        code, out, _err = run(capsys, "check", ".")
        assert code == 1 and "app/views.py:2:1: GID101" in out
        _code, out, _err = run(capsys, "fix", "--diff", ".")
        assert any(line.startswith("+") and f'"groupId": {PAYLOAD}' in line
                   for line in out.splitlines())
        run(capsys, "fix", "--unsafe-fixes", ".")
        assert PAYLOAD in (repo / "app" / "views.py").read_text("utf-8")  # written, not run
        run(capsys, "check", ".")
        assert not (repo / "PWNED").exists()

    def test_payload_in_options(self, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
        (repo / "app" / "views.py").write_text(
            "import analytics\nanalytics.identify('u')\n", encoding="utf-8")
        for command in ("check", "fix"):
            run(capsys, command, "--group-id", PAYLOAD, "--guard", PAYLOAD,
                "--guard-import", "os:system", ".")
        fixed = (repo / "app" / "views.py").read_text("utf-8")
        assert "from os import system\n" in fixed
        assert f"if not {PAYLOAD}:\n    analytics.identify('u')\n" in fixed
        assert not (repo / "PWNED").exists()

    def test_payload_in_codemod_arguments(self, repo: Path) -> None:
        (repo / ".libcst.codemod.yaml").write_text(
            "generated_code_marker: '@generated'\nformatter: []\nblacklist_patterns: []\n"
            "modules:\n  - lint_groupid.codemods\nrepo_root: .\n", encoding="utf-8")
        result = run_process(repo, "libcst.tool", "codemod", "--no-format", "--hide-progress",
                             "group_id.AddGroupId", "--group-id", PAYLOAD, "app")
        assert result.returncode == 0, result.stderr
        assert PAYLOAD in (repo / "app" / "views.py").read_text("utf-8")
        assert not (repo / "PWNED").exists()

    def test_payload_in_flake8_options(self, repo: Path) -> None:
        result = run_process(repo, "flake8", "--select", "GID",
                             f"--groupid-guards={PAYLOAD}", "--groupid-clients", PAYLOAD,
                             "app/views.py")
        assert "app/views.py:2:1: GID101" in result.stdout, result.stderr
        assert not (repo / "PWNED").exists()

    def test_the_projects_own_modules_are_never_imported(
            self, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Resolution reads the project's modules; it never runs them (an ``analytics.py``
        that shadows the SDK, a package ``__init__``)."""
        for name in ("analytics.py", "app/__init__.py", "app/tracking.py"):
            (repo / name).write_text(f"{PAYLOAD}\ndef track(*args, **kwargs): pass\n",
                                     encoding="utf-8")
        (repo / "app" / "views.py").write_text(
            "from app import tracking\nimport analytics\n"
            "analytics.track('u', 'e')\ntracking.track('u', 'e')\n", encoding="utf-8")
        for command in (["check"], ["fix", *GROUP_ID, "--guard", "is_staff()"]):
            run(capsys, *command, ".")
        assert not (repo / "PWNED").exists()
