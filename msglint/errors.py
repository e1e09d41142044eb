"""Errors that end a run with one line on stderr and exit code 2."""


class UsageError(Exception):
    """A mistake in how msglint was called or configured."""
