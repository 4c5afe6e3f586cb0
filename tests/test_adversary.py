"""Adversarial projects for project-wide resolution and its pre-filter
(``tests/adversary_cases.py``, ``tests/adversary_cases2.py``,
``tests/adversary_cases3.py``, ``tests/adversary_cases4.py``,
``tests/adversary_cases5.py``, ``tests/adversary_cases6.py``), run exactly as
``tests/test_project.py`` runs its cases. Known misses are strict xfails: when one
starts passing, move it out of its suite's notes. The later suites' ambiguous cases
(where SPEC does not say) are kept as data, with a note each, and not run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.adversary_cases import ADVERSARY_CASES, KNOWN_MISSES, MISS_NOTES
from tests.adversary_cases2 import (
    ADVERSARY_CASES2,
    AMBIGUOUS2,
    AMBIGUOUS_NOTES2,
    KNOWN_MISSES2,
    MISS_NOTES2,
)
from tests.adversary_cases3 import (
    ADVERSARY_CASES3,
    AMBIGUOUS3,
    AMBIGUOUS_NOTES3,
    KNOWN_MISSES3,
    MISS_NOTES3,
)
from tests.adversary_cases4 import (
    ADVERSARY_CASES4,
    AMBIGUOUS4,
    AMBIGUOUS_NOTES4,
    KNOWN_MISSES4,
    MISS_NOTES4,
)
from tests.adversary_cases5 import (
    ADVERSARY_CASES5,
    AMBIGUOUS5,
    AMBIGUOUS_NOTES5,
    KNOWN_MISSES5,
    MISS_NOTES5,
)
from tests.adversary_cases6 import (
    ADVERSARY_CASES6,
    AMBIGUOUS6,
    AMBIGUOUS_NOTES6,
    KNOWN_MISSES6,
    MISS_NOTES6,
)
from tests.test_project import check_project, expected, write_project

Case = tuple[str, dict[str, str], dict[str, list[str]]]
CASES = (ADVERSARY_CASES + ADVERSARY_CASES2 + ADVERSARY_CASES3 + ADVERSARY_CASES4
         + ADVERSARY_CASES5 + ADVERSARY_CASES6)
MISSES = [(case, {**MISS_NOTES, **MISS_NOTES2, **MISS_NOTES3, **MISS_NOTES4,
                  **MISS_NOTES5, **MISS_NOTES6}[case[0]])
          for case in KNOWN_MISSES + KNOWN_MISSES2 + KNOWN_MISSES3 + KNOWN_MISSES4
          + KNOWN_MISSES5 + KNOWN_MISSES6]


def _check(case: Case, tmp_path: Path) -> None:
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


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_adversary_case(case: Case, tmp_path: Path) -> None:
    _check(case, tmp_path)


@pytest.mark.parametrize("case", [
    pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=note), id=case[0])
    for case, note in MISSES])
def test_known_miss(case: Case, tmp_path: Path) -> None:
    _check(case, tmp_path)


def test_every_note_names_a_case() -> None:
    assert {case[0] for case in KNOWN_MISSES} == set(MISS_NOTES)
    assert {case[0] for case in KNOWN_MISSES2} == set(MISS_NOTES2)
    assert {case[0] for case in AMBIGUOUS2} == set(AMBIGUOUS_NOTES2)
    assert {case[0] for case in KNOWN_MISSES3} == set(MISS_NOTES3)
    assert {case[0] for case in AMBIGUOUS3} == set(AMBIGUOUS_NOTES3)
    assert {case[0] for case in KNOWN_MISSES4} == set(MISS_NOTES4)
    assert {case[0] for case in AMBIGUOUS4} == set(AMBIGUOUS_NOTES4)
    assert {case[0] for case in KNOWN_MISSES5} == set(MISS_NOTES5)
    assert {case[0] for case in AMBIGUOUS5} == set(AMBIGUOUS_NOTES5)
    assert {case[0] for case in KNOWN_MISSES6} == set(MISS_NOTES6)
    assert {case[0] for case in AMBIGUOUS6} == set(AMBIGUOUS_NOTES6)
    names = [case[0] for case in CASES + KNOWN_MISSES + KNOWN_MISSES2 + KNOWN_MISSES3
             + KNOWN_MISSES4 + KNOWN_MISSES5 + KNOWN_MISSES6 + AMBIGUOUS2 + AMBIGUOUS3
             + AMBIGUOUS4 + AMBIGUOUS5 + AMBIGUOUS6]
    assert len(names) == len(set(names))
