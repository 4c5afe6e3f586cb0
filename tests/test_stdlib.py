"""The standard library as a corpus: no crash, and no finding, on any module."""

from __future__ import annotations

import ast
import sys
import sysconfig
import warnings
from pathlib import Path

import pytest

from lint_groupid.checker import check_tree
from lint_groupid.settings import Settings

STDLIB = Path(sysconfig.get_paths()["stdlib"])
# names real code uses for things that are not analytics clients: with them as
# "clients", every ``x.group(...)``/``x.track(...)`` on them goes through the analysis
STRESS = Settings(
    clients=("self", "m", "match", "mo", "re", "logger", "parser", "group", "tracker", "obj"),
    grouped_methods=("track", "identify", "group", "page", "screen", "alias"),
    guarded_methods=("track", "identify", "group", "page", "screen", "alias"),
)


def stdlib_files() -> list[Path]:
    return sorted(p for p in STDLIB.rglob("*.py") if "site-packages" not in p.parts)


@pytest.mark.slow
def test_stdlib_no_crash_no_finding() -> None:
    checked = 0
    stressed = 0
    for path in stdlib_files():
        try:
            source = path.read_text(encoding="utf-8")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(source)
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue  # test data that is not valid Python for this interpreter
        lines = source.splitlines(keepends=True)
        # bypasses the pre-filter on purpose: the whole analysis runs on every module
        assert check_tree(tree, lines, Settings(), None) == [], path
        stressed += len(check_tree(tree, lines, STRESS, None))
        checked += 1
    assert checked > 500, f"only {checked} standard library files found under {STDLIB}"
    # the stress run reports at most the odd real-looking call, never thousands
    assert stressed < checked // 50


@pytest.mark.slow
def test_stdlib_through_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    from lint_groupid.cli import main

    code = main(["check", "-q", "--select", "GID1,GID2", str(STDLIB)])
    out = capsys.readouterr().out
    assert out == ""
    assert code == 0


def test_python_version_is_supported() -> None:
    assert sys.version_info >= (3, 9)
