"""One frozen :class:`Settings`, and the one schema every front end reads it from.

Each setting is a field of :class:`Settings` whose declaration (an :class:`Option`)
says its key, how its values are read and checked, and whether flake8 and the
command line offer it. The ``[tool.lint-groupid]`` keys, the ``groupid-*`` keys
of a ``[flake8]`` section, flake8's ``--groupid-*`` options, the flags of
``check``/``fix`` and their validation are all generated from those, so
adding a setting is one field here.

The settings come from ONE file, found from the paths checked (not the working
directory): the nearest folder above them holding a ``pyproject.toml`` with a
``[tool.lint-groupid]`` table, or a ``setup.cfg``, ``tox.ini`` or ``.flake8``
whose ``[flake8]`` section has ``groupid-*`` keys. That folder is the project
root. Command-line values override the file's (``extend-*`` ones add to it).
"""

from __future__ import annotations

import ast
import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from .analysis.sdk import SDK_METHODS
from .rules import DEFAULT_OFF

TABLE = "lint-groupid"
FLAKE8_PREFIX = "groupid-"
# where a [flake8] section may live, in flake8's own order
INI_FILES = ("setup.cfg", "tox.ini", ".flake8")
# what marks a project's folder when no file holds settings
PROJECT_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", ".git")

DEFAULT_GUARDS: tuple[str, ...] = (
    "internal_user",
    "is_internal*",
    "*internal_user*",
    "is_staff",
    "is_employee",
    "is_teammate",
    "*impersonat*",
)


class ConfigError(Exception):
    """A problem with the user's configuration: one line, naming the file and the key."""


# --- checks shared by every kind ----------------------------------------------------


def _type(value: object) -> str:
    return {str: "a string", int: "an integer", bool: "a boolean", float: "a number",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def check_methods(methods: Iterable[str], where: str) -> None:
    for method in methods:
        if method not in SDK_METHODS:
            known = ", ".join(sorted(SDK_METHODS))
            raise ConfigError(f"{where}: unknown method {method!r} (known: {known})")


def check_codes(codes: Iterable[str], where: str) -> None:
    for code in codes:
        if not code or not code[:1].isalpha() or not code.isalnum():
            raise ConfigError(f"{where}: {code!r} is not a code or code prefix (e.g. GID101)")


def check_expression(text: str, where: str) -> None:
    try:
        ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        raise ConfigError(f"{where}: {text!r} is not a Python expression") from None


def check_import(text: str, where: str) -> None:
    module, sep, name = text.partition(":")
    dotted_ok = all(part.isidentifier() for part in module.split("."))
    if not sep or not dotted_ok or not name.isidentifier():
        raise ConfigError(f"{where}: {text!r} must look like \"package.module:name\"")


# the codemods' name for it (they could use `override`, as the front ends do)
check_guard_import = check_import


# --- how a setting's values are read and checked -----------------------------------


class Kind:
    """How one kind of setting is read: from TOML (typed values), or from text
    (a flake8 ini value or a command-line flag: comma- or newline-separated)."""

    def from_toml(self, value: object, where: str) -> Any:
        raise NotImplementedError

    def from_text(self, text: str, where: str) -> Any:
        return self.from_toml(text, where)


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\n]", text) if part.strip()]


class StringList(Kind):
    """A list of strings, each validated by ``check`` (methods, codes: then a TOML
    string of comma-separated items is accepted too, as in earlier releases)."""

    def __init__(self, check: Callable[[Iterable[str], str], None] | None = None) -> None:
        self.check = check

    def from_toml(self, value: object, where: str) -> tuple[str, ...]:
        if isinstance(value, str) and self.check is not None:
            value = _split(value)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: expected a list of strings, got {_type(value)}")
        if self.check is not None:
            self.check(value, where)
        return tuple(value)

    def from_text(self, text: str, where: str) -> tuple[str, ...]:
        return self.from_toml(_split(text), where)


class Expression(Kind):
    """A Python expression, parsed (never evaluated)."""

    def from_toml(self, value: object, where: str) -> str:
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a string, got {_type(value)}")
        check_expression(value, where)
        return value

    def from_text(self, text: str, where: str) -> str:
        return self.from_toml(text.strip(), where)


class ImportSpec(Kind):
    """Where a name comes from: ``package.module:name``."""

    def from_toml(self, value: object, where: str) -> str:
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a string, got {_type(value)}")
        check_import(value, where)
        return value

    def from_text(self, text: str, where: str) -> str:
        return self.from_toml(text.strip(), where)


class PositiveInt(Kind):
    def from_toml(self, value: object, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ConfigError(f"{where}: expected a positive integer, got {_type(value)}")
        return value

    def from_text(self, text: str, where: str) -> int:
        if not text.strip().isdigit():
            raise ConfigError(f"{where}: expected a positive integer, got {text.strip()!r}")
        return self.from_toml(int(text), where)


class Wrappers(Kind):
    """Helpers from outside the project: a table of ``"module.function" = "method"``
    (as text: ``module.function=method`` entries)."""

    def from_toml(self, value: object, where: str) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, Mapping):
            raise ConfigError(f"{where}: expected a table of \"module.function\" = \"method\"")
        pairs = []
        for qualname, method in value.items():
            if not isinstance(method, str):
                raise ConfigError(f"{where}: {qualname!r} must name a method, got {_type(method)}")
            check_methods([method], f"{where}: {qualname!r}")
            pairs.append((qualname, method))
        return tuple(pairs)

    def from_text(self, text: str, where: str) -> tuple[tuple[str, str], ...]:
        table: dict[str, str] = {}
        for entry in _split(text):
            qualname, sep, method = entry.partition("=")
            if not sep or not qualname.strip():
                raise ConfigError(f"{where}: {entry!r} must look like module.function=method")
            table[qualname.strip()] = method.strip()
        return self.from_toml(table, where)


class PerFileIgnores(Kind):
    """A table of ``"pattern" = [codes]`` (as text: flake8's ``pattern:codes`` entries)."""

    def from_toml(self, value: object, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        if not isinstance(value, Mapping):
            raise ConfigError(f"{where}: expected a table of \"pattern\" = [codes]")
        result = []
        for pattern, codes in value.items():
            if isinstance(codes, str):
                codes = _split(codes)
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                raise ConfigError(f"{where}: {pattern!r} must be a list of codes")
            check_codes(codes, f"{where}: {pattern!r}")
            result.append((pattern, tuple(codes)))
        return tuple(result)

    def from_text(self, text: str, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        # flake8's syntax: `pattern[ pattern]:code[,code]` entries, separated by
        # whitespace or newlines; after the codes, a word that is not a code
        # starts the next entry
        if not text.strip():
            return ()
        entries: list[tuple[list[str], list[str]]] = []
        patterns: list[str] = []
        in_codes = False
        for token in re.findall(r"[^\s,:]+|:", text):
            if token == ":":
                if not patterns or in_codes:
                    raise ConfigError(f"{where}: expected `pattern:codes` entries, got {text!r}")
                entries.append((patterns, []))
                in_codes = True
            elif in_codes and _is_code(token):
                entries[-1][1].append(token)
            else:
                if in_codes:
                    patterns, in_codes = [], False
                patterns.append(token)
        if not in_codes or any(not codes for _, codes in entries):
            raise ConfigError(f"{where}: expected `pattern:codes` entries, got {text!r}")
        return self.from_toml({p: list(c) for ps, c in entries for p in ps}, where)


def _is_code(token: str) -> bool:
    return token[:1].isalpha() and token.isalnum() and token.upper() == token


# --- the schema --------------------------------------------------------------------


class Option(NamedTuple):
    """A setting as the user writes it (a named tuple: cheaper to define than a frozen
    dataclass, at every start-up)."""

    key: str  # in [tool.lint-groupid]; `groupid-KEY` in [flake8]; --KEY / --groupid-KEY
    kind: Kind
    help: str
    # offered as flake8's --groupid-KEY: only what changes what the plugin reports
    flake8: bool = False
    # offered as a flag of `check` and `fix`
    cli: bool = False
    metavar: str = "LIST"
    field: str = ""  # the Settings field, filled in below

    @property
    def adds(self) -> bool:
        """A command-line value adds to the file's instead of replacing it."""
        return self.key.startswith("extend-")


class _Declared(NamedTuple):
    """A setting's declaration in :class:`Settings`'s body: its default and option."""

    default: Any
    option: Option


def _setting(default: Any, key: str, kind: Kind, help: str, **flags: Any) -> Any:
    return _Declared(default, Option(key, kind, help, **flags))


_NAMES, _METHODS, _CODES = StringList(), StringList(check_methods), StringList(check_codes)


class Settings:
    """Every setting (a field each: see the module's docstring), the project root and
    the file they came from. Frozen; equal when the settings are (wherever they came
    from). Written out rather than a dataclass, which costs milliseconds at every
    start-up (SPEC: start-up); ``__init__`` takes the fields by keyword."""

    clients: tuple[str, ...] = _setting(
        ("analytics",), "clients", _NAMES,
        "names (or dotted paths) of analytics clients from outside the project", flake8=True)
    grouped_methods: tuple[str, ...] = _setting(
        ("track",), "grouped-methods", _METHODS, "methods checked for a groupId (GID1xx)",
        flake8=True)
    guarded_methods: tuple[str, ...] = _setting(
        ("identify", "group", "track"), "guarded-methods", _METHODS,
        "methods that need an internal-user guard (GID201)", flake8=True)
    guards: tuple[str, ...] = _setting(
        DEFAULT_GUARDS, "guards", _NAMES, "guard patterns (replace the defaults)", flake8=True)
    extend_guards: tuple[str, ...] = _setting(
        (), "extend-guards", _NAMES, "guard patterns to add to the defaults", flake8=True)
    guard_decorators: tuple[str, ...] = _setting(
        ("*internal*",), "guard-decorators", _NAMES, "decorators that guard a function",
        flake8=True)
    # qualified name of a helper from outside the project -> the SDK method it forwards to
    wrappers: tuple[tuple[str, str], ...] = _setting(
        (), "wrappers", Wrappers(),
        "helpers from outside the project that forward to the SDK, as module.function=method",
        flake8=True)
    group_id: str | None = _setting(
        None, "group-id", Expression(), "expression for a missing groupId (GID101 fix)",
        cli=True, metavar="EXPR")
    group_id_import: str | None = _setting(
        None, "group-id-import", ImportSpec(),
        "import for a name the group-id expression uses, e.g. app.context:current_workspace",
        cli=True, metavar="MODULE:NAME")
    guard: str | None = _setting(
        None, "guard", Expression(), "internal-user guard expression (GID201 fix)",
        cli=True, metavar="EXPR")
    guard_import: str | None = _setting(
        None, "guard-import", ImportSpec(),
        "where the guard comes from, e.g. app.auth:internal_user", cli=True,
        metavar="MODULE:NAME")
    line_length: int | None = _setting(
        None, "line-length", PositiveInt(),
        "longest line a fix may write (else ruff's, black's or flake8's)", metavar="N")
    # extra source roots, relative to the project root (project-wide module names)
    src: tuple[str, ...] = _setting((), "src", _NAMES, "extra source roots, from the root")
    exclude: tuple[str, ...] = _setting(
        (), "exclude", _NAMES, "files or folders not to check (fnmatch patterns)", flake8=True)
    select: tuple[str, ...] | None = _setting(
        None, "select", _CODES, "codes or prefixes to report (replaces)", cli=True,
        metavar="CODES")
    extend_select: tuple[str, ...] = _setting(
        (), "extend-select", _CODES, "codes or prefixes to report in addition, e.g. GID105",
        cli=True, metavar="CODES")
    ignore: tuple[str, ...] | None = _setting(
        None, "ignore", _CODES, "codes or prefixes not to report (replaces)", cli=True,
        metavar="CODES")
    extend_ignore: tuple[str, ...] = _setting(
        (), "extend-ignore", _CODES, "codes or prefixes not to report, in addition", cli=True,
        metavar="CODES")
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = _setting(
        (), "per-file-ignores", PerFileIgnores(), "codes not to report in some files")
    # the project root (absolute): relative patterns, fingerprints and source roots
    # are anchored there
    root: str
    source: str | None = None  # the file they came from

    def __init__(self, root: str | None = None, source: str | None = None,
                 **values: Any) -> None:
        unknown = values.keys() - _DEFAULTS.keys()
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        for name, value in values.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "root", os.getcwd() if root is None else root)
        object.__setattr__(self, "source", source)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Settings are frozen: cannot set {name}")

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in _DEFAULTS])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Settings) and self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        changed = ", ".join(f"{name}={getattr(self, name)!r}" for name, default
                            in _DEFAULTS.items() if getattr(self, name) != default)
        return f"Settings({changed})"

    @property
    def all_guards(self) -> tuple[str, ...]:
        return self.guards + self.extend_guards

    def replaced(self, **changes: Any) -> Settings:
        """A copy with the given fields changed."""
        values = {"root": self.root, "source": self.source,
                  **{name: getattr(self, name) for name in _DEFAULTS}}
        return Settings(**{**values, **changes})

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with the given fields changed; ``None`` values leave a field alone."""
        return self.replaced(**{k: v for k, v in changes.items() if v is not None})


def _declarations() -> tuple[dict[str, Any], tuple[Option, ...]]:
    """Each declared setting's default (left as the class's attribute, which an
    instance's own value hides) and option, in the order of the class's body."""
    defaults: dict[str, Any] = {}
    options = []
    for name, value in list(vars(Settings).items()):
        if isinstance(value, _Declared):
            type.__setattr__(Settings, name, value.default)
            defaults[name] = value.default
            options.append(value.option._replace(field=name))
    return defaults, tuple(options)


_DEFAULTS, OPTIONS = _declarations()
_BY_KEY: dict[str, Option] = {option.key: option for option in OPTIONS}


# --- building Settings ----------------------------------------------------------------


def settings_from_table(table: Mapping[str, Any], source: str, root: str | None = None) -> Settings:
    """Settings from a ``[tool.lint-groupid]`` table (typed TOML values)."""
    if not isinstance(table, Mapping):
        raise ConfigError(f"{source}: [tool.{TABLE}] must be a table")
    values: dict[str, Any] = {}
    for key, value in table.items():
        option = _known(key, source, f"[tool.{TABLE}]", key)
        values[option.field] = option.kind.from_toml(value, f"{source}: {key}")
    return Settings(root=root or os.getcwd(), source=source, **values)


def settings_from_ini(section: Mapping[str, str], source: str,
                      root: str | None = None) -> Settings:
    """Settings from the ``groupid-*`` keys of a ``[flake8]`` section (flake8's ini style)."""
    values: dict[str, Any] = {}
    for name, text in section.items():
        spelled = name.replace("_", "-")
        if not spelled.startswith(FLAKE8_PREFIX):
            continue  # flake8's own keys, and other plugins'
        option = _known(spelled[len(FLAKE8_PREFIX):], source, "[flake8]", name)
        values[option.field] = option.kind.from_text(text, f"{source}: {name}")
    return Settings(root=root or os.getcwd(), source=source, **values)


def _known(key: str, source: str, section: str, spelled: str) -> Option:
    option = _BY_KEY.get(key)
    if option is None:
        import difflib

        hint = difflib.get_close_matches(key, _BY_KEY, n=1)
        prefix = spelled[:len(spelled) - len(key)]
        suggestion = f" (did you mean {prefix + hint[0]!r}?)" if hint else ""
        raise ConfigError(f"{source}: unknown key {spelled!r} in {section}{suggestion}")
    return option


def override(settings: Settings, values: Mapping[str, str], where: str) -> Settings:
    """``settings`` with command-line ``values`` (by option key, as text) applied on top:
    they replace the file's values, or add to them for ``extend-*`` options."""
    changes: dict[str, Any] = {}
    for key, text in values.items():
        option = _BY_KEY[key]
        value = option.kind.from_text(text, where.format(key=key))
        if option.adds:
            value = (*getattr(settings, option.field), *value)
        changes[option.field] = value
    return settings.replaced(**changes)


# --- finding the file -------------------------------------------------------------------


def load_settings(config: str | None = None, paths: Sequence[str] = (),
                  stdin_filename: str | None = None, use_cache: bool = False) -> Settings:
    """The settings for checking ``paths``: from ``config`` if given, else from the
    nearest folder above the paths that holds some (see the module's docstring).
    With ``use_cache`` (the front ends' choice), the table of a ``pyproject.toml`` is
    kept in the cache folder beside it (see :func:`_pyproject_tool`)."""
    if config is not None:
        return read_config(config, use_cache)
    start = common_folder(paths, stdin_filename)
    for directory in _upward(start):
        found = _configs_in(directory, use_cache)
        if len(found) > 1:
            names = " and ".join(os.path.basename(path) for path, _ in found)
            raise ConfigError(f"{directory}: lint-groupid settings in both {names}: "
                              "keep them in one file")
        if found:
            path, table = found[0]
            root = os.path.dirname(os.path.abspath(path))
            if table is not None:  # (a pyproject.toml's, read already)
                return settings_from_table(table, path, root)
            return settings_from_ini(_read_ini_section(path), path, root)
    return Settings(root=project_root(start))


def read_config(path: str, use_cache: bool = False) -> Settings:
    """The settings in one file: a TOML file (``pyproject.toml``'s table, or keys at the
    top level), or an ini file's ``[flake8]`` section."""
    if not os.path.isfile(path):
        raise ConfigError(f"{path}: config file not found")
    root = os.path.dirname(os.path.abspath(path))
    if os.path.basename(path) == "pyproject.toml":
        table = _pyproject_tool(path, use_cache).get(TABLE)
        return settings_from_table({} if table is None else table, path, root)
    if path.endswith(".toml"):
        document = _read_toml(path)
        tool = document.get("tool", {})
        table = tool.get(TABLE) if isinstance(tool, dict) else None
        # a dedicated file may hold the keys at the top level
        return settings_from_table(document if table is None else table, path, root)
    return settings_from_ini(_read_ini_section(path), path, root)


def common_folder(paths: Sequence[str], stdin_filename: str | None = None) -> str:
    """The folder the search for settings starts from: the paths' common folder."""
    folders = []
    for path in paths or ["."]:
        if path == "-":
            path = stdin_filename or "."
        absolute = os.path.abspath(path)
        folders.append(absolute if os.path.isdir(absolute) else os.path.dirname(absolute))
    try:
        return os.path.commonpath(folders)
    except ValueError:  # pragma: no cover - paths on several Windows drives
        return folders[0]


def project_root(start: str) -> str:
    """Without settings: the nearest folder holding a project marker, else ``start``."""
    for directory in _upward(start):
        if any(os.path.exists(os.path.join(directory, marker)) for marker in PROJECT_MARKERS):
            return directory
    return start


def _upward(start: str) -> Iterator[str]:
    """``start`` and the folders above it (os.path: pathlib costs start-up)."""
    directory = start
    while True:
        yield directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return
        directory = parent


def _configs_in(directory: str, use_cache: bool = False) -> list[tuple[str, Any]]:
    """The files of ``directory`` that hold lint-groupid settings, each with the
    table read from it (``None``: an ini file, its section not read yet)."""
    found: list[tuple[str, Any]] = []
    candidate = os.path.join(directory, "pyproject.toml")
    if _mentions(candidate, b"lint-groupid"):
        tool = _pyproject_tool(candidate, use_cache)
        if TABLE in tool:
            found.append((candidate, tool[TABLE]))
    for name in INI_FILES:
        candidate = os.path.join(directory, name)
        if _mentions(candidate, b"groupid") and any(
                key.replace("_", "-").startswith(FLAKE8_PREFIX)
                for key in _read_ini_section(candidate)):
            found.append((candidate, None))
    return found


def _mentions(path: str, word: bytes) -> bool:
    """A cheap first look, so that most projects' files are never parsed."""
    try:
        with open(path, "rb") as handle:
            return word in handle.read()
    except OSError:
        return False


# the [tool.lint-groupid] table of a pyproject.toml, in the cache folder beside it
_KEPT_TABLE = os.path.join("settings-v1", "pyproject.toml.json")


def _read_toml(path: str) -> dict[str, Any]:
    """The whole TOML document at ``path``."""
    return _parse_toml(path, _read_bytes(path))


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None


def _pyproject_tool(path: str, use_cache: bool) -> dict[str, Any]:
    """The ``[tool]`` table of the ``pyproject.toml`` at ``path``, as far as the
    settings read it: with ``use_cache``, only its ``lint-groupid`` table.

    That table is kept in the cache folder beside the file (the project root's)
    with a hash of the file's content, of its identity on this machine (device,
    inode, size, time) and of the Python that parsed it. While all are the same, the
    kept table is what is read, and the TOML parser is not loaded (about 5 ms of a
    pre-commit run on one file). A kept table copied or committed from elsewhere
    never matches the file's identity here; one that does not match, or cannot be
    read back, is ignored. Nothing is kept beside a file without the table, nor
    a table that is no JSON (a TOML date)."""
    raw = _read_bytes(path)
    folder = entry = digest = None
    if use_cache:
        from .cache_folder import CacheFolder, disabled_by_environment, hasher

        if not disabled_by_environment():
            folder = CacheFolder(os.path.dirname(os.path.abspath(path)))
            entry = os.path.join(folder.folder, _KEPT_TABLE)
            try:
                info = os.stat(path)
            except OSError as error:
                raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
            hashed = hasher(raw)
            hashed.update(repr((info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns,
                                sys.version_info[:2])).encode())
            digest = hashed.hexdigest()
            kept = folder.read_json(entry)
            if isinstance(kept, dict) and kept.get("digest") == digest and \
                    isinstance(kept.get("table"), dict):
                return {TABLE: kept["table"]}
    tool = _parse_toml(path, raw).get("tool")
    if not isinstance(tool, dict):
        return {}
    table = tool.get(TABLE)
    if folder is not None and entry is not None and isinstance(table, dict):
        with contextlib.suppress(TypeError, ValueError):  # (a TOML date is no JSON)
            folder.write_json(entry, {"digest": digest, "table": table})
    return tool


def _parse_toml(path: str, raw: bytes) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python < 3.11 in CI
        import tomli as tomllib
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None


def _read_ini_section(path: str) -> dict[str, str]:
    import configparser

    parser = configparser.RawConfigParser()
    try:
        with open(path, encoding="utf-8") as handle:
            parser.read_file(handle)
    except (configparser.Error, UnicodeDecodeError) as error:
        reason = str(error).splitlines()[0]
        raise ConfigError(f"{path}: invalid ini file: {reason}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None
    return dict(parser["flake8"]) if parser.has_section("flake8") else {}


# --- selection -------------------------------------------------------------------------


class CodeSelector:
    """Which codes are reported: flake8's decision rules, with GID's defaults.

    Default selection is every ``GID`` code; codes that are off by default are
    in the default ignore list (flake8's ``extend_default_ignore``). An explicit
    ``--select``/``--extend-select`` beats a default ignore; between two explicit
    lists, or two defaults, the longest matching prefix wins.
    """

    def __init__(
        self,
        select: Sequence[str] | None = None,
        extend_select: Sequence[str] = (),
        ignore: Sequence[str] | None = None,
        extend_ignore: Sequence[str] = (),
        default_ignore: Sequence[str] = DEFAULT_OFF,
    ) -> None:
        self.selected_explicitly = _longest_first([*(select or []), *extend_select])
        self.ignored_explicitly = _longest_first([*(ignore or []), *extend_ignore])
        self.selected = _longest_first(
            [*select, *extend_select] if select is not None else ["GID", *extend_select]
        )
        self.ignored = _longest_first(
            [*ignore, *extend_ignore] if ignore is not None else [*default_ignore, *extend_ignore]
        )
        self._cache: dict[str, bool] = {}

    def is_selected(self, code: str) -> bool:
        decision = self._cache.get(code)
        if decision is None:
            decision = self._cache[code] = self._decide(code)
        return decision

    def _decide(self, code: str) -> bool:
        explicit_select = code.startswith(self.selected_explicitly)
        explicit_ignore = code.startswith(self.ignored_explicitly)
        selected = explicit_select or code.startswith(self.selected)
        ignored = explicit_ignore or code.startswith(self.ignored)
        if not ignored:
            return selected
        if not selected:
            return False
        if explicit_select != explicit_ignore:
            return explicit_select
        select = next(s for s in self.selected if code.startswith(s))
        ignore = next(i for i in self.ignored if code.startswith(i))
        return len(select) > len(ignore)


def _longest_first(prefixes: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(prefixes, reverse=True))
