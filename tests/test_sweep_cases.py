"""Cases from the sweep over published packages (``tests/sweep_cases.py``,
``docs/sweep-report.md``), run exactly as ``tests/test_adversary.py`` runs its cases.
Known misses are strict xfails: when one starts passing, drop its note (it then
runs with ``SWEEP_PASSING``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sweep_cases import SWEEP_CASES, SWEEP_NOTES, SWEEP_PASSING
from tests.test_adversary import Case, _check


@pytest.mark.parametrize("case", SWEEP_PASSING, ids=[case[0] for case in SWEEP_PASSING])
def test_sweep_case(case: Case, tmp_path: Path) -> None:
    _check(case, tmp_path)


@pytest.mark.parametrize("case", [
    pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=SWEEP_NOTES[case[0]]),
                 id=case[0])
    for case in SWEEP_CASES])
def test_sweep_miss(case: Case, tmp_path: Path) -> None:
    _check(case, tmp_path)


def test_every_note_names_a_case() -> None:
    assert {case[0] for case in SWEEP_CASES} == set(SWEEP_NOTES)
    names = [case[0] for case in SWEEP_CASES + SWEEP_PASSING]
    assert len(names) == len(set(names))
