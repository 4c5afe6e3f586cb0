"""Bad input, for ``check`` and ``fix``: one clear line, the run goes on, no traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from lint_groupid.cli import main

ROOT = Path(__file__).resolve().parent.parent
BAD = "import analytics\nanalytics.track('u', 'e')  # noqa: GID201\n"
FIXED = "import analytics\nanalytics.track('u', 'e', context={\"groupId\": g})  # noqa: GID201\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "-j", "1", "--select", "GID0,GID1", *args])
    out, err = capsys.readouterr()
    return code, out, err


def fix(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["fix", "-j", "1", "--group-id", "g", "--unsafe-fixes", *args])
    out, err = capsys.readouterr()
    return code, out, err


def assert_no_traceback(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text


# (file name, content, the exact check output for it)
MATRIX = [
    ("syntax.py", b"import analytics\nanalytics.track('u'\n",
     None),  # "'(' was never closed" since Python 3.10, "unexpected EOF" before
    ("nul.py", b"import analytics\x00\nanalytics.track('u', 'e')\n",
     "nul.py:1:1: GID000 could not parse: source code string cannot contain null bytes\n"),
    ("undecodable.py", b"import analytics\nx = '\xff\xfe'\n",
     "undecodable.py:1:1: GID000 could not parse: cannot decode: invalid utf-8 at byte 22\n"),
    ("python2.py", b"import analytics\nprint 'hello'\nanalytics.track('u', 'e')\n",
     None),  # a SyntaxError whose wording differs between Python versions
    ("empty.py", b"", ""),
    ("only_analytics_word.py", b"# analytics\n", ""),
]


class TestCheckMatrix:
    @pytest.mark.parametrize(("name", "content", "expected"), MATRIX,
                             ids=[row[0] for row in MATRIX])
    def test_bad_file_is_reported_and_others_checked(
            self, project: Path, capsys: pytest.CaptureFixture[str], name: str,
            content: bytes, expected: str | None) -> None:
        (project / name).write_bytes(content)
        (project / "zz_good.py").write_text(BAD, encoding="utf-8")
        code, out, err = check(capsys, name, "zz_good.py")
        assert_no_traceback(out, err)
        lines = out.splitlines(keepends=True)
        assert lines[-1] == "zz_good.py:2:1: GID101 track() call has no groupId in its context\n"
        if expected is None:
            assert len(lines) == 2 and lines[0].startswith(f"{name}:2:")
            assert " GID000 could not parse: " in lines[0]
        else:
            assert "".join(lines[:-1]) == expected
        assert code == 1

    @pytest.mark.parametrize(("name", "content"), [
        ("latin1.py", "# -*- coding: latin-1 -*-\nimport analytics\n# café\n"
                      "analytics.track('é', 'e')\n".encode("latin-1")),
        ("bom.py", b"\xef\xbb\xbfimport analytics\nanalytics.track('\xc3\xa9', 'e')\n"),
        ("crlf.py", b"import analytics\r\n\r\nanalytics.track('u', 'e')\r\n"),
        ("cr_only.py", b"import analytics\r\ranalytics.track('u', 'e')\r"),
        ("tabs_formfeed.py", b"import analytics\n\x0c\nif True:\n\tanalytics.track('u', 'e')\n"),
    ])
    def test_encodings_and_line_endings(self, project: Path,
                                        capsys: pytest.CaptureFixture[str], name: str,
                                        content: bytes) -> None:
        (project / name).write_bytes(content)
        code, out, err = check(capsys, name)
        assert_no_traceback(out, err)
        assert code == 1
        assert out.count(" GID101 ") == 1 and "GID000" not in out

    def test_big_file(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        body = "".join(f"x{n} = {n}\n" for n in range(20_000))
        (project / "big.py").write_text("import analytics\n" + body +
                                        "analytics.track('u', 'e')\n", encoding="utf-8")
        _code, out, _ = check(capsys, "big.py")
        assert out == "big.py:20002:1: GID101 track() call has no groupId in its context\n"

    def test_deeply_nested_expression(self, project: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
        nested = "[" * 150 + "1" + "]" * 150
        deep_sum = " + ".join(["1"] * 20_000)
        (project / "deep.py").write_text(
            f"import analytics\nx = {nested}\ny = {deep_sum}\n"
            f"analytics.track('u', 'e', {{'n': {deep_sum}}})\n", encoding="utf-8")
        (project / "zz_good.py").write_text(BAD, encoding="utf-8")
        code, out, err = check(capsys, "deep.py", "zz_good.py")
        assert_no_traceback(out, err)
        lines = out.splitlines()
        assert lines[-1].startswith("zz_good.py:2:1: GID101")
        assert all(line.startswith("deep.py:") for line in lines[:-1])
        assert len(lines) == 2  # a GID000 (too deeply nested) or the GID101 itself
        assert code == 1

    def test_deeply_nested_blocks(self, project: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
        lines = ["import analytics"]
        for depth in range(25):
            lines.append("    " * depth + f"if x{depth}:")
        lines.append("    " * 25 + "analytics.track('u', 'e')")
        (project / "blocks.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
        _code, out, _ = check(capsys, "blocks.py")
        assert out == "blocks.py:27:101: GID101 track() call has no groupId in its context\n"

    def test_syntax_newer_than_this_python(self, project: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
        source = "import analytics\ntype Alias = int\nanalytics.track('u', 'e')\n"
        (project / "new.py").write_text(source, encoding="utf-8")
        _code, out, err = check(capsys, "new.py")
        assert_no_traceback(out, err)
        if sys.version_info >= (3, 12):
            assert out == "new.py:3:1: GID101 track() call has no groupId in its context\n"
        else:
            assert out.startswith("new.py:2:") and " GID000 could not parse: " in out

    def test_broken_symlink(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        (project / "gone.py").symlink_to(project / "nowhere.py")
        _code, out, _err = check(capsys, "gone.py")
        assert out == "gone.py:1:1: GID000 could not parse: no such file (a broken symlink?)\n"
        _code, out, _err = check(capsys, ".")
        assert out == "gone.py:1:1: GID000 could not parse: no such file (a broken symlink?)\n"

    def test_symlink_loop(self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        (project / "pkg").mkdir()
        (project / "pkg" / "m.py").write_text(BAD, encoding="utf-8")
        (project / "pkg" / "loop").symlink_to(project / "pkg")
        _code, out, err = check(capsys, ".")
        assert_no_traceback(out, err)
        assert out == "pkg/m.py:2:1: GID101 track() call has no groupId in its context\n"

    def test_unreadable_file(self, project: Path, capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch) -> None:
        path = project / "secret.py"
        path.write_text(BAD, encoding="utf-8")
        real_open = open

        def refuse(file: Any, *args: Any, **kwargs: Any) -> Any:
            if str(file).endswith("secret.py"):
                raise PermissionError(13, "Permission denied")
            return real_open(file, *args, **kwargs)

        # root reads anything, so CI simulates a file without read permission
        monkeypatch.setattr("builtins.open", refuse)
        _code, out, _ = check(capsys, "secret.py")
        assert out == "secret.py:1:1: GID000 could not parse: cannot read: Permission denied\n"

    def test_directory_named_like_a_file(self, project: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
        (project / "x.py").mkdir()
        (project / "x.py" / "inner.py").write_text(BAD, encoding="utf-8")
        _code, out, _ = check(capsys, "x.py")
        assert out == "x.py/inner.py:2:1: GID101 track() call has no groupId in its context\n"

    def test_path_that_does_not_exist(self, project: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
        (project / "good.py").write_text(BAD, encoding="utf-8")
        code, out, err = check(capsys, "missing.py", "good.py")
        # a usage error (SPEC "Command line"), as in flake8 and ruff
        assert (code, out) == (2, "")
        assert err == "lint-groupid: error: missing.py: no such file or directory\n"


class TestFixMatrix:
    @pytest.mark.parametrize(("name", "content"), [(r[0], r[1]) for r in MATRIX],
                             ids=[row[0] for row in MATRIX])
    def test_bad_file_left_alone_others_fixed(self, project: Path,
                                              capsys: pytest.CaptureFixture[str], name: str,
                                              content: bytes) -> None:
        (project / name).write_bytes(content)
        (project / "zz_good.py").write_text(BAD, encoding="utf-8")
        _code, out, err = fix(capsys, name, "zz_good.py")
        assert_no_traceback(out, err)
        assert (project / name).read_bytes() == content
        assert (project / "zz_good.py").read_text("utf-8") == FIXED

    @pytest.mark.parametrize(("name", "content", "fixed"), [
        ("crlf.py", b"import analytics\r\nanalytics.track('u', 'e')  # noqa: GID201\r\n",
         b"import analytics\r\nanalytics.track('u', 'e', context={\"groupId\": g})"
         b"  # noqa: GID201\r\n"),
        ("cr_only.py", b"import analytics\ranalytics.track('u', 'e')  # noqa: GID201\r",
         b"import analytics\ranalytics.track('u', 'e', context={\"groupId\": g})"
         b"  # noqa: GID201\r"),
        ("tabs.py", b"import analytics\nif x:\n\tanalytics.track('u', 'e')  # noqa: GID201\n",
         b"import analytics\nif x:\n\tanalytics.track('u', 'e', context={\"groupId\": g})"
         b"  # noqa: GID201\n"),
    ])
    def test_line_endings_kept(self, project: Path, capsys: pytest.CaptureFixture[str],
                               name: str, content: bytes, fixed: bytes) -> None:
        (project / name).write_bytes(content)
        _code, out, err = fix(capsys, name)
        assert_no_traceback(out, err)
        assert (project / name).read_bytes() == fixed

    def test_deeply_nested_is_reported_not_crashed(
            self, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
        deep_sum = " + ".join(["1"] * 3_000)
        source = f"import analytics\nanalytics.track('u', {deep_sum})  # noqa: GID201\n"
        (project / "deep.py").write_text(source, encoding="utf-8")
        (project / "zz_good.py").write_text(BAD, encoding="utf-8")
        _code, out, err = fix(capsys, "deep.py", "zz_good.py")
        assert_no_traceback(out, err)
        assert (project / "zz_good.py").read_text("utf-8") == FIXED
        text = (project / "deep.py").read_text("utf-8")
        assert text == source or text == source.replace(
            f"{deep_sum})", f'{deep_sum}, context={{"groupId": g}})')


def test_interrupted_fix_leaves_every_file_whole(tmp_path: Path) -> None:
    """Kill ``fix`` while it runs over many files: each is either original or fixed."""
    body = "".join(f"\n\ndef f{n}(user):\n    analytics.track(user.id, 'e{n}')  # noqa: GID201\n"
                   for n in range(60))
    original = "import analytics\n" + body
    fixed = original.replace("')  # noqa", "', context={\"groupId\": g})  # noqa")
    files = [tmp_path / f"m{number:03}.py" for number in range(150)]
    for path in files:
        path.write_text(original, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "lint_groupid", "fix", "-q", "-j", "1", "--group-id", "g",
         "--unsafe-fixes", "."],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # kill it once it is part-way through
        done = sum(path.read_text("utf-8") == fixed for path in files)
        if done >= 3:
            break
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    states = [path.read_text("utf-8") for path in files]
    assert all(state in (original, fixed) for state in states)
    assert 0 < sum(state == fixed for state in states) < len(files)
