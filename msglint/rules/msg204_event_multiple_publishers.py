"""MSG204 event-multiple-publishers."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, Kind, Related, Severity, System, distinct
from msglint.rules.base import Example, Rule, capped, kind_basis


class EventMultiplePublishers(Rule):
    code = "MSG204"
    slug = "event-multiple-publishers"
    severity = Severity.WARNING
    summary = "An event published by more than one owner."
    rationale = (
        "An event is a fact owned by the one service in which it happened. When two services publish the "
        "same event, subscribers cannot tell whose fact they received, the two publishers drift apart in "
        "meaning and payload, and no team can change the event on its own."
    )
    fix = (
        "Let the owner of the fact publish it. Other services either publish their own, differently named "
        "events, or send the owner a command and let it publish the fact."
    )
    valid = (
        Example(
            """
            msglint: 1
            services:
              payments:
                publishes: [PaymentCaptured]
              ledger:
                subscribes: [PaymentCaptured]
            messages:
              PaymentCaptured: {kind: event, owner: payments}
            """,
            title="One owner publishes the fact",
        ),
    )
    invalid = (
        Example(
            """
            msglint: 1
            services:
              payments:
                publishes: [PaymentCaptured]
              refunds:
                publishes: [PaymentCaptured]
            messages:
              PaymentCaptured: {kind: event, owner: payments}
            """,
            lines=(8,),
            title="Two services claim the same fact",
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        for message in system.iter_messages():
            if message.kind != Kind.EVENT or message.location is None:
                continue
            # a relay marked as a client of the contract passes the fact on; it does not claim to own it
            owning = [e for e in system.emissions_of(message.key) if not e.forwards]
            components = distinct(e.component for e in owning)
            if len(components) < 2:
                continue
            owner = f"; its declared owner is {message.owner}" if message.owner else ""
            yield self.finding(
                f"event `{message.name}` is published by {len(components)} components "
                f"({', '.join(components)}){owner}; an event has one owner{kind_basis(message)}",
                message.location,
                subject=message,
                evidence=message.kind_evidence(),
                related=[Related(e.location, f"published by {e.component}") for e in system.emissions_of(message.key)],
                suggestion=(
                    f"let only {message.owner or 'the owner of the fact'} publish it; the others can send it a "
                    "command or publish events of their own"
                ),
                severity=capped(self.severity, message),
            )
