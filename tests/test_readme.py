"""README.md is accurate to the letter: every shell command in it runs, every
settings block is accepted, every flag and output key is documented."""

from __future__ import annotations

import configparser
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lint_groupid.cli import build_parser
from lint_groupid.report import as_json_object
from lint_groupid.settings import settings_from_ini, settings_from_table

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)

# Commands the test does not run, and why. Everything else in a ```sh block (and
# each `$ ` line of a ```console block) runs in a scratch copy of the fixtures.
NOT_RUN = {
    "python -m pip install": "installs packages (network); the test runs from this checkout",
    "python -m pytest": "the test suite itself",
    "python bench/run.py": "downloads Django and runs for minutes; tests/test_bench.py "
                           "runs the script on a small corpus",
    "python scripts/update_docs.py": "rewrites docs/ in the checkout; tests/test_registry.py "
                                     "checks that the docs are current",
}


def blocks(*languages: str) -> list[str]:
    return [m.group(2) for m in FENCE.finditer(README) if m.group(1) in languages]


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end != -1 else None]


def shell_commands() -> list[str]:
    """In README order: a reader runs them one after the other."""
    commands = []
    for fence in FENCE.finditer(README):
        language, block = fence.group(1), fence.group(2)
        if language in ("sh", "console"):
            text = block.replace("\\\n", " ")
            for line in text.splitlines():
                if language == "console":
                    if not line.startswith("$ "):
                        continue
                    line = line[2:]
                command = line.split("  #")[0].strip()
                if command and not command.startswith("#"):
                    commands.extend(part.strip() for part in command.split(" && "))
    return commands


def console_expectations() -> dict[str, list[str]]:
    """A ```console block's command -> the output lines it shows (before any `...`)."""
    expected = {}
    for block in blocks("console"):
        lines = block.splitlines()
        if lines and lines[0].startswith("$ "):
            shown = [line for line in lines[1:] if line != "..."]
            expected[lines[0][2:].strip()] = shown
    return expected


COMMANDS = [c for c in shell_commands() if not c.startswith(tuple(NOT_RUN))]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project laid out as the README's commands expect: this repository's
    settings, its fixtures, the demo app as `src/`, and the package's own code."""
    root = tmp_path_factory.mktemp("readme")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(ROOT / "fixtures", root / "fixtures")
    shutil.copytree(ROOT / "fixtures" / "app", root / "src" / "app")
    shutil.copytree(ROOT / "lint_groupid", root / "lint_groupid",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for block in blocks("yaml"):
        if block.startswith("# .libcst.codemod.yaml"):
            (root / ".libcst.codemod.yaml").write_text(block, encoding="utf-8")
    return root


def prerequisites(command: str) -> list[str]:
    """The earlier README commands that write a file ``command`` reads (a baseline):
    the tests run on several workers, each with a scratch project of its own, so the
    command that wrote it may have run elsewhere."""
    argv = shlex.split(command)
    if "--baseline" not in argv:
        return []
    written = f"--write-baseline {argv[argv.index('--baseline') + 1]}"
    return [c for c in COMMANDS[:COMMANDS.index(command)] if written in c]


def run_command(scratch: Path, command: str) -> subprocess.CompletedProcess[str]:
    bin_folder = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_folder + os.pathsep + os.environ.get("PATH", ""),
           "PYTHONPATH": str(ROOT)}
    argv = shlex.split(command)
    if argv[0] == "python":
        argv[0] = sys.executable
    return subprocess.run(argv, cwd=scratch, env=env, capture_output=True, text=True,
                          check=False, timeout=300)


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS)
def test_every_shell_command_runs(scratch: Path, command: str) -> None:
    for earlier in prerequisites(command):
        done = run_command(scratch, earlier)
        assert done.returncode in (0, 1), done.stdout + done.stderr
    result = run_command(scratch, command)
    output = result.stdout + result.stderr
    # 1 is "findings" (the demo app has some); 2 would be a usage or settings error
    assert result.returncode in (0, 1), output
    assert "Traceback" not in output and "error:" not in output, output
    expected = console_expectations().get(command)
    if expected is not None:
        shown = result.stdout.splitlines()
        assert shown[:len(expected)] == expected


def test_commands_were_found() -> None:
    baseline = "lint-groupid check --baseline .lint-groupid-baseline.json"
    assert prerequisites(baseline) == [
        "lint-groupid check --write-baseline .lint-groupid-baseline.json"]
    assert "lint-groupid check fixtures/" in COMMANDS
    assert any(c.startswith("flake8 ") for c in COMMANDS)
    assert any(c.startswith("lint-groupid check --write-baseline") for c in COMMANDS)


@pytest.mark.parametrize("block", blocks("toml"))
def test_toml_blocks_are_accepted_settings(block: str) -> None:
    document = tomllib.loads(block)
    table = document["tool"]["lint-groupid"]
    settings = settings_from_table(table, "README.md")
    assert settings.source == "README.md"


@pytest.mark.parametrize("block", blocks("ini"))
def test_ini_blocks_are_accepted_settings(block: str) -> None:
    parser = configparser.RawConfigParser()
    parser.read_string(block)
    section_keys = dict(parser["flake8"])
    assert any(key.startswith("groupid-") for key in section_keys)
    settings_from_ini(section_keys, "README.md")


@pytest.mark.parametrize("block", blocks("yaml"))
def test_yaml_blocks_parse(block: str) -> None:
    document = yaml.safe_load(block)
    assert document
    hooks = {hook["id"] for hook in yaml.safe_load(
        (ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    if isinstance(document, dict) and "repos" in document:
        for repo in document["repos"]:
            if repo["repo"] != "local":  # the hooks this repository ships
                assert {hook["id"] for hook in repo["hooks"]} <= hooks


def test_the_command_line_section_lists_every_flag() -> None:
    text = section("Command line")
    parser = build_parser()
    subcommands = next(a for a in parser._actions if a.dest == "command").choices
    for name in ("check", "fix"):
        for action in subcommands[name]._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert flag in text, f"{name} {flag} is not in README's Command line"


def test_the_json_key_list_is_complete() -> None:
    from lint_groupid.checker import Finding

    keys = as_json_object("a.py", Finding("GID101", "m", 1, 1, 1, 1)).keys()
    text = section("Command line")
    listed = re.search(r"`json`: a list of `\{(.*?)\}`", text, re.S)
    assert listed is not None
    assert re.findall(r'"(\w+)"', listed.group(1)) == list(keys)


def test_the_first_flake8_example_keeps_gid105_off(tmp_path: Path) -> None:
    first = next(c for c in shell_commands() if c.startswith("flake8 "))
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text(
        "import analytics\n\n\ndef f(context):\n    analytics.track('u', 'e', context=context)\n",
        encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", *shlex.split(first)], cwd=tmp_path,
                            capture_output=True, text=True, check=False)
    assert "GID201" in result.stdout
    assert "GID105" not in result.stdout
