"""GID101–GID105: one class per rule, positive and negative snippets."""

from __future__ import annotations

import pytest

from tests.helpers import findings, run

HEADER = "import analytics\nGROUP = 'groupId'\nMISSPELLED = 'group_id'\n"


def check(body: str, **kwargs: object) -> list[tuple[int, int, str]]:
    """Findings in ``body`` (after HEADER), lines counted from the body's first line."""
    offset = HEADER.count("\n")
    return [(line - offset, column, code)
            for line, column, code in run(HEADER + body, guarded_methods=(), **kwargs)]


class TestGID101:
    @pytest.mark.parametrize(
        "body",
        [
            pytest.param("analytics.track('u', 'e')\n", id="no-context"),
            pytest.param("analytics.track('u', 'e', context=None)\n", id="context-none"),
            pytest.param("analytics.track('u', 'e', {}, None)\n", id="positional-none"),
            pytest.param("analytics.track('u', 'e', context={'library': 'x'})\n", id="dict"),
            pytest.param("analytics.track('u', 'e', context=dict(ip='1'))\n", id="dict-call"),
            pytest.param("analytics.track('u', 'e', {'a': 1}, {'ip': 1})\n", id="positional"),
            pytest.param("analytics.track('u', 'e', context={**{'a': 1}})\n", id="spread"),
            pytest.param("analytics.track(**{'user_id': 'u', 'event': 'e'})\n",
                         id="kwargs-without-context"),
            pytest.param("ctx = {'a': 1}\nctx['b'] = 2\nanalytics.track('u', 'e', context=ctx)\n",
                         id="local-flow"),
            pytest.param("ctx = dict(a=1) if x else {'b': 2}\n"
                         "analytics.track('u', 'e', context=ctx)\n", id="conditional"),
            pytest.param("analytics.track('u', 'e', context=None if x else {})\n",
                         id="conditional-none"),
            pytest.param("payload = {'event': 'e', 'context': {}}\n"
                         "analytics.track('u', **payload)\n", id="payload-context"),
        ],
    )
    def test_positive(self, body: str) -> None:
        assert [code for _, _, code in check(body)] == ["GID101"]

    def test_positive_reported_at_the_call(self) -> None:
        assert check("x = 1\nresult = analytics.track(\n    'u', 'e')\n") == [(2, 10, "GID101")]

    @pytest.mark.parametrize(
        "body",
        [
            pytest.param("analytics.track('u', 'e', context={'groupId': g})\n", id="dict"),
            pytest.param("analytics.track('u', 'e', context={GROUP: g})\n", id="constant-key"),
            pytest.param("analytics.track('u', 'e', context=dict(groupId=g))\n",
                         id="dict-call"),
            pytest.param("analytics.track('u', 'e', context=dict(base, groupId=g))\n",
                         id="dict-call-mapping"),
            pytest.param("analytics.track('u', 'e', {}, {'groupId': g})\n", id="positional"),
            pytest.param("base = {'groupId': g}\nanalytics.track('u', 'e', context={**base})\n",
                         id="spread-resolvable"),
            pytest.param("payload = {'context': {'groupId': g}}\n"
                         "analytics.track('u', 'e', **payload)\n", id="payload"),
            pytest.param("ctx = {}\nctx['groupId'] = g\nanalytics.track('u', 'e', context=ctx)\n",
                         id="setitem"),
            pytest.param("ctx = dict()\nctx.update(groupId=g)\n"
                         "analytics.track('u', 'e', context=ctx)\n", id="update-keyword"),
            pytest.param("ctx = {}\nctx.update({'groupId': g})\n"
                         "analytics.track('u', 'e', context=ctx)\n", id="update-dict"),
            pytest.param("ctx = {}\nctx.setdefault('groupId', g)\n"
                         "analytics.track('u', 'e', context=ctx)\n", id="setdefault"),
            pytest.param("ctx = {}\nctx |= {'groupId': g}\n"
                         "analytics.track('u', 'e', context=ctx)\n", id="ior"),
            pytest.param("ctx = {'groupId': a} if x else dict(groupId=b)\n"
                         "analytics.track('u', 'e', context=ctx)\n", id="conditional"),
            pytest.param("analytics.track('u', 'e', context={**unknown, 'groupId': g})\n",
                         id="unknown-spread-then-key"),
        ],
    )
    def test_negative(self, body: str) -> None:
        assert check(body) == []

    def test_negative_local_flow_in_function(self) -> None:
        body = (
            "def f(user, org):\n"
            "    ctx = {'ip': user.ip}\n"
            "    if user.beta:\n"
            "        log('beta')\n"
            "    ctx['groupId'] = org.id\n"
            "    analytics.track(user.id, 'e', context=ctx)\n"
        )
        assert check(body) == []

    def test_negative_unknown_flow_is_not_reported(self) -> None:
        body = (
            "def f(user, org):\n"
            "    ctx = {'ip': user.ip}\n"
            "    enrich(ctx)\n"  # may add groupId: unknown, so GID105 at most
            "    analytics.track(user.id, 'e', context=ctx)\n"
        )
        assert check(body) == []
        assert [c for _, _, c in check(body, select=("GID105",))] == ["GID105"]

    @pytest.mark.parametrize("write", [
        "payload['context']['groupId'] = org.id",
        "payload['context'].update(groupId=org.id)",
        "payload['context'].setdefault('groupId', org.id)",
    ])
    def test_negative_a_write_into_a_payload_entry_is_unknown(self, write: str) -> None:
        body = (
            "def f(user, org):\n"
            "    payload = {'event': 'e', 'context': {'ip': user.ip}}\n"
            f"    {write}\n"
            "    analytics.track(user.id, **payload)\n"
        )
        assert check(body) == []
        assert [c for _, _, c in check(body, select=("GID105",))] == ["GID105"]

    def test_positive_a_dict_copied_by_dict_is_read_again(self) -> None:
        body = (
            "def f(user, org):\n"
            "    base = {'ip': user.ip}\n"
            "    analytics.track(user.id, 'e', context=dict(base, groupId=org.id))\n"
            "    analytics.track(user.id, 'e', context=base)\n"
        )
        assert [(line, code) for line, _, code in check(body)] == [(4, "GID101")]

    def test_a_walrus_bound_in_an_analytics_call_is_read_at_the_next(self) -> None:
        body = (
            "def f(user, org):\n"
            "    analytics.track(user.id, 'e', context=(ctx := {'groupId': org.id}))\n"
            "    analytics.track(user.id, 'e', context=ctx)\n"
            "    analytics.track(user.id, 'e', context=(other := {'ip': user.ip}))\n"
            "    analytics.track(user.id, 'e', context=other)\n"
        )
        assert [(line, code) for line, _, code in check(body)] == [(4, "GID101"),
                                                                    (5, "GID101")]

    def test_negative_a_walrus_handed_to_another_function_is_unknown(self) -> None:
        body = (
            "def f(user, org):\n"
            "    enrich(ctx := {'ip': user.ip})\n"  # may add groupId
            "    analytics.track(user.id, 'e', context=ctx)\n"
        )
        assert check(body) == []

    def test_negative_conditional_mutation_is_unknown(self) -> None:
        body = (
            "def f(user, org):\n"
            "    ctx = {}\n"
            "    if org:\n"
            "        ctx['groupId'] = org.id\n"
            "    analytics.track(user.id, 'e', context=ctx)\n"
        )
        assert check(body) == []

    def test_negative_loop_mutation_is_unknown(self) -> None:
        body = (
            "def f(user, orgs):\n"
            "    ctx = {}\n"
            "    for org in orgs:\n"
            "        analytics.track(user.id, 'e', context=ctx)\n"
            "        ctx['groupId'] = org.id\n"
        )
        assert check(body) == []

    def test_positive_same_context_sent_twice(self) -> None:
        body = (
            "def f(user):\n"
            "    ctx = {'ip': user.ip}\n"
            "    analytics.track(user.id, 'a', context=ctx)\n"
            "    analytics.track(user.id, 'b', context=ctx)\n"
        )
        assert [(line, code) for line, _, code in check(body)] == [
            (3, "GID101"), (4, "GID101")]

    def test_negative_mutation_spelled_with_other_characters(self) -> None:
        """Python reads ``ｃｔｘ`` (full-width letters) as ``ctx`` (NFKC): statements
        that do not spell a name in ASCII are still looked at."""
        body = (
            "def f(user, org):\n"
            "    ctx = {}\n"
            "    \uff43\uff54\uff58['groupId'] = org.id\n"
            "    analytics.track(user.id, 'e', context=ctx)\n"
        )
        assert check(body) == []

    def test_negative_try_body_may_have_run(self) -> None:
        body = (
            "def f(user, org):\n"
            "    ctx = {}\n"
            "    try:\n"
            "        ctx['groupId'] = org.id\n"
            "        risky()\n"
            "    except Error:\n"
            "        analytics.track(user.id, 'e', context=ctx)\n"
        )
        assert check(body) == []


class TestGID102:
    @pytest.mark.parametrize(
        ("body", "position"),
        [
            pytest.param("analytics.track('u', 'e', context={'groupId': None})\n", (1, 47),
                         id="none"),
            pytest.param("analytics.track('u', 'e', context={'groupId': ''})\n", (1, 47),
                         id="empty-string"),
            pytest.param("analytics.track('u', 'e', context=dict(groupId=None))\n", (1, 48),
                         id="dict-call"),
            pytest.param("ctx = {}\nctx['groupId'] = None\n"
                         "analytics.track('u', 'e', context=ctx)\n",
                         (2, 18), id="setitem"),
        ],
    )
    def test_positive(self, body: str, position: tuple[int, int]) -> None:
        assert check(body) == [(*position, "GID102")]

    def test_positive_message_names_the_value(self) -> None:
        (finding,) = findings(HEADER + "analytics.track('u', 'e', context={'groupId': ''})\n",
                              guarded_methods=())
        assert finding.message == 'groupId in the track() context is empty ("")'

    @pytest.mark.parametrize(
        "body",
        [
            pytest.param("analytics.track('u', 'e', context={'groupId': '0'})\n", id="zero"),
            pytest.param("analytics.track('u', 'e', context={'groupId': org_id or None})\n",
                         id="expression"),
            pytest.param("analytics.track('u', 'e', context={'groupId': a if x else None})\n",
                         id="maybe-none"),
        ],
    )
    def test_negative(self, body: str) -> None:
        assert check(body) == []


class TestGID103:
    @pytest.mark.parametrize(
        "key", ["group_id", "groupID", "GroupId", "groupid", "group-id", "Group_Id", "GROUPID"]
    )
    def test_positive_misspellings(self, key: str) -> None:
        assert check(f"analytics.track('u', 'e', context={{'{key}': g}})\n") == [
            (1, 36, "GID103")]

    def test_positive_constant_key_and_dict_keyword(self) -> None:
        assert check("analytics.track('u', 'e', context={MISSPELLED: g})\n") == [
            (1, 36, "GID103")]
        assert check("analytics.track('u', 'e', context=dict(group_id=g))\n") == [
            (1, 40, "GID103")]

    def test_positive_message(self) -> None:
        (finding,) = findings(HEADER + "analytics.track('u', 'e', context={'group_id': 1})\n",
                              guarded_methods=())
        assert finding.message == "context key 'group_id' is not groupId: analytics tools ignore it"

    @pytest.mark.parametrize(
        "body",
        [
            pytest.param("analytics.track('u', 'e', context={'groupId': g, 'group_id': g})\n",
                         id="correct-key-also-present"),
            pytest.param("analytics.track('u', 'e', context={'group': g})\n"
                         "analytics.track('u', 'e', context={'groupId': g})\n",
                         id="not-a-misspelling"),
            pytest.param("analytics.track('u', 'e', {'group_id': g}, {'groupId': g})\n",
                         id="in-properties-is-fine"),
        ],
    )
    def test_negative(self, body: str) -> None:
        assert [c for _, _, c in check(body)] in ([], ["GID101"])
        assert "GID103" not in [c for _, _, c in check(body)]


class TestGID104:
    def test_positive_properties_keyword(self) -> None:
        assert check("analytics.track('u', 'e', properties={'groupId': g})\n") == [
            (1, 39, "GID104")]

    def test_positive_properties_positional(self) -> None:
        assert check("analytics.track('u', 'e', {'plan': 1, 'groupId': g})\n") == [
            (1, 39, "GID104")]

    def test_positive_traits(self) -> None:
        body = "analytics.identify('u', {'groupId': g})\n"
        assert check(body, grouped_methods=("identify",)) == [(1, 26, "GID104")]

    def test_positive_message(self) -> None:
        (finding,) = findings(HEADER + "analytics.track('u', 'e', {'groupId': 1})\n",
                              guarded_methods=())
        assert finding.message == "groupId is in the track() properties, not in its context"

    @pytest.mark.parametrize(
        "body",
        [
            pytest.param("analytics.track('u', 'e', {'groupId': g}, {'groupId': g})\n",
                         id="both"),
            pytest.param("analytics.track('u', 'e', {'group_id': g})\n", id="other-key"),
        ],
    )
    def test_negative(self, body: str) -> None:
        assert "GID104" not in [c for _, _, c in check(body)]


class TestGID105:
    @pytest.mark.parametrize(
        ("body", "column"),
        [
            pytest.param("def f(ctx):\n    analytics.track('u', 'e', context=ctx)\n", 39,
                         id="parameter"),
            pytest.param("def f():\n    analytics.track('u', 'e', context=build())\n", 39,
                         id="call-result"),
            pytest.param("def f(**kw):\n    analytics.track('u', 'e', **kw)\n", 31,
                         id="kwargs"),
            pytest.param("def f(*a):\n    analytics.track('u', *a)\n", 26, id="star-args"),
            pytest.param("def f(b):\n    analytics.track('u', 'e', context={**b})\n", 39,
                         id="unknown-spread"),
        ],
    )
    def test_positive(self, body: str, column: int) -> None:
        assert check(body, select=("GID105",)) == [(2, column, "GID105")]

    def test_negative_off_by_default(self) -> None:
        source = HEADER + "def f(ctx):\n    analytics.track('u', 'e', context=ctx)\n"
        assert run(source, guarded_methods=()) == []
        assert run(source, select=("GID1",), guarded_methods=()) == [(5, 39, "GID105")]

    def test_negative_verifiable(self) -> None:
        assert check("analytics.track('u', 'e', context={'groupId': g})\n",
                     select=("GID105",)) == []


def test_one_finding_per_call_per_family() -> None:
    body = "analytics.track('u', 'e', {'groupId': g}, {'group_id': g})\n"
    assert [c for _, _, c in check(body)] == ["GID103"]


def test_columns_count_characters_not_bytes() -> None:
    body = "analytics.track('ü', 'é', context={'group_id': g})\n"
    assert check(body) == [(1, 36, "GID103")]


def selected(body: str) -> list[str]:
    """Codes in ``body`` with GID105 turned on."""
    return [code for _, _, code in check(body, select=("GID1",))]


class TestGID102ReplaceableValues:
    """Issue 13: a value is decisive only when nothing after it can replace it."""

    @pytest.mark.parametrize(
        "body",
        [
            pytest.param("def track(user, event, **overrides):\n"
                         "    analytics.track(user, event,\n"
                         "                    context={'groupId': None, **overrides})\n",
                         id="spread-after"),
            pytest.param("def track(user, event, **overrides):\n"
                         "    analytics.track(user, event,\n"
                         "                    context=dict({'groupId': None}, **overrides))\n",
                         id="dict-call-spread-after"),
            pytest.param("def track(user, event, key, value):\n"
                         "    analytics.track(user, event, context={'groupId': '', key: value})\n",
                         id="computed-key-after"),
            pytest.param("def track(user, event, extra):\n"
                         "    ctx = {'groupId': None}\n"
                         "    ctx.update(extra)\n"
                         "    analytics.track(user, event, context=ctx)\n",
                         id="unknown-update-after"),
        ],
    )
    def test_negative_unknown_not_gid102(self, body: str) -> None:
        assert selected(body) == ["GID105"]
        assert check(body) == []

    @pytest.mark.parametrize(
        "body",
        [
            pytest.param("def track(user, event, **overrides):\n"
                         "    analytics.track(user, event,\n"
                         "                    context={**overrides, 'groupId': None})\n",
                         id="spread-before"),
            pytest.param("def track(user, event):\n"
                         "    analytics.track(user, event,\n"
                         "                    context={'groupId': None, **{'ip': '1'}})\n",
                         id="known-spread-after"),
            pytest.param("def track(user, event, key, value):\n"
                         "    ctx = {'groupId': None}\n"
                         "    ctx.setdefault(key, value)\n"
                         "    analytics.track(user, event, context=ctx)\n",
                         id="setdefault-never-replaces"),
        ],
    )
    def test_positive_decisive(self, body: str) -> None:
        assert selected(body) == ["GID102"]


class TestGID101ChangedElsewhere:
    """Issue 13: a dict another function may change is unknown, not GID101."""

    @pytest.mark.parametrize(
        "body",
        [
            pytest.param("def handler(event):\n"
                         "    def add_group():\n"
                         "        ctx['groupId'] = event.workspace_id\n"
                         "    ctx = {}\n"
                         "    add_group()\n"
                         "    analytics.track(event.user_id, 'Event', context=ctx)\n",
                         id="closure-mutates-it"),
            pytest.param("def handler(event):\n"
                         "    ctx = {'ip': event.ip}\n"
                         "    hooks.append(lambda ws: ctx.update(groupId=ws.id))\n"
                         "    run_hooks()\n"
                         "    analytics.track(event.user_id, 'Event', context=ctx)\n",
                         id="lambda-mutates-it"),
            pytest.param("def set_workspace(ws):\n"
                         "    CONTEXT['groupId'] = ws.id\n"
                         "CONTEXT = {}\n"
                         "analytics.track('system', 'Booted', context=CONTEXT)\n",
                         id="module-dict-changed-by-a-function"),
        ],
    )
    def test_negative_unknown(self, body: str) -> None:
        assert check(body) == []
        assert selected(body) == ["GID105"]

    @pytest.mark.parametrize(
        "body",
        [
            pytest.param("def handler(event):\n"
                         "    def describe():\n"
                         "        ctx = {'groupId': event.workspace_id}\n"
                         "        return ctx\n"
                         "    ctx = {}\n"
                         "    analytics.track(event.user_id, 'Event', context=ctx)\n",
                         id="closure-with-its-own-local"),
            pytest.param("def set_workspace(ws, CONTEXT):\n"
                         "    CONTEXT['groupId'] = ws.id\n"
                         "CONTEXT = {}\n"
                         "analytics.track('system', 'Booted', context=CONTEXT)\n",
                         id="function-with-a-parameter-of-that-name"),
        ],
    )
    def test_positive(self, body: str) -> None:
        assert [code for _, _, code in check(body)] == ["GID101"]


class TestContextForms:
    """Issue 13: walrus contexts and deletions with a computed key."""

    def test_negative_walrus_binds_a_dict_with_group_id(self) -> None:
        body = "def f(ws):\n    analytics.track('u', 'e', context=(ctx := {'groupId': ws.id}))\n"
        assert selected(body) == []

    def test_positive_walrus_binds_a_dict_without_group_id(self) -> None:
        body = "def f(ws):\n    analytics.track('u', 'e', context=(ctx := {'ip': ws.ip}))\n"
        assert selected(body) == ["GID101"]

    def test_negative_del_with_computed_key_makes_it_unknown(self) -> None:
        body = ("def f(ws, key):\n"
                "    ctx = {'groupId': ws.id, 'ip': ws.ip}\n"
                "    del ctx[key]\n"
                "    analytics.track('u', 'e', context=ctx)\n")
        assert selected(body) == ["GID105"]
        assert check(body) == []

    def test_positive_del_with_computed_key_cannot_add_the_key(self) -> None:
        body = ("def f(ws, key):\n"
                "    ctx = {'ip': ws.ip}\n"
                "    del ctx[key]\n"
                "    analytics.track('u', 'e', context=ctx)\n")
        assert selected(body) == ["GID101"]

    def test_negative_pop_with_computed_key_makes_it_unknown(self) -> None:
        body = ("def f(ws, key):\n"
                "    ctx = {'groupId': ws.id}\n"
                "    ctx.pop(key)\n"
                "    analytics.track('u', 'e', context=ctx)\n")
        assert selected(body) == ["GID105"]
