"""Baselines: adopt the tool on a legacy codebase and fail only on new findings.

The file is JSON, sorted, one finding per entry, so that it diffs well in
review and shrinks as findings are fixed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .report import Reported
from .settings import ConfigError

VERSION = 1


def write_baseline(path: str, reported: Iterable[Reported]) -> int:
    entries = sorted(
        ({"path": file_path, "code": f.code, "fingerprint": f.fingerprint, "message": f.message}
         for file_path, f in reported),
        key=lambda e: (e["path"], e["code"], e["fingerprint"]),
    )
    document = {"version": VERSION, "tool": "lint-groupid", "findings": entries}
    try:
        Path(path).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot write the baseline: {error.strerror}") from None
    return len(entries)


def read_baseline(path: str) -> Counter[str]:
    """The baseline's fingerprints (a fingerprint may stand for several findings)."""
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
    fingerprints: Counter[str] = Counter()
    for entry in document["findings"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise ConfigError(f"{path}: a baseline entry has no fingerprint")
        fingerprints[entry["fingerprint"]] += 1
    return fingerprints


def apply_baseline(reported: Sequence[Reported],
                   baseline: Counter[str]) -> tuple[list[Reported], int]:
    """The findings not in the baseline, and how many baselined findings are gone."""
    left = Counter(baseline)
    new = []
    for item in reported:
        fingerprint = item[1].fingerprint
        if left[fingerprint] > 0:
            left[fingerprint] -= 1
        else:
            new.append(item)
    return new, sum(left.values())
