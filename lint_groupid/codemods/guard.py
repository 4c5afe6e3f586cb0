"""``AddInternalUserGuard``: fix GID201 (wrap analytics calls in ``if not GUARD:``)."""

from __future__ import annotations

from typing import ClassVar

from .base import LintGroupIdCommand


class AddInternalUserGuard(LintGroupIdCommand):
    DESCRIPTION: str = (
        "Skips identify/group/track calls for internal users by wrapping them in "
        "`if not GUARD:` (lint-groupid GID201)."
    )
    CODES: ClassVar[tuple[str, ...]] = ("GID201",)
