"""The pre-commit hooks, run by real pre-commit against this checkout (try-repo)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BAD = "import analytics\n\n\ndef f(user):\n    analytics.track(user.id, 'Signed Up')\n"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                       reason="needs git and a git checkout of lint-groupid"),
]


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def try_repo(repo: Path, env: dict[str, str], hook: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--files", "app.py",
         "--color", "never"],
        cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=600,
    )


def test_check_and_fix_hooks(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "dev@example.invalid")
    git(repo, "config", "user.name", "dev")
    (repo / "app.py").write_text(BAD, encoding="utf-8")
    (repo / "pyproject.toml").write_text(
        '[tool.lint-groupid]\ngroup-id = "user.workspace_id"\nguard = "internal_user()"\n'
        'guard-import = "app_auth:internal_user"\n', encoding="utf-8")
    git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"),
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}

    checked = try_repo(repo, env, "lint-groupid")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "app.py:5:5: GID101 track() call has no groupId in its context" in checked.stdout
    assert "app.py:5:5: GID201" in checked.stdout

    fixed = try_repo(repo, env, "lint-groupid-fix")
    # pre-commit fails a hook that changed files, so that they get reviewed
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert "files were modified by this hook" in fixed.stdout
    assert (repo / "app.py").read_text("utf-8") == (
        "import analytics\nfrom app_auth import internal_user\n\n\ndef f(user):\n"
        "    if not internal_user():\n"
        "        analytics.track(user.id, 'Signed Up', context={\"groupId\": "
        "user.workspace_id})\n")
    git(repo, "add", ".")

    again = try_repo(repo, env, "lint-groupid")
    assert again.returncode == 0, again.stdout + again.stderr
    assert try_repo(repo, env, "lint-groupid-fix").returncode == 0


LOCAL_HOOK = """\
repos:
  - repo: local
    hooks:
      - id: lint-groupid
        name: lint-groupid
        entry: lint-groupid check --baseline .lint-groupid-baseline.json
        language: system
        types: [python]
        require_serial: true
        verbose: true
"""


def pre_commit(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--color", "never", *args],
                          cwd=repo, env=env, capture_output=True, text=True, check=False,
                          timeout=600)


def test_staged_runs_and_a_full_run_agree_on_a_baseline(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "dev@example.invalid")
    git(repo, "config", "user.name", "dev")
    (repo / ".pre-commit-config.yaml").write_text(LOCAL_HOOK, encoding="utf-8")
    (repo / "pyproject.toml").write_text("[tool.lint-groupid]\n", encoding="utf-8")
    for name in ("a.py", "b.py", "c.py"):
        (repo / name).write_text(BAD, encoding="utf-8")
    # the `lint-groupid` of the environment the tests run in: the README's local route
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"),
           "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]}
    lint = [sys.executable, "-m", "lint_groupid", "check"]
    subprocess.run([*lint, "--write-baseline", ".lint-groupid-baseline.json"], cwd=repo,
                   check=True, capture_output=True)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "adopt lint-groupid")

    # a staged change without a new finding passes, and says nothing is gone
    (repo / "a.py").write_text("# a comment\n" + BAD, encoding="utf-8")
    git(repo, "add", "a.py")
    staged = pre_commit(repo, env)
    assert staged.returncode == 0, staged.stdout
    assert re.search(r"^lint-groupid\.+Passed$", staged.stdout, re.M), staged.stdout
    assert "gone" not in staged.stdout

    # fixing the GID101 of a call whose GID201 is baselined: still green
    (repo / "a.py").write_text(BAD.replace("'Signed Up')", "'Signed Up', context={'groupId': "
                                                           "user.workspace_id})"),
                               encoding="utf-8")
    git(repo, "add", "a.py")
    staged = pre_commit(repo, env)
    assert staged.returncode == 0, staged.stdout
    advice = re.search(r"run `(lint-groupid check --write-baseline [^`]*)` to shrink",
                       staged.stdout)
    assert advice is not None, staged.stdout
    assert advice.group(1).endswith(" a.py")
    # following the advice keeps the other files' entries
    argv = advice.group(1).split()
    subprocess.run([*lint, *argv[2:]], cwd=repo, check=True, capture_output=True)
    git(repo, "add", ".")
    full = pre_commit(repo, env, "--all-files")
    assert full.returncode == 0, full.stdout
    assert "gone" not in full.stdout
    assert subprocess.run([*lint, "--baseline", ".lint-groupid-baseline.json"], cwd=repo,
                          check=False, capture_output=True).returncode == 0

    # a new finding fails the staged run and the full run alike
    (repo / "b.py").write_text(BAD + "    analytics.identify(user.id)\n", encoding="utf-8")
    git(repo, "add", "b.py")
    staged = pre_commit(repo, env)
    full = pre_commit(repo, env, "--all-files")
    new = "b.py:6:5: GID201 identify() call can run for an internal user"
    assert staged.returncode == full.returncode == 1
    assert new in staged.stdout and new in full.stdout
    assert staged.stdout.count(": GID") == full.stdout.count(": GID") == 1
