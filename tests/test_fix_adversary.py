"""Adversarial input/expected pairs for ``lint-groupid fix`` (``tests/fix_adversary/``).

Each pair is a realistic module (``X.py``, its first line says what it tests; options
on a ``# fix:`` line in its first lines, and/or project settings in ``X.py.toml``,
which becomes ``pyproject.toml``, and ``X.py.cfg``, which becomes ``setup.cfg``) and
what SPEC says ``fix`` must write (``X.py.expected``), written by hand from SPEC, not
from the tool's output. For every pair ``fix`` must:

1. write code that compiles (also with Python 3.9 when the project supports it);
2. add no flake8 error (F821, F811, F401, E302, E303, E501 at the project's line
   length, E999) that the original did not have;
3. leave exactly the findings it printed as remaining, at the lines it printed:
   ``check`` after the fix reports those;
4. change nothing on a second run, and keep the untouched bytes (line endings, BOM,
   encoding) — the expected file holds them;
5. exit 0 when nothing remains and 1 while something does; with ``--diff`` exit 1,
   write nothing, and print lines of the original;
6. (some pairs) give the same file through the README's codemod commands.

Pairs the tool gets wrong are strict xfails whose reason names the broken property and
the SPEC sentence: when one starts passing, take it out of ``KNOWN_FAILURES``.
"""

from __future__ import annotations

import configparser
import difflib
import functools
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lint_groupid.cli import main
from tests.test_fix import _parses_here

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the project's own dependency on older Pythons
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
FOLDER = Path(__file__).resolve().parent / "fix_adversary"
FLAKE8_CODES = "F821,F811,F401,E302,E303,E501,E999"
BOM = b"\xef\xbb\xbf"
FINDING = re.compile(r"^(\S+:\d+:\d+: GID\d+ .*?)(?: \(not fixed: .*\))?$")

# case -> why fix gets it wrong: the property that breaks, and the SPEC sentence
KNOWN_FAILURES = {
    "annotated_contexts": (
        "expected output: GID104 whose value is an attribute (`workspace.slug`) in a "
        "properties dict held by a local is classed unsafe ('evaluated twice') and left "
        "unfixed; SPEC GID104: 'safe when the value is a name, attribute or literal'"),
}

# pairs also run through the README's codemod commands (configured in pyproject.toml,
# as the codemods read it), and those whose result differs from ``fix``'s
CODEMOD_CASES = ["crlf_tabs_tasks", "signals_decorated_suites", "module_header_imports",
                 "bom_emoji_columns", "legacy_latin1_codemod"]
CODEMOD_FAILURES = {
    "module_header_imports": (
        "property 6 (cosmetic): the two codemod commands, run one after the other, add "
        "their imports in the other order (the group id's import first, then the "
        "guard's) from fix, which adds both at once; SPEC: 'One fixing engine (...) with "
        "the same code behind lint-groupid fix and the codemod commands'"),
}


def _cases() -> list[Path]:
    return sorted(FOLDER.glob("*.py"))


def _param(case: Path, failures: dict[str, str]) -> object:
    marks = []
    if not _parses_here(case):
        marks.append(pytest.mark.skip(
            reason=f"{case.name} needs a newer Python than {sys.version.split()[0]}"))
    if case.stem in failures:
        marks.append(pytest.mark.xfail(strict=True, reason=failures[case.stem]))
    return pytest.param(case, marks=marks, id=case.stem)


def case_args(raw: bytes) -> list[str]:
    match = re.search(rb"# fix: ([^\r\n]*)", b"\n".join(raw.splitlines()[:3]))
    return shlex.split(match.group(1).decode()) if match else []


def place(case: Path, folder: Path, data: bytes) -> Path:
    """``data`` as ``case``'s file in ``folder``, with the case's project settings."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / case.name
    target.write_bytes(data)
    toml = case.with_name(case.name + ".toml")
    if toml.exists():
        shutil.copy(toml, folder / "pyproject.toml")
    else:  # the project root is here, with nothing configured
        (folder / "pyproject.toml").write_text("", encoding="utf-8")
    cfg = case.with_name(case.name + ".cfg")
    if cfg.exists():
        shutil.copy(cfg, folder / "setup.cfg")
    return target


class Project:
    """What the case's settings say, read here independently of the tool."""

    def __init__(self, case: Path) -> None:
        toml = case.with_name(case.name + ".toml")
        data = tomllib.loads(toml.read_text("utf-8")) if toml.exists() else {}
        tool = data.get("tool", {})
        lengths = [tool.get("lint-groupid", {}).get("line-length"),
                   tool.get("ruff", {}).get("line-length"),
                   tool.get("black", {}).get("line-length")]
        cfg = case.with_name(case.name + ".cfg")
        if cfg.exists():
            parser = configparser.ConfigParser()
            parser.read(cfg, encoding="utf-8")
            lengths.append(parser.getint("flake8", "max-line-length", fallback=None))
        self.line_length: int | None = next((n for n in lengths if n), None)
        requires = data.get("project", {}).get("requires-python", "")
        match = re.search(r">=\s*3\.(\d+)", requires)
        self.oldest_minor = int(match.group(1)) if match else 9


@functools.lru_cache(maxsize=1)
def python39() -> str | None:
    """A Python 3.9 to compile with, when the machine has one (pyenv's, or on PATH)."""
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates = sorted(glob.glob(os.path.join(root, "versions", "3.9*", "bin", "python")))
    candidates += [found for found in [shutil.which("python3.9")] if found]
    for candidate in candidates:
        probe = subprocess.run([candidate, "-c", "import sys; assert sys.version_info[:2] == "
                                "(3, 9)"], capture_output=True, check=False)
        if probe.returncode == 0:
            return candidate
    return None


def assert_compiles(path: Path, project: Project) -> None:
    compile(path.read_bytes(), path.name, "exec", dont_inherit=True)
    interpreter = python39()
    if project.oldest_minor <= 9 and interpreter:
        result = subprocess.run(
            [interpreter, "-c", "import sys; compile(open(sys.argv[1], 'rb').read(), "
             "sys.argv[1], 'exec', dont_inherit=True)", str(path)],
            capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"Python 3.9: {result.stderr.strip()}"


def flake8_errors(path: Path, project: Project) -> set[tuple[str, str]]:
    """flake8's errors in ``path``, as (code, line text) — (code, message) for pyflakes'
    and E999, which do not depend on where the line is."""
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", FLAKE8_CODES,
         f"--max-line-length={project.line_length or 1000}", path.name],
        capture_output=True, text=True, check=False, cwd=path.parent)
    lines = path.read_bytes().decode("latin-1").splitlines()
    found = set()
    for row in result.stdout.splitlines():
        _, number, _, rest = row.split(":", 3)
        code = rest.split()[0]
        found.add((code, rest.strip() if code[0] == "F" or code == "E999"
                   else lines[int(number) - 1]))
    return found


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*args[:1], "-j", "1", "--no-cache", *args[1:]])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def check_findings(capsys: pytest.CaptureFixture[str], args: list[str],
                   name: str) -> list[str]:
    options = [a for a in args if a != "--unsafe-fixes"]
    _, out, _ = run(capsys, "check", *options, name)
    return sorted(line for line in out.splitlines() if FINDING.match(line))


def printed_findings(err: str) -> list[str]:
    return sorted(m.group(1) for m in map(FINDING.match, err.splitlines()) if m)


def line_endings(data: bytes) -> set[bytes]:
    return set(re.findall(rb"\r\n|\r(?!\n)|\n", data))


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.slow
@pytest.mark.parametrize("case", [_param(c, {}) for c in _cases()])
def test_expected_is_sound(case: Path, workdir: Path) -> None:
    """The hand-written expected file itself: it compiles, and flake8 finds nothing in
    it that the original did not have (the tool is not involved)."""
    project = Project(case)
    original = flake8_errors(place(case, workdir / "before", case.read_bytes()), project)
    expected = place(case, workdir / "after",
                     case.with_name(case.name + ".expected").read_bytes())
    assert_compiles(expected, project)
    assert flake8_errors(expected, project) <= original


@pytest.mark.parametrize("case", [_param(c, KNOWN_FAILURES) for c in _cases()])
def test_fix(case: Path, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = case.read_bytes()
    args = case_args(raw)
    project = Project(case)
    expected = case.with_name(case.name + ".expected").read_bytes()
    target = place(case, workdir, raw)
    before_flake8 = flake8_errors(target, project)
    before = check_findings(capsys, args, case.name)
    assert before, "the case has nothing to fix"

    # 5. --diff writes nothing, exits 1, and prints lines of the original
    code, out, err = run(capsys, "fix", "--diff", *args, case.name)
    assert target.read_bytes() == raw
    assert code == 1 and out.startswith(f"--- a/{case.name}")
    assert set(printed_findings(err)) <= set(before)

    code, _, err = run(capsys, "fix", *args, case.name)
    after = target.read_bytes()
    remaining = printed_findings(err)
    # 1. it compiles
    assert_compiles(target, project)
    # 2. no new flake8 error
    assert flake8_errors(target, project) - before_flake8 == set()
    # 3. check agrees with what fix said remains, line for line
    assert check_findings(capsys, args, case.name) == remaining
    # 5. the exit code says whether anything remains
    assert code == (1 if remaining else 0)
    # 4. a second fix changes nothing; line endings and BOM kept
    run(capsys, "fix", *args, case.name)
    assert target.read_bytes() == after, "a second fix changed the file"
    assert after.startswith(BOM) == raw.startswith(BOM)
    assert line_endings(after) == line_endings(raw)
    # and the file is what SPEC says
    assert after == expected, "".join(difflib.unified_diff(
        expected.decode("latin-1").splitlines(True), after.decode("latin-1").splitlines(True),
        "expected", "fixed"))


def _codemod_params() -> list[object]:
    return [_param(FOLDER / f"{name}.py", CODEMOD_FAILURES) for name in CODEMOD_CASES]


@pytest.mark.slow
@pytest.mark.parametrize("case", _codemod_params())
def test_codemod_commands_match_fix(case: Path, workdir: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """6. The README's commands (``python -m libcst.tool codemod --no-format -x
    lint_groupid.codemods.AddGroupId src/``, then ``AddInternalUserGuard``) write what
    ``fix`` writes."""
    raw = case.read_bytes()
    assert case_args(raw) == [], "codemod cases take their options from pyproject.toml"
    fixed = place(case, workdir / "fix" / "src", raw)
    shutil.move(str(workdir / "fix" / "src" / "pyproject.toml"), workdir / "fix")
    run(capsys, "fix", str(fixed))
    codemodded = place(case, workdir / "codemod" / "src", raw)
    shutil.move(str(workdir / "codemod" / "src" / "pyproject.toml"), workdir / "codemod")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for command in ("AddGroupId", "AddInternalUserGuard"):
        result = subprocess.run(
            [sys.executable, "-m", "libcst.tool", "codemod", "--no-format", "--hide-progress",
             "-x", f"lint_groupid.codemods.{command}", "src/"],
            capture_output=True, text=True, cwd=workdir / "codemod", env=env, check=False)
        assert result.returncode == 0, result.stderr
    assert codemodded.read_bytes() == fixed.read_bytes()


def test_every_known_failure_names_a_case() -> None:
    names = {case.stem for case in _cases()}
    assert set(KNOWN_FAILURES) <= names
    assert set(CODEMOD_FAILURES) <= set(CODEMOD_CASES) <= names
    for case in _cases():
        assert case.with_name(case.name + ".expected").exists(), case.name
        assert case.read_bytes().lstrip(BOM).startswith(b"# "), \
            f"{case.name}: its first line says what it tests"
