"""The project index cache (``.lint-groupid-cache/``): data only, validated, written
only inside the project root, safe with concurrent writers and read-only trees."""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from lint_groupid.analysis.summary import ModuleSummary
from lint_groupid.cache_folder import FOLDER
from lint_groupid.project.cache import VERSION, Cache
from lint_groupid.project.index import ProjectIndex

TELEMETRY = "from segment.analytics import Client\nclient = Client('k')\n"
VIEW = "from app.telemetry import client\n\ndef view(u):\n    client.track(u, 'e')\n"


def make_project(root: Path) -> Path:
    (root / "app").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[tool.lint-groupid]\n", encoding="utf-8")
    (root / "app" / "__init__.py").write_text("", encoding="utf-8")
    (root / "app" / "telemetry.py").write_text(TELEMETRY, encoding="utf-8")
    (root / "app" / "views.py").write_text(VIEW, encoding="utf-8")
    return root


def check(root: Path, *args: str, env: dict[str, str] | None = None
          ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lint_groupid", "check", "-q", *args, "."],
                          cwd=root, capture_output=True, text=True, check=False,
                          env={**os.environ, **(env or {})})


def entries(root: Path) -> list[Path]:
    return sorted(p for p in (root / FOLDER).rglob("*.json")) if (root / FOLDER).exists() else []


def test_the_cache_is_written_and_used(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    first = check(root)
    assert "app/views.py:4:5: GID101" in first.stdout
    assert (root / FOLDER / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert entries(root)
    assert check(root).stdout == first.stdout  # from the cache, the same verdicts


def test_no_cache_flag_and_environment(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    check(root, "--no-cache")
    assert not (root / FOLDER).exists()
    check(root, env={"LINT_GROUPID_NO_CACHE": "1"})
    assert not (root / FOLDER).exists()


def test_a_crafted_entry_is_never_executed_nor_trusted(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    baseline = check(root).stdout
    marker = tmp_path / "PWNED"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    for entry in entries(root):
        entry.write_bytes(pickle.dumps(Payload()))
    assert check(root).stdout == baseline  # ignored and rebuilt
    assert not marker.exists()
    for entry in entries(root):  # valid JSON with a summary that lies about its shape
        entry.write_text(json.dumps({"version": 1, "key": entry.stem,
                                     "summary": {"names": [1, 2, 3]}}), encoding="utf-8")
    assert check(root).stdout == baseline


def test_a_summary_that_claims_a_client_is_not_trusted_under_another_key(
        tmp_path: Path) -> None:
    root = make_project(tmp_path)
    check(root)
    # an entry filed under the wrong key (another content) is refused
    entry = entries(root)[0]
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["key"] = "0" * 64
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert Cache(str(root)).load(entry.stem) is None


def test_a_symlinked_cache_folder_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / FOLDER).symlink_to(outside, target_is_directory=True)
    assert "GID101" in check(root).stdout
    assert list(outside.iterdir()) == []  # nothing written through the link


def test_a_symlinked_entry_folder_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / FOLDER).mkdir()
    (root / FOLDER / f"v{VERSION}").symlink_to(outside, target_is_directory=True)
    assert "GID101" in check(root).stdout
    assert list(outside.iterdir()) == []


def _store_many(root: str) -> None:
    cache = Cache(root)
    summary = ModuleSummary(module="m", names={"x": [("ref", "segment.analytics.track")]})
    for _ in range(50):
        cache.store("ab" + "0" * 62, summary)


def test_concurrent_writers(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    workers = [context.Process(target=_store_many, args=(str(root),)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert all(worker.exitcode == 0 for worker in workers)
    loaded = Cache(str(root)).load("ab" + "0" * 62)
    assert loaded is not None and loaded.names == {"x": [("ref", "segment.analytics.track")]}
    leftovers = [p for p in (root / FOLDER).rglob("*") if p.name.startswith(".tmp-")]
    assert leftovers == []


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else False,
                    reason="root writes into read-only folders")
def test_a_read_only_tree_runs_without_a_cache(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    root.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert "GID101" in check(root).stdout
        assert not (root / FOLDER).exists()
    finally:
        root.chmod(stat.S_IRWXU)


def test_a_cache_that_cannot_be_created_is_not_an_error(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    (root / FOLDER).write_text("not a folder", encoding="utf-8")  # as root can't be stopped
    result = check(root)
    assert "GID101" in result.stdout and result.stderr == ""


def test_summaries_survive_the_round_trip(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    index = ProjectIndex(str(root), ["analytics"], use_cache=False)
    summary = index.summary("app/telemetry.py")
    assert summary is not None
    again = ModuleSummary.from_data(json.loads(json.dumps(summary.to_data())))
    assert again == summary


def test_a_read_only_tree_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """As root, nothing is read-only: make every folder creation fail instead."""
    from lint_groupid import cli

    root = make_project(tmp_path)

    def refuse(path: object, mode: int = 0o777) -> None:
        raise PermissionError(13, "Read-only file system", str(path))

    monkeypatch.setattr("lint_groupid.cache_folder.os.mkdir", refuse)
    monkeypatch.chdir(root)
    assert cli.main(["check", "-q", "-j", "1", "."]) == 1
    out, err = capsys.readouterr()
    assert "app/views.py:4:5: GID101" in out and err == ""
    assert not (root / FOLDER).exists()
