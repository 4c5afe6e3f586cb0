"""Adversarial multi-module cases for the imported-name pre-filter (``_ImportedNames``
in ``lint_groupid/checker.py``; ``CallSites.only_called_or_dotted`` / ``_may_bind`` in
``lint_groupid/analysis/hot_lines.py``), in the format of ``tests/project_cases.py``.

``ADVERSARY_CASES``: realistic projects the filter must not break (they pass).
``KNOWN_MISSES``: projects where the current code misses a finding SPEC requires;
each is run with ``xfail(strict=True)`` by ``tests/test_adversary.py``, and says in
its comment whether the code before the filter got it right.

Plain data, written with the helpers of ``tests/project_cases.py``.
"""

from __future__ import annotations

from tests.project_cases import PYPROJECT, _s

TRACKING = _s('''
    import analytics


    class Tracker:
        def send(self, user_id, event, context=None):
            analytics.track(user_id, event, context=context)  # expect: GID201


    def get_tracker():
        return Tracker()
''')

_ALL = [
    ("factory-returning-wrapper-object", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": TRACKING,
        "app/views.py": _s('''
            from app.tracking import get_tracker


            def view(user):
                get_tracker().send(user.id, "Opened")  # expect: GID101
        '''),
    }, {}),
    ("importerror-sdk-function-with-project-stub", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/noop.py": _s('''
            """Used when the analytics SDK is not installed (local dev)."""


            def record(*args, **kwargs):
                return None
        '''),
        "app/views.py": _s('''
            try:
                from segment.analytics import track as record
            except ImportError:
                from app.noop import record


            def view(user):
                record(user.id, "Opened")  # expect: GID101, GID201
        '''),
    }, {}),
    ("stub-first-then-sdk-overrides", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/noop.py": _s('''
            def record(*args, **kwargs):
                return None
        '''),
        "app/views.py": _s('''
            from app.noop import record

            try:
                from analytics import track as record
            except ImportError:
                pass


            def view(user):
                record(user.id, "Opened")  # expect: GID101, GID201
        '''),
    }, {}),
    ("star-import-rebinds-imported-name", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/noop.py": _s('''
            def send(user_id, event, context=None):
                return None
        '''),
        "app/real.py": _s('''
            import analytics


            def send(user_id, event, context=None):
                analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.noop import send
            from app.real import *


            def view(user):
                send(user.id, "Opened")  # expect: GID101
        '''),
    }, {}),
    ("submodule-reached-through-package-attribute", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "VERSION = '1'\n",
        "app/telemetry.py": _s('''
            from segment.analytics import Client

            client = Client("key")
        '''),
        "app/views.py": _s('''
            import app.telemetry


            def view(user):
                app.telemetry.client.track(user.id, "Opened")  # expect: GID101, GID201
        '''),
    }, {}),
    ("property-returning-client", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/services.py": _s('''
            from segment.analytics import Client


            class Services:
                @property
                def events(self):
                    return Client("key")


            services = Services()
        '''),
        "app/views.py": _s('''
            from app.services import services


            def view(user):
                services.events.track(user.id, "Opened")  # expect: GID101, GID201
        '''),
    }, {}),
    ("classmethod-factory-then-wrapper-method", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics


            class Tracker:
                @classmethod
                def default(cls):
                    return cls()

                def send(self, user_id, event, context=None):
                    analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import Tracker


            def view(user):
                Tracker.default().send(user.id, "Opened")  # expect: GID101
        '''),
    }, {}),
    ("staticmethod-wrapper-on-class", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics


            class Events:
                @staticmethod
                def send(user_id, event, context=None):
                    analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import Events


            def view(user):
                Events.send(user.id, "Opened")  # expect: GID101
        '''),
    }, {}),
    ("wrapper-method-inherited-from-base-in-third-module", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/base.py": _s('''
            import analytics


            class BaseTracker:
                def send(self, user_id, event, context=None):
                    analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/tracking.py": _s('''
            from app.base import BaseTracker


            class Tracker(BaseTracker):
                pass


            tracker = Tracker()
        '''),
        "app/views.py": _s('''
            from app.tracking import tracker


            def view(user):
                tracker.send(user.id, "Opened")  # expect: GID101
        '''),
    }, {}),
    ("multiline-parenthesised-import", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": TRACKING,
        "app/views.py": _s('''
            from app.tracking import (
                Tracker,
                get_tracker,
            )


            def view(user):
                get_tracker().send(user.id, "Opened")  # expect: GID101
                Tracker().send(user.id, "Closed")  # expect: GID101
        '''),
    }, {}),
    ("decorated-function-becomes-wrapper", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import functools

            import analytics


            def log_calls(func):
                @functools.wraps(func)
                def inner(*args, **kwargs):
                    return func(*args, **kwargs)
                return inner


            @log_calls
            def send(user_id, event, context=None):
                analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import send


            def view(user):
                send(user.id, "Opened")  # expect: GID101
        '''),
    }, {}),
    ("alias-of-alias-through-init", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "from app.tracking import send as emit\n",
        "app/tracking.py": _s('''
            import analytics


            def send(user_id, event, context=None):
                analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/events.py": "from app import emit as publish\n",
        "app/views.py": _s('''
            from app.events import publish as fire


            def view(user):
                fire(user.id, "Opened")  # expect: GID101
        '''),
    }, {}),
    ("from-dot-import-module", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": TRACKING,
        "app/views.py": _s('''
            from . import tracking as t


            def view(user):
                t.get_tracker().send(user.id, "Opened")  # expect: GID101
                t.Tracker().send(user.id, "Closed")  # expect: GID101
        '''),
    }, {}),
    ("instance-made-in-another-module-wrapper-method", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": TRACKING,
        "app/state.py": _s('''
            from app.tracking import Tracker

            tracker = Tracker()
        '''),
        "app/views.py": _s('''
            from app import state


            def view(user):
                state.tracker.send(user.id, "Opened")  # expect: GID101
        '''),
    }, {}),
    ("global-rebinding-in-function", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/noop.py": "def send(user_id, event, context=None):\n    return None\n",
        "app/tracking.py": _s('''
            import analytics


            def send(user_id, event, context=None):
                analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.noop import send


            def setup():
                global send
                from app.tracking import send


            def view(user):
                send(user.id, "Opened")  # expect: GID101
        '''),
    }, {}),
    ("conditional-import-dry-run-stub-first", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/config.py": "DRY_RUN = False\n",
        "app/dry_run.py": _s('''
            def send(user_id, event, context=None):
                print("would track", user_id, event, context)
        '''),
        "app/tracking.py": _s('''
            import analytics


            def send(user_id, event, context=None):
                analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.config import DRY_RUN

            if DRY_RUN:
                from app.dry_run import send
            else:
                from app.tracking import send


            def view(user):
                send(user.id, "Opened")  # expect: GID101
        '''),
    }, {}),
    ("conditional-import-module-stub-first", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/config.py": "DRY_RUN = False\n",
        "app/dry_run.py": _s('''
            def send(user_id, event, context=None):
                print("would track", user_id, event, context)
        '''),
        "app/tracking.py": _s('''
            import analytics


            def send(user_id, event, context=None):
                analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.config import DRY_RUN

            if DRY_RUN:
                from app import dry_run as events
            else:
                from app import tracking as events


            def view(user):
                events.send(user.id, "Opened")  # expect: GID101
        '''),
    }, {}),
    ("semicolon-import-line-rebinds", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/dry_run.py": "def send(user_id, event, context=None):\n    return None\n",
        "app/tracking.py": _s('''
            import analytics


            def send(user_id, event, context=None):
                analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.dry_run import send
            import os; from app.tracking import send


            def view(user):
                send(user.id, "Opened")  # expect: GID101
        '''),
    }, {}),
    ("client-or-none-global-set-by-init", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            from segment.analytics import Client

            client = None


            def init(key):
                global client
                client = Client(key)
        '''),
        "app/views.py": _s('''
            from app import telemetry


            def view(user):
                telemetry.client.track(user.id, "Opened")  # expect: GID101, GID201
        '''),
    }, {}),
    ("docstring-shows-an-import-of-the-test-double", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/testing.py": _s('''
            """An in-memory stand-in for the analytics tracker, for tests."""
            EVENTS = []


            def send(user_id, event, context=None):
                EVENTS.append((user_id, event, context))
        '''),
        "app/tracking.py": _s('''
            import analytics


            def send(user_id, event, context=None):
                analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            """Dashboard views.

            Tests replace the tracker with the in-memory one:

                from app.testing import send
            """
            from app.tracking import send


            def view(user):
                send(user.id, "Opened")  # expect: GID101
        '''),
    }, {}),
    ("docstring-shows-an-import-of-the-test-module", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/testing.py": _s('''
            """An in-memory stand-in for the analytics tracker, for tests."""
            EVENTS = []


            def send(user_id, event, context=None):
                EVENTS.append((user_id, event, context))
        '''),
        "app/tracking.py": _s('''
            import analytics


            def send(user_id, event, context=None):
                analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            """Dashboard views. Tests use the in-memory tracker instead:

                from app import testing as events
            """
            from app import tracking as events


            def view(user):
                events.send(user.id, "Opened")  # expect: GID101
        '''),
    }, {}),
    ("local-def-replaces-imported-name", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/config.py": "DRY_RUN = False\n",
        "app/dry_run.py": "def send(user_id, event, context=None):\n    return None\n",
        "app/tracking.py": _s('''
            import analytics


            def send(user_id, event, context=None):
                analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app import tracking
            from app.config import DRY_RUN
            from app.dry_run import send

            if not DRY_RUN:
                def send(user_id, event, context=None):
                    tracking.send(user_id, event, context)


            def view(user):
                send(user.id, "Opened")  # expect: GID101
        '''),
    }, {}),
    ("backslash-continued-receiver", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics


            def send(user_id, event, context=None):
                analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app import tracking


            def view(user):
                tracking \\
                    .send(user.id, "Opened")
        '''),
        # reported where the call starts, a line that cannot carry a comment
    }, {"expect": ["app/views.py:5:GID101"]}),
    ("call-split-before-parenthesis", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics


            def send_event(user_id, event, context=None):
                analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import send_event


            def view(user):
                return (send_event  # expect: GID101
                        (user.id, "Opened"))
        '''),
    }, {}),
    ("parenthesised-import-of-a-wrapper-module", {
        # a file checked alone (as pre-commit passes it): which modules it imports is
        # read from its import lines, here a parenthesised import over three lines
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics


            def send(user_id, event, context=None):
                analytics.track(user_id, event, context=context)
        '''),
        "app/views.py": _s('''
            from app import (
                tracking,
            )


            def view(user):
                tracking.send(user.id, "Opened")  # expect: GID101
        '''),
    }, {"paths": ["app/views.py"]}),
    ("local-wrapper-of-an-imported-module-wrapper", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics


            def send(user_id, event, context=None):
                analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app import tracking


            def send(user_id, event, context=None):
                tracking.send(user_id, event, context)


            def view(user):
                send(user.id, "Opened")  # expect: GID101
        '''),
    }, {}),
    ("star-import-of-a-wrapper-module", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/real.py": _s('''
            import analytics


            def send(user_id, event, context=None):
                analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.real import *


            def view(user):
                send(user.id, "Opened")  # expect: GID101
        '''),
    }, {}),
    ("star-import-then-a-local-stub", {
        # the stub defined after the ``*`` import hides the wrapper: no finding
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/real.py": _s('''
            import analytics


            def send(user_id, event, context=None):
                analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.real import *


            def send(user_id, event, context=None):
                return None


            def view(user):
                send(user.id, "Opened")
        '''),
    }, {}),
]


# Why each known miss is missed. "REGRESSION": the code before the filter (8aec273)
# reported it; "pre-existing": that code missed it too.
MISS_NOTES: dict[str, str] = {}

KNOWN_MISSES = [case for case in _ALL if case[0] in MISS_NOTES]
ADVERSARY_CASES = [case for case in _ALL if case[0] not in MISS_NOTES]
