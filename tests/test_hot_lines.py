"""The walk's pre-filter: which lines can hold a call of interest, and which
imported names nothing in a module can rebind (their calls are then filtered
by what the linker says they are)."""

from __future__ import annotations

import ast

import pytest

from lint_groupid.analysis.hot_lines import CallSites, HotLines


def _sites(source: str) -> CallSites:
    return CallSites(source.splitlines(keepends=True))


def _import_lines(source: str) -> set[int]:
    return {line for node in ast.walk(ast.parse(source))
            if isinstance(node, (ast.Import, ast.ImportFrom))
            for line in range(node.lineno, (node.end_lineno or node.lineno) + 1)}


@pytest.mark.parametrize("source", [
    "def f(models):\n    return models.Q()\n",
    "models = make()\n",
    "x, models = pair\n",
    "for models in everything:\n    pass\n",
    "with open(path) as models:\n    pass\n",
    "class models:\n    pass\n",
    "def f():\n    global models\n",
    "(models := load())\n",
    "handler = lambda models: models.Q()\n",
    "first, *models = rows\n",
    "del models\n",
    "register(models)\n",
    "call(key=1, models=2)\n",
])
def test_a_possible_rebinding_keeps_the_name_unfiltered(source: str) -> None:
    text = "from app import models\n" + source
    assert not _sites(text).only_called_or_dotted("models", {1})


@pytest.mark.parametrize("source", [
    "models.Q()\nmodels.send(ctx)\n",
    "# Create your models here.\n",
    "NAME = 'models'\nOTHER = \"models\"\n",
    "value = app.models\n",
    "def f():\n    return models\n",
    "first = models[0]\n",
    "if models == other:\n    pass\n",
    "from app import models as models\n",
    "from app import (\n    forms,\n    models,\n)\n",
])
def test_reads_strings_comments_and_attributes_are_no_bindings(source: str) -> None:
    text = "from app import models\n" + source
    assert _sites(text).only_called_or_dotted("models", {1} | _import_lines(text))


def test_receiver_lines_are_hot_only_where_the_attribute_is_accepted() -> None:
    source = (
        "from app import models\n"          # 1
        "field = models.CharField(3)\n"     # 2: a call the filter rejects
        "models.track_signup(user)\n"       # 3: a call it accepts
        "models.sub.send(user)\n"           # 4: a chain: accepted as not direct
        "name = models.CONSTANT\n"          # 5: no call: never hot
    )
    seen: list[tuple[str, str, bool]] = []

    def accepts(name: str, attribute: str, called: bool) -> bool:
        seen.append((name, attribute, called))
        return attribute != "CharField"

    lines = source.splitlines(keepends=True)
    hot = HotLines(lines, (), receivers={"models"}, accepts=accepts)
    cold = [number for number in range(1, 6) if hot.is_cold_span(number, number)]
    assert cold == [1, 2, 5]
    assert sorted(seen) == [("models", "CharField", True), ("models", "sub", False),
                            ("models", "track_signup", True)]


def test_call_sites_are_searched_once_per_name() -> None:
    sites = _sites("track(a)\nx.track(b)\ntrack = 1\nimport track as send\nsend(c)\n")
    calls, dots, aliases, others = sites.of("track")
    assert len(calls) == 2 and dots == [] and aliases == ["send"] and len(others) == 2
    assert sites.of("track") is sites.of("track")
    lines = {sites.line_of(p) for p in sites.hot_positions({"track"})}
    assert lines == {1, 2, 5}


def test_an_import_line_in_a_docstring_is_no_import() -> None:
    # only the import statements of the tree exempt a mention: the same words in a
    # docstring may bind nothing, but they are not taken as the import either
    text = '"""Tests use:\n\n    from app.testing import models\n"""\nfrom app import models\n'
    assert not _sites(text).only_called_or_dotted("models", {5})
    assert _sites(text).only_called_or_dotted("models", {3, 5})


@pytest.mark.parametrize("source, line", [
    ("x = (track  # why\n     (user, 'e'))\n", 1),          # the parenthesis on the next line
    ("track \\\n    (user, 'e')\n", 1),                      # after a continuation
    ("x = [\n    track\n    (user, 'e'),\n]\n", 2),
])
def test_a_call_split_after_its_name_is_a_call(source: str, line: int) -> None:
    sites = _sites(source)
    assert [sites.line_of(p) for p in sites.of("track")[0]] == [line]


def test_a_def_or_class_statement_binds_its_name_it_does_not_call_it() -> None:
    text = "from app import send\nif DRY:\n    def send(user):\n        pass\n"
    sites = _sites(text)
    assert sites.of("send")[0] == []
    assert not sites.only_called_or_dotted("send", {1})
    assert _sites("class send(Base):\n    pass\n").of("send")[0] == []


def test_a_receiver_continued_on_the_next_line_is_accepted_there() -> None:
    source = (
        "from app import tracking\n"          # 1
        "tracking \\\n"                       # 2
        "    .send(user)\n"                   # 3
        "(tracking  # a comment\n"            # 4
        "    .CONSTANT)\n"                    # 5: no call
    )
    seen: list[tuple[str, str, bool]] = []

    def accepts(name: str, attribute: str, called: bool) -> bool:
        seen.append((name, attribute, called))
        return True

    hot = HotLines(source.splitlines(keepends=True), (), receivers={"tracking"},
                   accepts=accepts)
    assert [n for n in range(1, 6) if not hot.is_cold_span(n, n)] == [2]
    assert seen == [("tracking", "send", True)]
