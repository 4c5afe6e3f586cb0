"""The project: its modules, what each defines that matters, and the on-disk cache.

:class:`~lint_groupid.project.index.ProjectIndex` is built once per run (once per
process under flake8) for the project root, and answers the analysis' questions
about other modules through :mod:`lint_groupid.analysis.linking`.
"""
