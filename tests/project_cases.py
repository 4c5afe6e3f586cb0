"""Multi-module cases for project-wide resolution, written by hand from SPEC.md.

Each case is ``(id, files, settings)``:

- ``files`` maps a path relative to the case's root folder to its source. The
  root is the folder the files are written into; most cases hold a
  ``pyproject.toml`` with an empty ``[tool.lint-groupid]`` table, so the root
  is the project root.
- Every line where a finding is reported carries ``# expect: CODE[, CODE]``
  (the convention of ``fixtures/app``): GID101/GID201 on the call's first line,
  GID102 on the line of the ``groupId`` value, GID103/GID104 on the line of the
  key, GID105 on the line of the context argument, GID000 on the line of a
  syntax error. A line without a mark has no finding.
- The expectations assume GID105 is selected (``--extend-select GID105``), as
  in the fixture test.
- ``settings`` is ``{}`` or holds ``"paths"``: the paths to check, relative to
  the root (default ``["."]``). Marks in files that are not checked are not
  expected in the output (they state what a whole-project run reports), but the
  files are still part of the project.

Plain data: importable with the standard library only.
"""

from __future__ import annotations

from textwrap import dedent


def _s(text: str) -> str:
    """Source from an indented triple-quoted block (the first newline dropped)."""
    return dedent(text).lstrip("\n")


PYPROJECT = "[tool.lint-groupid]\n"

# The shipping carrier's API client: a project class named ``Client`` whose
# ``track`` has nothing to do with analytics. Several negatives reuse it.
SHIPPING = _s('''
    """Our carrier's parcel-tracking API."""


    class Client:
        def __init__(self, api_key):
            self.api_key = api_key

        def track(self, parcel_id):
            return {"parcel": parcel_id, "status": "in transit"}


    ParcelClient = Client
''')

# A project recorder used in tests and dry runs: ``track`` only records.
RECORDER = _s('''
    class Recorder:
        """Keeps events in memory instead of sending them."""

        def __init__(self):
            self.events = []

        def track(self, user_id, event, properties=None, context=None):
            self.events.append((user_id, event, properties, context))

        def identify(self, user_id, traits=None):
            self.events.append((user_id, "$identify", traits, None))
''')

AUTH = _s('''
    STAFF_DOMAIN = "@acme.example"


    def is_internal_user(user):
        return user.email.endswith(STAFF_DOMAIN)
''')


# a project whose settings name an outside wrapper
WRAPPERS_PYPROJECT = _s('''
    [tool.lint-groupid]

    [tool.lint-groupid.wrappers]
    "acme_common.tracking.analytics_track" = "track"
''')

CASES = [
    # ------------------------------------------------------------------
    # SDK module functions, however imported
    # ------------------------------------------------------------------
    ("sdk-import-analytics-reexported-under-another-name", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            """Analytics set-up shared by the web app and the workers."""
            import os

            import analytics

            analytics.write_key = os.environ.get("SEGMENT_WRITE_KEY", "")
        '''),
        "app/views.py": _s('''
            from app.telemetry import analytics as segment


            def open_dashboard(request):
                segment.track(str(request.user.id), "Opened Dashboard")  # expect: GID101, GID201
                return render_dashboard(request)
        '''),
    }, {}),
    ("sdk-import-analytics-shadowed-by-root-module", {
        "pyproject.toml": PYPROJECT,
        "analytics.py": _s('''
            """Our own product metrics. It predates the Segment SDK and shadows it."""
            import logging

            logger = logging.getLogger(__name__)


            def track(user_id, event, properties=None):
                logger.info("metric %s %s %s", user_id, event, properties)


            def identify(user_id, traits=None):
                logger.info("user %s %s", user_id, traits)
        '''),
        "app/__init__.py": "",
        "app/views.py": _s('''
            import analytics


            def open_dashboard(request):
                analytics.identify(str(request.user.id), {"email": request.user.email})
                analytics.track(str(request.user.id), "Opened Dashboard")
        '''),
    }, {}),
    ("sdk-import-dotted-as-alias-reexported", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            import os

            import segment.analytics as sa

            sa.write_key = os.environ["SEGMENT_WRITE_KEY"]
        '''),
        "app/billing.py": _s('''
            from app.telemetry import sa


            def charge(user, invoice):
                invoice.capture()
                sa.track(str(user.id), "Invoice Charged", {"amount": invoice.amount})  # expect: GID101, GID201
        '''),
    }, {}),
    ("sdk-import-alias-of-project-module-is-not-sdk", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/metrics.py": _s('''
            """Counters exported to Prometheus."""
            from collections import Counter

            COUNTERS = Counter()


            def track(name, value=1):
                COUNTERS[name] += value
        '''),
        "app/billing.py": _s('''
            from app import metrics as sa


            def charge(user, invoice):
                invoice.capture()
                sa.track("invoices_charged")
        '''),
    }, {}),
    ("sdk-from-june-import-analytics-as-june", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            import os

            from june import analytics as june

            june.write_key = os.environ.get("JUNE_WRITE_KEY", "")
        '''),
        "app/tasks.py": _s('''
            from app.telemetry import june


            def nightly_sync(user):
                june.identify(str(user.id), {"plan": user.plan})  # expect: GID201
                june.track(str(user.id), "Nightly Sync", context={"groupId": str(user.workspace_id)})  # expect: GID201
        '''),
    }, {}),
    ("project-package-named-june-shadows-sdk", {
        "pyproject.toml": PYPROJECT,
        "june/__init__.py": '"""June Bakery: the shop\'s own code (the package name clashes with the SDK)."""\n',
        "june/analytics.py": _s('''
            SALES = {}


            def track(product, quantity=1):
                SALES[product] = SALES.get(product, 0) + quantity
        '''),
        "june/checkout.py": _s('''
            from june import analytics as june


            def sell(basket):
                for item in basket:
                    june.track(item.sku, item.quantity)
        '''),
    }, {}),
    ("sdk-from-segment-analytics-import-track-reexported", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/events.py": _s('''
            """Everything the views need to report events."""
            from segment.analytics import group, track  # noqa: F401 re-exported
        '''),
        "app/views.py": _s('''
            from app.events import group, track


            def signup(request, user, workspace):
                group(str(user.id), str(workspace.id), {"name": workspace.name})  # expect: GID201
                track(str(user.id), "Signed Up")  # expect: GID101, GID201
        '''),
    }, {}),
    ("project-function-named-track-is-not-sdk", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/events.py": _s('''
            import logging

            logger = logging.getLogger("events")


            def track(event, **fields):
                logger.info(event, extra=fields)


            def group(name):
                return logging.getLogger(f"events.{name}")
        '''),
        "app/views.py": _s('''
            from app.events import group, track


            def signup(request, user):
                track("signup", user=user.id)
                group("signup").info("done")
        '''),
    }, {}),
    ("sdk-import-inside-function-from-project-module", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            from rudderstack import analytics as rudder

            rudder.write_key = "rudder-key"
            rudder.dataPlaneUrl = "https://hosted.rudderlabs.com"
        '''),
        "app/jobs.py": _s('''
            def export_finished(user, export):
                from app.telemetry import rudder

                rudder.track(str(user.id), "Export Finished", {"rows": export.rows})  # expect: GID101, GID201
        '''),
    }, {}),
    ("project-name-analytics-set-at-runtime-is-not-a-client", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            analytics = None


            def init_app(app):
                global analytics
                analytics = app.extensions["metrics"]
        '''),
        "app/jobs.py": _s('''
            def export_finished(user, export):
                from app.telemetry import analytics

                analytics.track(str(user.id), "Export Finished")
        '''),
    }, {}),
    ("sdk-import-in-if-block-reexported", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            import os

            if os.environ.get("ANALYTICS_BACKEND") == "june":
                from june import analytics
            else:
                from segment import analytics
        '''),
        "app/views.py": _s('''
            from app.telemetry import analytics as tracker


            def archive(request, project):
                project.archive()
                tracker.track(str(request.user.id), "Archived Project")  # expect: GID101, GID201
        '''),
    }, {}),
    ("try-import-of-lookalike-is-not-sdk", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/compat.py": _s('''
            try:
                from rich.progress import track
            except ImportError:  # rich is optional

                def track(sequence, description=""):
                    return sequence
        '''),
        "app/importer.py": _s('''
            from app.compat import track


            def import_rows(rows):
                for row in track(rows, description="Importing"):
                    yield row
        '''),
    }, {}),
    ("sdk-module-rebound-to-itself", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry/__init__.py": _s('''
            from june import analytics

            analytics = analytics  # explicit re-export for the views
        '''),
        "app/views.py": _s('''
            from app.telemetry import analytics as june_client


            def invite(request, workspace):
                workspace.invite(request.POST["email"])
                june_client.track(str(request.user.id), "Invited Member", {}, {})  # expect: GID101, GID201
        '''),
    }, {}),
    ("sdk-name-rebound-to-project-object", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/dashboards.py": _s('''
            class AnalyticsPanel:
                """The revenue panel of the admin dashboard."""

                def __init__(self):
                    self.metrics = []

                def track(self, metric):
                    self.metrics.append(metric)
        '''),
        "app/telemetry.py": _s('''
            import analytics  # only to configure the SDK's key

            from app.dashboards import AnalyticsPanel

            analytics.write_key = "segment-key"
            analytics = AnalyticsPanel()
        '''),
        "app/admin.py": _s('''
            from app.telemetry import analytics


            def revenue_panel():
                analytics.track("mrr")
                analytics.track("churn")
        '''),
    }, {}),
    ("sdk-module-stored-on-attribute-in-base-class", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/base.py": _s('''
            import segment.analytics as segment_analytics


            class BaseTracker:
                def __init__(self):
                    self.sdk = segment_analytics
        '''),
        "app/trackers.py": _s('''
            from app.base import BaseTracker


            class SignupTracker(BaseTracker):
                def signed_up(self, user):
                    self.sdk.track(str(user.id), "Signed Up", {"source": user.source})  # expect: GID101, GID201
        '''),
    }, {}),
    ("attribute-from-unannotated-parameter-is-unknown", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/base.py": _s('''
            class BaseTracker:
                def __init__(self, sdk):
                    self.sdk = sdk
        '''),
        "app/trackers.py": _s('''
            from mixpanel import Mixpanel

            from app.base import BaseTracker


            class SignupTracker(BaseTracker):
                def signed_up(self, user):
                    self.sdk.track(str(user.id), "Signed Up", {"source": user.source})


            tracker = SignupTracker(Mixpanel("token"))
        '''),
    }, {}),
    ("sdk-rudder-1x-and-segment-import-forms", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/legacy.py": _s('''
            import rudder_analytics
            from segment import analytics as seg


            def migrate(user, workspace):
                rudder_analytics.identify(str(user.id), {"legacy": True})  # expect: GID201
                seg.track(str(user.id), "Migrated", context={"groupId": None})  # expect: GID201, GID102
        '''),
    }, {}),

    # ------------------------------------------------------------------
    # Client instances
    # ------------------------------------------------------------------
    ("client-module-global-reexported", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            import os

            from segment.analytics import Client

            warehouse = Client(os.environ["WAREHOUSE_WRITE_KEY"], max_queue_size=10_000)
        '''),
        "app/billing.py": _s('''
            from app.telemetry import warehouse


            def refund(user, refund):
                warehouse.track(str(user.id), "Refund Issued", {"amount": refund.amount})  # expect: GID101, GID201
        '''),
    }, {}),
    ("project-class-named-client-is-not-sdk", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/shipping.py": SHIPPING,
        "app/telemetry.py": _s('''
            import os

            from app.shipping import Client

            carrier = Client(os.environ["CARRIER_KEY"])
        '''),
        "app/orders.py": _s('''
            from app.shipping import Client
            from app.telemetry import carrier


            def status(order):
                if order.express:
                    return Client("express-key").track(order.parcel_id)
                return carrier.track(order.parcel_id)
        '''),
    }, {}),
    ("client-local-with-two-bindings", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/recording.py": RECORDER,
        "app/telemetry.py": "from segment.analytics import Client as SegmentClient  # noqa: F401\n",
        "app/replay.py": _s('''
            from app.recording import Recorder
            from app.telemetry import SegmentClient


            def replay(events, write_key, dry_run=False):
                client = SegmentClient(write_key)
                if dry_run:
                    client = Recorder()
                for event in events:
                    client.track(event.user_id, event.name, event.properties)  # expect: GID101, GID201
        '''),
    }, {}),
    ("client-local-from-non-sdk-aliased-client", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": "from mixpanel import Mixpanel as Client  # noqa: F401\n",
        "app/replay.py": _s('''
            from app.telemetry import Client


            def replay(events, token):
                client = Client(token)
                for event in events:
                    client.track(event.user_id, event.name, event.properties)
        '''),
    }, {}),
    ("client-global-assigned-in-function", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            from segment.analytics import Client

            _client = None


            def init_analytics(write_key):
                global _client
                _client = Client(write_key, sync_mode=False)


            def track_system_event(event):
                _client.track("system", event)  # expect: GID101, GID201
        '''),
        "app/workers.py": _s('''
            from app import telemetry


            def on_worker_ready(worker):
                telemetry.track_system_event("Worker Ready")


            def on_worker_shutdown(worker):
                telemetry._client.track("system", "Worker Stopped", context={"groupId": worker.tenant_id})  # expect: GID201
                telemetry._client.flush()
        '''),
    }, {}),
    ("global-assigned-in-function-non-sdk", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            from mixpanel import Mixpanel

            _client = None


            def init_analytics(token):
                global _client
                _client = Mixpanel(token)


            def track_system_event(event):
                _client.track("system", event)
        '''),
        "app/workers.py": _s('''
            from app import telemetry


            def on_worker_shutdown(worker):
                telemetry._client.track("system", "Worker Stopped")
        '''),
    }, {}),
    ("client-self-attribute-and-class-attribute", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": "from segment.analytics import Client  # noqa: F401\n",
        "app/webhooks.py": _s('''
            import os

            from app.telemetry import Client


            class WebhookProcessor:
                def __init__(self, write_key):
                    self.client = Client(write_key)

                def handle(self, payload):
                    self.client.track(payload["user_id"], "Webhook Received")  # expect: GID101, GID201


            class AuditLog:
                client = Client(os.environ["AUDIT_WRITE_KEY"])

                @classmethod
                def record(cls, user, action, workspace):
                    cls.client.track(str(user.id), action, context={"groupId": str(workspace.id)})  # expect: GID201
        '''),
        "app/maintenance.py": _s('''
            from app.webhooks import AuditLog


            def rotate_audit_log():
                AuditLog.client.track("system", "Audit Log Rotated")  # expect: GID101, GID201
        '''),
    }, {}),
    ("same-attribute-name-on-unrelated-class-is-not-client", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/shipping.py": SHIPPING,
        "app/webhooks.py": _s('''
            from segment.analytics import Client


            class WebhookProcessor:
                def __init__(self, write_key):
                    self.client = Client(write_key)
        '''),
        "app/parcels.py": _s('''
            from app.shipping import ParcelClient


            class ParcelPoller:
                client = ParcelClient("carrier-key")

                def __init__(self, orders):
                    self.orders = orders

                def poll(self):
                    return [self.client.track(o.parcel_id) for o in self.orders]

                @classmethod
                def poll_one(cls, order):
                    return cls.client.track(order.parcel_id)
        '''),
    }, {}),
    ("client-base-class-cached-property", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/notifiers/__init__.py": "",
        "app/notifiers/base.py": _s('''
            from functools import cached_property

            from django.conf import settings
            from segment.analytics import Client


            class BaseNotifier:
                @cached_property
                def client(self):
                    return Client(settings.SEGMENT_WRITE_KEY)

                @property
                def warehouse(self):
                    return Client(settings.WAREHOUSE_WRITE_KEY)
        '''),
        "app/notifiers/billing.py": _s('''
            from app.notifiers.base import BaseNotifier


            class InvoiceNotifier(BaseNotifier):
                def invoice_paid(self, user, invoice):
                    self.client.track(str(user.id), "Invoice Paid", {"amount": invoice.amount})  # expect: GID101, GID201
                    self.warehouse.track(str(user.id), "Invoice Paid", context={"groupId": str(invoice.workspace_id)})  # expect: GID201
        '''),
    }, {}),
    ("subclass-overrides-client-property-with-recorder", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/recording.py": RECORDER,
        "app/notifiers/__init__.py": "",
        "app/notifiers/base.py": _s('''
            from functools import cached_property

            from segment.analytics import Client


            class BaseNotifier:
                @cached_property
                def client(self):
                    return Client("segment-key")
        '''),
        "app/notifiers/dry_run.py": _s('''
            from functools import cached_property

            from app.notifiers.base import BaseNotifier
            from app.recording import Recorder


            class DryRunNotifier(BaseNotifier):
                @cached_property
                def client(self):
                    return Recorder()

                def invoice_paid(self, user, invoice):
                    self.client.track(str(user.id), "Invoice Paid")
        '''),
    }, {}),
    ("client-tuple-assignments", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            import os

            from segment.analytics import Client

            client, debug = Client(os.environ["SEGMENT_WRITE_KEY"]), False
        '''),
        "app/sync.py": _s('''
            from segment.analytics import Client

            from app.telemetry import client


            class CrmSync:
                def __init__(self, write_key, host):
                    self.client, self.host = Client(write_key, host=host), host

                def synced(self, account):
                    self.client.track(str(account.owner_id), "CRM Synced")  # expect: GID101, GID201


            def full_sync(account):
                client.track(str(account.owner_id), "Full Sync")  # expect: GID101, GID201
        '''),
    }, {}),
    ("tuple-assignment-other-position-is-not-client", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/shipping.py": SHIPPING,
        "app/sync.py": _s('''
            from segment.analytics import Client

            from app.shipping import ParcelClient


            class ParcelSync:
                def __init__(self, carrier_key, write_key):
                    self.carrier, self.analytics_client = ParcelClient(carrier_key), Client(write_key)

                def refresh(self, order):
                    return self.carrier.track(order.parcel_id)
        '''),
    }, {}),
    ("client-dataclass-field-default-factory", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/services.py": _s('''
            from dataclasses import dataclass, field
            from typing import Any

            from segment.analytics import Client


            @dataclass
            class Services:
                write_key: str = "segment-key"
                sink: Any = field(default_factory=lambda: Client("segment-key"))
                audit: Any = Client("audit-key")

                def started(self):
                    self.audit.track("system", "Services Started")  # expect: GID101, GID201


            services = Services()
        '''),
        "app/views.py": _s('''
            from app.services import services


            def upgrade(request, workspace):
                workspace.upgrade()
                services.sink.track(str(request.user.id), "Upgraded")  # expect: GID101, GID201
        '''),
    }, {}),
    ("dataclass-field-recorder-is-not-client", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/recording.py": RECORDER,
        "app/services.py": _s('''
            from dataclasses import dataclass, field
            from typing import Any

            from app.recording import Recorder


            @dataclass
            class Services:
                sink: Any = field(default_factory=Recorder)


            services = Services()
        '''),
        "app/views.py": _s('''
            from app.services import services


            def upgrade(request, workspace):
                services.sink.track(str(request.user.id), "Upgraded")
        '''),
    }, {}),
    ("client-factory-function-across-modules", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            import os

            from segment.analytics import Client

            _client = None


            def get_client():
                global _client
                if _client is None:
                    _client = Client(os.environ["SEGMENT_WRITE_KEY"])
                return _client
        '''),
        "app/tasks.py": _s('''
            from app.telemetry import get_client


            def send_digest(user):
                get_client().track(str(user.id), "Digest Sent")  # expect: GID101, GID201


            def send_reminder(user, workspace):
                client = get_client()
                client.track(str(user.id), "Reminder Sent", context={"groupId": ""})  # expect: GID201, GID102
        '''),
    }, {}),
    ("factory-returning-non-sdk-is-not-client", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            from mixpanel import Mixpanel

            _client = None


            def get_client():
                global _client
                if _client is None:
                    _client = Mixpanel("token")
                return _client
        '''),
        "app/tasks.py": _s('''
            from app.telemetry import get_client


            def send_digest(user):
                get_client().track(str(user.id), "Digest Sent")
        '''),
    }, {}),
    ("client-from-property-of-module-level-instance", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/container.py": _s('''
            from functools import cached_property

            from segment.analytics import Client


            class Container:
                @cached_property
                def analytics(self):
                    return Client("segment-key")


            container = Container()
        '''),
        "app/views.py": _s('''
            from app.container import container


            def publish(request, post):
                post.publish()
                container.analytics.track(str(request.user.id), "Post Published")  # expect: GID101, GID201
        '''),
    }, {}),
    ("client-used-directly", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": "from segment.analytics import Client as SegmentClient  # noqa: F401\n",
        "app/ops.py": _s('''
            from app.telemetry import SegmentClient


            def page_on_call(incident):
                SegmentClient("ops-key").track("system", "Incident Opened", {"sev": incident.severity})  # expect: GID101, GID201
        '''),
    }, {}),
    ("sdk-client-subclass-instances-are-clients", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            from segment.analytics import Client


            class AcmeClient(Client):
                """The SDK client with our defaults."""

                def __init__(self, write_key):
                    super().__init__(write_key, max_queue_size=50_000, gzip=True)


            client = AcmeClient("segment-key")
        '''),
        "app/views.py": _s('''
            from app.telemetry import client


            def login(request):
                client.identify(str(request.user.id), {"email": request.user.email})  # expect: GID201
        '''),
    }, {}),

    # ------------------------------------------------------------------
    # Annotations as evidence
    # ------------------------------------------------------------------
    ("annotated-parameters-client-optional-union", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": "from segment.analytics import Client  # noqa: F401\n",
        "app/notify.py": _s('''
            from __future__ import annotations

            from typing import Optional

            from app.telemetry import Client


            def notify(client: Client, user, event):
                client.track(str(user.id), event)  # expect: GID101, GID201


            def notify_maybe(client: Optional[Client], user, event):
                if client is not None:
                    client.track(str(user.id), event)  # expect: GID101, GID201


            def notify_union(client: Client | None, user, workspace, event):
                if client:
                    client.track(str(user.id), event, context={"groupId": str(workspace.id)})  # expect: GID201
        '''),
    }, {}),
    ("annotated-parameters-non-sdk-type", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/shipping.py": SHIPPING,
        "app/notify.py": _s('''
            from __future__ import annotations

            from typing import Optional

            from app.shipping import Client


            def refresh(client: Client, order):
                return client.track(order.parcel_id)


            def refresh_maybe(client: Optional[Client], order):
                return client.track(order.parcel_id) if client else None
        '''),
    }, {}),
    ("annotated-return-and-attribute", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            from __future__ import annotations

            from typing import Optional

            from django.apps import apps
            from segment.analytics import Client as SegmentClient

            client: Optional[SegmentClient] = None


            def analytics_client() -> SegmentClient:
                return apps.get_app_config("telemetry").client


            class Reporter:
                client: SegmentClient

                def __init__(self, registry):
                    self.client = registry.lookup("segment")

                def report(self, user):
                    self.client.track(str(user.id), "Report Built")  # expect: GID101, GID201
        '''),
        "app/views.py": _s('''
            from app import telemetry
            from app.telemetry import analytics_client


            def share(request, doc):
                analytics_client().track(str(request.user.id), "Shared Doc")  # expect: GID101, GID201
                telemetry.client.track(str(request.user.id), "Shared Doc Audit")  # expect: GID101, GID201
        '''),
    }, {}),
    ("annotated-return-non-sdk", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            from __future__ import annotations

            from mixpanel import Mixpanel


            def analytics_client() -> Mixpanel:
                return Mixpanel("token")
        '''),
        "app/views.py": _s('''
            from app.telemetry import analytics_client


            def share(request, doc):
                analytics_client().track(str(request.user.id), "Shared Doc")
        '''),
    }, {}),

    # ------------------------------------------------------------------
    # Several bindings
    # ------------------------------------------------------------------
    ("importerror-fallback-stub-still-analytics", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": _s('''
            try:
                import analytics
            except ImportError:  # the SDK is optional in local development

                class _NullAnalytics:
                    def track(self, *args, **kwargs):
                        pass

                    def identify(self, *args, **kwargs):
                        pass

                analytics = _NullAnalytics()
        '''),
        "app/views.py": _s('''
            from app.auth import is_internal_user
            from app.telemetry import analytics


            def create_board(request, workspace):
                analytics.track(str(request.user.id), "Created Board")  # expect: GID101, GID201


            def rename_board(request, workspace):
                if is_internal_user(request.user):
                    return
                analytics.track(str(request.user.id), "Renamed Board", {}, {"groupId": str(workspace.id)})
        '''),
        "app/auth.py": AUTH,
    }, {}),
    ("testing-mock-still-analytics", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/settings.py": 'import os\n\nTESTING = os.environ.get("TESTING") == "1"\n',
        "app/telemetry.py": _s('''
            from unittest import mock

            from june import analytics

            from app.settings import TESTING

            if TESTING:
                analytics = mock.MagicMock()
        '''),
        "app/views.py": _s('''
            from app.telemetry import analytics


            def comment(request, card):
                card.comment(request.POST["text"])
                analytics.track(str(request.user.id), "Commented")  # expect: GID101, GID201
        '''),
    }, {}),
    ("project-name-bound-only-to-mock-is-not-client", {
        "pyproject.toml": PYPROJECT,
        "tests/__init__.py": "",
        "tests/fakes.py": _s('''
            from unittest import mock

            analytics = mock.MagicMock(name="analytics")
        '''),
        "tests/test_views.py": _s('''
            from tests.fakes import analytics


            def test_comment_is_tracked():
                analytics.track("u1", "Commented")
                analytics.track.assert_called_once()
        '''),
    }, {}),

    # ------------------------------------------------------------------
    # Wrappers
    # ------------------------------------------------------------------
    ("wrapper-keyword-context-missing", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/analytics.py": _s('''
            import segment.analytics as sa


            def track(user, event, properties=None, context=None):
                sa.track(str(user.id), event, properties, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.analytics import track


            def view(request):
                track(request.user, "Opened")  # expect: GID101
                track(request.user, "Closed", context=None)  # expect: GID101
        '''),
    }, {}),
    ("wrapper-keyword-context-present", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/analytics.py": _s('''
            import segment.analytics as sa


            def track(user, event, properties=None, context=None):
                sa.track(str(user.id), event, properties, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app import analytics
            from app.analytics import track

            GROUP_KEY = "groupId"


            def view(request, workspace):
                track(request.user, "Opened", context={GROUP_KEY: str(workspace.id)})
                analytics.track(request.user, "Closed", context=dict(groupId=str(workspace.id)))
                ctx = {"ip": request.META["REMOTE_ADDR"]}
                ctx["groupId"] = str(workspace.id)
                track(request.user, "Moved", {"to": "done"}, ctx)
        '''),
    }, {}),
    ("wrapper-imported-as-module-named-analytics", {
        "pyproject.toml": PYPROJECT,
        "acme/__init__.py": "",
        "acme/utils/__init__.py": "",
        "acme/utils/analytics.py": _s('''
            from segment import analytics


            def track(user, event, properties=None, context=None):
                if user.is_staff:
                    return
                analytics.track(str(user.id), event, properties, context=context)
        '''),
        "acme/views.py": _s('''
            from acme.utils import analytics


            def checkout(request, cart):
                analytics.track(request.user, "Checked Out", {"total": cart.total})  # expect: GID101
                analytics.track(request.user, "Paid", {"total": cart.total}, {"groupId": str(cart.team_id)})
        '''),
    }, {}),
    ("wrapper-positional-context-by-own-signature", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/events.py": _s('''
            from june import analytics

            from app.auth import is_internal_user


            def emit(event, user, context=None, properties=None):
                if is_internal_user(user):
                    return
                analytics.track(str(user.id), event, properties, context)
        '''),
        "app/views.py": _s('''
            from app.events import emit


            def close_ticket(request, ticket):
                ticket.close()
                emit("Closed Ticket", request.user, {"groupId": str(ticket.team_id)})
                emit("Closed Ticket Audit", request.user, None, {"ticket": str(ticket.id)})  # expect: GID101
        '''),
    }, {}),
    ("wrapper-kwargs-forwarding", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            from segment import analytics


            def track(user, event, **kwargs):
                analytics.track(user_id=str(user.id), event=event, **kwargs)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import track


            def rename(request, workspace):
                workspace.rename(request.POST["name"])
                track(request.user, "Renamed Workspace", properties={"name": workspace.name})  # expect: GID101
                track(request.user, "Renamed Workspace v2", context={"groupId": str(workspace.id)})
        '''),
    }, {}),
    ("wrapper-context-defaulted-copied-or-merged", {
        # the context is still the caller's: defaulted where it was not given, copied,
        # or merged with keys and module-level dicts that hold no groupId
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import copy

            import analytics

            LIBRARY = {"library": {"name": "acme"}}


            def defaulted(user, event, context=None):
                if context is None:
                    context = {}
                analytics.track(str(user.id), event, context=context)  # expect: GID201


            def or_empty(user, event, context=None):
                context = context or {}
                analytics.track(str(user.id), event, context=context)  # expect: GID201


            def merged(user, event, context=None):
                merged_context = {**LIBRARY, **(context or {}), "ip": user.ip}
                analytics.track(str(user.id), event, context=merged_context)  # expect: GID201


            def copied(user, event, context=None):
                analytics.track(str(user.id), event, context=copy.deepcopy(dict(context, ip=user.ip)))  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import copied, defaulted, merged, or_empty


            def view(request, workspace):
                defaulted(request.user, "A")  # expect: GID101
                defaulted(request.user, "A", context={"groupId": str(workspace.id)})
                or_empty(request.user, "B")  # expect: GID101
                or_empty(request.user, "B", {"groupId": str(workspace.id)})
                merged(request.user, "C")  # expect: GID101
                merged(request.user, "C", {"groupId": str(workspace.id)})
                copied(request.user, "D", context={"ip": "1.2.3.4"})  # expect: GID101
                copied(request.user, "D", context={"groupId": str(workspace.id)})
        '''),
    }, {}),
    ("wrapper-context-replaced-or-merged-with-unknowns-is-no-wrapper", {
        # negatives: a context replaced before the call, or merged with what may hold a
        # groupId, is not the caller's: the SDK call is judged where it is
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics

            DEFAULTS = {"library": "acme"}


            def replaced(user, event, context=None):
                context = {}
                analytics.track(str(user.id), event, context=context)  # expect: GID101, GID201


            def merged_with_unknown(user, event, base, context=None):
                analytics.track(str(user.id), event, context={**base, **(context or {})})  # expect: GID105, GID201


            def merged_with_changed_defaults(user, event, context=None):
                analytics.track(str(user.id), event, context={**DEFAULTS, **(context or {})})  # expect: GID105, GID201


            def configure(group):
                DEFAULTS.update(groupId=group)
        '''),
        "app/views.py": _s('''
            from app.tracking import merged_with_changed_defaults, merged_with_unknown, replaced


            def view(request, workspace):
                replaced(request.user, "A")
                merged_with_unknown(request.user, "B", {})
                merged_with_changed_defaults(request.user, "C")
        '''),
    }, {}),
    ("wrapper-instance-called-through-its-dunder-call", {
        # calling an instance calls its class's ``__call__``: a wrapper there makes the
        # instance's calls checked; a ``__call__`` without a context parameter is a
        # helper (reported inside), and an instance without one is no analytics call
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/events.py": _s('''
            from segment import analytics


            class Sender:
                def __call__(self, user_id, event, context=None):
                    analytics.track(user_id, event, context=context)  # expect: GID201


            class Helper:
                def __call__(self, user_id, event):
                    analytics.track(user_id, event)  # expect: GID101, GID201


            class Plain:
                def send(self, user_id, event, context=None):
                    analytics.track(user_id, event, context=context)  # expect: GID201


            send_event = Sender()
            helper = Helper()
            plain = Plain()
        '''),
        "app/views.py": _s('''
            from app.events import helper, plain, send_event


            def upload(user, folder):
                send_event(str(user.id), "Uploaded")  # expect: GID101
                send_event(str(user.id), "Uploaded", {"groupId": str(folder.org_id)})
                helper(str(user.id), "Uploaded")
                plain(str(user.id), "Uploaded")
        '''),
    }, {}),
    ("wrapper-passes-its-context-in-a-message-dict", {
        # ``analytics.track(**message)``: the dict's ``"context"`` entry is what the
        # wrapper passes on, as the context analysis reads it at the call (an update
        # with other keys leaves the entry there)
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/outbox.py": _s('''
            from segment import analytics


            def send(user_id, event, context=None):
                message = {"user_id": user_id, "event": event, "context": context}
                analytics.track(**message)  # expect: GID201


            def send_with_extra(user_id, event, extra, context=None):
                message = {"user_id": user_id, "event": event, "context": context}
                message.update(extra)
                analytics.track(**message)  # expect: GID201


            def send_without_context(user_id, event, extra, context=None):
                message = {"user_id": user_id, "event": event}
                message.update(extra)
                analytics.track(**message)  # expect: GID105, GID201
        '''),
        "app/views.py": _s('''
            from app.outbox import send, send_with_extra, send_without_context


            def publish(user, page):
                send(str(user.id), "Published")  # expect: GID101
                send(str(user.id), "Published", context={"groupId": str(page.site_id)})
                send_with_extra(str(user.id), "Published", {})  # expect: GID101
                send_without_context(str(user.id), "Published", {})
        '''),
    }, {}),
    ("wrapper-renamed-properties-parameter", {
        # a wrapper's own parameter passed on as the SDK's properties is where GID104
        # looks at its calls, whatever its name; a parameter used otherwise is not
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import segment.analytics as sa


            def send(user, event, props=None, ctx=None):
                sa.track(str(user.id), event, properties=props, context=ctx)  # expect: GID201


            def send_logged(user, event, props=None, ctx=None):
                print(props)
                sa.track(str(user.id), event, {"kind": "logged"}, ctx)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import send, send_logged


            def export(user, workspace):
                send(user, "Exported", {"groupId": str(workspace.id)})  # expect: GID104
                send(user, "Exported", props={"groupId": str(workspace.id)})  # expect: GID104
                send(user, "Exported", {"groupId": str(workspace.id)}, {"groupId": str(workspace.id)})
                send_logged(user, "Exported", {"groupId": str(workspace.id)})  # expect: GID101
        '''),
    }, {}),
    ("guard-helper-composed-of-another-modules-helpers", {
        # a predicate over helpers of other modules has their formulas: a guard when
        # one of them is (negation included), not when none is
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/rules.py": _s('''
            def is_acme_account(user):
                return user.is_staff or user.email.endswith("@acme.example")


            def is_active(user):
                return user.last_login is not None
        '''),
        "app/policy.py": _s('''
            from app.rules import is_acme_account, is_active


            def skip_analytics(user):
                return is_acme_account(user) or user.is_demo


            def should_track(user):
                return not is_acme_account(user) and is_active(user)


            def worth_tracking(user):
                return is_active(user) and user.verified
        '''),
        "app/views.py": _s('''
            from segment import analytics

            from app.policy import should_track, skip_analytics, worth_tracking


            def invoices(user, org):
                if skip_analytics(user):
                    return
                analytics.track(str(user.id), "Viewed", context={"groupId": str(org.id)})


            def receipts(user, org):
                if should_track(user):
                    analytics.track(str(user.id), "Viewed", context={"groupId": str(org.id)})


            def settings(user, org):
                if worth_tracking(user):
                    analytics.track(str(user.id), "Viewed", context={"groupId": str(org.id)})  # expect: GID201
        '''),
    }, {}),
    ("wrapper-context-or-empty", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics


            def track_event(user, event, properties=None, context=None):
                analytics.track(str(user.id), event, properties or {}, context or {})  # expect: GID201
        '''),
        "app/tasks.py": _s('''
            from app.tracking import track_event


            def import_done(user, job):
                track_event(user, "Import Done", {"rows": job.rows})  # expect: GID101
                track_event(user, "Import Audited", context={"groupId": str(job.workspace_id)})
        '''),
    }, {}),
    ("wrapper-copies-and-updates-context", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics

            LIBRARY = {"name": "acme-web", "version": "4.2"}


            def track_event(user, event, properties=None, context=None):
                ctx = dict(context or {})
                ctx.update(library=LIBRARY)
                analytics.track(str(user.id), event, properties, context=ctx)  # expect: GID201
        '''),
        "app/tasks.py": _s('''
            from app.tracking import track_event


            def import_done(user, job):
                track_event(user, "Import Done", {"rows": job.rows})  # expect: GID101
                track_event(user, "Import Audited", context={"groupId": str(job.workspace_id)})
        '''),
    }, {}),
    ("wrapper-adds-groupid-itself", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics


            def track_in_workspace(user, workspace, event, properties=None, context=None):
                ctx = dict(context or {})
                ctx["groupId"] = str(workspace.id)
                analytics.track(str(user.id), event, properties, context=ctx)  # expect: GID201


            def track_event(user, event, properties=None, context=None):
                analytics.track(str(user.id), event, properties, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import track_event, track_in_workspace


            def star(request, workspace, repo):
                repo.star(request.user)
                track_in_workspace(request.user, workspace, "Starred Repo")
                track_in_workspace(request.user, workspace, "Starred Repo v2", {"repo": repo.id})
                track_event(request.user, "Starred Repo v3")  # expect: GID101
        '''),
    }, {}),
    ("wrapper-of-wrapper-chain", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/utils/__init__.py": "",
        "app/utils/analytics.py": _s('''
            from segment import analytics as segment


            def track(user, event, properties=None, context=None):
                segment.track(str(user.id), event, properties, context=context)  # expect: GID201
        '''),
        "app/boards/__init__.py": "",
        "app/boards/events.py": _s('''
            from app.utils import analytics


            def track_board_event(user, board, event, context=None):
                analytics.track(user, event, {"board": board.id}, context=context)


            def track_board_created(user, board):
                analytics.track(user, "Created Board", {"board": board.id})  # expect: GID101
        '''),
        "app/boards/views.py": _s('''
            from app.boards.events import track_board_created, track_board_event


            def create(request, workspace):
                board = workspace.boards.create(name=request.POST["name"])
                track_board_created(request.user, board)
                track_board_event(request.user, board, "Opened Board")  # expect: GID101
                track_board_event(request.user, board, "Shared Board", {"groupId": str(workspace.id)})
                return board
        '''),
    }, {}),
    ("method-wrapper-on-module-level-instance", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/tracking.py": _s('''
            import segment.analytics as segment

            from app.auth import is_internal_user


            class Analytics:
                def track(self, user, event, context=None):
                    if is_internal_user(user):
                        return
                    segment.track(str(user.id), event, context=context)

                def identify(self, user):
                    segment.identify(str(user.id), {"email": user.email})  # expect: GID201


            analytics = Analytics()
        '''),
        "app/views.py": _s('''
            from app.tracking import analytics


            def login(request, workspace):
                analytics.identify(request.user)
                analytics.track(request.user, "Logged In")  # expect: GID101
                analytics.track(request.user, "Logged In v2", {"groupId": str(workspace.id)})
        '''),
    }, {}),
    ("project-class-with-track-signature-but-no-sdk-call", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/timeline.py": _s('''
            class Timeline:
                """The activity feed shown on a workspace's home page."""

                def __init__(self):
                    self.entries = []

                def track(self, user, event, context=None):
                    self.entries.append({"user": user.id, "event": event, "context": context})


            analytics = Timeline()
        '''),
        "app/views.py": _s('''
            from app.timeline import analytics


            def login(request):
                analytics.track(request.user, "Logged In")
        '''),
    }, {}),
    ("helper-without-context-parameter", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            from june import analytics


            def track_signup(user, plan):
                analytics.track(str(user.id), "Signed Up", {"plan": plan})  # expect: GID101, GID201


            def track_upgrade(user, workspace, plan):
                analytics.track(str(user.id), "Upgraded", {"plan": plan}, {"groupId": str(workspace.id)})  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import track_signup, track_upgrade


            def signup(request):
                user = request.user
                track_signup(user, "free")
                track_upgrade(user, user.workspace, "pro")
        '''),
    }, {}),
    ("parameter-named-context-that-does-not-reach-the-sdk", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import logging

            from june import analytics

            logger = logging.getLogger(__name__)


            def log_event(user, event, context=None):
                logger.info("event %s", event, extra={"context": context})
                analytics.track(str(user.id), event)  # expect: GID101, GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import log_event


            def signup(request):
                log_event(request.user, "Signed Up", context={"ip": request.META["REMOTE_ADDR"]})
        '''),
    }, {}),
    ("wrapper-sdk-call-guarded-vs-unguarded", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/tracking.py": _s('''
            import analytics

            from app.auth import is_internal_user


            def track_guarded(user, event, properties=None, context=None):
                if is_internal_user(user):
                    return
                analytics.track(str(user.id), event, properties, context)


            def track_unguarded(user, event, properties=None, context=None):
                analytics.track(str(user.id), event, properties, context)  # expect: GID201


            def identify(user):
                analytics.identify(str(user.id), {"email": user.email})  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import identify, track_guarded, track_unguarded


            def open_ticket(request, ticket):
                identify(request.user)
                track_guarded(request.user, "Opened Ticket", context={"groupId": str(ticket.team_id)})
                track_unguarded(request.user, "Opened Ticket v2", context={"groupId": str(ticket.team_id)})
        '''),
    }, {}),
    ("wrapper-callers-get-gid102-gid103-gid105", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics


            def track_event(user, event, properties=None, context=None):
                analytics.track(str(user.id), event, properties, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import track_event


            def delete(request, workspace):
                track_event(request.user, "Deleted Workspace",
                            context={"groupId": None})  # expect: GID102


            def archive(request, workspace):
                track_event(request.user, "Archived Workspace",
                            context={"group_id": str(workspace.id)})  # expect: GID103


            def search(request, workspace):
                track_event(request.user, "Searched",
                            context=request.analytics_context)  # expect: GID105
        '''),
    }, {}),
    ("wrapper-callers-groupid-in-properties", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics


            def track_event(user, event, properties=None, context=None):
                analytics.track(str(user.id), event, properties=properties, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import track_event


            def export(request, workspace):
                track_event(request.user, "Exported",
                            properties={"groupId": str(workspace.id)})  # expect: GID104
        '''),
    }, {}),
    ("wrapper-with-renamed-context-parameter", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            from segment.analytics import track


            def send(user, event, props=None, ctx=None):
                track(str(user.id), event, props, context=ctx)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import send


            def publish(request, page):
                send(request.user, "Published", {"page": page.id})  # expect: GID101
                send(request.user, "Published v2", ctx={"groupId": str(page.site_id)})
                send(request.user, "Published v3", None, {"groupId": str(page.site_id)})
        '''),
    }, {}),

    ("wrapper-kwargs-called-with-payload-dict", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            from segment import analytics


            def track_raw(user_id, event, properties=None, **kwargs):
                analytics.track(user_id=user_id, event=event, properties=properties, **kwargs)  # expect: GID201
        '''),
        "app/webhooks.py": _s('''
            from app.tracking import track_raw


            def stripe_event(event):
                customer = event["data"]["object"]["customer"]
                routed = {"context": {"groupId": event["account"]}}
                track_raw(customer, "Stripe Event Routed", {"type": event["type"]}, **routed)
                unrouted = {"context": {"library": {"name": "stripe-webhooks"}}}
                track_raw(customer, "Stripe Event", {"type": event["type"]}, **unrouted)  # expect: GID101
        '''),
    }, {}),
    ("wrapper-reexported-through-package-init", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/utils/__init__.py": "from .analytics import track_event  # noqa: F401\n",
        "app/utils/analytics.py": _s('''
            import analytics


            def track_event(user, event, properties=None, context=None):
                if user.is_staff:
                    return
                analytics.track(str(user.id), event, properties, context=context)
        '''),
        "app/views.py": _s('''
            from app.utils import track_event


            def login(request, workspace):
                track_event(request.user, "Logged In")  # expect: GID101
                track_event(request.user, "Logged In v2", None, {"groupId": str(workspace.id)})
        '''),
    }, {}),

    # ------------------------------------------------------------------
    # Guards defined in other modules
    # ------------------------------------------------------------------
    ("guard-helper-in-other-module", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/policy.py": _s('''
            from app.auth import is_internal_user


            def should_track(user):
                return not is_internal_user(user)
        '''),
        "app/views.py": _s('''
            import analytics

            from app.policy import should_track


            def login(request, workspace):
                if not should_track(request.user):
                    return
                analytics.identify(str(request.user.id), {"email": request.user.email})
                analytics.track(str(request.user.id), "Logged In", context={"groupId": str(workspace.id)})


            def logout(request, workspace):
                if should_track(request.user):
                    analytics.track(str(request.user.id), "Logged Out", context={"groupId": str(workspace.id)})
        '''),
    }, {}),
    ("non-guard-helper-and-inverted-guard-helper", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/policy.py": _s('''
            from app.auth import is_internal_user


            def should_track(user):
                return not is_internal_user(user)


            def is_active(user):
                return user.is_active and not user.deleted
        '''),
        "app/views.py": _s('''
            import analytics

            from app.policy import is_active, should_track


            def login(request, workspace):
                if not is_active(request.user):
                    return
                analytics.identify(str(request.user.id), {"email": request.user.email})  # expect: GID201


            def logout(request, workspace):
                if should_track(request.user):
                    return
                analytics.track(str(request.user.id), "Logged Out", context={"groupId": str(workspace.id)})  # expect: GID201
        '''),
    }, {}),
    ("guard-helper-with-seed-formula-in-other-module", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/policy.py": _s('''
            from app.auth import is_internal_user


            def is_own_workspace(workspace):
                return workspace.slug == "acme"


            def should_track(user, workspace):
                return not is_internal_user(user) or is_own_workspace(workspace)
        '''),
        "app/views.py": _s('''
            import analytics

            from app.policy import is_own_workspace, should_track


            def open_board(request, workspace, board):
                if not should_track(request.user, workspace):
                    return
                analytics.track(str(request.user.id), "Opened Board", context={"groupId": str(workspace.id)})


            def close_board(request, workspace, board):
                if not is_own_workspace(workspace):
                    return
                analytics.track(str(request.user.id), "Closed Board", context={"groupId": str(workspace.id)})  # expect: GID201
        '''),
    }, {}),
    ("exit-helper-that-always-raises-in-other-module", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/auth.py": AUTH,
        "app/errors.py": _s('''
            class TrackingDisabled(Exception):
                pass


            def refuse_tracking(reason):
                raise TrackingDisabled(reason)


            def note_refusal(reason):
                print("not tracked:", reason)
        '''),
        "app/views.py": _s('''
            import analytics

            from app.auth import is_internal_user
            from app.errors import note_refusal, refuse_tracking


            def invite(request, workspace):
                if is_internal_user(request.user):
                    refuse_tracking("staff")
                analytics.track(str(request.user.id), "Invited", context={"groupId": str(workspace.id)})


            def join(request, workspace):
                if is_internal_user(request.user):
                    note_refusal("staff")
                analytics.track(str(request.user.id), "Joined", context={"groupId": str(workspace.id)})  # expect: GID201
        '''),
    }, {}),

    # ------------------------------------------------------------------
    # The clients / wrappers settings name things from OUTSIDE the project
    # ------------------------------------------------------------------
    ("clients-setting-names-outside-object", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/views.py": _s('''
            from acme_common.telemetry import analytics


            def login(request):
                analytics.track(str(request.user.id), "Logged In")  # expect: GID101, GID201
        '''),
    }, {}),
    ("clients-setting-dotted-path-outside", {
        "pyproject.toml": '[tool.lint-groupid]\nclients = ["analytics", "acme_common.telemetry.segment_client"]\n',
        "app/__init__.py": "",
        "app/views.py": _s('''
            from acme_common.telemetry import segment_client
            from acme_common.tracing import segment_client as tracing_client


            def login(request):
                segment_client.track(str(request.user.id), "Logged In")  # expect: GID101, GID201
                tracing_client.track(str(request.user.id), "login")
        '''),
    }, {}),
    ("clients-setting-does-not-override-project-definition", {
        "pyproject.toml": '[tool.lint-groupid]\nclients = ["analytics", "panel"]\n',
        "app/__init__.py": "",
        "app/dashboards.py": _s('''
            class AnalyticsPanel:
                def track(self, metric):
                    return metric


            analytics = AnalyticsPanel()
            panel = AnalyticsPanel()
        '''),
        "app/admin.py": _s('''
            from app.dashboards import analytics, panel


            def revenue():
                analytics.track("mrr")
                panel.track("arr")
        '''),
    }, {}),
    ("wrappers-setting-names-outside-helper", {
        "pyproject.toml": WRAPPERS_PYPROJECT,
        "app/__init__.py": "",
        "app/views.py": _s('''
            from acme_common.tracking import analytics_track


            def login(request, workspace):
                analytics_track(str(request.user.id), "Logged In")  # expect: GID101
                analytics_track(str(request.user.id), "Logged In v2", context={"groupId": str(workspace.id)})
        '''),
    }, {}),

    # ------------------------------------------------------------------
    # Module names, roots and shadowing
    # ------------------------------------------------------------------
    ("package-sibling-named-analytics-does-not-shadow-sdk", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/analytics.py": _s('''
            """Dashboards of the admin site (not the SDK)."""


            def track(metric):
                return metric
        '''),
        "app/views.py": _s('''
            import analytics


            def login(request):
                analytics.track(str(request.user.id), "Logged In")  # expect: GID101, GID201
        '''),
    }, {}),
    ("root-analytics-module-wraps-and-shadows-sdk", {
        "pyproject.toml": PYPROJECT,
        "analytics.py": _s('''
            """Shadows the SDK for the whole project: forwards to June."""
            from june import analytics as june


            def track(user_id, event, properties=None, context=None):
                june.track(user_id, event, properties, context)  # expect: GID201
        '''),
        "app/__init__.py": "",
        "app/views.py": _s('''
            import analytics


            def login(request, workspace):
                analytics.track(str(request.user.id), "Logged In")  # expect: GID101
                analytics.track(str(request.user.id), "Logged In v2", None, {"groupId": str(workspace.id)})
        '''),
    }, {}),
    ("script-folder-analytics-shadows-sdk", {
        "pyproject.toml": PYPROJECT,
        "scripts/analytics.py": _s('''
            """Report helpers for the one-off scripts in this folder."""
            import csv
            import sys

            writer = csv.writer(sys.stdout)


            def track(user_id, event, properties=None, context=None):
                writer.writerow([user_id, event, properties, context])
        '''),
        "scripts/backfill.py": _s('''
            import analytics


            def backfill(rows):
                for row in rows:
                    analytics.track(row["user_id"], row["event"])


            if __name__ == "__main__":
                backfill([])
        '''),
        "app/__init__.py": "",
        "app/views.py": _s('''
            import analytics


            def login(request):
                analytics.track(str(request.user.id), "Logged In")  # expect: GID101, GID201
        '''),
    }, {}),
    ("script-folder-imports-its-own-wrapper", {
        "pyproject.toml": PYPROJECT,
        "scripts/helpers.py": _s('''
            import segment.analytics as segment


            def send(user_id, event, context=None):
                segment.track(user_id, event, context=context)  # expect: GID201
        '''),
        "scripts/backfill.py": _s('''
            from helpers import send


            def backfill(rows):
                for row in rows:
                    send(row["user_id"], row["event"])  # expect: GID101
                    send(row["user_id"], row["event"], {"groupId": row["team_id"]})
        '''),
    }, {}),
    ("src-layout-is-a-source-root", {
        "pyproject.toml": PYPROJECT,
        "src/acme/__init__.py": "",
        "src/acme/tracking.py": _s('''
            import analytics


            def track_event(user, event, context=None):
                analytics.track(str(user.id), event, context=context)  # expect: GID201
        '''),
        "src/acme/views.py": _s('''
            from acme.tracking import track_event


            def login(request):
                track_event(request.user, "Logged In")  # expect: GID101
        '''),
    }, {}),
    ("src-setting-adds-a-root", {
        "pyproject.toml": '[tool.lint-groupid]\nsrc = ["lib"]\n',
        "lib/acme_tracking/__init__.py": _s('''
            import analytics


            def track_event(user, event, context=None):
                analytics.track(str(user.id), event, context=context)  # expect: GID201
        '''),
        "web/__init__.py": "",
        "web/views.py": _s('''
            from acme_tracking import track_event


            def login(request):
                track_event(request.user, "Logged In")  # expect: GID101
        '''),
    }, {}),
    ("folder-that-is-not-a-root-is-outside", {
        "pyproject.toml": PYPROJECT,
        "lib/acme_tracking/__init__.py": _s('''
            import analytics


            def track_event(user, event, context=None):
                analytics.track(str(user.id), event, context=context)  # expect: GID201
        '''),
        "web/__init__.py": "",
        "web/views.py": _s('''
            from acme_tracking import track_event


            def login(request):
                track_event(request.user, "Logged In")
        '''),
    }, {}),
    ("relative-imports-and-init-reexport", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry/__init__.py": "from .client import client  # noqa: F401\n",
        "app/telemetry/client.py": _s('''
            import os

            from segment.analytics import Client

            client = Client(os.environ["SEGMENT_WRITE_KEY"])
        '''),
        "app/billing/__init__.py": "",
        "app/billing/tasks.py": _s('''
            from ..telemetry import client


            def charge(subscription):
                client.track(str(subscription.owner_id), "Charged")  # expect: GID101, GID201
        '''),
        "app/views.py": _s('''
            from app.telemetry import client


            def cancel(request, subscription):
                client.track(str(request.user.id), "Cancelled")  # expect: GID101, GID201
        '''),
    }, {}),
    ("relative-reexport-of-non-client", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry/__init__.py": "from .client import client  # noqa: F401\n",
        "app/shipping.py": SHIPPING,
        "app/telemetry/client.py": _s('''
            from app.shipping import ParcelClient

            client = ParcelClient("carrier-key")
        '''),
        "app/billing/__init__.py": "",
        "app/billing/tasks.py": _s('''
            from ..telemetry import client


            def delivery_status(order):
                return client.track(order.parcel_id)
        '''),
    }, {}),
    ("star-import-reexports-sdk", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/sdk.py": "from segment.analytics import *  # noqa: F403\n",
        "app/events.py": "from app.sdk import *  # noqa: F403\n",
        "app/views.py": _s('''
            from app.events import identify, track


            def signup(request):
                identify(str(request.user.id), {"email": request.user.email})  # expect: GID201
                track(str(request.user.id), "Signed Up")  # expect: GID101, GID201
        '''),
    }, {}),
    ("star-import-of-project-module-is-not-sdk", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/metrics.py": _s('''
            __all__ = ["track"]


            def track(name, value=1):
                return (name, value)
        '''),
        "app/views.py": _s('''
            from app.metrics import *  # noqa: F403


            def signup(request):
                track("signups")  # noqa: F405
        '''),
    }, {}),
    ("check-one-file-still-resolves-project-wide", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics


            def track_event(user, event, properties=None, context=None):
                analytics.track(str(user.id), event, properties, context)  # expect: GID201


            def track_signup(user):
                analytics.track(str(user.id), "Signed Up")  # expect: GID101, GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import track_event, track_signup


            def signup(request):
                track_signup(request.user)
                track_event(request.user, "Opened Onboarding")  # expect: GID101
        '''),
    }, {"paths": ["app/views.py"]}),
    ("project-root-from-setup-py-without-config", {
        "setup.py": 'from setuptools import setup\n\nsetup(name="acme", packages=["acme"])\n',
        "acme/__init__.py": "",
        "acme/tracking.py": _s('''
            import analytics


            def track_event(user, event, context=None):
                analytics.track(str(user.id), event, context=context)  # expect: GID201
        '''),
        "acme/views.py": _s('''
            from acme.tracking import track_event


            def login(request):
                track_event(request.user, "Logged In")  # expect: GID101
        '''),
    }, {}),

    # ------------------------------------------------------------------
    # Look-alikes across modules
    # ------------------------------------------------------------------
    ("lookalikes-across-modules", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/ui.py": "from rich.progress import track  # noqa: F401\n",
        "app/reporting.py": _s('''
            class ReportBuilder:
                def __init__(self, rows):
                    self.rows = rows
                    self.columns = []

                def track(self, column):
                    self.columns.append(column)
                    return self
        '''),
        "app/reports.py": _s('''
            import re

            import analytics

            from app.reporting import ReportBuilder
            from app.ui import track


            def load(rows, trackers, client, method):
                for row in track(rows, description="Loading"):
                    match = re.match(r"(?P<team>[A-Z]+)-(\\d+)", row.key)
                    row.team = match.group(1)
                sent = [analytics.track(row.user_id, "Loaded") for analytics in trackers]
                getattr(client, method)(rows[0].user_id, "Loaded")
                return sent


            def summarise(rows):
                analytics = ReportBuilder(rows)
                analytics.track("revenue").track("churn")
                totals = {"rows": len(rows)}
                return analytics, totals
        '''),
        "app/sync.py": _s('''
            def record(tracker, event):
                tracker.track(event.user_id, event.name)
                tracker.identify(event.user_id)
        '''),
    }, {}),
    ("comprehension-variable-named-analytics-beside-real-call", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry.py": "import analytics  # noqa: F401\n",
        "app/fanout.py": _s('''
            from app.telemetry import analytics


            def fan_out(sinks, user, workspace):
                results = [analytics.track(user.id, "Fanned Out") for analytics in sinks]
                analytics.track(str(user.id), "Fanned Out", context={"groupId": str(workspace.id)})  # expect: GID201
                return results
        '''),
    }, {}),

    # ------------------------------------------------------------------
    # Bad input: what cannot be read contributes nothing, nothing crashes
    # ------------------------------------------------------------------
    ("bad-syntax-error-module-imported-by-another", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/broken.py": _s('''
            import analytics


            def track_event(user, event context=None):  # expect: GID000
                analytics.track(str(user.id), event, context=context)
        '''),
        "app/views.py": _s('''
            from app.broken import track_event


            def login(request):
                track_event(request.user, "Logged In")
        '''),
        "app/other.py": _s('''
            import segment.analytics as sa


            def logout(request):
                sa.track(str(request.user.id), "Logged Out")  # expect: GID101, GID201
        '''),
    }, {}),
    ("bad-import-cycle-between-wrapper-modules", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/a.py": _s('''
            import analytics

            from app import b


            def track_a(user, event, context=None):
                analytics.track(str(user.id), event, context=context)  # expect: GID201


            def flush(user):
                b.track_b(user, "Flushed", {"groupId": str(user.team_id)})
        '''),
        "app/b.py": _s('''
            from app import a


            def track_b(user, event, context=None):
                a.track_a(user, event, context=context)


            def start(user):
                a.track_a(user, "Started")  # expect: GID101
        '''),
        "app/views.py": _s('''
            from app.a import track_a
            from app.b import track_b


            def login(request, workspace):
                track_b(request.user, "Logged In")  # expect: GID101
                track_a(request.user, "Logged In v2", {"groupId": str(workspace.id)})
        '''),
    }, {}),
    ("bad-reexport-cycle-resolves-to-nothing", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/a.py": "from app.b import track  # noqa: F401\n",
        "app/b.py": "from app.a import track  # noqa: F401\n",
        "app/views.py": _s('''
            from app.a import track


            def login(request):
                track(str(request.user.id), "Logged In")
        '''),
    }, {}),
    ("bad-root-analytics-imports-itself", {
        "pyproject.toml": PYPROJECT,
        "analytics.py": _s('''
            """Meant to wrap the SDK, but ``import analytics`` here imports this very file."""
            import analytics as sdk


            def track(user_id, event, context=None):
                sdk.track(user_id, event, context=context)
        '''),
        "app/__init__.py": "",
        "app/views.py": _s('''
            import analytics


            def login(request):
                analytics.track(str(request.user.id), "Logged In")
        '''),
    }, {}),
    ("bad-module-and-package-of-the-same-name", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            """Dead code: the package app/tracking/ wins over this module."""
            import analytics


            def track_event(user, event):
                analytics.track(str(user.id), event)  # expect: GID101, GID201
        '''),
        "app/tracking/__init__.py": _s('''
            import analytics


            def track_event(user, event, context=None):
                analytics.track(str(user.id), event, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import track_event


            def login(request):
                track_event(request.user, "Logged In")  # expect: GID101
        '''),
    }, {}),
    ("bad-namespace-package-under-root", {
        "pyproject.toml": PYPROJECT,
        "plugins/segment_plugin.py": _s('''
            import segment.analytics as segment


            def track_event(user_id, event, context=None):
                segment.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/__init__.py": "",
        "app/views.py": _s('''
            from plugins.segment_plugin import track_event


            def login(request):
                track_event(str(request.user.id), "Logged In")  # expect: GID101
        '''),
    }, {}),
    ("bad-relative-import-beyond-top-level", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/views.py": _s('''
            from ...outside import track


            def login(request):
                track(str(request.user.id), "Logged In")
        '''),
        "app/jobs.py": _s('''
            from . import missing_module


            def nightly():
                missing_module.track("system", "Nightly")
        '''),
    }, {}),
    # ------------------------------------------------------------------
    # The pre-filter of imported names: every module of these projects matters
    # (each imports the SDK), so only the linker tells which imported names'
    # calls can be analytics calls
    # ------------------------------------------------------------------
    ("prefilter-module-receiver-wrapper-attribute-among-plain-ones", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/models.py": _s('''
            import analytics as _analytics


            class CharField:
                def __init__(self, max_length=None):
                    self.max_length = max_length


            def track_signup(user_id, context=None):
                _analytics.track(user_id, "Signed Up", context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            import analytics
            from app import models


            def signup(request):
                field = models.CharField(max_length=3)
                models.track_signup(request.user.id)  # expect: GID101
                models.track_signup(request.user.id, context={"groupId": request.org.id})
                analytics.flush()
                return field
        '''),
    }, {}),
    ("prefilter-chained-module-attribute-and-instance-method", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/telemetry/__init__.py": "import analytics\n",
        "app/telemetry/client.py": _s('''
            import analytics


            class Tracker:
                def send(self, user_id, event, context=None):
                    analytics.track(user_id, event, context=context)  # expect: GID201

                def ping(self):
                    return "pong"


            tracker = Tracker()
        '''),
        "app/views.py": _s('''
            import analytics
            from app import telemetry
            from app.telemetry.client import tracker


            def view(request):
                telemetry.client.tracker.send(request.user.id, "Viewed")  # expect: GID101
                tracker.send(request.user.id, "Viewed")  # expect: GID101
                tracker.ping()
                analytics.flush()
        '''),
    }, {}),
    ("prefilter-rebound-import-is-not-filtered", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics


            class Sender:
                def send(self, user_id, event, context=None):
                    analytics.track(user_id, event, context=context)  # expect: GID201


            def sender():
                return Sender()


            def noop():
                return None
        '''),
        "app/views.py": _s('''
            import analytics
            from app import tracking
            from app.tracking import Sender


            def view(request, tracking: Sender):  # the module's name, rebound
                tracking.send(request.user.id, "Viewed")  # expect: GID101
                analytics.flush()


            def other(request):
                tracking.noop()
        '''),
    }, {}),
    ("prefilter-name-called-directly-wrapper-and-plain-function", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/helpers.py": _s('''
            import analytics


            def slugify(text):
                return text.lower()


            def track_event(user_id, event, context=None):
                analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            import analytics
            from app.helpers import slugify, track_event


            def view(request):
                track_event(request.user.id, slugify("Viewed"))  # expect: GID101
                analytics.flush()
        '''),
    }, {}),
    ("import-of-a-wrapper-in-a-parenthesised-multi-line-import", {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics


            def send(user_id, event, context=None):
                analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import (
                send,
            )


            def view(user):
                send(user.id, "Opened")  # expect: GID101
        '''),
    }, {}),
    ("local-instances-of-a-project-class-with-a-wrapper-method", {
        # SPEC: methods of project classes reached through instances, here instances
        # the caller makes itself (of a class imported by name, through its module,
        # re-exported by a package, or subclassed), and a local wrapper over one
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking/__init__.py": "from .impl import Tracker\n",
        "app/tracking/impl.py": _s('''
            import analytics


            class Tracker:
                def send(self, user_id, event, context=None):
                    analytics.track(user_id, event, context=context)  # expect: GID201

                def close(self):
                    return None
        '''),
        "app/views.py": _s('''
            from app import tracking
            from app.tracking import Tracker
            from app.tracking.impl import Tracker as Base


            class Quiet(Base):
                pass


            def notify(user, event):
                Tracker().send(user.id, event)  # expect: GID101


            def view(user, workspace):
                tracker = tracking.Tracker()
                tracker.send(user.id, "Opened")  # expect: GID101
                tracker.send(user.id, "Grouped", context={"groupId": workspace.id})
                other = Tracker()
                other.send(user.id, "Opened")  # expect: GID101
                quiet = Quiet()
                quiet.send(user.id, "Opened")  # expect: GID101
                tracker.close()
                notify(user, "Closed")
        '''),
    }, {}),
    ("local-instances-of-a-look-alike-class", {
        # a method of the same name on a class that is no wrapper, and on objects the
        # analysis cannot see: no finding
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/mail.py": _s('''
            import analytics


            class Mailer:
                def send(self, user_id, event, context=None):
                    return (user_id, event, context)


            def identify(user):
                if not internal_user():
                    analytics.identify(user.id)
        '''),
        "app/tracking.py": _s('''
            import analytics


            class Tracker:
                def send(self, user_id, event, context=None):
                    analytics.track(user_id, event, context=context)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app import tracking
            from app.mail import Mailer


            def view(user, queue):
                mailer = Mailer()
                mailer.send(user.id, "Opened")
                queue.send(user.id, "Opened")
                tracking.Tracker.send  # not called
        '''),
    }, {}),
    ("super-forwards-to-a-base-wrapper", {
        # ``super()`` in a method is an instance of the class's first base: an override
        # forwarding its context to ``super().send`` is a wrapper of a wrapper; one that
        # drops the context is reported inside (its callers are not checked)
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics


            class Tracker:
                def send(self, user_id, event, context=None):
                    analytics.track(user_id, event, context=context)  # expect: GID201


            class Quiet(Tracker):
                def send(self, user_id, event, context=None):
                    super().send(user_id, event, context)


            class Lossy(Tracker):
                def send(self, user_id, event, context=None):
                    super().send(user_id, event)  # expect: GID101
        '''),
        "app/views.py": _s('''
            from app.tracking import Lossy, Quiet


            def view(user, org):
                Quiet().send(user.id, "Opened")  # expect: GID101
                Quiet().send(user.id, "Opened", {"groupId": org.id})
                Lossy().send(user.id, "Opened")
        '''),
    }, {}),
    # adversarial round (adv1): a wrapper that passes its *args and **kwargs on
    # reads its callers' context where the SDK would (by position too)
    ("star_args_forwarding", {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import logging

            import analytics
            from segment.analytics import Client

            log = logging.getLogger(__name__)


            def track(*args, **kwargs):
                log.debug("track %s %s", args, kwargs)
                analytics.track(*args, **kwargs)  # expect: GID201


            def track_as(user, *args, **kwargs):
                analytics.track(user.id, *args, **kwargs)  # expect: GID201


            def track_only_positions(*args):
                analytics.track(*args)  # expect: GID201


            class LoggingClient(Client):
                def track(self, *args, **kwargs):
                    log.debug("track %s %s", args, kwargs)
                    return super().track(*args, **kwargs)  # expect: GID201


            logging_client = LoggingClient("key")
        '''),
        "app/views.py": _s('''
            from app import tracking
            from app.tracking import logging_client, track_as, track_only_positions


            def export(request, org):
                tracking.track(request.user.id, "Exported", {"rows": 10}, {"groupId": org.id})
                tracking.track(request.user.id, "Exported", context={"groupId": org.id})
                tracking.track(request.user.id, "Exported", {"rows": 10}, None)  # expect: GID101
                tracking.track(request.user.id, "Exported")  # expect: GID101
                track_as(request.user, "Exported", {}, {"groupId": org.id})
                track_as(request.user, "Exported", {}, {})  # expect: GID101
                track_only_positions(request.user.id, "Exported", {}, {"groupId": org.id})
                track_only_positions(request.user.id, "Exported")  # expect: GID101
                logging_client.track(request.user.id, "Viewed", {}, {"groupId": org.id})
                logging_client.track(request.user.id, "Viewed")  # expect: GID101
        '''),
    }, {}),
    # a wrapper of a wrapper that adds groupId itself satisfies its callers too
    ("wrapper_of_a_satisfied_wrapper", {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "app/__init__.py": "",
        "app/tenancy.py": "def current_org_id():\n    return 1\n",
        "app/segment_tracking.py": _s('''
            from segment import analytics

            from app.tenancy import current_org_id


            def track_event(user_id, event, properties=None, context=None):
                context = {**(context or {}), "groupId": current_org_id()}
                analytics.track(user_id, event, properties, context=context)  # expect: GID201


            def track_plain(user_id, event, properties=None, context=None):
                analytics.track(user_id, event, properties, context=context)  # expect: GID201
        '''),
        "app/tracking.py": _s('''
            from app.segment_tracking import track_event, track_plain


            def track_user_event(user, event, properties=None, context=None):
                track_event(user.id, event, properties, context=context)


            def track_user_event_kw(user, event, **kwargs):
                track_event(user.id, event, **kwargs)


            def track_user_plain(user, event, properties=None, context=None):
                track_plain(user.id, event, properties, context=context)
        '''),
        "app/views.py": _s('''
            from app.tracking import track_user_event, track_user_event_kw, track_user_plain


            def index(request):
                track_user_event(request.user, "Viewed Dashboard")
                track_user_event_kw(request.user, "Viewed Dashboard")
                track_user_plain(request.user, "Viewed Dashboard")  # expect: GID101
        '''),
    }, {}),
    # a configured outside wrapper's arguments are read like the SDK method's
    ("configured_wrapper_positions", {
        "pyproject.toml": WRAPPERS_PYPROJECT,
        "app/__init__.py": "",
        "app/pos.py": _s('''
            from acme_common.tracking import analytics_track


            def export(user, org):
                analytics_track(user.id, "Exported CSV", {"rows": 10}, {"groupId": org.id})
                analytics_track(user.id, "Exported CSV", None, {"groupId": None})  # expect: GID102
                analytics_track(user.id, "Exported CSV", {"rows": 10})  # expect: GID101
        '''),
    }, {}),
    # (adversarial round adv1, fixed)
    # SPEC: "A wrapper that adds `groupId` itself satisfies its callers": the key
    # set on every path after `context = context or {}`; a context defaulted to a
    # dict that holds it (callers that give none get it)
    ("wrapper_or_forms", {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics


            def current_org_id():
                return 1


            def track_event(user_id, event, properties=None, context=None):
                context = context or {}
                context["groupId"] = current_org_id()
                analytics.track(user_id, event, properties, context=context)  # expect: GID201


            def track_default(user_id, event, properties=None, context=None):
                context = context or {"groupId": current_org_id()}
                analytics.track(user_id, event, properties, context=context)  # expect: GID201


            def go(user):
                track_event(user.id, "A")
                track_default(user.id, "A")
                track_default(user.id, "A", None, None)
                track_default(user.id, "A", context={})
                track_default(user.id, "B", context={"ip": "0"})  # expect: GID101
        '''),
    }, {}),
    # SPEC: a wrapper's context may come from "a `**kwargs` that forwards `context`"
    ("kwargs_wrapper_pops_the_context", {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics


            def track_pop(user_id, event, **kwargs):
                context = kwargs.pop("context", None)
                analytics.track(user_id, event, kwargs.get("properties"), context=context)  # expect: GID201


            def track_get(user_id, event, **options):
                analytics.track(user_id, event, context=options.get("ctx"))  # expect: GID201


            def track_from(user_id, event, options):
                analytics.track(user_id, event, None, options.get("context"))  # expect: GID105, GID201


            def trigger(user, org):
                track_pop(user.id, "Exported CSV")  # expect: GID101
                track_pop(user.id, "Exported CSV", context={"groupId": org.id})
                track_get(user.id, "Exported CSV", context={"groupId": org.id})  # expect: GID101
                track_get(user.id, "Exported CSV", ctx={"groupId": org.id})
                track_from(user.id, "Exported CSV", {})
        '''),
    }, {}),
    # SPEC: SDK functions "re-bound to itself (`analytics = analytics`), or stored
    # on an attribute"; in a class body the right-hand name is the module's
    ("class_attribute_rebound_to_its_own_name", {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "app/__init__.py": "",
        "app/sclient.py": "from segment.analytics import Client\n\nclient = Client('key')\n",
        "app/views.py": _s('''
            import analytics

            from app.sclient import client


            class SignupView:
                analytics = analytics
                client = client

                def post(self, request):
                    self.analytics.track(request.user.id, "Signed Up")  # expect: GID101, GID201
                    self.client.identify(request.user.id, {})  # expect: GID201


            class Quiet:
                analytics = None

                def post(self, request):
                    self.analytics.track(request.user.id, "Signed Up")
        '''),
        "app/sub.py": _s('''
            from app.views import SignupView


            class Sub(SignupView):
                def put(self, request):
                    self.analytics.track(request.user.id, "Edited")  # expect: GID101, GID201
        '''),
    }, {}),
    # an imported wrapper instance held by a local or an attribute is still one
    ("imported_wrapper_instance_aliased", {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "app/__init__.py": "",
        "app/tracking_service.py": _s('''
            from segment.analytics import Client


            class TrackingService:
                def __init__(self):
                    self._client = Client("key")

                def send(self, user_id, event, context=None):
                    self._client.track(user_id, event, context=context)  # expect: GID201


            class Mailer:
                def send(self, user_id, event, context=None):
                    return (user_id, event, context)


            tracker = TrackingService()
            mailer = Mailer()
        '''),
        "app/views.py": _s('''
            from app.tracking_service import mailer, tracker


            def archive(request, org):
                t = tracker
                t.send(request.user.id, "Archived Project")  # expect: GID101
                t.send(request.user.id, "Archived Project", {"groupId": org.id})
                m = mailer
                m.send(request.user.id, "Archived Project")


            class DeleteView:
                def __init__(self):
                    self.svc = tracker
                    self.mail = mailer

                def post(self, request):
                    self.svc.send(request.user.id, "Deleted Project")  # expect: GID101
                    self.mail.send(request.user.id, "Deleted Project")
        '''),
    }, {}),
    # the review of the round's fixes: forms close to the new ones that must not
    # silence a real finding (nor report a false one)
    ("wrapper_forms_near_the_new_ones", {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics


            def pop_or(uid, event, **kwargs):
                analytics.track(uid, event, context=kwargs.pop("context", None) or {})  # expect: GID105, GID201


            def signup(**kwargs):
                analytics.track("system", "Signed Up", context=kwargs.get("context"))  # expect: GID201


            def branch_default(uid, event, context=None, fast=False):
                if fast:
                    context = context or {"groupId": 1}
                analytics.track(uid, event, context=context)  # expect: GID201


            def inner(uid, event, context=None):
                context = context or {"groupId": 1}
                analytics.track(uid, event, context=context)  # expect: GID201


            def outer(uid, event, context=None):
                inner(uid, event, context or {"source": "web"})


            def outer_default(uid, event, context={"ip": 1}):
                inner(uid, event, context)


            def outer_star(*args, **kwargs):
                inner(*args, **kwargs)


            def star_no_kw(*args, **kwargs):
                analytics.track(*args)  # expect: GID201


            def star_kwonly(*args, context=None, **kwargs):
                analytics.track(*args, **kwargs)  # expect: GID201


            def track_event(event, *args, **kwargs):
                analytics.track(*args, event=f"app.{event}", **kwargs)  # expect: GID201


            def track_org(user_id, event, org, **kwargs):
                ctx = kwargs.pop("context", {})
                ctx["groupId"] = org.id
                analytics.track(user_id, event, context=ctx, **kwargs)  # expect: GID201
        '''),
        "app/views.py": _s('''
            from app.tracking import (
                branch_default,
                outer,
                outer_default,
                outer_star,
                pop_or,
                signup,
                star_kwonly,
                star_no_kw,
                track_event,
                track_org,
            )


            def view(user, org):
                pop_or(user.id, "A")
                signup()  # expect: GID101
                branch_default(user.id, "A")  # expect: GID101
                outer(user.id, "A")  # expect: GID101
                outer_default(user.id, "A")  # expect: GID101
                outer_star(user.id, "A")
                star_no_kw(user.id, "A", context={"groupId": 1})  # expect: GID101
                star_no_kw(user.id, "A", {}, {"groupId": 1})
                star_kwonly(user.id, "A", context={"groupId": 1})  # expect: GID101
                track_event("Signed Up", user.id)  # expect: GID101
                track_event("Signed Up", user.id, context={"ip": 1})  # expect: GID101
                track_event("Signed Up", user.id, context={"groupId": org.id})
                track_org(user.id, "A", org)
        '''),
    }, {}),
    # SPEC: functions "whose body always raises (project-wide)": through a chain of
    # modules too
    ("never_returns_through_another_module", {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "app/__init__.py": "",
        "app/auth.py": _s('''
            from typing import NoReturn


            def is_internal_user(user):
                return user.is_staff


            def forbid(message) -> NoReturn:
                raise PermissionError(message)
        '''),
        "app/errors.py": _s('''
            from app.auth import forbid


            def deny(reason):
                forbid(reason)


            def deny_twice(reason):
                deny(reason)


            def maybe_deny(reason, strict):
                if strict:
                    forbid(reason)
        '''),
        "app/views.py": _s('''
            import analytics

            from app.auth import is_internal_user
            from app.errors import deny, deny_twice, maybe_deny


            def v1(request):
                if is_internal_user(request.user):
                    deny("staff")
                analytics.identify(request.user.id, {})


            def v2(request):
                if is_internal_user(request.user):
                    deny_twice("staff")
                analytics.identify(request.user.id, {})


            def v3(request):
                if is_internal_user(request.user):
                    maybe_deny("staff", request.strict)
                analytics.identify(request.user.id, {})  # expect: GID201
        '''),
    }, {}),
    # the second review: defaults through a chain, branches, keywords that never
    # reach the SDK, and functions that only seem never to return
    ("defaults_branches_and_unreachable_keywords", {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "app/__init__.py": "",
        "app/tracking.py": _s('''
            import analytics


            def inner(uid, event, context=None):
                context = context or {"groupId": 1}
                analytics.track(uid, event, context=context)  # expect: GID201


            def outer_plain(uid, event, context=None):
                inner(uid, event, context)


            def outer_setdefault(uid, event, **kwargs):
                kwargs.setdefault("context", {"source": "web"})
                inner(uid, event, **kwargs)  # expect: GID105


            def w_ifelse(uid, event, context=None, fast=False):
                if fast:
                    context = context or {"groupId": 1}
                else:
                    analytics.track(uid, event, context=context)  # expect: GID201


            def w_kwname(uid, ctx=None, **kwargs):
                analytics.track(uid, "e", context=kwargs.get("ctx"))  # expect: GID105, GID201


            def drops(*args, **kwargs):
                analytics.track(*args)  # expect: GID201


            def outer_kw(uid, event, **kwargs):
                drops(uid, event, **kwargs)  # expect: GID101
        '''),
        "app/views.py": _s('''
            from app.tracking import outer_kw, outer_plain, outer_setdefault, w_ifelse, w_kwname


            def view(user):
                outer_plain(user.id, "A")
                outer_setdefault(user.id, "B")
                w_ifelse(user.id, "C")  # expect: GID101
                w_kwname(user.id, ctx={"groupId": 1})
                outer_kw(user.id, "D", context={"groupId": 1})
        '''),
        "app/auth.py": _s('''
            from typing import NoReturn


            def forbid(reason) -> NoReturn:
                raise PermissionError(reason)
        '''),
        "app/errors.py": _s('''
            import functools
            import os

            from app.auth import forbid


            def swallow(fn):
                @functools.wraps(fn)
                def inner(*args, **kwargs):
                    try:
                        return fn(*args, **kwargs)
                    except Exception:
                        return None
                return inner


            @swallow
            def deny_raise(reason):
                raise PermissionError(reason)


            class Base:
                def fail(self, reason):
                    forbid(reason)

                def deny(self, reason):
                    self.fail(reason)


            class Soft(Base):
                def fail(self, reason):
                    print(reason)


            if os.environ.get("SOFT"):
                def deny_alt(reason):
                    print(reason)
            else:
                def deny_alt(reason):
                    forbid(reason)
        '''),
        "app/guarded.py": _s('''
            import analytics

            from app.errors import Soft, deny_alt, deny_raise


            def is_staff(user):
                return user.is_staff


            def v1(request):
                if is_staff(request.user):
                    deny_raise("x")
                analytics.identify(request.user.id, {})  # expect: GID201


            def v2(request):
                if is_staff(request.user):
                    Soft().deny("x")
                analytics.identify(request.user.id, {})  # expect: GID201


            def v3(request):
                if is_staff(request.user):
                    deny_alt("x")
                analytics.identify(request.user.id, {})  # expect: GID201
        '''),
    }, {}),
    # functions that call each other with no return: no exit is made up of a cycle
    ("never_returns_cycle", {
        "pyproject.toml": "[tool.lint-groupid]\n",
        "app/__init__.py": "",
        "app/a.py": "from app import b\n\n\ndef ping():\n    b.pong()\n",
        "app/b.py": "from app import a\n\n\ndef pong():\n    a.ping()\n",
        "app/views.py": _s('''
            import analytics

            from app.a import ping


            def view(request):
                if request.user.is_staff:
                    ping()
                analytics.identify(request.user.id, {})  # expect: GID201
        '''),
    }, {}),
]

