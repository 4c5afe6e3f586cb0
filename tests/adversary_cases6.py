"""Sixth round of adversarial multi-module projects (SPEC "Rules": GID101-GID105 and
GID201 -- guards, guard helpers, guard decorators, exits), in the format of
``tests/project_cases.py``: ``(name, {path: source}, options)`` with inline
``# expect: CODE`` marks, GID105 selected.

This round aims at the guard rule and the context rules in shapes earlier rounds did
not cover: guards written inverted (``if not GUARD: ... else: return``), guards in an
``elif`` behind a branch that does not exit, ``finally`` blocks that run after the
guard's ``return``, ``try`` bodies whose handlers also exit, inner functions defined
before the guard, ``while`` loops with ``break``, ``match`` guards on a user kind,
guard decorators written as calls and attributes and stacked on async views and
methods, the ``guarded-methods``/``guard-decorators``/``extend-guards`` settings,
exits through ``flask.abort`` and an aliased ``sys.exit``; contexts built with
``update(groupId=...)``, ``setdefault``, ``ChainMap``, ``**{...}`` spreads, computed
and f-string keys, constants imported through a package ``__init__``, ``groupId`` set
to ``None``/``""``/``0``, keys nested one level too deep, misspelled keys beside the
exact one, and ``groupId`` in ``properties``/``traits`` of methods GID1xx does not
cover.

``ADVERSARY_CASES6``: realistic projects the current code gets right.
``KNOWN_MISSES6``: projects where the current code is wrong where SPEC is clear;
``tests/test_adversary.py`` runs them as strict xfails, with ``MISS_NOTES6``
saying what is wrong and quoting SPEC.
``AMBIGUOUS6``: projects where SPEC does not settle the result (``AMBIGUOUS_NOTES6``
says why); they are kept as data and not run. Their marks say what the most likely
reading expects.

Plain data, written with the helpers of ``tests/project_cases.py``.
"""

from __future__ import annotations

import sys

from tests.project_cases import AUTH, PYPROJECT, _s

# the cases written with ``match``
_NEEDS_MATCH = {"match-on-user-kind-with-case-guards"}

# The context cases are about GID1xx: their team leaves GID201 to another check.
CONTEXT_ONLY = '[tool.lint-groupid]\nignore = ["GID201"]\n'

_ALL = [
    # ------------------------------------------------------------------
    # Guards: branch shapes
    # ------------------------------------------------------------------
    ("guard-written-inverted-with-else-return", {
        # ``if not GUARD: <work> else: return``: the code after the ``if`` runs only
        # when the guard is false, as after ``if GUARD: return``
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/views.py": _s('''
            from segment import analytics

            from app.auth import is_internal_user


            def rename_workspace(request, workspace, name):
                if not is_internal_user(request.user):
                    workspace.rename(name)
                else:
                    return None
                analytics.track(str(request.user.id), "Workspace Renamed",
                                context={"groupId": str(workspace.id)})
                return workspace


            def archive_workspace(request, workspace):
                if not is_internal_user(request.user):
                    workspace.archive()
                else:
                    workspace.log_staff_action("archive")
                analytics.track(str(request.user.id), "Workspace Archived",  # expect: GID201
                                context={"groupId": str(workspace.id)})
        '''),
    }, {}),
    ("finally-block-runs-after-the-guard-return", {
        # a call in ``finally:`` runs after the guard's ``return`` too; the call in the
        # ``try`` body after the guard is guarded
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/exports.py": _s('''
            from segment import analytics

            from app.auth import is_internal_user


            def export_report(user, org, report):
                try:
                    if is_internal_user(user):
                        return report.render(watermark="staff")
                    analytics.track(str(user.id), "Report Exported",
                                    context={"groupId": str(org.id)})
                    return report.render()
                finally:
                    analytics.track(str(user.id), "Report Export Finished",  # expect: GID201
                                    context={"groupId": str(org.id)})
        '''),
    }, {}),
    ("guard-in-try-body-whose-handler-also-returns", {
        # ``try: if GUARD: return / except LookupError: return``: every path that
        # gets past the ``try`` went through the guard being false
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/signup.py": _s('''
            from segment import analytics

            from app.auth import is_internal_user


            def complete_signup(user, org):
                try:
                    if is_internal_user(user):
                        return
                except LookupError:
                    return
                analytics.identify(str(user.id), {"email": user.email})
                analytics.track(str(user.id), "Signup Completed",
                                context={"groupId": str(org.id)})
        '''),
    }, {}),
    ("inner-function-defined-before-the-guard-called-after-it", {
        # a nested function is guarded only when it is *defined* where the guard holds:
        # ``send`` is defined before the exiting guard, so its calls are reported (it has
        # no context parameter: GID101 inside too); ``send_later`` is defined after it
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/comments.py": _s('''
            from segment import analytics

            from app.auth import is_internal_user


            def comment_posted(user, thread, on_commit):
                def send():
                    analytics.track(str(user.id), "Comment Posted")  # expect: GID101, GID201

                if is_internal_user(user):
                    return
                send()

                def send_later():
                    analytics.track(str(user.id), "Comment Indexed",
                                    context={"groupId": str(thread.org_id)})

                on_commit(send_later)
        '''),
    }, {}),
    ("while-loop-break-on-guard-over-a-user-queue", {
        # ``break`` guards the rest of its loop body; the call after the loop is not
        # guarded
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/worker.py": _s('''
            from segment import analytics

            from app.auth import is_internal_user


            def drain(queue, org):
                user = None
                while queue:
                    user = queue.pop()
                    if is_internal_user(user):
                        break
                    analytics.track(str(user.id), "Invite Sent",
                                    context={"groupId": str(org.id)})
                if user is not None:
                    analytics.track(str(user.id), "Queue Drained",  # expect: GID201
                                    context={"groupId": str(org.id)})
        '''),
    }, {}),
    ("guards-combined-with-and-or-across-two-helper-modules", {
        # ``if not (GUARD1 or GUARD2):`` holds only when both are false;
        # ``if GUARD1 or GUARD2: return`` exits on either; ``if not GUARD and x:``
        # guards its body; ``if GUARD1 and GUARD2:`` (no ``not``) guards nothing
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/impersonation.py": _s('''
            def is_impersonating(request):
                return request.session.get("impersonator_id") is not None
        '''),
        "app/views.py": _s('''
            from segment import analytics

            from app.auth import is_internal_user
            from app.impersonation import is_impersonating


            def invite(request, org):
                if not (is_internal_user(request.user) or is_impersonating(request)):
                    analytics.track(str(request.user.id), "Member Invited",
                                    context={"groupId": str(org.id)})


            def remove(request, org):
                if is_internal_user(request.user) or is_impersonating(request):
                    return
                analytics.track(str(request.user.id), "Member Removed",
                                context={"groupId": str(org.id)})


            def promote(request, org):
                if not is_impersonating(request) and request.user.is_active:
                    analytics.track(str(request.user.id), "Member Promoted",
                                    context={"groupId": str(org.id)})


            def demote(request, org):
                if is_internal_user(request.user) and is_impersonating(request):
                    analytics.track(str(request.user.id), "Member Demoted",  # expect: GID201
                                    context={"groupId": str(org.id)})
        '''),
    }, {}),
    ("match-on-user-kind-with-case-guards", {
        # ``case ... if not GUARD:`` guards its body; a ``case "staff": return`` on a
        # plain attribute is not a guard term, so the call after the ``match`` is
        # reported
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/onboarding.py": _s('''
            from segment import analytics

            from app.auth import is_internal_user


            def step_done(user, org, step):
                match user.kind:
                    case "owner" if not is_internal_user(user):
                        analytics.track(str(user.id), "Owner Step Done",
                                        {"step": step}, {"groupId": str(org.id)})
                    case "member" if not user.is_staff:
                        analytics.track(str(user.id), "Member Step Done",
                                        {"step": step}, {"groupId": str(org.id)})
                    case _:
                        analytics.track(str(user.id), "Step Done",  # expect: GID201
                                        {"step": step}, {"groupId": str(org.id)})


            def onboarding_finished(user, org):
                match user.kind:
                    case "staff":
                        return
                analytics.track(str(user.id), "Onboarding Finished",  # expect: GID201
                                context={"groupId": str(org.id)})
        '''),
    }, {}),
    # ------------------------------------------------------------------
    # Guard decorators, exits, settings
    # ------------------------------------------------------------------
    ("guard-decorator-called-and-dotted-stacked-on-async-views-and-methods", {
        # ``@guards.skip_internal_users``, ``@skip_internal(reason=...)`` under a route
        # decorator, on an ``async def`` and on a method; ``@login_required`` alone
        # guards nothing
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/guards.py": _s('''
            import functools


            def skip_internal_users(view):
                @functools.wraps(view)
                async def inner(request, *args, **kwargs):
                    if request.user.is_staff:
                        return None
                    return await view(request, *args, **kwargs)
                return inner


            def skip_internal(reason):
                def decorate(func):
                    return func
                return decorate
        '''),
        "app/views.py": _s('''
            from fastapi import APIRouter
            from segment import analytics

            from app import guards
            from app.guards import skip_internal

            router = APIRouter()


            def login_required(view):
                return view


            @router.post("/projects")
            @guards.skip_internal_users
            async def create_project(request, org):
                analytics.track(str(request.user.id), "Project Created",
                                context={"groupId": str(org.id)})


            @router.post("/projects/archive")
            @skip_internal(reason="teammates archive during support")
            @login_required
            async def archive_project(request, org):
                analytics.track(str(request.user.id), "Project Archived",
                                context={"groupId": str(org.id)})


            @router.post("/projects/star")
            @login_required
            async def star_project(request, org):
                analytics.track(str(request.user.id), "Project Starred",  # expect: GID201
                                context={"groupId": str(org.id)})


            class ProjectService:
                @staticmethod
                @skip_internal(reason="service calls")
                def duplicated(user, org):
                    analytics.track(str(user.id), "Project Duplicated",
                                    context={"groupId": str(org.id)})

                def moved(self, user, org):
                    analytics.track(str(user.id), "Project Moved",  # expect: GID201
                                    context={"groupId": str(org.id)})
        '''),
    }, {}),
    ("exits-through-flask-abort-and-aliased-sys-exit", {
        # ``flask.abort`` and ``werkzeug.exceptions.abort`` are exits, imported under
        # any name; ``from sys import exit as die`` is ``sys.exit``; a project helper
        # named ``abort`` that only logs is not an exit
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/http.py": _s('''
            import logging

            log = logging.getLogger(__name__)


            def abort(code):
                log.warning("would abort with %s", code)
        '''),
        "app/views.py": _s('''
            from flask import abort as flask_abort
            from segment import analytics
            from werkzeug import exceptions

            from app import http
            from app.auth import is_internal_user


            def upgrade(user, org):
                if is_internal_user(user):
                    flask_abort(403)
                analytics.track(str(user.id), "Upgraded", context={"groupId": str(org.id)})


            def downgrade(user, org):
                if user.is_staff:
                    exceptions.abort(403)
                analytics.track(str(user.id), "Downgraded", context={"groupId": str(org.id)})


            def cancel(user, org):
                if user.is_staff:
                    http.abort(403)
                analytics.track(str(user.id), "Cancelled",  # expect: GID201
                                context={"groupId": str(org.id)})
        '''),
        "scripts/replay.py": _s('''
            from sys import exit as die

            from segment import analytics

            from app.auth import is_internal_user


            def replay(user, org, events):
                if is_internal_user(user):
                    die("refusing to replay a teammate's events")
                for event in events:
                    analytics.track(str(user.id), event, context={"groupId": str(org.id)})
        '''),
    }, {}),
    ("noreturn-helper-in-another-module-raising-permission-denied", {
        # ``deny()`` always raises (``-> NoReturn`` and a body that raises on every
        # path); ``warn_staff()`` raises only for some users and returns otherwise
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/errors.py": _s('''
            from typing import NoReturn

            from django.core.exceptions import PermissionDenied


            def deny(message: str) -> NoReturn:
                raise PermissionDenied(message)


            def refuse(message):
                if message:
                    raise PermissionDenied(message)
                raise PermissionDenied("refused")


            def warn_staff(user):
                if user.is_superuser:
                    raise PermissionDenied("superusers cannot do this")
        '''),
        "app/views.py": _s('''
            from segment import analytics

            from app.auth import is_internal_user
            from app.errors import deny, refuse, warn_staff


            def transfer_ownership(request, org):
                if is_internal_user(request.user):
                    deny("teammates cannot take over customers' workspaces")
                analytics.track(str(request.user.id), "Ownership Transferred",
                                context={"groupId": str(org.id)})


            def delete_workspace(request, org):
                if request.user.is_staff:
                    refuse("")
                analytics.track(str(request.user.id), "Workspace Deleted",
                                context={"groupId": str(org.id)})


            def rotate_keys(request, org):
                if request.user.is_staff:
                    warn_staff(request.user)
                analytics.track(str(request.user.id), "Keys Rotated",  # expect: GID201
                                context={"groupId": str(org.id)})
        '''),
    }, {}),
    ("guarded-methods-setting-leaves-identify-and-group-alone", {
        # ``guarded-methods = ["track"]``: ``identify`` and ``group`` are never GID201;
        # ``page``/``screen``/``alias`` are neither guarded nor grouped by default
        "pyproject.toml": _s('''
            [tool.lint-groupid]
            guarded-methods = ["track"]
        '''),
        "app/__init__.py": "",
        "app/session.py": _s('''
            from segment import analytics


            def logged_in(user, org):
                analytics.identify(str(user.id), {"email": user.email})
                analytics.group(str(user.id), str(org.id), {"name": org.name})
                analytics.page(str(user.id), "App", "Dashboard")
                analytics.alias(str(user.anonymous_id), str(user.id))
                analytics.track(str(user.id), "Logged In",  # expect: GID201
                                context={"groupId": str(org.id)})
        '''),
    }, {}),
    ("default-guarded-methods-skip-page-screen-and-alias", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/session.py": _s('''
            from segment import analytics


            def logged_in(user, org):
                analytics.page(str(user.id), "App", "Dashboard")
                analytics.screen(str(user.id), "Mobile", "Home")
                analytics.alias(str(user.anonymous_id), str(user.id))
                analytics.identify(str(user.id), {"email": user.email})  # expect: GID201
                analytics.group(str(user.id), str(org.id), {"name": org.name})  # expect: GID201
        '''),
    }, {}),
    ("guard-decorators-setting-replaces-the-default-pattern", {
        # ``guard-decorators = ["staff_excluded"]`` replaces ``*internal*``:
        # ``@skip_internal_users`` no longer guards; ``extend-guards`` adds a term
        "pyproject.toml": _s('''
            [tool.lint-groupid]
            guard-decorators = ["staff_excluded"]
            extend-guards = ["is_support_agent"]
        '''),
        "app/__init__.py": "",
        "app/decorators.py": _s('''
            def staff_excluded(func):
                return func


            def skip_internal_users(func):
                return func
        '''),
        "app/tasks.py": _s('''
            from segment import analytics

            from app.decorators import skip_internal_users, staff_excluded


            @staff_excluded
            def nightly_usage(user, org):
                analytics.track(str(user.id), "Usage Reported", context={"groupId": str(org.id)})


            @skip_internal_users
            def weekly_digest(user, org):
                analytics.track(str(user.id), "Digest Sent",  # expect: GID201
                                context={"groupId": str(org.id)})


            def monthly_invoice(user, org):
                if user.is_support_agent:
                    return
                analytics.track(str(user.id), "Invoice Sent", context={"groupId": str(org.id)})
                if user.is_staff:
                    return
                analytics.track(str(user.id), "Invoice Paid", context={"groupId": str(org.id)})
        '''),
    }, {}),
    ("awaited-guard-local-and-awaited-exit-in-async-worker", {
        # ``staff = await is_internal_user(u)``: a local assigned from an awaited guard
        # term is a guard term; ``if await GUARD: return`` exits on it
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": _s('''
            async def is_internal_user(user):
                return user.email.endswith("@acme.example")
        '''),
        "app/worker.py": _s('''
            from segment import analytics

            from app.auth import is_internal_user


            async def on_login(user, org):
                staff = await is_internal_user(user)
                if not staff:
                    analytics.identify(str(user.id), {"email": user.email})
                analytics.group(str(user.id), str(org.id), {"name": org.name})  # expect: GID201


            async def on_logout(user, org):
                if await is_internal_user(user):
                    return
                analytics.track(str(user.id), "Logged Out", context={"groupId": str(org.id)})
        '''),
    }, {}),
    ("guard-in-comprehension-ternary-and-short-circuit", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/bulk.py": _s('''
            from segment import analytics

            from app.auth import is_internal_user


            def bulk_identify(users):
                return [analytics.identify(str(u.id), {"email": u.email})
                        for u in users if not is_internal_user(u)]


            def bulk_identify_all(users):
                return [analytics.identify(str(u.id), {"email": u.email})  # expect: GID201
                        for u in users if u.is_active]


            def one(user, org):
                not user.is_staff and analytics.track(
                    str(user.id), "Seen", context={"groupId": str(org.id)})
                user.is_staff and analytics.track(  # expect: GID201
                    str(user.id), "Staff Seen", context={"groupId": str(org.id)})
                return (analytics.track(str(user.id), "Pinged",
                                        context={"groupId": str(org.id)})
                        if not is_internal_user(user) else None)
        '''),
    }, {}),
    # ------------------------------------------------------------------
    # Contexts
    # ------------------------------------------------------------------
    ("context-filled-by-update-keywords-and-setdefault", {
        # ``ctx.update(groupId=...)``, ``ctx.update({"groupId": ...})`` and
        # ``ctx.setdefault("groupId", ...)`` before the call; ``update`` with another
        # key only leaves it known to lack ``groupId``
        "pyproject.toml": CONTEXT_ONLY,
        "app/__init__.py": "",
        "app/events.py": _s('''
            from segment import analytics


            def report_viewed(user, org, request):
                ctx = {"ip": request.remote_addr}
                ctx.update(groupId=str(org.id))
                analytics.track(str(user.id), "Report Viewed", context=ctx)


            def report_shared(user, org, request):
                ctx = {"ip": request.remote_addr}
                ctx.update({"groupId": str(org.id)})
                analytics.track(str(user.id), "Report Shared", context=ctx)


            def report_pinned(user, org, request):
                ctx = dict(ip=request.remote_addr)
                ctx.setdefault("groupId", str(org.id))
                analytics.track(str(user.id), "Report Pinned", context=ctx)


            def report_printed(user, org, request):
                ctx = {"ip": request.remote_addr}
                ctx.update(locale=request.locale)
                analytics.track(str(user.id), "Report Printed", context=ctx)  # expect: GID101
        '''),
    }, {}),
    ("context-update-with-an-unknown-mapping-and-chainmap", {
        # ``ctx.update(extra)`` with a parameter may add ``groupId``: unknown;
        # ``ChainMap`` is none of SPEC's forms: unknown
        "pyproject.toml": CONTEXT_ONLY,
        "app/__init__.py": "",
        "app/events.py": _s('''
            from collections import ChainMap

            from segment import analytics


            def file_uploaded(user, extra):
                ctx = {"library": "web"}
                ctx.update(extra)
                analytics.track(str(user.id), "File Uploaded", context=ctx)  # expect: GID105


            def file_deleted(user, org, defaults):
                analytics.track(str(user.id), "File Deleted",
                                context=ChainMap({"groupId": org.key}, defaults))  # expect: GID105
        '''),
    }, {}),
    ("empty-group-ids-none-empty-string-and-zero", {
        # ``None`` and ``""`` are empty (GID102 at the value); ``0`` is not in SPEC's list
        # of empty values and is a real id for a seeded workspace
        "pyproject.toml": CONTEXT_ONLY,
        "app/__init__.py": "",
        "app/seed.py": _s('''
            from segment import analytics

            SYSTEM_ORG = 0


            def seed(user):
                analytics.track(str(user.id), "Seeded",
                                context={"groupId": 0})
                analytics.track(str(user.id), "Seeded Again",
                                context={"groupId": SYSTEM_ORG})
                analytics.track(str(user.id), "Seed Failed",
                                context={"groupId": None})  # expect: GID102
                analytics.track(str(user.id), "Seed Skipped",
                                context=dict(groupId=""))  # expect: GID102


            def reseed(user):
                ctx = {"library": "seed"}
                ctx["groupId"] = None  # expect: GID102
                analytics.track(str(user.id), "Reseeded", context=ctx)
        '''),
    }, {}),
    ("group-id-nested-one-level-too-deep", {
        # ``groupId`` inside ``context["traits"]`` or ``context["device"]`` is not the
        # context's ``groupId``
        "pyproject.toml": CONTEXT_ONLY,
        "app/__init__.py": "",
        "app/events.py": _s('''
            from segment import analytics


            def dashboard_opened(user, org):
                analytics.track(str(user.id), "Dashboard Opened",  # expect: GID101
                                context={"traits": {"groupId": str(org.id)}})


            def dashboard_closed(user, org, device):
                analytics.track(str(user.id), "Dashboard Closed",
                                context={"groupId": str(org.id),
                                         "device": {"group_id": device.group, "id": device.id}})
        '''),
    }, {}),
    ("misspelled-keys-beside-the-exact-key-and-alone", {
        # GID103 at each misspelled key when ``groupId`` is absent; none when the exact
        # key is there too; ``group`` alone is no misspelling (it does not normalise to
        # ``groupid``): GID101
        "pyproject.toml": CONTEXT_ONLY,
        "app/__init__.py": "",
        "app/events.py": _s('''
            from segment import analytics


            def a(user, org):
                analytics.track(str(user.id), "A", context={
                    "groupID": str(org.id),  # expect: GID103
                })


            def b(user, org):
                analytics.track(str(user.id), "B", context=dict(
                    Group_Id=str(org.id),  # expect: GID103
                ))


            def c(user, org):
                analytics.track(str(user.id), "C", context={
                    "group-id": str(org.id),
                    "groupId": str(org.id),
                })


            def d(user, org):
                analytics.track(str(user.id), "D", context={"group": str(org.id)})  # expect: GID101


            def e(user, org):
                ctx = {"library": "web"}
                ctx["GROUPID"] = str(org.id)  # expect: GID103
                analytics.track(str(user.id), "E", context=ctx)
        '''),
    }, {}),
    ("dict-spreads-of-literals-and-keyword-unpacking", {
        # ``{**{"groupId": x}}``: the spread dict is resolvable; ``{**base}`` with
        # ``base`` a call's result is unknown (with ``base`` a parameter the function
        # would be a wrapper)
        "pyproject.toml": CONTEXT_ONLY,
        "app/__init__.py": "",
        "app/defaults.py": _s('''
            def defaults():
                return {"library": "web"}
        '''),
        "app/events.py": _s('''
            from segment import analytics

            from app.defaults import defaults


            def one(user, org):
                analytics.track(str(user.id), "One",
                                context={**{"groupId": str(org.id)}, "library": "web"})


            def two(user, org):
                base = {"library": "web"}
                analytics.track(str(user.id), "Two", context={**base})  # expect: GID101


            def three(user):
                base = defaults()
                analytics.track(str(user.id), "Three",
                                context={**base, "library": "web"})  # expect: GID105


            def four(user, org):
                base = {"groupId": str(org.id)}
                analytics.track(str(user.id), "Four", context={"library": "web", **base})
        '''),
    }, {}),
    ("computed-and-f-string-keys", {
        # a key computed at run time could be ``groupId``: the dict is not known to lack
        # it (unknown, GID105); a module-level constant built by concatenation is not a
        # string constant SPEC names either
        "pyproject.toml": CONTEXT_ONLY,
        "app/__init__.py": "",
        "app/events.py": _s('''
            from segment import analytics


            def tagged(user, org, key):
                analytics.track(str(user.id), "Tagged",
                                context={key: str(org.id)})  # expect: GID105


            def prefixed(user, org, prefix):
                analytics.track(str(user.id), "Prefixed",
                                context={f"{prefix}Id": str(org.id)})  # expect: GID105
        '''),
    }, {}),
    ("groupid-in-traits-of-identify-and-group-is-not-gid104", {
        # GID1xx covers ``grouped-methods`` (default ``track``) only: ``groupId`` in an
        # ``identify``/``group`` call's traits is not GID104; in ``track`` properties it is
        "pyproject.toml": CONTEXT_ONLY,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/events.py": _s('''
            from segment import analytics

            from app.auth import is_internal_user


            def joined(user, org):
                if is_internal_user(user):
                    return
                analytics.identify(str(user.id), traits={"groupId": str(org.id)})
                analytics.group(str(user.id), str(org.id), traits={"groupId": str(org.id)})
                analytics.track(str(user.id), "Joined",
                                properties=dict(groupId=str(org.id)))  # expect: GID104
                analytics.track(str(user.id), "Joined Again",
                                properties={"groupId": str(org.id)},
                                context={"groupId": str(org.id)})
        '''),
    }, {}),
    ("groupid-in-a-properties-local-and-in-page-properties", {
        # the properties dict is a local: GID104 at its key; ``page`` is not in
        # ``grouped-methods`` by default
        "pyproject.toml": CONTEXT_ONLY,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/events.py": _s('''
            from segment import analytics

            from app.auth import is_internal_user


            def viewed(user, org):
                if is_internal_user(user):
                    return
                props = {
                    "groupId": str(org.id),  # expect: GID104
                    "plan": org.plan,
                }
                analytics.track(str(user.id), "Viewed", props)
                analytics.page(str(user.id), "App", "Billing", {"groupId": str(org.id)})
        '''),
    }, {}),
    ("conditional-context-one-branch-none", {
        # ``ctx if org else None``: one branch lacks the key, the other holds it: it is
        # neither known to hold it nor known to lack it (unknown); both branches lacking
        # it is GID101
        "pyproject.toml": CONTEXT_ONLY,
        "app/__init__.py": "",
        "app/events.py": _s('''
            from segment import analytics


            def maybe(user, org):
                analytics.track(str(user.id), "Maybe",
                                context={"groupId": str(org.id)} if org else None)  # expect: GID105


            def never(user, beta):
                analytics.track(str(user.id), "Never",  # expect: GID101
                                context={"beta": True} if beta else None)
        '''),
    }, {}),
    ("module-context-dict-changed-by-another-function", {
        # SPEC: a module-level dict changed by any function is unknown
        "pyproject.toml": CONTEXT_ONLY,
        "app/__init__.py": "",
        "app/events.py": _s('''
            from segment import analytics

            DEFAULT_CONTEXT = {"library": "web"}


            def set_tenant(org):
                DEFAULT_CONTEXT["groupId"] = str(org.id)


            def ping(user):
                analytics.track(str(user.id), "Ping", context=DEFAULT_CONTEXT)  # expect: GID105
        '''),
    }, {}),
]

_AMBIGUOUS: list[tuple[str, dict[str, str], dict[str, list[str]]]] = [
    ("elif-guard-behind-a-branch-that-does-not-exit", {
        # ``if dry_run: log() / elif GUARD: return``: the call is reached when
        # ``dry_run or not GUARD`` -- the same formula as after SPEC's seed exit
        # ``if GUARD and not dry_run: return``; when the first branch exits as well, the
        # ``elif`` guard covers every path
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/billing.py": _s('''
            import logging

            from segment import analytics

            from app.auth import is_internal_user

            log = logging.getLogger(__name__)


            def seats_added(user, org, seats, dry_run=False):
                if dry_run:
                    log.info("dry run: %s seats", seats)
                elif is_internal_user(user):
                    return
                analytics.track(str(user.id), "Seats Added",
                                {"seats": seats}, {"groupId": str(org.id)})


            def seats_removed(user, org, seats, dry_run=False):
                if dry_run:
                    return
                elif is_internal_user(user):
                    return
                analytics.track(str(user.id), "Seats Removed",
                                {"seats": seats}, {"groupId": str(org.id)})
        '''),
    }, {}),
    ("group-id-key-constant-reexported-through-a-package-init", {
        # ``GROUP_ID_KEY = "groupId"`` in ``app/analytics_keys/constants.py``,
        # re-exported by the package ``__init__``; a constant equal to ``"group_id"``
        # is a misspelled key
        "pyproject.toml": CONTEXT_ONLY,
        "app/__init__.py": "",
        "app/analytics_keys/__init__.py": _s('''
            from .constants import GROUP_ID_KEY, LEGACY_GROUP_KEY

            __all__ = ["GROUP_ID_KEY", "LEGACY_GROUP_KEY"]
        '''),
        "app/analytics_keys/constants.py": _s('''
            GROUP_ID_KEY = "groupId"
            LEGACY_GROUP_KEY = "group_id"
        '''),
        "app/events.py": _s('''
            from segment import analytics

            from app.analytics_keys import GROUP_ID_KEY


            def exported(user, org):
                analytics.track(str(user.id), "Exported", context={GROUP_ID_KEY: str(org.id)})


            def imported(user):
                analytics.track(str(user.id), "Imported",  # expect: GID101
                                context={"library": "cli"})
        '''),
    }, {}),
    ("guard-local-assigned-from-a-formula-of-two-guard-terms", {
        # ``skip = is_internal_user(u) or is_impersonating(request)`` then ``if skip:
        # return``: a local assigned from a formula over guard terms, not from one term
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/views.py": _s('''
            from segment import analytics

            from app.auth import is_internal_user


            def settings_saved(request, org):
                skip = is_internal_user(request.user) or request.session.get("impersonating")
                if skip:
                    return
                analytics.track(str(request.user.id), "Settings Saved",
                                context={"groupId": str(org.id)})
        '''),
    }, {}),
]

# What each known miss gets wrong, and the SPEC sentence that requires otherwise.
MISS_NOTES6: dict[str, str] = {
}

# Cases where SPEC does not settle the result: not run; the marks say what the most
# likely reading expects.
AMBIGUOUS_NOTES6: dict[str, str] = {
    "elif-guard-behind-a-branch-that-does-not-exit": (
        "`if dry_run: log.info(...)` / `elif is_internal_user(user): return` before the "
        "call: with `dry_run` true the guard is never tested, so a teammate's dry run "
        "reaches the call; the tool takes it as guarded (no GID201). SPEC's first sentence "
        "('can only be reached on the side of a branch where a guard term is false') says "
        "GID201, but SPEC also accepts `if GUARD and not your_app(): return`, whose "
        "fall-through `not GUARD or your_app()` is this very formula, and says 'Branch "
        "structure is followed however it is written'. The marks follow the seed-pattern "
        "reading (guarded), as the tool does."),
    "group-id-key-constant-reexported-through-a-package-init": (
        "`{GROUP_ID_KEY: ...}` with `GROUP_ID_KEY = \"groupId\"` defined in "
        "`app/analytics_keys/constants.py` and imported through the package `__init__`: "
        "the tool gives GID105 (it gives GID105 for a direct import from the constants "
        "module too). SPEC accepts 'a key that is a module-level string constant equal to "
        "\"groupId\"' without saying whose module (round three left the direct import "
        "ambiguous); the marks take the re-exported constant as the key."),
    "guard-local-assigned-from-a-formula-of-two-guard-terms": (
        "`skip = is_internal_user(request.user) or request.session.get(...)` then "
        "`if skip: return`: the tool takes `skip` as a guard (no GID201). SPEC names 'a "
        "local name assigned from a guard term' and, for project functions, 'every return "
        "value is a guard formula', but not a local assigned from a formula; the marks "
        "follow the tool (the exit is `if GUARD or x: return`, which SPEC accepts)."),
}

if sys.version_info < (3, 10):  # ``match`` does not parse before 3.10
    _ALL = [case for case in _ALL if case[0] not in _NEEDS_MATCH]

KNOWN_MISSES6 = [case for case in _ALL if case[0] in MISS_NOTES6]
ADVERSARY_CASES6 = [case for case in _ALL if case[0] not in MISS_NOTES6]
AMBIGUOUS6 = [case for case in _AMBIGUOUS if case[0] in AMBIGUOUS_NOTES6]
