"""The flake8 plugin: a thin adapter over :func:`lint_groupid.checker.check_tree`.

flake8 parses the file, honours ``# noqa`` and applies its own selection. The
plugin reads the same settings as the command line, from the same file (found
from the paths flake8 checks), and applies what flake8 does not know about:
our ``exclude``, ``per-file-ignores`` and selection keys. flake8's
``--groupid-*`` options, generated from the settings schema, override the file.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from .checker import check_tree
from .files import is_excluded_file, module_name_in, per_file_ignored
from .project.index import needles
from .rules import DEFAULT_OFF, PARSE_ERROR
from .settings import (
    FLAKE8_PREFIX,
    OPTIONS,
    CodeSelector,
    ConfigError,
    Settings,
    load_settings,
    override,
)
from .settings import Option as _Option

if TYPE_CHECKING:
    from .project.index import ProjectIndex

# the settings flake8 offers as --groupid-KEY: only those that change what it reports
FLAKE8_OPTIONS: tuple[_Option, ...] = tuple(option for option in OPTIONS if option.flake8)


def _version() -> str:
    from . import __version__

    return __version__


class Plugin:
    name = "lint-groupid"
    version = _version()

    settings: ClassVar[Settings] = Settings()
    # the selection the settings file makes (flake8's own selection applies as well)
    _selector: ClassVar[CodeSelector | None] = None
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
            cls._index = ProjectIndex.for_settings(settings)
        return cls._index

    @classmethod
    def add_options(cls, manager: Any) -> None:
        for option in FLAKE8_OPTIONS:
            # not parse_from_config: the plugin reads the config files itself, from
            # the paths checked, as the command line does
            manager.add_option(
                f"--{FLAKE8_PREFIX}{option.key}",
                default=None,
                metavar=option.metavar,
                help=f"lint-groupid: {option.help} "
                     f"({'adds to' if option.adds else 'overrides'} the settings file)",
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
        cls._selector = _file_selection(cls.settings, options)

    def run(self) -> Iterator[tuple[int, int, str, type[Plugin]]]:
        settings = self.settings
        named = bool(self.filename) and self.filename not in ("-", "stdin")
        if named and is_excluded_file(settings, self.filename):
            return
        project = self._project() if named else None
        key = project.key_for(self.filename) if project is not None else None
        if project is not None and key is not None:
            text = "".join(self.lines)
            try:
                if not project.worth_checking(key, text.encode("utf-8", "surrogatepass")):
                    return
            finally:
                project.forget(key)  # its summary, if asked for, comes from its tree
        elif not any(word in line for line in self.lines for word in self._words):
            return
        ignored = per_file_ignored(settings, self.filename) if self.filename else ()
        module = module_name_in(settings, self.filename) if self.filename else None
        try:
            findings = check_tree(self.tree, self.lines, settings, module,
                                  project=project, key=key, fixes=False)
        except RecursionError:
            # reported like any other finding, rather than failing the whole flake8 run
            message = PARSE_ERROR.format(reason="too deeply nested to analyse")
            yield 1, 0, f"{PARSE_ERROR.code} {message}", type(self)
            return
        selector = self._selector
        for finding in findings:
            if (ignored and finding.code.startswith(ignored)) or \
                    (selector is not None and not selector.is_selected(finding.code)):
                continue
            yield finding.line, finding.column - 1, f"{finding.code} {finding.message}", type(self)


def _file_selection(settings: Settings, options: argparse.Namespace) -> CodeSelector | None:
    """What the settings file's ``select``/``ignore``/``extend-*`` keys deselect (``None``
    when it has none). flake8's own selection applies as well, with its defaults
    (GID105 off), unless the file selects a default-off code: then that code
    leaves flake8's default ignore list, so that both front ends report it."""
    s = settings
    if s.select is None and s.ignore is None and not s.extend_select and not s.extend_ignore:
        return None
    with_defaults = CodeSelector(s.select, s.extend_select, s.ignore, s.extend_ignore)
    default_ignored = getattr(options, "extended_default_ignore", None)
    if isinstance(default_ignored, list):
        options.extended_default_ignore = [
            code for code in default_ignored
            if not (code.startswith("GID") and with_defaults.is_selected(code))]
    return CodeSelector(s.select, s.extend_select, s.ignore, s.extend_ignore, default_ignore=())


def settings_from_options(options: argparse.Namespace) -> Settings:
    """The settings file's (found from the paths flake8 checks), overridden by flake8's
    ``--groupid-*`` options.

    flake8's own ``--config`` is not seen by plugins (flake8 reads it before
    they are loaded), so a ``groupid-*`` key counts only in the files found
    from the paths, as for ``lint-groupid`` without ``--config``.
    """
    paths = list(getattr(options, "filenames", None) or ["."])
    settings = load_settings(paths=paths,
                             stdin_filename=getattr(options, "stdin_display_name", None),
                             use_cache=True)
    given = {}
    for option in FLAKE8_OPTIONS:
        value = getattr(options, f"{FLAKE8_PREFIX}{option.key}".replace("-", "_"), None)
        if value is not None:
            given[option.key] = value
    return override(settings, given, f"flake8 option --{FLAKE8_PREFIX}{{key}}")


__all__ = ["Plugin"]
