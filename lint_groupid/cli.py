"""``lint-groupid``: the command line front end (a thin adapter over the checker)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from . import __version__
from .baseline import apply_baseline, read_baseline, write_baseline
from .report import FORMATS, Reported, summary
from .rules import RULES, rule_doc
from .runner import FileChecker, FileResult, Task, check_paths, resolve_jobs
from .settings import (
    ConfigError,
    Settings,
    check_codes,
    check_expression,
    check_guard_import,
    load_settings,
)

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"lint-groupid: error: {message}\n")


def _codes(value: str) -> list[str]:
    codes = [part.strip() for part in value.split(",") if part.strip()]
    try:
        check_codes(codes, "option")
    except ConfigError as error:
        raise argparse.ArgumentTypeError(str(error).split(": ", 1)[1]) from None
    return codes


def _jobs(value: str) -> str:
    if value != "auto" and not (value.isdigit() and int(value) > 0):
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive number or 'auto'")
    return value


def _common(command: argparse.ArgumentParser) -> None:
    command.add_argument("paths", nargs="*", default=["."], metavar="PATH",
                         help="files or directories ('-' reads standard input)")
    command.add_argument("--select", type=_codes, help="codes or prefixes to report (replaces)")
    command.add_argument("--extend-select", type=_codes, default=[],
                         help="codes or prefixes to report in addition, e.g. GID105")
    command.add_argument("--ignore", type=_codes,
                         help="codes or prefixes not to report (replaces)")
    command.add_argument("--extend-ignore", type=_codes, default=[],
                         help="codes or prefixes not to report, in addition")
    command.add_argument("--config", metavar="FILE",
                         help="a pyproject.toml (or TOML file) to read settings from")
    command.add_argument("-q", "--quiet", action="store_true", help="print less")
    command.add_argument("-j", "--jobs", type=_jobs, default="auto",
                         help="worker processes (default: auto)")
    command.add_argument("--stdin-filename", metavar="PATH",
                         help="the path to show (and match settings against) for '-'")
    command.add_argument("--group-id", metavar="EXPR",
                         help="expression for a missing groupId (GID101 fix)")
    command.add_argument("--guard", metavar="EXPR",
                         help="internal-user guard expression (GID201 fix)")
    command.add_argument("--guard-import", metavar="MODULE:NAME",
                         help="where the guard comes from, e.g. app.auth:internal_user")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="lint-groupid",
        description="Find analytics calls that inflate B2B active-company numbers.",
    )
    parser.add_argument("--version", action="version", version=f"lint-groupid {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    check = commands.add_parser("check", help="report findings; exit 1 when there are any")
    _common(check)
    check.add_argument("--format", choices=sorted(FORMATS), default="text",
                       help="output format (default: text)")
    check.add_argument("--exit-zero", action="store_true",
                       help="exit 0 even when there are findings")
    check.add_argument("--baseline", metavar="FILE",
                       help="report only findings that are not in this baseline")
    check.add_argument("--write-baseline", metavar="FILE",
                       help="record the current findings as the baseline, and exit 0")
    check.add_argument("--add-noqa", action="store_true",
                       help="append `# noqa: CODE` to every reported line")

    fix = commands.add_parser("fix", help="rewrite the code to fix what check reports")
    _common(fix)
    fix.add_argument("--diff", action="store_true",
                     help="print a unified diff of the fixes; write nothing")
    fix.add_argument("--check", action="store_true",
                     help="write nothing; exit 1 if anything would change")
    fix.add_argument("--unsafe-fixes", action="store_true",
                     help="also apply fixes that may change behaviour")
    fix.add_argument("--exit-non-zero-on-fix", action="store_true",
                     help="exit 1 when a file was fixed, even if nothing remains")

    rule = commands.add_parser("rule", help="print a rule's documentation")
    rule.add_argument("code", nargs="?", help="e.g. GID101 (all rules when omitted)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "rule":
            return _rule(args.code)
        if args.command == "fix":
            return _fix(args)
        return _check(args)
    except ConfigError as error:
        print(f"lint-groupid: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:  # pragma: no cover - interactive
        return 130


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings(args.config)
    for option, value in (("--group-id", args.group_id), ("--guard", args.guard)):
        if value is not None:
            check_expression(value, f"option {option}")
    if args.guard_import is not None:
        check_guard_import(args.guard_import, "option --guard-import")
    return settings.with_overrides(
        select=tuple(args.select) if args.select is not None else None,
        ignore=tuple(args.ignore) if args.ignore is not None else None,
        extend_select=(*settings.extend_select, *args.extend_select),
        extend_ignore=(*settings.extend_ignore, *args.extend_ignore),
        group_id=args.group_id,
        guard=args.guard,
        guard_import=args.guard_import,
    )


def _check(args: argparse.Namespace) -> int:
    settings = _settings(args)
    fingerprints = args.format in ("json", "gitlab", "sarif") or bool(
        args.baseline or args.write_baseline)
    checker = FileChecker(settings, args.stdin_filename, fingerprints)
    task: Task[FileResult] = checker
    if args.format == "sarif":  # the fixes' replacements are computed by the workers
        from .fixer.pipeline import FixPreview

        task = FixPreview(checker)
    reported: list[Reported] = []
    checked = 0
    for result in check_paths(args.paths, task, settings, resolve_jobs(args.jobs)):
        checked += 1
        reported.extend((result.path, finding) for finding in result.findings)
    if args.write_baseline:
        count = write_baseline(args.write_baseline, reported)
        if not args.quiet:
            print(f"Wrote {count} finding{'s' if count != 1 else ''} to {args.write_baseline}.",
                  file=sys.stderr)
        return EXIT_CLEAN
    gone = 0
    if args.baseline:
        reported, gone = apply_baseline(reported, read_baseline(args.baseline))
    if args.add_noqa:
        return _add_noqa(reported, checker, args.quiet)
    FORMATS[args.format](reported, sys.stdout)
    sys.stdout.flush()
    if not args.quiet:
        files = len({path for path, _ in reported})
        print(summary(len(reported), files, checked), file=sys.stderr)
        if gone:
            print(f"{gone} baselined finding{'s are' if gone != 1 else ' is'} gone: run "
                  f"--write-baseline {args.baseline} to shrink the baseline.", file=sys.stderr)
    if reported and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _add_noqa(reported: list[Reported], checker: FileChecker, quiet: bool) -> int:
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
                write_atomically(path, data, raw)
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
    fixer = FileFixer(FileChecker(settings, args.stdin_filename, fingerprints=False),
                      args.unsafe_fixes, write)
    fixed = changed = remaining = unsafe_left = 0
    for outcome in check_paths(args.paths, fixer, settings, resolve_jobs(args.jobs)):
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


def _rule(code: str | None) -> int:
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
