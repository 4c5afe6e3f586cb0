"""Every rule code has a registry entry, docs, and positive and negative tests."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from lint_groupid.rules import RULES, rule_doc
from tests import test_attribution_rules, test_guard_rule

ROOT = Path(__file__).resolve().parent.parent
RULE_CODES = [code for code in RULES if code != "GID000"]
TEST_MODULES = [test_attribution_rules, test_guard_rule]


@pytest.mark.parametrize("code", RULE_CODES)
def test_rule_has_positive_and_negative_tests(code: str) -> None:
    classes = [getattr(m, f"Test{code}") for m in TEST_MODULES if hasattr(m, f"Test{code}")]
    assert classes, f"no class Test{code}"
    names = [name for cls in classes for name, _ in inspect.getmembers(cls, inspect.isfunction)]
    assert any(n.startswith("test_positive") for n in names), f"Test{code} has no positive test"
    assert any(n.startswith("test_negative") for n in names), f"Test{code} has no negative test"


@pytest.mark.parametrize("code", list(RULES))
def test_rule_has_docs(code: str) -> None:
    rule = RULES[code]
    assert rule.code == code
    for part in (rule.name, rule.summary, rule.what, rule.why, rule.example,
                 rule.use_instead, rule.fix):
        assert part.strip()
    assert rule_doc(rule).startswith(f"## {code} ({rule.name})")


@pytest.mark.parametrize("code", RULE_CODES)
def test_readme_documents_rule(code: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"### {code}" in readme, f"README has no section for {code}"


def test_default_off_codes() -> None:
    assert [code for code, rule in RULES.items() if not rule.default_on] == ["GID105"]


def test_readme_rule_docs_are_generated_from_the_registry() -> None:
    import importlib.util

    script = ROOT / "scripts" / "update_docs.py"
    spec = importlib.util.spec_from_file_location("update_docs", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert module.updated(text) == text, "run: python scripts/update_docs.py"
