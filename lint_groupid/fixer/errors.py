"""The fixer's error, importable without libcst."""


class FixError(Exception):
    """A fix that could not be applied; the file is left alone."""
