"""What both adversarial suites of the results cache use: a project padded past the
cache's threshold, writing files, and :class:`Probe`, which runs ``check`` with the
cache warm and without it after every step and compares."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CACHE = ".lint-groupid-cache"
PADDING = 66  # the results cache is used from 64 files to check on

TRACKING = '''\
import analytics


def send(user, event, context=None):
    if is_internal_user(user):
        return
    analytics.track(user, event, context=context)
'''
TRACKING_GROUPED = TRACKING.replace("context=context)", "context={'groupId': 1})")
VIEW = "from {module} import send\n\n\ndef view(user):\n    send(user, 'Viewed')\n"
DIRECT = "import analytics\n\n\ndef direct(u):\n    analytics.track(u, 'Direct')\n"


def write(root: Path, relative: str, text: str, newline: str | None = None) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink():
        path.unlink()
    with open(path, "w", encoding="utf-8", newline=newline) as handle:
        handle.write(text)


def write_bytes(root: Path, relative: str, data: bytes) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink():
        path.unlink()
    path.write_bytes(data)


def padded(root: Path, config: str = "[tool.lint-groupid]\n", count: int = PADDING) -> Path:
    """The project's configuration and ``count`` filler modules (no ``__init__.py``:
    nobody lists their folder)."""
    root.mkdir(parents=True, exist_ok=True)
    write(root, "pyproject.toml", config)
    for number in range(count):
        write(root, f"pad/f{number}.py", f"def g{number}(x):\n    return x + {number}\n")
    return root


def _tree(root: Path) -> dict[str, bytes]:
    """Every file outside the cache folders, with its content (links: their target)."""
    found: dict[str, bytes] = {}
    for folder, folders, files in os.walk(root):
        folders[:] = [f for f in folders if f != CACHE]
        for name in files:
            path = os.path.join(folder, name)
            key = os.path.relpath(path, root)
            if os.path.islink(path):
                found[key] = b"-> " + os.fsencode(os.readlink(path))
            else:
                with open(path, "rb") as handle:
                    found[key] = handle.read()
    return found


class Probe:
    """Runs ``check`` with the cache and without after each step, and compares."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.outputs: list[str] = []

    def run(self, *args: str, cwd: Path | None = None, cache: bool = True,
            stdin: str | None = None, command: str = "check") -> str:
        line = [sys.executable, "-m", "lint_groupid", command, "-q",
                *(["--exit-zero"] if command == "check" else []),
                *([] if cache else ["--no-cache"]), *args]
        if not any(not a.startswith("-") or a == "-" for a in args):
            line.append(".")
        done = subprocess.run(line, cwd=cwd or self.root, capture_output=True,
                              encoding="utf-8", errors="surrogateescape", input=stdin)
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode in ((0,) if command == "check" else (0, 1)), done.stderr
        return done.stdout

    def step(self, *args: str, cwd: Path | None = None, stdin: str | None = None) -> str:
        before = _tree(self.root)
        cached = self.run(*args, cwd=cwd, stdin=stdin)
        assert _tree(self.root) == before, "the run wrote outside .lint-groupid-cache/"
        uncached = self.run(*args, cwd=cwd, cache=False, stdin=stdin)
        assert cached == uncached, f"with the cache:\n{cached}\nwithout:\n{uncached}"
        self.outputs.append(uncached)
        return cached

    def changed(self) -> None:
        assert len(set(self.outputs)) > 1, "the findings never changed: nothing was tested"
