"""MSG104 crud-event."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, Kind, Severity, System
from msglint.rules.base import Example, Rule, has_a_name


class CrudEvent(Rule):
    code = "MSG104"
    slug = "crud-event"
    severity = Severity.INFO
    summary = "An event named by a generic data change (`OrderUpdated`, `CustomerChanged`)."
    heuristic = True
    rationale = (
        "`CustomerUpdated` says that a row changed, not why. Every subscriber has to diff the payload to "
        "find out whether the address moved or the customer was blocked, and the publisher's table layout "
        "becomes everybody's contract. Events that name the business reason (`CustomerRelocated`, "
        "`CustomerBlocked`) are smaller, clearer and survive schema changes."
    )
    fix = (
        "Split the generic event into events that name what happened in business terms. Keep a generic "
        "change feed only for replication, and suppress this rule on it so the choice is visible."
    )
    valid = (
        Example(
            """
            msglint: 1
            services:
              customers:
                publishes: [CustomerRelocated]
            messages:
              CustomerRelocated:
                kind: event
            """,
            title="The business reason for the change",
        ),
    )
    invalid = (
        Example(
            """
            msglint: 1
            services:
              customers:
                publishes: [CustomerUpdated]
            messages:
              CustomerUpdated:
                kind: event
            """,
            lines=(6,),
            title="A generic change",
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        for message in system.iter_messages():
            if not message.is_stated(Kind.EVENT) or message.location is None or not has_a_name(message):
                continue
            name = self.context.analyse(message.name)
            if not name.crud or name.technical:
                continue
            word = name.action_word or name.tokens[-1]  # `StatusChange`: the change is named by a noun
            yield self.finding(
                f"event `{message.name}` says that data changed ('{word}') but not what happened "
                "in business terms (heuristic: generic change verb)",
                message.location,
                subject=message,
                evidence=message.kind_evidence(),
                signals=[f"generic change verb '{word}'"],
                suggestion="name the business reason for the change, one event per reason",
            )
