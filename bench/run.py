"""lint-groupid benchmark: every figure as a ratio to a floor measured in the same run.

    python bench/run.py            # Django 5.2 source, and corpora made from it (~10 min)
    python bench/run.py --quick    # a tiny generated corpus: keeps this script working
    python bench/run.py --peers    # also Fixit and Semgrep, when they are installed

The floor is one process that reads every file and runs ``ast.parse``: the
least a Python linter must do. Runs are interleaved (every command once per
round); each ratio is the median of its per-round ratios (the two commands ran
one after the other, so that a machine that slows down for a while slows both),
and each time shown is the median of its rounds. Peak memory is each process's
maximum resident set.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))

from corpus import (  # noqa: E402
    copies,
    download_django,
    make_dense,
    make_project,
    make_synthetic,
)

from lint_groupid.cache_folder import FOLDER as CACHE_FOLDER  # noqa: E402
from lint_groupid.project.results import FOLDER as RESULTS_FOLDER  # noqa: E402

PYTHON = sys.executable
FIX_OPTIONS = ["--group-id", "workspace.id", "--guard", "internal_user()",
               "--guard-import", "app.auth:internal_user"]

FLOOR_SCRIPT = """
import ast, os, sys
for directory, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".py"):
            with open(os.path.join(directory, name), "rb") as handle:
                data = handle.read()
            try:
                ast.parse(data)
            except (SyntaxError, ValueError):
                pass
"""

LIBCST_SCRIPT = """
import os, sys, libcst
for directory, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".py"):
            with open(os.path.join(directory, name), "rb") as handle:
                data = handle.read()
            try:
                libcst.parse_module(data)
            except Exception:
                pass
"""

# the fixing engine's libcst work, in-process: per edited statement, and whether a
# file with fewer than ten edits was ever parsed whole
ENGINE_SCRIPT = """
import json, os, sys
from lint_groupid.fixer import engine
from lint_groupid.fixer.engine import apply_fixes
from lint_groupid.positions import split_lines
from lint_groupid.runner import FileChecker
from lint_groupid.settings import Settings
checker = FileChecker(Settings(group_id="workspace.id", guard="internal_user()",
                               guard_import="app.auth:internal_user"), fingerprints=False)
whole_below_ten = files = 0
for directory, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".py"):
            path = os.path.join(directory, name)
            with open(path, "rb") as handle:
                result, source, tree = checker.analyse(path, handle.read())
            fixes = [f.fix for f in result.findings if f.fix is not None]
            if source is None or not fixes:
                continue
            files += 1
            before = engine.stats.whole_file_parses
            apply_fixes(source.text, fixes, tree)
            if len(fixes) < 10 and engine.stats.whole_file_parses > before:
                whole_below_ten += 1
stats = engine.stats
print(json.dumps({"files": files, "statements": stats.statements, "parses": stats.parses,
                  "ms_per_statement": 1000 * stats.seconds / max(stats.statements, 1),
                  "whole_file_parses": stats.whole_file_parses,
                  "whole_file_parses_below_ten_edits": whole_below_ten}))
"""

PLUGIN_SCRIPT = """
import ast, os, sys, time
from lint_groupid.flake8_plugin import Plugin
items = []
for directory, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".py"):
            path = os.path.join(directory, name)
            with open(path, "rb") as handle:
                data = handle.read()
            try:
                text = data.decode("utf-8")
                items.append((ast.parse(text), text.splitlines(True), path))
            except (SyntaxError, ValueError):
                pass
times = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    for tree, lines, path in items:
        for _ in Plugin(tree, lines, path).run():
            pass
    times.append(time.perf_counter() - start)
times.sort()
print(times[len(times) // 2])
"""


@dataclass
class Measure:
    name: str
    command: list[str]
    cwd: Path = ROOT
    env: dict[str, str] | None = None
    times: list[float] = field(default_factory=list)
    peak_kb: list[int] = field(default_factory=list)
    rounds: int | None = None  # fewer rounds for the slow ones

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def peak_mb(self) -> float:
        return max(self.peak_kb) / 1024


def run_once(measure: Measure) -> None:
    """Run the command once; record its wall time and peak RSS (via wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(measure.command, cwd=measure.cwd, env=measure.env,
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    measure.times.append(elapsed)
    measure.peak_kb.append(usage.ru_maxrss)


def interleave(measures: list[Measure], rounds: int) -> None:
    for number in range(rounds):
        for measure in measures:
            if measure.rounds is None or number < measure.rounds:
                run_once(measure)
        print(f"  round {number + 1}/{rounds} done", file=sys.stderr)


def ratio(numerator: Measure, denominator: Measure) -> float:
    """``numerator / denominator``: the median of the per-round ratios when both ran
    every round (each pair ran back to back, so a machine that slows down for a
    while slows both), else the ratio of the medians."""
    pairs = list(zip(numerator.times, denominator.times))
    if len(pairs) == len(numerator.times) == len(denominator.times) and len(pairs) > 1:
        return statistics.median(a / b for a, b in pairs)
    return numerator.median / denominator.median


# what the `lint-groupid` console script that pip writes does
CONSOLE_SCRIPT = "import re, sys; from lint_groupid.cli import main; sys.exit(main())"
# SPEC: start-up <= 45 ms wall where a bare `python -c pass` takes about 17 ms
START_UP_LIMIT = 45 / 17


def lint(*args: str, python: str = PYTHON) -> list[str]:
    return [python, "-m", "lint_groupid", *args]


def bare_python(work: Path) -> tuple[str, dict[str, str]]:
    """A fresh virtual environment's Python, and the environment that lets it import the
    checkout and this environment's packages (flake8): for the start-up figures.

    The environment the benchmark runs in may have start-up hooks (``.pth`` files) that
    a user's install does not: an editable install's imports pathlib, re and urllib at
    every start (~13 ms, as much again as a bare ``python -c pass``), which would count in
    every start-up, ``python -c pass`` included, and flatter their ratios. Directories
    on ``PYTHONPATH`` are searched, but their ``.pth`` files are not run."""
    subprocess.run([PYTHON, "-m", "venv", "--without-pip", str(work / "bare")], check=True)
    folder = "Scripts" if os.name == "nt" else "bin"
    packages = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    path = os.pathsep.join([str(ROOT), *packages])
    return str(work / "bare" / folder / "python"), {**os.environ, "PYTHONPATH": path}


@dataclass
class Target:
    figure: str
    value: float
    limit: float
    higher_is_better: bool = False

    @property
    def holds(self) -> bool:
        return self.value >= self.limit if self.higher_is_better else self.value <= self.limit


def count_files(path: Path) -> int:
    return sum(1 for _ in path.rglob("*.py"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a tiny generated corpus")
    parser.add_argument("--rounds", type=int, default=None, help="rounds per figure (5)")
    parser.add_argument("--dense", type=int, default=None, help="dense files to generate")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--cache", type=Path, default=HERE / ".cache")
    parser.add_argument("--json", type=Path, default=None, help="also write the JSON here")
    parser.add_argument("--peers", action="store_true", help="Fixit and Semgrep, if installed")
    args = parser.parse_args()

    rounds = args.rounds or (1 if args.quick else 5)
    # an installed package has its bytecode compiled: so must the measured checkout
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "lint_groupid")], check=True)
    work = Path(tempfile.mkdtemp(prefix="lint-groupid-bench-"))
    try:
        return _run(args, rounds, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(args: argparse.Namespace, rounds: int, work: Path) -> int:
    started = time.perf_counter()
    if args.quick:
        # a tiny corpus made here: figures are not meaningful, the script is exercised
        real = make_synthetic(None, work / "tiny", 4, args.seed) / "generated"
        dense_count = args.dense or 2
    else:
        print("preparing the Django corpus …", file=sys.stderr)
        real = download_django(args.cache)
        dense_count = args.dense or 30
    dense = make_dense(real, work / "dense")
    synthetic = make_synthetic(real, work / "synthetic", dense_count, args.seed)
    small = work / "small.py"
    small.write_text("import analytics\nanalytics.track('u', 'e')\n", encoding="utf-8")

    def floor_of(path: Path, label: str) -> Measure:
        return Measure(f"floor: read + ast.parse ({label})", [PYTHON, "-c", FLOOR_SCRIPT,
                                                             str(path)])

    def check_of(path: Path, label: str, jobs: int, analysed: bool = False) -> Measure:
        # each corpus is a project of its own (the real one is downloaded inside this
        # repository, whose settings would otherwise apply): empty settings beside it
        config = path / "lint-groupid-bench.toml"
        config.write_text("# the benchmark's corpus: a project of its own\n",
                          encoding="utf-8")
        command = lint("check", "-q", f"-j{jobs}", "--exit-zero", "--config", str(config),
                       str(path))
        if not analysed:
            return Measure(f"check -j{jobs} ({label})", command)
        # the results cache emptied first: every file that can matter is analysed (the
        # summaries the analysis reads are still taken from their cache)
        return Measure(f"check -j{jobs}, results cache emptied ({label})", [
            "sh", "-c", 'rm -rf "$0" && exec "$@"', str(path / CACHE_FOLDER / RESULTS_FOLDER),
            *command])

    floor = floor_of(real, "real")
    check1, check2 = check_of(real, "real", 1), check_of(real, "real", 2)
    d_floor = floor_of(dense, "dense")
    d_check1, d_check2 = check_of(dense, "dense", 1), check_of(dense, "dense", 2)
    d_analysed1 = check_of(dense, "dense", 1, analysed=True)
    d_analysed2 = check_of(dense, "dense", 2, analysed=True)
    # the same with no summary cache (a first run, or CI without a kept cache): every
    # module another imports is summarised from its source first
    d_cold = Measure("check -j1 --no-cache (dense)",
                     [*d_check1.command[:4], "--no-cache", *d_check1.command[4:]])
    s_check1 = check_of(synthetic, "synthetic", 1)
    s_fix = Measure("fix --diff -j1 (synthetic)", lint("fix", "-q", "--diff", "-j1",
                                                      *FIX_OPTIONS, str(synthetic)))
    # the start-ups, and the pre-commit runs compared with them, in a fresh environment
    bare, bare_env = bare_python(work)
    start_python = Measure("start-up: python -c pass", [bare, "-c", "pass"], env=bare_env)
    # as the installed `lint-groupid` script runs it (no runpy), with bytecode compiled
    # as an install leaves it
    start_check = Measure("start-up: check one small file",
                          [bare, "-c", CONSOLE_SCRIPT, "check", "-q", "--exit-zero",
                           str(small)], env=bare_env)
    start_flake8 = Measure("start-up: flake8 one small file",
                           [bare, "-m", "flake8", "--exit-zero", str(small)], env=bare_env)
    s_libcst = Measure("libcst parse of every file (synthetic)",
                       [PYTHON, "-c", LIBCST_SCRIPT, str(synthetic)],
                       rounds=None if args.quick else 1)
    # pre-commit on one file of a ~3,000-file project: the project index is read from
    # its cache (warm), or built with the cache emptied first (cold)
    project, staged = make_project(real, work / "project", ROOT / "fixtures" / "project")
    cache_folder = project / ".lint-groupid-cache"
    precommit_cold = Measure(
        "pre-commit: check one file of the project, cold cache",
        ["sh", "-c", f'rm -rf "{cache_folder}" && exec "$0" "$@"',
         *lint("check", "-q", "--exit-zero", str(staged.relative_to(project)), python=bare)],
        cwd=project, env=bare_env)
    precommit_warm = Measure(
        "pre-commit: check one file of the project, warm cache",
        lint("check", "-q", "--exit-zero", str(staged.relative_to(project)), python=bare),
        cwd=project, env=bare_env)
    measures = [floor, check1, check2, d_floor, d_check1, d_check2, d_analysed1, d_analysed2,
                d_cold, s_check1, s_fix,
                start_python, start_check, start_flake8, s_libcst,
                precommit_cold, precommit_warm]
    print(f"measuring, {rounds} interleaved rounds …", file=sys.stderr)
    interleave(measures, rounds)

    # the flake8 plugin's own work, given the trees (in-process, median of rounds)
    def plugin_seconds(path: Path) -> float:
        return float(subprocess.run([PYTHON, "-c", PLUGIN_SCRIPT, str(path), str(rounds)],
                                    capture_output=True, text=True, check=True,
                                    cwd=ROOT).stdout)

    plugin_real, plugin_dense = plugin_seconds(real), plugin_seconds(dense)
    engine_work = json.loads(subprocess.run(
        [PYTHON, "-c", ENGINE_SCRIPT, str(synthetic)], capture_output=True, text=True,
        check=True, cwd=ROOT).stdout)

    # scaling: check -j1 on 1x, 2x and 4x copies, on the real corpus (mostly file
    # reading: cheap, but its small differences are noisy, so 15 rounds) and on
    # the dense one (every file parsed and analysed: the analysis must scale)
    def scaling_of(corpus: Path, label: str, scaling_rounds: int
                   ) -> tuple[dict[str, dict[str, float]], float]:
        measures = []
        for times in (1, 2, 4):
            tree = copies(corpus, work / f"scale-{label}-{times}", times)
            measures.append((times, count_files(tree),
                             check_of(tree, f"{label} x{times}", 1, analysed=True)))
        interleave([item[2] for item in measures], 1 if args.quick else scaling_rounds)
        rows: dict[str, dict[str, float]] = {}
        for times, files, check in measures:
            rows[f"{times}x"] = {"files": files, "check_seconds": round(check.median, 3),
                                 "ms_per_file": round(1000 * check.median / files, 4),
                                 "peak_mb": round(check.peak_mb, 1)}
        for times in (1, 2, 4):
            shutil.rmtree(work / f"scale-{label}-{times}", ignore_errors=True)
        # the growth of the cost of an added file from 1x->2x to 2x->4x, round by
        # round (the three sizes ran back to back, and no start-up is subtracted),
        # then its median
        growths = []
        (_, files1, _), (_, files2, _), (_, files4, _) = measures
        for seconds1, seconds2, seconds4 in zip(*(check.times for _, _, check in measures)):
            first = (seconds2 - seconds1) / max(files2 - files1, 1)
            second = (seconds4 - seconds2) / max(files4 - files2, 1)
            if first > 0:
                growths.append(second / first - 1)
        return rows, statistics.median(growths) if growths else 0.0

    scaling, growth_real = scaling_of(real, "real", 3 * rounds)
    dense_scaling, growth = scaling_of(dense, "dense", 3)
    fixed_files = dense_count
    fix_ms_per_file = 1000 * (s_fix.median - s_check1.median) / max(fixed_files, 1)

    targets = [
        Target("check -j1 / floor (real corpus)", ratio(check1, floor), 0.15),
        Target("check -j1 / floor (dense: every file has calls)", ratio(d_check1, d_floor),
               1.3),
        Target("check -j2 / floor (dense)", ratio(d_check2, d_floor), 0.75),
        Target("flake8 plugin run() / floor (real corpus)", plugin_real / floor.median, 0.10),
        Target("fix --diff -j1 / check -j1 (synthetic)", ratio(s_fix, s_check1), 4.0),
        Target("libcst work per edited statement, ms (synthetic)",
               engine_work["ms_per_statement"], 1.0),
        Target("files with < 10 edits parsed whole by libcst (synthetic)",
               engine_work["whole_file_parses_below_ten_edits"], 0.0),
        Target("start-up: check / flake8 (one small file)", ratio(start_check, start_flake8),
               2.0),
        Target("start-up: check one small file / python -c pass (45 ms at a 17 ms pass)",
               ratio(start_check, start_python), START_UP_LIMIT),
        # SPEC: on the 4x dense corpus (the scaling's largest run: every file analysed)
        Target("peak memory of check -j1 on the 4x dense corpus, MB (every file analysed)",
               dense_scaling["4x"]["peak_mb"], 150.0),
        Target("pre-commit on one file of the project, warm cache / one-file start-up",
               ratio(precommit_warm, start_check), 1.5),
        Target("pre-commit on one file of the project, cold cache / one-file start-up",
               ratio(precommit_cold, start_check), 3.0),
        Target("time per added file, growth 1x->2x to 2x->4x (dense)", growth, 0.15),
    ]
    informational = {
        "time per added file, growth 1x->2x to 2x->4x (real corpus)": growth_real,
        "check -j2 / floor (real corpus)": ratio(check2, floor),
        "peak memory of check -j1 on the dense corpus, MB (every file analysed)":
            d_analysed1.peak_mb,
        "check -j1, results cache emptied / floor (dense: every file analysed)":
            ratio(d_analysed1, d_floor),
        "check -j2, results cache emptied / floor (dense: every file analysed)":
            ratio(d_analysed2, d_floor),
        "check -j1 --no-cache / floor (dense: summaries built, not read)":
            ratio(d_cold, d_floor),
        "flake8 plugin run() / floor (dense)": plugin_dense / d_floor.median,
        "start-up: check one small file, wall ms": 1000 * start_check.median,
        "start-up: python -c pass, wall ms": 1000 * start_python.median,
        "fix work per fixed file, ms (synthetic)": fix_ms_per_file,
        "libcst parse of every file / fix --diff -j1 (synthetic)": ratio(s_libcst, s_fix),
        "edited statements per libcst parse (synthetic)":
            engine_work["statements"] / max(engine_work["parses"], 1),
    }
    if args.peers:
        informational.update(_peers(synthetic, d_floor))

    print()
    print(f"pre-commit project: {count_files(project)} files")
    print(f"real corpus: {real.name if not args.quick else 'generated'} "
          f"({count_files(real)} files); dense: {count_files(dense)} files; synthetic: "
          f"{count_files(synthetic)} files ({dense_count} generated, seed {args.seed}); "
          f"{rounds} rounds; Python {platform.python_version()}")
    print()
    width = max(len(m.name) for m in measures) + 2
    print(f"{'measure':<{width}} {'median s':>9} {'peak MB':>8}")
    for measure in measures:
        print(f"{measure.name:<{width}} {measure.median:>9.3f} {measure.peak_mb:>8.1f}")
    print(f"{'flake8 plugin run() only (real corpus)':<{width}} {plugin_real:>9.3f}")
    print(f"{'flake8 plugin run() only (dense)':<{width}} {plugin_dense:>9.3f}")
    print()
    for label, rows in (("real", scaling), ("dense", dense_scaling)):
        print(f"scaling: check -j1 on copies of the {label} corpus")
        for key, row in rows.items():
            print(f"  {key}: {row['files']:>6} files {row['check_seconds']:>7.3f} s "
                  f"{row['ms_per_file']:.4f} ms/file, peak {row['peak_mb']} MB")
    print()
    twidth = max(len(t.figure) for t in targets) + 2
    print(f"{'target':<{twidth}} {'value':>8} {'limit':>8}  holds")
    for target in targets:
        sign = ">=" if target.higher_is_better else "<="
        print(f"{target.figure:<{twidth}} {target.value:>8.3f} {sign}{target.limit:>6.2f}  "
              f"{'yes' if target.holds else 'NO'}")
    for name, value in informational.items():
        print(f"{name:<{twidth}} {value:>8.3f}")
    print(f"\ntook {time.perf_counter() - started:.0f} s")

    result = {
        "python": platform.python_version(),
        "rounds": rounds,
        "measures": {m.name: {"median_seconds": round(m.median, 4), "times": m.times,
                              "peak_mb": round(m.peak_mb, 1)} for m in measures},
        "plugin_seconds": {"real": plugin_real, "dense": plugin_dense},
        "fix_engine": engine_work,
        "scaling": {"real": scaling, "dense": dense_scaling},
        "targets": [{"figure": t.figure, "value": round(t.value, 4), "limit": t.limit,
                     "higher_is_better": t.higher_is_better, "holds": t.holds}
                    for t in targets],
        "informational": {k: round(v, 4) for k, v in informational.items()},
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


def _peers(synthetic: Path, floor: Measure) -> dict[str, float]:
    """Fixit and Semgrep, when installed, running an equivalent rule (informational)."""
    found: dict[str, float] = {}
    semgrep = shutil.which("semgrep")
    if semgrep:
        rule = HERE / "semgrep-rule.yaml"
        measure = Measure("semgrep", [semgrep, "--config", str(rule), "--quiet", str(synthetic)])
        interleave([measure], 1)
        found["semgrep / floor (synthetic)"] = measure.median / floor.median
    else:
        print("semgrep is not installed: skipped", file=sys.stderr)
    try:
        import fixit  # noqa: F401
    except ImportError:
        print("fixit is not installed: skipped", file=sys.stderr)
    else:
        measure = Measure("fixit", [PYTHON, "-m", "fixit", "lint", str(synthetic)])
        interleave([measure], 1)
        found["fixit (default rules) / floor (synthetic)"] = measure.median / floor.median
    return found



if __name__ == "__main__":
    sys.exit(main())
