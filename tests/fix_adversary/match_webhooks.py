# a Stripe webhook handler dispatching with match: analytics statements in case blocks, a case guard, a one-line case
"""Stripe webhooks."""
import analytics
import stripe
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from billing.models import Customer


@csrf_exempt
def stripe_webhook(request):
    event = stripe.Webhook.construct_event(
        request.body, request.headers["Stripe-Signature"], stripe.webhook_secret
    )
    customer = Customer.objects.get(stripe_id=event.data.object.customer)
    match event.type:
        case "invoice.paid":
            customer.mark_paid(event.data.object.id)
            analytics.track(customer.owner_id, "Paid Invoice",
                            {"amount": event.data.object.amount_paid})
        case "customer.subscription.updated" if event.data.object.status == "active":
            analytics.identify(customer.owner_id, {"plan": event.data.object.plan.id})
            analytics.track(customer.owner_id, "Activated Subscription")
        case "customer.subscription.deleted":
            customer.cancel()
            # churned: keep the event, the CRM needs it
            analytics.track(customer.owner_id, "Cancelled Subscription")
        case "charge.failed": analytics.track(customer.owner_id, "Payment Failed")
        case _:
            pass
    return HttpResponse(status=200)
