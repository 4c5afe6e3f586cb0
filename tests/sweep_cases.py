"""Multi-module cases from a sweep over published packages (``docs/sweep-report.md``),
in the format of ``tests/project_cases.py`` (read its header): ``(id, files,
settings)``, ``# expect: CODE`` marks, GID105 selected.

- ``SWEEP_CASES``: what the tool gets wrong on code shaped like a swept package's
  (expected per SPEC.md); run as strict xfails by ``tests/test_sweep_cases.py``,
  with the reason in ``SWEEP_NOTES``. When one starts passing, move it to
  ``SWEEP_PASSING`` and drop its note.
- ``SWEEP_PASSING``: the swept packages' own ways of calling or wrapping an SDK,
  cut down; the tool judges them as SPEC says, and they are run as plain cases so
  that it keeps doing so.

Plain data: importable with the standard library only.
"""

from __future__ import annotations

from textwrap import dedent


def _s(text: str) -> str:
    """Source from an indented triple-quoted block (the first newline dropped)."""
    return dedent(text).lstrip("\n")


PYPROJECT = "[tool.lint-groupid]\n"

SWEEP_CASES = [
    ("sweep-with-as-binds-the-enter-self-instance-of-a-wrapper-class", {
        # zenml 0.20.5 (zenml/utils/analytics_utils.py) calls its analytics class as
        # ``with AnalyticsContext() as analytics: analytics.track(event, metadata)``,
        # where ``__enter__`` returns ``self``. There ``track`` has no context
        # parameter (a helper: nothing at the callers, correctly); give it one and
        # it is a wrapper whose callers must be checked, also through ``with ... as``.
        "pyproject.toml": PYPROJECT,
        "zen/__init__.py": "",
        "zen/analytics_utils.py": _s('''
            class AnalyticsContext:
                def __init__(self):
                    self.user_id = "u"

                def __enter__(self):
                    return self

                def __exit__(self, *exc):
                    return True

                def track(self, event, properties=None, context=None):
                    import analytics

                    analytics.track(self.user_id, event, properties, context)  # expect: GID201
                    return True


            def track_event(event, metadata=None):
                with AnalyticsContext() as tracker:
                    return tracker.track(event, metadata)  # expect: GID101
        '''),
    }, {}),
    ("sweep-with-as-instance-imported-wrapper-class", {
        # the same across modules and at module level: the plain instance ``t`` is
        # followed (GID101 there), the ``with ... as t2`` one is not
        "pyproject.toml": PYPROJECT,
        "tel.py": _s('''
            import analytics


            class Tracker:
                def __enter__(self):
                    return self

                def __exit__(self, *exc):
                    return False

                def send(self, user_id, event, context=None):
                    analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "main.py": _s('''
            from tel import Tracker

            t = Tracker()
            t.send("u", "e")  # expect: GID101
            with Tracker() as t2:
                t2.send("u", "e")  # expect: GID101
        '''),
    }, {}),
]

SWEEP_NOTES: dict[str, str] = {}  # (the cases above were misses: now fixed)

# A Flask extension (flask-segmentio 0.1.0): a lazily built ``Client`` behind a
# property, and methods that forward ``*args, **kwargs`` to it.
FLASK_SEGMENTIO = _s('''
    from analytics import Client


    class SegmentIO(object):
        def __init__(self, app=None):
            self.app = app
            self._client = None

        @property
        def client(self):
            if self._client is None:
                self._client = Client(self.app.config["SEGMENTIO_WRITE_KEY"])
            return self._client

        def track(self, *args, **kwargs):
            return self.client.track(*args, **kwargs)  # expect: GID201

        def identify(self, *args, **kwargs):
            return self.client.identify(*args, **kwargs)  # expect: GID201
''')

SWEEP_PASSING = [
    ("sweep-flask-extension-forwards-args-kwargs-to-a-property-client", {
        "pyproject.toml": PYPROJECT,
        "flask_segmentio/__init__.py": FLASK_SEGMENTIO,
        "app/__init__.py": "",
        "app/extensions.py": "from flask_segmentio import SegmentIO\n\nanalytics = SegmentIO()\n",
        "app/views.py": _s('''
            from app.extensions import analytics


            def signup(user):
                analytics.track(user.id, "Signed Up")  # expect: GID101
                analytics.track(user.id, "Signed Up", context={"groupId": user.team_id})
                analytics.track(user_id=user.id, event="Invited", context={})  # expect: GID101
                analytics.identify(user.id, {"plan": "pro"})
        '''),
    }, {}),
    ("sweep-airflow-hook-get-conn-annotated-and-returning-the-sdk-module", {
        # apache-airflow-providers-segment 3.10.1: ``get_conn(self) -> analytics``
        # returns ``segment.analytics``; its own operator calls ``hook.track`` (which
        # does not exist: no analytics call), a user would call ``get_conn().track``
        "pyproject.toml": PYPROJECT,
        "providers/__init__.py": "",
        "providers/hooks.py": _s('''
            import segment.analytics as analytics


            class SegmentHook:
                def __init__(self, write_key):
                    self.write_key = write_key

                def get_conn(self) -> analytics:
                    analytics.write_key = self.write_key
                    return analytics
        '''),
        "providers/operators.py": _s('''
            from providers.hooks import SegmentHook


            class SegmentTrackEventOperator:
                def __init__(self, user_id, event, properties=None):
                    self.user_id, self.event = user_id, event
                    self.properties = properties or {}

                def execute(self, context):
                    hook = SegmentHook("k")
                    hook.track(user_id=self.user_id, event=self.event)
                    hook.get_conn().track(self.user_id, self.event)  # expect: GID101, GID201
                    conn = hook.get_conn()
                    conn.track(self.user_id, self.event, self.properties)  # expect: GID101, GID201
        '''),
    }, {}),
    ("sweep-pyramid-helper-methods-rebind-context-or-empty", {
        # pyramid-analytics 0.2.1: ``context = context or {}`` rebinds the parameter
        # before the SDK call, inside ``if self.user_id:`` in one of the two methods
        "setup.py": "",
        "pyramid_analytics/__init__.py": "",
        "pyramid_analytics/helpers.py": _s('''
            import analytics


            class AnalyticsHelper(object):
                def __init__(self, api_token, user_id):
                    self.api_token = api_token
                    self.user_id = str(user_id) if user_id else None
                    self.events = []

                def track(self, event, properties=None, timestamp=None, context=None):
                    properties = properties or {}
                    context = context or {}
                    if self.user_id:
                        analytics.track(  # expect: GID201
                            user_id=self.user_id,
                            event=event,
                            properties=properties,
                            context=context,
                            timestamp=timestamp)
                        return
                    self.events.append({"event": event, "options": context})

                def track_foreign(self, user_id, event, properties=None, timestamp=None,
                                  context=None):
                    context = context or {}
                    analytics.track(  # expect: GID201
                        user_id=str(user_id), event=event, properties=properties or {},
                        context=context, timestamp=timestamp)
        '''),
        "pyramid_analytics/views.py": _s('''
            from .helpers import AnalyticsHelper


            def view(request):
                helper = AnalyticsHelper("tok", request.user_id)
                helper.track("Viewed")  # expect: GID101
                helper.track("Viewed", context={"groupId": request.team_id})
                helper.track("Viewed", {"plan": "pro"}, None, {"groupId": request.team_id})
                helper.track_foreign(7, "Invited", {"plan": "pro"})  # expect: GID101
                helper.track_foreign(7, "Invited", context={"group_id": 3})  # expect: GID103
        '''),
    }, {}),
    ("sweep-project-module-named-analytics-with-helpers", {
        # product-analytics 0.0.3: ``product_analytics/analytics.py`` imports
        # ``segment.analytics as analytics`` and defines helpers without a context
        # parameter; its users import the project module under the name ``analytics``
        "pyproject.toml": PYPROJECT,
        "product_analytics/__init__.py": "",
        "product_analytics/analytics.py": _s('''
            import segment.analytics as analytics

            analytics_client = None
            user_id = None


            def init(config):
                global analytics_client
                analytics_client = analytics.Client(config["write_key"])


            def track(event):
                if analytics_client:
                    analytics_client.track(user_id, event["name"], {})  # expect: GID101, GID201


            def identify(info):
                if analytics_client:
                    analytics_client.identify(info["user_id"], {})  # expect: GID201
        '''),
        "webapp/__init__.py": "",
        "webapp/hooks.py": _s('''
            from product_analytics import analytics


            def after_login(info):
                analytics.identify(info)
                analytics.track({"name": "Logged In"})
        '''),
    }, {}),
    ("sweep-with-as-helper-class-callers-unreported", {
        # zenml 0.20.5 as published: ``track`` has no context parameter (a helper)
        "pyproject.toml": PYPROJECT,
        "zen/__init__.py": "",
        "zen/analytics_utils.py": _s('''
            class AnalyticsContext:
                def __init__(self):
                    self.user_id = "u"

                def __enter__(self):
                    return self

                def __exit__(self, *exc):
                    return True

                def track(self, event, properties=None):
                    import analytics

                    analytics.track(self.user_id, event, properties)  # expect: GID101, GID201
                    return True


            def track_event(event, metadata=None):
                with AnalyticsContext() as analytics:
                    return analytics.track(event, metadata)
        '''),
    }, {}),
    ("sweep-namespace-tree-module-named-segment-imports-the-sdk", {
        # airflow/providers/segment/hooks/segment.py: a module named ``segment`` in a
        # package does not shadow the top-level ``segment`` SDK package
        "pyproject.toml": PYPROJECT,
        "airflow/providers/segment/__init__.py": "",
        "airflow/providers/segment/hooks/__init__.py": "",
        "airflow/providers/segment/hooks/segment.py": _s('''
            import segment.analytics as analytics


            def send(user_id, event):
                analytics.track(user_id, event)  # expect: GID101, GID201
        '''),
    }, {}),
]

# the cases above the tool no longer misses run with the others
SWEEP_PASSING += [case for case in SWEEP_CASES if case[0] not in SWEEP_NOTES]
SWEEP_CASES = [case for case in SWEEP_CASES if case[0] in SWEEP_NOTES]
