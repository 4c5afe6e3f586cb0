# new imports in a module with a docstring, __future__, try/except ImportError around the SDK, TYPE_CHECKING and __all__
"""Account lifecycle events.

The SDK is optional in the open-source build.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

try:
    import analytics
except ImportError:  # pragma: no cover - the open-source build
    analytics = None

if TYPE_CHECKING:
    from app.auth import AuthUser
    from app.tenancy import Workspace

__all__ = ["account_created", "account_deleted"]

log = logging.getLogger(__name__)


def account_created(user: AuthUser, workspace: Workspace) -> None:
    if analytics is None:
        return
    analytics.identify(user.id, {"email": user.email, "name": user.full_name})
    analytics.track(user.id, "Created Account", {"plan": workspace.plan})


def account_deleted(user: AuthUser, reason: str) -> None:
    log.info("deleting %s: %s", user.id, reason)
    if analytics is not None:
        analytics.track(user.id, "Deleted Account", {"reason": reason})
