# Django signal receivers: decorated one-line defs, multi-line signatures, a class-level one-liner
"""Signal receivers that keep the analytics tools in sync."""
import analytics
from allauth.account.signals import user_signed_up
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Membership, Profile


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs): analytics.identify(user.pk, {"email": user.email})


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):  # user is None for anonymous sessions
    if user is not None: analytics.track(user.pk, "Logged Out")


@receiver(
    user_signed_up,
    dispatch_uid="analytics-signup",
)
def on_signup(
    sender,
    request,
    user,
    **kwargs,
):
    analytics.identify(user.pk, {"email": user.email, "signed_up": user.date_joined})
    analytics.track(user.pk, "Signed Up", {"via": request.GET.get("via", "form")})


@receiver(post_save, sender=Membership)
def on_membership(sender, instance, created, **kwargs):
    if not created:
        return
    analytics.group(instance.user_id, instance.workspace_id, {"name": instance.workspace.name})


class ProfileSync:
    @staticmethod
    @receiver(post_save, sender=Profile)
    def on_profile(sender, instance, **kwargs): analytics.identify(instance.user_id, {"title": instance.title})
