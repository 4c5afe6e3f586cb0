"""The results cache (``.lint-groupid-cache/results-v1/``): a run over many files of a
project keeps each file's findings, with everything the analysis read of the rest
of the project; the next run takes a file's findings only when its content and all
of that read the same. Every test compares with a run that uses no cache."""

from __future__ import annotations

import ast
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lint_groupid import runner
from lint_groupid.cache_folder import FOLDER
from lint_groupid.project.cache import Cache
from lint_groupid.project.index import ProjectIndex
from lint_groupid.project.results import VERSION, ResultsCache, digest
from lint_groupid.runner import FileChecker, run_paths
from lint_groupid.settings import Settings, load_settings

RESULTS = f"results-v{VERSION}"
FILLERS = 70  # the cache is used from 64 files to check on

TRACKING = '''\
import analytics


def send(user, event, properties=None, context=None):
    if user.is_staff:
        return
    analytics.track(user.id, event, properties, context=context)
'''
TRACKING_ADDS_GROUP = '''\
import analytics


def send(user, event, properties=None, context=None):
    if user.is_staff:
        return
    analytics.track(user.id, event, properties, context={"groupId": user.company_id})
'''
VIEWS = '''\
from app.tracking import send


def view(request):
    send(request.user, "Viewed")
'''
SCRIPT = '''\
import analytics


def main(user):
    if user.is_staff:
        return
    analytics.track(user.id, "Ran")
'''


def make_project(root: Path, fillers: int = FILLERS) -> Path:
    (root / "app" / "filler").mkdir(parents=True)
    (root / "scripts").mkdir()
    (root / "pyproject.toml").write_text("[tool.lint-groupid]\n", encoding="utf-8")
    (root / "app" / "__init__.py").write_text("", encoding="utf-8")
    (root / "app" / "filler" / "__init__.py").write_text("", encoding="utf-8")
    (root / "app" / "tracking.py").write_text(TRACKING, encoding="utf-8")
    (root / "app" / "views.py").write_text(VIEWS, encoding="utf-8")
    (root / "scripts" / "run.py").write_text(SCRIPT, encoding="utf-8")
    for number in range(fillers):
        # half of them use the wrapper correctly, the others have nothing to do with it
        text = (f"from app.tracking import send\n\n\ndef f{number}(user, ctx):\n"
                f"    send(user, 'E{number}', context={{'groupId': ctx}})\n"
                if number % 2 else f"def g{number}(x):\n    return x + {number}\n")
        (root / "app" / "filler" / f"m{number}.py").write_text(text, encoding="utf-8")
    return root


def check(root: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "lint_groupid", "check", "-q", "--exit-zero",
                           *args, "."], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def results_files(root: Path) -> list[Path]:
    folder = root / FOLDER / RESULTS
    return sorted(folder.glob("*.json")) if folder.exists() else []


def assert_as_without_cache(root: Path, *args: str) -> str:
    """A run with the cache (written by an earlier run) reports what one without does."""
    cached = check(root, *args)
    assert cached == check(root, "--no-cache", *args)
    return cached


def test_a_second_run_takes_the_findings_it_kept(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    first = check(root)
    assert "app/views.py:5:5: GID101" in first
    assert "scripts/run.py:7:5: GID101" in first
    [kept] = results_files(root)
    assert check(root) == first
    # the second run read them: a finding changed in the file is what it reports
    data = json.loads(kept.read_text(encoding="utf-8"))
    entry = data["entries"]["app/views.py"]
    assert entry[0] == digest((root / "app" / "views.py").read_bytes())
    entry[2][0][1] = "kept, not analysed"
    kept.write_text(json.dumps(data), encoding="utf-8")
    assert "app/views.py:5:5: GID101 kept, not analysed" in check(root)
    # a changed file is analysed again
    (root / "app" / "views.py").write_text(VIEWS + "\n", encoding="utf-8")
    assert assert_as_without_cache(root) == first


def test_a_changed_wrapper_changes_its_callers_findings(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    assert "app/views.py:5:5: GID101" in check(root)
    (root / "app" / "tracking.py").write_text(TRACKING_ADDS_GROUP, encoding="utf-8")
    assert "app/views.py" not in assert_as_without_cache(root)
    (root / "app" / "tracking.py").write_text(TRACKING, encoding="utf-8")
    assert "app/views.py:5:5: GID101" in assert_as_without_cache(root)


def test_a_module_added_beside_a_script_shadows_the_sdk(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    assert "scripts/run.py:7:5: GID101" in check(root)
    (root / "scripts" / "analytics.py").write_text("def track(*args):\n    pass\n",
                                                    encoding="utf-8")
    assert "scripts/run.py" not in assert_as_without_cache(root)
    (root / "scripts" / "analytics.py").unlink()
    assert "scripts/run.py:7:5: GID101" in assert_as_without_cache(root)


def test_a_deleted_wrapper_module(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    check(root)
    (root / "app" / "tracking.py").unlink()
    assert "app/views.py" not in assert_as_without_cache(root)


def test_outputs_that_show_fixes_and_fingerprints(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    check(root)  # text: kept without fixes
    shown = assert_as_without_cache(root, "--format", "json")
    assert '"fix"' in shown and '"fingerprint"' in shown
    assert_as_without_cache(root, "--format", "gitlab")


def test_other_settings_keep_their_own_results(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    default = check(root)
    only_guards = check(root, "--select", "GID201")
    assert len(results_files(root)) == 2
    assert "GID101" not in only_guards and "GID101" in default
    assert assert_as_without_cache(root) == default
    assert assert_as_without_cache(root, "--select", "GID201") == only_guards


def test_workers_keep_what_they_read(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    first = check(root, "-j2")
    [kept] = results_files(root)
    state = json.loads(kept.read_text(encoding="utf-8"))["state"]
    assert "app/tracking.py" in state["modules"] and state["entries"]
    (root / "app" / "tracking.py").write_text(TRACKING_ADDS_GROUP, encoding="utf-8")
    assert "app/views.py" not in assert_as_without_cache(root, "-j2")
    (root / "app" / "tracking.py").write_text(TRACKING, encoding="utf-8")
    assert assert_as_without_cache(root, "-j1") == first


def test_no_cache_and_few_files_keep_nothing(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    check(root, "--no-cache")
    assert not results_files(root)
    small = make_project(tmp_path / "small", fillers=3)
    check(small)
    assert (small / FOLDER).exists() and not results_files(small)  # summaries only


@pytest.mark.parametrize("garbage", [b"", b"{", b"[1, 2]", json.dumps({
    "version": VERSION, "code": "x", "name": "y", "roots": [], "state": {},
    "entries": {}}).encode()])
def test_a_broken_results_file_is_ignored(tmp_path: Path, garbage: bytes) -> None:
    root = make_project(tmp_path)
    first = check(root)
    [kept] = results_files(root)
    kept.write_bytes(garbage)
    assert check(root) == first
    assert json.loads(kept.read_text(encoding="utf-8"))["entries"]  # written again


def test_results_that_lie_about_their_shape_are_not_trusted(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    first = check(root)
    [kept] = results_files(root)
    data = json.loads(kept.read_text(encoding="utf-8"))
    data["entries"]["app/views.py"][2] = [["GID101", "short"]]
    data["state"]["modules"] = {"app/tracking.py": 3}
    kept.write_text(json.dumps(data), encoding="utf-8")
    assert check(root) == first


def _open(root: Path) -> tuple[ResultsCache, ProjectIndex]:
    settings = load_settings(None, [str(root)])  # as the command line finds them
    index = ProjectIndex.for_settings(settings)
    assert index.cache is not None
    index.record_reads()
    index.prepare(str(p) for p in root.rglob("*.py"))
    results = ResultsCache(index.cache, settings)
    results.open(index)
    return results, index


def test_another_version_of_the_program_reads_nothing(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    check(root)
    results, _ = _open(root)
    assert results.entries  # this program's own results
    [kept] = results_files(root)
    data = json.loads(kept.read_text(encoding="utf-8"))
    data["code"] = "another program"
    kept.write_text(json.dumps(data), encoding="utf-8")
    assert not _open(root)[0].entries


def test_reads_that_disagree_within_a_run_keep_nothing(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    results, _ = _open(root)
    results.keep(("a.py", ["d", False, []]), {"modules": {"b.py": "1"}})
    results.keep(("c.py", ["d", False, []]), {"modules": {"b.py": "2"}})
    results.save()
    assert not results_files(root)


def test_random_edits_never_leave_stale_findings(tmp_path: Path) -> None:
    """Edits of every kind, one after another: the cached run always agrees."""
    root = make_project(tmp_path)
    rng = random.Random(7)
    wrappers = [TRACKING, TRACKING_ADDS_GROUP,
                TRACKING.replace("    if user.is_staff:\n        return\n", ""),
                TRACKING.replace(", context=None", "").replace("context=context", "")]
    check(root)
    for _ in range(8):
        move = rng.choice(["wrapper", "view", "shadow", "filler", "package"])
        if move == "wrapper":
            (root / "app" / "tracking.py").write_text(rng.choice(wrappers), encoding="utf-8")
        elif move == "view":
            (root / "app" / "views.py").write_text(
                VIEWS.replace('"Viewed")', rng.choice(['"Viewed")', '"V", context=c)'])),
                encoding="utf-8")
        elif move == "shadow":
            shadow = root / "scripts" / "analytics.py"
            if shadow.exists():
                shadow.unlink()
            else:
                shadow.write_text("def track(*a):\n    pass\n", encoding="utf-8")
        elif move == "filler":
            number = rng.randrange(FILLERS)
            (root / "app" / "filler" / f"m{number}.py").write_text(
                f"from app.tracking import send\n\n\ndef h(user):\n    send(user, 'X{number}')\n",
                encoding="utf-8")
        else:  # the app package becomes a namespace package, or a package again
            init = root / "app" / "__init__.py"
            if init.exists():
                init.unlink()
            else:
                init.write_text("", encoding="utf-8")
        assert_as_without_cache(root)


def test_the_cache_key_holds_the_settings(tmp_path: Path) -> None:
    cache = Cache(str(tmp_path))
    one = ResultsCache(cache, Settings(root=str(tmp_path)))
    assert one.name == ResultsCache(cache, Settings(root=str(tmp_path))).name
    assert one.name != ResultsCache(cache, Settings(root=str(tmp_path),
                                                    guards=("is_admin",))).name


def test_what_no_import_looks_for_keeps_the_results(tmp_path: Path) -> None:
    """Byte-code folders, an unrelated module beside the analysed ones, a text file:
    the kept findings are still taken (a changed message in the file shows it)."""
    root = make_project(tmp_path)
    check(root)
    [kept] = results_files(root)
    data = json.loads(kept.read_text(encoding="utf-8"))
    data["entries"]["app/views.py"][2][0][1] = "kept, not analysed"
    kept.write_text(json.dumps(data), encoding="utf-8")
    (root / "app" / "__pycache__").mkdir()
    (root / "scripts" / "__pycache__").mkdir()
    (root / "app" / "notes.txt").write_text("x", encoding="utf-8")
    (root / "app" / "extra.py").write_text("X = 1\n", encoding="utf-8")
    assert "app/views.py:5:5: GID101 kept, not analysed" in check(root)
    # a module an import looks for is another matter
    (root / "app" / "tracking.py").rename(root / "app" / "tracking_old.py")
    assert "kept, not analysed" not in assert_as_without_cache(root)


def test_a_run_with_nothing_new_writes_nothing(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    check(root)
    [kept] = results_files(root)
    before = kept.stat().st_mtime_ns
    kept.touch()
    os.utime(kept, ns=(before, before))
    check(root)
    check(root, "-j2")
    assert kept.stat().st_mtime_ns == before


def test_a_file_that_ran_out_of_stack_is_analysed_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path)
    settings = load_settings(None, [str(root)])
    files = sorted(str(p) for p in root.rglob("*.py"))
    parse = ast.parse

    def run(fail: bool) -> list[str]:
        checker = FileChecker(settings, project=ProjectIndex.for_settings(settings),
                              fixes=False, cache_results=True)

        def flaky(source: Any, *args: Any, **kwargs: Any) -> Any:
            if fail and str(kwargs.get("filename", "")).endswith("views.py"):
                raise RecursionError
            return parse(source, *args, **kwargs)

        monkeypatch.setattr(runner.ast, "parse", flaky)
        shown = [f"{r.path}:{f.code}:{f.message}" for r in run_paths(files, checker, settings)
                 for f in (checker.keep(r), r.findings)[1]]
        checker.save()
        return shown

    assert any("too deeply nested" in line for line in run(fail=True))
    assert any(line.endswith("views.py:GID101:send() call has no groupId in its context")
               for line in run(fail=False))
