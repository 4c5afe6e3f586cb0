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
    # each binding on the way, as the module writes it
    assert "    via `analytics` is `Analytics()` (acme/workspaces/tracking.py:17)" in lines
    assert "    via `Analytics` is `class Analytics` (acme/workspaces/tracking.py:5)" in lines
    # a name with two bindings that can reach the call: both are shown
    assert "    via `client` is `Client()` or `mock.create_autospec()` " \
           "(acme/telemetry/client.py:8)" in lines
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
    lines = len((PROJECT / "acme" / "utils" / "analytics.py").read_text().splitlines())
    beyond = explain(f"acme/utils/analytics.py:{lines + 1}")
    assert beyond.returncode == 2
    assert beyond.stderr == f"lint-groupid: acme/utils/analytics.py: no line {lines + 1}: " \
                            f"the file has {lines}\n"
    assert explain(f"acme/utils/analytics.py:{lines}").returncode == 0


def test_the_guard_that_decides_is_named() -> None:
    # a guard helper of another module (the check's own guard analysis: explain once
    # said "none" here while check reported nothing)
    lines = explain("acme/accounts/views.py:27").stdout.splitlines()
    assert "  guard: reached only when `is_internal_user(user)` (inside `should_track(user)`)" \
           " is false, in login_done()" in lines
    assert "  no finding" in lines
    # an exit under a guard, and a guard decorator
    assert "  guard: reached only when `is_internal_user(g.user)` is false, in " \
           "create_session()" in explain("acme/api/routes.py:31").stdout.splitlines()
    assert "  guard: the guard decorator @skip_internal_users of switch_workspace()" in \
           explain("acme/accounts/views.py:47").stdout.splitlines()


def test_an_imported_helper_that_is_no_wrapper_is_explained() -> None:
    # the check does not even look at it (its name is filtered before the walk); explain
    # shows the chain and why it is not an analytics call
    lines = explain("acme/accounts/views.py:18").stdout.splitlines()
    assert lines[0] == "acme/accounts/views.py:18:5: track_signup(user, " \
                       "form.cleaned_data['plan'])"
    assert "    via `track_signup` is `def track_signup` (acme/utils/analytics.py:44)" in lines
    assert lines[-1].startswith("  not an analytics call")


def test_two_calls_on_a_line_each_show_their_own_findings(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.lint-groupid]\n", encoding="utf-8")
    (tmp_path / "billing.py").write_text(
        "import analytics\n\n\ndef on_upgrade(user, org):\n"
        "    analytics.track(user.id, 'Up', context={'groupId': org.id}) if org "
        "else analytics.track(user.id, 'Up')\n", encoding="utf-8")
    lines = explain("billing.py:5", cwd=tmp_path).stdout.splitlines()
    blocks = "\n".join(line for line in lines if not line.startswith("    via")).split(
        "billing.py:5:")[1:]
    assert len(blocks) == 2
    first, second = blocks
    assert first.startswith("5: analytics.track(user.id, 'Up', context=")
    assert "finding: GID201" in first and "(5:5)" in first
    assert "GID101" not in first and "(5:" + second.split(":")[0] + ")" not in first
    assert "finding: GID101 track() call has no groupId in its context" in second
    assert second.count("finding:") == 2
