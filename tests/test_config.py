"""One configuration for both front ends: found from the paths checked, in any of the
files flake8 reads or in pyproject.toml, with the command line on top."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lint_groupid.settings import (
    OPTIONS,
    ConfigError,
    Settings,
    load_settings,
    override,
    settings_from_ini,
)

ROOT = Path(__file__).resolve().parent.parent

PYPROJECT = """\
[tool.lint-groupid]
clients = ["analytics", "tracker"]
extend-guards = ["is_support_agent"]
exclude = ["migrations/"]
extend-ignore = ["GID102"]
per-file-ignores = { "tests/*" = ["GID201"] }

[tool.lint-groupid.wrappers]
"acme.tracking.send" = "track"
"""

FLAKE8_SECTION = """\
[flake8]
max-line-length = 120
groupid-clients = analytics, tracker
groupid-extend-guards = is_support_agent
groupid-exclude = migrations/
groupid-extend-ignore = GID102
groupid-per-file-ignores =
    tests/*:GID201
groupid-wrappers = acme.tracking.send=track
"""

VIEWS = """\
import analytics
from acme.telemetry import tracker
from acme.tracking import send


def sign_up(user, org):
    analytics.track(user.id, "Signed Up")
    if is_support_agent(user):
        return
    analytics.identify(user.id)


def invite(user):
    tracker.track(user.id, "Invited", context={"groupId": None})
    send(user.id, "Sent")
"""

TEST_VIEWS = "import analytics\n\nanalytics.track('u', 'Tested')\n"
MIGRATION = "import analytics\n\nanalytics.track('u', 'Migrated')\n"

# what the settings above make of the project: the client `tracker`, the guard
# `is_support_agent`, the wrapper `send`; GID102 ignored, GID201 off in tests/,
# migrations/ excluded
EXPECTED = {
    ("app/views.py", 7, "GID101"), ("app/views.py", 7, "GID201"),
    ("app/views.py", 14, "GID201"), ("app/views.py", 15, "GID101"),
    ("tests/test_views.py", 3, "GID101"),
}

CONFIGS = {
    "pyproject.toml": PYPROJECT,
    ".flake8": FLAKE8_SECTION,
    "setup.cfg": "[metadata]\nname = app\n\n" + FLAKE8_SECTION,
    "tox.ini": "[tox]\nenvlist = py312\n\n" + FLAKE8_SECTION,
}


def make_project(root: Path, config_name: str) -> Path:
    files = {
        config_name: CONFIGS[config_name],
        "app/__init__.py": "",
        "app/views.py": VIEWS,
        "app/migrations/0001_initial.py": MIGRATION,
        "tests/test_views.py": TEST_VIEWS,
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def run(cwd: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", *command], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)


def findings(output: str, project: Path, cwd: Path | None = None) -> set[tuple[str, int, str]]:
    """``(path from the project, line, code)`` of each GID line of flake8-style output
    printed in ``cwd`` (default: the project)."""
    found = set()
    for line in output.splitlines():
        path, number, _column, message = line.split(":", 3)
        code = message.split()[0]
        if code.startswith("GID"):
            relative = os.path.relpath(os.path.join(cwd or project, path), project)
            found.add((Path(relative).as_posix(), int(number), code))
    return found


@pytest.mark.parametrize("config_name", sorted(CONFIGS))
def test_flake8_and_the_cli_agree_from_another_working_directory(
        tmp_path: Path, config_name: str) -> None:
    project = make_project(tmp_path / "project", config_name)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    paths = [str(project / "app"), str(project / "tests")]
    cli = run(elsewhere, "lint_groupid", "check", "-j", "1", *paths)
    assert cli.returncode == 1, cli.stderr
    flake8 = run(elsewhere, "flake8", "--jobs", "1", *paths)
    assert flake8.returncode == 1, flake8.stderr
    assert findings(cli.stdout, project) == findings(flake8.stdout, project) == EXPECTED


@pytest.mark.parametrize("config_name", sorted(CONFIGS))
def test_flake8_and_the_cli_agree_inside_the_project(tmp_path: Path, config_name: str) -> None:
    # where flake8 reads the same [flake8] section itself (and leaves our keys to us)
    project = make_project(tmp_path, config_name)
    cli = run(project / "app", "lint_groupid", "check", "-j", "1", ".", "../tests")
    flake8 = run(project / "app", "flake8", "--jobs", "1", ".", "../tests")
    assert findings(cli.stdout, project / "app") == findings(flake8.stdout, project / "app")
    assert len(findings(cli.stdout, project / "app")) == len(EXPECTED)


@pytest.mark.parametrize("config_name", sorted(CONFIGS))
def test_the_same_settings_from_every_kind_of_file(tmp_path: Path, config_name: str) -> None:
    project = make_project(tmp_path, config_name)
    settings = load_settings(paths=[str(project / "app" / "views.py")])
    assert settings.root == str(project)
    assert settings.source == str(project / config_name)
    assert settings.clients == ("analytics", "tracker")
    assert (settings.extend_guards, settings.exclude, settings.extend_ignore) == \
        (("is_support_agent",), ("migrations/",), ("GID102",))
    assert settings.per_file_ignores == (("tests/*", ("GID201",)),)
    assert settings.wrappers == (("acme.tracking.send", "track"),)


def test_settings_are_found_from_the_paths_not_the_working_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_project(tmp_path / "project", "pyproject.toml")
    (tmp_path / "pyproject.toml").write_text('[tool.lint-groupid]\nclients = ["other"]\n',
                                             encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_settings(paths=["project/app"]).clients == ("analytics", "tracker")
    assert load_settings(paths=["."]).clients == ("other",)


def test_root_without_settings_is_the_nearest_project_folder(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "pkg" / "sub").mkdir(parents=True)
    assert load_settings(paths=[str(tmp_path / "repo" / "pkg" / "sub")]).root == \
        str(tmp_path / "repo")
    (tmp_path / "repo" / "pkg" / "setup.py").write_text("", encoding="utf-8")
    assert load_settings(paths=[str(tmp_path / "repo" / "pkg" / "sub")]).root == \
        str(tmp_path / "repo" / "pkg")


def test_settings_in_two_files_of_one_folder_are_an_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (tmp_path / "setup.cfg").write_text(FLAKE8_SECTION, encoding="utf-8")
    (tmp_path / "a.py").write_text(TEST_VIEWS, encoding="utf-8")
    message = (f"lint-groupid: {tmp_path}: lint-groupid settings in both pyproject.toml and "
               "setup.cfg: keep them in one file")
    cli = run(tmp_path, "lint_groupid", "check", "a.py")
    flake8 = run(tmp_path, "flake8", "a.py")
    assert (cli.returncode, cli.stderr.strip()) == (flake8.returncode, flake8.stderr.strip()) \
        == (2, message)


def test_a_flake8_section_without_our_keys_is_not_ours(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("[flake8]\nmax-line-length = 100\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    assert load_settings(paths=[str(tmp_path)]).source == str(tmp_path / "pyproject.toml")


@pytest.mark.parametrize(("line", "message"), [
    ("groupid-clints = a", "unknown key 'groupid-clints' in [flake8] "
                           "(did you mean 'groupid-clients'?)"),
    ("groupid-grouped-methods = trak", "groupid-grouped-methods: unknown method 'trak'"),
    ("groupid-wrappers = nomethod", "groupid-wrappers: 'nomethod' must look like "
                                    "module.function=method"),
    ("groupid-per-file-ignores = tests/*", "groupid-per-file-ignores: expected "
                                           "`pattern:codes` entries"),
    ("groupid-line-length = wide", "groupid-line-length: expected a positive integer"),
])
def test_ini_errors_name_the_file_and_the_key_in_both_front_ends(
        tmp_path: Path, line: str, message: str) -> None:
    (tmp_path / "tox.ini").write_text(f"[flake8]\n{line}\n", encoding="utf-8")
    (tmp_path / "a.py").write_text(TEST_VIEWS, encoding="utf-8")
    for command in (("lint_groupid", "check", "a.py"), ("flake8", "a.py")):
        result = run(tmp_path, *command)
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1
        assert result.stderr.startswith(f"lint-groupid: {tmp_path / 'tox.ini'}: {message}")


def test_ini_values_in_flake8_style() -> None:
    settings = settings_from_ini({
        "groupid-guards": "is_staff,\nis_internal*",
        "groupid_guarded_methods": "identify",  # flake8 also accepts underscores
        "groupid-per-file-ignores": "tests/*:GID201,GID101 scripts/*.py: GID1\n"
                                    "conftest.py:GID2",
        "groupid-line-length": "88",
        "groupid-src": "src, lib",
        "max-line-length": "100",  # flake8's own
    }, "setup.cfg")
    assert settings.guards == ("is_staff", "is_internal*")
    assert settings.guarded_methods == ("identify",)
    assert settings.per_file_ignores == (("tests/*", ("GID201", "GID101")),
                                         ("scripts/*.py", ("GID1",)), ("conftest.py", ("GID2",)))
    assert (settings.line_length, settings.src) == (88, ("src", "lib"))


def test_toml_types_are_checked(tmp_path: Path) -> None:
    for table, message in [("src = 'src'", "src: expected a list of strings, got a string"),
                           ("line-length = 0", "line-length: expected a positive integer"),
                           ("line-length = true", "line-length: expected a positive integer"),
                           ("group-id-import = 'app'", "group-id-import: 'app' must look like")]:
        (tmp_path / "pyproject.toml").write_text(f"[tool.lint-groupid]\n{table}\n",
                                                 encoding="utf-8")
        with pytest.raises(ConfigError, match=f"^{tmp_path / 'pyproject.toml'}: {message}"):
            load_settings(paths=[str(tmp_path)])


def test_the_command_line_overrides_and_extends(tmp_path: Path) -> None:
    base = Settings(extend_ignore=("GID102",), clients=("a",))
    changed = override(base, {"extend-ignore": "GID104", "select": "GID1,GID2"}, "option --{key}")
    assert changed.extend_ignore == ("GID102", "GID104")
    assert changed.select == ("GID1", "GID2")
    assert changed.clients == ("a",)
    with pytest.raises(ConfigError, match=r"^option --guard: '\(\(' is not a Python expression"):
        override(base, {"guard": "(("}, "option --{key}")


def test_every_setting_is_offered_somewhere_and_documented() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for option in OPTIONS:
        assert f"\n{option.key} = " in readme or f"[tool.lint-groupid.{option.key}]" in readme, \
            f"README's settings example lacks {option.key}"
        if option.flake8:
            assert f"--groupid-{option.key}" in readme
        if option.cli:
            assert f"--{option.key}" in readme


def test_the_plugin_offers_only_what_changes_its_findings(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(TEST_VIEWS, encoding="utf-8")
    help_text = run(tmp_path, "flake8", "--help").stdout
    for option in OPTIONS:
        assert (f"--groupid-{option.key} " in help_text) == option.flake8, option.key
    assert run(tmp_path, "flake8", "--groupid-guard=x", "a.py").returncode != 0


def test_the_options_each_rule_documents_are_settings() -> None:
    from lint_groupid.rules import RULES

    keys = {option.key for option in OPTIONS}
    for rule in RULES.values():
        assert set(rule.options) <= keys, rule.code


def test_a_project_wrapper_is_judged_the_same_wherever_the_run_starts(
        tmp_path: Path) -> None:
    # module names come from the project root, not from the working directory
    project = tmp_path / "project"
    (project / "app").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[tool.lint-groupid]\nwrappers = { "app.tracking.send_event" = "track" }\n',
        encoding="utf-8")
    (project / "app" / "tracking.py").write_text(
        "import analytics\n\n\ndef send_event(user, event, context=None):\n"
        "    if not is_internal_user(user):\n"
        "        analytics.track(user, event, context=context)\n\n\n"
        "def sign_up(user):\n    send_event(user, 'Signed Up')\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    outputs = []
    for cwd, path in ((project, "app"), (project / "app", "."),
                      (elsewhere, str(project / "app"))):
        for command in (("lint_groupid", "check", "-j", "1", path), ("flake8", path)):
            result = run(cwd, *command)
            outputs.append(findings(result.stdout, project / "app", cwd))
    assert outputs[0] == {("tracking.py", 10, "GID101")}
    assert all(output == outputs[0] for output in outputs)
