"""Adversarial sequences of project edits against the results cache
(``.lint-groupid-cache/results-v1/``): after every step, ``lint-groupid check``
with the cache warm from the previous run must print what ``--no-cache`` prints on
the same tree, must not crash, and must write nothing outside the cache folder.

Every scenario must be able to fail: its steps' outputs differ at least once (a
scenario whose findings never change tests nothing).

Three scenarios diverged when they were written, and were fixed:
``per_file_ignores_path_spelling`` (findings are kept with the ``per-file-ignores``
codes the path as given selected them with), ``excluded_import_cycle`` (whether a
module reached only through imports matters no longer depends on which module of
a cycle was asked first) and ``non_utf8_file_name`` (a crash of the pre-filter).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.results_cache_probe import (
    TRACKING,
    TRACKING_GROUPED,
    VIEW,
    Probe,
    write,
)
from tests.results_cache_probe import padded as _padded

pytestmark = pytest.mark.slow


PADDING = 70  # the results cache is used from 64 files to check on


def padded(root: Path, config: str = "[tool.lint-groupid]\n") -> Path:
    return _padded(root, config, PADDING)


# -- scenarios that diverged when written (fixed since) ---------------------------------


def per_file_ignores_path_spelling(root: Path, probe: Probe) -> None:
    """Findings are kept after ``per-file-ignores`` was applied, but the pattern is
    matched against the path as given (``*/tests/*`` matches ``/abs/proj/tests/x.py``
    and ``../proj/tests/x.py``, not ``tests/x.py``): the key does not hold it."""
    padded(root, '[tool.lint-groupid]\nper-file-ignores = { "*/tests/*" = ["GID101"] }\n')
    write(root, "tests/test_a.py", "import analytics\n\n\ndef t(u):\n"
                                   "    analytics.track(u, 'E')\n")
    probe.step()  # tests/test_a.py: GID101 + GID201 kept
    probe.step(str(root))  # absolute path: GID101 is ignored -- the cached run shows it
    probe.step()  # and back (kept without GID101 now)


def excluded_import_cycle(root: Path, probe: Probe) -> None:
    """``matters`` of a module outside the prepared set (``exclude``d) is computed by
    following imports, memoised with ``False`` while in progress: in an import cycle
    the answer depends on which module is asked first. ``_still_holds`` asks in the
    recorded order, seeding the memo for the files analysed afterwards; a run without
    the cache asks in file order."""
    padded(root, '[tool.lint-groupid]\nexclude = ["legacy/"]\n')
    write(root, "legacy/__init__.py", "")
    write(root, "legacy/b.py", "from legacy.c import x\nfrom legacy.d import send\n")
    write(root, "legacy/c.py", "from legacy.b import send\nx = 1\n")
    write(root, "legacy/d.py", TRACKING)
    write(root, "zz/__init__.py", "")
    write(root, "zz/x1.py", "import analytics\n" + VIEW.format(module="legacy.b"))
    write(root, "zz/x2.py", "import analytics\n" + VIEW.format(module="legacy.c"))
    probe.step("-j1")
    # a new file, sorted first, in a folder no analysis listed: it asks legacy.c first
    write(root, "pad/a0.py", "import analytics\n" + VIEW.format(module="legacy.c"))
    probe.step("-j1")


def non_utf8_file_name(root: Path, probe: Probe) -> None:
    """A file whose name is not UTF-8, in a project checked whole (>= 64 files): the
    pre-filter's fixed point encodes its module word and crashes (with or without
    the cache)."""
    padded(root)
    write(root, "app/__init__.py", "")
    write(root, "app/tracking.py", TRACKING)
    write(root, "app/ok.py", VIEW.format(module="app.tracking"))
    name = os.path.join(os.fsencode(str(root)), b"app", b"v\xe9.py")
    with open(name, "wb") as handle:
        handle.write(VIEW.format(module="app.tracking").encode())
    probe.step()
    write(root, "app/tracking.py", TRACKING_GROUPED)
    probe.step()


# -- scenarios that agree (regression tests) ------------------------------------------


def wrapper_summary_only(root: Path, probe: Probe) -> None:
    padded(root)
    write(root, "app/__init__.py", "")
    write(root, "app/tracking.py", TRACKING)
    write(root, "app/views.py", VIEW.format(module="app.tracking"))
    probe.step()
    write(root, "app/tracking.py", TRACKING_GROUPED)
    probe.step("-j2")
    write(root, "app/tracking.py", TRACKING)  # ABA: the first content again
    probe.step("-j1")


def reexport_all(root: Path, probe: Probe) -> None:
    padded(root)
    write(root, "app/__init__.py", "")
    write(root, "app/tracking.py", TRACKING)
    write(root, "app/api.py", "from app.tracking import *\n__all__ = ['send']\n")
    write(root, "app/views.py", "from app.api import *\n\n\ndef v(u):\n    send(u, 'V')\n")
    probe.step()
    write(root, "app/api.py", "from app.tracking import *\n__all__ = []\n")
    probe.step()
    write(root, "app/api.py", "from app.tracking import *\n__all__ = ['send']\n")
    probe.step()
    write(root, "app/tracking.py", "__all__ = ['x']\n" + TRACKING)
    probe.step()


def init_removed_namespace(root: Path, probe: Probe) -> None:
    padded(root)
    write(root, "app/__init__.py", "")
    write(root, "app/sub/__init__.py", "from .tracking import send\n")
    write(root, "app/sub/tracking.py", TRACKING)
    write(root, "app/views.py", VIEW.format(module="app.sub"))
    probe.step()
    (root / "app" / "sub" / "__init__.py").unlink()
    probe.step()
    write(root, "app/sub/__init__.py", "from .tracking import send\n")
    probe.step()
    (root / "app" / "__init__.py").unlink()
    probe.step()


def module_and_package(root: Path, probe: Probe) -> None:
    padded(root)
    write(root, "app/__init__.py", "")
    write(root, "app/tracking.py", TRACKING)
    write(root, "app/views.py", VIEW.format(module="app.tracking"))
    probe.step()
    write(root, "app/tracking/__init__.py", "def send(u, e):\n    pass\n")
    probe.step()
    (root / "app" / "tracking" / "__init__.py").unlink()  # a namespace folder + a module
    probe.step()
    shutil.rmtree(root / "app" / "tracking")
    probe.step()


def source_roots(root: Path, probe: Probe) -> None:
    padded(root)
    write(root, "tracking.py", TRACKING)
    write(root, "views.py", VIEW.format(module="tracking"))
    probe.step()
    write(root, "src/tracking.py", TRACKING_GROUPED)
    probe.step()
    (root / "tracking.py").rename(root / "tracking_old.py")
    probe.step()
    write(root, "pyproject.toml", "[tool.lint-groupid]\nsrc = ['lib']\n")
    write(root, "lib/tracking.py", TRACKING)
    probe.step()
    shutil.rmtree(root / "src")
    probe.step()
    write(root, "pyproject.toml", "# a comment\n[tool.lint-groupid]\nsrc = ['lib']\n")
    probe.step()


def guard_helper_without_analytics(root: Path, probe: Probe) -> None:
    padded(root)
    write(root, "app/__init__.py", "")
    write(root, "app/auth.py", "def should_track(u):\n    return not is_internal_user(u)\n")
    write(root, "app/v.py", "import analytics\nfrom app.auth import should_track\n\n\n"
                            "def v(u):\n    if should_track(u):\n        analytics.identify(u)\n")
    probe.step()
    write(root, "app/auth.py", "def should_track(u):\n    return True\n")
    probe.step()
    write(root, "app/auth.py", "def should_track(u):\n    return not is_internal_user(u)\n")
    probe.step()


def noreturn_helper(root: Path, probe: Probe) -> None:
    padded(root)
    write(root, "app/__init__.py", "")
    write(root, "app/errors.py", "def fail():\n    raise RuntimeError('x')\n")
    write(root, "app/v.py", "import analytics\nfrom app import errors\n\n\ndef v(u):\n"
                            "    if is_internal_user(u):\n        errors.fail()\n"
                            "    analytics.identify(u)\n")
    probe.step()
    write(root, "app/errors.py", "def fail():\n    print('x')\n")
    probe.step()
    write(root, "app/errors.py", "from typing import NoReturn\n\n\ndef fail() -> NoReturn:\n"
                                 "    ...\n")
    probe.step()


def symlinks(root: Path, probe: Probe) -> None:
    padded(root)
    write(root, "shared/tracking.py", TRACKING)
    write(root, "shared2/tracking.py", TRACKING_GROUPED)
    (root / "lib").symlink_to("shared")
    write(root, "views.py", VIEW.format(module="lib.tracking"))
    probe.step()
    (root / "lib").unlink()
    (root / "lib").symlink_to("shared2")  # the folder link retargeted
    probe.step()
    (root / "lib").unlink()
    (root / "lib").mkdir()
    (root / "lib" / "tracking.py").symlink_to("../shared/tracking.py")
    probe.step()
    write(root, "shared/tracking.py", TRACKING_GROUPED)  # the link's target edited
    probe.step()


def excluded_wrapper(root: Path, probe: Probe) -> None:
    padded(root, '[tool.lint-groupid]\nexclude = ["legacy/"]\n')
    write(root, "legacy/__init__.py", "")
    write(root, "legacy/tr.py", TRACKING)
    write(root, "app/__init__.py", "")
    write(root, "app/v.py", "import analytics\n" + VIEW.format(module="legacy.tr"))
    probe.step("-j1")
    write(root, "legacy/tr.py", TRACKING_GROUPED)
    probe.step("-j1")
    write(root, "legacy/tr.py", "def send(u, e, context=None):\n    pass\n")
    probe.step("-j1")
    write(root, "legacy/tr.py", TRACKING)
    probe.step("-j1")


def prefilter_fixed_point(root: Path, probe: Probe) -> None:
    """A module that starts, then stops, mentioning analytics, reached through a
    module that never does."""
    quiet = "def send(u, e, context=None):\n    pass\n"
    padded(root)
    write(root, "app/__init__.py", "")
    write(root, "app/core.py", quiet)
    write(root, "app/helpers.py", "from app.core import send\n")
    write(root, "app/v.py", VIEW.format(module="app.helpers"))
    probe.step()
    write(root, "app/core.py", TRACKING)
    probe.step()
    write(root, "app/core.py", quiet)
    probe.step()
    write(root, "app/core.py", "import analytics as a\n\n\ndef send(u, e, context=None):\n"
                               "    a.track(u, e, context=context)\n")
    probe.step()
    write(root, "app/helpers.py", "from app.other import send\n")
    probe.step()


def outputs_alternate(root: Path, probe: Probe) -> None:
    padded(root)
    write(root, "app/__init__.py", "")
    write(root, "app/tracking.py", TRACKING)
    write(root, "app/v.py", "from app.tracking import send\n\n\ndef v(u):\n"
                            "    send(u, 'V')  # noqa: GID101\n"
                            "    send(u, 'W', context={'groupID': 1})\n")
    for args in [(), ("--format", "json"), ("-j2",), ("--format", "gitlab"),
                 ("--format", "github"), ("--select", "GID103"), ("--extend-select", "GID105"),
                 (), ("--format", "json", "-j2"), ("--ignore", "GID101"), ("app",),
                 ("app/v.py",)]:
        probe.step(*args)
    write(root, "app/tracking.py", TRACKING_GROUPED)
    probe.step("-j2")
    probe.step("--format", "json")
    write(root, "app/tracking.py", TRACKING)
    baseline = str(root.parent / f"{root.name}-baseline.json")  # outside the tree
    probe.run("--write-baseline", baseline)
    write(root, "app/v.py", "from app.tracking import send\n\n\ndef v(u):\n"
                            "    send(u, 'V')\n    send(u, 'X')\n")
    probe.step("--baseline", baseline)
    probe.step("--baseline", baseline, "--format", "gitlab")


def other_working_folders(root: Path, probe: Probe) -> None:
    padded(root)
    write(root, "app/__init__.py", "")
    write(root, "app/tracking.py", TRACKING)
    for number in range(3):
        write(root, f"app/v{number}.py", VIEW.format(module="app.tracking"))
    probe.step()
    outside = root.parent / f"{root.name}-elsewhere"
    outside.mkdir()
    probe.step(f"../{root.name}", cwd=outside)
    write(root, "app/tracking.py", TRACKING_GROUPED)
    probe.step(str(root / "app"), cwd=outside)
    write(root, "app/tracking.py", TRACKING)
    probe.step(".", cwd=root / "app")


def concurrent_runs(root: Path, probe: Probe) -> None:
    padded(root)
    write(root, "app/__init__.py", "")
    write(root, "app/tracking.py", TRACKING)
    for number in range(5):
        write(root, f"app/v{number}.py", VIEW.format(module="app.tracking"))
    for text in (TRACKING, TRACKING_GROUPED, TRACKING):
        write(root, "app/tracking.py", text)
        outputs: list[str] = []

        threads = [threading.Thread(target=lambda j, out=outputs: out.append(probe.run(j)),
                                    args=(j,)) for j in ("-j1", "-j2", "-j1")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        expected = probe.step()  # (after them, warm)
        assert outputs == [expected] * 3


SCENARIOS: dict[str, Callable[[Path, Probe], None]] = {
    function.__name__: function for function in (
        per_file_ignores_path_spelling, excluded_import_cycle, non_utf8_file_name,
        wrapper_summary_only, reexport_all, init_removed_namespace, module_and_package,
        source_roots, guard_helper_without_analytics, noreturn_helper, symlinks,
        excluded_wrapper, prefilter_fixed_point,
        outputs_alternate, other_working_folders, concurrent_runs)}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_cached_run_reports_as_an_uncached_one(tmp_path: Path, name: str) -> None:
    root = tmp_path / "project"
    probe = Probe(root)
    SCENARIOS[name](root, probe)
    probe.changed()
