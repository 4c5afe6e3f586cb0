"""The benchmark script keeps working (its figures are measured by hand, not in tests)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_bench_quick_runs(tmp_path: Path) -> None:
    output = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--json", str(output)],
        capture_output=True, text=True, cwd=ROOT, check=False, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    document = json.loads(output.read_text("utf-8"))
    figures = {target["figure"] for target in document["targets"]}
    assert "check -j1 / floor (real corpus)" in figures
    assert "fix --diff -j1 / check -j1 (synthetic)" in figures
    assert {corpus: set(rows) for corpus, rows in document["scaling"].items()} == {
        "real": {"1x", "2x", "4x"}, "dense": {"1x", "2x", "4x"}}
    assert all(m["median_seconds"] > 0 for m in document["measures"].values())
    assert "target" in result.stdout and "holds" in result.stdout
