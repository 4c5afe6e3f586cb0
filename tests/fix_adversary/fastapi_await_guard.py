# an `await ...` guard expression (FastAPI), inserted in async endpoints and also in plain def helpers and a sync endpoint
"""Auth endpoints of the FastAPI service."""
import analytics
from fastapi import APIRouter, BackgroundTasks, Depends, Request

from app.auth import is_internal_user
from app.db import get_session
from app.users import authenticate, create_user

router = APIRouter()


@router.post("/login")
async def login(request: Request, session=Depends(get_session)):
    form = await request.form()
    user = await authenticate(session, form["email"], form["password"])
    analytics.identify(user.id, {"email": user.email})
    analytics.track(user.id, "Logged In", context={"groupId": user.workspace_id})
    return {"token": user.token}


def send_welcome(request: Request, user):
    analytics.track(user.id, "Sent Welcome Email", context={"groupId": user.workspace_id})


@router.post("/signup")
def signup(request: Request, background: BackgroundTasks, session=Depends(get_session)):
    user = create_user(session, request.query_params["email"])
    analytics.identify(user.id, {"email": user.email, "source": "signup"})
    background.add_task(send_welcome, request, user)
    return {"id": user.id}
