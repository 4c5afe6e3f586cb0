# calls split over lines (aligned arguments, comments inside) whose edited lines pass black's line length
"""Billing views."""
import analytics
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from billing.models import Plan
from billing.services import change_plan, start_trial


@require_POST
def upgrade(request, plan_slug):
    plan = Plan.objects.get(slug=plan_slug)
    subscription = change_plan(request.workspace, plan, seats=request.POST.get("seats"))
    analytics.track(request.user.pk, "Upgraded Plan",
                    {"plan": plan.slug, "seats": subscription.seats, "yearly": plan.yearly})
    return JsonResponse({"plan": plan.slug})


@require_POST
def trial(request):
    trial = start_trial(request.workspace, days=14)
    analytics.track(
        request.user.pk,  # the person who clicked
        "Started Trial",
        {"days": trial.days, "ends": trial.ends_at.isoformat()},
    )
    return JsonResponse({"ends": trial.ends_at.isoformat()})


def pricing(request):
    plans = Plan.objects.filter(public=True).order_by("price")
    analytics.track(
        request.user.pk, "Viewed Pricing", {"plans": [p.slug for p in plans]}  # all public
    )
    return JsonResponse({"plans": [p.as_dict() for p in plans]})


@require_POST
def downgrade(request):
    plan = Plan.objects.get(slug="free")
    change_plan(request.workspace, plan)
    analytics.track(request.user.pk,
                    "Downgraded Plan",  # to the free plan
                    {"from": request.workspace.plan.slug, "reason": request.POST["reason"]})
    return JsonResponse({"plan": "free"})
