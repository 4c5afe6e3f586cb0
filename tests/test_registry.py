"""Every rule code has a registry entry and docs; its examples run as tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint_groupid.rules import RULES, rule_doc
from lint_groupid.runner import FileChecker
from lint_groupid.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def _codes_of(source: str, code: str) -> list[str]:
    """The codes a snippet produces with only ``code`` selected (as Fixit runs one rule
    on its VALID/INVALID examples)."""
    result = FileChecker(Settings(select=(code,))).analyse("example.py", source.encode())[0]
    return [f.code for f in result.findings]


@pytest.mark.parametrize("code", list(RULES))
def test_rule_example_produces_exactly_its_code(code: str) -> None:
    rule = RULES[code]
    assert _codes_of(rule.example + "\n", code) == [code]


@pytest.mark.parametrize("code", list(RULES))
def test_rule_use_instead_produces_nothing(code: str) -> None:
    rule = RULES[code]
    assert _codes_of(rule.use_instead + "\n", code) == []


@pytest.mark.parametrize("code", list(RULES))
def test_rule_has_docs(code: str) -> None:
    rule = RULES[code]
    assert rule.code == code
    for part in (rule.name, rule.summary, rule.what, rule.why, rule.example,
                 rule.use_instead, rule.fix):
        assert part.strip()
    assert rule_doc(rule).startswith(f"## {code} ({rule.name})")


@pytest.mark.parametrize("code", list(RULES))
def test_docs_document_rule_and_readme_links_there(code: str) -> None:
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    rule = RULES[code]
    assert f"## {code} ({rule.name})" in docs
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"(docs/rules.md#{code.lower()}-{rule.name})" in readme


def test_rule_docs_are_generated_from_the_registry() -> None:
    import importlib.util

    script = ROOT / "scripts" / "update_docs.py"
    spec = importlib.util.spec_from_file_location("update_docs", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert module.rendered() == current, "run: python scripts/update_docs.py"


FIXABLE = [code for code, rule in RULES.items() if rule.fixable]


@pytest.mark.parametrize("code", FIXABLE)
def test_fixable_rule_has_fix_noop_and_idempotency_tests(code: str) -> None:
    """Every fixable code is fixed in at least one input/expected pair (whose output
    test_fix checks for idempotency) and appears in the no-op list."""
    import shlex

    from lint_groupid.runner import FileChecker
    from lint_groupid.settings import Settings
    from tests import test_fix

    covered = False
    for entry in test_fix.CASES:
        case = entry if isinstance(entry, Path) else entry.values[0]
        assert isinstance(case, Path)
        args = shlex.split(" ".join(test_fix.case_args(case.read_bytes())))
        settings = Settings(
            group_id=args[args.index("--group-id") + 1] if "--group-id" in args else None,
            guard=args[args.index("--guard") + 1] if "--guard" in args else None,
        )
        text = case.read_bytes().decode("latin-1" if "latin" in case.name else "utf-8-sig")
        result = FileChecker(settings).analyse_tree(case.name, text, text.splitlines(True))[0]
        covered |= any(f.code == code and f.fix is not None for f in result.findings)
    assert covered, f"no fixture pair under fixtures/fix/ fixes {code}"
    noop_codes = set()
    for source in test_fix.NOOP.values():
        import ast
        import textwrap

        from lint_groupid.checker import check_tree

        # the finding itself, before noqa comments are applied: a no-op case must hold a
        # real finding that fix leaves alone (suppressed, unsafe, or without a fix)
        text = textwrap.dedent(source)
        found = check_tree(ast.parse(text), text.splitlines(True),
                           Settings(guard="internal_user()"))
        noop_codes.update(f.code for f in found)
    assert code in noop_codes, f"no no-op case holds a {code} finding that fix leaves alone"
