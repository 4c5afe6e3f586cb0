"""One frozen Settings object, built from ``[tool.lint-groupid]`` or flake8 options."""

from __future__ import annotations

import ast
import difflib
import fnmatch
import functools
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .analysis.sdk import SDK_METHODS
from .rules import DEFAULT_OFF

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11 in CI
    import tomli as tomllib

TABLE = "lint-groupid"

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


@dataclass(frozen=True)
class Settings:
    clients: tuple[str, ...] = ("analytics",)
    grouped_methods: tuple[str, ...] = ("track",)
    guarded_methods: tuple[str, ...] = ("identify", "group", "track")
    guards: tuple[str, ...] = DEFAULT_GUARDS
    extend_guards: tuple[str, ...] = ()
    guard_decorators: tuple[str, ...] = ("*internal*",)
    # qualified name of a user's helper -> the SDK method it forwards to
    wrappers: tuple[tuple[str, str], ...] = ()
    group_id: str | None = None
    guard: str | None = None
    guard_import: str | None = None
    group_id_import: str | None = None
    line_length: int | None = None
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] | None = None
    extend_ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # where relative patterns (exclude, per-file-ignores) are anchored
    root: str = field(default=".", compare=False)
    source: str | None = field(default=None, compare=False)

    @property
    def all_guards(self) -> tuple[str, ...]:
        return self.guards + self.extend_guards

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with the given fields changed; ``None`` values leave a field alone."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


# key in the TOML table -> (field name, kind)
_KEYS: dict[str, tuple[str, str]] = {
    "clients": ("clients", "names"),
    "grouped-methods": ("grouped_methods", "methods"),
    "guarded-methods": ("guarded_methods", "methods"),
    "guards": ("guards", "names"),
    "extend-guards": ("extend_guards", "names"),
    "guard-decorators": ("guard_decorators", "names"),
    "wrappers": ("wrappers", "wrappers"),
    "group-id": ("group_id", "expression"),
    "guard": ("guard", "expression"),
    "guard-import": ("guard_import", "import"),
    "group-id-import": ("group_id_import", "import"),
    "line-length": ("line_length", "integer"),
    "exclude": ("exclude", "names"),
    "select": ("select", "codes"),
    "extend-select": ("extend_select", "codes"),
    "ignore": ("ignore", "codes"),
    "extend-ignore": ("extend_ignore", "codes"),
    "per-file-ignores": ("per_file_ignores", "per-file"),
}


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` that has our table."""
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and TABLE in _read_toml(candidate).get("tool", {}):
            return candidate
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror}") from None


def load_settings(config: str | None = None, cwd: Path | None = None) -> Settings:
    """Settings from ``config`` (a pyproject.toml or any TOML file), or the nearest one."""
    cwd = cwd or Path.cwd()
    if config is not None:
        path = Path(config)
        if not path.is_file():
            raise ConfigError(f"{config}: config file not found")
        document = _read_toml(path)
        table = document.get("tool", {}).get(TABLE)
        if table is None:
            # a dedicated file may hold the keys at the top level
            table = document if path.name != "pyproject.toml" else {}
    else:
        found = find_pyproject(cwd)
        if found is None:
            return Settings(root=str(cwd))
        path = found
        table = _read_toml(path)["tool"][TABLE]
    return settings_from_table(table, source=str(path), root=str(path.parent.resolve()))


def settings_from_table(table: Mapping[str, Any], source: str, root: str = ".") -> Settings:
    if not isinstance(table, Mapping):
        raise ConfigError(f"{source}: [tool.{TABLE}] must be a table")
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _KEYS:
            hint = difflib.get_close_matches(key, _KEYS, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise ConfigError(f"{source}: unknown key {key!r} in [tool.{TABLE}]{suggestion}")
        name, kind = _KEYS[key]
        values[name] = _convert(value, kind, f"{source}: {key}")
    return Settings(root=root, source=source, **values)


def _convert(value: Any, kind: str, where: str) -> Any:
    if kind in ("names", "methods", "codes"):
        if isinstance(value, str) and kind != "names":
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: expected a list of strings, got {_type(value)}")
        if kind == "methods":
            check_methods(value, where)
        if kind == "codes":
            check_codes(value, where)
        return tuple(value)
    if kind == "expression":
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a string, got {_type(value)}")
        check_expression(value, where)
        return value
    if kind == "import":
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a string, got {_type(value)}")
        check_guard_import(value, where)
        return value
    if kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ConfigError(f"{where}: expected a positive integer, got {_type(value)}")
        return value
    if kind == "wrappers":
        if not isinstance(value, Mapping):
            raise ConfigError(f"{where}: expected a table of \"module.function\" = \"method\"")
        pairs = []
        for qualname, method in value.items():
            if not isinstance(method, str):
                raise ConfigError(f"{where}: {qualname!r} must name a method, got {_type(method)}")
            check_methods([method], f"{where}: {qualname!r}")
            pairs.append((qualname, method))
        return tuple(pairs)
    if kind == "per-file":
        if not isinstance(value, Mapping):
            raise ConfigError(f"{where}: expected a table of \"pattern\" = [codes]")
        result = []
        for pattern, codes in value.items():
            if isinstance(codes, str):
                codes = [c.strip() for c in codes.split(",") if c.strip()]
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                raise ConfigError(f"{where}: {pattern!r} must be a list of codes")
            check_codes(codes, f"{where}: {pattern!r}")
            result.append((pattern, tuple(codes)))
        return tuple(result)
    raise AssertionError(kind)  # pragma: no cover


def _type(value: Any) -> str:
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


def check_guard_import(text: str, where: str) -> None:
    module, sep, name = text.partition(":")
    dotted_ok = all(part.isidentifier() for part in module.split("."))
    if not sep or not dotted_ok or not name.isidentifier():
        raise ConfigError(f"{where}: {text!r} must look like \"package.module:name\"")


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
    ) -> None:
        self.selected_explicitly = _longest_first([*(select or []), *extend_select])
        self.ignored_explicitly = _longest_first([*(ignore or []), *extend_ignore])
        self.selected = _longest_first(
            [*select, *extend_select] if select is not None else ["GID", *extend_select]
        )
        self.ignored = _longest_first(
            [*ignore, *extend_ignore] if ignore is not None else [*DEFAULT_OFF, *extend_ignore]
        )
        self._cache: dict[str, bool] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> CodeSelector:
        return cls(settings.select, settings.extend_select, settings.ignore,
                   settings.extend_ignore)

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


def per_file_ignored(settings: Settings, path: str) -> tuple[str, ...]:
    """The codes ``per-file-ignores`` turns off for ``path``."""
    if not settings.per_file_ignores:
        return ()
    candidates = _match_candidates(path, settings.root)
    codes: list[str] = []
    for pattern, ignored in settings.per_file_ignores:
        base = pattern.rstrip("/")
        if any(fnmatch.fnmatch(c, base) or fnmatch.fnmatch(c, base + "/*") for c in candidates):
            codes.extend(ignored)
    return tuple(codes)


def is_excluded(settings: Settings, path: str, patterns: Iterable[str]) -> bool:
    """True when ``path`` (a file or a directory) matches one of the exclude patterns
    (``fnmatch`` patterns, tried on each spelling of the path)."""
    matcher = _exclude_matcher(tuple(patterns))
    return any(matcher(os.path.normcase(c)) for c in _match_candidates(path, settings.root))


@functools.lru_cache(maxsize=16)
def _exclude_matcher(patterns: tuple[str, ...]) -> Callable[[str], re.Match[str] | None]:
    """One regular expression for all the patterns: discovery tries every folder and
    file against them."""
    if not patterns:
        return re.compile(r"(?!)").match
    return re.compile("|".join(
        f"(?:{fnmatch.translate(os.path.normcase(p.rstrip('/')))})" for p in patterns)).match


def _match_candidates(path: str, root: str) -> tuple[str, ...]:
    """The spellings a pattern may match: base name, path as given, path from the root."""
    normalized = path.replace(os.sep, "/")
    candidates = {os.path.basename(normalized.rstrip("/")), normalized}
    if normalized.startswith("./"):
        candidates.add(normalized[2:])
    absolute, top = os.path.abspath(path), _absolute(root)
    if absolute == top:
        candidates.add(".")
    elif absolute.startswith(top.rstrip(os.sep) + os.sep):
        candidates.add(absolute[len(top.rstrip(os.sep)) + 1:].replace(os.sep, "/"))
    return tuple(candidates)


@functools.lru_cache(maxsize=4)
def _absolute(root: str) -> str:
    return os.path.abspath(root)
