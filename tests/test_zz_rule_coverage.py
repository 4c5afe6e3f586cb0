"""Every rule code is exercised by the tests that ran before this module: some test
produced it (a positive case) and some test looked for it on a call it applies to
and did not get it (a negative case). Checked on what the tests actually ran, not
on their names or comments; skipped when the rule tests were not part of the run.

(The file name sorts last, so pytest runs it after the rule tests.)
"""

from __future__ import annotations

import os
import re

import pytest

from lint_groupid.rules import RULES
from tests.helpers import RUNS

RULE_CODES = [code for code in RULES if code != "GID000"]
# a call of a method the family applies to, in the snippet
_APPLIES = {
    "GID1": re.compile(r"\b(track|page|screen)\s*\("),
    "GID2": re.compile(r"\b(track|identify|group)\s*\("),
}


def _ran_rule_tests() -> bool:
    # across xdist workers, each has run only some of them: checked in one process
    # (README, CI), never on a part
    return len(RUNS) > 100 and "PYTEST_XDIST_WORKER" not in os.environ


@pytest.mark.parametrize("code", RULE_CODES)
def test_code_was_produced_by_a_test(code: str) -> None:
    if not _ran_rule_tests():
        pytest.skip("the rule tests did not run in this session")
    assert any(code in run.produced for run in RUNS), f"no test produced {code}"


@pytest.mark.parametrize("code", RULE_CODES)
def test_code_was_looked_for_and_not_found(code: str) -> None:
    if not _ran_rule_tests():
        pytest.skip("the rule tests did not run in this session")
    applies = _APPLIES[code[:4]]
    assert any(code in run.selected and code not in run.produced and
               applies.search(run.source) for run in RUNS), \
        f"no test looked for {code} on a call it applies to without getting it"
