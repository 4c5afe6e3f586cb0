# contexts held in type-annotated locals: a misspelled key set by subscript, a dict passed as context=ctx
"""Typed analytics helpers for the API layer."""
from __future__ import annotations

from typing import Any, Dict

import analytics

from api.auth import ApiKey
from api.models import Workspace


def key_created(key: ApiKey, workspace: Workspace) -> None:
    ctx: Dict[str, Any] = {"ip": key.created_from, "library": {"name": "api"}}
    ctx["group_id"] = workspace.pk
    analytics.track(key.owner_id, "Created API Key", {"scopes": key.scopes}, context=ctx)


def key_revoked(key: ApiKey, workspace: Workspace, reason: str) -> None:
    context: dict[str, Any] = {"ip": key.revoked_from}
    analytics.track(key.owner_id, "Revoked API Key", {"reason": reason}, context=context)
    key.audit.append(context)


def key_used(key: ApiKey, workspace: Workspace, endpoint: str) -> None:
    traits: dict[str, Any] = {"last_used": key.last_used_at, "groupId": workspace.pk}
    props: dict[str, str] = {"endpoint": endpoint, "groupId": workspace.slug}
    analytics.identify(key.owner_id, traits)
    analytics.track(key.owner_id, "Used API Key", props)


def key_rotated(key: ApiKey, workspace: Workspace) -> None:
    sent: None = analytics.track(key.owner_id, "Rotated API Key", context={"GroupId": workspace.pk})
    return sent
