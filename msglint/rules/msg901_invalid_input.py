"""MSG901 invalid-input."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, Severity, System
from msglint.rules.base import Example, Rule


class InvalidInput(Rule):
    code = "MSG901"
    slug = "invalid-input"
    severity = Severity.ERROR
    summary = "A file that msglint cannot read: broken syntax, a wrong key or type, an unsupported version."
    rationale = (
        "A contract that cannot be read is a contract nobody can check. msglint reports the exact place "
        "where reading stopped and carries on with the rest of the repository, so one broken file does not "
        "hide the findings in the others. A Python file that only a newer Python reads (an f-string of 3.12, "
        "`except A, B:` of 3.14) is a warning: it is valid where the project runs, and msglint says to run with "
        "that Python."
    )
    fix = "Correct the file at the reported line and column; the message says what was expected there."
    valid = (
        Example(
            """
            msglint: 1
            messages:
              OrderPlaced:
                kind: event
            """,
            title="A well-formed catalog",
        ),
    )
    invalid = (
        Example(
            """
            msglint: 1
            messages:
              OrderPlaced:
                kind: event
                owners: orders
            """,
            lines=(5,),
            title="An unknown key (msglint names the nearest valid one)",
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        for problem in system.problems:
            if problem.problem == self.slug:
                yield self.finding(problem.message, problem.location, severity=problem.severity)
