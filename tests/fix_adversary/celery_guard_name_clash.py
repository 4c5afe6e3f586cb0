# Celery tasks where the guard's name is a task parameter or a local bound after the call; the group id inferred (unsafe)
# fix: --unsafe-fixes
"""Background jobs that report to the analytics tools."""
from __future__ import annotations

import logging

import analytics
from celery import shared_task

from billing.models import Invoice, Subscription

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=3)
def invoice_paid(self, invoice_id: int) -> None:
    invoice = Invoice.objects.select_related("customer").get(pk=invoice_id)
    analytics.track(
        invoice.customer.user_id,
        "Invoice Paid",
        {"amount": invoice.total, "currency": invoice.currency},
        context={"groupId": invoice.customer.workspace_id},
    )


@shared_task
def trial_ended(subscription_id: int, internal_user: bool = False) -> None:
    subscription = Subscription.objects.get(pk=subscription_id)
    analytics.track(
        subscription.owner_id,
        "Trial Ended",
        context={"groupId": subscription.workspace_id},
    )
    if internal_user:
        logger.info("trial of an internal account ended: %s", subscription_id)


@shared_task
def plan_changed(subscription_id: int, old_plan: str) -> None:
    subscription = Subscription.objects.get(pk=subscription_id)
    analytics.identify(subscription.owner_id, {"plan": subscription.plan})
    internal_user = subscription.owner.email.endswith("@acme.io")
    logger.info("plan changed (internal=%s)", internal_user)


@shared_task
def seats_synced(workspace_id: int, seats: int) -> None:
    for internal_user in Subscription.objects.staff_seats(workspace_id):
        logger.debug("skipping staff seat %s", internal_user)
    analytics.group(workspace_id, workspace_id, {"seats": seats})


@shared_task
def usage_synced(workspace_id: int, user_id: int, events: int) -> None:
    analytics.track(user_id, "Synced Usage", {"events": events})
