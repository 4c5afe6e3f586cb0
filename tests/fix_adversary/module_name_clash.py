# the guard's and the group id's names already bound at module level to other things (a settings flag, a Flask global)
"""Admin impersonation endpoints."""
from flask import Blueprint, current_app, g, session

import analytics
from app.models import User

bp = Blueprint("support", __name__)

# set from the environment: lets support staff see the debug toolbar
internal_user = current_app.config.get("SUPPORT_DEBUG", False) if current_app else False


@bp.post("/support/impersonate/<int:user_id>")
def impersonate(user_id):
    target = User.query.get_or_404(user_id)
    session["impersonating"] = target.id
    analytics.identify(target.id, {"impersonated_by": g.user.id})
    return {"ok": True}


@bp.post("/support/stop")
def stop_impersonating():
    target_id = session.pop("impersonating", None)
    analytics.track(g.user.id, "Stopped Impersonating", {"target": target_id})
    return {"ok": True}
