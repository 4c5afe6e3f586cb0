# group-id `workspace.id` where a view binds `workspace` only after its track call (not bound where inserted)
"""Workspace invitations."""
import analytics
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from workspaces.forms import InviteForm
from workspaces.models import Invitation, Workspace


def invite_page(request, slug):
    analytics.track(request.user.pk, "Opened Invite Page")
    workspace = get_object_or_404(Workspace, slug=slug)
    form = InviteForm(workspace=workspace)
    return render(request, "workspaces/invite.html", {"form": form, "workspace": workspace})


def send_invite(request, slug):
    workspace = get_object_or_404(Workspace, slug=slug)
    form = InviteForm(request.POST, workspace=workspace)
    if not form.is_valid():
        return render(request, "workspaces/invite.html", {"form": form})
    invitation = form.save()
    analytics.track(request.user.pk, "Sent Invite", {"role": invitation.role})
    messages.success(request, "Invitation sent.")
    return redirect("workspace-members", slug=slug)


def accept_invite(request, token):
    invitation = get_object_or_404(Invitation, token=token)
    workspace = invitation.workspace
    if request.user in workspace.members.all():
        messages.info(request, "You are already a member.")
        return redirect("workspace-home", slug=workspace.slug)
    invitation.accept(request.user)
    analytics.track(request.user.pk, "Accepted Invite")
    return redirect("workspace-home", slug=workspace.slug)


def decline_invite(request, token):
    analytics.track(request.user.pk, "Declined Invite", {"token": token[:6]})
    if (workspace := Invitation.objects.filter(token=token).first()) is None:
        return redirect("home")
    workspace.decline()
    return redirect("home")
