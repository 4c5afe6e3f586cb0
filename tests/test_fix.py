"""``lint-groupid fix``: input/expected pairs, no-ops, idempotency, safety, parity."""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from libcst.codemod import CodemodContext, TransformSkip, TransformSuccess, transform_module

from lint_groupid.cli import main
from lint_groupid.codemods import AddGroupId, AddInternalUserGuard
from lint_groupid.files import decode
from lint_groupid.fixer.engine import Applied, apply_fixes
from lint_groupid.fixer.layout import project_layout
from lint_groupid.fixer.model import Fix
from lint_groupid.fixer.pipeline import FileFixer
from lint_groupid.fixer.verify import VerificationError, verify
from lint_groupid.runner import FileChecker
from lint_groupid.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
def _parses_here(path: Path) -> bool:
    try:
        compile(path.read_bytes(), path.name, "exec", dont_inherit=True)
    except SyntaxError:
        return False
    return True


# a pair whose code is newer than the running Python (``match`` before 3.10) is
# skipped there, not failed
CASES = [
    case if _parses_here(case) else pytest.param(case, marks=pytest.mark.skip(
        reason=f"{case.name} needs a newer Python than {sys.version.split()[0]}"))
    for case in sorted((ROOT / "fixtures" / "fix").glob("*.py"))]
ARGS = re.compile(rb"# fix: ([^\r\n]*)")


def _stem(case: object) -> str:
    return case.stem if isinstance(case, Path) else str(case)


def case_args(raw: bytes) -> list[str]:
    match = ARGS.search(b"\n".join(raw.splitlines()[:2]))
    return shlex.split(match.group(1).decode()) if match else []


def codemod_options(args: list[str]) -> dict[str, object]:
    parser = argparse.ArgumentParser()
    for option in ("--group-id", "--guard", "--guard-import"):
        parser.add_argument(option)
    parser.add_argument("--ignore", default="")
    parser.add_argument("--unsafe-fixes", action="store_true")
    options = parser.parse_args(args)
    ignored = tuple(c for c in options.ignore.split(",") if c)
    return {"group_id": options.group_id, "guard": options.guard,
            "guard_import": options.guard_import, "unsafe_fixes": options.unsafe_fixes,
            "ignored": [code for code in ("GID101", "GID103", "GID104", "GID201")
                        if code.startswith(ignored)] if ignored else []}


def flake8_errors(path: Path, folder: Path) -> set[tuple[str, str]]:
    """flake8's F821, E302 and E501 (at the project's line length, when it has one) in
    ``path``, as (code, line text)."""
    layout = project_layout(str(folder))
    select = "F821,E302" + (",E501" if layout.line_length else "")
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", select,
         f"--max-line-length={layout.line_length or 1000}", str(path)],
        capture_output=True, text=True, check=False)
    lines = decode(str(path), path.read_bytes()).text.splitlines()
    found = set()
    for row in result.stdout.splitlines():
        _, number, _, rest = row.split(":", 3)
        code = rest.split()[0]
        # an undefined name is the same problem wherever it is used
        found.add((code, rest if code == "F821" else lines[int(number) - 1]))
    return found


def run_fix(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["fix", "-j", "1", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_check_json(*args: str) -> list[dict[str, object]]:
    result = subprocess.run([sys.executable, "-m", "lint_groupid", "check", "-q", "-j", "1",
                             "--format", "json", *args], capture_output=True, text=True,
                            check=False)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def place(case: Path, workdir: Path, data: bytes) -> Path:
    """``case``'s text as ``data`` in ``workdir``, with its project configuration
    (``case.py.toml`` becomes ``pyproject.toml``) when it has one."""
    target = workdir / case.name
    target.write_bytes(data)
    config = case.with_name(case.name + ".toml")
    if config.exists():
        shutil.copy(config, workdir / "pyproject.toml")
    return target


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


class TestPairs:
    @pytest.mark.parametrize("case", CASES, ids=_stem)
    def test_fix_gives_expected(self, case: Path, workdir: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
        raw = case.read_bytes()
        target = place(case, workdir, raw)
        run_fix(capsys, *case_args(raw), case.name)
        expected = case.with_name(case.name + ".expected").read_bytes()
        assert target.read_bytes() == expected

    @pytest.mark.parametrize("case", CASES, ids=_stem)
    def test_fix_is_idempotent_and_leaves_nothing_fixable(
            self, case: Path, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        raw = case.read_bytes()
        args = case_args(raw)
        expected = case.with_name(case.name + ".expected").read_bytes()
        target = place(case, workdir, expected)
        _, out, _ = run_fix(capsys, "--check", *args, case.name)
        assert out == "" and target.read_bytes() == expected
        options = [a for a in args if a != "--unsafe-fixes"]
        findings = run_check_json(*options, case.name)
        fixable = [f for f in findings if f["fix"] is not None and
                   ("--unsafe-fixes" in args or f["fix"]["safety"] == "safe")]  # type: ignore[index]
        assert fixable == []

    @pytest.mark.parametrize("case", CASES, ids=_stem)
    def test_expected_output_parses(self, case: Path) -> None:
        compile(case.with_name(case.name + ".expected").read_bytes(), case.name, "exec")

    @pytest.mark.parametrize("case", CASES, ids=_stem)
    def test_codemods_give_expected(self, case: Path, workdir: Path) -> None:
        """The codemod commands, with the case's options, write what ``fix`` writes."""
        raw = case.read_bytes()
        target = place(case, workdir, raw)
        options = codemod_options(case_args(raw))
        code = decode(str(target), raw).text
        for command in (AddGroupId, AddInternalUserGuard):
            if any(c in options["ignored"] for c in command.CODES):
                continue
            context = CodemodContext(filename=str(target))
            transformer = command(context, group_id=options["group_id"],
                                  guard=options["guard"], guard_import=options["guard_import"],
                                  unsafe_fixes=bool(options["unsafe_fixes"]))
            result = transform_module(transformer, code)
            if isinstance(result, TransformSuccess):
                code = result.code
                assert all(str(target) in w for w in result.warning_messages)
            else:
                assert isinstance(result, TransformSkip), result
        expected = case.with_name(case.name + ".expected")
        assert code == decode(str(expected), expected.read_bytes()).text

    @pytest.mark.slow
    @pytest.mark.parametrize("case", CASES, ids=_stem)
    def test_fixed_code_compiles_and_passes_flake8(
            self, case: Path, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """After ``fix``: it compiles, and flake8 finds no undefined name, missing blank
        line before a ``def`` or line over the project's length that was not there."""
        raw = case.read_bytes()
        target = place(case, workdir, raw)
        before = flake8_errors(target, workdir)
        run_fix(capsys, *case_args(raw), case.name)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(target)], check=True)
        assert flake8_errors(target, workdir) <= before


NOOP = {
    "already-correct": """
        import analytics
        def f(user):
            if internal_user():
                return
            analytics.track(user.id, "e", context={"groupId": user.org_id})
        """,
    "empty-group-id-has-no-fix": """
        import analytics
        analytics.track("u", "e", context={"groupId": None})  # noqa: GID201
        """,
    "noqa-is-not-fixed": """
        import analytics
        analytics.track("u", "e")  # noqa: GID101, GID201
        """,
    "unsafe-without-flag": """
        import analytics
        def f(user, workspace_id):
            if internal_user():
                return
            analytics.track(user.id, "e")
        """,
    "value-is-used": """
        import analytics
        def f(user):
            ok = analytics.identify(user.id)
            return ok
        """,
    "one-line-compound": """
        import analytics
        def f(user):
            if user.active: analytics.identify(user.id)
        """,
    "semicolons": """
        import analytics
        def f(user):
            user.seen = True; analytics.identify(user.id)
        """,
    "context-from-spread": """
        import analytics
        payload = {"context": {"ip": 1}}
        analytics.track("u", "e", **payload)  # noqa: GID201
        """,
    "context-may-be-none": """
        import analytics
        def f(user, flag):
            analytics.track(user.id, "e", context={"a": 1} if flag else None)  # noqa: GID201
        """,
    "misspelled-key-with-noqa": """
        import analytics
        analytics.track("u", "e", context={"group_id": 1})  # noqa: GID103, GID201
        """,
    "group-id-in-properties-evaluated-twice": """
        import analytics
        def f(org):
            analytics.track("u", "e", {"groupId": org.id.hex()})  # noqa: GID201
        """,
    "lookalike": """
        from rich.progress import track
        for x in track(range(3)):
            pass
        """,
}


class TestNoop:
    @pytest.mark.parametrize("source", list(NOOP.values()), ids=list(NOOP))
    def test_nothing_changes(self, source: str, workdir: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
        data = textwrap.dedent(source).encode()
        (workdir / "a.py").write_bytes(data)
        run_fix(capsys, "--guard", "internal_user()", "a.py")
        assert (workdir / "a.py").read_bytes() == data

    def test_unfixable_prints_why(self, workdir: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
        (workdir / "a.py").write_text(textwrap.dedent(NOOP["value-is-used"]), encoding="utf-8")
        code, _, err = run_fix(capsys, "a.py")
        assert code == 1
        assert ("a.py:4:10: GID201 identify() call can run for an internal user: no "
                "internal-user guard before it (not fixed: no guard expression: set `guard` "
                "and `guard-import` (or pass --guard))") in err
        code, _, err = run_fix(capsys, "--guard", "internal_user()", "a.py")
        assert "(not fixed: the call's value is used: only a call statement can be wrapped)" \
            in err


class TestCommand:
    BAD = "import analytics\nfrom app import org\nanalytics.track('u', 'e')  # noqa: GID201\n"

    def test_writes_and_reports(self, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        (workdir / "a.py").write_text(self.BAD, encoding="utf-8")
        code, out, err = run_fix(capsys, "--group-id", "org.id", "a.py")
        assert code == 0
        assert out == "Fixed a.py (1 fix)\n"
        assert err == "Fixed 1 finding in 1 file; 0 remaining.\n"
        assert (workdir / "a.py").read_text(encoding="utf-8") == (
            "import analytics\nfrom app import org\n"
            "analytics.track('u', 'e', context={\"groupId\": org.id})  # noqa: GID201\n")

    def test_diff_writes_nothing(self, workdir: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
        (workdir / "a.py").write_text(self.BAD, encoding="utf-8")
        code, out, err = run_fix(capsys, "--diff", "--group-id", "org.id", "a.py")
        assert code == 1
        assert out.startswith("--- a/a.py\n+++ b/a.py\n")
        assert "+analytics.track('u', 'e', context={\"groupId\": org.id})" in out
        assert (workdir / "a.py").read_text(encoding="utf-8") == self.BAD
        assert err.startswith("Would fix 1 finding in 1 file")

    def test_check_mode(self, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        (workdir / "a.py").write_text(self.BAD, encoding="utf-8")
        code, out, _ = run_fix(capsys, "--check", "--group-id", "org.id", "a.py")
        assert (code, out) == (1, "Would fix a.py (1 fix)\n")
        assert (workdir / "a.py").read_text(encoding="utf-8") == self.BAD
        run_fix(capsys, "--group-id", "org.id", "a.py")
        assert run_fix(capsys, "--check", "--group-id", "org.id", "a.py")[0] == 0

    def test_exit_non_zero_on_fix(self, workdir: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
        (workdir / "a.py").write_text(self.BAD, encoding="utf-8")
        assert run_fix(capsys, "--exit-non-zero-on-fix", "--group-id", "org.id", "a.py")[0] == 1

    def test_unsafe_fixes_flag(self, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        (workdir / "a.py").write_text(textwrap.dedent(NOOP["unsafe-without-flag"]),
                                      encoding="utf-8")
        code, _, err = run_fix(capsys, "a.py")
        # a finding is left: exit 1, as `ruff check --fix` does
        assert code == 1 and "1 more fixable with --unsafe-fixes." in err
        code, out, _ = run_fix(capsys, "--unsafe-fixes", "a.py")
        assert out == "Fixed a.py (1 fix)\n"
        assert 'context={"groupId": workspace_id}' in (workdir / "a.py").read_text("utf-8")

    def test_select_limits_what_is_fixed(self, workdir: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
        (workdir / "a.py").write_text("import analytics\nanalytics.track('u', 'e')\n",
                                      encoding="utf-8")
        run_fix(capsys, "--select", "GID201", "--group-id", "g", "--guard", "internal_user()",
                "--guard-import", "app.auth:internal_user", "a.py")
        text = (workdir / "a.py").read_text("utf-8")
        assert "if not internal_user():" in text and "groupId" not in text

    def test_stdin_prints_fixed_source(self, workdir: Path) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "lint_groupid", "fix", "--group-id", "org.id", "-"],
            input=self.BAD, capture_output=True, text=True, check=False)
        assert result.stdout == (
            "import analytics\nfrom app import org\n"
            "analytics.track('u', 'e', context={\"groupId\": org.id})  # noqa: GID201\n")

    def test_bad_expression_option(self, workdir: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run_fix(capsys, "--group-id", "org.(", "a.py")
        assert code == 2
        assert err == "lint-groupid: option --group-id: 'org.(' is not a Python expression\n"
        code, _, err = run_fix(capsys, "--guard-import", "nope", "a.py")
        assert code == 2
        assert "must look like \"package.module:name\"" in err

    def test_parallel_jobs(self, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        for number in range(30):
            (workdir / f"m{number:02}.py").write_text(self.BAD, encoding="utf-8")
        code = main(["fix", "-j", "2", "--group-id", "org.id", "."])
        assert code == 0
        assert all('"groupId": org.id' in p.read_text("utf-8") for p in workdir.glob("*.py"))


class TestSafety:
    SOURCE = "import analytics\ndef f(user):\n    analytics.track(user.id, 'e')  # noqa: GID201\n"

    def _fixer(self) -> FileFixer:
        return FileFixer(FileChecker(Settings(group_id="user.org_id")))

    def test_verification_failure_leaves_file_untouched(
            self, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        (workdir / "a.py").write_text(self.SOURCE, encoding="utf-8")

        def sabotage(text: str, fixes: list[Fix], tree: object = None,
                     layout: object = None) -> Applied:
            applied = apply_fixes(text, fixes)
            return Applied(applied.text + "print('extra')\n", applied.applied, [])

        monkeypatch.setattr("lint_groupid.fixer.engine.apply_fixes", sabotage)
        outcome = self._fixer().process("a.py")
        assert outcome.error.startswith("not fixed: the fixed code differs from the original")
        assert (workdir / "a.py").read_text("utf-8") == self.SOURCE
        assert [f.code for f in outcome.remaining] == ["GID101"]

    def test_changed_on_disk_is_not_overwritten(
            self, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        path = workdir / "a.py"
        path.write_text(self.SOURCE, encoding="utf-8")
        edited = self.SOURCE + "# edited by someone else meanwhile\n"

        def concurrent_edit(text: str, fixes: list[Fix], tree: object = None,
                            layout: object = None) -> Applied:
            path.write_text(edited, encoding="utf-8")
            return apply_fixes(text, fixes)

        monkeypatch.setattr("lint_groupid.fixer.engine.apply_fixes", concurrent_edit)
        outcome = self._fixer().process("a.py")
        assert outcome.error == "not fixed: changed on disk while it was being fixed"
        assert path.read_text("utf-8") == edited

    def test_read_only_file(self, workdir: Path) -> None:
        if os.geteuid() == 0:
            pytest.skip("root can write read-only files; the folder is made read-only instead")
        path = workdir / "a.py"
        path.write_text(self.SOURCE, encoding="utf-8")
        path.chmod(0o444)
        outcome = self._fixer().process("a.py")
        assert outcome.error.startswith("not fixed: cannot write")

    def test_unwritable_folder_simulated(self, workdir: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
        # root ignores permissions, so CI simulates what a read-only folder does
        path = workdir / "a.py"
        path.write_text(self.SOURCE, encoding="utf-8")

        def refuse(*args: object, **kwargs: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr("tempfile.mkstemp", refuse)
        outcome = self._fixer().process("a.py")
        assert outcome.error == "not fixed: cannot write: Permission denied"
        assert path.read_text("utf-8") == self.SOURCE

    def test_read_only_folder(self, workdir: Path) -> None:
        folder = workdir / "ro"
        folder.mkdir()
        path = folder / "a.py"
        path.write_text(self.SOURCE, encoding="utf-8")
        folder.chmod(0o555)
        try:
            if os.access(folder, os.W_OK) and os.geteuid() == 0:
                pytest.skip("root ignores folder permissions")
            outcome = self._fixer().process(str(path))
            assert outcome.error.startswith("not fixed: cannot write")
            assert path.read_text("utf-8") == self.SOURCE
        finally:
            folder.chmod(0o755)

    def test_mode_and_symlink_kept(self, workdir: Path) -> None:
        real = workdir / "real.py"
        real.write_text(self.SOURCE, encoding="utf-8")
        real.chmod(0o640)
        link = workdir / "link.py"
        link.symlink_to(real)
        outcome = self._fixer().process("link.py")
        assert outcome.written
        assert link.is_symlink()
        assert oct(real.stat().st_mode & 0o777) == "0o640"
        assert "groupId" in real.read_text("utf-8")
        assert [p.name for p in workdir.iterdir() if p.name.startswith(".lint-groupid")] == []

    def test_verify_rejects_other_changes(self) -> None:
        original = self.SOURCE
        checker = FileChecker(Settings(group_id="g"))
        result = checker.analyse_tree("a.py", original, original.splitlines(True))[0]
        fixes = [f.fix for f in result.findings if f.fix]
        good = apply_fixes(original, fixes).text
        verify(original, good, fixes)
        for bad in (good.replace("'e'", "'E'"), good.replace('"groupId": g', '"groupId": h'),
                    good.replace("user.id", "user.pk"), good + "x = 1\n", "pass\n"):
            with pytest.raises(VerificationError):
                verify(original, bad, fixes)


def test_untouched_files_are_byte_identical_and_fix_matches_check(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(ROOT / "fixtures" / "app", workdir / "app")
    shutil.copy(ROOT / "pyproject.toml", workdir / "pyproject.toml")
    options = ["--group-id", "workspace.id", "--guard", "internal_user()",
               "--guard-import", "app.auth:internal_user"]
    before = {p: p.read_bytes() for p in workdir.rglob("*.py")}
    findings = run_check_json(*options, "app")
    fixable = [f for f in findings if f["fix"] is not None and
               f["fix"]["safety"] == "safe"]  # type: ignore[index]
    touched = {str(workdir / str(f["path"])) for f in fixable}
    run_fix(capsys, *options, "app")
    for path, data in before.items():
        if str(path) not in touched:
            assert path.read_bytes() == data, f"{path} changed without a fixable finding"
        else:
            assert path.read_bytes() != data
    after = run_check_json(*options, "app")
    key = lambda f: (f["path"], f["code"], f["message"])  # noqa: E731
    remaining = sorted(map(key, after))
    expected = sorted(map(key, [f for f in findings if f not in fixable]))
    assert remaining == expected
    # and a second run changes nothing
    snapshot = {p: p.read_bytes() for p in workdir.rglob("*.py")}
    run_fix(capsys, *options, "app")
    assert snapshot == {p: p.read_bytes() for p in workdir.rglob("*.py")}


def test_libcst_codemod_commands(workdir: Path) -> None:
    source = ("import analytics\n\n\ndef f(user):\n"
              "    analytics.track(user.id, 'e', context={'group_id': 1})\n"
              "    analytics.identify(user.id)\n")
    (workdir / "a.py").write_text(source, encoding="utf-8")
    (workdir / ".libcst.codemod.yaml").write_text(
        "generated_code_marker: '@generated'\nformatter: []\nblacklist_patterns: []\n"
        "modules:\n  - lint_groupid.codemods\nrepo_root: .\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for command, args in (("group_id.AddGroupId", []),
                          ("guard.AddInternalUserGuard",
                           ["--guard", "internal_user()", "--guard-import",
                            "app.auth:internal_user"])):
        result = subprocess.run(
            [sys.executable, "-m", "libcst.tool", "codemod", "--no-format", "--hide-progress",
             command, *args, "a.py"], capture_output=True, text=True, cwd=workdir, env=env,
            check=False)
        assert result.returncode == 0, result.stderr
    assert (workdir / "a.py").read_text("utf-8") == (
        "import analytics\nfrom app.auth import internal_user\n\n\ndef f(user):\n"
        "    if not internal_user():\n"
        "        analytics.track(user.id, 'e', context={'groupId': 1})\n"
        "        analytics.identify(user.id)\n")


def test_codemods_importable_from_package() -> None:
    from libcst.codemod import VisitorBasedCodemodCommand

    from lint_groupid.codemods import AddGroupId, AddInternalUserGuard

    assert issubclass(AddGroupId, VisitorBasedCodemodCommand)
    assert issubclass(AddInternalUserGuard, VisitorBasedCodemodCommand)
    assert AddGroupId.DESCRIPTION and AddInternalUserGuard.DESCRIPTION


def test_misspelled_key_in_both_branches_is_renamed_in_both(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # found by the fuzz test: renaming one branch only did not converge
    source = ("import analytics\n"
              "analytics.track('u', 'e', context={'group_id': 1, 'GroupID': 1} if flag "
              "else {'group_id': 2, 'GroupID': 2})  # noqa: GID201\n")
    (workdir / "a.py").write_text(source, encoding="utf-8")
    run_fix(capsys, "a.py")
    assert (workdir / "a.py").read_text("utf-8") == source.replace("'group_id'", "'groupId'")
    assert run_check_json("a.py") == []


class TestExitAndLines:
    """``fix`` exits 1 while a finding remains, and every line it prints is a line of
    the file as it is on disk when it prints."""

    SOURCE = ("import analytics\nfrom app import org\n\n\ndef f(user):\n"
              "    analytics.identify(user.id)\n"
              "    analytics.track(user.id, 'e')\n"
              "    ok = analytics.identify(user.id)\n")
    OPTIONS = ("--group-id", "org.id", "--guard", "internal_user()", "--guard-import",
               "app.auth:internal_user")

    def test_diff_and_check_print_the_original_lines(
            self, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        (workdir / "a.py").write_text(self.SOURCE, encoding="utf-8")
        for mode in ("--diff", "--check"):
            code, _, err = run_fix(capsys, mode, *self.OPTIONS, "a.py")
            assert code == 1
            assert "a.py:8:10: GID201 identify() call" in err
        assert (workdir / "a.py").read_text("utf-8") == self.SOURCE

    def test_after_writing_the_new_lines(self, workdir: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
        (workdir / "a.py").write_text(self.SOURCE, encoding="utf-8")
        code, _, err = run_fix(capsys, *self.OPTIONS, "a.py")
        assert code == 1  # the identify() whose value is used has no fix
        lines = (workdir / "a.py").read_text("utf-8").splitlines()
        assert "a.py:10:10: GID201 identify() call" in err
        assert lines[9] == "    ok = analytics.identify(user.id)"

    def test_exit_zero_only_when_nothing_remains(
            self, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        (workdir / "a.py").write_text(self.SOURCE.replace("    ok = ", "    "), "utf-8")
        assert run_fix(capsys, *self.OPTIONS, "a.py")[0] == 0
        assert run_fix(capsys, *self.OPTIONS, "a.py") == (0, "", "Fixed 0 findings in 0 "
                                                              "files; 0 remaining.\n")


class TestCodemodCommands:
    SOURCE = ("import analytics\n\n\ndef f(user, org):\n"
              "    analytics.track(user.id, 'e')\n"
              "    ok = analytics.identify(user.id)\n")

    def run_tool(self, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "libcst.tool", "codemod", "--no-format", "-x", *args],
            capture_output=True, text=True, cwd=folder, check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT)})

    def test_readme_commands_work_on_a_fresh_install(self, workdir: Path) -> None:
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        shown = [line for line in readme.splitlines()
                 if line.startswith("python -m libcst.tool codemod")]
        assert shown and all("--no-format" in line for line in shown)
        (workdir / "src").mkdir()
        (workdir / "src" / "a.py").write_text(self.SOURCE, encoding="utf-8")
        result = self.run_tool(workdir, "lint_groupid.codemods.AddGroupId",
                               "--group-id", "org.id", "src/")
        assert result.returncode == 0, result.stderr
        assert 'context={"groupId": org.id}' in (workdir / "src" / "a.py").read_text("utf-8")

    def test_exclude_is_honoured(self, workdir: Path) -> None:
        (workdir / "pyproject.toml").write_text(
            '[tool.lint-groupid]\nexclude = ["migrations/"]\ngroup-id = "org.id"\n', "utf-8")
        for folder in ("app", "migrations"):
            (workdir / folder).mkdir()
            (workdir / folder / "m.py").write_text(self.SOURCE, encoding="utf-8")
        result = self.run_tool(workdir, "lint_groupid.codemods.AddGroupId", ".")
        assert result.returncode == 0, result.stderr
        assert "groupId" in (workdir / "app" / "m.py").read_text("utf-8")
        assert (workdir / "migrations" / "m.py").read_text("utf-8") == self.SOURCE

    def test_warnings_name_the_file_and_are_not_contradicted(self, workdir: Path) -> None:
        (workdir / "a.py").write_text(self.SOURCE, encoding="utf-8")
        result = self.run_tool(workdir, "lint_groupid.codemods.AddInternalUserGuard",
                               "--guard", "internal_user()", "--guard-import",
                               "app.auth:internal_user", "a.py")
        assert result.returncode == 0, result.stderr
        warnings = [line for line in result.stderr.splitlines() if "not fixed" in line]
        assert warnings and all("a.py:6: GID201" in line for line in warnings)
        assert "Skipped codemodding" not in result.stderr
        assert "if not internal_user():" in (workdir / "a.py").read_text("utf-8")


def test_sarif_fix_lines_on_an_old_mac_file(workdir: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """The worker computes the replacement; lines count as Python counts them."""
    source = "import analytics\rfrom app import org\r\r\ranalytics.track('u', 'e')\r"
    (workdir / "a.py").write_bytes(source.encode())
    main(["check", "-j", "1", "--format", "sarif", "--group-id", "org.id", "--ignore", "GID2",
          "a.py"])
    document = json.loads(capsys.readouterr().out)
    (result,) = document["runs"][0]["results"]
    (replacement,) = result["fixes"][0]["artifactChanges"][0]["replacements"]
    assert replacement["deletedRegion"]["startLine"] == 5
    assert replacement["insertedContent"]["text"] == ', context={"groupId": org.id}'


class TestFixesThatWouldNotRun:
    """Found by an adversarial round: rewrites that would not run (or run twice what
    ran once) are not safe fixes."""

    def test_an_imported_group_id_name_hidden_by_a_local_is_not_used(
            self, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        source = textwrap.dedent("""\
            import analytics


            def export(user):
                analytics.track(user.id, "Exported")  # noqa: GID201
                for g in user.groups:
                    print(g)


            def export2(user, g):
                analytics.track(user.id, "Exported")  # noqa: GID201


            def export3(user):
                analytics.track(user.id, "Exported")  # noqa: GID201
            """)
        (workdir / "a.py").write_text(source, encoding="utf-8")
        code, _, err = run_fix(capsys, "--group-id", "g.org.id", "--group-id-import", "flask:g",
                               "a.py")
        fixed = (workdir / "a.py").read_text(encoding="utf-8")
        assert fixed.count('context={"groupId": g.org.id}') == 1  # export3's only
        assert fixed.splitlines()[:2] == ["import analytics", "from flask import g"]
        assert err.count("(not fixed: `g` is shadowed by a local name here)") == 2
        assert code == 1

    def test_a_group_id_that_would_run_twice_is_unsafe(
            self, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        source = textwrap.dedent("""\
            import analytics


            def accept_invite(request):
                analytics.group(request.user.id, request.session.pop("org"))  # noqa: GID201
                analytics.track(request.user.id, "Invite Accepted")  # noqa: GID201


            def joined(user, workspace):
                analytics.group(user.id, str(workspace.id))  # noqa: GID201
                analytics.track(user.id, "Joined")  # noqa: GID201
            """)
        (workdir / "a.py").write_text(source, encoding="utf-8")
        run_fix(capsys, "a.py")
        fixed = (workdir / "a.py").read_text(encoding="utf-8")
        assert 'analytics.track(request.user.id, "Invite Accepted")  #' in fixed
        assert 'analytics.track(user.id, "Joined", context={"groupId": str(workspace.id)})' \
            in fixed
        _, _, err = run_fix(capsys, "a.py")
        assert "(not fixed: an unsafe fix: pass --unsafe-fixes (the group id would be " \
               "evaluated twice))" in err

    def test_a_guard_whose_name_is_not_defined_is_no_fix(
            self, workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
        source = textwrap.dedent("""\
            import analytics


            def task(user_id):
                analytics.identify(user_id, {"x": 1})
            """)
        (workdir / "a.py").write_text(source, encoding="utf-8")
        code, _, err = run_fix(capsys, "--unsafe-fixes", "--guard", "is_internal(request.user)",
                               "--guard-import", "app.auth:is_internal", "a.py")
        assert (workdir / "a.py").read_text(encoding="utf-8") == source
        assert "(not fixed: `request` is not defined where the call runs)" in err
        assert code == 1
