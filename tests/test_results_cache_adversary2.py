"""Adversarial sequences of project edits against the results cache, second round
(after folder listings became per-entry reads, the closure search of ``matters``,
``record_reads`` resetting memos, and the hashed program version).

As in ``test_results_cache_adversary.py``: after every step, ``lint-groupid check``
with the cache warm from the previous run must print what ``--no-cache`` prints on
the same tree, must not crash, and must write nothing outside the cache folder
(but for steps that are themselves ``fix`` or ``--add-noqa``). Every scenario's
findings change between its steps.

One scenario diverged when it was written (``package_and_module_same_content``): not
the results cache itself but the summary cache under it, whose key did not say
whether a module is a package (it does now).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.results_cache_probe import (
    DIRECT,
    TRACKING,
    TRACKING_GROUPED,
    VIEW,
    Probe,
    padded,
    write,
    write_bytes,
)

pytestmark = pytest.mark.slow


def app(root: Path, tracking: str = TRACKING, config: str = "[tool.lint-groupid]\n") -> None:
    padded(root, config)
    write(root, "app/__init__.py", "")
    write(root, "app/tracking.py", tracking)
    write(root, "app/views.py", VIEW.format(module="app.tracking"))


# -- scenarios -------------------------------------------------------------------------


def case_only_rename(root: Path, probe: Probe) -> None:
    app(root)
    probe.step()
    (root / "app" / "tracking.py").rename(root / "app" / "Tracking.py")
    probe.step()
    write(root, "app/tracking.py", TRACKING_GROUPED)  # both spellings side by side
    probe.step()
    (root / "app" / "tracking.py").unlink()
    (root / "app" / "Tracking.py").rename(root / "app" / "tracking.py")
    probe.step()
    (root / "app").rename(root / "App")  # the package's folder
    probe.step()
    (root / "App").rename(root / "app")
    probe.step()


def module_becomes_package_and_back(root: Path, probe: Probe) -> None:
    app(root)
    probe.step()
    (root / "app" / "tracking.py").unlink()
    write(root, "app/tracking/__init__.py", TRACKING_GROUPED)
    probe.step()
    shutil.rmtree(root / "app" / "tracking")
    write(root, "app/tracking.py", TRACKING)
    probe.step()
    (root / "app" / "tracking.py").unlink()
    write(root, "app/tracking/__init__.py", "from .impl import send\n")
    write(root, "app/tracking/impl.py", TRACKING)
    probe.step()
    write(root, "app/tracking/impl.py", TRACKING_GROUPED)
    probe.step()
    shutil.rmtree(root / "app" / "tracking")
    write(root, "app/tracking.py", TRACKING)
    probe.step()


def file_and_symlink_same_content(root: Path, probe: Probe) -> None:
    app(root)
    write(root, "shared/copy.py", TRACKING)
    outside = root.parent / f"{root.name}-outside"
    outside.mkdir()
    (outside / "copy.py").write_text(TRACKING, encoding="utf-8")
    probe.step()
    (root / "app" / "tracking.py").unlink()
    (root / "app" / "tracking.py").symlink_to("../shared/copy.py")  # same content
    probe.step()
    write_bytes(root, "shared/copy.py", TRACKING_GROUPED.encode())  # through the link
    probe.step()
    (root / "app" / "tracking.py").unlink()
    write(root, "app/tracking.py", TRACKING_GROUPED)  # a file again, same content
    probe.step()
    (root / "app" / "tracking.py").unlink()
    (root / "app" / "tracking.py").symlink_to(outside / "copy.py")  # outside the root
    probe.step()
    (root / "app" / "tracking.py").unlink()
    write(root, "app/tracking.py", TRACKING)
    probe.step()


def folder_linked_outside(root: Path, probe: Probe) -> None:
    padded(root)
    write(root, "lib/__init__.py", "")
    write(root, "lib/tracking.py", TRACKING)
    write(root, "views.py", VIEW.format(module="lib.tracking"))
    outside = root.parent / f"{root.name}-outside"
    shutil.copytree(root / "lib", outside)
    probe.step()
    shutil.rmtree(root / "lib")
    (root / "lib").symlink_to(outside)  # the same files, outside the root
    probe.step()
    (root / "lib").unlink()
    shutil.copytree(outside, root / "lib")
    probe.step()
    (outside / "tracking.py").write_text(TRACKING_GROUPED, encoding="utf-8")
    shutil.rmtree(root / "lib")
    (root / "lib").symlink_to(outside)
    probe.step()
    (outside / "tracking.py").write_text(TRACKING, encoding="utf-8")  # edited outside
    probe.step()


def relative_import_target_moves(root: Path, probe: Probe) -> None:
    padded(root)
    write(root, "app/__init__.py", "")
    write(root, "app/sub/__init__.py", "")
    write(root, "app/pkg/__init__.py", "")
    write(root, "app/sub/tracking.py", TRACKING)
    write(root, "app/sub/v1.py", "from . import tracking\n\n\ndef v(u):\n"
                                 "    tracking.send(u, 'V1')\n")
    write(root, "app/sub/v2.py", "from ..pkg.tracking import send\n\n\ndef v(u):\n"
                                 "    send(u, 'V2')\n")
    probe.step()
    (root / "app/sub/tracking.py").rename(root / "app/pkg/tracking.py")
    probe.step()
    (root / "app/pkg/tracking.py").rename(root / "app/sub/tracking.py")
    probe.step()
    (root / "app/pkg/__init__.py").unlink()  # the parent of the target a namespace
    write(root, "app/pkg/tracking.py", TRACKING)
    probe.step()
    (root / "app/sub/__init__.py").unlink()  # the importer no package
    probe.step()
    write(root, "app/sub/__init__.py", "")
    probe.step()


def all_gained_and_lost(root: Path, probe: Probe) -> None:
    padded(root)
    write(root, "app/__init__.py", "")
    write(root, "app/tracking.py", TRACKING + "\n\ndef other(u):\n    send(u, 'O')\n")
    write(root, "app/api.py", "from app.tracking import *\n")
    write(root, "app/views.py", "from app.api import *\n\n\ndef v(u):\n    send(u, 'V')\n"
                                "    other(u)\n")
    probe.step()
    write(root, "app/tracking.py", "__all__ = ['other']\n" + TRACKING +
          "\n\ndef other(u):\n    send(u, 'O')\n")
    probe.step()
    write(root, "app/api.py", "from app.tracking import *\nfrom app.tracking import send\n"
                              "__all__ = ['send']\n")
    probe.step()
    write(root, "app/api.py", "from app.tracking import *\n")
    probe.step()
    write(root, "app/tracking.py", TRACKING + "\n\ndef other(u):\n    send(u, 'O')\n")
    probe.step()


def star_chain_through_namespace(root: Path, probe: Probe) -> None:
    padded(root)
    write(root, "ns/inner/tracking.py", TRACKING)  # ns/ and ns/inner/: no __init__.py
    write(root, "ns/inner/api.py", "from ns.inner.tracking import *\n__all__ = ['send']\n")
    write(root, "app/__init__.py", "")
    write(root, "app/views.py", "from ns.inner.api import *\n\n\ndef v(u):\n"
                                "    send(u, 'V')\n")
    probe.step()
    write(root, "ns/inner/tracking.py", TRACKING_GROUPED)
    probe.step()
    write(root, "ns/inner/__init__.py", "")  # the namespace becomes a package
    write(root, "ns/inner/tracking.py", TRACKING)
    probe.step()
    write(root, "ns/inner/api.py", "from .tracking import *\n__all__ = []\n")
    probe.step()
    (root / "ns/inner/__init__.py").unlink()
    write(root, "ns/inner/api.py", "from ns.inner.tracking import *\n__all__ = ['send']\n")
    probe.step()
    write(root, "ns/inner.py", "")  # a module beside the namespace folder
    probe.step()


def init_becomes_empty(root: Path, probe: Probe) -> None:
    padded(root)
    write(root, "app/__init__.py", "from .tracking import send\n")
    write(root, "app/tracking.py", TRACKING)
    write(root, "app/views.py", VIEW.format(module="app"))
    write(root, "web/page.py", "import app\n\n\ndef p(u):\n    app.send(u, 'P')\n")
    probe.step()
    write(root, "app/__init__.py", "")
    probe.step()
    write(root, "app/__init__.py", "from .tracking import send\n")
    probe.step()
    write(root, "app/__init__.py", "\n")
    write(root, "app/tracking.py", TRACKING_GROUPED)
    probe.step()
    write(root, "app/__init__.py", "from .tracking import send\n")
    probe.step()


def src_setting_with_src_folder(root: Path, probe: Probe) -> None:
    padded(root)
    write(root, "src/tracking.py", TRACKING)
    write(root, "lib/tracking.py", TRACKING_GROUPED)
    write(root, "views.py", VIEW.format(module="tracking"))
    write(root, "src/app/__init__.py", "")
    write(root, "src/app/v.py", VIEW.format(module="tracking"))
    probe.step()
    write(root, "pyproject.toml", "[tool.lint-groupid]\nsrc = ['lib']\n")
    probe.step()
    write(root, "pyproject.toml", "[tool.lint-groupid]\nsrc = ['src']\n")
    probe.step()
    (root / "src").rename(root / "source")
    probe.step()
    write(root, "pyproject.toml", "[tool.lint-groupid]\nsrc = ['source', 'lib']\n")
    probe.step()
    (root / "source").rename(root / "src")
    write(root, "pyproject.toml", "[tool.lint-groupid]\n")
    probe.step()


def exclude_the_wrapper(root: Path, probe: Probe) -> None:
    app(root)
    write(root, "app/tracking.py", TRACKING + "\n\n" + DIRECT.split("\n\n\n")[1])
    probe.step()
    write(root, "pyproject.toml", '[tool.lint-groupid]\nexclude = ["app/tracking.py"]\n')
    probe.step()
    write(root, "app/tracking.py", TRACKING_GROUPED)
    probe.step()
    write(root, "pyproject.toml", "[tool.lint-groupid]\n")
    probe.step()
    write(root, "pyproject.toml", '[tool.lint-groupid]\nexclude = ["app/tracking.py"]\n')
    write(root, "app/tracking.py", TRACKING)
    probe.step()
    write(root, "pyproject.toml", '[tool.lint-groupid]\nexclude = ["tracking.py"]\n')
    probe.step()


def wrapper_syntax_error_fixed(root: Path, probe: Probe) -> None:
    app(root)
    probe.step()
    write(root, "app/tracking.py", TRACKING.replace("def send(", "def send(("))
    probe.step()
    write(root, "app/tracking.py", TRACKING)
    probe.step()
    write(root, "app/tracking.py", TRACKING_GROUPED.replace("return", "retrun x"))
    probe.step()
    write(root, "app/tracking.py", TRACKING_GROUPED)
    probe.step()


def skip_file_marker_in_imported(root: Path, probe: Probe) -> None:
    app(root, TRACKING + "\n\n" + DIRECT.split("\n\n\n")[1])
    probe.step()
    write(root, "app/tracking.py", "# flake8: noqa\n" + TRACKING + "\n\n" +
          DIRECT.split("\n\n\n")[1])
    probe.step()
    write(root, "app/tracking.py", "# flake8: noqa\n" + TRACKING_GROUPED)
    probe.step()
    write(root, "app/tracking.py", TRACKING_GROUPED)
    probe.step()
    write(root, "app/views.py", "# flake8: noqa\n" + VIEW.format(module="app.tracking"))
    write(root, "app/tracking.py", TRACKING)
    probe.step()
    write(root, "app/views.py", VIEW.format(module="app.tracking"))
    probe.step()


def encodings_of_imported(root: Path, probe: Probe) -> None:
    app(root)
    probe.step()
    latin = "# -*- coding: latin-1 -*-\n# caf\xe9\n"
    write_bytes(root, "app/tracking.py", (latin + TRACKING_GROUPED).encode("latin-1"))
    probe.step()
    write_bytes(root, "app/tracking.py", (latin + TRACKING).encode("latin-1"))
    probe.step()
    write_bytes(root, "app/tracking.py", b"\xef\xbb\xbf" + TRACKING_GROUPED.encode())  # BOM
    probe.step()
    write_bytes(root, "app/tracking.py", b"# caf\xe9\n" + TRACKING.encode())  # not UTF-8
    probe.step()
    write_bytes(root, "app/tracking.py", TRACKING_GROUPED.encode("utf-16"))
    probe.step()
    write(root, "app/tracking.py", TRACKING_GROUPED, newline="\r\n")  # CRLF
    probe.step()
    write(root, "app/tracking.py", TRACKING, newline="\r")  # old Mac line ends
    probe.step()
    write(root, "app/views.py", VIEW.format(module="app.tracking"), newline="\r\n")
    probe.step()


def very_large_module(root: Path, probe: Probe) -> None:
    app(root)
    probe.step()
    blob = "# " + "x" * 1000 + "\n"
    big = TRACKING_GROUPED + blob * (4 * 1024 + 10)  # over 4 MB
    write(root, "app/tracking.py", big)
    probe.step()
    write(root, "app/tracking.py", big.replace("{'groupId': 1}", "context"))
    probe.step()
    write(root, "app/tracking.py", blob * (4 * 1024 + 10) + TRACKING)  # the code past 4 MB
    probe.step()
    write(root, "app/tracking.py", TRACKING)
    probe.step()


def standard_input_between(root: Path, probe: Probe) -> None:
    app(root)
    write(root, "app/a_views.py", VIEW.format(module="app.tracking"))
    probe.step()
    name = "app/tracking.py"
    probe.step("--stdin-filename", name, "-", stdin=TRACKING_GROUPED)
    probe.step()
    probe.step("--stdin-filename", name, "-", ".", stdin=TRACKING_GROUPED)
    probe.step()
    write(root, name, TRACKING_GROUPED)
    probe.step("--stdin-filename", name, "-", ".", stdin=TRACKING)
    probe.step("--stdin-filename", "app/a_views.py", "-", ".",
               stdin=VIEW.format(module="app.tracking") + "    send(user, 'Again')\n")
    probe.step()


def fix_between_checks(root: Path, probe: Probe) -> None:
    config = '[tool.lint-groupid]\ngroup-id = "1"\nguard = "is_internal_user(u)"\n'
    app(root, config=config)
    write(root, "app/direct.py", DIRECT)
    write(root, "app/views.py", "from app.tracking import send\n\n\ndef view(u):\n"
                                "    send(u, 'Viewed')\n")
    probe.step()
    probe.run("--unsafe-fixes", command="fix")
    probe.step()
    write(root, "app/tracking.py", TRACKING.replace("    if is_internal_user(user):\n"
                                                    "        return\n", ""))
    write(root, "app/views.py", "from app.tracking import send\n\n\ndef view(u):\n"
                                "    send(u, 'Viewed')\n")
    probe.step()
    probe.run("app/views.py", command="fix")
    probe.step()
    probe.run("--unsafe-fixes", "-j2", command="fix")
    probe.step()


def add_noqa_between_checks(root: Path, probe: Probe) -> None:
    app(root)
    write(root, "app/direct.py", DIRECT)
    probe.step()
    probe.run("--add-noqa")
    probe.step()
    write(root, "app/tracking.py", TRACKING.replace("    if is_internal_user(user):\n"
                                                    "        return\n", ""))
    probe.step()
    probe.run("--add-noqa", "-j2")
    probe.step()
    write(root, "app/views.py", VIEW.format(module="app.tracking"))
    probe.step()


def nested_projects(root: Path, probe: Probe) -> None:
    app(root)
    inner = root / "inner"
    app(inner)
    write(inner, "app/tracking.py", TRACKING_GROUPED)
    probe.step()
    probe.step(cwd=inner)
    write(inner, "app/tracking.py", TRACKING)
    probe.step("inner")
    (inner / "pyproject.toml").unlink()  # the inner project is the outer's now
    probe.step("inner")
    probe.step(cwd=inner)
    write(root, "app/tracking.py", TRACKING_GROUPED)
    write(inner, "pyproject.toml", "[tool.lint-groupid]\n")
    probe.step()
    write(inner, "pyproject.toml", "[tool.lint-groupid]\nsrc = ['..']\n")
    probe.step(cwd=inner)
    write(root, "app/tracking.py", TRACKING)
    probe.step(cwd=inner)


def package_and_module_same_content(root: Path, probe: Probe) -> None:
    """``app/tracking.py`` becomes ``app/tracking/__init__.py`` with the same content,
    ``from .impl import send``: in the module it is ``app.impl``, in the package
    ``app.tracking.impl``. The summary cache keys a summary by module name, content
    and guard terms, not by whether the module is a package: the warm run reuses the
    module's summary for the package (and back)."""
    app(root)
    write(root, "app/impl.py", TRACKING)
    write(root, "app/tracking/impl.py", TRACKING_GROUPED)  # a namespace folder beside
    write(root, "app/tracking.py", "from .impl import send\n")
    probe.step()  # app.impl: ungrouped, views.py has GID101
    (root / "app/tracking.py").rename(root / "app/tracking/__init__.py")
    probe.step()  # app.tracking.impl: grouped, nothing -- the warm run still says GID101
    (root / "app/tracking/__init__.py").rename(root / "app/tracking.py")
    probe.step()


SCENARIOS: dict[str, Callable[[Path, Probe], None]] = {
    function.__name__: function for function in (
        case_only_rename, module_becomes_package_and_back, file_and_symlink_same_content,
        folder_linked_outside, relative_import_target_moves, all_gained_and_lost,
        star_chain_through_namespace, init_becomes_empty, src_setting_with_src_folder,
        exclude_the_wrapper, wrapper_syntax_error_fixed, skip_file_marker_in_imported,
        encodings_of_imported, very_large_module, standard_input_between,
        fix_between_checks, add_noqa_between_checks, nested_projects,
        package_and_module_same_content)}
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_cached_run_reports_as_an_uncached_one(tmp_path: Path, name: str) -> None:
    root = tmp_path / "project"
    probe = Probe(root)
    SCENARIOS[name](root, probe)
    probe.changed()
