"""Second round of adversarial projects for project-wide resolution
(``tests/adversary_cases2.py``), run exactly as ``tests/test_adversary.py`` runs its
cases. The known misses are strict xfails: when one starts passing, move it to
``ADVERSARY_CASES2``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.adversary_cases2 import (
    ADVERSARY_CASES2,
    AMBIGUOUS2,
    AMBIGUOUS_NOTES2,
    KNOWN_MISSES2,
    MISS_NOTES2,
)
from tests.test_adversary import _check


@pytest.mark.parametrize("case", ADVERSARY_CASES2, ids=[case[0] for case in ADVERSARY_CASES2])
def test_adversary_case2(case: tuple[str, dict[str, str], dict[str, list[str]]],
                         tmp_path: Path) -> None:
    _check(case, tmp_path)


@pytest.mark.parametrize("case", [
    pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=MISS_NOTES2[case[0]]),
                 id=case[0])
    for case in KNOWN_MISSES2])
def test_known_miss2(case: tuple[str, dict[str, str], dict[str, list[str]]],
                     tmp_path: Path) -> None:
    _check(case, tmp_path)


def test_every_note_names_a_case2() -> None:
    assert {case[0] for case in KNOWN_MISSES2} == set(MISS_NOTES2)
    assert {case[0] for case in AMBIGUOUS2} == set(AMBIGUOUS_NOTES2)
    names = [case[0] for case in ADVERSARY_CASES2 + KNOWN_MISSES2 + AMBIGUOUS2]
    assert len(names) == len(set(names))
