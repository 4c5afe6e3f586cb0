"""``lint-groupid``: the command line front end (a thin adapter over the checker).

Only what a clean ``check`` needs is imported at start-up: output formats,
baselines, ``--add-noqa`` and the fixer are imported when they are used.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from .runner import FileChecker, FileResult, Task, resolve_jobs, run_paths
from .settings import OPTIONS, ConfigError, Settings, load_settings, override

if TYPE_CHECKING:
    from .project.index import ProjectIndex

if TYPE_CHECKING:
    from .report import Reported

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMAT_NAMES = ("github", "gitlab", "json", "sarif", "text")


class UsageError(Exception):
    """A command line that cannot run: one line."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"lint-groupid: error: {message}\n")


class _Formatter(argparse.HelpFormatter):
    """argparse's, without importing shutil (start-up) for the terminal's width."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         width if width is not None else _columns() - 2)


def _columns() -> int:
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    stream = sys.__stdout__
    try:
        return os.get_terminal_size(stream.fileno()).columns if stream is not None else 80
    except (AttributeError, ValueError, OSError):
        return 80


class _Version(argparse.Action):
    """``--version``, without reading the package metadata unless it is asked for."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from . import __version__

        parser.exit(message=f"lint-groupid {__version__}\n")


def _jobs(value: str) -> str:
    if value != "auto" and not (value.isdigit() and int(value) > 0):
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive number or 'auto'")
    return value


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument("paths", nargs="*", default=["."], metavar="PATH",
                         help="files or directories ('-' reads standard input)")
    # the settings the command line offers, from the settings schema
    for option in OPTIONS:
        if option.cli:
            command.add_argument(f"--{option.key}", dest=option.field, metavar=option.metavar,
                                 help=option.help)
    command.add_argument("--config", metavar="FILE",
                         help="the file to read settings from (a pyproject.toml, another "
                              "TOML file, or a .flake8/setup.cfg/tox.ini); default: the "
                              "nearest one above the paths")
    command.add_argument("-q", "--quiet", action="store_true", help="print less")
    command.add_argument("-j", "--jobs", type=_jobs, default="auto",
                         help="worker processes (default: auto)")
    command.add_argument("--stdin-filename", metavar="PATH",
                         help="the path to show (and match settings against) for '-'")
    command.add_argument("--no-cache", action="store_true",
                         help="do not read or write the caches "
                              "(.lint-groupid-cache/; also LINT_GROUPID_NO_CACHE=1)")
    command.add_argument("-v", "--verbose", action="store_true",
                         help="say which files were skipped, and why")
    command.add_argument("--allow-outside-root", action="store_true",
                         help="write files whose real path is outside the project root "
                              "(named explicitly, or through a symbolic link)")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser. Given the ``command`` that will run (the command line's
    first word: nothing before it can list the commands), only that command's parser is
    built: building the others costs more than the parse."""
    parser = _Parser(
        prog="lint-groupid",
        description="Find analytics calls that inflate B2B active-company numbers.",
    )
    parser.add_argument("--version", action=_Version, nargs=0,
                        help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for name, (summary, add_arguments) in COMMANDS.items():
        if command is None or command == name:
            add_arguments(commands.add_parser(name, help=summary))
    return parser


def _check_arguments(check: argparse.ArgumentParser) -> None:
    _common(check)
    check.add_argument("--format", choices=FORMAT_NAMES, default="text",
                       help="output format (default: text)")
    check.add_argument("--exit-zero", action="store_true",
                       help="exit 0 even when there are findings")
    check.add_argument("--statistics", action="store_true",
                       help="after the findings, print how many there are of each code")
    check.add_argument("--baseline", metavar="FILE",
                       help="report only findings that are not in this baseline")
    check.add_argument("--write-baseline", metavar="FILE",
                       help="record the findings of the paths checked in this baseline "
                            "(other files' entries are kept), and exit 0")
    check.add_argument("--add-noqa", action="store_true",
                       help="append `# noqa: CODE` to every reported line")


def _fix_arguments(fix: argparse.ArgumentParser) -> None:
    _common(fix)
    fix.add_argument("--diff", action="store_true",
                     help="print a unified diff of the fixes; write nothing")
    fix.add_argument("--check", action="store_true",
                     help="write nothing; exit 1 if anything would change")
    fix.add_argument("--unsafe-fixes", action="store_true",
                     help="also apply fixes that may change behaviour")
    fix.add_argument("--exit-non-zero-on-fix", action="store_true",
                     help="exit 1 when a file was fixed, even if nothing remains")


def _explain_arguments(explain: argparse.ArgumentParser) -> None:
    explain.add_argument("location", metavar="PATH:LINE", help="e.g. app/views.py:21")
    explain.add_argument("--config", metavar="FILE",
                         help="the file to read settings from (default: the nearest one "
                              "above the path)")
    explain.add_argument("--no-cache", action="store_true",
                         help="do not read or write the project index cache")


def _rule_arguments(rule: argparse.ArgumentParser) -> None:
    rule.add_argument("code", nargs="?", help="e.g. GID101 (all rules when omitted)")


# each command: its summary in the help, and what adds its arguments
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "check": ("report findings; exit 1 when there are any", _check_arguments),
    "fix": ("rewrite the code to fix what check reports", _fix_arguments),
    "explain": ("how each analytics call on a line was resolved and judged",
                _explain_arguments),
    "rule": ("print a rule's documentation", _rule_arguments),
}


def _command_in(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs when it is the first word (after an option such as
    ``-h``, every command must be known: ``None``)."""
    return argv[0] if argv and argv[0] in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    args = build_parser(_command_in(argv)).parse_args(argv)
    try:
        if args.command == "rule":
            return _rule(args.code)
        if args.command == "explain":
            return _explain(args)
        if args.command == "fix":
            return _fix(args)
        return _check(args)
    except UsageError as error:
        print(f"lint-groupid: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except ConfigError as error:
        print(f"lint-groupid: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:  # pragma: no cover - interactive
        return 130
    except BrokenPipeError:
        # the reader went away (``| head``): no traceback, and none when Python
        # flushes standard output at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR


def _settings(args: argparse.Namespace) -> Settings:
    """The settings for the paths (found from them), with the command line's on top."""
    settings = load_settings(args.config, args.paths, args.stdin_filename,
                             use_cache=not args.no_cache)
    given = {option.key: getattr(args, option.field) for option in OPTIONS
             if option.cli and getattr(args, option.field) is not None}
    settings = override(settings, given, "option --{key}")
    for path in args.paths:
        if path != "-" and not os.path.lexists(path):
            raise UsageError(f"{path}: no such file or directory")
    return settings


def _project(settings: Settings, args: argparse.Namespace) -> ProjectIndex:
    """The index of the project the settings belong to (project-wide resolution)."""
    from .project.index import ProjectIndex

    return ProjectIndex.for_settings(settings, use_cache=not args.no_cache)


def _check(args: argparse.Namespace) -> int:
    settings = _settings(args)
    fingerprints = args.format in ("json", "gitlab", "sarif") or bool(
        args.baseline or args.write_baseline)
    # only these outputs show the findings' fixes (text shows none: no planning)
    fixes = args.format in ("json", "sarif")
    # findings are kept between runs, as ruff does (not for SARIF: fixes are previewed)
    checker = FileChecker(settings, args.stdin_filename, fingerprints, _project(settings, args),
                          fixes, cache_results=args.format != "sarif")
    task: Task[FileResult] = checker
    if args.format == "sarif":  # the fixes' replacements are computed by the workers
        from .fixer.pipeline import FixPreview

        task = FixPreview(checker)
    reported: list[Reported] = []
    checked: list[str] = []
    for result in run_paths(args.paths, task, settings, resolve_jobs(args.jobs),
                            _note if args.verbose else None):
        checker.keep(result)
        checked.append(result.path)
        reported.extend((result.path, finding) for finding in result.findings)
    checker.save()
    if args.baseline or args.write_baseline:
        reported, status = _baseline(args, settings, reported, checked)
        if status is not None:
            return status
    if args.add_noqa:
        return _add_noqa(reported, args.quiet, None if args.allow_outside_root
                         else settings.root)
    if reported or args.format != "text":
        from .report import FORMATS

        FORMATS[args.format](reported, sys.stdout)
    if args.statistics:
        # after text findings, as flake8 does; never inside a JSON or SARIF document
        _statistics(reported, sys.stdout if args.format == "text" else sys.stderr)
    sys.stdout.flush()
    if not args.quiet:
        files = len({path for path, _ in reported})
        print(_summary(len(reported), files, len(checked)), file=sys.stderr)
    if reported and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _baseline(args: argparse.Namespace, settings: Settings, reported: list[Reported],
              checked: list[str]) -> tuple[list[Reported], int | None]:
    """``--write-baseline`` (then the exit status) or ``--baseline`` (then the findings
    it does not hold), for the files checked only."""
    from .baseline import Scope, apply_baseline, entries_of, read_baseline, write_baseline
    from .fingerprints import path_key

    root = settings.root
    keys = {path: path_key(path, root) for path in checked}
    folders = tuple(path_key(path, root) for path in args.paths
                    if path != "-" and os.path.isdir(path))
    scope = Scope(root, frozenset(keys.values()), folders)
    if args.write_baseline:
        count = write_baseline(args.write_baseline, entries_of(reported, keys), scope)
        if not args.quiet:
            print(f"Wrote {count} finding{'s' if count != 1 else ''} to {args.write_baseline}.",
                  file=sys.stderr)
        return reported, EXIT_CLEAN
    new, gone = apply_baseline(reported, read_baseline(args.baseline), scope)
    if gone and not args.quiet:
        paths = "" if list(args.paths) == ["."] else " " + " ".join(args.paths)
        print(f"{gone} baselined finding{'s are' if gone != 1 else ' is'} gone: run "
              f"`lint-groupid check --write-baseline {args.baseline}{paths}` to shrink the "
              "baseline.", file=sys.stderr)
    return new, None


def _statistics(reported: list[Reported], out: TextIO) -> None:
    """flake8's ``--statistics``: each code's count and its first message."""
    counts: dict[str, tuple[int, str]] = {}
    for _path, finding in reported:
        count, message = counts.get(finding.code, (0, finding.message))
        counts[finding.code] = (count + 1, message)
    for code in sorted(counts):
        count, message = counts[code]
        print(f"{count:<5} {code} {message}", file=out)


def _summary(findings: int, files_with_findings: int, files_checked: int) -> str:
    if not findings:
        return f"No findings in {_plural(files_checked, 'file')}."
    return (f"Found {_plural(findings, 'finding')} in {_plural(files_with_findings, 'file')} "
            f"({files_checked} checked).")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _add_noqa(reported: list[Reported], quiet: bool, inside: str | None) -> int:
    """``--add-noqa``: writes only files whose real path is ``inside`` the project root
    (``None``: anywhere, with ``--allow-outside-root``)."""
    from .add_noqa import add_noqa, files_to_edit
    from .files import ChangedOnDisk, InputError, decode, encode, read_bytes, write_atomically

    added = 0
    status = EXIT_CLEAN
    for path, findings in files_to_edit(reported).items():
        try:
            raw = read_bytes(path)
            source = decode(path, raw)
            text, refused = add_noqa(source.text, findings)
            data = encode(text, source)
            if data != raw:
                write_atomically(path, data, raw, inside=inside)
            added += len(findings)
            for line in refused:
                added -= sum(1 for f in findings if f.line == line)
                print(f"lint-groupid: {path}:{line}: noqa not added: a string on the line "
                      "looks like a noqa comment, which flake8 would read first",
                      file=sys.stderr)
                status = EXIT_FINDINGS
        except (InputError, ChangedOnDisk, OSError, UnicodeEncodeError) as error:
            print(f"lint-groupid: {path}: noqa not added: {error}", file=sys.stderr)
            status = EXIT_FINDINGS
    if not quiet:
        print(f"Added noqa directives for {added} finding{'s' if added != 1 else ''}.",
              file=sys.stderr)
    return status


def _fix(args: argparse.Namespace) -> int:
    from .fixer.pipeline import FileFixer

    settings = _settings(args)
    write = not (args.diff or args.check)
    fixer = FileFixer(FileChecker(settings, args.stdin_filename, fingerprints=False,
                                  project=_project(settings, args)),
                      args.unsafe_fixes, write, args.allow_outside_root)
    fixed = changed = remaining = unsafe_left = 0
    for outcome in run_paths(args.paths, fixer, settings, resolve_jobs(args.jobs),
                             _note if args.verbose else None):
        if outcome.new_source is not None:
            sys.stdout.buffer.write(outcome.new_source)
        if outcome.changed:
            changed += 1
            fixed += len(outcome.fixed)
            if args.diff:
                sys.stdout.write(outcome.diff)
            elif outcome.new_source is None and not args.quiet:
                verb = "Fixed" if outcome.written else "Would fix"
                count = len(outcome.fixed)
                print(f"{verb} {outcome.path} ({count} fix{'es' if count != 1 else ''})")
        if outcome.error:
            print(f"{outcome.path}: {outcome.error}", file=sys.stderr)
        remaining += len(outcome.remaining)
        # line numbers of the file on disk now: the new one if written, else the original
        for index, finding in enumerate(outcome.remaining):
            unsafe = finding.fix is not None and index not in outcome.reasons and \
                not outcome.error
            unsafe_left += unsafe
            if not args.quiet:
                print(f"{outcome.path}:{finding.line}:{finding.column}: {finding.code} "
                      f"{finding.message} (not fixed: {outcome.reason(index)})",
                      file=sys.stderr)
    sys.stdout.flush()
    if not args.quiet:
        verb = "Fixed" if write else "Would fix"
        summary_line = f"{verb} {fixed} finding{'s' if fixed != 1 else ''} " \
                       f"in {changed} file{'s' if changed != 1 else ''}; " \
                       f"{remaining} remaining."
        if unsafe_left:
            summary_line += f" {unsafe_left} more fixable with --unsafe-fixes."
        print(summary_line, file=sys.stderr)
    if (args.diff or args.check) and changed:
        return EXIT_FINDINGS
    if remaining or (args.exit_non_zero_on_fix and changed):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _explain(args: argparse.Namespace) -> int:
    from .explain import explain
    from .files import InputError

    path, _, line = args.location.rpartition(":")
    if not path or not line.isdigit() or int(line) < 1:
        print(f"lint-groupid: {args.location!r} is not PATH:LINE (e.g. app/views.py:21)",
              file=sys.stderr)
        return EXIT_ERROR
    settings = load_settings(args.config, [path], use_cache=not args.no_cache)
    try:
        lines = explain(path, int(line), settings, _project(settings, args))
    except InputError as error:
        print(f"lint-groupid: {error}", file=sys.stderr)
        return EXIT_ERROR
    print("\n".join(lines))
    return EXIT_CLEAN


def _note(message: str) -> None:
    print(f"lint-groupid: {message}", file=sys.stderr)


def _rule(code: str | None) -> int:
    from .rules import RULES, rule_doc

    if code is None:
        print("\n".join(rule_doc(rule) for rule in RULES.values()), end="")
        return EXIT_CLEAN
    rule = RULES.get(code.upper())
    if rule is None:
        known = ", ".join(RULES)
        print(f"lint-groupid: unknown rule {code!r} (known: {known})", file=sys.stderr)
        return EXIT_ERROR
    print(rule_doc(rule), end="")
    return EXIT_CLEAN


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
