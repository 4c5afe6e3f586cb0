"""GID201: every guard form of the SPEC, guarded and unguarded."""

from __future__ import annotations

import ast
import functools
import sys
import textwrap

import pytest

from lint_groupid.analysis import guards
from lint_groupid.analysis.calls import Resolver
from lint_groupid.analysis.guards import (
    Atom,
    Formula,
    GuardAnalyzer,
    GuardMatcher,
    GuardSummaries,
    Not,
)
from lint_groupid.analysis.scopes import ModuleIndex, Scope
from lint_groupid.settings import Settings
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
    # an exit nested under another condition is ``if a and GUARD: return``: the
    # condition plays the part of ``not your_app()`` in the seed pattern
    "exit-inside-if-before": """
        def f(u):
            if u.active:
                if is_internal_user(u):
                    return
            analytics.identify(u)
        """,
    "outer-guard-guards-nested-function": """
        def f(u):
            if is_internal_user(u):
                return
            def later():
                analytics.identify(u)
            return later
        """,
    "outer-guard-guards-lambda": """
        def f(u):
            if is_internal_user(u):
                return
            return lambda: analytics.identify(u)
        """,
    "decorator-guards-nested-function": """
        @skip_internal_users
        def f(u):
            def later():
                analytics.identify(u)
            return later
        """,
    "class-method": """
        class Tracker:
            def identify(self, u):
                if self.is_impersonating(u):
                    return
                analytics.identify(u)
        """,
}

GUARDED["builtin-raise-not-caught-by-a-library-class"] = """
        from werkzeug.exceptions import HTTPException
        def f(request):
            try:
                if request.user.is_staff:
                    raise PermissionError
            except HTTPException:
                pass
            analytics.identify(request.user.id)
        """

UNGUARDED = {
    "no-guard": """
        def f(u):
            analytics.identify(u)
        """,
    # a handler's class that is not a builtin may be a base of the raised one
    "raise-caught-by-a-library-base-class": """
        from werkzeug.exceptions import Forbidden, HTTPException
        def f(request):
            try:
                if request.user.is_staff:
                    raise Forbidden()
            except HTTPException:
                pass
            analytics.identify(request.user.id)
        """,
    "raise-caught-by-a-project-base-class": """
        from django.core.exceptions import PermissionDenied
        class StaffBlocked(PermissionDenied):
            pass
        def f(request):
            try:
                if request.user.is_staff:
                    raise StaffBlocked
            except PermissionDenied:
                pass
            analytics.identify(request.user.id)
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


# Issue 13: shapes of production code, each as (guarded, unguarded). The two
# snippets differ only in what makes the call guarded or not.
SHAPES: dict[str, tuple[str, str]] = {
    "elif-exit-after-another-exit": ("""
        def signup(request):
            if request.method != "POST":
                return redirect("home")
            elif request.user.is_staff:
                return redirect("admin")
            analytics.identify(request.user.id)
        """, """
        def signup(request):
            if request.method != "POST":
                return redirect("home")
            elif request.user.is_staff:
                messages.info(request, "staff")
            analytics.identify(request.user.id)
        """),
    "seed-pattern-as-nested-ifs": ("""
        def track_event(user, workspace, event):
            if is_internal_user(user):
                if not your_app(workspace):
                    return
            analytics.identify(user.id)
        """, """
        def track_event(user, workspace, event):
            if is_internal_user(user):
                if not your_app(workspace):
                    log("internal user in a customer's app")
            analytics.identify(user.id)
        """),
    "else-of-try-whose-body-exits-on-the-guard": ("""
        def sync_profile(user):
            try:
                if user.is_staff:
                    return
                profile = user.profile
            except Profile.DoesNotExist:
                return
            else:
                analytics.identify(user.id, {"plan": profile.plan})
        """, """
        def sync_profile(user):
            try:
                if user.is_staff:
                    logger.info("staff")
                profile = user.profile
            except Profile.DoesNotExist:
                return
            else:
                analytics.identify(user.id, {"plan": profile.plan})
        """),
    "handler-entered-only-after-the-guard": ("""
        def sync_profile(user):
            try:
                if user.is_staff:
                    return
                profile = user.profile
            except Profile.DoesNotExist:
                profile = None
            analytics.identify(user.id)
        """, """
        def sync_profile(user):
            try:
                profile = user.profile
                if user.is_staff:
                    return
            except Profile.DoesNotExist:
                profile = None
            analytics.identify(user.id)
        """),
    "with-body-exits-on-the-guard": ("""
        def checkout(request):
            with transaction.atomic():
                if request.user.is_staff:
                    return HttpResponse(status=204)
                order = Order.objects.create(user=request.user)
            analytics.identify(request.user.id)
        """, """
        def checkout(request):
            with transaction.atomic():
                order = Order.objects.create(user=request.user)
            analytics.identify(request.user.id)
            if request.user.is_staff:
                return HttpResponse(status=204)
        """),
    "raise-caught-by-an-enclosing-try": ("""
        def login(request):
            try:
                if request.user.is_staff:
                    raise PermissionDenied
            except ValueError:
                messages.warning(request, "bad value")
            analytics.identify(request.user.id)
        """, """
        def login(request):
            try:
                if request.user.is_staff:
                    raise PermissionDenied
            except PermissionDenied:
                messages.warning(request, "staff")
            analytics.identify(request.user.id)
        """),
    "raise-caught-by-except-exception": ("""
        def login(request):
            if request.user.is_staff:
                raise PermissionDenied
            try:
                analytics.identify(request.user.id)
            except Exception:
                pass
        """, """
        def login(request):
            try:
                if request.user.is_staff:
                    raise PermissionDenied("staff")
            except Exception:
                logger.exception("login")
            analytics.identify(request.user.id)
        """),
    "raise-of-a-builtin-caught-by-its-base": ("""
        def load(user):
            try:
                if user.is_staff:
                    raise PermissionError
            except KeyError:
                pass
            analytics.identify(user.id)
        """, """
        def load(user):
            try:
                if user.is_staff:
                    raise PermissionError
            except OSError:
                pass
            analytics.identify(user.id)
        """),
    "sys-exit-is-not-caught-by-except-exception": ("""
        def main(user):
            try:
                if is_internal_user(user):
                    sys.exit(1)
            except Exception:
                logger.exception("main")
            analytics.identify(user.id)
        """, """
        def main(user):
            try:
                if is_internal_user(user):
                    sys.exit(1)
            except BaseException:
                logger.exception("main")
            analytics.identify(user.id)
        """),
    "raise-inside-suppress": ("""
        def login(request):
            with transaction.atomic():
                if request.user.is_staff:
                    raise PermissionDenied
            analytics.identify(request.user.id)
        """, """
        from contextlib import suppress
        def login(request):
            with suppress(PermissionDenied):
                if request.user.is_staff:
                    raise PermissionDenied
            analytics.identify(request.user.id)
        """),
    "raise-inside-contextlib-suppress": ("""
        import contextlib
        def login(request):
            with contextlib.suppress(KeyError):
                cache.delete(request.user.id)
            if request.user.is_staff:
                raise PermissionDenied
            analytics.identify(request.user.id)
        """, """
        import contextlib
        def login(request):
            with contextlib.suppress(PermissionDenied):
                if request.user.is_staff:
                    raise PermissionDenied
            analytics.identify(request.user.id)
        """),
    "raise-inside-the-projects-own-suppress": ("""
        from contextlib import contextmanager
        @contextmanager
        def suppress(team):
            yield
        def invite(request, team):
            with suppress(team):
                if request.user.is_staff:
                    raise PermissionDenied
            analytics.identify(request.user.id)
        """, """
        from contextlib import suppress as quietly
        def invite(request, team):
            with quietly(PermissionDenied):
                if request.user.is_staff:
                    raise PermissionDenied
            analytics.identify(request.user.id)
        """),
    "flask-abort": ("""
        from flask import abort
        def dashboard():
            if current_user.is_staff:
                abort(403)
            analytics.identify(current_user.id)
        """, """
        def dashboard():
            if current_user.is_staff:
                request.abort(403)
            analytics.identify(current_user.id)
        """),
    "werkzeug-abort-through-the-module": ("""
        import werkzeug.exceptions
        def dashboard():
            if current_user.is_staff:
                werkzeug.exceptions.abort(403)
            analytics.identify(current_user.id)
        """, """
        def abort(code):
            logger.warning("abort %s", code)
        def dashboard():
            if current_user.is_staff:
                abort(403)
            analytics.identify(current_user.id)
        """),
    "os-exit-and-builtin-quit": ("""
        import os
        def main(user):
            if is_internal_user(user):
                os._exit(0)
            analytics.identify(user.id)
        def other(user):
            if is_internal_user(user):
                quit()
            analytics.identify(user.id)
        """, """
        def main(user):
            if is_internal_user(user):
                self.exit(0)
            analytics.identify(user.id)
        def other(user):
            if is_internal_user(user):
                runner.quit()
            analytics.identify(user.id)
        """),
    "builtin-exit-rebound-in-the-file": ("""
        def main(user):
            if is_internal_user(user):
                exit(1)
            analytics.identify(user.id)
        """, """
        from app.cli import exit
        def main(user):
            if is_internal_user(user):
                exit(1)
            analytics.identify(user.id)
        """),
    "no-return-annotation": ("""
        from typing import NoReturn
        def deny(request) -> NoReturn:
            ...
        def view(request):
            if request.user.is_staff:
                deny(request)
            analytics.identify(request.user.id)
        """, """
        def deny(request) -> None:
            ...
        def view(request):
            if request.user.is_staff:
                deny(request)
            analytics.identify(request.user.id)
        """),
    "never-annotation-from-typing-extensions": ("""
        import typing_extensions
        def deny(request) -> "typing_extensions.Never":
            ...
        def view(request):
            if request.user.is_staff:
                deny(request)
            analytics.identify(request.user.id)
        """, """
        import typing_extensions
        def deny(request) -> "typing_extensions.Any":
            ...
        def view(request):
            if request.user.is_staff:
                deny(request)
            analytics.identify(request.user.id)
        """),
    "function-that-always-raises": ("""
        def forbid(message):
            logger.warning(message)
            raise PermissionDenied(message)
        def view(request):
            if request.user.is_staff:
                forbid("staff")
            analytics.identify(request.user.id)
        """, """
        def forbid(message):
            if message:
                raise PermissionDenied(message)
        def view(request):
            if request.user.is_staff:
                forbid("staff")
            analytics.identify(request.user.id)
        """),
    "method-of-self-that-never-returns": ("""
        from typing import NoReturn
        class SignupView(View):
            def deny(self, request) -> NoReturn:
                raise PermissionDenied(request.path)
            def post(self, request):
                if request.user.is_staff:
                    self.deny(request)
                analytics.identify(request.user.id)
        """, """
        class SignupView(View):
            def deny(self, request) -> None:
                messages.error(request, "denied")
            def post(self, request):
                if request.user.is_staff:
                    self.deny(request)
                analytics.identify(request.user.id)
        """),
    "guard-helper-method-of-self": ("""
        class Tracker:
            def should_track(self, user):
                return not user.is_staff
            def login(self, user):
                if self.should_track(user):
                    analytics.identify(user.id)
        """, """
        class Tracker:
            def should_track(self, user):
                return user.is_active
            def login(self, user):
                if self.should_track(user):
                    analytics.identify(user.id)
        """),
    "lambda-defined-after-the-exiting-guard": ("""
        def invite(request, user):
            if request.user.is_staff:
                return
            transaction.on_commit(lambda: analytics.identify(user.id))
        """, """
        def invite(request, user):
            send = lambda: analytics.identify(user.id)
            if request.user.is_staff:
                return
            transaction.on_commit(send)
        """),
    "lambda-defined-under-if-not-guard": ("""
        def invite(request, user):
            if not request.user.is_staff:
                transaction.on_commit(lambda: analytics.identify(user.id))
        """, """
        def invite(request, user):
            if request.user.is_staff:
                transaction.on_commit(lambda: analytics.identify(user.id))
        """),
    "nested-function-defined-after-the-guard": ("""
        def invite(request, user):
            if is_impersonating(request):
                return
            def send():
                analytics.identify(user.id)
            transaction.on_commit(send)
        """, """
        def invite(request, user):
            def send():
                analytics.identify(user.id)
            if is_impersonating(request):
                return
            transaction.on_commit(send)
        """),
    "nested-function-in-a-guard-decorated-function": ("""
        @skip_internal_users
        def invite(request, user):
            def send():
                analytics.identify(user.id)
            transaction.on_commit(send)
        """, """
        @login_required
        def invite(request, user):
            def send():
                analytics.identify(user.id)
            transaction.on_commit(send)
        """),
    "guard-local-of-the-enclosing-function": ("""
        def invite(request, user):
            internal = is_internal_user(request.user)
            def send():
                if internal:
                    return
                analytics.identify(user.id)
            transaction.on_commit(send)
        """, """
        def invite(request, user):
            internal = is_internal_user(request.user)
            def send():
                if internal:
                    logger.info("internal")
                analytics.identify(user.id)
            transaction.on_commit(send)
        """),
    "guard-helper-of-the-same-file": ("""
        def should_track(user):
            return not is_internal_user(user)
        def login(user):
            if not should_track(user):
                return
            analytics.identify(user.id)
        """, """
        def should_track(user):
            return not is_internal_user(user)
        def login(user):
            if should_track(user):
                return
            analytics.identify(user.id)
        """),
    "guard-helper-called-in-the-condition": ("""
        def should_track(user):
            if is_internal_user(user):
                return False
            return user.is_active
        def login(user):
            if should_track(user):
                analytics.identify(user.id)
        """, """
        def should_track(user):
            return user.is_active
        def login(user):
            if should_track(user):
                analytics.identify(user.id)
        """),
}

if sys.version_info >= (3, 10):
    SHAPES["match-case-if-not-guard"] = ("""
        def handle(event):
            match event:
                case {"type": "login", "user": user} if not user.is_staff:
                    analytics.identify(user.id)
                case _:
                    pass
        """, """
        def handle(event):
            match event:
                case {"type": "login", "user": user} if user.is_staff:
                    analytics.identify(user.id)
                case _:
                    pass
        """)
    SHAPES["match-case-that-exits-on-the-guard"] = ("""
        def handle(event, user):
            match event:
                case _ if user.is_staff:
                    return
                case {"type": "login"}:
                    pass
            analytics.identify(user.id)
        """, """
        def handle(event, user):
            match event:
                case _ if user.is_staff:
                    logger.info("staff")
                case {"type": "login"}:
                    pass
            analytics.identify(user.id)
        """)


def _validation_view(guard: str) -> str:
    checks = "".join(f"    if not request.POST.get('field_{n}'):\n"
                     f"        return HttpResponseBadRequest('field_{n}')\n" for n in range(45))
    return f"def create(request):\n{checks}{guard}"


class TestGID201Shapes:
    @pytest.mark.parametrize("guarded", [g for g, _ in SHAPES.values()], ids=list(SHAPES))
    def test_negative(self, guarded: str) -> None:
        assert unguarded_lines(guarded) == []

    @pytest.mark.parametrize("unguarded", [u for _, u in SHAPES.values()], ids=list(SHAPES))
    def test_positive(self, unguarded: str) -> None:
        assert len(unguarded_lines(unguarded)) >= 1

    def test_positive_calling_a_coroutine_function_raises_nothing(self) -> None:
        body = """
            async def forbid(message):
                raise PermissionDenied(message)
            async def view(request):
                if request.user.is_staff:
                    forbid("staff")
                await analytics.identify(request.user.id)
            """
        assert unguarded_lines(body) == [7]

    def test_negative_a_rebound_name_is_tested_anew(self) -> None:
        body = """
            def view(request):
                if request.user.is_staff:
                    return
                obj = cache.get(request.path)
                if obj is None:
                    log("miss")
                else:
                    obj = refresh(obj)
                    if obj is None:
                        analytics.identify(request.user.id)
            """
        assert unguarded_lines(body) == []

    def test_negative_is_true_of_a_non_guard_is_its_own_condition(self) -> None:
        body = """
            def view(request, flag):
                if request.user.is_staff:
                    return
                if flag is True:
                    log("on")
                elif flag is False:
                    log("off")
                else:
                    analytics.identify(request.user.id)
            """
        assert unguarded_lines(body) == []

    def test_positive_many_validation_returns_then_if_guard_call(self) -> None:
        view = _validation_view("    if request.user.is_staff:\n"
                                "        analytics.identify(request.user.id)\n")
        assert unguarded_lines(view) == [1 + 2 * 45 + 2]

    def test_negative_many_validation_returns_then_a_real_guard(self) -> None:
        view = _validation_view("    if request.user.is_staff:\n"
                                "        return\n"
                                "    analytics.identify(request.user.id)\n")
        assert unguarded_lines(view) == []

    def test_negative_many_guards_and_conditions_mixed(self) -> None:
        checks = "".join(f"    if a{n} and (b{n} or is_internal_user(u)):\n"
                         f"        return\n" for n in range(30))
        view = f"def f(u):\n{checks}    if u.is_staff:\n        return\n" \
               "    analytics.identify(u)\n"
        assert unguarded_lines(view) == []


class TestGID201Summaries:
    """The hook through which the project index tells what other modules' functions do."""

    SOURCE = textwrap.dedent("""
        import analytics
        from app.auth import deny, tracking_allowed
        def view(request):
            if request.user.is_staff:
                deny(request)
            analytics.identify(request.user.id)
        def other(request):
            if not tracking_allowed(request.user):
                return
            analytics.identify(request.user.id)
        """)

    def _guarded(self, project: GuardSummaries | None) -> list[bool]:
        tree = ast.parse(self.SOURCE)
        settings = Settings()
        index = ModuleIndex(tree, "app.views", (), self.SOURCE.splitlines(keepends=True))
        resolver = Resolver(index, settings.clients, settings.wrappers)
        analyzer = GuardAnalyzer(resolver, GuardMatcher(settings.all_guards, ()), project)
        return [analyzer.is_guarded(c.call, c.scope, c.ancestors) for c in index.candidates]

    def test_positive_without_a_project_index(self) -> None:
        assert self._guarded(None) == [False, False]

    def test_negative_with_what_the_project_index_knows(self) -> None:
        class ProjectIndex:
            def never_returns(self, call: ast.Call, scope: Scope) -> bool:
                return isinstance(call.func, ast.Name) and call.func.id == "deny"

            def guard_formula(self, call: ast.Call, scope: Scope) -> Formula | None:
                if isinstance(call.func, ast.Name) and call.func.id == "tracking_allowed":
                    return Not(Atom("is_internal_user(user)", is_guard=True))
                return None

        assert self._guarded(ProjectIndex()) == [True, True]


def test_positive_past_the_node_budget_the_call_is_reported(
        monkeypatch: pytest.MonkeyPatch) -> None:
    body = GUARDED["exit-seed-pattern"]
    assert unguarded_lines(body) == []
    monkeypatch.setattr(guards, "BDD", functools.partial(guards.BDD, budget=3))
    assert unguarded_lines(body) == [5, 6, 7]
