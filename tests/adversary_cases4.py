"""Fourth round of adversarial multi-module projects (SPEC "Which calls are analytics
calls", "Rules"), in the format of ``tests/project_cases.py``: ``(name, {path:
source}, options)`` with inline ``# expect: CODE`` marks, GID105 selected.

This round aims at precision and at the guard and context rules, in the shapes real
teams write: guard helpers with compound formulas across modules, model methods and
properties, middleware flags, exits through project functions, ``contextlib.suppress``,
loops, ``match`` and async views; contexts built over several statements, ``dict(base,
groupId=...)``, ``**payload``, conditional expressions, walrus, key constants,
contexts other code may change, loops that rebind; modules where most calls are
other vendors' SDKs, ORM, regex or logging calls; every SDK of SPEC's table, its
``Client`` and the annotation forms.

``ADVERSARY_CASES4``: realistic projects the current code gets right.
``KNOWN_MISSES4``: projects where the current code is wrong where SPEC is clear;
``tests/test_adversary.py`` runs them as strict xfails, with ``MISS_NOTES4``
saying what is wrong and quoting SPEC.
``AMBIGUOUS4``: projects where SPEC does not settle the result (``AMBIGUOUS_NOTES4``
says why); they are kept as data and not run. Their marks say what the most likely
reading expects.

Plain data, written with the helpers of ``tests/project_cases.py``.
"""

from __future__ import annotations

import sys

from tests.project_cases import AUTH, PYPROJECT, _s

# A guard decorator module reused by the context cases, so that their calls need
# nothing but a groupId (SPEC: "anywhere in a function decorated with a decorator
# matching guard-decorators").
DECORATORS = _s('''
    import functools


    def skip_internal_users(func):
        @functools.wraps(func)
        def inner(user, *args, **kwargs):
            if user.is_staff:
                return None
            return func(user, *args, **kwargs)
        return inner
''')

_ALL = [
    # ------------------------------------------------------------------
    # GID201: guard helpers, exits and control flow across modules
    # ------------------------------------------------------------------
    ("guard-helpers-with-compound-formulas", {
        # helpers whose names match no guard pattern, returning formulas over guard
        # terms: ``a or b``, and ``x and not GUARD``; used the right way round they
        # guard, used inverted (``if is_paying_customer(u): return``) they do not
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/accounts/__init__.py": "",
        "app/accounts/rules.py": _s('''
            ACME_DOMAINS = ("@acme.example", "@acme-support.example")


            def is_acme_account(user):
                """Employees, and the support contractors' shared accounts."""
                return user.is_staff or user.email.endswith(ACME_DOMAINS)


            def is_paying_customer(user):
                return user.subscription_id is not None and not user.is_staff
        '''),
        "app/billing/__init__.py": "",
        "app/billing/views.py": _s('''
            from django.shortcuts import redirect, render
            from segment import analytics

            from app.accounts import rules
            from app.accounts.rules import is_paying_customer


            def invoices(request, org):
                if rules.is_acme_account(request.user):
                    return render(request, "billing/invoices.html", {"org": org})
                analytics.track(str(request.user.id), "Viewed Invoices",
                                context={"groupId": str(org.id)})
                return render(request, "billing/invoices.html", {"org": org})


            def upgrade(request, org):
                if not is_paying_customer(request.user):
                    return redirect("pricing")
                org.upgrade(request.POST["plan"])
                analytics.track(str(request.user.id), "Upgraded Plan",
                                context={"groupId": str(org.id)})
                return redirect("billing")


            def downgrade(request, org):
                if is_paying_customer(request.user):
                    return redirect("billing:confirm-downgrade")
                analytics.track(str(request.user.id), "Downgrade Blocked",  # expect: GID201
                                context={"groupId": str(org.id)})
                return redirect("pricing")
        '''),
    }, {}),
    ("guard-helper-formula-built-on-another-modules-helper", {
        # ``skip_analytics`` returns ``is_acme_account(user) or user.is_demo``, where
        # ``is_acme_account`` (another module, a name matching no pattern) returns
        # ``user.is_staff or ...``: a guard formula over a guard term
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/accounts/__init__.py": "",
        "app/accounts/rules.py": _s('''
            ACME_DOMAINS = ("@acme.example", "@acme-support.example")


            def is_acme_account(user):
                """Employees, and the support contractors' shared accounts."""
                return user.is_staff or user.email.endswith(ACME_DOMAINS)
        '''),
        "app/accounts/policy.py": _s('''
            from app.accounts.rules import is_acme_account


            def skip_analytics(user):
                """Demo accounts are shown to prospects; ours are not customers."""
                return is_acme_account(user) or user.is_demo


            def should_track(user):
                return not is_acme_account(user) and not user.is_demo
        '''),
        "app/billing/__init__.py": "",
        "app/billing/views.py": _s('''
            from django.shortcuts import render
            from segment import analytics

            from app.accounts import policy
            from app.accounts.policy import should_track


            def invoices(request, org):
                if policy.skip_analytics(request.user):
                    return render(request, "billing/invoices.html", {"org": org})
                analytics.track(str(request.user.id), "Viewed Invoices",
                                context={"groupId": str(org.id)})
                return render(request, "billing/invoices.html", {"org": org})


            def receipts(request, org):
                if should_track(request.user):
                    analytics.track(str(request.user.id), "Viewed Receipts",
                                    context={"groupId": str(org.id)})
                return render(request, "billing/receipts.html", {"org": org})
        '''),
    }, {}),
    ("user-model-guard-method-property-and-self-calls", {
        # a custom user model: the ``is_internal`` property matches ``is_internal*`` by
        # name wherever it is read; ``is_acme_employee()`` matches no pattern but is a
        # project method whose every return value is a guard formula, called on
        # ``self`` inside the model and on a signal receiver's ``user: User``
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/models.py": _s('''
            from django.contrib.auth.models import AbstractUser
            from django.db import models
            from segment import analytics

            STAFF_DOMAIN = "@acme.example"


            class User(AbstractUser):
                workspace = models.ForeignKey("app.Workspace", null=True,
                                              on_delete=models.SET_NULL)

                @property
                def is_internal(self):
                    return self.is_staff or self.email.endswith(STAFF_DOMAIN)

                def is_acme_employee(self):
                    return self.is_staff or self.email.endswith(STAFF_DOMAIN)

                def record_login(self):
                    if self.is_acme_employee():
                        return
                    analytics.identify(str(self.id), {"email": self.email})

                def record_workspace_join(self):
                    if self.is_internal:
                        return
                    analytics.group(str(self.id), str(self.workspace_id), {"role": "member"})

                def record_profile_update(self):
                    if self.is_active:
                        analytics.identify(str(self.id),  # expect: GID201
                                           {"name": self.get_full_name()})
        '''),
        "app/views.py": _s('''
            from django.shortcuts import redirect
            from segment import analytics


            def save_settings(request):
                request.user.save()
                if request.user.is_internal:
                    return redirect("settings")
                analytics.track(str(request.user.id), "Saved Settings",
                                context={"groupId": str(request.user.workspace_id)})
                return redirect("settings")


            def save_avatar(request):
                request.user.avatar = request.FILES["avatar"]
                request.user.save()
                analytics.track(str(request.user.id), "Changed Avatar",  # expect: GID201
                                context={"groupId": str(request.user.workspace_id)})
                return redirect("settings")
        '''),
        "app/signals.py": _s('''
            from django.contrib.auth.signals import user_logged_in
            from django.dispatch import receiver
            from segment import analytics

            from app.models import User


            @receiver(user_logged_in)
            def identify_on_login(sender, request, user: User, **kwargs):
                if user.is_acme_employee():
                    return
                analytics.identify(str(user.id), {"last_login": str(user.last_login)})
        '''),
    }, {}),
    ("middleware-flag-on-request-is-not-a-guard-term", {
        # the middleware decides once per request; ``request.skip_analytics`` matches no
        # guard pattern (an attribute is a guard term by its name only), while
        # ``request.is_impersonating`` matches ``*impersonat*``
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/middleware.py": _s('''
            class AnalyticsOptOutMiddleware:
                def __init__(self, get_response):
                    self.get_response = get_response

                def __call__(self, request):
                    hijacked = "hijack_history" in request.session
                    request.is_impersonating = hijacked
                    request.skip_analytics = request.user.is_staff or hijacked
                    return self.get_response(request)
        '''),
        "app/views.py": _s('''
            from django.http import JsonResponse
            from segment import analytics


            def star(request, repo):
                repo.stars.add(request.user)
                if request.skip_analytics:
                    return JsonResponse({"starred": True})
                analytics.track(str(request.user.id), "Starred Repo",  # expect: GID201
                                context={"groupId": str(repo.org_id)})
                return JsonResponse({"starred": True})


            def unstar(request, repo):
                repo.stars.remove(request.user)
                if request.is_impersonating or request.user.is_staff:
                    return JsonResponse({"starred": False})
                analytics.track(str(request.user.id), "Unstarred Repo",
                                context={"groupId": str(repo.org_id)})
                return JsonResponse({"starred": False})
        '''),
    }, {}),
    ("middleware-flag-named-in-extend-guards", {
        # the same flag, added to the guard patterns by the project's configuration
        "pyproject.toml": '[tool.lint-groupid]\nextend-guards = ["skip_analytics"]\n',
        "app/__init__.py": "",
        "app/middleware.py": _s('''
            class AnalyticsOptOutMiddleware:
                def __init__(self, get_response):
                    self.get_response = get_response

                def __call__(self, request):
                    request.skip_analytics = request.user.is_staff
                    return self.get_response(request)
        '''),
        "app/views.py": _s('''
            from django.http import JsonResponse
            from segment import analytics


            def star(request, repo):
                repo.stars.add(request.user)
                if request.skip_analytics:
                    return JsonResponse({"starred": True})
                analytics.track(str(request.user.id), "Starred Repo",
                                context={"groupId": str(repo.org_id)})
                return JsonResponse({"starred": True})


            def fork(request, repo):
                fork = repo.fork(owner=request.user)
                if not request.skip_analytics:
                    analytics.track(str(request.user.id), "Forked Repo",
                                    context={"groupId": str(repo.org_id)})
                analytics.identify(str(request.user.id),  # expect: GID201
                                   {"forks": request.user.forks.count()})
                return JsonResponse({"id": fork.id})
        '''),
    }, {}),
    ("exits-through-project-functions-that-always-raise", {
        # ``deny`` always raises; ``deny_staff`` is annotated ``-> NoReturn`` and calls
        # ``deny``; ``forbid`` (no annotation) only calls ``deny``: all exits, also
        # through a module attribute. ``deny_if`` can return and ``note_denial``
        # catches its own raise: no exits
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/errors.py": _s('''
            import logging
            from typing import NoReturn

            from django.core.exceptions import PermissionDenied

            log = logging.getLogger(__name__)


            def deny(reason):
                log.warning("denied: %s", reason)
                raise PermissionDenied(reason)


            def deny_staff(request) -> NoReturn:
                deny(f"staff account {request.user.id}")


            def forbid(request):
                deny(f"forbidden for {request.user.id}")


            def deny_if(condition, reason):
                if condition:
                    raise PermissionDenied(reason)


            def note_denial(reason):
                try:
                    raise PermissionDenied(reason)
                except PermissionDenied:
                    log.info("would have denied: %s", reason)
        '''),
        "app/boards.py": _s('''
            from django.shortcuts import redirect
            from segment import analytics

            from app import errors
            from app.auth import is_internal_user
            from app.errors import deny, deny_if, forbid, note_denial


            def delete_board(request, board):
                if request.user.is_staff:
                    deny("staff cannot delete customer boards")
                board.delete()
                analytics.track(str(request.user.id), "Deleted Board",
                                context={"groupId": str(board.org_id)})
                return redirect("boards")


            def archive_board(request, board):
                if is_internal_user(request.user):
                    errors.deny_staff(request)
                board.archive()
                analytics.track(str(request.user.id), "Archived Board",
                                context={"groupId": str(board.org_id)})
                return redirect("boards")


            def transfer_board(request, board, target):
                if request.user.is_staff:
                    forbid(request)
                board.transfer(target)
                analytics.track(str(request.user.id), "Transferred Board",
                                context={"groupId": str(target.id)})
                return redirect("boards")


            def rename_board(request, board):
                if request.user.is_staff:
                    note_denial("staff renamed a board")
                board.rename(request.POST["name"])
                analytics.track(str(request.user.id), "Renamed Board",  # expect: GID201
                                context={"groupId": str(board.org_id)})
                return redirect("boards")


            def move_board(request, board, folder):
                if request.user.is_staff:
                    deny_if(folder.is_locked, "locked folder")
                board.move(folder)
                analytics.track(str(request.user.id), "Moved Board",  # expect: GID201
                                context={"groupId": str(board.org_id)})
                return redirect("boards")
        '''),
    }, {}),
    ("project-context-manager-named-suppress-is-not-contextlib", {
        # ``notifications.suppress(team)`` mutes a team's e-mails during a bulk action;
        # it catches nothing, so the ``raise`` inside it leaves the function
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/notifications.py": _s("""
            from contextlib import contextmanager


            @contextmanager
            def suppress(team):
                \"\"\"No e-mails to the team's members while the block runs.\"\"\"
                team.mute_notifications()
                try:
                    yield
                finally:
                    team.unmute_notifications()
        """),
        "app/invites.py": _s("""
            from django.core.exceptions import PermissionDenied
            from segment import analytics

            from app import notifications


            def bulk_invite(request, team, emails):
                with notifications.suppress(team):
                    if request.user.is_staff:
                        raise PermissionDenied("teammates cannot invite customers' members")
                    team.invite_many(emails)
                analytics.track(str(request.user.id), "Invited Members",
                                {"count": len(emails)}, {"groupId": str(team.id)})
        """),
    }, {}),
    ("raise-swallowed-by-contextlib-suppress", {
        # a ``raise`` inside ``with suppress(...)`` that catches it continues after the
        # ``with``: not an exit; a ``return`` inside the ``with`` still is
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/sync.py": _s('''
            import contextlib
            import os
            from contextlib import suppress

            from segment import analytics

            from app.auth import is_internal_user


            class SkipSync(Exception):
                pass


            def sync_profile(user):
                with suppress(SkipSync):
                    if user.is_staff:
                        raise SkipSync(user.id)
                    user.profile.refresh_from_directory()
                analytics.identify(str(user.id), {"title": user.profile.title})  # expect: GID201


            def sync_teams(user):
                with contextlib.suppress(Exception):
                    if is_internal_user(user):
                        raise PermissionError("teammates are not synced")
                    user.teams.refresh_from_directory()
                for team in user.teams.all():
                    analytics.group(str(user.id), str(team.id),  # expect: GID201
                                    {"name": team.name})


            def sync_avatar(user):
                with suppress(FileNotFoundError):
                    if is_internal_user(user):
                        return
                    os.remove(user.avatar_cache_path)
                analytics.identify(str(user.id), {"avatar": user.avatar_url})
        '''),
    }, {}),
    ("exit-through-a-mixin-method-that-always-raises", {
        # ``self.deny(...)`` is a method of a base class in another module whose body
        # always raises: an exit "(project-wide)"
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/mixins.py": _s("""
            from django.core.exceptions import PermissionDenied


            class DenyMixin:
                denied_message = "not allowed"

                def deny(self, reason=None):
                    raise PermissionDenied(reason or self.denied_message)
        """),
        "app/views.py": _s("""
            from django.views.generic import View
            from segment import analytics

            from app.mixins import DenyMixin


            class DeleteWorkspaceView(DenyMixin, View):
                denied_message = "teammates cannot delete customers' workspaces"

                def post(self, request, workspace):
                    if request.user.is_staff:
                        self.deny()
                    workspace.delete()
                    analytics.track(str(request.user.id), "Deleted Workspace",
                                    context={"groupId": str(workspace.id)})


            class RenameWorkspaceView(DenyMixin, View):
                def post(self, request, workspace):
                    if not request.user.is_active:
                        self.deny()
                    workspace.rename(request.POST["name"])
                    analytics.track(str(request.user.id), "Renamed Workspace",  # expect: GID201
                                    context={"groupId": str(workspace.id)})
        """),
    }, {}),
    ("policy-object-with-a-guard-method-in-the-same-module", {
        # a module-level instance of a policy class defined in the calling module; its
        # ``excludes`` method returns ``user.is_staff or ...``: a project function whose
        # every return value is a guard formula (taken as one when the instance is
        # imported from another module, as ``signup`` shows)
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/policy.py": _s("""
            class SharedPolicy:
                def excludes(self, user):
                    return user.is_staff or user.is_demo


            shared_policy = SharedPolicy()
        """),
        "app/tracking.py": _s("""
            from segment import analytics

            from app.policy import shared_policy

            STAFF_DOMAINS = ("@acme.example", "@acme-support.example")


            class TrackingPolicy:
                def __init__(self, domains):
                    self.domains = domains

                def excludes(self, user):
                    return user.is_staff or user.email.endswith(self.domains)


            policy = TrackingPolicy(STAFF_DOMAINS)


            def signup(user, team):
                if shared_policy.excludes(user):
                    return
                analytics.track(str(user.id), "Signed Up", context={"groupId": str(team.id)})


            def joined(user, team):
                if policy.excludes(user):
                    return
                analytics.group(str(user.id), str(team.id), {"name": team.name})
        """),
    }, {}),
    ("django-access-decorators-are-not-guard-decorators", {
        # ``@staff_member_required`` lets only staff in, ``@user_passes_test(...)`` and
        # ``@login_required`` match no ``guard-decorators`` pattern (default
        # ``*internal*``): reported; ``@skip_internal_users`` under them guards
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/decorators.py": _s("""
            import functools


            from django.http import HttpResponseForbidden


            def skip_internal_users(view):
                \"\"\"Customer-only views: teammates get a 403.\"\"\"
                @functools.wraps(view)
                def inner(request, *args, **kwargs):
                    if request.user.is_staff:
                        return HttpResponseForbidden()
                    return view(request, *args, **kwargs)
                return inner
        """),
        "app/admin_views.py": _s("""
            from django.contrib.admin.views.decorators import staff_member_required
            from django.contrib.auth.decorators import login_required, user_passes_test
            from django.shortcuts import redirect
            from segment import analytics

            from app.decorators import skip_internal_users


            @staff_member_required
            def impersonate(request, user_id):
                request.session["impersonated_user_id"] = user_id
                analytics.identify(str(user_id), {"impersonated": True})  # expect: GID201
                return redirect("home")


            @user_passes_test(lambda u: not u.is_staff)
            def export_members(request, team):
                analytics.track(str(request.user.id), "Exported Members",  # expect: GID201
                                context={"groupId": str(team.id)})
                return redirect("team", team.id)


            @login_required
            @skip_internal_users
            def export_invoices(request, team):
                analytics.track(str(request.user.id), "Exported Invoices",
                                context={"groupId": str(team.id)})
                return redirect("billing", team.id)
        """),
    }, {}),
    ("loops-break-and-inner-continue-guard-only-their-own-body", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/notify.py": _s('''
            from segment import analytics

            from app.auth import is_internal_user
            from app.push import push


            def notify_members(org, message):
                for member in org.members.select_related("user"):
                    for device in member.user.devices.all():
                        if member.user.is_staff:
                            continue
                        push(device, message)
                        analytics.track(str(member.user_id), "Push Sent",
                                        context={"groupId": str(org.id)})
                    analytics.track(str(member.user_id), "Member Notified",  # expect: GID201
                                    context={"groupId": str(org.id)})


            def welcome_first_members(org):
                for member in org.members.order_by("joined_at"):
                    if is_internal_user(member.user):
                        break
                    analytics.identify(str(member.user_id), {"early_adopter": True})
                analytics.group(str(org.owner_id), str(org.id),  # expect: GID201
                                {"welcomed": True})


            def drain(queue):
                while True:
                    job = queue.get()
                    if job is None:
                        break
                    if is_internal_user(job.user):
                        continue
                    analytics.track(str(job.user.id), job.event,
                                    context={"groupId": str(job.org_id)})
        '''),
        "app/push.py": _s('''
            def push(device, message):
                device.send(message)
        '''),
    }, {}),
    ("async-views-awaited-guard-locals-async-for-and-async-with", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": _s('''
            async def is_internal_user(user):
                return user.email.endswith("@acme.example")
        '''),
        "app/routes.py": _s('''
            import asyncio

            import httpx
            from fastapi import APIRouter, Depends
            from segment import analytics

            from app.auth import is_internal_user
            from app.db import current_user, database, team_members

            router = APIRouter()


            @router.post("/comments")
            async def comment(body: dict, user=Depends(current_user)):
                internal = await is_internal_user(user)
                async with database.transaction():
                    row = await database.comments.create(**body)
                if internal:
                    return row
                analytics.track(str(user.id), "Commented",
                                context={"groupId": str(body["team_id"])})
                return row


            @router.post("/reactions")
            async def react(body: dict, user=Depends(current_user)):
                async for member in team_members(body["team_id"]):
                    if member.is_staff:
                        continue
                    analytics.track(str(member.id), "Got Reaction",
                                    context={"groupId": str(body["team_id"])})
                analytics.track(str(user.id), "Reacted",  # expect: GID201
                                context={"groupId": str(body["team_id"])})
                return {"ok": True}


            @router.post("/webhooks/test")
            async def test_webhook(body: dict, user=Depends(current_user)):
                async with httpx.AsyncClient() as http:
                    if await is_internal_user(user):
                        return {"skipped": True}
                    await http.post(body["url"], json={"ping": True})
                analytics.identify(str(user.id), {"webhooks": True})
                return {"ok": True}


            def schedule_digest(user, team):
                staff = user.is_staff

                async def send():
                    await asyncio.sleep(0)
                    if staff:
                        return
                    analytics.track(str(user.id), "Digest Sent",
                                    context={"groupId": str(team.id)})

                async def send_unguarded():
                    analytics.track(str(user.id), "Digest Queued",  # expect: GID201
                                    context={"groupId": str(team.id)})

                return asyncio.gather(send(), send_unguarded())
        '''),
        "app/db.py": _s('''
            database = None


            async def current_user():
                return None


            async def team_members(team_id):
                for member in ():
                    yield member
        '''),
    }, {}),
    ("guard-look-alikes-that-do-not-exit", {
        # a guard branch that only logs, a guard after the call, ``if GUARD: call()``,
        # ``if not GUARD: pass``, and methods that happen to be named ``abort`` and
        # ``exit`` (SPEC: "A method that happens to be named abort or exit is not an
        # exit"): every call here is reported
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/invites.py": _s('''
            import logging

            from segment import analytics

            log = logging.getLogger(__name__)


            def invite(request, team, email):
                if request.user.is_staff:
                    log.info("staff %s invites %s to %s", request.user.id, email, team.id)
                team.invite(email)
                analytics.track(str(request.user.id), "Invited Member",  # expect: GID201
                                context={"groupId": str(team.id)})


            def accept(request, invite):
                invite.accept(request.user)
                analytics.track(str(request.user.id), "Accepted Invite",  # expect: GID201
                                context={"groupId": str(invite.team_id)})
                if request.user.is_staff:
                    return


            def decline(request, invite):
                invite.decline()
                if request.user.is_staff:
                    analytics.track(str(request.user.id), "Declined Invite",  # expect: GID201
                                    context={"groupId": str(invite.team_id)})


            def resend(request, invite):
                if not request.user.is_staff:
                    pass
                invite.resend()
                analytics.track(str(request.user.id), "Resent Invite",  # expect: GID201
                                context={"groupId": str(invite.team_id)})


            def cancel_import(request, job):
                if request.user.is_staff:
                    job.upload.abort()
                job.cancel()
                analytics.track(str(request.user.id), "Cancelled Import",  # expect: GID201
                                context={"groupId": str(job.team_id)})


            def close_wizard(request, wizard):
                if request.user.is_staff:
                    wizard.exit()
                analytics.identify(str(request.user.id), {"wizard": "done"})  # expect: GID201
        '''),
    }, {}),
    # ------------------------------------------------------------------
    # GID1xx: the context forms of SPEC's list, in realistic code
    # ------------------------------------------------------------------
    ("context-built-over-several-statements-in-a-service", {
        # a local dict, then ``ctx[KEY] = ...``, ``update`` with keywords or a dict,
        # ``setdefault`` (which never replaces a value that is there)
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/decorators.py": DECORATORS,
        "app/boards/__init__.py": "",
        "app/boards/events.py": _s("""
            from segment import analytics

            from app.decorators import skip_internal_users

            LIBRARY = {"name": "acme-web", "version": "5.2"}
            GROUP_KEY = "groupId"


            @skip_internal_users
            def board_created(user, board, request):
                ctx = {"library": LIBRARY}
                ctx["ip"] = request.META.get("REMOTE_ADDR")
                ctx["groupId"] = str(board.workspace_id)
                analytics.track(str(user.id), "Created Board", {"board": board.id}, ctx)


            @skip_internal_users
            def board_shared(user, board, request):
                ctx = dict(library=LIBRARY)
                ctx.update(groupId=str(board.workspace_id), locale=request.LANGUAGE_CODE)
                analytics.track(str(user.id), "Shared Board", context=ctx)


            @skip_internal_users
            def board_exported(user, board, request):
                ctx = {"library": LIBRARY}
                ctx.update(locale=request.LANGUAGE_CODE, ip=request.META.get("REMOTE_ADDR"))
                analytics.track(str(user.id), "Exported Board", context=ctx)  # expect: GID101


            @skip_internal_users
            def board_archived(user, board):
                ctx = {"library": LIBRARY}
                ctx.setdefault(GROUP_KEY, str(board.workspace_id))
                analytics.track(str(user.id), "Archived Board", context=ctx)


            @skip_internal_users
            def board_restored(user, board):
                ctx = {"groupId": None, "library": LIBRARY}  # expect: GID102
                ctx.setdefault("groupId", str(board.workspace_id))
                analytics.track(str(user.id), "Restored Board", context=ctx)


            @skip_internal_users
            def board_moved(user, board, folder):
                ctx = {"library": LIBRARY, "folder": str(folder.id)}
                ctx.update({GROUP_KEY: str(folder.workspace_id)})
                analytics.track(str(user.id), "Moved Board", context=ctx)


            @skip_internal_users
            def board_copied(user, board):
                ctx = {"library": LIBRARY}
                ctx.update({"group_id": str(board.workspace_id)})  # expect: GID103
                analytics.track(str(user.id), "Copied Board", context=ctx)
        """),
    }, {}),
    ("dict-calls-with-a-base-and-keywords", {
        # ``dict(base, groupId=...)`` whatever ``base`` is; ``dict(base)`` and
        # ``{**base, ...}`` of a local known to lack it; a keyword spread of unknown
        # origin
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/decorators.py": DECORATORS,
        "app/jobs.py": _s("""
            from segment import analytics

            from app.decorators import skip_internal_users

            WORKER = {"library": {"name": "acme-worker", "version": "5.2"}}


            @skip_internal_users
            def job_finished(user, job):
                analytics.track(str(user.id), "Job Finished",
                                context=dict(WORKER, groupId=str(job.org_id)))


            @skip_internal_users
            def job_retried(user, job):
                base = {"library": {"name": "acme-worker"}, "job": str(job.id)}
                analytics.track(str(user.id), "Job Retried",  # expect: GID101
                                context={**base, "retries": job.retries})
                analytics.track(str(user.id), "Job Retried v2",
                                context={**base, "groupId": str(job.org_id)})
                analytics.track(str(user.id), "Job Retried v3",  # expect: GID101
                                context=dict(base))


            @skip_internal_users
            def job_failed(user, job):
                base = {"library": {"name": "acme-worker"}, "job": str(job.id)}
                analytics.track(str(user.id), "Job Failed",
                                context=dict(base, groupId=str(job.org_id)))


            @skip_internal_users
            def job_cancelled(user, job):
                base = {"library": {"name": "acme-worker"}, "job": str(job.id)}
                analytics.track(str(user.id), "Job Cancelled",
                                context=dict(base, group_id=str(job.org_id)))  # expect: GID103


            @skip_internal_users
            def job_skipped(user, job):
                base = {"library": {"name": "acme-worker"}, "job": str(job.id)}
                analytics.track(str(user.id), "Job Skipped",
                                context=dict(base, groupId=""))  # expect: GID102


            @skip_internal_users
            def job_resumed(user, job):
                base = {"library": {"name": "acme-worker"}, "job": str(job.id)}
                analytics.track(str(user.id), "Job Resumed",
                                context=dict(base, **job.extra_context))  # expect: GID105
        """),
    }, {}),
    ("local-base-read-again-after-a-dict-copy", {
        # ``dict(base, groupId=...)`` copies ``base`` and leaves it as it was: the base
        # itself, sent on by a second call, still has no groupId
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/decorators.py": DECORATORS,
        "app/exports.py": _s("""
            from segment import analytics

            from app.decorators import skip_internal_users

            LIBRARY = {"name": "acme-exports", "version": "5.2"}


            @skip_internal_users
            def export_finished(user, export):
                base = {"library": LIBRARY, "export": str(export.id)}
                analytics.track(str(user.id), "Export Finished",
                                context=dict(base, groupId=str(export.org_id)))
                analytics.track(str(user.id), "Export Downloaded",  # expect: GID101
                                context=base)
        """),
    }, {}),
    ("payload-dicts-spread-into-the-sdk-call", {
        # an outbox relay: ``analytics.track(**payload)`` with a resolvable payload whose
        # ``"context"`` entry holds groupId, lacks it, or is missing
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/decorators.py": DECORATORS,
        "app/outbox.py": _s("""
            from segment import analytics

            from app.decorators import skip_internal_users

            LIBRARY = {"name": "acme-outbox"}


            @skip_internal_users
            def relay(user, row):
                payload = {
                    "user_id": str(user.id),
                    "event": row.event,
                    "properties": row.properties,
                    "context": {"groupId": str(row.org_id), "library": LIBRARY},
                }
                analytics.track(**payload)
                legacy = {"user_id": str(user.id), "event": row.event,
                          "context": {"library": LIBRARY}}
                analytics.track(**legacy)  # expect: GID101
                message = dict(user_id=str(user.id), event=row.event,
                               context=dict(groupId=str(row.org_id)))
                analytics.track(**message)
                bare = {"user_id": str(user.id), "event": row.event}
                analytics.track(**bare)  # expect: GID101
                analytics.track(**row.as_kwargs())  # expect: GID105
        """),
    }, {}),
    ("payload-context-entry-filled-in-place", {
        # the relay copies the stored message and writes the tenant into its
        # ``"context"`` entry before sending: that context is not "known not to contain
        # the key" (SPEC's GID101), and a write the analysis does not follow is unknown
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/decorators.py": DECORATORS,
        "app/relay.py": _s("""
            from segment import analytics

            from app.decorators import skip_internal_users

            LIBRARY = {"name": "acme-relay"}


            @skip_internal_users
            def relay(user, row):
                payload = {
                    "user_id": str(user.id),
                    "event": row.event,
                    "properties": row.properties,
                    "context": {"library": LIBRARY},
                }
                payload["context"]["groupId"] = str(row.org_id)
                analytics.track(**payload)  # expect: GID105


            @skip_internal_users
            def relay_batch(user, rows, org):
                for row in rows:
                    payload = {"user_id": str(user.id), "event": row.event,
                               "context": {"library": LIBRARY}}
                    payload["context"].update(groupId=str(org.id))
                    analytics.track(**payload)  # expect: GID105
        """),
    }, {}),
    ("conditional-expression-contexts", {
        # SPEC: "it holds the key when both branches do, and is known to lack it when
        # both branches are known to lack it"; one of each is unknown
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/decorators.py": DECORATORS,
        "app/comments.py": _s("""
            from segment import analytics

            from app.decorators import skip_internal_users

            PERSONAL = "personal"


            @skip_internal_users
            def commented(user, comment):
                team = comment.thread.team
                analytics.track(str(user.id), "Commented",
                                context={"groupId": str(team.id)} if team
                                else {"groupId": PERSONAL})
                analytics.track(str(user.id), "Commented v2",
                                context={"groupId": str(team.id)} if team else {})  # expect: GID105
                analytics.track(str(user.id), "Commented v3",  # expect: GID101
                                context={"ip": comment.ip} if comment.ip else {})
                analytics.track(str(user.id), "Commented v4",
                                context=None if comment.is_draft  # expect: GID105
                                else {"groupId": str(team.id)})
                analytics.track(str(user.id), "Commented v5",
                                context=(ctx := {"groupId": str(team.id), "ip": comment.ip}))
                return ctx
        """),
    }, {}),
    ("groupid-in-properties-beside-known-and-unknown-contexts", {
        # GID104 needs "the context has none": a context known to lack it, or none at
        # all; beside a context that cannot be verified it is GID105
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/decorators.py": DECORATORS,
        "app/context.py": _s("""
            def request_context(request):
                return {"ip": request.META.get("REMOTE_ADDR"), "groupId": request.tenant_id}
        """),
        "app/exports.py": _s("""
            from segment import analytics

            from app.context import request_context
            from app.decorators import skip_internal_users

            LIBRARY = {"name": "acme-exports"}


            @skip_internal_users
            def exported(user, org, request, rows):
                analytics.track(str(user.id), "Exported Rows",
                                {"groupId": str(org.id), "rows": rows},
                                request_context(request))  # expect: GID105
                analytics.track(str(user.id), "Exported Rows v2",
                                {"groupId": str(org.id), "rows": rows})  # expect: GID104
                analytics.track(str(user.id), "Exported Rows v3",
                                properties={"groupId": str(org.id)},  # expect: GID104
                                context={"library": LIBRARY})
                analytics.track(str(user.id), "Exported Rows v4",
                                {"groupId": str(org.id)}, {"groupId": str(org.id)})
        """),
    }, {}),
    ("walrus-bound-context-sent-again", {
        # SPEC: "a walrus (ctx := {...}) is the dict it binds"; the name it binds is a
        # local assigned a dict literal, read again by a second call
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/decorators.py": DECORATORS,
        "app/uploads.py": _s("""
            from segment import analytics

            from app.decorators import skip_internal_users


            @skip_internal_users
            def uploaded(user, upload):
                analytics.track(str(user.id), "Uploaded File",
                                context=(ctx := {"groupId": str(upload.org_id), "ip": upload.ip}))
                analytics.track(str(user.id), "Scanned File", {"clean": upload.clean}, ctx)
                analytics.track(str(user.id), "Previewed File",  # expect: GID101
                                context=(preview := {"ip": upload.ip}))
                analytics.track(str(user.id), "Thumbnailed File", context=preview)  # expect: GID101
        """),
    }, {}),
    ("module-level-string-constants-as-keys", {
        # keys that are module-level string constants of the calling module; a name
        # that a function rebinds (``global``) is no constant: its key is unknown
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/decorators.py": DECORATORS,
        "app/tenancy.py": _s("""
            from segment import analytics

            from app.decorators import skip_internal_users

            GROUP_KEY = "groupId"
            LEGACY_GROUP_KEY = "group_id"
            ORG_KEY = "orgId"
            TENANT_KEY = "groupId"


            def use_legacy_keys():
                global TENANT_KEY
                TENANT_KEY = "tenant"


            @skip_internal_users
            def switched(user, org):
                analytics.track(str(user.id), "Switched Org", context={GROUP_KEY: str(org.id)})
                analytics.track(str(user.id), "Switched Org v2",
                                context={LEGACY_GROUP_KEY: str(org.id)})  # expect: GID103
                analytics.track(str(user.id), "Switched Org v3",  # expect: GID101
                                context={ORG_KEY: str(org.id)})
                ctx = {}
                ctx[GROUP_KEY] = str(org.id)
                analytics.track(str(user.id), "Switched Org v4", context=ctx)
                analytics.track(str(user.id), "Switched Org v5",
                                context={GROUP_KEY: None})  # expect: GID102
                analytics.track(str(user.id), "Switched Org v6",
                                context={TENANT_KEY: str(org.id)})  # expect: GID105
        """),
    }, {}),
    ("contexts-other-code-may-change-are-unknown", {
        # SPEC: "A dict that another function may change (mutated in a closure, a
        # module-level dict changed by any function, del ctx[k] with a computed key)
        # is unknown": GID105, never GID101 (which would be a false report where the
        # other code adds the key)
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/decorators.py": DECORATORS,
        "app/context.py": _s("""
            def add_tenant(ctx, request):
                ctx["groupId"] = str(request.tenant.id)
        """),
        "app/imports.py": _s("""
            from django.conf import settings
            from segment import analytics

            from app.context import add_tenant
            from app.decorators import skip_internal_users

            LIBRARY = {"name": "acme-importer"}
            DEFAULT_CONTEXT = {"library": LIBRARY}


            def set_default_tenant(org):
                DEFAULT_CONTEXT["groupId"] = str(org.id)


            @skip_internal_users
            def import_started(user, source):
                ctx = {"library": LIBRARY}

                def on_org_resolved(org):
                    ctx["groupId"] = str(org.id)

                source.resolve_org(callback=on_org_resolved)
                analytics.track(str(user.id), "Import Started", context=ctx)  # expect: GID105


            @skip_internal_users
            def import_finished(user, request):
                ctx = {"library": LIBRARY}
                add_tenant(ctx, request)
                analytics.track(str(user.id), "Import Finished", context=ctx)  # expect: GID105


            @skip_internal_users
            def nightly_import(user):
                analytics.track(str(user.id), "Nightly Import",
                                context=DEFAULT_CONTEXT)  # expect: GID105


            @skip_internal_users
            def import_redacted(user, org, request):
                ctx = {"groupId": str(org.id), "ip": request.META.get("REMOTE_ADDR")}
                del ctx[settings.REDACTED_CONTEXT_KEY]
                analytics.track(str(user.id), "Import Redacted", context=ctx)  # expect: GID105


            @skip_internal_users
            def import_anonymized(user, org, request):
                ctx = {"groupId": str(org.id), "ip": request.META.get("REMOTE_ADDR")}
                del ctx["ip"]
                analytics.track(str(user.id), "Import Anonymized", context=ctx)


            @skip_internal_users
            def import_aliased(user, org):
                ctx = {"groupId": str(org.id)}
                scrubbed = ctx
                scrubbed.pop("groupId")
                analytics.track(str(user.id), "Import Aliased", context=ctx)  # expect: GID105
        """),
    }, {}),
    ("contexts-in-loops-that-rebind", {
        # a context made fresh in the loop body is straight-line; one the loop changes
        # after the call (for the next iteration) is unknown; a loop that leaves it
        # alone changes nothing
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/decorators.py": DECORATORS,
        "app/sync.py": _s("""
            from segment import analytics

            from app.decorators import skip_internal_users

            LIBRARY = {"name": "acme-sync"}


            @skip_internal_users
            def sync_workspaces(user, workspaces):
                for workspace in workspaces:
                    ctx = {"groupId": str(workspace.id), "library": LIBRARY}
                    analytics.track(str(user.id), "Synced Workspace", context=ctx)


            @skip_internal_users
            def sync_projects(user, projects):
                ctx = {"library": LIBRARY}
                for project in projects:
                    analytics.track(str(user.id), "Synced Project", context=ctx)  # expect: GID105
                    ctx["groupId"] = str(project.org_id)


            @skip_internal_users
            def sync_pages(user, pages, org):
                ctx = {"groupId": str(org.id)}
                while pages:
                    page = pages.pop()
                    analytics.track(str(user.id), "Synced Page", context=ctx)  # expect: GID105
                    ctx = {"page": page.number}


            @skip_internal_users
            def sync_members(user, members, org):
                ctx = {"groupId": str(org.id), "library": LIBRARY}
                for member in members:
                    analytics.track(str(member.id), "Synced Member", context=ctx)


            @skip_internal_users
            def sync_contexts(user, contexts):
                for ctx in contexts:
                    analytics.track(str(user.id), "Synced Context", context=ctx)  # expect: GID105
        """),
    }, {}),
    # ------------------------------------------------------------------
    # precision: modules where most calls are not analytics calls
    # ------------------------------------------------------------------
    ("fan-out-module-with-other-vendors-sdks-beside-segment", {
        # Amplitude, Heap, a PostHog client and a Mixpanel client held by a local named
        # ``analytics``: their ``track``/``identify``/``group`` methods are no SDK
        # calls; the one Segment call is guarded and grouped
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/fanout.py": _s("""
            from amplitude import Amplitude, BaseEvent, EventOptions, Identify
            from django.conf import settings
            from heapapi import HeapAPIClient
            from mixpanel import Mixpanel
            from posthog import Posthog
            from segment import analytics as segment

            amplitude = Amplitude(settings.AMPLITUDE_API_KEY)
            heap = HeapAPIClient(settings.HEAP_APP_ID)
            posthog = Posthog(settings.POSTHOG_KEY, host="https://eu.posthog.com")


            def fan_out(user, event, properties, org):
                amplitude.track(BaseEvent(event_type=event, user_id=str(user.id),
                                          event_properties=properties,
                                          groups={"org": str(org.id)}))
                traits = Identify()
                traits.set("plan", org.plan)
                amplitude.identify(traits, EventOptions(user_id=str(user.id)))
                amplitude.set_group("org", str(org.id), EventOptions(user_id=str(user.id)))
                heap.track(identity=user.email, event=event, properties=properties)
                heap.add_user_properties(identity=user.email, properties={"plan": org.plan})
                posthog.capture(str(user.id), event, properties, groups={"org": str(org.id)})
                posthog.group_identify("org", str(org.id), {"name": org.name})
                analytics = Mixpanel(settings.MIXPANEL_TOKEN)
                analytics.track(str(user.id), event, properties)
                analytics.people_set(str(user.id), {"plan": org.plan})
                if user.is_staff:
                    return
                segment.track(str(user.id), event, properties, context={"groupId": str(org.id)})
        """),
    }, {}),
    ("reporting-module-orm-regex-itertools-and-logging-look-alikes", {
        # SQLAlchemy ``group_by``, regex ``group()``, ``itertools.groupby``, pandas,
        # ``logging``, a project usage-report class with ``track``/``group`` in a local
        # named ``analytics``, and loop and comprehension variables named
        # ``analytics``: none is an analytics call; the SDK is used once
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/usage.py": _s("""
            class UsageReport:
                def __init__(self, org):
                    self.org = org
                    self.counters = {}

                def track(self, metric, value=1):
                    self.counters[metric] = self.counters.get(metric, 0) + value

                def group(self, by):
                    return {by: self.counters}

                def identify(self, name):
                    return f"{self.org.slug}/{name}"
        """),
        "app/reports.py": _s("""
            import itertools
            import logging
            import re

            import analytics
            import pandas as pd
            from sqlalchemy import func, select

            from app.models import Event
            from app.usage import UsageReport

            log = logging.getLogger(__name__)
            SLUG = re.compile(r"^(?P<org>[a-z0-9-]+)/(?P<board>[a-z0-9-]+)$")


            def weekly(session, org, since):
                query = (select(Event.name, func.count())
                         .where(Event.org_id == org.id, Event.created_at >= since)
                         .group_by(Event.name))
                rows = session.execute(query).all()
                frame = pd.DataFrame(rows, columns=["name", "count"])
                totals = frame.groupby("name").sum()
                analytics = UsageReport(org)
                for name, count in rows:
                    analytics.track(name, count)
                log.info("weekly report for %s: %s", org.id, analytics.group("name"))
                by_day = {day: list(items) for day, items in
                          itertools.groupby(rows, key=lambda r: r[0])}
                return totals, by_day, analytics.identify("weekly")


            def parse(path):
                match = SLUG.match(path)
                return match.group("org"), match.group("board")


            def summarize(reports):
                for analytics in reports:
                    analytics.track("summarized")
                return [analytics.identify("summary") for analytics in reports]


            def report_sent(user, org):
                if user.is_staff:
                    return
                analytics.track(str(user.id), "Weekly Report Sent",
                                context={"groupId": str(org.id)})
        """),
        "app/models.py": _s("""
            class Event:
                name = org_id = created_at = None
        """),
    }, {}),
    ("src-layout-package-named-analytics-with-a-segment-submodule", {
        # ``src/analytics`` is the project's BI package: ``import analytics`` names it,
        # not the SDK; its ``segment`` submodule wraps the SDK, and that wrapper's calls
        # are checked
        "pyproject.toml": PYPROJECT,
        "src/analytics/__init__.py": _s("""
            \"\"\"Warehouse events for the BI dashboards (no Segment here).\"\"\"
            from analytics.warehouse import insert_row


            def track(user_id, event, properties=None, context=None):
                insert_row("events", {"user": user_id, "event": event, **(properties or {})})


            def identify(user_id, traits=None):
                insert_row("users", {"user": user_id, **(traits or {})})


            def group(user_id, group_id, traits=None):
                insert_row("memberships", {"user": user_id, "group": group_id})
        """),
        "src/analytics/warehouse.py": _s("""
            def insert_row(table, row):
                return (table, row)
        """),
        "src/analytics/segment.py": _s("""
            from segment import analytics as sdk


            def track_event(user, event, properties=None, context=None):
                if user.is_staff:
                    return
                sdk.track(str(user.id), event, properties, context)
        """),
        "src/webapp/__init__.py": "",
        "src/webapp/views.py": _s("""
            import analytics
            from analytics import group
            from analytics.segment import track_event


            def created_project(request, project):
                analytics.identify(str(request.user.id), {"projects": 1})
                analytics.track(str(request.user.id), "Created Project")
                group(str(request.user.id), str(project.org_id))
                track_event(request.user, "Created Project")  # expect: GID101
                track_event(request.user, "Created Project v2",
                            context={"groupId": str(project.org_id)})
        """),
    }, {}),
    ("parameters-and-class-attributes-named-like-the-sdk", {
        # a module that imports the SDK's ``track`` and ``analytics`` and also has a
        # ``track`` parameter, a lambda parameter named ``analytics``, a music model's
        # ``track`` attribute and ``track`` method: only the module-level names are the SDK
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/player.py": _s("""
            from django.db import models
            from segment import analytics
            from segment.analytics import track


            class PlaylistEntry(models.Model):
                track = models.ForeignKey("music.Track", on_delete=models.CASCADE)
                position = models.PositiveIntegerField()


            class Player:
                track = None

                def identify(self, fingerprint):
                    return fingerprint

                def play(self, entry):
                    self.track = entry.track
                    return self.identify(entry.track.fingerprint)


            def replay(events, track=print):
                for event in events:
                    track(event)


            def export(entries, on_entry=lambda analytics: analytics.track("exported")):
                for entry in entries:
                    on_entry(entry)


            def played(user, entry):
                if user.is_staff:
                    return
                track(str(user.id), "Played Track",  # expect: GID101
                      {"track": entry.track_id})
                analytics.track(str(user.id), "Played Track v2",
                                context={"groupId": str(user.family_plan_id)})
        """),
    }, {}),
    # ------------------------------------------------------------------
    # SDK variants and annotations
    # ------------------------------------------------------------------
    ("every-sdk-of-the-table-and-its-client", {
        # one module per SDK of SPEC's table (analytics-python, segment-analytics-python,
        # june-analytics-python, rudder-sdk-python 2.x and 1.x), each with its module
        # functions and its ``Client`` (also from the ``client`` submodule)
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/legacy.py": _s("""
            import analytics
            from analytics import Client

            analytics.write_key = "legacy-key"
            backfill = Client("backfill-key")


            def legacy_signup(user):
                analytics.track(str(user.id), "Signed Up")  # expect: GID101, GID201
                backfill.identify(str(user.id), {"legacy": True})  # expect: GID201
        """),
        "app/segment_events.py": _s("""
            import segment.analytics as sa
            from segment.analytics.client import Client

            client = Client("write-key")


            def signup(user, team):
                sa.identify(str(user.id), {"email": user.email})  # expect: GID201
                client.track(str(user.id), "Signed Up",  # expect: GID201
                             context={"groupId": str(team.id)})
                client.track(str(user.id), "Signed Up v2")  # expect: GID101, GID201
        """),
        "app/june_events.py": _s("""
            import june.analytics
            from june.analytics import Client as JuneClient

            june_client = JuneClient("june-key")


            def invited(user, team):
                june.analytics.track(str(user.id), "Invited",  # expect: GID201
                                     context={"groupId": str(team.id)})
                june_client.group(str(user.id), str(team.id), {"name": team.name})  # expect: GID201
                june_client.track(str(user.id), "Invited v2")  # expect: GID101, GID201
        """),
        "app/rudder_events.py": _s("""
            import rudder_analytics
            from rudderstack import analytics as rudder
            from rudderstack.analytics import Client as RudderClient

            rudder_analytics.write_key = "v1-key"
            eu = RudderClient("eu-key", host="https://eu.rudderlabs.example")


            def upgraded(user, team):
                rudder_analytics.track(str(user.id), "Upgraded")  # expect: GID101, GID201
                rudder.track(str(user.id), "Upgraded v2",  # expect: GID201
                             context={"groupId": str(team.id)})
                eu.track(str(user.id), "Upgraded v3",  # expect: GID201
                         context={"groupID": str(team.id)})  # expect: GID103
        """),
    }, {}),
    ("client-annotations-optional-union-and-strings", {
        # ``Optional[Client]``, ``Client | None`` (a class annotation and a parameter),
        # ``Union[Client, None]``, an attribute ``sa.Client``, and string annotations of
        # names imported under ``TYPE_CHECKING``
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/notify.py": _s("""
            from __future__ import annotations

            from typing import TYPE_CHECKING, Optional, Union

            import segment.analytics as sa

            if TYPE_CHECKING:
                from june.analytics import Client as JuneClient
                from segment.analytics import Client


            class Notifier:
                client: Client | None = None

                def __init__(self, june: "JuneClient | None" = None):
                    self.june = june

                def sent(self, user, team):
                    if self.client is not None:
                        self.client.track(str(user.id), "Notified")  # expect: GID101, GID201
                    if self.june:
                        self.june.track(str(user.id), "Notified v2",  # expect: GID201
                                        context={"groupId": str(team.id)})


            def digest(segment: Optional[Client], user, team):
                if segment:
                    segment.track(str(user.id), "Digest Sent")  # expect: GID101, GID201


            def legacy_digest(segment: Union[Client, None], user):
                segment.identify(str(user.id), {"digest": True})  # expect: GID201


            def weekly(segment: sa.Client, user):
                segment.track(str(user.id), "Weekly Sent")  # expect: GID101, GID201


            def monthly(segment: "Optional[Client]", user):
                segment.track(str(user.id), "Monthly Sent")  # expect: GID101, GID201
        """),
    }, {}),
    ("client-look-alikes-from-other-packages-and-the-project", {
        # classes named ``Client`` that are not the SDK's: a project API client, a
        # PostHog client imported as ``Client``, an outside package's ``Client``; also
        # in ``Optional[...]`` and string annotations
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/crm.py": _s("""
            class Client:
                \"\"\"Our CRM's REST API.\"\"\"

                def __init__(self, token):
                    self.token = token

                def track(self, contact_id, event, properties=None, context=None):
                    return ("POST", f"/contacts/{contact_id}/events", event)

                def identify(self, contact_id, traits=None):
                    return ("PATCH", f"/contacts/{contact_id}", traits)
        """),
        "app/sync.py": _s("""
            from __future__ import annotations

            from typing import Optional

            from posthog import Posthog as Client
            from segment_tools.client import Client as ToolsClient

            from app import crm


            def push(crm_client: Optional[crm.Client], user):
                if crm_client is not None:
                    crm_client.track(str(user.id), "Synced")
                    crm_client.identify(str(user.id), {"synced": True})


            def capture(ph: "Client | None", user):
                if ph:
                    ph.capture(str(user.id), "synced")
                    ph.identify(str(user.id), {"synced": True})


            def tools(client: ToolsClient, user):
                client.track(str(user.id), "Synced")


            def direct(user):
                crm.Client("token").track(str(user.id), "Synced")
        """),
    }, {}),
]

if sys.version_info >= (3, 10):  # ``match`` does not parse before 3.10
    _ALL.append(("match-statement-routes-webhook-events", {
        # ``case ... if not GUARD:`` guards its body; a plain case does not; an exiting
        # guard inside a case guards the rest of that case
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/webhooks.py": _s('''
            import logging

            from segment import analytics

            from app.auth import is_internal_user

            log = logging.getLogger(__name__)


            def handle(event, user, org):
                match event["type"]:
                    case "member.joined" if not user.is_staff:
                        analytics.group(str(user.id), str(org.id), {"seats": org.seats})
                    case "member.joined":
                        log.info("staff %s joined %s", user.id, org.id)
                    case "member.left":
                        analytics.track(str(user.id), "Left Org",  # expect: GID201
                                        context={"groupId": str(org.id)})
                    case "member.promoted" | "member.demoted":
                        if is_internal_user(user):
                            return
                        analytics.identify(str(user.id), {"role": event["role"]})
                    case {"type": "member.renamed", "name": str(name)}:
                        analytics.identify(str(user.id), {"name": name})  # expect: GID201
                    case _:
                        log.warning("unknown event %s", event["type"])
        '''),
    }, {}))
    _ALL.append(("match-class-patterns-with-keyword-attributes", {
        # a domain-event dispatcher over dataclasses, matched with class patterns that
        # name attributes (``case MemberJoined(user_id=uid, team_id=tid):``)
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/events.py": _s('''
            from dataclasses import dataclass


            @dataclass
            class MemberJoined:
                user: object
                team_id: str


            @dataclass
            class MemberLeft:
                user: object
                team_id: str
        '''),
        "app/handlers.py": _s('''
            from segment import analytics

            from app.auth import is_internal_user
            from app.events import MemberJoined, MemberLeft


            def dispatch(event):
                match event:
                    case MemberJoined(user=user, team_id=team_id):
                        if is_internal_user(user):
                            return
                        analytics.group(str(user.id), team_id, {"joined": True})
                    case MemberLeft(user=user, team_id=team_id):
                        analytics.track(str(user.id), "Left Team")  # expect: GID101, GID201
        '''),
    }, {}))


_AMBIGUOUS: list[tuple[str, dict[str, str], dict[str, list[str]]]] = [
    ("raise-inside-suppress-of-another-exception-type", {
        # ``with suppress(FileNotFoundError):`` around ``raise PermissionDenied``: the
        # raise leaves the function at run time (the tool takes it as an exit)
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/avatars.py": _s("""
            import os
            from contextlib import suppress

            from django.core.exceptions import PermissionDenied
            from segment import analytics


            def reset_avatar(user):
                with suppress(FileNotFoundError):
                    if user.is_staff:
                        raise PermissionDenied("teammates keep their avatars")
                    os.remove(user.avatar_cache_path)
                analytics.identify(str(user.id), {"avatar": None})
        """),
    }, {}),
    ("module-level-context-dict-of-the-calling-module", {
        # module-level dicts of the calling module that no function changes, sent as
        # contexts: the tool gives GID105 for both
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/cron.py": _s("""
            from segment import analytics

            CRON_CONTEXT = {"library": {"name": "acme-cron"}}
            SYSTEM_CONTEXT = {"groupId": "org_system", "library": {"name": "acme-cron"}}


            def nightly_vacuum():
                analytics.track("system", "Nightly Vacuum",  # expect: GID101, GID201
                                context=CRON_CONTEXT)
                analytics.track("system", "Nightly Billing",  # expect: GID201
                                context=SYSTEM_CONTEXT)
        """),
    }, {}),
    ("match-class-pattern-on-a-guard-attribute", {
        # ``case User(is_staff=True): return`` is ``if user.is_staff is True: return``
        # written as a ``match``
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/models.py": _s("""
            class User:
                is_staff = False
        """),
        "app/login.py": _s("""
            from segment import analytics

            from app.models import User


            def on_login(user):
                match user:
                    case User(is_staff=True):
                        return
                analytics.identify(str(user.id), {"last_login": str(user.last_login)})
        """),
    }, {}),
]

# What each known miss gets wrong, and the SPEC sentence that requires otherwise.
MISS_NOTES4: dict[str, str] = {
}

# Cases where SPEC does not settle the result: not run; the marks say what the most
# likely reading expects.
AMBIGUOUS_NOTES4: dict[str, str] = {
    "raise-inside-suppress-of-another-exception-type": (
        "`with suppress(FileNotFoundError):` around `if user.is_staff: raise "
        "PermissionDenied(...)`: the tool takes the raise as an exit (suppress does not "
        "catch it), so the call after the `with` is guarded. SPEC: raise is an exit 'not "
        "when an enclosing `try` of the same function catches it, nor inside "
        "`contextlib.suppress`' -- the `try` clause is about what it catches, the "
        "`suppress` clause literally about any raise inside it. The marks follow run time."),
    "module-level-context-dict-of-the-calling-module": (
        "module-level dicts that no function changes, sent as the context in the same "
        "module: the tool gives GID105 for both. SPEC's resolvable forms name locals 'in the "
        "same function', but 'a module-level dict changed by any function' being unknown "
        "implies an unchanged one is resolvable (round three left the imported variant "
        "ambiguous too). The marks take it as resolvable."),
    "match-class-pattern-on-a-guard-attribute": (
        "`case User(is_staff=True): return` before the call: SPEC says 'Branch structure is "
        "followed however it is written' and names `case ... if not GUARD:`, but not a "
        "guard term spelled as a class pattern's keyword. The marks take it as guarded."),
}

KNOWN_MISSES4 = [case for case in _ALL if case[0] in MISS_NOTES4]
ADVERSARY_CASES4 = [case for case in _ALL if case[0] not in MISS_NOTES4]
AMBIGUOUS4 = [case for case in _AMBIGUOUS if case[0] in AMBIGUOUS_NOTES4]
