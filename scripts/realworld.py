"""Run lint-groupid over published packages whose code calls a Segment-spec SDK.

    python scripts/realworld.py            # download (cached), check, fix --diff, report
    python scripts/realworld.py --record   # add the unreviewed findings to the verdicts
                                           # file as "unreviewed", to be judged by hand

It reports crashes, findings per code, fixes that fail verification, and every
finding without a recorded verdict; it exits 1 when there is any of those or a
finding judged a false positive. The verdicts live in
``scripts/realworld-verdicts.json`` (keyed by fingerprint, so they survive line
moves); the report is written to ``scripts/realworld-report.md``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import zipfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE.parent / "bench" / ".cache" / "realworld"
VERDICTS = HERE / "realworld-verdicts.json"
REPORT = HERE / "realworld-report.md"
CONFIG = "lint-groupid-realworld.toml"

# name==version: why it is here
PACKAGES = {
    # the SDKs are projects of their own: there `analytics` is the project's package, which
    # shadows the SDK, so nothing in them is an analytics call (a no-crash corpus)
    "analytics-python==1.4.post1": "Segment's original SDK (its own project: no finding)",
    "segment-analytics-python==2.4.0": "Segment's SDK (its own project: no finding)",
    "june-analytics-python==2.3.0": "June's SDK, a fork of Segment's (no finding)",
    "rudder-sdk-python==2.1.9": "RudderStack's SDK (its own project: no finding)",
    "gpt-engineer==0.3.1": "sends usage data with rudderstack.analytics",
    "pygwalker==0.5.0.1": "sends usage data with segment.analytics",
    "reflekt==0.6.0": "an event-schema tool that sends Segment events; "
                      "`track_event(..., context)` wraps the SDK",
    # packages that wrap an SDK in a module of their own (project-wide resolution)
    "fire-opal==12.4.0": "a base-class cached_property client used through a subclass's "
                         "helpers, called from other modules",
    "twilio-agent-connect==2.5.0": "a factory with a `global _client`; a helper "
                                   "`track_event` without a context parameter",
    "argilla==1.18.0": "a dataclass telemetry client set in __post_init__, a factory and "
                       "a module instance; helpers called across the server",
    "opencopilot-ai==0.3.8": "an analytics module whose dispatcher forwards to helpers "
                             "that call the SDK",
    "profiles-mlcorelib==0.10.2": "a class whose `track` method wraps rudder_analytics, "
                                  "instantiated locally by its callers",
    "matcha-ml==0.3.0": "a decorator factory named `track` over a helper that builds a "
                        "Client",
    "aptiviti-ingestion-pipe==1.0.1": "methods with a context parameter that forward it "
                                      "to the SDK (wrappers nobody calls)",
    # from a sweep of 50 published packages (docs/sweep-report.md)
    "flask-segmentio==0.1.0": "a Flask extension: a Client built lazily behind a property, "
                              "methods that forward *args, **kwargs to it",
    "segmentapp==0.2": "`self.client = analytics.Client(...)` set in __init__, helper methods",
    "product-analytics==0.0.3": "a project module named `analytics`; a `global` client",
    "itly-plugin-segment==0.1.9": "an `Optional[analytics.Client]` attribute set in `load()`",
    "pyramid-analytics==0.2.1": "wrappers with `context = context or {}`; two Python 2 "
                                "files (GID000)",
    "ingestr==0.9.0": "a telemetry helper over rudderstack.analytics without a context "
                      "parameter",
    "apache-airflow-providers-segment==3.10.1": "a hook whose `get_conn()` returns the SDK "
                                                "module, in a namespace package (no finding)",
}
OPTIONS = ["--group-id", "workspace_id", "--guard", "internal_user()",
           "--guard-import", "app.auth:internal_user"]


def fetch(requirement: str) -> Path:
    target = CACHE / requirement.replace("==", "-")
    if target.exists():
        return target
    downloads = CACHE / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    before = set(downloads.iterdir())
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                    requirement, "-d", str(downloads)], check=True)
    name = requirement.split("==")[0].replace("-", "_").lower()
    archive = next((p for p in set(downloads.iterdir()) - before), None) or next(
        p for p in downloads.iterdir() if p.name.lower().replace("-", "_").startswith(name))
    target.mkdir(parents=True)
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as wheel:
            wheel.extractall(target)
    else:
        with tarfile.open(archive) as sdist:
            sdist.extractall(target)
    return target


def project_root(target: Path) -> Path:
    """Where the package's modules start: a wheel's folder, or an sdist's top folder
    (its source folder when it has a ``src/`` layout is found by the index itself).
    A settings file of its own makes it the project root: the package is judged as
    its own project, not as part of this repository (whose settings would apply)."""
    folders = [p for p in target.iterdir() if p.is_dir()]
    root = folders[0] if len(folders) == 1 and "-" in folders[0].name and \
        not folders[0].name.endswith(".dist-info") else target
    (root / CONFIG).write_text("# the project's own (empty) lint-groupid settings\n",
                               encoding="utf-8")
    return root


def lint(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lint_groupid", *args, "--config", CONFIG,
                           "--no-cache", "."],
                          cwd=root, capture_output=True, text=True, check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--record", action="store_true",
                        help="add unreviewed findings to the verdicts file")
    args = parser.parse_args()
    verdicts: dict[str, dict[str, str]] = json.loads(VERDICTS.read_text("utf-8")) \
        if VERDICTS.exists() else {}
    crashes, failed_fixes, unreviewed, false_positives = [], [], [], []
    per_code: Counter[str] = Counter()
    rows = []
    seen = set()
    for requirement, why in PACKAGES.items():
        root = project_root(fetch(requirement))
        check = lint(root, "check", "-q", "-j1", "--format", "json", "--extend-select",
                     "GID105", *OPTIONS)
        if check.returncode not in (0, 1) or "Traceback" in check.stderr:
            crashes.append(f"{requirement}: check exited {check.returncode}: "
                           f"{check.stderr.strip()[-300:]}")
            continue
        findings = json.loads(check.stdout)
        fix = lint(root, "fix", "-q", "-j1", "--diff", "--unsafe-fixes", *OPTIONS)
        if fix.returncode not in (0, 1) or "Traceback" in fix.stderr:
            crashes.append(f"{requirement}: fix exited {fix.returncode}: "
                           f"{fix.stderr.strip()[-300:]}")
        failed_fixes += [f"{requirement}: {line}" for line in fix.stderr.splitlines()
                         if "not fixed:" in line and ": GID" not in line]
        codes = Counter(f["code"] for f in findings)
        per_code.update(codes)
        rows.append((requirement, why, len(findings), codes))
        for finding in findings:
            key = f"{requirement}:{finding['fingerprint']}"
            seen.add(key)
            verdict = verdicts.get(key)
            if verdict is None or verdict.get("verdict") == "unreviewed":
                unreviewed.append((key, requirement, finding))
            elif verdict["verdict"] == "false positive":
                false_positives.append((key, verdict))
    stale = sorted(set(verdicts) - seen)
    if args.record:
        for key, requirement, finding in unreviewed:
            verdicts.setdefault(key, {
                "package": requirement, "path": finding["path"], "line": str(finding["line"]),
                "code": finding["code"], "message": finding["message"],
                "verdict": "unreviewed", "note": "",
            })
        VERDICTS.write_text(json.dumps(dict(sorted(verdicts.items())), indent=2) + "\n",
                            encoding="utf-8")
    report = [
        "# lint-groupid on real packages",
        "",
        "Generated by `python scripts/realworld.py`; verdicts in "
        "`scripts/realworld-verdicts.json`.",
        "",
        "| package | why | findings | by code |",
        "|---|---|---|---|",
    ]
    for requirement, why, count, codes in rows:
        by_code = ", ".join(f"{code} {n}" for code, n in sorted(codes.items())) or "-"
        report.append(f"| {requirement} | {why} | {count} | {by_code} |")
    verdict_counts = Counter(v["verdict"] for k, v in verdicts.items() if k in seen)
    report += [
        "",
        f"- crashes: {len(crashes)}",
        f"- fixes that failed verification: {len(failed_fixes)}",
        f"- findings: {sum(per_code.values())} "
        f"({', '.join(f'{c} {n}' for c, n in sorted(per_code.items()))})",
        f"- reviewed by hand: {sum(verdict_counts.values()) - verdict_counts['unreviewed']}"
        f" ({', '.join(f'{v} {n}' for v, n in sorted(verdict_counts.items()))})",
        f"- unreviewed: {len(unreviewed)}",
        f"- false positives: {len(false_positives)}",
        f"- verdicts of findings that are gone: {len(stale)}",
    ]
    for title, items in (("Crashes", crashes), ("Failed fixes", failed_fixes)):
        if items:
            report += ["", f"## {title}", *[f"- {item}" for item in items]]
    if false_positives:
        report += ["", "## False positives",
                   *[f"- {key}: {v['path']}:{v['line']} {v['code']}: {v['note']}"
                     for key, v in false_positives]]
    REPORT.write_text("\n".join(report) + "\n", encoding="utf-8")
    print("\n".join(report))
    return 1 if crashes or failed_fixes or unreviewed or false_positives else 0


if __name__ == "__main__":
    sys.exit(main())
