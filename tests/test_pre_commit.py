"""The pre-commit hooks, run by real pre-commit against this checkout (try-repo)."""

from __future__ import annotations

import os
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
