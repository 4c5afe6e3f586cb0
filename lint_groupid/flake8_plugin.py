"""The flake8 plugin: a thin adapter over :func:`lint_groupid.checker.check_tree`.

flake8 parses the file, honours ``# noqa`` and selects codes; this only reports.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from . import __version__
from .checker import check_tree, needles
from .files import module_name_for
from .rules import DEFAULT_OFF

if TYPE_CHECKING:
    from .project.index import ProjectIndex
from .settings import (
    ConfigError,
    Settings,
    check_expression,
    check_guard_import,
    check_methods,
    load_settings,
)

# flake8 option -> (Settings field, how to read it)
_OPTIONS: dict[str, tuple[str, str, str]] = {
    "--groupid-clients": ("clients", "list", "receivers that are analytics clients"),
    "--groupid-grouped-methods": ("grouped_methods", "methods", "methods checked for groupId"),
    "--groupid-guarded-methods": ("guarded_methods", "methods",
                                  "methods that need an internal-user guard"),
    "--groupid-guards": ("guards", "list", "guard patterns (replace the defaults)"),
    "--groupid-extend-guards": ("extend_guards", "list", "guard patterns to add"),
    "--groupid-guard-decorators": ("guard_decorators", "list", "decorators that guard a function"),
    "--groupid-wrappers": ("wrappers", "wrappers",
                           "helpers forwarding to the SDK, as module.function=method"),
    "--groupid-group-id": ("group_id", "expression", "expression the GID101 fix uses"),
    "--groupid-guard": ("guard", "expression", "guard expression the GID201 fix uses"),
    "--groupid-guard-import": ("guard_import", "import", "import for the guard, module:name"),
}


class Plugin:
    name = "lint-groupid"
    version = __version__

    settings: ClassVar[Settings] = Settings()
    _words: ClassVar[tuple[str, ...]] = needles(Settings())
    _index: ClassVar[ProjectIndex | None] = None

    def __init__(self, tree: ast.Module, lines: Sequence[str], filename: str = "") -> None:
        self.tree = tree
        self.lines = lines
        self.filename = filename

    @classmethod
    def _project(cls) -> ProjectIndex | None:
        """The index of the project, built once per process (flake8 runs several)."""
        if cls._index is None:
            from .project.index import ProjectIndex

            settings = cls.settings
            cls._index = ProjectIndex(settings.root, needles(settings), settings.src)
        return cls._index

    @classmethod
    def add_options(cls, manager: Any) -> None:
        for flag, (_field, kind, help_text) in _OPTIONS.items():
            manager.add_option(
                flag,
                default=None,
                parse_from_config=True,
                comma_separated_list=kind in ("list", "methods", "wrappers"),
                help=f"lint-groupid: {help_text} (default: from [tool.lint-groupid])",
            )
        manager.extend_default_ignore(list(DEFAULT_OFF))

    @classmethod
    def parse_options(cls, options: argparse.Namespace) -> None:
        try:
            cls.settings = settings_from_options(options)
        except ConfigError as error:
            sys.stderr.write(f"lint-groupid: {error}\n")
            raise SystemExit(2) from None
        cls._words = needles(cls.settings)
        cls._index = None

    def run(self) -> Iterator[tuple[int, int, str, type[Plugin]]]:
        project = self._project()
        key = project.key_for(self.filename) if project is not None and self.filename and \
            self.filename not in ("-", "stdin") else None
        if project is not None and key is not None:
            if not project.matters(key, "".join(self.lines).encode("utf-8", "surrogatepass")):
                return
        elif not any(word in line for line in self.lines for word in self._words):
            return
        module = module_name_for(self.filename) if self.filename else None
        try:
            findings = check_tree(self.tree, self.lines, self.settings, module,
                                  project=project, key=key)
        except RecursionError:
            # reported like any other finding, rather than failing the whole flake8 run
            yield 1, 0, "GID000 could not parse: too deeply nested to analyse", type(self)
            return
        for finding in findings:
            yield finding.line, finding.column - 1, f"{finding.code} {finding.message}", type(self)


def settings_from_options(options: argparse.Namespace) -> Settings:
    """The ``[tool.lint-groupid]`` table, overridden by any flake8 option given."""
    settings = load_settings()
    changes: dict[str, Any] = {}
    for flag, (field, kind, _help) in _OPTIONS.items():
        value = getattr(options, flag[2:].replace("-", "_"), None)
        if value is None:
            continue
        where = f"flake8 option {flag}"
        if kind == "methods":
            check_methods(value, where)
        elif kind == "wrappers":
            value = _wrappers(value, where)
        elif kind == "expression":
            check_expression(value, where)
        elif kind == "import":
            check_guard_import(value, where)
        changes[field] = tuple(value) if isinstance(value, list) else value
    return settings.with_overrides(**changes)


def _wrappers(entries: Sequence[str], where: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for entry in entries:
        qualname, sep, method = entry.partition("=")
        if not sep or not qualname.strip():
            raise ConfigError(f"{where}: {entry!r} must look like module.function=method")
        check_methods([method.strip()], where)
        pairs.append((qualname.strip(), method.strip()))
    return tuple(pairs)


__all__ = ["Plugin"]
