"""``lint-groupid explain PATH:LINE``: the chain that resolved each call, how its
context was read, why it is or is not guarded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "fixtures" / "project"


def explain(location: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lint_groupid", "explain", "--no-cache",
                           location], cwd=cwd, capture_output=True, text=True, check=False)


def test_method_wrapper_on_a_module_level_instance() -> None:
    result = explain("acme/workspaces/views.py:73")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("acme/workspaces/views.py:73:5: workspace_analytics.track(")
    assert "    via `workspace_analytics` is imported from " \
           "`acme.workspaces.tracking.analytics` (acme/workspaces/views.py:7)" in lines
    assert any(line.startswith("    via analytics is bound in this module "
                               "(acme/workspaces/tracking.py:13)") for line in lines)
    assert "  calls: the wrapper `acme.workspaces.tracking.Analytics.track` of track(); its " \
           "context parameter is `context` (by keyword or position 3)" in lines
    assert "  context: no `context` argument: no groupId" in lines
    assert "  guard: not checked at a wrapper's call (it belongs at the SDK call inside)" in lines
    assert "  finding: GID101 track() call has no groupId in its context (73:5)" in lines


def test_sdk_call_inside_a_wrapper() -> None:
    lines = explain("acme/utils/analytics.py:32").stdout.splitlines()
    assert "  calls: the SDK's track() (a module function)" in lines
    assert "  context: passes its function's own parameter on: the function is a wrapper, " \
           "and its callers are checked instead" in lines
    assert "  guard: none: it can run for an internal user" in lines


def test_look_alike_is_not_an_analytics_call() -> None:
    lines = explain("acme/reports/exports.py:1").stdout.splitlines()
    assert lines == ["acme/reports/exports.py:1: no call on this line that could be an "
                     "analytics call"]


def test_bad_location_is_a_usage_error() -> None:
    result = explain("acme/utils/analytics.py")
    assert result.returncode == 2
    assert result.stderr.startswith("lint-groupid: 'acme/utils/analytics.py' is not PATH:LINE")
    missing = explain("nope.py:3")
    assert missing.returncode == 2
    assert missing.stderr.startswith("lint-groupid: nope.py:")
