"""Baselines: adopt the tool on a legacy codebase and fail only on new findings.

The file is JSON, sorted, one finding per entry, so that it diffs well in
review and shrinks as findings are fixed. Each entry names its file by its
path from the project root.

A run on some paths (pre-commit passes the staged files) judges only the
entries of what it checked: an entry of a file it did not check is neither
"gone" nor dropped when the baseline is rewritten. A directory given as a
path covers the files below it, including deleted ones.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .report import Reported
from .settings import ConfigError

VERSION = 1


@dataclass(frozen=True)
class Entry:
    path: str  # from the project root, with "/"
    code: str
    fingerprint: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"path": self.path, "code": self.code, "fingerprint": self.fingerprint,
                "message": self.message}


@dataclass(frozen=True)
class Scope:
    """What a run checked: files (by their path from the root), and folders given as
    paths (``.`` is the whole root)."""

    root: str
    files: frozenset[str]
    folders: tuple[str, ...] = ()

    def covers(self, entry: Entry) -> bool:
        if entry.path in self.files:
            return True
        inside = any(folder == "." or entry.path.startswith(folder.rstrip("/") + "/")
                     for folder in self.folders)
        # a file below a folder that was checked, and no longer exists
        return inside and not os.path.lexists(os.path.join(self.root, entry.path))


def entries_of(reported: Iterable[Reported], keys: dict[str, str]) -> list[Entry]:
    """``reported`` findings as baseline entries; ``keys`` maps each shown path to its
    path from the root."""
    return [Entry(keys.get(path, path), f.code, f.fingerprint, f.message)
            for path, f in reported]


def write_baseline(path: str, entries: Iterable[Entry], scope: Scope | None = None) -> int:
    """Record ``entries``; with a ``scope``, the existing baseline's entries outside it
    are kept. Returns the number of entries written."""
    kept: list[Entry] = []
    if scope is not None and os.path.exists(path):
        kept = [entry for entry in read_baseline(path) if not scope.covers(entry)]
    everything = sorted([*kept, *entries],
                        key=lambda e: (e.path, e.code, e.fingerprint))
    document = {"version": VERSION, "tool": "lint-groupid",
                "findings": [entry.as_json() for entry in everything]}
    try:
        Path(path).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot write the baseline: {error.strerror}") from None
    return len(everything)


def read_baseline(path: str) -> list[Entry]:
    try:
        document: Any = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: baseline file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the baseline: {error}") from None
    except json.JSONDecodeError as error:
        raise ConfigError(f"{path}: not a baseline: invalid JSON at line {error.lineno}") \
            from None
    if not isinstance(document, dict) or document.get("version") != VERSION or \
            not isinstance(document.get("findings"), list):
        raise ConfigError(f"{path}: not a lint-groupid baseline (version {VERSION})")
    entries = []
    for item in document["findings"]:
        if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str):
            raise ConfigError(f"{path}: a baseline entry has no fingerprint")
        entries.append(Entry(str(item.get("path", "")), str(item.get("code", "")),
                             item["fingerprint"], str(item.get("message", ""))))
    return entries


def apply_baseline(reported: Sequence[Reported], baseline: Sequence[Entry],
                   scope: Scope) -> tuple[list[Reported], int]:
    """The findings not in the baseline, and how many of the baseline's entries that
    ``scope`` covers are gone."""
    left = Counter(entry.fingerprint for entry in baseline if scope.covers(entry))
    others = Counter(entry.fingerprint for entry in baseline if not scope.covers(entry))
    new = []
    for item in reported:
        fingerprint = item[1].fingerprint
        if left[fingerprint] > 0:
            left[fingerprint] -= 1
        elif others[fingerprint] > 0:  # a file shown under another spelling
            others[fingerprint] -= 1
        else:
            new.append(item)
    return new, sum(left.values())
