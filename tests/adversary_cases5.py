"""Fifth round of adversarial multi-module projects (SPEC "Which calls are analytics
calls", "Rules"), in the format of ``tests/project_cases.py``: ``(name, {path:
source}, options)`` with inline ``# expect: CODE`` marks, GID105 selected.

This round aims at precision and at project-wide resolution in the layouts and
frameworks real B2B SaaS teams use: monorepos with several ``src`` roots, namespace
packages without ``__init__.py``, deep relative imports, re-export chains through
package ``__init__`` with and without ``__all__`` (also one built up over several
statements), ``from x import *`` of wrapper modules; Celery tasks, Django signal
receivers, DRF mixins, FastAPI dependencies and background tasks, RQ and thread
workers; wrappers shaped differently (keyword-only contexts, ``*args``/``**kwargs``
through two layers, ``__call__``, static and class methods, definitions chosen by a
setting or an ``ImportError``, methods that share a name with a module-level wrapper);
and look-alikes that must not be reported (Mixpanel, PostHog, Amplitude, a carrier's
``track``, reporting packages named ``analytics``, locals and attributes named
``analytics``, test doubles).

``ADVERSARY_CASES5``: realistic projects the current code gets right.
``KNOWN_MISSES5``: projects where the current code is wrong where SPEC is clear;
``tests/test_adversary.py`` runs them as strict xfails, with ``MISS_NOTES5``
saying what is wrong and quoting SPEC.
``AMBIGUOUS5``: projects where SPEC does not settle the result (``AMBIGUOUS_NOTES5``
says why); they are kept as data and not run. Their marks say what the most likely
reading expects.

Plain data, written with the helpers of ``tests/project_cases.py``.
"""

from __future__ import annotations

from tests.project_cases import AUTH, PYPROJECT, SHIPPING, _s

_ALL = [
    # ------------------------------------------------------------------
    # Layouts: source roots, namespace packages, relative imports
    # ------------------------------------------------------------------
    ("monorepo-namespace-packages-under-two-src-roots", {
        # two services, each with its own ``src`` root named in the ``src`` setting;
        # ``acme`` and ``acme.common`` are namespace packages (no ``__init__.py``) split
        # over both roots
        "pyproject.toml": _s('''
            [tool.lint-groupid]
            src = ["services/common/src", "services/billing/src"]
        '''),
        "services/common/src/acme/common/tracking.py": _s('''
            from segment import analytics


            def send_event(user_id, event, properties=None, context=None):
                analytics.track(user_id, event, properties, context=context)  # expect: GID201
        '''),
        "services/common/src/acme/common/ids.py": _s('''
            def org_key(org_id):
                return f"org_{org_id}"
        '''),
        "services/billing/src/acme/billing/invoices.py": _s('''
            from acme.common import tracking
            from acme.common.ids import org_key
            from acme.common.tracking import send_event


            def invoice_paid(invoice):
                send_event(str(invoice.payer_id), "Invoice Paid",
                           {"amount": invoice.amount}, {"groupId": org_key(invoice.org_id)})


            def invoice_voided(invoice):
                send_event(str(invoice.payer_id), "Invoice Voided",  # expect: GID101
                           {"amount": invoice.amount})


            def invoice_refunded(invoice):
                tracking.send_event(str(invoice.payer_id), "Invoice Refunded")  # expect: GID101
        '''),
        "services/billing/tests/test_invoices.py": _s('''
            from acme.billing.invoices import invoice_paid


            def test_invoice_paid(invoice):
                invoice_paid(invoice)
        '''),
    }, {}),
    ("deep-relative-imports-four-dots-and-module-import", {
        # ``app.web.api.v2.projects``: ``....`` is ``app``; ``from ....core import
        # tracking`` binds the submodule; ``...`` is ``app.web``
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/core/__init__.py": "",
        "app/core/tracking.py": _s('''
            import analytics


            def send(user_id, event, *, properties=None, context=None):
                analytics.track(user_id, event, properties=properties,  # expect: GID201
                                context=context)
        '''),
        "app/web/__init__.py": "",
        "app/web/helpers.py": _s('''
            def org_context(org):
                return {"groupId": str(org.id)}


            def send(message):
                """Sends a websocket message; nothing to do with analytics."""
                return message
        '''),
        "app/web/api/__init__.py": "",
        "app/web/api/v2/__init__.py": "",
        "app/web/api/v2/projects.py": _s('''
            from ....core import tracking
            from ....core.tracking import send as track
            from ...helpers import org_context, send


            def create(request, org):
                track(str(request.user.id), "Project Created",
                      context={"groupId": str(org.id)})
                tracking.send(str(request.user.id), "Project Listed")  # expect: GID101
                send({"type": "project.created"})


            def archive(request, org):
                track(str(request.user.id), "Project Archived",  # expect: GID101
                      properties={"org": str(org.id)})


            def restore(request, org):
                track(str(request.user.id), "Project Restored",
                      context=org_context(org))  # expect: GID105
        '''),
    }, {}),
    ("relative-imports-inside-a-namespace-package", {
        # ``app`` and ``app/jobs`` have no ``__init__.py``: relative imports still work
        # (``app.jobs.nightly`` imports ``..tracking``)
        "pyproject.toml": PYPROJECT,
        "app/tracking.py": _s('''
            from segment import analytics


            def track_job(user_id, event, context=None):
                analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/jobs/nightly.py": _s('''
            from ..tracking import track_job


            def close_stale_trials(orgs):
                for org in orgs:
                    track_job(str(org.owner_id), "Trial Closed", {"groupId": str(org.id)})
                    track_job(str(org.owner_id), "Trial Reminder")  # expect: GID101
        '''),
    }, {}),
    ("reexport-chain-three-inits-with-and-without-all", {
        # ``app.tracking.events`` defines the wrapper; ``app/tracking/__init__.py``
        # re-exports it with ``__all__``; ``app/__init__.py`` passes it on with ``*``;
        # callers import it from ``app``
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": _s('''
            from .tracking import *  # noqa: F403
            from .version import VERSION
        '''),
        "app/version.py": 'VERSION = "4.2.0"\n',
        "app/tracking/__init__.py": _s('''
            from .events import track_event
            from .identity import identify_member

            __all__ = ["identify_member", "track_event"]
        '''),
        "app/tracking/events.py": _s('''
            from segment import analytics


            def track_event(user, event, properties=None, context=None):
                analytics.track(str(user.id), event, properties, context)  # expect: GID201
        '''),
        "app/tracking/identity.py": _s('''
            from segment import analytics


            def identify_member(user, traits=None, context=None):
                analytics.identify(str(user.id), traits, context)  # expect: GID201
        '''),
        "app/members/__init__.py": "",
        "app/members/views.py": _s('''
            from app import identify_member, track_event


            def invite(request, org):
                identify_member(request.user, {"role": "admin"})
                track_event(request.user, "Member Invited", {"org": org.slug})  # expect: GID101
                track_event(request.user, "Member Invited v2", None, {"groupId": str(org.id)})
        '''),
    }, {}),
    ("dunder-all-built-over-several-statements", {
        # ``__all__`` extended after its first assignment (``+=``, ``.append``,
        # ``.extend``): ``from m import *`` binds the names of its final value
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            from segment import analytics

            __all__ = ["track_event"]


            def track_event(user_id, event, properties=None, context=None):
                analytics.track(user_id, event, properties, context)  # expect: GID201


            __all__ += ["track_billing_event"]


            def track_billing_event(user_id, event, properties=None, context=None):
                analytics.track(user_id, f"Billing: {event}", properties, context)  # expect: GID201


            __all__.append("track_usage_event")


            def track_usage_event(user_id, event, properties=None, context=None):
                analytics.track(user_id, f"Usage: {event}", properties, context)  # expect: GID201
        '''),
        "app/billing.py": _s('''
            from app.tracking import *  # noqa: F403


            def charge(user, org, amount):
                track_event(str(user.id), "Charged", {"amount": amount},  # noqa: F405
                            {"groupId": str(org.id)})
                track_billing_event(str(user.id), "Charged")  # noqa: F405  # expect: GID101
                track_usage_event(str(user.id), "Seats Counted")  # noqa: F405  # expect: GID101
        '''),
    }, {}),
    ("src-layout-reporting-package-named-analytics-shadows-sdk", {
        # ``src/analytics`` is the project's own reporting package (a source root's
        # top-level package): ``import analytics`` anywhere, also from a scripts folder
        # without ``__init__.py``, imports it instead of the SDK
        "pyproject.toml": PYPROJECT,
        "src/analytics/__init__.py": _s('''
            from analytics.metrics import group, track

            __all__ = ["group", "track"]
        '''),
        "src/analytics/metrics.py": _s('''
            import statsd

            _stats = statsd.StatsClient()


            def track(metric, value=1, tags=None):
                _stats.incr(metric, value)


            def group(rows, key):
                grouped = {}
                for row in rows:
                    grouped.setdefault(row[key], []).append(row)
                return grouped
        '''),
        "src/app/__init__.py": "",
        "src/app/views.py": _s('''
            import analytics


            def dashboard(request, org):
                analytics.track("dashboard.viewed")
                by_plan = analytics.group(org.invoices, "plan")
                return by_plan
        '''),
        "scripts/backfill.py": _s('''
            import analytics
            from analytics.metrics import track


            def main():
                analytics.track("backfill.started")
                track("backfill.rows", 120)
        '''),
    }, {}),
    # ------------------------------------------------------------------
    # Scopes: class bodies and module-level wrappers that share a name
    # ------------------------------------------------------------------
    ("class-attribute-named-analytics-does-not-reach-methods", {
        # a class body's names are not visible in its methods: bare ``analytics`` in a
        # method is the module's SDK import, ``self.analytics`` the class attribute
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/stats.py": _s('''
            class UsageStats:
                def __init__(self, prefix):
                    self.prefix = prefix

                def track(self, metric, value=1):
                    return (f"{self.prefix}.{metric}", value)

                def identify(self, key):
                    return key
        '''),
        "app/exports.py": _s('''
            from segment import analytics

            from app.stats import UsageStats


            class ReportExporter:
                analytics = UsageStats("exports")

                def export(self, user, org):
                    self.analytics.track("csv")
                    self.analytics.identify(str(org.id))
                    analytics.track(str(user.id), "Exported Report")  # expect: GID101, GID201
        '''),
    }, {}),
    ("method-named-track-beside-a-module-level-wrapper-named-track", {
        # inside ``Shipment``'s methods the bare name ``track`` is the module's wrapper
        # (imported), not the method; ``self.track`` is the carrier method
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/shipping.py": SHIPPING,
        "app/events.py": _s('''
            from segment import analytics


            def track(user_id, event, properties=None, context=None):
                analytics.track(user_id, event, properties, context)  # expect: GID201
        '''),
        "app/orders.py": _s('''
            from app.events import track
            from app.shipping import ParcelClient

            carrier = ParcelClient("carrier-key")


            class Shipment:
                def __init__(self, number, order):
                    self.number = number
                    self.order = order

                def track(self):
                    return carrier.track(self.number)

                def mark_shipped(self, user):
                    status = self.track()
                    track(str(user.id), "Order Shipped", {"status": status},
                          {"groupId": str(self.order.org_id)})
                    track(str(user.id), "Order Shipped v2")  # expect: GID101
        '''),
    }, {}),
    ("audit-trail-method-forwards-to-the-module-wrapper-of-the-same-name", {
        # ``AuditTrail.track`` calls the module-level ``track`` (a wrapper) with its own
        # ``context`` parameter: a wrapper of a wrapper, though both are named ``track``
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics

            from app.models import AuditEntry


            def track(user_id, event, properties=None, context=None):
                analytics.track(user_id, event, properties, context)  # expect: GID201


            class AuditTrail:
                def __init__(self, actor):
                    self.actor = actor

                def track(self, action, context=None):
                    AuditEntry.objects.create(actor=self.actor, action=action)
                    track(str(self.actor.id), f"Audit: {action}", context=context)


            class ShipmentLog:
                def track(self, number, context=None):
                    AuditEntry.objects.create(actor=None, action=f"ship {number}")
                    return context
        '''),
        "app/models.py": _s('''
            class AuditEntry:
                objects = None
        '''),
        "app/admin_views.py": _s('''
            from app.tracking import AuditTrail, ShipmentLog


            def reset_password(request, member, org):
                trail = AuditTrail(request.user)
                trail.track("password reset", context={"groupId": str(org.id)})
                trail.track("password reset mail")  # expect: GID101
                ShipmentLog().track("1Z999")
        '''),
    }, {}),
    # ------------------------------------------------------------------
    # Definitions chosen at import time
    # ------------------------------------------------------------------
    ("wrapper-defined-only-when-a-write-key-is-set-stub-second", {
        # ``if settings.SEGMENT_WRITE_KEY: def track_event(...)`` (the wrapper) ``else:
        # def track_event(...)`` (a logging stub): a name with two bindings, one a wrapper
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/settings.py": 'SEGMENT_WRITE_KEY = ""\n',
        "app/tracking.py": _s('''
            import logging

            from segment import analytics

            from app import settings

            log = logging.getLogger(__name__)

            if settings.SEGMENT_WRITE_KEY:
                analytics.write_key = settings.SEGMENT_WRITE_KEY

                def track_event(user_id, event, properties=None, context=None):
                    analytics.track(user_id, event, properties, context)  # expect: GID201
            else:
                def track_event(user_id, event, properties=None, context=None):
                    log.debug("analytics off: %s %s %s", event, properties, context)
        '''),
        "app/views.py": _s('''
            from app.tracking import track_event


            def signup(request, org):
                track_event(str(request.user.id), "Signed Up", {"plan": org.plan},
                            {"groupId": str(org.id)})
                track_event(str(request.user.id), "Signed Up v2")  # expect: GID101
        '''),
    }, {}),
    ("wrapper-defined-in-try-with-a-stub-in-except-importerror", {
        # the SDK is an optional dependency: the wrapper is defined in ``try:`` and a
        # no-op of the same name in ``except ImportError:``
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            try:
                from segment import analytics

                def track_event(user_id, event, properties=None, context=None):
                    analytics.track(user_id, event, properties, context)  # expect: GID201
            except ImportError:  # the open-source edition ships without Segment
                def track_event(user_id, event, properties=None, context=None):
                    return None
        '''),
        "app/views.py": _s('''
            from app.tracking import track_event


            def signup(request, org):
                track_event(str(request.user.id), "Signed Up", None, {"groupId": str(org.id)})
                track_event(str(request.user.id), "Signed Up v2")  # expect: GID101
        '''),
    }, {}),
    ("wrapper-method-with-a-dry-run-override-defined-later-in-the-class", {
        # a class defines ``track`` twice, the second (last) a stub under ``if DRY_RUN:``
        # in the class body: either binding can be the method
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import os

            from segment.analytics import Client

            DRY_RUN = os.environ.get("ANALYTICS_DRY_RUN") == "1"


            class Tracker:
                def __init__(self, key):
                    self.client = Client(key)

                def track(self, user_id, event, properties=None, context=None):
                    self.client.track(user_id, event, properties, context)  # expect: GID201

                if DRY_RUN:
                    def track(self, user_id, event, properties=None, context=None):  # noqa: F811
                        print("dry run:", user_id, event, properties, context)


            tracker = Tracker(os.environ.get("SEGMENT_WRITE_KEY", ""))
        '''),
        "app/views.py": _s('''
            from app.tracking import tracker


            def signup(request, org):
                tracker.track(str(request.user.id), "Signed Up", None, {"groupId": str(org.id)})
                tracker.track(str(request.user.id), "Signed Up v2")  # expect: GID101
        '''),
    }, {}),
    # ------------------------------------------------------------------
    # Task queues, web frameworks, workers
    # ------------------------------------------------------------------
    ("celery-tasks-call-a-kwargs-wrapper-through-two-layers", {
        # ``track_event(*args, **kwargs)`` adds integrations and calls ``_send(*args,
        # **kwargs)``, which calls the SDK with ``**kwargs``: callers passing ``context``
        # by keyword are checked; ``@shared_task`` and ``@app.task(bind=True)`` tasks (a
        # task that passed its own parameter on as the context would be a wrapper itself:
        # this one passes ``payload.get("context")``, a call's result)
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/celery.py": _s('''
            from celery import Celery

            app = Celery("app")
        '''),
        "app/tracking/__init__.py": _s('''
            from .client import track_event
        '''),
        "app/tracking/client.py": _s('''
            import analytics


            def _send(*args, **kwargs):
                analytics.track(*args, **kwargs)  # expect: GID201


            def track_event(*args, **kwargs):
                kwargs.setdefault("integrations", {"Salesforce": False})
                _send(*args, **kwargs)
        '''),
        "app/tasks.py": _s('''
            from celery import shared_task

            from app.celery import app
            from app.tracking import track_event


            @shared_task
            def seats_synced(org_id, owner_id, seats):
                track_event(user_id=str(owner_id), event="Seats Synced",
                            properties={"seats": seats}, context={"groupId": str(org_id)})
                track_event(user_id=str(owner_id), event="Seats Recounted")  # expect: GID101


            @app.task(bind=True, max_retries=3)
            def export_finished(self, org_id, owner_id, payload):
                track_event(user_id=str(owner_id), event="Export Finished",
                            context=payload.get("context"))  # expect: GID105
                track_event(user_id=str(owner_id), event="Export Mailed",
                            context={"group_id": str(org_id)})  # expect: GID103
        '''),
    }, {}),
    ("django-signal-receivers-with-connect-and-module-level-tracker", {
        # receivers registered with ``@receiver`` and with ``signal.connect``; the
        # tracker is a module-level instance of a project class whose ``event`` method
        # is a guarded wrapper
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/analytics_client.py": _s('''
            from segment.analytics import Client

            from app.auth import is_internal_user


            class Tracker:
                def __init__(self, key):
                    self._client = Client(key)

                def event(self, user, name, properties=None, context=None):
                    if is_internal_user(user):
                        return
                    self._client.track(str(user.id), name, properties, context)


            tracker = Tracker("write-key")
        '''),
        "app/members/__init__.py": "",
        "app/members/signals.py": _s('''
            from django.db.models.signals import post_delete, post_save
            from django.dispatch import receiver

            from app.analytics_client import tracker
            from app.members.models import Membership


            @receiver(post_save, sender=Membership)
            def membership_saved(sender, instance, created, **kwargs):
                if created:
                    tracker.event(instance.user, "Member Joined",
                                  context={"groupId": str(instance.org_id)})
                else:
                    tracker.event(instance.user, "Member Updated",  # expect: GID101
                                  {"role": instance.role})


            def membership_deleted(sender, instance, **kwargs):
                tracker.event(instance.user, "Member Left", None,
                              {"groupId": str(instance.org_id)})


            post_delete.connect(membership_deleted, sender=Membership)
        '''),
        "app/members/models.py": _s('''
            class Membership:
                pass
        '''),
    }, {}),
    ("drf-mixin-static-method-wrapper-with-keyword-only-context", {
        # a DRF mixin's ``@staticmethod _track(user_id, event, *, properties=None,
        # context=None)`` is a wrapper, called as ``self._track`` from the mixin and from
        # a viewset in another module
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/api/__init__.py": "",
        "app/api/mixins.py": _s('''
            from segment import analytics


            class TrackedActionMixin:
                event_prefix = "Object"

                @staticmethod
                def _track(user_id, event, *, properties=None, context=None):
                    analytics.track(user_id, event, properties=properties,  # expect: GID201
                                    context=context)

                def perform_create(self, serializer):
                    instance = serializer.save(org=self.request.org)
                    self._track(str(self.request.user.id), f"{self.event_prefix} Created",
                                context={"groupId": str(instance.org_id)})
        '''),
        "app/api/views.py": _s('''
            from rest_framework import viewsets

            from app.api.mixins import TrackedActionMixin


            class ProjectViewSet(TrackedActionMixin, viewsets.ModelViewSet):
                event_prefix = "Project"

                def perform_update(self, serializer):
                    instance = serializer.save()
                    self._track(str(self.request.user.id), "Project Updated",
                                properties={"fields": sorted(serializer.validated_data)},
                                context={"groupId": str(instance.org_id)})

                def perform_destroy(self, instance):
                    instance.delete()
                    self._track(str(self.request.user.id), "Project Deleted",  # expect: GID101
                                properties={"project": str(instance.id)})
        '''),
    }, {}),
    ("fastapi-background-tasks-and-queues-get-function-references", {
        # passing a wrapper (or the SDK function) to ``add_task``/``enqueue``/``Thread``
        # is not a call of it; a lambda that calls it is
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            from segment import analytics


            def track_event(user_id, event, properties=None, context=None):
                analytics.track(user_id, event, properties, context)  # expect: GID201
        '''),
        "app/routes.py": _s('''
            import threading

            from django.db import transaction
            from fastapi import APIRouter, BackgroundTasks
            from redis import Redis
            from rq import Queue

            from app.tracking import track_event

            router = APIRouter()
            queue = Queue(connection=Redis())


            @router.post("/imports")
            def start_import(body: dict, background_tasks: BackgroundTasks):
                background_tasks.add_task(track_event, body["user_id"], "Import Started")
                queue.enqueue(track_event, body["user_id"], "Import Queued")
                threading.Thread(target=track_event,
                                 args=(body["user_id"], "Import Threaded")).start()
                transaction.on_commit(
                    lambda: track_event(body["user_id"], "Import Committed"))  # expect: GID101
                return {"ok": True}
        '''),
    }, {}),
    ("flask-blueprint-extension-wrapper-object-with-dunder-call", {
        # an extension object whose ``__call__`` is a wrapper, stored in
        # ``app.extensions`` and also imported directly as ``track``
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": _s('''
            from flask import Flask

            from app.ext import track


            def create_app():
                app = Flask(__name__)
                track.init_app(app)
                return app
        '''),
        "app/ext.py": _s('''
            from segment.analytics import Client


            class SegmentTracker:
                def __init__(self):
                    self.client = None

                def init_app(self, app):
                    self.client = Client(app.config["SEGMENT_WRITE_KEY"])
                    app.extensions["segment_tracker"] = self

                def __call__(self, user_id, event, properties=None, context=None):
                    self.client.track(user_id, event, properties, context)  # expect: GID201


            track = SegmentTracker()
        '''),
        "app/billing.py": _s('''
            from flask import Blueprint, g

            from app.ext import track

            bp = Blueprint("billing", __name__)


            @bp.post("/upgrade")
            def upgrade():
                track(str(g.user.id), "Upgraded", {"plan": g.plan},
                      {"groupId": str(g.org.id)})
                track(str(g.user.id), "Upgrade Page Left")  # expect: GID101
                return "", 204
        '''),
    }, {}),
    # ------------------------------------------------------------------
    # Wrappers shaped differently
    # ------------------------------------------------------------------
    ("classmethod-wrapper-on-an-events-service-used-from-a-worker", {
        # ``EventService.track`` is a classmethod wrapper that copies the context and
        # adds a library entry; called on the class and on ``cls`` from a subclass
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/services/__init__.py": "",
        "app/services/events.py": _s('''
            import copy

            from segment.analytics import Client

            _client = Client("write-key")


            class EventService:
                library = {"name": "acme-backend"}

                @classmethod
                def track(cls, user_id, event, properties=None, context=None):
                    ctx = copy.deepcopy(context or {})
                    ctx["library"] = cls.library
                    _client.track(user_id, event, properties, ctx)  # expect: GID201


            class WorkerEventService(EventService):
                library = {"name": "acme-worker"}

                @classmethod
                def heartbeat(cls, worker):
                    cls.track("system", "Worker Heartbeat",  # expect: GID101
                              {"queue": worker.queue})
        '''),
        "app/worker.py": _s('''
            from app.services.events import EventService, WorkerEventService


            def process(job):
                EventService.track(str(job.user_id), "Job Done", {"kind": job.kind},
                                   {"groupId": str(job.org_id)})
                WorkerEventService.track(str(job.user_id), "Job Retried")  # expect: GID101
                WorkerEventService.heartbeat(job.worker)
        '''),
    }, {}),
    ("wrapper-with-keyword-only-context-called-with-positional-extras", {
        # ``def track(user, event, *, ctx=None, **props)``: the context comes only by
        # keyword; everything else lands in ``props``; a caller's ``context=`` keyword is
        # a property, not the context
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            from segment import analytics


            def track(user, event, *, ctx=None, **props):
                analytics.track(str(user.id), event, props, ctx)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import track


            def rename(request, workspace):
                track(request.user, "Workspace Renamed", ctx={"groupId": str(workspace.id)},
                      old=workspace.old_name, new=workspace.name)
                track(request.user, "Workspace Viewed", page="settings")  # expect: GID101
                track(request.user, "Workspace Exported",  # expect: GID101
                      context={"groupId": str(workspace.id)})
        '''),
    }, {}),
    ("wrapper-helper-pair-in-one-module-only-the-wrapper-is-a-wrapper", {
        # ``track_event`` forwards its context; ``track_simple`` has no context
        # parameter (a helper: its own SDK call is reported, its callers are not)
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics


            def track_event(user_id, event, properties=None, context=None):
                analytics.track(user_id, event, properties, context=context or {})  # expect: GID201


            def track_simple(user_id, event, **properties):
                analytics.track(user_id, event, properties)  # expect: GID101, GID201


            def identify_member(user_id, traits=None, context=None):
                analytics.identify(user_id, traits, context=context)  # expect: GID201


            def page_view(user_id, name, context=None):
                analytics.page(user_id, None, name, context=context)
        '''),
        "app/views.py": _s('''
            from app.tracking import identify_member, page_view, track_event, track_simple


            def settings(request, org):
                track_simple(str(request.user.id), "Settings Viewed", tab="general")
                identify_member(str(request.user.id), {"theme": "dark"})
                page_view(str(request.user.id), "Settings")
                track_event(str(request.user.id), "Settings Saved")  # expect: GID101
        '''),
    }, {}),
    ("wrapper-adds-groupid-on-one-branch-in-either-order", {
        # two wrappers that differ only in the order of their branches: one SDK call
        # adds ``groupId`` from ``org``, the other forwards the caller's context as it
        # is; a caller that passes neither gets the forwarding call
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            from segment import analytics


            def track_event(user_id, event, properties=None, context=None, org=None):
                if org is not None:
                    analytics.track(user_id, event, properties,  # expect: GID201
                                    {**(context or {}), "groupId": str(org.id)})
                else:
                    analytics.track(user_id, event, properties, context)  # expect: GID201


            def track_member_event(user_id, event, properties=None, context=None, org=None):
                if org is None:
                    analytics.track(user_id, event, properties, context)  # expect: GID201
                else:
                    analytics.track(user_id, event, properties,  # expect: GID201
                                    {**(context or {}), "groupId": str(org.id)})
        '''),
        "app/views.py": _s('''
            from app.tracking import track_event, track_member_event


            def profile(request):
                track_event(str(request.user.id), "Profile Viewed")  # expect: GID101
                track_member_event(str(request.user.id), "Profile Edited")  # expect: GID101
        '''),
    }, {}),
    # ------------------------------------------------------------------
    # Look-alikes that are not analytics calls
    # ------------------------------------------------------------------
    ("other-vendors-wrapped-with-segment-shaped-signatures", {
        # project wrappers of Mixpanel, PostHog and Amplitude with Segment-shaped
        # signatures (``context=None``): no Segment SDK call inside, so no wrapper
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/vendors/__init__.py": "",
        "app/vendors/mixpanel_client.py": _s('''
            from mixpanel import Mixpanel

            mp = Mixpanel("token")


            def track(user_id, event, properties=None, context=None):
                props = dict(properties or {})
                if context and "groupId" in context:
                    props["company"] = context["groupId"]
                mp.track(user_id, event, props)
        '''),
        "app/vendors/posthog_client.py": _s('''
            import posthog
            from posthog import Posthog

            eu = Posthog("key", host="https://eu.posthog.example")


            def track(user_id, event, properties=None, context=None):
                groups = {"company": context["groupId"]} if context else None
                posthog.capture(user_id, event, properties, groups=groups)


            def group(user_id, group_id, traits=None, context=None):
                eu.group_identify("company", group_id, traits)
        '''),
        "app/vendors/amplitude_client.py": _s('''
            from amplitude import Amplitude, BaseEvent

            client = Amplitude("key")


            class AmplitudeTracker:
                def track(self, user_id, event, properties=None, context=None):
                    client.track(BaseEvent(event_type=event, user_id=user_id,
                                           event_properties=properties))

                def identify(self, user_id, traits=None, context=None):
                    client.identify(user_id, traits)


            tracker = AmplitudeTracker()
        '''),
        "app/views.py": _s('''
            from app.vendors import mixpanel_client, posthog_client
            from app.vendors.amplitude_client import tracker


            def signup(request, org):
                user_id = str(request.user.id)
                mixpanel_client.track(user_id, "Signed Up")
                posthog_client.track(user_id, "Signed Up", {"plan": org.plan})
                posthog_client.group(user_id, str(org.id))
                tracker.track(user_id, "Signed Up")
                tracker.identify(user_id, {"email": request.user.email})
        '''),
    }, {}),
    ("shipping-and-package-tracking-apis-named-track", {
        # carrier SDKs and a project ``tracking`` package whose ``track`` looks up parcels
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking/__init__.py": _s('''
            from .parcels import track

            __all__ = ["track"]
        '''),
        "app/tracking/parcels.py": _s('''
            import easypost
            import shippo


            def track(carrier, number, context=None):
                if carrier == "usps":
                    return easypost.Tracker.create(tracking_code=number)
                return shippo.Track.get_status(carrier, number)
        '''),
        "app/orders.py": _s('''
            from aftership import tracking as aftership_tracking

            from app import tracking
            from app.tracking import *  # noqa: F403


            def refresh(order):
                tracking.track(order.carrier, order.tracking_number)
                track(order.carrier, order.tracking_number,  # noqa: F405
                      context={"order": order.id})
                aftership_tracking.track(slug=order.carrier, tracking_number=order.tracking_number)
        '''),
    }, {}),
    ("locals-named-analytics-bound-to-reports-loggers-and-dicts", {
        # the module imports the SDK as ``analytics``, but some functions bind a local
        # ``analytics`` to something else (a report object, a logger, a dict, a
        # ``with`` target): in those functions it is not the SDK
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/reports.py": _s('''
            class UsageReport:
                def __init__(self, org):
                    self.org = org

                def group(self, by):
                    return {"by": by}

                def track(self, metric):
                    return metric

                def __enter__(self):
                    return self

                def __exit__(self, *exc):
                    return False
        '''),
        "app/digest.py": _s('''
            import logging

            from segment import analytics

            from app.reports import UsageReport


            def weekly_digest(user, org):
                analytics = UsageReport(org)
                rows = analytics.group(by="week")
                analytics.track("digest.rows")
                return rows


            def audit(user):
                analytics = logging.getLogger("app.analytics")
                analytics.info("audit for %s", user.id)


            def counters(user):
                analytics = {"identify": 0}
                analytics["identify"] += 1
                return analytics


            def monthly(user, org):
                with UsageReport(org) as analytics:
                    analytics.group(by="month")


            def sent(user, org):
                analytics.track(str(user.id), "Digest Sent")  # expect: GID101, GID201
        '''),
    }, {}),
    ("self-analytics-is-a-usage-stats-cached-property-of-a-mixin", {
        # ``self.analytics`` is a project stats object from a mixin's
        # ``cached_property`` (other module); ``self.segment`` is the SDK client
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/stats.py": _s('''
            class UsageStats:
                def __init__(self, org):
                    self.org = org

                def track(self, metric, value=1):
                    return (self.org, metric, value)

                def group(self, key):
                    return key
        '''),
        "app/mixins.py": _s('''
            from functools import cached_property

            from segment.analytics import Client

            from app.stats import UsageStats


            class OrgStatsMixin:
                @cached_property
                def analytics(self):
                    return UsageStats(self.org)


            class SegmentMixin:
                segment = Client("write-key")
        '''),
        "app/views.py": _s('''
            from django.views import View

            from app.mixins import OrgStatsMixin, SegmentMixin


            class InvoiceListView(OrgStatsMixin, SegmentMixin, View):
                def get(self, request, org):
                    self.org = org
                    self.analytics.track("invoices.listed")
                    self.analytics.group("plan")
                    user_id = str(request.user.id)
                    self.segment.track(user_id, "Invoices Listed")  # expect: GID101, GID201
        '''),
    }, {}),
    ("tests-folder-fakes-patches-and-wrapper-calls", {
        # test doubles in ``tests/`` (no ``__init__.py``): fakes, ``mock.patch``
        # parameters and ``monkeypatch`` are not analytics calls; a test that calls the
        # project wrapper without a context is a wrapper call like any other
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            from segment import analytics


            def track_event(user_id, event, properties=None, context=None):
                analytics.track(user_id, event, properties, context)  # expect: GID201
        '''),
        "tests/conftest.py": _s('''
            import pytest


            class FakeAnalytics:
                def __init__(self):
                    self.calls = []

                def track(self, user_id, event, properties=None, context=None):
                    self.calls.append(("track", user_id, event, properties, context))

                def identify(self, user_id, traits=None, context=None):
                    self.calls.append(("identify", user_id, traits, context))


            @pytest.fixture
            def fake_analytics(monkeypatch):
                fake = FakeAnalytics()
                monkeypatch.setattr("app.tracking.analytics", fake)
                return fake
        '''),
        "tests/test_tracking.py": _s('''
            from unittest import mock

            from conftest import FakeAnalytics

            from app import tracking
            from app.tracking import track_event


            def test_track_event_forwards_context(fake_analytics):
                track_event("u1", "Signed Up", None, {"groupId": "o1"})
                assert fake_analytics.calls[0][4] == {"groupId": "o1"}


            def test_track_event_without_context(fake_analytics):
                track_event("u1", "Signed Up")  # expect: GID101
                assert fake_analytics.calls[0][4] is None


            @mock.patch.object(tracking, "analytics")
            def test_patched(mock_analytics):
                mock_analytics.track("u1", "Direct")
                mock_analytics.track.assert_called_once()


            def test_fake_directly():
                fake = FakeAnalytics()
                fake.track("u1", "Fake Event")
                fake.identify("u1", {"name": "Ada"})
        '''),
    }, {}),
    # ------------------------------------------------------------------
    # More wrapper shapes and re-exports
    # ------------------------------------------------------------------
    ("wrapper-copies-its-context-in-a-conditional-expression", {
        # ``ctx = dict(context) if context else {}`` and ``context if context is not None
        # else {}`` are ``dict(context or {})`` and ``context or {}`` spelled as a
        # conditional expression: the context still comes from the parameter
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import copy

            from segment import analytics

            LIBRARY = {"name": "acme-backend", "version": "4.2.0"}


            def track_event(user_id, event, properties=None, context=None):
                ctx = dict(context) if context else {}
                ctx["library"] = LIBRARY
                analytics.track(user_id, event, properties, ctx)  # expect: GID201


            def track_job(user_id, event, properties=None, context=None):
                ctx = copy.deepcopy(context) if context is not None else {}
                ctx["library"] = {**LIBRARY, "name": "acme-worker"}
                analytics.track(user_id, event, properties, ctx)  # expect: GID201


            def track_api(user_id, event, properties=None, context=None):
                analytics.track(user_id, event, properties,  # expect: GID201
                                context if context is not None else {})
        '''),
        "app/views.py": _s('''
            from app.tracking import track_api, track_event, track_job


            def invite(request, org):
                track_event(str(request.user.id), "Invited", None, {"groupId": str(org.id)})
                track_event(str(request.user.id), "Invite Resent")  # expect: GID101
                track_job(str(request.user.id), "Invite Queued", None, {"groupId": str(org.id)})
                track_job(str(request.user.id), "Invite Expired")  # expect: GID101
                track_api(str(request.user.id), "Invite Listed", context={"groupId": str(org.id)})
                track_api(str(request.user.id), "Invite Revoked")  # expect: GID101
        '''),
    }, {}),
    ("positional-only-wrapper-parameters", {
        # ``def track(user_id, event, properties=None, context=None, /)`` and a
        # positional-only head with a keyword-only context
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            from segment import analytics


            def track(user_id, event, properties=None, context=None, /):
                analytics.track(user_id, event, properties, context)  # expect: GID201


            def track_kw(user_id, event, /, properties=None, *, context=None):
                analytics.track(user_id, event, properties, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import track, track_kw


            def upload(request, org):
                track(str(request.user.id), "Uploaded", {"size": 3}, {"groupId": str(org.id)})
                track(str(request.user.id), "Upload Failed", {"size": 3})  # expect: GID101
                track_kw(str(request.user.id), "Uploaded v2", context={"groupId": str(org.id)})
                track_kw(str(request.user.id), "Upload Failed v2", {"size": 3})  # expect: GID101
        '''),
    }, {}),
    ("package-init-picks-a-backend-in-try-except-importerror", {
        # ``app/tracking/__init__.py`` imports ``track_event`` from the Segment backend
        # or, when the SDK is missing, from a null backend; both through ``__all__`` of a
        # module that re-exports another module's function
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking/__init__.py": _s('''
            try:
                from .segment_backend import *  # noqa: F403
            except ImportError:
                from .null_backend import *  # noqa: F403
        '''),
        "app/tracking/segment_backend.py": _s('''
            from app.tracking.sender import track_event

            __all__ = ["track_event"]
        '''),
        "app/tracking/sender.py": _s('''
            from segment import analytics


            def track_event(user_id, event, properties=None, context=None):
                analytics.track(user_id, event, properties, context)  # expect: GID201
        '''),
        "app/tracking/null_backend.py": _s('''
            __all__ = ["track_event"]


            def track_event(user_id, event, properties=None, context=None):
                return None
        '''),
        "app/views.py": _s('''
            from app.tracking import track_event


            def export(request, org):
                track_event(str(request.user.id), "Exported", None, {"groupId": str(org.id)})
                track_event(str(request.user.id), "Export Failed")  # expect: GID101
        '''),
    }, {}),
    ("grouped-methods-setting-adds-page-and-screen-wrappers", {
        # with ``grouped-methods = ["track", "page", "screen"]`` a ``page`` wrapper is
        # checked at its callers (the context is ``page``'s fifth parameter)
        "pyproject.toml": _s('''
            [tool.lint-groupid]
            grouped-methods = ["track", "page", "screen"]
        '''),
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            from segment import analytics


            def page_view(user_id, name, properties=None, context=None):
                analytics.page(user_id, None, name, properties, context)


            def screen_view(user_id, name, properties=None, context=None):
                analytics.screen(user_id, "mobile", name, properties, context=context)


            def identify_member(user_id, traits=None, context=None):
                analytics.identify(user_id, traits, context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from segment import analytics

            from app.tracking import identify_member, page_view, screen_view


            def dashboard(request, org):
                page_view(str(request.user.id), "Dashboard", None, {"groupId": str(org.id)})
                page_view(str(request.user.id), "Dashboard v2")  # expect: GID101
                screen_view(str(request.user.id), "Home", context={"groupId": str(org.id)})
                screen_view(str(request.user.id), "Home v2")  # expect: GID101
                identify_member(str(request.user.id), {"last_seen": "now"})
                analytics.page(str(request.user.id), "app", "Direct",  # expect: GID101
                               {"path": request.path})
        '''),
    }, {}),
    ("dunder-call-wrapper-instances-made-in-the-calling-module", {
        # instances of a project class whose ``__call__`` is a wrapper, made where they
        # are called: a module-level instance of the calling module, a local, and a
        # FastAPI parameter annotated with the class (``tracker: RequestTracker =
        # Depends()``); an unannotated ``Depends(get_stats)`` parameter is unknown
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/deps.py": _s('''
            from fastapi import Request
            from segment.analytics import Client

            _client = Client("write-key")


            class RequestTracker:
                def __init__(self, request: Request):
                    self.user_id = request.state.user_id

                def __call__(self, event, properties=None, context=None):
                    _client.track(self.user_id, event, properties, context)  # expect: GID201


            class SystemTracker:
                def __call__(self, event, properties=None, context=None):
                    _client.track("system", event, properties, context)  # expect: GID201


            def get_stats():
                from app.stats import stats
                return stats
        '''),
        "app/stats.py": _s('''
            class Stats:
                def track(self, metric, value=1):
                    return metric, value


            stats = Stats()
        '''),
        "app/routes.py": _s('''
            from fastapi import APIRouter, Depends

            from app.deps import RequestTracker, SystemTracker, get_stats

            router = APIRouter()
            system_tracker = SystemTracker()


            @router.post("/orgs/{org_id}/projects")
            async def create_project(org_id: str, body: dict,
                                     tracker: RequestTracker = Depends(),
                                     analytics=Depends(get_stats)):
                tracker("Project Created", {"name": body["name"]}, {"groupId": org_id})
                tracker("Project Form Submitted")  # expect: GID101
                system_tracker("Project Quota Checked", None, {"groupId": org_id})
                system_tracker("Project Quota Exceeded")  # expect: GID101
                audit = SystemTracker()
                audit("Project Audited")  # expect: GID101
                analytics.track("projects.created")
                return {"ok": True}
        '''),
    }, {}),
    ("lazy-function-level-imports-of-wrappers-to-break-a-cycle", {
        # Django models and tracking import each other lazily inside functions (a
        # circular import otherwise); ``import app.tracking`` then the dotted call
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/models.py": _s('''
            class Organization:
                def __init__(self, id, owner):
                    self.id = id
                    self.owner = owner

                def upgrade(self, plan):
                    from app.tracking import track_event  # circular otherwise
                    self.plan = plan
                    track_event(self.owner, "Plan Upgraded", {"plan": plan},
                                {"groupId": str(self.id)})
                    track_event(self.owner, "Plan Changed")  # expect: GID101

                def downgrade(self, plan):
                    import app.tracking
                    app.tracking.track_event(self.owner, "Plan Downgraded")  # expect: GID101
        '''),
        "app/tracking.py": _s('''
            from segment import analytics


            def track_event(user, event, properties=None, context=None):
                from app.models import Organization  # circular otherwise
                if isinstance(user, Organization):
                    raise TypeError("pass the user, not the organization")
                analytics.track(str(user.id), event, properties, context)  # expect: GID201
        '''),
    }, {}),
    ("package-attribute-chain-after-a-plain-package-import", {
        # ``app/__init__.py`` binds its submodules with ``from . import reporting,
        # tracking``: ``from app import tracking`` (a sibling) and ``import app`` then
        # ``app.tracking.track_event`` (a script) reach the wrapper;
        # ``app.reporting.track`` (a reporting function) is not one
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": _s('''
            from . import reporting, tracking

            __all__ = ["reporting", "tracking"]
        '''),
        "app/reporting.py": _s('''
            def track(metric, value=1):
                return metric, value
        '''),
        "app/tracking.py": _s('''
            import analytics


            def track_event(user_id, event, properties=None, context=None):
                analytics.track(user_id, event, properties, context)  # expect: GID201
        '''),
        "app/billing.py": _s('''
            from app import tracking


            def charged(user, org):
                tracking.track_event(str(user.id), "Charged", None, {"groupId": str(org.id)})
                tracking.track_event(str(user.id), "Charge Mailed")  # expect: GID101
        '''),
        "jobs/nightly.py": _s('''
            import app


            def run(orgs):
                for org in orgs:
                    app.reporting.track("nightly.org")
                    app.tracking.track_event(str(org.owner_id), "Nightly Report",
                                             None, {"groupId": str(org.id)})
                    app.tracking.track_event(str(org.owner_id), "Nightly Mail")  # expect: GID101
        '''),
    }, {}),
    ("middleware-sets-request-analytics-views-read-it", {
        # ``request.analytics`` set by a middleware on an unannotated ``request``: an
        # attribute of an unknown object (not followed); the middleware's own SDK client
        # is a module global
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/middleware.py": _s('''
            from segment.analytics import Client

            from app.tracking import RequestAnalytics

            client = Client("write-key")


            class AnalyticsMiddleware:
                def __init__(self, get_response):
                    self.get_response = get_response

                def __call__(self, request):
                    request.analytics = RequestAnalytics(client, request)
                    response = self.get_response(request)
                    client.track(str(request.user.id), "Request Served")  # expect: GID101, GID201
                    return response
        '''),
        "app/tracking.py": _s('''
            class RequestAnalytics:
                def __init__(self, client, request):
                    self.client = client
                    self.request = request

                def track(self, event, properties=None, context=None):
                    self.client.track(str(self.request.user.id), event, properties, context)
        '''),
        "app/views.py": _s('''
            def settings(request):
                request.analytics.track("Settings Viewed")
                request.analytics.identify({"theme": "dark"})
        '''),
    }, {}),
    ("project-package-named-segment-for-customer-segments", {
        # a root package ``segment`` (customer segmentation) shadows the Segment SDK's
        # top-level package: ``from segment import analytics`` is the project's module
        "pyproject.toml": PYPROJECT,
        "segment/__init__.py": "",
        "segment/analytics.py": _s('''
            def track(segment_id, metric, value=1):
                return (segment_id, metric, value)


            def identify(segment_id, rules):
                return {"segment": segment_id, "rules": rules}


            class Client:
                def __init__(self, warehouse):
                    self.warehouse = warehouse

                def track(self, segment_id, metric):
                    return self.warehouse.insert(segment_id, metric)
        '''),
        "app/__init__.py": "",
        "app/segments.py": _s('''
            import segment.analytics as sa
            from segment import analytics
            from segment.analytics import Client

            warehouse_client = Client(warehouse=None)


            def refresh(seg, user):
                analytics.track(str(seg.id), "size", seg.size)
                analytics.identify(str(seg.id), seg.rules)
                sa.track(str(seg.id), "refreshed")
                warehouse_client.track(str(seg.id), "members")
        '''),
    }, {}),
    ("asyncio-gather-of-async-wrapper-calls-in-a-worker", {
        # calls of an async wrapper method inside ``asyncio.gather(...)`` are calls;
        # ``create_task`` of one too
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import asyncio

            from segment.analytics import Client


            class AsyncTracker:
                def __init__(self, key):
                    self.client = Client(key)

                async def track(self, user_id, event, properties=None, context=None):
                    await asyncio.to_thread(self.client.track, user_id, event, properties,
                                            context)
                    self.client.track(user_id, event, properties, context)  # expect: GID201


            tracker = AsyncTracker("write-key")
        '''),
        "app/worker.py": _s('''
            import asyncio

            from app.tracking import tracker


            async def on_import_done(job):
                await asyncio.gather(
                    tracker.track(str(job.user_id), "Import Done",
                                  context={"groupId": str(job.org_id)}),
                    tracker.track(str(job.user_id), "Import Mailed"),  # expect: GID101
                )
                asyncio.create_task(
                    tracker.track(str(job.user_id), "Import Logged"))  # expect: GID101
        '''),
    }, {}),
    ("drf-perform-create-returns-super-for-staff", {
        # ``if self.request.user.is_staff: return super().perform_create(serializer)``
        # exits on the guard: the SDK calls after it are guarded
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/views.py": _s('''
            from rest_framework import viewsets
            from segment import analytics


            class CommentViewSet(viewsets.ModelViewSet):
                def perform_create(self, serializer):
                    if self.request.user.is_staff:
                        return super().perform_create(serializer)
                    comment = serializer.save(author=self.request.user)
                    analytics.track(str(self.request.user.id), "Commented",
                                    context={"groupId": str(comment.org_id)})
                    return comment

                def perform_destroy(self, instance):
                    super().perform_destroy(instance)
                    user_id = str(self.request.user.id)
                    if self.request.user.is_staff:
                        analytics.track(user_id, "Staff Deleted Comment",  # expect: GID201
                                        context={"groupId": str(instance.org_id)})
                    analytics.track(user_id, "Comment Deleted",  # expect: GID201
                                    context={"groupId": str(instance.org_id)})
        '''),
    }, {}),
]

_AMBIGUOUS: list[tuple[str, dict[str, str], dict[str, list[str]]]] = [
    ("package-init-lazy-reexport-through-module-getattr", {
        # PEP 562: ``app/tracking/__init__.py`` imports ``track_event`` lazily in a
        # module-level ``__getattr__``
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking/__init__.py": _s('''
            __all__ = ["track_event"]


            def __getattr__(name):
                if name == "track_event":
                    from app.tracking.sender import track_event
                    return track_event
                raise AttributeError(name)
        '''),
        "app/tracking/sender.py": _s('''
            from segment import analytics


            def track_event(user_id, event, properties=None, context=None):
                analytics.track(user_id, event, properties, context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import track_event


            def export(request, org):
                track_event(str(request.user.id), "Exported", None, {"groupId": str(org.id)})
                track_event(str(request.user.id), "Export Failed")  # expect: GID101
        '''),
    }, {}),
    ("wrapper-bound-as-a-staticmethod-class-attribute", {
        # ``emit = staticmethod(track_event)`` in a service class: ``self.emit(...)``
        # calls the wrapper
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            from segment import analytics


            def track_event(user_id, event, properties=None, context=None):
                analytics.track(user_id, event, properties, context)  # expect: GID201
        '''),
        "app/services.py": _s('''
            from app.tracking import track_event


            class BillingService:
                emit = staticmethod(track_event)

                def charge(self, user, org, amount):
                    self.emit(str(user.id), "Charged", {"amount": amount},
                              {"groupId": str(org.id)})
                    self.emit(str(user.id), "Charge Failed")  # expect: GID101
        '''),
    }, {}),
    ("lambda-wrapper-assigned-at-module-level", {
        # ``track_event = lambda user_id, event, context=None: analytics.track(...)``
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            from segment import analytics

            track_event = lambda user_id, event, context=None: (  # noqa: E731
                analytics.track(user_id, event, context=context))  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import track_event


            def export(request, org):
                track_event(str(request.user.id), "Exported", {"groupId": str(org.id)})
                track_event(str(request.user.id), "Export Failed")  # expect: GID101
        '''),
    }, {}),
]

# What each known miss gets wrong, and the SPEC sentence that requires otherwise.
MISS_NOTES5: dict[str, str] = {
}

# Cases where SPEC does not settle the result: not run; the marks say what the most
# likely reading expects.
AMBIGUOUS_NOTES5: dict[str, str] = {
    "package-init-lazy-reexport-through-module-getattr": (
        "a package `__init__` re-exports the wrapper lazily through a PEP 562 module "
        "`__getattr__`: the tool resolves nothing (no GID101 at the caller). SPEC lists "
        "re-exports, relative imports, `__init__` re-exports and `*`, not a module "
        "`__getattr__`; the marks take it as a re-export."),
    "wrapper-bound-as-a-staticmethod-class-attribute": (
        "`emit = staticmethod(track_event)` in a class body, called as `self.emit(...)`: "
        "the tool does not see through `staticmethod(...)` (no GID101). SPEC names "
        "staticmethod wrappers defined with the decorator, not a function wrapped by a "
        "call in a class attribute; the marks take it as the wrapper."),
    "lambda-wrapper-assigned-at-module-level": (
        "`track_event = lambda user_id, event, context=None: analytics.track(..., "
        "context=context)`: the tool reports GID105 inside the lambda and nothing at "
        "callers. SPEC's wrapper is 'a project function or method whose body makes a "
        "grouped SDK call' -- silent on a lambda bound to a module name; the marks take it "
        "as a wrapper."),
}

KNOWN_MISSES5 = [case for case in _ALL if case[0] in MISS_NOTES5]
ADVERSARY_CASES5 = [case for case in _ALL if case[0] not in MISS_NOTES5]
AMBIGUOUS5 = [case for case in _AMBIGUOUS if case[0] in AMBIGUOUS_NOTES5]
