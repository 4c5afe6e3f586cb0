"""``AddGroupId``: fix GID101, GID103 and GID104 (the context's ``groupId``)."""

from __future__ import annotations

from typing import ClassVar

from .base import LintGroupIdCommand


class AddGroupId(LintGroupIdCommand):
    DESCRIPTION: str = (
        "Adds the company's groupId to the context of analytics track calls "
        "(lint-groupid GID101, GID103, GID104)."
    )
    CODES: ClassVar[tuple[str, ...]] = ("GID101", "GID103", "GID104")
