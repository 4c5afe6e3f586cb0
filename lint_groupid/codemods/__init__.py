"""libcst codemod commands: ``python -m libcst.tool codemod -x lint_groupid.codemods.AddGroupId``.

They run the same checker and the same fixer as ``lint-groupid fix``; only the
codes each command fixes differ.
"""

from .group_id import AddGroupId
from .guard import AddInternalUserGuard

__all__ = ["AddGroupId", "AddInternalUserGuard"]
