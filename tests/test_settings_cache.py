"""The ``[tool.lint-groupid]`` table of a ``pyproject.toml`` is kept in the cache folder
beside it, with a hash of the file's content and identity, so that a pre-commit run
on one file does not load the TOML parser. Never stale, never taken from a copy or a
commit, never written where no lint-groupid settings are; and no cache folder that
the repository tracks is read at all."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lint_groupid import cache_folder
from lint_groupid.cache_folder import FOLDER
from lint_groupid.settings import ConfigError, Settings
from lint_groupid.settings import load_settings as load_uncached

KEPT = Path(FOLDER) / "settings-v1" / "pyproject.toml.json"
SETTINGS = '[tool.lint-groupid]\ngroup-id = "request.org.id"\nextend-guards = ["is_support"]\n'
VIEW = "import analytics\n\ndef view(u):\n    analytics.track(u.id, 'e')\n"


@pytest.fixture(autouse=True)
def _fresh_git_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether a root's repository tracks a cache folder is found once per process."""
    monkeypatch.setattr(cache_folder, "_TRACKED", {})


def load_settings(root: Path) -> Settings:
    """The settings for ``root``'s files, as the front ends load them (cache on)."""
    cache_folder._TRACKED.clear()
    return load_uncached(paths=[str(root / "views.py")], use_cache=True)


def project(root: Path, settings: str = SETTINGS) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(settings, encoding="utf-8")
    (root / "views.py").write_text(VIEW, encoding="utf-8")
    return root


def load_in_fresh_process(root: Path, *args: str) -> dict[str, Any]:
    """The settings' group id and extra guards as a fresh process loads them (``args``:
    ``--no-cache``, or ``NAME=value`` for its environment), and whether it imported a
    TOML parser to do so."""
    script = (
        "import sys, json\n"
        "from lint_groupid.settings import load_settings\n"
        f"s = load_settings(paths=[{str(root / 'views.py')!r}],"
        f" use_cache={'--no-cache' not in args})\n"
        "print(json.dumps({'group_id': s.group_id, 'guards': list(s.extend_guards), "
        "'parsed': any(m in sys.modules for m in ('tomllib', 'tomli'))}))\n")
    environment = {**os.environ, **dict(a.split("=", 1) for a in args if "=" in a)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, env=environment)
    loaded: dict[str, Any] = json.loads(done.stdout)
    return loaded


def forge(root: Path, group_id: str = "forged.id") -> None:
    """Change the kept table, its hash left as it is."""
    kept = json.loads((root / KEPT).read_text(encoding="utf-8"))
    kept["table"]["group-id"] = group_id
    (root / KEPT).write_text(json.dumps(kept), encoding="utf-8")


def test_an_unchanged_pyproject_is_read_from_the_cache_without_the_toml_parser(
        tmp_path: Path) -> None:
    root = project(tmp_path)
    first = load_in_fresh_process(root)
    assert first == {"group_id": "request.org.id", "guards": ["is_support"], "parsed": True}
    assert (root / KEPT).is_file()
    assert load_in_fresh_process(root) == {**first, "parsed": False}


def test_a_changed_pyproject_is_parsed_again(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert load_settings(root).group_id == "request.org.id"
    (root / "pyproject.toml").write_text(SETTINGS.replace("org", "team"), encoding="utf-8")
    assert load_settings(root).group_id == "request.team.id"
    kept = json.loads((root / KEPT).read_text(encoding="utf-8"))
    assert kept["table"]["group-id"] == "request.team.id"


def test_a_kept_table_is_taken_only_for_the_same_file_on_this_machine(tmp_path: Path) -> None:
    root = project(tmp_path / "proj")
    load_settings(root)
    # whoever can write the cache folder here can write the pyproject.toml too: an
    # edited table under its own hash is what the file's own entry says
    forge(root)
    assert load_settings(root).group_id == "forged.id"
    # a copy of the project (a clone, a committed or a restored cache) is another file
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    assert (copy / KEPT).is_file()
    assert load_settings(copy).group_id == "request.org.id"
    # a wrong hash, a broken file or a table that is not one is never used
    forge(root)
    kept = json.loads((root / KEPT).read_text(encoding="utf-8"))
    (root / KEPT).write_text(json.dumps({**kept, "digest": "0" * 32}), encoding="utf-8")
    assert load_settings(root).group_id == "request.org.id"
    forge(root)
    (root / KEPT).write_text("{not json", encoding="utf-8")
    assert load_settings(root).group_id == "request.org.id"
    kept = json.loads((root / KEPT).read_text(encoding="utf-8"))
    (root / KEPT).write_text(json.dumps({**kept, "table": [1]}), encoding="utf-8")
    assert load_settings(root).group_id == "request.org.id"


def test_no_cache_and_the_environment_variable_neither_read_nor_write(tmp_path: Path) -> None:
    fresh = project(tmp_path / "fresh")
    assert load_in_fresh_process(fresh, "--no-cache")["parsed"]
    assert load_in_fresh_process(fresh, "LINT_GROUPID_NO_CACHE=1")["parsed"]
    done = subprocess.run([sys.executable, "-m", "lint_groupid", "check", "-q", "--no-cache",
                           "--exit-zero", "views.py"], cwd=fresh, capture_output=True,
                          text=True, check=True)
    assert "GID101" in done.stdout
    assert not (fresh / FOLDER).exists()
    # a kept table (forged, so that reading it would show) is not read either
    root = project(tmp_path / "kept")
    load_in_fresh_process(root)
    forge(root)
    assert load_in_fresh_process(root)["group_id"] == "forged.id"
    assert load_in_fresh_process(root, "--no-cache")["group_id"] == "request.org.id"
    assert load_in_fresh_process(root, "LINT_GROUPID_NO_CACHE=1")["group_id"] == \
        "request.org.id"
    # nor by a library call, which leaves caching to the front ends
    assert load_uncached(paths=[str(root / "views.py")]).group_id == "request.org.id"


def test_nothing_is_written_beside_a_pyproject_without_lint_groupid_settings(
        tmp_path: Path) -> None:
    # it names the tool (a dependency) but has no table: not a project root of ours
    root = project(tmp_path / "outer", '[project]\ndependencies = ["lint-groupid"]\n')
    inner = project(root / "inner", "")
    (inner / "pyproject.toml").unlink()
    assert load_settings(inner).group_id is None
    assert not (root / FOLDER).exists()


def test_a_table_that_is_no_json_is_not_kept_and_still_judged(tmp_path: Path) -> None:
    root = project(tmp_path, '[tool.lint-groupid]\ngroup-id = 1979-05-27\n')
    with pytest.raises(ConfigError, match="group-id"):
        load_settings(root)
    assert not (root / KEPT).exists()
    # a date elsewhere in the file is not kept, and does not stop the table being kept
    (root / "pyproject.toml").write_text(
        '[project]\nreleased = 1979-05-27\n' + SETTINGS, encoding="utf-8")
    assert load_settings(root).group_id == "request.org.id"
    assert json.loads((root / KEPT).read_text(encoding="utf-8"))["table"]["group-id"] == \
        "request.org.id"


def test_invalid_toml_is_one_error_and_nothing_is_kept(tmp_path: Path) -> None:
    root = project(tmp_path, "[tool.lint-groupid]\ngroup-id = \n")
    with pytest.raises(ConfigError, match=r"pyproject\.toml: invalid TOML"):
        load_settings(root)
    (root / "pyproject.toml").write_bytes(b"[tool.lint-groupid]\ngroup-id = '\xff'\n")
    with pytest.raises(ConfigError, match=r"pyproject\.toml: invalid TOML: not UTF-8"):
        load_settings(root)
    nested = "[tool.lint-groupid]\ngroup-id = " + "[" * 5000 + "]" * 5000 + "\n"
    (root / "pyproject.toml").write_text(nested, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pyproject\.toml: invalid TOML"):
        load_settings(root)
    assert not (root / KEPT).exists()


def test_a_cache_folder_that_is_a_symlink_is_not_written_through(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = project(tmp_path / "proj")
    os.symlink(elsewhere, root / FOLDER)
    assert load_settings(root).group_id == "request.org.id"
    assert list(elsewhere.iterdir()) == []


GIT = shutil.which("git")
TRACKING = "import analytics\n\ndef send(user, event, context=None):\n" \
    "    analytics.track(user, event, context=context)\n"
CALLER = "from app.tracking import send\n\ndef view(u):\n    send(u.id, 'e')\n"


def git(root: Path, *args: str) -> None:
    subprocess.run([GIT or "git", *args], cwd=root, check=True, capture_output=True)


def check(root: Path) -> str:
    return subprocess.run([sys.executable, "-m", "lint_groupid", "check", "-q", "--exit-zero",
                           "app/views.py"], cwd=root, capture_output=True, text=True,
                          check=True).stdout


def contents(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.skipif(GIT is None, reason="git is not installed")
@pytest.mark.parametrize("index", ["plain", "split", "version-4"])
def test_a_cache_folder_the_repository_tracks_is_neither_read_nor_written(
        tmp_path: Path, index: str) -> None:
    root = project(tmp_path / "proj")
    (root / "app").mkdir()
    (root / "app" / "__init__.py").write_text("", encoding="utf-8")
    (root / "app" / "tracking.py").write_text(TRACKING, encoding="utf-8")
    (root / "app" / "views.py").write_text(CALLER, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "app")
    assert "GID101 send()" in check(root)
    # a summary that says `send` is no wrapper, filed under the key of the real one
    (entry,) = (root / FOLDER).glob("v*/*/*.json")
    entry.write_text(entry.read_text(encoding="utf-8").replace('"send":', '"sent":'),
                     encoding="utf-8")
    forge(root)
    assert check(root) == ""  # an untracked cache folder is this machine's: it is read
    assert load_settings(root).group_id == "forged.id"
    # committed (``git add -f``: its .gitignore ignores everything), it is not; also
    # where the index keeps its entries in a shared index (``core.splitIndex``), or
    # (version 4) names the cache's files by what they add to a name before them
    if index == "version-4":
        (root / (FOLDER + ".md")).write_text("notes\n", encoding="utf-8")
        git(root, "add", FOLDER + ".md")
        git(root, "update-index", "--index-version", "4")
    git(root, "add", "-f", FOLDER)
    if index == "split":
        git(root, "update-index", "--split-index")
    before = contents(root / FOLDER)
    assert "GID101 send()" in check(root)
    assert load_settings(root).group_id == "request.org.id"
    assert contents(root / FOLDER) == before  # nothing written, nothing rewritten
