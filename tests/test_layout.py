"""The package is one stage per folder, with imports only downward:

    positions, rules, analysis.sdk, cache_folder  <  settings  <  files  <  analysis  <  project and
    the fix plan (fixer.model, .planning, .layout)  <  checker  <  fixer's engine and
    pipeline / runner / report / baseline …  <  front ends (cli, flake8 plugin,
    codemods, explain)

A module may import from its own stage and the stages below it, never above.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "lint_groupid"

# lower number: lower stage
STAGES: dict[str, int] = {
    "positions": 0, "fixes": 0, "rules": 0,
    "cache_folder": 0,  # the cache folder's files: settings keep the files they parse there
    "analysis.sdk": 0,  # what the SDKs look like: data that settings validate against
    "settings": 1,
    "files": 2,
    "analysis": 3,
    "project": 4,
    "checker": 5,
    # a finding carries its fix plan: the checker plans (fixer.model, .planning, .layout);
    # the fixer's engine, verification and file pipeline come after the checker
    "fixer.__init__": 4, "fixer.model": 4, "fixer.planning": 4, "fixer.layout": 4,
    "fixer.syntax": 4,  # the libcst nodes an edit kind builds when it applies itself
    "fingerprints": 6, "noqa": 6, "runner": 6, "fixer": 6, "report": 6,
    "baseline": 7, "add_noqa": 7,
    "explain": 8, "cli": 8, "flake8_plugin": 8, "codemods": 8, "__main__": 8,
    "__init__": 0,
}


def _stage_of(module: str) -> int:
    parts = module.split(".")
    for length in range(len(parts), 0, -1):
        stage = STAGES.get(".".join(parts[:length]))
        if stage is not None:
            return stage
    raise KeyError(module)


def _imports(path: Path) -> list[tuple[str, int]]:
    """The package modules ``path`` imports (relative to the package), with lines."""
    relative = path.relative_to(PACKAGE).with_suffix("")
    package = list(relative.parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - (node.level - 1)]
            target = [*base, *(node.module.split(".") if node.module else [])]
            if node.module is None:  # ``from . import x``: a module, or the package's
                folder = PACKAGE.joinpath(*target)
                found.extend((".".join([*target, alias.name])
                              if (folder / f"{alias.name}.py").exists() or
                              (folder / alias.name).is_dir()
                              else ".".join([*target, "__init__"]) if target else "__init__",
                              node.lineno) for alias in node.names)
            else:
                found.append((".".join(target), node.lineno))
        elif isinstance(node, ast.ImportFrom) and node.module and \
                node.module.startswith("lint_groupid."):
            found.append((node.module.split(".", 1)[1], node.lineno))
    return found


def _module_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts)


def test_every_module_has_a_stage() -> None:
    for path in PACKAGE.rglob("*.py"):
        _stage_of(_module_of(path))


def test_imports_only_go_down() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = _stage_of(_module_of(path))
        for module, line in _imports(path):
            if _stage_of(module) > own:
                upward.append(f"{path.relative_to(PACKAGE)}:{line} imports {module}")
    assert upward == []
