# wrapper methods (instance, classmethod, staticmethod) whose callers pass the context positionally
# fix: --group-id request.workspace.id --ignore GID201
"""A small tracking facade used across the app."""
import analytics


class Tracker:
    source = "web"

    def __init__(self, user):
        self.user = user

    def event(self, name, properties=None, context=None):
        analytics.track(self.user.pk, name, properties or {}, context)

    @classmethod
    def system(cls, user_id, name, context=None):
        analytics.track(user_id, name, {"source": cls.source}, context)

    @staticmethod
    def raw(user_id, name, properties, context):
        analytics.track(user_id, name, properties, context)


def checkout_done(request, order):
    tracker = Tracker(request.user)
    tracker.event("Checked Out", {"total": order.total}, {"ip": request.META["REMOTE_ADDR"]})
    Tracker.system(request.user.pk, "Order Queued", {"ip": request.META["REMOTE_ADDR"]})
    Tracker.raw(request.user.pk, "Order Paid", {"total": order.total}, {"locale": "en"})
    Tracker.raw(request.user.pk, "Receipt Sent", {}, None)
