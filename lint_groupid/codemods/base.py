"""What the codemod commands share: settings from the project's configuration and the
arguments, then the same check, engine and verification as ``lint-groupid fix``."""

from __future__ import annotations

import argparse
import os
from typing import ClassVar

import libcst as cst
from libcst.codemod import CodemodContext, SkipFile, VisitorBasedCodemodCommand

from ..files import InputError, discover, is_inside
from ..fixer.engine import apply_fixes
from ..fixer.layout import project_layout
from ..fixer.model import SAFE
from ..fixer.pipeline import unfixed_reason
from ..fixer.verify import VerificationError, verify
from ..positions import split_lines
from ..project.index import ProjectIndex
from ..runner import FileChecker
from ..settings import (
    ConfigError,
    Settings,
    check_expression,
    check_guard_import,
    load_settings,
)


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
        except ConfigError as error:
            raise SystemExit(f"lint-groupid: {error}") from None
        self.overrides = {"group_id": group_id, "guard": guard, "guard_import": guard_import}
        self.unsafe_fixes = unsafe_fixes
        self._settings: dict[str, Settings] = {}
        self._projects: dict[str, ProjectIndex] = {}

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

    def settings_for(self, path: str) -> Settings:
        """The configuration found from the file's folder, as ``lint-groupid`` finds it."""
        # the folder the file is found in, not where a link points: the project is
        # where the file was found
        folder = os.path.dirname(os.path.abspath(path)) if path != "-" else os.getcwd()
        if folder not in self._settings:
            try:
                settings = load_settings(paths=[folder])
            except ConfigError as error:
                raise SystemExit(f"lint-groupid: {error}") from None
            self._settings[folder] = settings.with_overrides(**self.overrides)
        return self._settings[folder]

    def _project(self, settings: Settings) -> ProjectIndex:
        """The index of the file's project (one per project root)."""
        if settings.root not in self._projects:
            self._projects[settings.root] = ProjectIndex.for_settings(settings)
        return self._projects[settings.root]

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        path = self.context.filename or "-"
        settings = self.settings_for(path)
        if path != "-" and not is_inside(path, settings.root):  # libcst would write there
            raise SkipFile("not transformed: its real path is outside the project root")
        try:
            if path != "-" and not list(discover([path], settings)):
                raise SkipFile("excluded by the configuration")
        except InputError:
            pass
        text = tree.code
        checker = FileChecker(settings, fingerprints=False, project=self._project(settings))
        result, ast_tree = checker.analyse_tree(path, text, split_lines(text))
        mine = [f for f in result.findings if f.code in self.CODES]
        fixes = []
        for finding in mine:
            if finding.fix is not None and (self.unsafe_fixes or finding.fix.safety == SAFE):
                fixes.append(finding.fix)
            else:
                why = unfixed_reason(finding)
                self.warn(f"{path}:{finding.line}: {finding.code} not fixed: {why}")
        if not fixes or ast_tree is None:
            if mine:
                return tree  # the warnings said why; nothing changes
            raise SkipFile("nothing to fix")
        layout = project_layout(settings.root, settings.line_length)
        applied = apply_fixes(text, fixes, ast_tree, layout)
        for fix, reason in applied.failed:
            line = fix.edits[0].target.start_line if fix.edits else 0
            self.warn(f"{path}:{line}: not fixed: {reason}")
        if not applied.applied:
            return tree
        try:
            verify(text, applied.text, applied.applied, ast_tree)
        except VerificationError as error:
            self.warn(f"{path}: not fixed: {error}")
            return tree
        # written in the file's own encoding (a coding cookie's, or UTF-8 with its BOM)
        return cst.parse_module(applied.text).with_changes(encoding=tree.encoding)
