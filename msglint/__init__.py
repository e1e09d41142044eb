"""msglint: a message-design linter for event-driven systems."""

__version__ = "0.1.0"
