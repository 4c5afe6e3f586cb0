"""GID201: every guard form of the SPEC, guarded and unguarded."""

from __future__ import annotations

import textwrap

import pytest

from tests.helpers import findings, run

HEADER = "import analytics\nimport sys\n"


def unguarded_lines(body: str, **kwargs: object) -> list[int]:
    """Lines (of ``body``) with a GID201 finding."""
    source = HEADER + textwrap.dedent(body)
    offset = HEADER.count("\n")
    return [line - offset for line, _, code in run(source, grouped_methods=(), **kwargs)
            if code == "GID201"]


GUARDED = {
    "if-not": """
        def f(u):
            if not internal_user():
                analytics.identify(u)
        """,
    "if-not-and": """
        def f(u):
            if not is_internal_user(u) and u.active:
                analytics.identify(u)
        """,
    "if-not-or-your-app": """
        def f(u, w):
            if not is_internal_user(u) or your_app(w):
                analytics.identify(u)
        """,
    "else-of-if-guard": """
        def f(u):
            if u.is_staff:
                log()
            else:
                analytics.identify(u)
        """,
    "elif-of-if-guard": """
        def f(u):
            if is_employee(u):
                log()
            elif u.active:
                analytics.identify(u)
        """,
    "exit-return": """
        def f(u):
            if internal_user():
                return
            analytics.identify(u)
        """,
    "exit-seed-pattern": """
        def f(u, w):
            if internal_user() and not your_app(w):
                return
            analytics.identify(u)
            analytics.group(u, w.id)
            analytics.track(u, 'e')
        """,
    "exit-or": """
        def f(u):
            if is_teammate(u) or u.is_bot:
                return None
            analytics.identify(u)
        """,
    "exit-raise": """
        def f(u):
            if is_impersonating(u):
                raise PermissionError
            analytics.identify(u)
        """,
    "exit-sys-exit": """
        def f(u):
            if is_internal_user(u):
                sys.exit(0)
            analytics.identify(u)
        """,
    "exit-continue": """
        def f(users):
            for u in users:
                if u.is_staff:
                    continue
                analytics.identify(u)
        """,
    "exit-break": """
        def f(users):
            while True:
                if is_staff(users.pop()):
                    break
                analytics.identify(users)
        """,
    "exit-in-enclosing-block": """
        def f(u):
            if is_internal_user(u):
                return
            for x in u.items:
                with lock:
                    try:
                        analytics.identify(x)
                    finally:
                        pass
        """,
    "exit-in-with-before": """
        def f(u):
            with span():
                if is_internal_user(u):
                    return
            analytics.identify(u)
        """,
    "exit-in-try-before": """
        def f(u):
            try:
                if is_internal_user(u):
                    return
            except LookupError:
                pass
            analytics.identify(u)
        """,
    "short-circuit": """
        def f(u):
            not is_internal_user(u) and analytics.identify(u)
        """,
    "conditional-expression": """
        def f(u):
            return analytics.identify(u) if not u.is_staff else None
        """,
    "comprehension-filter": """
        def f(users):
            return [analytics.identify(u) for u in users if not is_internal_user(u)]
        """,
    "decorator": """
        @skip_internal_users
        def f(u):
            analytics.identify(u)
        """,
    "decorator-call": """
        @auth.skip_internal(users=True)
        def f(u):
            analytics.identify(u)
        """,
    "local-name-from-guard": """
        def f(u):
            internal = is_internal_user(u)
            if internal:
                return
            analytics.identify(u)
        """,
    "await-guard": """
        async def f(u):
            if await is_impersonating(u):
                return
            await analytics.identify(u)
        """,
    "walrus-guard": """
        def f(u):
            if (staff := u.is_staff):
                return
            analytics.identify(u)
        """,
    "compare-false": """
        def f(u):
            if is_internal_user(u) is False:
                analytics.identify(u)
        """,
    "module-level": """
        if internal_user():
            sys.exit()
        analytics.identify('u')
        """,
    "nested-if-not": """
        def f(u):
            if u.active:
                if not is_internal_user(u):
                    analytics.identify(u)
        """,
    "class-method": """
        class Tracker:
            def identify(self, u):
                if self.is_impersonating(u):
                    return
                analytics.identify(u)
        """,
}

UNGUARDED = {
    "no-guard": """
        def f(u):
            analytics.identify(u)
        """,
    "if-guard-call": """
        def f(u):
            if internal_user():
                analytics.identify(u)
        """,
    "guard-after-call": """
        def f(u):
            analytics.identify(u)
            if internal_user():
                return
        """,
    "guard-branch-does-not-exit": """
        def f(u):
            if internal_user():
                log('internal')
            analytics.identify(u)
        """,
    "guard-or-other-condition": """
        def f(u):
            if is_internal_user(u) or u.active:
                analytics.identify(u)
        """,
    "exit-in-loop-before": """
        def f(users):
            for u in users:
                if is_internal_user(u):
                    break
            analytics.identify(users)
        """,
    "continue-guards-only-its-loop": """
        def f(users):
            for u in users:
                if u.is_staff:
                    continue
            analytics.identify(users)
        """,
    "exit-inside-if-before": """
        def f(u):
            if u.active:
                if is_internal_user(u):
                    return
            analytics.identify(u)
        """,
    "outer-guard-does-not-guard-nested-function": """
        def f(u):
            if is_internal_user(u):
                return
            def later():
                analytics.identify(u)
            return later
        """,
    "outer-guard-does-not-guard-lambda": """
        def f(u):
            if is_internal_user(u):
                return
            return lambda: analytics.identify(u)
        """,
    "decorator-does-not-guard-nested-function": """
        @skip_internal_users
        def f(u):
            def later():
                analytics.identify(u)
            return later
        """,
    "other-decorator": """
        @login_required
        def f(u):
            analytics.identify(u)
        """,
    "short-circuit-wrong-side": """
        def f(u):
            is_internal_user(u) and analytics.identify(u)
        """,
    "comprehension-guard-true": """
        def f(users):
            return [analytics.identify(u) for u in users if u.is_staff]
        """,
    "async-unguarded": """
        async def f(u):
            await analytics.identify(u)
        """,
    "local-name-not-a-guard": """
        def f(u):
            active = u.active
            if not active:
                return
            analytics.identify(u)
        """,
    "while-loop-guard-true": """
        def f(u):
            while is_staff(u):
                analytics.identify(u)
        """,
}


class TestGID201:
    @pytest.mark.parametrize("body", list(UNGUARDED.values()), ids=list(UNGUARDED))
    def test_positive(self, body: str) -> None:
        assert len(unguarded_lines(body)) == 1

    @pytest.mark.parametrize("body", list(GUARDED.values()), ids=list(GUARDED))
    def test_negative(self, body: str) -> None:
        assert unguarded_lines(body) == []

    def test_positive_reported_at_the_call(self) -> None:
        source = HEADER + "def f(u):\n    x = analytics.group(\n        u, 'g')\n"
        assert run(source) == [(4, 9, "GID201")]

    def test_positive_message(self) -> None:
        (finding,) = findings(HEADER + "analytics.identify('u')\n")
        assert finding.message == (
            "identify() call can run for an internal user: no internal-user guard before it")

    def test_positive_every_guarded_method(self) -> None:
        body = """
            def f(u):
                analytics.identify(u)
                analytics.group(u, 'g')
                analytics.track(u, 'e', context={'groupId': 'g'})
                analytics.page(u)
                analytics.alias(u, 'v')
            """
        assert unguarded_lines(body) == [3, 4, 5]

    def test_positive_client_instances_and_clients_setting(self) -> None:
        body = """
            from segment.analytics import Client
            from app.telemetry import tracker
            client = Client('key')
            def f(u):
                client.identify(u)
                tracker.identify(u)
            """
        assert unguarded_lines(body, clients=("tracker",)) == [6, 7]

    def test_negative_not_reported_at_wrappers(self) -> None:
        body = """
            from app.tracking import send
            def f(u):
                send(u, 'e', context={'groupId': 1})
            """
        assert unguarded_lines(body, wrappers=(("app.tracking.send", "track"),)) == []

    def test_guards_setting_replaces_defaults(self) -> None:
        body = """
            def f(u):
                if u.is_support_agent:
                    return
                analytics.identify(u)
            def g(u):
                if not is_internal_user(u):
                    analytics.identify(u)
            """
        assert unguarded_lines(body) == [5]
        assert unguarded_lines(body, guards=("is_support_agent",)) == [8]
        assert unguarded_lines(body, extend_guards=("is_support_agent",)) == []

    def test_guard_decorators_setting(self) -> None:
        body = """
            @no_staff
            def f(u):
                analytics.identify(u)
            """
        assert unguarded_lines(body) == [4]
        assert unguarded_lines(body, guard_decorators=("no_*",)) == []

    def test_guarded_methods_setting(self) -> None:
        body = """
            def f(u):
                analytics.identify(u)
                analytics.page(u)
            """
        assert unguarded_lines(body, guarded_methods=("page",)) == [4]
        assert unguarded_lines(body, guarded_methods=()) == []

    def test_loop_body_guarded_after_continue_only_after_it(self) -> None:
        body = """
            def f(users):
                for u in users:
                    analytics.identify(u)
                    if is_internal_user(u):
                        continue
                    analytics.group(u, 'g')
            """
        assert unguarded_lines(body) == [4]

    def test_two_guard_terms_one_false_is_enough(self) -> None:
        body = """
            def f(u):
                if u.is_staff:
                    return
                if not is_impersonating(u):
                    analytics.identify(u)
            """
        assert unguarded_lines(body) == []
