"""Adversarial projects for the imported-name pre-filter (``tests/adversary_cases.py``),
run exactly as ``tests/test_project.py`` runs its cases. The known misses are strict
xfails: when one starts passing, move it to ``ADVERSARY_CASES``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.adversary_cases import ADVERSARY_CASES, KNOWN_MISSES, MISS_NOTES
from tests.test_project import check_project, expected, write_project


def _check(case: tuple[str, dict[str, str], dict[str, list[str]]], tmp_path: Path) -> None:
    _name, files, options = case
    root = tmp_path / "project"
    write_project(root, files)
    paths = options.get("paths", ["."])
    wanted = expected(root, files, paths)
    # (where a finding's line cannot carry a comment: ``PATH:LINE:CODE``)
    for mark in options.get("expect", []):
        path, line, code = mark.split(":")
        wanted.add((path, int(line), code))
    assert check_project(root, paths) == wanted


@pytest.mark.parametrize("case", ADVERSARY_CASES, ids=[case[0] for case in ADVERSARY_CASES])
def test_adversary_case(case: tuple[str, dict[str, str], dict[str, list[str]]],
                        tmp_path: Path) -> None:
    _check(case, tmp_path)


@pytest.mark.parametrize("case", [
    pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=MISS_NOTES[case[0]]),
                 id=case[0])
    for case in KNOWN_MISSES])
def test_known_miss(case: tuple[str, dict[str, str], dict[str, list[str]]],
                    tmp_path: Path) -> None:
    _check(case, tmp_path)


def test_every_note_names_a_case() -> None:
    assert {case[0] for case in KNOWN_MISSES} == set(MISS_NOTES)
