"""What a ``pyproject.toml`` says is kept in the cache folder beside it, with a hash of
its content, so that a pre-commit run on one file does not load the TOML parser.
Never stale, never trusted, never written where no lint-groupid settings are."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lint_groupid.cache_folder import FOLDER
from lint_groupid.settings import ConfigError, load_settings

KEPT = Path(FOLDER) / "settings-v1" / "pyproject.toml.json"
SETTINGS = '[tool.lint-groupid]\ngroup-id = "request.org.id"\nextend-guards = ["is_support"]\n'
VIEW = "import analytics\n\ndef view(u):\n    analytics.track(u.id, 'e')\n"


def project(root: Path, settings: str = SETTINGS) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(settings, encoding="utf-8")
    (root / "views.py").write_text(VIEW, encoding="utf-8")
    return root


def load_in_fresh_process(root: Path, *args: str) -> tuple[str, list[str]]:
    """The settings' group id and guards as a fresh process loads them, and whether it
    imported a TOML parser to do so."""
    script = (
        "import sys, json\n"
        "from lint_groupid.settings import load_settings\n"
        f"s = load_settings(paths=[{str(root / 'views.py')!r}],"
        f" use_cache={'--no-cache' not in args})\n"
        "print(json.dumps([s.group_id, list(s.extend_guards), "
        "any(m in sys.modules for m in ('tomllib', 'tomli'))]))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, env={**os.environ, **dict(a.split("=", 1) for a in args
                                                              if "=" in a)})
    group_id, guards, parsed = json.loads(done.stdout)
    return group_id, [*guards, f"parsed={parsed}"]


def test_an_unchanged_pyproject_is_read_from_the_cache_without_the_toml_parser(
        tmp_path: Path) -> None:
    root = project(tmp_path)
    first = load_in_fresh_process(root)
    assert first[0] == "request.org.id" and "is_support" in first[1]
    assert first[1][-1] == "parsed=True"
    assert (root / KEPT).is_file()
    second = load_in_fresh_process(root)
    assert second[:-1] == first[:-1] and second[1][:-1] == first[1][:-1]
    assert second[1][-1] == "parsed=False"


def test_a_changed_pyproject_is_parsed_again(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert load_settings(paths=[str(root / "views.py")]).group_id == "request.org.id"
    (root / "pyproject.toml").write_text(SETTINGS.replace("org", "team"), encoding="utf-8")
    assert load_settings(paths=[str(root / "views.py")]).group_id == "request.team.id"
    kept = json.loads((root / KEPT).read_text(encoding="utf-8"))
    assert kept["table"]["group-id"] == "request.team.id"


def test_a_kept_table_that_does_not_match_the_content_is_ignored(tmp_path: Path) -> None:
    root = project(tmp_path)
    load_settings(paths=[str(root / "views.py")])
    kept = json.loads((root / KEPT).read_text(encoding="utf-8"))
    kept["table"]["group-id"] = "forged.id"
    (root / KEPT).write_text(json.dumps(kept), encoding="utf-8")  # same digest, other table
    assert load_settings(paths=[str(root / "views.py")]).group_id == "forged.id"
    # (the cache is as trusted as the folder it is in;) a wrong digest or a broken file
    # is never used
    kept["digest"] = "0" * 32
    (root / KEPT).write_text(json.dumps(kept), encoding="utf-8")
    assert load_settings(paths=[str(root / "views.py")]).group_id == "request.org.id"
    (root / KEPT).write_text("{not json", encoding="utf-8")
    assert load_settings(paths=[str(root / "views.py")]).group_id == "request.org.id"
    (root / KEPT).write_text(json.dumps({"digest": kept["digest"], "table": [1]}),
                             encoding="utf-8")
    assert load_settings(paths=[str(root / "views.py")]).group_id == "request.org.id"


def test_no_cache_and_the_environment_variable_neither_read_nor_write(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert load_in_fresh_process(root, "--no-cache")[1][-1] == "parsed=True"
    assert load_in_fresh_process(root, "LINT_GROUPID_NO_CACHE=1")[1][-1] == "parsed=True"
    assert not (root / FOLDER).exists()
    # and the command line's --no-cache
    done = subprocess.run([sys.executable, "-m", "lint_groupid", "check", "-q", "--no-cache",
                           "--exit-zero", "views.py"], cwd=root, capture_output=True,
                          text=True, check=True)
    assert "GID101" in done.stdout
    assert not (root / FOLDER).exists()


def test_nothing_is_written_beside_a_pyproject_without_lint_groupid_settings(
        tmp_path: Path) -> None:
    # it names the tool (a dependency) but has no table: not a project root of ours
    root = project(tmp_path / "outer", '[project]\ndependencies = ["lint-groupid"]\n')
    (root / "inner").mkdir()
    (root / "inner" / "views.py").write_text(VIEW, encoding="utf-8")
    settings = load_settings(paths=[str(root / "inner" / "views.py")])
    assert settings.group_id is None
    assert not (root / FOLDER).exists()


def test_a_table_that_is_no_json_is_not_kept_and_still_judged(tmp_path: Path) -> None:
    root = project(tmp_path, '[tool.lint-groupid]\ngroup-id = 1979-05-27\n')
    with pytest.raises(ConfigError, match="group-id"):
        load_settings(paths=[str(root / "views.py")])
    assert not (root / KEPT).exists()
    # a date elsewhere in the file is not kept, and does not stop the table being kept
    (root / "pyproject.toml").write_text(
        '[project]\nreleased = 1979-05-27\n' + SETTINGS, encoding="utf-8")
    assert load_settings(paths=[str(root / "views.py")]).group_id == "request.org.id"
    assert json.loads((root / KEPT).read_text(encoding="utf-8"))["table"]["group-id"] == \
        "request.org.id"


def test_invalid_toml_is_one_error_and_nothing_is_kept(tmp_path: Path) -> None:
    root = project(tmp_path, "[tool.lint-groupid]\ngroup-id = \n")
    with pytest.raises(ConfigError, match=r"pyproject\.toml: invalid TOML"):
        load_settings(paths=[str(root / "views.py")])
    (root / "pyproject.toml").write_bytes(b"[tool.lint-groupid]\ngroup-id = '\xff'\n")
    with pytest.raises(ConfigError, match=r"pyproject\.toml: invalid TOML: not UTF-8"):
        load_settings(paths=[str(root / "views.py")])
    assert not (root / KEPT).exists()


def test_a_cache_folder_that_is_a_symlink_is_not_written_through(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = project(tmp_path / "proj")
    os.symlink(elsewhere, root / FOLDER)
    assert load_settings(paths=[str(root / "views.py")]).group_id == "request.org.id"
    assert list(elsewhere.iterdir()) == []
