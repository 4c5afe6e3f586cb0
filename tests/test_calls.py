"""Which calls are analytics calls (the SPEC section of that name), via GID101."""

from __future__ import annotations

import pytest

from tests.helpers import codes, run

GID101 = ["GID101"]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("import analytics\nanalytics.track('u', 'e')\n", id="import"),
        pytest.param("import segment.analytics as sa\nsa.track('u', 'e')\n", id="import-as"),
        pytest.param("import segment.analytics\nsegment.analytics.track('u', 'e')\n",
                     id="dotted-import"),
        pytest.param("from june import analytics as june\njune.track('u', 'e')\n",
                     id="from-import-as"),
        pytest.param("from segment.analytics import track\ntrack('u', 'e')\n", id="function"),
        pytest.param("from segment.analytics import track as send\nsend('u', 'e')\n",
                     id="function-alias"),
        pytest.param("from rudderstack import analytics as ra\nra.track('u', 'e')\n",
                     id="rudderstack"),
        pytest.param("import rudder_analytics\nrudder_analytics.track('u', 'e')\n",
                     id="rudder-1x"),
        pytest.param("def f():\n    import analytics\n    analytics.track('u', 'e')\n",
                     id="import-in-function"),
        pytest.param(
            "try:\n    import analytics\nexcept ImportError:\n    analytics = None\n"
            "def f():\n    analytics.track('u', 'e')\n",
            id="optional-import",
        ),
        pytest.param(
            "import segment.analytics as segment_analytics\nclass T:\n"
            "    def __init__(self):\n        self.sdk = segment_analytics\n"
            "    def go(self):\n        self.sdk.track('u', 'e')\n",
            id="module-on-attribute",
        ),
        pytest.param("from analytics import Client\nc = Client('k')\nc.track('u', 'e')\n",
                     id="client-module-name"),
        pytest.param(
            "from segment.analytics.client import Client as SegmentClient\n"
            "def f():\n    c = SegmentClient('k')\n    c.track('u', 'e')\n",
            id="client-local-aliased-class",
        ),
        pytest.param(
            "import june.analytics\nclass T:\n    def __init__(self):\n"
            "        self.client = june.analytics.Client('k')\n"
            "    def go(self):\n        self.client.track('u', 'e')\n",
            id="client-self-attribute",
        ),
        pytest.param(
            "from analytics import Client\nclass T:\n    @classmethod\n    def setup(cls):\n"
            "        cls.client = Client('k')\n    @classmethod\n    def go(cls):\n"
            "        cls.client.track('u', 'e')\n",
            id="client-cls-attribute",
        ),
        pytest.param(
            "from functools import cached_property\nfrom analytics import Client\nclass T:\n"
            "    @cached_property\n    def _client(self):\n        return Client('k')\n"
            "    def go(self):\n        self._client.track('u', 'e')\n",
            id="client-cached-property",
        ),
        pytest.param(
            "from analytics import Client\nclass T:\n    @property\n    def client(self):\n"
            "        return Client('k')\n    def go(self):\n        self.client.track('u', 'e')\n",
            id="client-property",
        ),
        pytest.param("from analytics import Client\nClient('k').track('u', 'e')\n",
                     id="client-direct"),
        # any binding (or return value) that can reach the call counts
        pytest.param("from analytics import Client\ndef make():\n    if x:\n"
                     "        return Client('k')\n    return Other()\nmake().track('u', 'e')\n",
                     id="factory-that-may-return-a-client"),
        pytest.param("try:\n    import analytics\nexcept ImportError:\n    analytics = Stub()\n"
                     "analytics.track('u', 'e')\n", id="fallback-stub"),
        pytest.param("if TESTING:\n    analytics = MagicMock()\nelse:\n    import analytics\n"
                     "analytics.track('u', 'e')\n", id="mock-under-if"),
        pytest.param("from app import analytics\nanalytics = analytics\n"
                     "analytics.track('u', 'e')\n", id="rebound-to-itself"),
        pytest.param("from analytics import Client\ndef f(client: Client):\n"
                     "    client.track('u', 'e')\n", id="annotated-parameter"),
        pytest.param("from typing import Optional\nfrom analytics import Client\n"
                     "def f(client: Optional[Client] = None):\n    client.track('u', 'e')\n",
                     id="annotated-optional-parameter"),
        pytest.param("from analytics import Client\ndef f(client: 'Client | None'):\n"
                     "    client.track('u', 'e')\n", id="annotated-string-union"),
        pytest.param("from segment.analytics import *\ntrack('u', 'e')\n", id="star-import"),
        pytest.param(
            "from analytics import Client\nclass T:\n    def __init__(self, k, host):\n"
            "        self.client, self.host = Client(k), host\n"
            "    def go(self):\n        self.client.track('u', 'e')\n",
            id="client-tuple-assignment",
        ),
        pytest.param("from analytics import Client\nc, n = Client('k'), 1\nc.track('u', 'e')\n",
                     id="client-tuple-assignment-name"),
        pytest.param(
            "from analytics import Client\n_client = None\ndef get_client():\n"
            "    global _client\n    if _client is None:\n        _client = Client('k')\n"
            "    return _client\nget_client().track('u', 'e')\n",
            id="client-lazy-singleton",
        ),
        pytest.param(
            "from analytics import Client\nclass T:\n    def setUp(self):\n"
            "        self.client = self.make_client()\n    def make_client(self, **kw):\n"
            "        client = Client('k', **kw)\n        return client\n"
            "    def go(self):\n        c = self.client\n        c.track('u', 'e')\n",
            id="client-factory-method",
        ),
        pytest.param("from app.telemetry import analytics\nanalytics.track('u', 'e')\n",
                     id="configured-client-default"),
        pytest.param("from . import analytics\nanalytics.track('u', 'e')\n",
                     id="configured-client-relative"),
        pytest.param("analytics.track('u', 'e')\n", id="configured-client-unbound"),
    ],
)
def test_positive_analytics_call(source: str) -> None:
    assert codes(source, guarded_methods=()) == GID101


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("from rich.progress import track\nfor x in track([1]): pass\n",
                     id="rich-progress"),
        pytest.param("import re\nm = re.match('a', 'a')\nm.group(1)\n", id="regex-group"),
        pytest.param("def f(tracker):\n    tracker.track('u', 'e')\n", id="unknown-object"),
        pytest.param("import analytics\ndef f():\n    analytics = Other()\n"
                     "    analytics.track('u', 'e')\n", id="local-rebinding"),
        pytest.param("def f(analytics):\n    analytics.track('u', 'e')\n", id="parameter"),
        pytest.param("from foo import Client\ndef f(client: Client):\n"
                     "    client.track('u', 'e')\n", id="annotated-other-client"),
        pytest.param("import analytics\nanalytics = Other()\nanalytics.track('u', 'e')\n",
                     id="rebound-before-the-call"),
        pytest.param("import analytics\n[analytics.track('u', 'e') for analytics in handlers]\n",
                     id="comprehension-variable"),
        pytest.param("import analytics\n{a: analytics.track(a, 'e') for a, analytics in pairs}\n",
                     id="comprehension-tuple-variable"),
        pytest.param("from analytics import Client\nn, c = Client('k'), 1\nc.track('u', 'e')\n",
                     id="tuple-assignment-other-element"),
        pytest.param("import analytics\nwith open('x') as analytics:\n"
                     "    analytics.track('u', 'e')\n", id="with-as"),
        pytest.param("import analytics\nanalytics.flush()\n", id="other-sdk-function"),
        pytest.param("from analytics import Client\nc = Client('k')\nc.flush()\n",
                     id="other-client-method"),
        pytest.param("from foo import Client\nClient('k').track('u', 'e')\n",
                     id="other-client-class"),
        pytest.param("import mixpanel as analytics_lib\nanalytics_lib.track('u', 'e')\n",
                     id="other-library"),
        pytest.param("track('u', 'e')\n", id="unbound-function"),
        pytest.param("def make():\n    pass\nmake().track('u', 'e')\n", id="no-return"),
        pytest.param("import analytics\nclass T:\n    analytics = None\n"
                     "    def go(self):\n        self.analytics.track('u', 'e')\n",
                     id="attribute-none"),
    ],
)
def test_negative_lookalike(source: str) -> None:
    assert run(source) == []


def test_clients_setting_adds_dotted_receivers() -> None:
    source = "from app.telemetry import segment_client\nsegment_client.track('u', 'e')\n"
    assert codes(source) == []
    assert codes(source, clients=("app.telemetry.segment_client",),
                 guarded_methods=()) == GID101


def test_clients_setting_replaces_the_default() -> None:
    source = "from app.telemetry import analytics\nanalytics.track('u', 'e')\n"
    assert codes(source, clients=("tracker",)) == []


def test_wrapper_calls_are_checked_for_attribution_not_guards() -> None:
    source = (
        "from app.tracking import analytics_track\n"
        "analytics_track(user, 'Signed Up')\n"
        "analytics_track(user, 'Signed Up', context={'groupId': org.id})\n"
    )
    wrappers = (("app.tracking.analytics_track", "track"),)
    assert run(source, wrappers=wrappers) == [(2, 1, "GID101")]


def test_wrapper_defined_in_its_own_module() -> None:
    source = "def analytics_track(user, event, context=None):\n    pass\n" \
             "analytics_track(user, 'e')\n"
    wrappers = (("app.tracking.analytics_track", "track"),)
    assert codes(source, wrappers=wrappers, module="app.tracking") == GID101
    assert codes(source, wrappers=wrappers, module="app.other") == []


def test_configured_wrapper_reads_its_arguments_like_the_sdk_method() -> None:
    # README: "its calls are checked like track() for GID1xx" (by keyword, or by
    # the SDK method's positions: a fix must not add a second context)
    wrappers = (("app.tracking.send", "track"),)
    head = "from app.tracking import send\n"
    assert codes(head + "send(user, 'e', {'groupId': 1})\n", wrappers=wrappers) == ["GID104"]
    assert codes(head + "send(user, 'e', {}, {'groupId': 1})\n", wrappers=wrappers) == []
    assert codes(head + "send(user, 'e', {}, {'groupId': None})\n", wrappers=wrappers) == \
        ["GID102"]
    assert codes(head + "send(user, 'e', {}, None)\n", wrappers=wrappers) == GID101
    assert codes(head + "send(user, 'e', context={'groupId': 1})\n", wrappers=wrappers) == []


def test_wrapper_forwarding_to_an_ungrouped_method_is_not_checked() -> None:
    source = "from app.tracking import who\nwho(user)\n"
    assert codes(source, wrappers=(("app.tracking.who", "identify"),)) == []


def test_grouped_methods_setting() -> None:
    source = "import analytics\nanalytics.page('u', 'c', 'n')\n"
    assert codes(source) == []
    assert codes(source, grouped_methods=("page",), guarded_methods=()) == GID101


def test_nested_function_sees_module_import() -> None:
    source = "import analytics\ndef outer():\n    def inner():\n" \
             "        analytics.track('u', 'e')\n    return inner\n"
    assert codes(source, guarded_methods=()) == GID101


def test_class_body_does_not_shadow_method_names() -> None:
    # a class attribute named like the SDK is not visible as a bare name in methods
    source = "import analytics\nclass T:\n    analytics = None\n" \
             "    def go(self):\n        analytics.track('u', 'e')\n"
    assert codes(source, guarded_methods=()) == GID101
