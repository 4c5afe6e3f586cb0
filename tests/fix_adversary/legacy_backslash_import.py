# extending a guard-module import written with backslash continuations (pre-black style) under flake8's max-line-length (setup.cfg)
"""Legacy reporting views (pre-black style)."""
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from app.auth import current_workspace, login_required, \
    require_role, workspace_member_or_404
import analytics
from reports.queries import monthly_active_users, weekly_active_users


@require_GET
@login_required
def usage(request):
    workspace = current_workspace(request)
    require_role(request.user, workspace, "admin")
    data = {
        "mau": monthly_active_users(workspace),
        "wau": weekly_active_users(workspace),
    }
    analytics.track(request.user.pk, "Viewed Usage", context={"groupId": workspace.pk})
    return JsonResponse(data)


@require_GET
def member(request, user_id):
    workspace = current_workspace(request)
    member = workspace_member_or_404(workspace, user_id)
    analytics.identify(member.pk, {"role": member.role})
    return JsonResponse(member.as_dict())
