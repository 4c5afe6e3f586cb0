"""``lint-groupid``: the command line front end (a thin adapter over the checker)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from . import __version__
from .report import FORMATS, Reported, summary
from .rules import RULES, rule_doc
from .runner import FileChecker, check_paths, resolve_jobs
from .settings import ConfigError, Settings, check_codes, load_settings

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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="lint-groupid",
        description="Find analytics calls that inflate B2B active-company numbers.",
    )
    parser.add_argument("--version", action="version", version=f"lint-groupid {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    check = commands.add_parser("check", help="report findings; exit 1 when there are any")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH",
                       help="files or directories to check ('-' reads standard input)")
    check.add_argument("--select", type=_codes, help="codes or prefixes to report (replaces)")
    check.add_argument("--extend-select", type=_codes, default=[],
                       help="codes or prefixes to report in addition, e.g. GID105")
    check.add_argument("--ignore", type=_codes, help="codes or prefixes not to report (replaces)")
    check.add_argument("--extend-ignore", type=_codes, default=[],
                       help="codes or prefixes not to report, in addition")
    check.add_argument("--config", metavar="FILE",
                       help="a pyproject.toml (or TOML file) to read settings from")
    check.add_argument("--format", choices=sorted(FORMATS), default="text",
                       help="output format (default: text)")
    check.add_argument("--exit-zero", action="store_true",
                       help="exit 0 even when there are findings")
    check.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    check.add_argument("-j", "--jobs", type=_jobs, default="auto",
                       help="worker processes (default: auto)")
    check.add_argument("--stdin-filename", metavar="PATH",
                       help="the path to show (and match settings against) for '-'")

    rule = commands.add_parser("rule", help="print a rule's documentation")
    rule.add_argument("code", nargs="?", help="e.g. GID101 (all rules when omitted)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "rule":
            return _rule(args.code)
        return _check(args)
    except ConfigError as error:
        print(f"lint-groupid: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:  # pragma: no cover - interactive
        return 130


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings(args.config)
    return settings.with_overrides(
        select=tuple(args.select) if args.select is not None else None,
        ignore=tuple(args.ignore) if args.ignore is not None else None,
        extend_select=(*settings.extend_select, *args.extend_select),
        extend_ignore=(*settings.extend_ignore, *args.extend_ignore),
    )


def _check(args: argparse.Namespace) -> int:
    settings = _settings(args)
    checker = FileChecker(settings, args.stdin_filename)
    reported: list[Reported] = []
    checked = 0
    for result in check_paths(args.paths, checker, resolve_jobs(args.jobs)):
        checked += 1
        reported.extend((result.path, finding) for finding in result.findings)
    FORMATS[args.format](reported, sys.stdout)
    sys.stdout.flush()
    if not args.quiet:
        files = len({path for path, _ in reported})
        print(summary(len(reported), files, checked), file=sys.stderr)
    if reported and not args.exit_zero:
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
