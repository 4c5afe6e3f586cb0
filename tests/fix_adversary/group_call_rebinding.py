# the group id taken from an earlier group() call, with the workspace re-bound by tuple unpacking, with-as and walrus
"""Onboarding flow."""
import analytics
from django.db import transaction

from workspaces.models import Workspace
from workspaces.services import locked


def join_workspace(user, workspace, slug):
    analytics.group(user.pk, workspace.pk, {"name": workspace.name})
    workspace, created = Workspace.objects.get_or_create(slug=slug)
    analytics.track(user.pk, "Joined Workspace", {"created": created})


def switch_workspace(user, workspace, target_id):
    analytics.group(user.pk, workspace.pk)
    with locked(Workspace, target_id) as workspace:
        workspace.members.add(user)
    analytics.track(user.pk, "Switched Workspace")


def finish_onboarding(user, workspace):
    analytics.group(user.pk, workspace.pk, {"onboarded": True})
    with transaction.atomic():
        Workspace.objects.filter(pk=workspace.pk).update(onboarded=True)
        analytics.track(user.pk, "Finished Onboarding")


def pick_default(user, workspace):
    analytics.group(user.pk, workspace.pk)
    if (workspace := user.workspaces.order_by("created").first()) is not None:
        analytics.track(user.pk, "Picked Default Workspace")
