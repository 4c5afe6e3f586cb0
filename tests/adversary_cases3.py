"""Third round of adversarial multi-module projects for project-wide resolution
(SPEC "Which calls are analytics calls", "Rules"), in the format of
``tests/project_cases.py``: ``(name, {path: source}, options)`` with inline
``# expect: CODE`` marks, GID105 selected.

This round: web-framework idioms (Django class-based views, signals and apps, DRF,
Flask extensions, FastAPI dependencies, Celery tasks, gRPC servicers, a DI
container), contexts built in other modules, guards in other shapes, wrappers and
clients in other shapes, and look-alikes.

``ADVERSARY_CASES3``: realistic projects the current code gets right.
``KNOWN_MISSES3``: projects where the current code is wrong where SPEC is clear;
``tests/test_adversary.py`` runs them as strict xfails, with ``MISS_NOTES3``
saying what is wrong and quoting SPEC.
``AMBIGUOUS3``: projects where SPEC does not settle the result (``AMBIGUOUS_NOTES3``
says why); they are kept as data and not run. Their marks say what the most likely
reading expects.

Plain data, written with the helpers of ``tests/project_cases.py``.
"""

from __future__ import annotations

from tests.project_cases import AUTH, PYPROJECT, _s

# A plain wrapper module reused by several cases: ``track_event`` forwards its context.
TRACKING = _s('''
    from segment import analytics


    def track_event(user_id, event, properties=None, context=None):
        analytics.track(user_id, event, properties, context=context)  # expect: GID201
''')

_ALL = [
    # ------------------------------------------------------------------
    # web framework idioms
    # ------------------------------------------------------------------
    ("django-cbv-client-on-a-mixin-that-is-not-the-first-base", {
        # the Segment client is a class attribute of a mixin listed second among the
        # view's bases (after Django's LoginRequiredMixin): "attributes set in the class
        # or a base class"; a context from a mixin method is "a call's result" (GID105)
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/analytics_mixins.py": _s('''
            from django.conf import settings
            from segment.analytics import Client


            class SegmentMixin:
                """Gives class-based views a Segment client."""

                segment = Client(settings.SEGMENT_WRITE_KEY)

                def get_group_context(self):
                    return {"groupId": str(self.request.user.team_id)}
        '''),
        "app/views.py": _s('''
            from django.contrib.auth.mixins import LoginRequiredMixin
            from django.views.generic import FormView, TemplateView

            from app.analytics_mixins import SegmentMixin


            class DashboardView(LoginRequiredMixin, SegmentMixin, TemplateView):
                template_name = "dashboard.html"

                def get(self, request, *args, **kwargs):
                    if request.user.is_staff:
                        return super().get(request, *args, **kwargs)
                    self.segment.track(str(request.user.id), "Viewed Dashboard",
                                       context={"groupId": str(request.user.team_id)})
                    return super().get(request, *args, **kwargs)


            class InviteView(LoginRequiredMixin, SegmentMixin, FormView):
                template_name = "invite.html"

                def form_valid(self, form):
                    invite = form.save()
                    self.segment.track(str(self.request.user.id), "Sent Invite",  # expect: GID201
                                       context=self.get_group_context())  # expect: GID105
                    self.segment.identify(str(self.request.user.id),  # expect: GID201
                                          {"invites_sent": invite.sender.invites.count()})
                    return super().form_valid(form)
        '''),
    }, {}),
    ("django-signal-receivers-call-sdk-and-wrapper", {
        # ``@receiver`` functions and a ``connect``ed login handler; the login guard is
        # ``if GUARD or x: return``
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/models.py": _s('''
            from django.db import models


            class Membership(models.Model):
                user = models.ForeignKey("auth.User", on_delete=models.CASCADE)
                team = models.ForeignKey("app.Team", on_delete=models.CASCADE)
                role = models.CharField(max_length=20)
        '''),
        "app/tracking.py": TRACKING,
        "app/signals.py": _s('''
            from django.contrib.auth.signals import user_logged_in
            from django.db.models.signals import post_delete, post_save
            from django.dispatch import receiver
            from segment import analytics

            from app.models import Membership
            from app.tracking import track_event


            @receiver(post_save, sender=Membership)
            def membership_saved(sender, instance, created, **kwargs):
                if created:
                    analytics.group(str(instance.user_id), str(instance.team_id),  # expect: GID201
                                    {"name": instance.team.name})
                    track_event(str(instance.user_id), "Joined Team",
                                context={"groupId": str(instance.team_id)})
                else:
                    track_event(str(instance.user_id), "Changed Role",  # expect: GID101
                                {"role": instance.role})


            @receiver(post_delete, sender=Membership)
            def membership_deleted(sender, instance, **kwargs):
                track_event(str(instance.user_id), "Left Team", None,
                            {"groupId": str(instance.team_id)})


            def identify_on_login(sender, request, user, **kwargs):
                if user.is_staff or request.session.get("hijack_history"):
                    return
                analytics.identify(str(user.id), {"email": user.email})


            user_logged_in.connect(identify_on_login)
        '''),
    }, {}),
    ("django-project-with-an-app-named-analytics", {
        # a Django app package named ``analytics`` at the project root shadows the SDK
        # for ``import analytics``; the app's own wrapper imports the SDK as
        # ``segment.analytics``
        "pyproject.toml": PYPROJECT,
        "manage.py": _s('''
            import os
            import sys

            if __name__ == "__main__":
                os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
                from django.core.management import execute_from_command_line

                execute_from_command_line(sys.argv)
        '''),
        "config/__init__.py": "",
        "config/settings.py": 'INSTALLED_APPS = ["analytics", "billing"]\n',
        "analytics/__init__.py": "",
        "analytics/apps.py": _s('''
            from django.apps import AppConfig


            class AnalyticsConfig(AppConfig):
                name = "analytics"
        '''),
        "analytics/reports.py": _s('''
            def track(metric, value):
                """Adds a point to the customer-facing usage report."""
                return (metric, value)
        '''),
        "analytics/tracking.py": _s('''
            from segment import analytics as segment


            def track(user, event, properties=None, context=None):
                if user.is_staff:
                    return
                segment.track(str(user.id), event, properties, context)
        '''),
        "billing/__init__.py": "",
        "billing/views.py": _s('''
            import analytics
            from analytics import reports
            from analytics.tracking import track


            def paid(request, invoice):
                reports.track("invoices.paid", invoice.amount)
                track(request.user, "Paid Invoice")  # expect: GID101
                track(request.user, "Paid Invoice v2", None, {"groupId": str(invoice.org_id)})
                analytics.reports.track("invoices.total", invoice.amount)
        '''),
    }, {}),
    ("drf-viewset-context-helper-and-permission-class", {
        # a DRF permission class that refuses staff does not guard the viewset's calls
        # (a guard must dominate the call "in its own function"); ``raise
        # PermissionDenied`` does; a context returned by a helper in another module is
        # "a call's result": unknown (GID105) unless ``groupId`` is written after it
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/analytics_context.py": _s('''
            def org_context(org, request=None):
                ctx = {"groupId": str(org.id)}
                if request is not None:
                    ctx["ip"] = request.META.get("REMOTE_ADDR")
                return ctx
        '''),
        "app/permissions.py": _s('''
            from rest_framework.permissions import BasePermission


            class IsCustomer(BasePermission):
                """Staff browse customers' projects read-only and are not tracked."""

                def has_permission(self, request, view):
                    return not request.user.is_staff
        '''),
        "app/api.py": _s('''
            from rest_framework import viewsets
            from rest_framework.exceptions import PermissionDenied
            from segment.analytics import Client

            from app.analytics_context import org_context
            from app.permissions import IsCustomer

            segment = Client("write-key")


            class ProjectViewSet(viewsets.ModelViewSet):
                permission_classes = [IsCustomer]

                def get_serializer_context(self):
                    context = super().get_serializer_context()
                    context["org"] = self.request.user.org
                    return context

                def perform_create(self, serializer):
                    project = serializer.save(org=self.request.user.org)
                    segment.track(str(self.request.user.id), "Created Project",  # expect: GID201
                                  context=org_context(project.org, self.request))  # expect: GID105

                def perform_destroy(self, instance):
                    if self.request.user.is_staff:
                        raise PermissionDenied("staff cannot delete customer projects")
                    segment.track(str(self.request.user.id), "Deleted Project",
                                  context={**org_context(instance.org),
                                           "groupId": str(instance.org_id)})
                    instance.delete()
        '''),
    }, {}),
    ("flask-extension-object-and-current-app-extensions-lookup", {
        # the extension's client is ``None`` in ``__init__`` and a ``Client`` in
        # ``init_app``: "any binding that can reach the call"; the same extension
        # fetched back from ``current_app.extensions[...]`` is a subscript SPEC does not
        # follow ("Anything else is not an analytics call")
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": _s('''
            from flask import Flask

            from app.extensions import segment


            def create_app():
                app = Flask(__name__)
                app.config.from_prefixed_env()
                segment.init_app(app)
                from app.projects import bp
                app.register_blueprint(bp)
                return app
        '''),
        "app/extensions.py": _s('''
            from segment.analytics import Client


            class Segment:
                """Flask extension: one Segment client per app."""

                def __init__(self, app=None):
                    self.client = None
                    if app is not None:
                        self.init_app(app)

                def init_app(self, app):
                    self.client = Client(app.config["SEGMENT_WRITE_KEY"])
                    app.extensions["segment"] = self

                def track(self, user, event, properties=None, context=None):
                    self.client.track(str(user.id), event, properties, context)  # expect: GID201


            segment = Segment()
        '''),
        "app/projects.py": _s('''
            from flask import Blueprint, current_app, g, request
            from flask_login import current_user

            from app.extensions import segment

            bp = Blueprint("projects", __name__, url_prefix="/projects")


            @bp.post("/")
            def create():
                project = g.workspace.projects.create(name=request.form["name"])
                segment.track(current_user, "Created Project")  # expect: GID101
                segment.track(current_user, "Created Project v2", {"id": project.id},
                              {"groupId": str(g.workspace.id)})
                return {"id": project.id}, 201


            @bp.delete("/<int:project_id>")
            def delete(project_id):
                g.workspace.projects.delete(project_id)
                current_app.extensions["segment"].track(current_user, "Deleted Project")
                return "", 204
        '''),
    }, {}),
    ("fastapi-depends-annotated-client-and-async-tracker", {
        # ``segment: Client = Depends(...)`` and ``Annotated[Client, Depends(...)]``: the
        # parameter's annotation is the SDK ``Client`` (PEP 593 metadata aside);
        # ``tracker: AsyncTracker = Depends(...)``: an instance of a project class whose
        # ``async def track`` is a guarded wrapper
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/config.py": 'SEGMENT_WRITE_KEY = "write-key"\n',
        "app/auth.py": _s('''
            async def current_user():
                return None
        '''),
        "app/tracking.py": _s('''
            import asyncio

            from segment.analytics import Client


            class AsyncTracker:
                def __init__(self, client: Client):
                    self.client = client

                async def track(self, user, event, properties=None, context=None):
                    if user.is_staff:
                        return
                    await asyncio.sleep(0)
                    self.client.track(str(user.id), event, properties, context)
        '''),
        "app/deps.py": _s('''
            from segment.analytics import Client

            from app.config import SEGMENT_WRITE_KEY
            from app.tracking import AsyncTracker

            _segment = Client(SEGMENT_WRITE_KEY)


            def get_segment() -> Client:
                return _segment


            def get_tracker() -> AsyncTracker:
                return AsyncTracker(_segment)
        '''),
        "app/routes.py": _s('''
            from typing import Annotated

            from fastapi import APIRouter, Depends
            from segment.analytics import Client

            from app.auth import current_user
            from app.deps import get_segment, get_tracker
            from app.tracking import AsyncTracker

            router = APIRouter()
            SegmentDep = Depends(get_segment)


            @router.post("/boards")
            async def create_board(body: dict, user=Depends(current_user),
                                   segment: Client = SegmentDep):
                segment.track(str(user.id), "Created Board")  # expect: GID101, GID201
                return body


            @router.post("/boards/{board_id}/share")
            async def share_board(board_id: int, user=Depends(current_user),
                                  tracker: AsyncTracker = Depends(get_tracker)):
                await tracker.track(user, "Shared Board")  # expect: GID101
                await tracker.track(user, "Shared Board v2", context={"groupId": str(user.org_id)})
                return {"ok": True}


            @router.post("/invites")
            async def invite(body: dict, segment: Annotated[Client, Depends(get_segment)]):
                segment.track(body["inviter"], "Invited Member")  # expect: GID101, GID201
                return body
        '''),
    }, {}),
    ("celery-tasks-guard-raise-ignore-bound-self-and-wrapper-calls", {
        # ``raise Ignore()`` is an exit; ``self`` of a ``bind=True`` task is a parameter
        # of a plain function (no evidence it is the ``TrackedTask``): not followed; a
        # task body calling the project wrapper is checked like any caller, also with
        # ``**options`` holding a resolvable ``"context"`` entry
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": TRACKING,
        "app/celery_base.py": _s('''
            from celery import Task
            from segment import analytics


            class TrackedTask(Task):
                def track(self, user_id, event, context=None):
                    analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/models.py": _s('''
            class Org:
                objects = None


            class User:
                objects = None
        '''),
        "app/tasks.py": _s('''
            from celery import shared_task
            from celery.exceptions import Ignore
            from segment import analytics

            from app.celery_base import TrackedTask
            from app.models import Org, User
            from app.tracking import track_event


            @shared_task(bind=True, max_retries=3)
            def sync_user_traits(self, user_id):
                user = User.objects.get(pk=user_id)
                if user.is_staff:
                    raise Ignore()
                try:
                    analytics.identify(str(user.id), {"plan": user.plan})
                except ConnectionError as exc:
                    raise self.retry(exc=exc)


            @shared_task
            def sync_org_traits(org_id):
                org = Org.objects.get(pk=org_id)
                for member in org.members.all():
                    analytics.group(str(member.id), str(org.id),  # expect: GID201
                                    {"name": org.name})


            @shared_task(bind=True, base=TrackedTask)
            def export_report(self, user_id, report_id):
                self.track(user_id, "Exported Report")


            @shared_task(autoretry_for=(ConnectionError,), retry_backoff=True)
            def report_exported(user_id, org_id, rows):
                track_event(user_id, "Exported Report", {"rows": rows})  # expect: GID101
                track_event(user_id, "Exported Report v2", {"rows": rows}, {"groupId": org_id})
                options = dict(context={"groupId": org_id})
                track_event(user_id, "Exported Report v3", **options)
        '''),
        "app/views.py": _s('''
            from app.tasks import report_exported


            def export(request, report):
                report_exported.delay(str(request.user.id), str(report.org_id), report.rows)
        '''),
    }, {}),
    ("grpc-servicer-context-abort-and-grpc-context-parameter", {
        # gRPC's ``context.abort(...)`` raises at run time, but SPEC: "A method that happens
        # to be named ``abort`` or ``exit`` is not an exit". Both methods pass their own
        # ``context`` parameter (the ``grpc.ServicerContext``) on as an analytics context,
        # which makes them wrappers by SPEC's definition: their own calls are not
        # reported for GID1xx (and nothing in the project calls them)
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/tracking.py": TRACKING,
        "app/billing_pb2.py": "UpgradeReply = RenameReply = dict\n",
        "app/billing_pb2_grpc.py": "class BillingServicer:\n    pass\n",
        "app/servicer.py": _s('''
            import grpc
            from segment import analytics

            from app import billing_pb2, billing_pb2_grpc
            from app.auth import is_internal_user
            from app.tracking import track_event


            class BillingServicer(billing_pb2_grpc.BillingServicer):
                def Upgrade(self, request, context):
                    user = self.users.get(request.user_id)
                    if is_internal_user(user):
                        context.abort(grpc.StatusCode.PERMISSION_DENIED, "staff")
                    analytics.track(request.user_id, "Upgraded",  # expect: GID201
                                    context={"groupId": request.org_id})
                    track_event(request.user_id, "Upgraded v2", context=context)
                    return billing_pb2.UpgradeReply(ok=True)

                def Rename(self, request, context):
                    analytics.track(request.user_id, "Renamed Org",  # expect: GID201
                                    context=context)
                    return billing_pb2.RenameReply(ok=True)
        '''),
    }, {}),
    ("dependency-injector-container-and-type-checking-annotation", {
        # a DI container's provider call is no form SPEC follows; a parameter injected
        # with ``Provide[...]`` and annotated ``Client`` is a client, and so is a
        # constructor parameter annotated ``"Client"`` under ``if TYPE_CHECKING:``
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/containers.py": _s('''
            from dependency_injector import containers, providers
            from segment.analytics import Client


            class Container(containers.DeclarativeContainer):
                config = providers.Configuration()
                segment = providers.Singleton(Client, write_key=config.segment.write_key)
        '''),
        "app/services.py": _s('''
            from typing import TYPE_CHECKING

            from dependency_injector.wiring import Provide, inject

            from app.containers import Container

            if TYPE_CHECKING:
                from segment.analytics import Client


            @inject
            def invite(user, team, segment: "Client" = Provide[Container.segment]):
                team.invite(user)
                segment.track(str(user.id), "Invited",  # expect: GID201
                              context={"groupId": str(team.id)})


            def remind(user, container: Container):
                container.segment().track(str(user.id), "Reminded")


            class InviteService:
                def __init__(self, client: "Client"):
                    self.client = client

                def accepted(self, user, team):
                    self.client.track(str(user.id), "Accepted Invite")  # expect: GID101, GID201
        '''),
    }, {}),
    # ------------------------------------------------------------------
    # context built elsewhere
    # ------------------------------------------------------------------
    ("context-from-helper-spread-and-dict-call", {
        # a helper's result is unknown however it is combined, unless ``groupId`` is
        # written after it (a literal key after the spread, or ``dict(..., groupId=)``)
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/context.py": _s('''
            LIBRARY = {"name": "acme-api", "version": "2.3"}


            def base_context(org):
                return {"groupId": str(org.id), "library": LIBRARY}
        '''),
        "app/billing.py": _s('''
            from segment import analytics

            from app.auth import is_internal_user
            from app.context import base_context


            def invoice_paid(user, org, invoice, ip):
                if is_internal_user(user):
                    return
                analytics.track(str(user.id), "Invoice Paid", {"amount": invoice.amount},
                                {**base_context(org), "ip": ip})  # expect: GID105
                analytics.track(str(user.id), "Invoice Paid v2",
                                context={**base_context(org), "groupId": str(org.id)})
                analytics.track(str(user.id), "Invoice Paid v3",
                                context=dict(base_context(org), ip=ip))  # expect: GID105
                analytics.track(str(user.id), "Invoice Paid v4",
                                context=dict(base_context(org), groupId=str(org.id)))
                ctx = {"ip": ip}
                ctx.update(base_context(org))
                analytics.track(str(user.id), "Invoice Paid v5", context=ctx)  # expect: GID105
                fallback = {"ip": ip}
                solo = org.is_personal
                analytics.track(str(user.id), "Invoice Paid v6",
                                context=fallback if solo else base_context(org))  # expect: GID105
        '''),
    }, {}),
    ("context-attribute-of-dataclass-and-pydantic-model", {
        # an attribute (a dataclass property, a pydantic field) is not a resolvable form:
        # GID105, however the class builds it
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/events.py": _s('''
            from dataclasses import dataclass, field

            from pydantic import BaseModel


            @dataclass
            class DomainEvent:
                user_id: str
                name: str
                org_id: str
                properties: dict = field(default_factory=dict)

                @property
                def context(self):
                    return {"groupId": self.org_id}


            class TrackRequest(BaseModel):
                user_id: str
                event: str
                properties: dict = {}
                context: dict = {}
        '''),
        "app/outbox.py": _s('''
            from segment import analytics

            from app.auth import is_internal_user
            from app.events import DomainEvent


            def publish(event: DomainEvent, user):
                if is_internal_user(user):
                    return
                analytics.track(event.user_id, event.name, event.properties,
                                event.context)  # expect: GID105
        '''),
        "app/api.py": _s('''
            from fastapi import APIRouter
            from segment import analytics

            from app.events import TrackRequest

            router = APIRouter()


            @router.post("/track")
            def track(body: TrackRequest):
                analytics.track(body.user_id, body.event, body.properties,  # expect: GID201
                                body.context)  # expect: GID105
                analytics.track(body.user_id, body.event, body.properties,  # expect: GID201
                                {**body.context, "groupId": body.context.get("groupId")})
        '''),
    }, {}),
    # ------------------------------------------------------------------
    # guards in other shapes
    # ------------------------------------------------------------------
    ("guard-helpers-in-permissions-module-formulas", {
        # project functions "whose every return value is a guard formula": ``a or b`` and
        # ``not a and not b`` over guard terms, a chain through another helper, and a
        # staticmethod of a policy class
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/permissions.py": _s('''
            def is_privileged(user):
                return user.is_staff or user.is_superuser


            def can_track(user):
                return not user.is_staff and not user.is_impersonated


            def tracking_allowed(user):
                return not is_privileged(user)


            class TrackingPolicy:
                @staticmethod
                def allows(user):
                    return tracking_allowed(user)
        '''),
        "app/views.py": _s('''
            from django.shortcuts import redirect, render
            from segment import analytics

            from app.permissions import TrackingPolicy, can_track, is_privileged, tracking_allowed


            def settings_saved(request, team):
                if is_privileged(request.user):
                    return redirect("admin:index")
                analytics.track(str(request.user.id), "Saved Settings",
                                context={"groupId": str(team.id)})


            def billing_opened(request, team):
                if not can_track(request.user):
                    return render(request, "billing.html")
                analytics.identify(str(request.user.id), {"plan": team.plan})
                return render(request, "billing.html")


            def seats_changed(request, team):
                if tracking_allowed(request.user):
                    analytics.group(str(request.user.id), str(team.id), {"seats": team.seats})
                analytics.group(str(request.user.id), str(team.id),  # expect: GID201
                                {"plan": team.plan})


            def renamed(request, team):
                if TrackingPolicy.allows(request.user):
                    analytics.group(str(request.user.id), str(team.id), {"name": team.name})
        '''),
    }, {}),
    ("guard-shapes-spec-does-not-count", {
        # none of these is a guard by SPEC, though each stops internal users at run time:
        # a helper that raises only sometimes, caught by the caller (no exit, no guard
        # term); a model method reached through ``request.user`` (the receiver is
        # unknown, so it cannot resolve to the project's helper); ``assert`` (not in
        # SPEC's list of exits, and stripped by ``python -O``)
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/permissions.py": _s('''
            class NotTracked(Exception):
                pass


            def ensure_trackable(user):
                if user.is_staff:
                    raise NotTracked(user.id)
        '''),
        "app/models.py": _s('''
            from django.contrib.auth.models import AbstractUser


            class User(AbstractUser):
                def should_be_tracked(self):
                    return not self.is_staff and not self.is_hijacked
        '''),
        "app/views.py": _s('''
            from django.shortcuts import redirect
            from segment import analytics

            from app.auth import is_internal_user
            from app.permissions import NotTracked, ensure_trackable


            def login(request):
                try:
                    ensure_trackable(request.user)
                except NotTracked:
                    return redirect("home")
                analytics.identify(str(request.user.id),  # expect: GID201
                                   {"email": request.user.email})
                return redirect("home")


            def login_done(request):
                if not request.user.should_be_tracked():
                    return redirect("home")
                analytics.identify(str(request.user.id), {"login": "done"})  # expect: GID201
                return redirect("home")


            def upgrade(request, org, plan):
                assert not is_internal_user(request.user), "staff cannot change customer plans"
                org.change_plan(plan)
                analytics.track(str(request.user.id), "Upgraded Plan",  # expect: GID201
                                context={"groupId": str(org.id)})
        '''),
    }, {}),
    ("guard-in-init-disables-client-attribute", {
        # the constructor leaves ``self.client`` ``None`` for internal users; the method
        # tests ``self.client is None`` (no guard term): GID201 at the SDK call
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/tracking.py": _s('''
            from segment.analytics import Client

            from app.auth import is_internal_user

            SEGMENT_WRITE_KEY = "write-key"


            class UserTracker:
                """One per request; sends nothing for teammates."""

                def __init__(self, user):
                    self.user = user
                    self.client = None if is_internal_user(user) else Client(SEGMENT_WRITE_KEY)

                def track(self, event, properties=None, context=None):
                    if self.client is None:
                        return
                    self.client.track(str(self.user.id), event,  # expect: GID201
                                      properties, context)
        '''),
        "app/middleware.py": _s('''
            from app.tracking import UserTracker


            class TrackerMiddleware:
                def __init__(self, get_response):
                    self.get_response = get_response

                def __call__(self, request):
                    request.tracker = UserTracker(request.user)
                    return self.get_response(request)
        '''),
        "app/views.py": _s('''
            from app.tracking import UserTracker


            def star(request, repo):
                tracker = UserTracker(request.user)
                tracker.track("Starred Repo")  # expect: GID101
                tracker.track("Starred Repo v2", context={"groupId": str(repo.org_id)})
                request.tracker.track("Starred Repo v3")
        '''),
    }, {}),
    ("middleware-getattr-guard-is-not-a-guard-term", {
        # ``getattr(request.user, "is_staff", False)``: the call's last name component is
        # ``getattr``; ``page`` is neither grouped nor guarded by default
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/middleware.py": _s('''
            from django.conf import settings
            from segment.analytics import Client


            class PageViewMiddleware:
                def __init__(self, get_response):
                    self.get_response = get_response
                    self.segment = Client(settings.SEGMENT_WRITE_KEY)

                def __call__(self, request):
                    response = self.get_response(request)
                    self.segment.page(str(request.user.id), name=request.path)
                    if getattr(request.user, "is_staff", False):
                        return response
                    self.segment.track(str(request.user.id), "Page Viewed",  # expect: GID201
                                       context={"groupId": str(request.tenant.id)})
                    return response


            class ApiUsageMiddleware:
                def __init__(self, get_response):
                    self.get_response = get_response
                    self.segment = Client(settings.SEGMENT_WRITE_KEY)

                def __call__(self, request):
                    response = self.get_response(request)
                    if request.user.is_anonymous or request.user.is_staff:
                        return response
                    self.segment.track(str(request.user.id), "API Called",
                                       context={"groupId": str(request.tenant.id)})
                    return response
        '''),
    }, {}),
    ("loop-continue-inside-with-and-loop-else", {
        # the ``continue`` guards the rest of its loop body, also inside ``with`` and
        # ``try``; not the loop's ``else:`` (it runs after the loop); a loop over a list
        # filtered by the guard is not a guarded branch
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/sync.py": _s('''
            import logging

            from django.db import transaction
            from segment import analytics

            from app.auth import is_internal_user

            log = logging.getLogger(__name__)


            def sync_seats(org):
                for member in org.members.select_related("user"):
                    with transaction.atomic():
                        if is_internal_user(member.user):
                            continue
                        analytics.group(str(member.user_id), str(org.id), {"seats": org.seats})
                        try:
                            analytics.track(str(member.user_id), "Seat Synced",
                                            context={"groupId": str(org.id)})
                        except Exception:
                            log.exception("segment failed")
                else:
                    analytics.track(str(org.owner_id), "Seats Synced",  # expect: GID201
                                    context={"groupId": str(org.id)})


            def import_customers(rows):
                customers = [row for row in rows if not is_internal_user(row.user)]
                for row in customers:
                    analytics.identify(str(row.user.id), {"imported": True})  # expect: GID201
        '''),
    }, {}),
    ("guard-decorators-stacked-under-shared-task", {
        # SPEC: "anywhere in a function decorated with a decorator matching
        # guard-decorators" (default ``*internal*``), by name only: here below
        # ``@shared_task``, as a decorator factory call, and on a wrapper (whose callers
        # then need only groupId); ``@require_active`` matches no pattern
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/decorators.py": _s('''
            import functools


            def skip_internal_users(func):
                @functools.wraps(func)
                def inner(user, *args, **kwargs):
                    if user.is_staff:
                        return None
                    return func(user, *args, **kwargs)
                return inner


            def unless_internal(allow_own_app=False):
                def decorate(func):
                    return skip_internal_users(func)
                return decorate


            def require_active(func):
                return func
        '''),
        "app/tasks.py": _s('''
            from celery import shared_task
            from segment import analytics

            from app.decorators import require_active, skip_internal_users, unless_internal


            @shared_task
            @skip_internal_users
            def identify_user(user):
                analytics.identify(str(user.id), {"email": user.email})


            @shared_task
            @unless_internal(allow_own_app=True)
            def record_login(user, team_id):
                analytics.track(str(user.id), "Logged In", context={"groupId": team_id})


            @shared_task
            @require_active
            def record_logout(user, team_id):
                analytics.track(str(user.id), "Logged Out",  # expect: GID201
                                context={"groupId": team_id})


            @skip_internal_users
            def track_for(user, event, context=None):
                analytics.track(str(user.id), event, context=context)
        '''),
        "app/views.py": _s('''
            from app.tasks import track_for


            def rename(request, team):
                track_for(request.user, "Renamed Team")  # expect: GID101
                track_for(request.user, "Renamed Team v2", {"groupId": str(team.id)})
        '''),
    }, {}),
    ("guard-exit-inside-with-block-and-noreturn-helper", {
        # an exit inside a ``with`` body dominates what follows the ``with`` (a ``with``
        # without one guards nothing); a project function annotated ``-> NoReturn`` (its
        # body is ``flask.abort``) is an exit
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/errors.py": _s('''
            from typing import NoReturn

            from flask import abort


            def forbid(reason) -> NoReturn:
                abort(403, reason)
        '''),
        "app/views.py": _s('''
            from flask_login import current_user
            from opentelemetry import trace
            from segment import analytics

            from app.auth import is_internal_user
            from app.errors import forbid

            tracer = trace.get_tracer(__name__)


            def rename(board):
                with tracer.start_as_current_span("rename"):
                    if is_internal_user(current_user):
                        return {"ok": False}
                    board.rename()
                analytics.track(str(current_user.id), "Renamed Board",
                                context={"groupId": str(board.org_id)})
                return {"ok": True}


            def delete(board):
                if is_internal_user(current_user):
                    forbid("staff cannot delete boards")
                analytics.track(str(current_user.id), "Deleted Board",
                                context={"groupId": str(board.org_id)})


            def restore(board):
                with tracer.start_as_current_span("restore"):
                    board.restore()
                analytics.track(str(current_user.id), "Restored Board",  # expect: GID201
                                context={"groupId": str(board.org_id)})
        '''),
    }, {}),
    # ------------------------------------------------------------------
    # wrappers and clients in other shapes
    # ------------------------------------------------------------------
    ("telemetry-module-aliases-and-factories", {
        # one telemetry module exporting bound-method aliases of a client
        # (``track = _client.track``), an SDK function under another name, an
        # ``@lru_cache`` factory, and an ``Optional[Client]`` factory used with a walrus
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            import os
            from functools import lru_cache
            from typing import Optional

            from segment import analytics
            from segment.analytics import Client

            _client = Client("write-key")
            track = _client.track
            identify = _client.identify
            flush = _client.flush
            send = analytics.track


            @lru_cache(maxsize=None)
            def get_segment():
                return Client("write-key")


            def segment_or_none() -> Optional[Client]:
                key = os.environ.get("SEGMENT_WRITE_KEY")
                return Client(key) if key else None
        '''),
        "app/views.py": _s('''
            from app.telemetry import flush, get_segment, identify, segment_or_none, send, track


            def login(user, team):
                identify(str(user.id), {"email": user.email})  # expect: GID201
                track(str(user.id), "Logged In")  # expect: GID101, GID201
                track(str(user.id), "Logged In v2",  # expect: GID201
                      context={"groupId": str(team.id)})
                send(str(user.id), "Logged In v3")  # expect: GID101, GID201
                flush()


            def archive(user, board):
                board.archive()
                get_segment().track(str(user.id), "Archived Board")  # expect: GID101, GID201
                segment = get_segment()
                segment.identify(str(user.id), {"boards": user.boards.count()})  # expect: GID201


            def nightly(owner, org):
                if (segment := segment_or_none()) is not None:
                    segment.track(str(owner.id), "Nightly Export")  # expect: GID101, GID201
        '''),
    }, {}),
    ("client-set-on-cls-by-a-configure-classmethod", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            from segment.analytics import Client


            class Telemetry:
                client = None

                @classmethod
                def configure(cls, write_key):
                    cls.client = Client(write_key)

                def signed_up(self, user, team):
                    self.client.track(str(user.id), "Signed Up")  # expect: GID101, GID201
                    self.client.group(str(user.id), str(team.id),  # expect: GID201
                                      {"name": team.name})
        '''),
        "app/wsgi.py": _s('''
            from app.telemetry import Telemetry

            Telemetry.configure("write-key")
        '''),
    }, {}),
    ("dynamic-dispatch-is-left-alone", {
        # SPEC: "getattr(client, name)(...) (left alone)"; a call through a dict of SDK
        # functions and ``asyncio.to_thread(analytics.track, ...)`` call no SDK function
        # themselves ("Anything else is not an analytics call"), so ``emit``, ``replay``
        # and the async ``track`` are no wrappers and their callers are not checked
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/events.py": _s('''
            import asyncio

            from segment import analytics


            def emit(method, *args, **kwargs):
                """Replays a recorded SDK call from the outbox."""
                return getattr(analytics, method)(*args, **kwargs)


            HANDLERS = {"track": analytics.track, "identify": analytics.identify}


            def replay(message):
                HANDLERS[message["type"]](**message["payload"])


            async def track(user_id, event, properties=None, context=None):
                await asyncio.to_thread(analytics.track, user_id, event, properties, context)
        '''),
        "app/consumer.py": _s('''
            from app.events import emit, replay, track


            async def handle(message):
                if message["type"] == "track":
                    emit("track", message["userId"], message["event"])
                replay(message)
                await track(message["userId"], "Replayed Message")
        '''),
    }, {}),
    ("multi-region-clients-in-a-dict-are-not-followed", {
        # EU/US data residency: clients kept in a dict and picked by region; a subscript
        # or a loop over a list is no form SPEC follows ("Anything else is not an
        # analytics call"); the class-level annotation ``client: Client`` is followed
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            from segment.analytics import Client

            CLIENTS = {
                "eu": Client("eu-write-key", host="https://events.eu1.segmentapis.com"),
                "us": Client("us-write-key"),
            }
            ALL_CLIENTS = list(CLIENTS.values())


            class RegionalTelemetry:
                client: Client

                def __init__(self, region):
                    self.client = CLIENTS[region]

                def deleted(self, user):
                    self.client.track(str(user.id), "Deleted Account")  # expect: GID101, GID201
        '''),
        "app/views.py": _s('''
            from app.telemetry import ALL_CLIENTS, CLIENTS


            def signup(request, org):
                CLIENTS[org.region].track(str(request.user.id), "Signed Up")
                for client in ALL_CLIENTS:
                    client.track(str(request.user.id), "Signed Up (all regions)")
        '''),
    }, {}),
    # ------------------------------------------------------------------
    # look-alikes that must not be reported
    # ------------------------------------------------------------------
    ("music-app-player-track-and-analytics-utils", {
        # a music app: ``Player.track``/``identify`` are the app's; ``analytics_utils`` is
        # a project module with the SDK's signature and no SDK call, imported as
        # ``analytics``; the real SDK is used once, correctly
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/player.py": _s('''
            class Player:
                def __init__(self, device):
                    self.device = device
                    self.queue = []

                def track(self, index):
                    """The track at ``index`` of the queue."""
                    return self.queue[index]

                def identify(self, fingerprint):
                    return {"fingerprint": fingerprint, "device": self.device}
        '''),
        "app/analytics_utils.py": _s('''
            """Listening statistics for the artists' dashboard (no Segment here)."""
            from collections import Counter

            PLAYS = Counter()


            def track(user_id, event, properties=None, context=None):
                PLAYS[(user_id, event)] += 1


            def group(plays, by="artist"):
                return {key: [p for p in plays if p[by] == key] for key in {p[by] for p in plays}}
        '''),
        "app/views.py": _s('''
            import segment.analytics as segment

            from app import analytics_utils as analytics
            from app.player import Player


            def play(request, song):
                player = Player(request.device)
                current = player.track(0)
                player.identify(song.fingerprint)
                analytics.track(str(request.user.id), "Played Song", {"song": song.id})
                analytics.group(request.user.recent_plays, by="album")
                if request.user.is_staff:
                    return current
                segment.track(str(request.user.id), "Played Song",
                              context={"groupId": str(request.user.family_plan_id)})
                return current
        '''),
    }, {}),
    ("other-vendors-and-group-lookalikes-beside-segment", {
        # Customer.io, Mixpanel and PostHog share method names with the SDK; a project
        # attribute named ``analytics`` holding a Mixpanel client is judged by what the
        # project binds to it, not by the ``clients`` setting; Celery's canvas ``group``,
        # click's ``group`` and ``re`` match groups beside the SDK's ``group``
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/crm.py": _s('''
            import posthog
            from customerio import CustomerIO
            from django.conf import settings
            from mixpanel import Mixpanel

            cio = CustomerIO(settings.CIO_SITE_ID, settings.CIO_API_KEY)


            class CrmSync:
                def __init__(self):
                    self.analytics = Mixpanel(settings.MIXPANEL_TOKEN)

                def run(self, user, team):
                    self.analytics.track(str(user.id), "CRM Synced", {"team": team.id})
                    cio.identify(id=user.id, email=user.email)
                    cio.track(customer_id=user.id, name="crm_synced")
                    posthog.identify(str(user.id), {"email": user.email})
                    posthog.group_identify("company", str(team.id), {"name": team.name})
                    posthog.capture(str(user.id), "crm synced", groups={"company": str(team.id)})
        '''),
        "app/tasks.py": _s('''
            import re

            from celery import group, shared_task
            from segment import analytics

            from app.crm import CrmSync

            SLUG = re.compile(r"^(?P<team>[a-z0-9-]+)/(?P<board>[a-z0-9-]+)$")


            @shared_task
            def sync_one(user, team):
                CrmSync().run(user, team)
                if user.is_staff:
                    return
                analytics.group(str(user.id), str(team.id), {"synced": True})
                analytics.track(str(user.id), "Nightly CRM Sync", context={"groupId": str(team.id)})


            def sync_team(team):
                group(sync_one.s(m, team) for m in team.members.all())()


            def parse(path):
                match = SLUG.match(path)
                return match.group("team"), match.group("board")
        '''),
        "app/cli.py": _s('''
            import click

            from app.tasks import sync_team


            @click.group()
            def cli():
                pass


            @cli.group()
            def teams():
                pass


            @teams.command()
            @click.argument("team_id")
            def sync(team_id):
                sync_team(team_id)
        '''),
    }, {}),
    ("test-doubles-fakes-and-mocks-in-tests-folder", {
        # tests replace the client with a fake or a mock: only the real client's call in
        # ``app/signup.py`` is an analytics call
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/signup.py": _s('''
            from segment.analytics import Client

            segment = Client("write-key")


            def complete(user, team):
                if user.is_staff:
                    return
                segment.track(str(user.id), "Signed Up", context={"groupId": str(team.id)})
        '''),
        "tests/__init__.py": "",
        "tests/fakes.py": _s('''
            class FakeSegment:
                def __init__(self):
                    self.calls = []

                def track(self, user_id, event, properties=None, context=None):
                    self.calls.append(("track", user_id, event, properties, context))

                def identify(self, user_id, traits=None, context=None):
                    self.calls.append(("identify", user_id, traits, context))
        '''),
        "tests/test_signup.py": _s('''
            from unittest import mock

            from segment.analytics import Client

            from app import signup
            from tests.fakes import FakeSegment


            def test_signup_tracks(monkeypatch, user, team):
                fake = FakeSegment()
                monkeypatch.setattr(signup, "segment", fake)
                signup.complete(user, team)
                fake.track("u1", "Seeded")
                fake.identify("u1", {"seeded": True})
                assert fake.calls[0][2] == "Signed Up"


            @mock.patch("app.signup.segment")
            def test_signup_with_mock(segment_mock, user, team):
                signup.complete(user, team)
                segment_mock.track.assert_called_once()


            def test_autospec(user, team):
                client = mock.create_autospec(Client, instance=True)
                client.track("u1", "Signed Up")
                client.track.assert_called_once_with("u1", "Signed Up")
        '''),
    }, {}),
    # ------------------------------------------------------------------
    # known misses (see MISS_NOTES3)
    # ------------------------------------------------------------------
    ("callable-wrapper-object-with-dunder-call", {
        # ``send_event = EventSender("web")``; ``send_event(...)`` runs
        # ``EventSender.__call__``, a wrapper method reached through the instance
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/events.py": _s('''
            from segment import analytics


            class EventSender:
                def __init__(self, source):
                    self.source = source

                def __call__(self, user_id, event, properties=None, context=None):
                    properties = {**(properties or {}), "source": self.source}
                    analytics.track(user_id, event, properties, context)  # expect: GID201


            send_event = EventSender("web")
        '''),
        "app/views.py": _s('''
            from app.events import send_event


            def upload(request, folder):
                send_event(str(request.user.id), "Uploaded File")  # expect: GID101
                send_event(str(request.user.id), "Uploaded File v2", None,
                           {"groupId": str(folder.org_id)})
        '''),
    }, {}),
    ("wrapper-callers-groupid-in-renamed-properties-parameter", {
        # the wrapper's ``props`` is forwarded as the SDK's ``properties``: a caller that
        # puts ``groupId`` there and gives no context gets GID104, as it does when the
        # parameter is named ``properties``
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import segment.analytics as sa


            def send(user, event, props=None, ctx=None):
                if user.is_staff:
                    return
                sa.track(str(user.id), event, properties=props, context=ctx)
        '''),
        "app/views.py": _s('''
            from app.tracking import send


            def export(request, workspace):
                send(request.user, "Exported",
                     {"groupId": str(workspace.id)})  # expect: GID104
                send(request.user, "Exported v2",
                     props={"groupId": str(workspace.id)})  # expect: GID104
                send(request.user, "Exported v3", {"groupId": str(workspace.id)},
                     {"groupId": str(workspace.id)})
        '''),
    }, {}),
    ("wrapper-rebinds-its-none-context-parameter", {
        # the mutable-default idiom: ``if context is None: context = {}`` (or
        # ``context = context or {}``) before passing the parameter on
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/tracking.py": _s('''
            from segment import analytics

            from app.auth import is_internal_user


            def track(user, event, properties=None, context=None):
                """Sends ``event`` for ``user``; ``context`` must carry the workspace."""
                if is_internal_user(user):
                    return
                if properties is None:
                    properties = {}
                if context is None:
                    context = {}
                analytics.track(str(user.id), event, properties, context)


            def track_system(event, properties=None, context=None):
                context = context or {}
                analytics.track("system", event, properties, context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import track, track_system


            def create_board(request, workspace):
                board = workspace.boards.create(name=request.POST["name"])
                track(request.user, "Created Board")  # expect: GID101
                track(request.user, "Created Board v2", context={"groupId": str(workspace.id)})
                return board


            def nightly_cleanup():
                track_system("Nightly Cleanup")  # expect: GID101
                track_system("Nightly Cleanup v2", context={"groupId": "org_system"})
        '''),
    }, {}),
    ("wrapper-merges-caller-context-over-library-defaults", {
        # the caller's context copied over defaults: ``{**DEFAULTS, **(context or {})}``,
        # ``dict(context or {}, library=...)``, ``copy.deepcopy(context)``
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/tracking.py": _s('''
            import copy

            from segment import analytics

            from app.auth import is_internal_user

            LIBRARY = {"name": "acme-api", "version": "3.4"}
            DEFAULT_CONTEXT = {"library": LIBRARY}


            class ApiTracker:
                def track(self, token, event, properties=None, context=None):
                    if is_internal_user(token.user):
                        return
                    ctx = {**DEFAULT_CONTEXT, **(context or {})}
                    analytics.track(str(token.user_id), event, properties, ctx)

                def track_webhook(self, hook, event, context=None):
                    if is_internal_user(hook.owner):
                        return
                    analytics.track(str(hook.owner_id), event, {"hook": hook.id},
                                    dict(context or {}, library=LIBRARY))


            def track_job(job, event, context=None):
                if is_internal_user(job.owner):
                    return
                analytics.track(str(job.owner_id), event, {"job": job.id}, copy.deepcopy(context))


            tracker = ApiTracker()
        '''),
        "app/api.py": _s('''
            from app.tracking import track_job, tracker


            def call(token, org):
                tracker.track(token, "Called API")  # expect: GID101
                tracker.track(token, "Called API v2", context={"groupId": str(org.id)})


            def deliver(hook):
                tracker.track_webhook(hook, "Delivered Webhook")  # expect: GID101
                tracker.track_webhook(hook, "Delivered Webhook v2", {"groupId": str(hook.org_id)})


            def finish(job):
                track_job(job, "Finished Job")  # expect: GID101
                track_job(job, "Finished Job v2", {"groupId": str(job.org_id)})
        '''),
    }, {}),
    ("wrapper-builds-a-message-dict-for-the-sdk-call", {
        # the wrapper puts its ``context`` parameter in a message dict and calls
        # ``analytics.track(**message)``; ``explain`` says of the SDK call "the function
        # is a wrapper, and its callers are checked instead", and of the caller "not an
        # analytics call"
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/outbox.py": _s('''
            from segment import analytics


            def send(user_id, event, properties=None, context=None):
                message = {
                    "user_id": user_id,
                    "event": event,
                    "properties": properties or {},
                    "context": context,
                }
                analytics.track(**message)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.outbox import send


            def publish(request, page):
                page.publish()
                send(str(request.user.id), "Published Page")  # expect: GID101
                send(str(request.user.id), "Published Page v2",
                     context={"groupId": str(page.site_id)})
        '''),
    }, {}),
]


_AMBIGUOUS = [
    ("bad-merge-conflict-in-a-guard-helper-module", {
        # a merge left conflict markers in the guard helpers' module, which mentions no
        # analytics word: the views' guard cannot be read (GID201 there: an unreadable
        # module defines nothing), and the broken file itself must be reported
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/permissions.py": _s('''
            def should_track(user):
            <<<<<<< HEAD  # expect: GID000
                return not user.is_staff
            =======
                return not user.is_staff and not user.is_hijacked
            >>>>>>> feature/hijack
        '''),
        "app/views.py": _s('''
            from segment import analytics

            from app.permissions import should_track


            def login(request):
                if not should_track(request.user):
                    return
                analytics.identify(str(request.user.id),  # expect: GID201
                                   {"email": request.user.email})
        '''),
    }, {}),
    ("flask-client-on-g-set-in-before-request", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/hooks.py": _s('''
            from flask import g
            from segment.analytics import Client

            _client = Client("write-key")


            def attach_clients():
                g.analytics = _client
                g.segment = _client
        '''),
        "app/views.py": _s('''
            from flask import g
            from flask_login import current_user


            def archive(board):
                board.archive()
                g.analytics.track(str(current_user.id), "Archived Board")  # expect: GID101, GID201
                g.segment.track(str(current_user.id), "Archived Board v2")
        '''),
    }, {}),
    ("context-constants-imported-from-a-constants-module", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/constants.py": _s('''
            GROUP_KEY = "groupId"
            LEGACY_GROUP_KEY = "group_id"
            SYSTEM_CONTEXT = {"groupId": "org_system", "library": {"name": "cron"}}
            CRON_CONTEXT = {"library": {"name": "cron"}}
        '''),
        "app/cron.py": _s('''
            from segment import analytics

            from app.constants import CRON_CONTEXT, GROUP_KEY, LEGACY_GROUP_KEY, SYSTEM_CONTEXT


            def nightly_billing(org):
                analytics.track(str(org.owner_id), "Nightly Billing Run",  # expect: GID201
                                context={GROUP_KEY: str(org.id)})
                analytics.track(str(org.owner_id), "Nightly Billing Run v2",  # expect: GID201
                                context={LEGACY_GROUP_KEY: str(org.id)})  # expect: GID103


            def nightly_cleanup():
                analytics.track("system", "Nightly Cleanup",  # expect: GID201
                                context=SYSTEM_CONTEXT)
                analytics.track("system", "Nightly Vacuum",  # expect: GID201, GID101
                                context=CRON_CONTEXT)
        '''),
    }, {}),
    ("guard-helpers-written-with-early-returns-or-as-properties", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/policy.py": _s('''
            def should_track(user):
                if user is None or not user.is_authenticated:
                    return False
                if user.is_staff:
                    return False
                return not user.is_impersonated
        '''),
        "app/tracking.py": _s('''
            from functools import cached_property

            from segment.analytics import Client

            from app.auth import is_internal_user


            class UserTracker:
                client = Client("write-key")

                def __init__(self, user):
                    self.user = user

                @property
                def enabled(self):
                    return not is_internal_user(self.user)

                @cached_property
                def muted(self):
                    return is_internal_user(self.user)

                def identify(self):
                    if not self.enabled:
                        return
                    self.client.identify(str(self.user.id), {"email": self.user.email})

                def group(self, team):
                    if self.muted:
                        return
                    self.client.group(str(self.user.id), str(team.id), {"name": team.name})
        '''),
        "app/views.py": _s('''
            from segment import analytics

            from app.policy import should_track


            def login(request):
                if not should_track(request.user):
                    return
                analytics.identify(str(request.user.id), {"email": request.user.email})
        '''),
    }, {}),
    ("context-manager-yields-client", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            from contextlib import contextmanager

            from segment.analytics import Client


            @contextmanager
            def segment_session(write_key):
                client = Client(write_key, sync_mode=True)
                try:
                    yield client
                finally:
                    client.flush()
        '''),
        "app/management/__init__.py": "",
        "app/management/backfill.py": _s('''
            from app.telemetry import segment_session


            def backfill(users):
                with segment_session("write-key") as segment:
                    for user in users:
                        segment.identify(str(user.id), {"backfilled": True})  # expect: GID201
        '''),
    }, {}),
    ("celery-task-wrapper-called-through-delay", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tasks.py": _s('''
            from celery import shared_task
            from segment import analytics


            @shared_task(ignore_result=True)
            def track_async(user_id, event, properties=None, context=None):
                analytics.track(user_id, event, properties, context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tasks import track_async


            def export(request, report):
                track_async.delay(str(request.user.id), "Exported Report")  # expect: GID101
                track_async.delay(str(request.user.id), "Exported Report v2", None,
                                  {"groupId": str(report.org_id)})
                track_async.apply_async(  # expect: GID101
                    args=[str(request.user.id), "Exported Report v3"])
                track_async(str(request.user.id), "Exported Report v4")  # expect: GID101
        '''),
    }, {}),
    ("functools-partial-binds-context-of-a-wrapper", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": TRACKING,
        "app/jobs.py": _s('''
            import functools

            from app.tracking import track_event


            def import_rows(job):
                emit = functools.partial(track_event, str(job.owner_id),
                                         context={"groupId": str(job.org_id)})
                emit("Import Started")
                bare = functools.partial(track_event, str(job.owner_id))
                bare("Import Audited")  # expect: GID101
        '''),
    }, {}),
    ("wrapper-adds-groupid-only-when-a-tenant-is-set", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tenancy.py": _s('''
            from contextvars import ContextVar

            current_org: ContextVar[str] = ContextVar("current_org")
        '''),
        "app/tracking.py": _s('''
            from segment import analytics

            from app.tenancy import current_org


            def track(user, event, properties=None, context=None):
                if user.is_staff:
                    return
                ctx = dict(context or {})
                org_id = current_org.get(None)
                if org_id is not None:
                    ctx["groupId"] = org_id
                analytics.track(str(user.id), event, properties, ctx)
        '''),
        "app/views.py": _s('''
            from app.tracking import track


            def comment(request, post):
                track(request.user, "Commented")  # expect: GID105
        '''),
    }, {}),
    ("wrapper-defers-sdk-call-to-an-on-commit-closure", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            from django.db import transaction
            from segment import analytics


            def track_after_commit(user, event, properties=None, context=None):
                """Tracks only once the surrounding transaction commits."""
                def send():
                    analytics.track(str(user.id), event, properties, context)  # expect: GID201
                transaction.on_commit(send)


            def identify_after_commit(user, traits=None, context=None):
                transaction.on_commit(
                    lambda: analytics.identify(str(user.id), traits, context))  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import identify_after_commit, track_after_commit


            def invite(request, team):
                team.invite(request.POST["email"])
                track_after_commit(request.user, "Invited Member")  # expect: GID101
                track_after_commit(request.user, "Invited Member v2",
                                   context={"groupId": str(team.id)})
                identify_after_commit(request.user, {"invites": team.invites.count()})
        '''),
    }, {}),
    ("impersonation-guard-compared-with-none", {
        # django-impersonate sets ``request.impersonator`` to the teammate, else ``None``
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/views.py": _s('''
            from django.shortcuts import redirect
            from segment import analytics


            def login_done(request):
                if request.impersonator is not None:
                    return redirect("home")
                analytics.identify(str(request.user.id), {"email": request.user.email})
                return redirect("home")


            def opened_as(request):
                if request.impersonator is None:
                    return redirect("home")
                analytics.identify(str(request.user.id), {"support": True})  # expect: GID201
                return redirect("home")
        '''),
    }, {}),
]

# What each known miss gets wrong, and the SPEC sentence that requires otherwise.
MISS_NOTES3: dict[str, str] = {
}

# Cases where SPEC does not settle the result: not run; the marks say what the most
# likely reading expects.
AMBIGUOUS_NOTES3: dict[str, str] = {
    "bad-merge-conflict-in-a-guard-helper-module": (
        "Decided: not reported. SPEC's Output section says a file that does not parse is "
        "GID000, but issue 12 (project-wide resolution) keeps the pre-filter: 'Files that "
        "cannot matter are still never parsed' -- and a module that mentions no analytics "
        "word and imports nothing that matters cannot matter. The project index does parse "
        "it for the guard helper, and contributes nothing from it (so GID201 at the views is "
        "reported, as marked); reporting GID000 only when some importer happened to ask for "
        "its summary would depend on the import graph. The README's limits say so."),
    "flask-client-on-g-set-in-before-request": (
        "`g.analytics.track(...)`: the tool reports it through the `clients` setting (the "
        "dotted path `flask.g.analytics` ends in `analytics`) and leaves `g.segment` alone, "
        "though both hold the same client. SPEC: 'a name imported from outside whose last "
        "component matches `clients` is a client' -- `g` is the imported name, and an "
        "attribute set on an outside object is no listed form."),
    "context-constants-imported-from-a-constants-module": (
        "keys and contexts that are module-level constants of another module: the tool gives "
        "GID105 for all four calls. SPEC accepts 'a key that is a module-level string constant "
        "equal to \"groupId\"' without saying whose module, calls the analysis 'local', and "
        "implies module-level dicts can be resolvable ('a module-level dict changed by any "
        "function' is unknown). The marks take imports as resolving constants."),
    "guard-helpers-written-with-early-returns-or-as-properties": (
        "`should_track` with early `return False` is taken as a guard helper (no finding); the "
        "`enabled` property and `muted` cached_property are not (GID201 at both SDK calls), "
        "though a plain method with the same body is. SPEC: 'a project function whose every "
        "return value is a guard formula' -- silent on constant returns and on properties "
        "reached as attributes. The marks read both as guards."),
    "context-manager-yields-client": (
        "`with segment_session() as segment:` where the project context manager yields a "
        "`Client`: not followed (no GID201). SPEC lists clients 'returned by a function or "
        "property', not yielded ones or `with` targets."),
    "celery-task-wrapper-called-through-delay": (
        "`track_async.delay(...)` / `.apply_async(args=[...])` run the wrapper task with those "
        "arguments; the tool checks only direct calls. SPEC: a wrapper's 'calls anywhere in "
        "the project are checked' -- silent on task-queue invocation."),
    "functools-partial-binds-context-of-a-wrapper": (
        "`functools.partial(track_event, uid, context={...})` then `emit(\"...\")`: the tool "
        "checks neither call. SPEC does not name `functools.partial` (round two left a partial "
        "of the SDK function unreported too)."),
    "wrapper-adds-groupid-only-when-a-tenant-is-set": (
        "the wrapper sets `ctx[\"groupId\"]` only when a tenant context variable is set: the "
        "tool reports GID101 at a caller without context (reading the caller's context only). "
        "SPEC: 'A wrapper that adds `groupId` itself satisfies its callers' -- silent on one "
        "that adds it on some paths; the marks take GID105 (cannot be verified)."),
    "wrapper-defers-sdk-call-to-an-on-commit-closure": (
        "the SDK call sits in a nested function or lambda (`transaction.on_commit`) and uses "
        "the outer function's `context` parameter: the tool reports GID105 inside and leaves "
        "callers unchecked. SPEC's wrapper is a function 'whose body makes a grouped SDK "
        "call' with a context 'from one of its own parameters'; whether a closure's call is "
        "in the outer body is not said (SPEC does say so for guards)."),
    "impersonation-guard-compared-with-none": (
        "`if request.impersonator is not None: return`: the tool reports GID201 (it handles "
        "`is True`/`is False` but not a comparison with `None`); it correctly reports the "
        "inverted `is None` form. SPEC says how `not`, `and`, `or` combine guard terms, not "
        "how `GUARD is not None` reads."),
}

KNOWN_MISSES3 = [case for case in _ALL if case[0] in MISS_NOTES3]
ADVERSARY_CASES3 = [case for case in _ALL if case[0] not in MISS_NOTES3]
AMBIGUOUS3 = [case for case in _AMBIGUOUS if case[0] in AMBIGUOUS_NOTES3]
