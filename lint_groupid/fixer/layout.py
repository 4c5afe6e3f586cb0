"""What the project's formatter and oldest Python allow: the line length new code must
keep, and whether an f-string may reuse its quotes."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..settings import ConfigError, _read_ini_section, _read_toml

_VERSION = re.compile(r"(>=|~=|==|>)\s*3\.(\d+)")


@dataclass(frozen=True)
class Layout:
    line_length: int | None = None  # None: nothing configured, no limit
    oldest_python: tuple[int, int] = (3, 9)

    @property
    def reusable_fstring_quotes(self) -> bool:
        """PEP 701: from Python 3.12 an f-string's expressions may use its own quote."""
        return self.oldest_python >= (3, 12)


def project_layout(root: str, line_length: int | None = None) -> Layout:
    """The layout for the project at ``root``: ``line_length`` (the ``line-length``
    setting) if given, else ruff's, black's or flake8's from the project's config
    files; the oldest Python from ``requires-python``."""
    found_length, oldest = _from_files(str(Path(root).resolve()))
    return Layout(line_length if line_length is not None else found_length, oldest)


@functools.lru_cache(maxsize=8)
def _from_files(root: str) -> tuple[int | None, tuple[int, int]]:
    folder = Path(root)
    pyproject = _toml(folder / "pyproject.toml")
    tool = pyproject.get("tool", {})
    candidates: list[Any] = [
        _toml(folder / "ruff.toml").get("line-length"),
        _toml(folder / ".ruff.toml").get("line-length"),
        tool.get("ruff", {}).get("line-length"),
        tool.get("black", {}).get("line-length"),
        *(_flake8_length(folder / name) for name in (".flake8", "setup.cfg", "tox.ini")),
    ]
    length = next((c for c in candidates if isinstance(c, int) and c > 0), None)
    requires = pyproject.get("project", {}).get("requires-python", "")
    oldest = (3, 9)
    match = _VERSION.search(requires) if isinstance(requires, str) else None
    if match:
        minor = int(match.group(2)) + (1 if match.group(1) == ">" else 0)
        oldest = (3, minor)
    return length, oldest


def _toml(path: Path) -> dict[str, Any]:
    try:
        return _read_toml(str(path))
    except ConfigError:  # (a file that cannot be read sets nothing here)
        return {}


def _flake8_length(path: Path) -> int | None:
    try:
        section = _read_ini_section(str(path))
    except ConfigError:
        return None
    value = section.get("max-line-length") or section.get("max_line_length")
    return int(value) if value and value.strip().isdigit() else None
