"""What the codemod commands share: settings from arguments, check, fix, verify."""

from __future__ import annotations

import argparse
from typing import ClassVar

import libcst as cst
from libcst.codemod import CodemodContext, SkipFile, VisitorBasedCodemodCommand

from ..files import is_inside
from ..fixer import FixError, apply_fixes, verify
from ..fixer.verify import VerificationError
from ..fixes import SAFE, split_lines
from ..runner import FileChecker
from ..settings import ConfigError, check_expression, check_guard_import, load_settings


class LintGroupIdCommand(VisitorBasedCodemodCommand):
    CODES: ClassVar[tuple[str, ...]] = ()

    def __init__(self, context: CodemodContext, group_id: str | None = None,
                 guard: str | None = None, guard_import: str | None = None,
                 unsafe_fixes: bool = False) -> None:
        super().__init__(context)
        try:
            for option, value in (("--group-id", group_id), ("--guard", guard)):
                if value is not None:
                    check_expression(value, f"option {option}")
            if guard_import is not None:
                check_guard_import(guard_import, "option --guard-import")
            settings = load_settings()
        except ConfigError as error:
            raise SystemExit(f"lint-groupid: {error}") from None
        self.settings = settings.with_overrides(group_id=group_id, guard=guard,
                                                guard_import=guard_import)
        self.unsafe_fixes = unsafe_fixes

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument("--group-id", dest="group_id", metavar="EXPR", default=None,
                                help="expression for a missing groupId (GID101)")
        arg_parser.add_argument("--guard", dest="guard", metavar="EXPR", default=None,
                                help="internal-user guard expression (GID201)")
        arg_parser.add_argument("--guard-import", dest="guard_import", metavar="MODULE:NAME",
                                default=None, help="import for the guard")
        arg_parser.add_argument("--unsafe-fixes", dest="unsafe_fixes", action="store_true",
                                help="also apply fixes that may change behaviour")

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        text = tree.code
        path = self.context.filename or "-"
        if path != "-" and not is_inside(path, self.settings.root):  # libcst would write there
            raise SkipFile("not transformed: its real path is outside the project root")
        checker = FileChecker(self.settings)
        result = checker.analyse_tree(path, text, split_lines(text))[0]
        mine = [f for f in result.findings if f.code in self.CODES]
        fixes = []
        for finding in mine:
            if finding.fix is not None and (self.unsafe_fixes or finding.fix.safety == SAFE):
                fixes.append(finding.fix)
            else:
                why = finding.no_fix_reason or "an unsafe fix: pass --unsafe-fixes"
                self.warn(f"{finding.code} at line {finding.line}: not fixed: {why}")
        if not fixes:
            raise SkipFile("nothing to fix")
        try:
            fixed = apply_fixes(text, fixes)
            verify(text, fixed, fixes)
        except (FixError, VerificationError) as error:
            raise SkipFile(f"not fixed: {error}") from None
        return cst.parse_module(fixed)
