# a project wrapper whose context parameter is named `ctx` and sits after `properties`: callers fixed by its signature
"""Tracking helpers and the views that use them."""
import logging

import analytics
from django.conf import settings

log = logging.getLogger(__name__)


def track_event(user, event, properties=None, ctx=None, *, send=True):
    """Send an event unless analytics are disabled for this environment."""
    if not send or not settings.ANALYTICS_ENABLED:
        return
    if is_internal_user(user):
        return
    analytics.track(user.pk, event, properties or {}, context=ctx)


def is_internal_user(user):
    return user.email.endswith("@acme.io")


def project_created(request, project):
    track_event(request.user, "Created Project", {"template": project.template})
    log.info("project %s created", project.pk)


def project_renamed(request, project, old_name):
    track_event(request.user, "Renamed Project", {"from": old_name}, {"ip": request.META["REMOTE_ADDR"]})


def project_exported(request, project, fmt):
    track_event(request.user, "Exported Project", ctx=None, properties={"format": fmt})


def project_deleted(request, project):
    track_event(request.user, "Deleted Project", None, None, send=project.is_billable)
