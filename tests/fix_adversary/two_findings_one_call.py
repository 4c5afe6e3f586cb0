# two findings on one call (GID104 or GID103 with GID201), split over lines with comments, and a noqa for one of them
# fix: --guard request.user.is_staff
"""Checkout views."""
import analytics
from django.http import JsonResponse

from shop.cart import Cart
from shop.models import Order


def checkout(request):
    cart = Cart(request)
    order = Order.objects.create_from_cart(cart, user=request.user)
    analytics.track(
        request.user.pk,
        "Completed Checkout",
        # revenue is reported in cents
        {"revenue": order.total_cents, "groupId": request.workspace.pk},
    )
    return JsonResponse({"order": order.pk})


def refund(request, order_id):
    order = Order.objects.get(pk=order_id)
    context = {"ip": request.META.get("REMOTE_ADDR"), "group_id": order.workspace_id}
    analytics.track(request.user.pk, "Refunded Order", {"order": order.pk}, context=context)
    order.refund(audit=context)
    return JsonResponse({"refunded": True})


def abandon(request):
    cart = Cart(request)
    analytics.track(request.user.pk, "Abandoned Cart",  # noqa: GID201
                    {"items": len(cart)}, context={"GroupID": request.workspace.pk})
    cart.clear()
    return JsonResponse({"cleared": True})
