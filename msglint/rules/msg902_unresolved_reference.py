"""MSG902 unresolved-reference."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, Severity, System
from msglint.rules.base import Example, Rule


class UnresolvedReference(Rule):
    code = "MSG902"
    slug = "unresolved-reference"
    severity = Severity.ERROR
    summary = "A reference to a message, service or file that does not exist (remote references are not fetched)."
    rationale = (
        "A service that lists a message nobody defines, or an owner that is not a service, usually means "
        "a typo or a contract that was renamed on one side only. msglint checks the whole system offline; "
        "anything it cannot resolve locally is reported rather than guessed."
    )
    fix = "Define the message or service that is referenced, or correct the reference to the name that exists."
    valid = (
        Example(
            """
            msglint: 1
            services:
              orders:
                publishes: [OrderPlaced]
            messages:
              OrderPlaced: {kind: event, owner: orders}
            """,
            title="Every reference resolves",
        ),
    )
    invalid = (
        Example(
            """
            msglint: 1
            services:
              orders:
                publishes: [OrderPlaced, OrderCancelled]
            messages:
              OrderPlaced: {kind: event, owner: order}
            """,
            lines=(4, 6),
            title="An undefined message and an owner that is not a service",
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        for problem in system.problems:
            if problem.problem == self.slug:
                yield self.finding(problem.message, problem.location, severity=problem.severity)
