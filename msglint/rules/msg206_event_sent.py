"""MSG206 event-sent."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, EmitMode, Kind, Related, Severity, System
from msglint.rules.base import Example, Rule, capped, kind_basis


class EventSent(Rule):
    code = "MSG206"
    slug = "event-sent"
    severity = Severity.WARNING
    summary = "An event sent point to point to a specific handler."
    rationale = (
        "The publisher of an event should not know who reacts to it. Sending an event to one chosen "
        "receiver couples the publisher to that receiver, hides the real intent (usually an instruction) "
        "and keeps every other interested service from subscribing."
    )
    fix = (
        "Publish the event and let receivers subscribe. If the sender needs one particular service to act, "
        "send that service a command instead."
    )
    valid = (
        Example(
            """
            msglint: 1
            services:
              orders:
                publishes: [OrderPlaced]
              invoicing:
                subscribes: [OrderPlaced]
            messages:
              OrderPlaced: {kind: event}
            """,
            title="Published for whoever cares",
        ),
    )
    invalid = (
        Example(
            """
            msglint: 1
            services:
              orders:
                sends: [OrderPlaced]
              invoicing:
                subscribes: [OrderPlaced]
            messages:
              OrderPlaced: {kind: event}
            """,
            lines=(4,),
            title="A fact sent to a chosen receiver",
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        for message in system.iter_messages():
            if message.kind != Kind.EVENT:
                continue
            handlers = system.handlers_of(message.key)
            for emission in system.emissions_of(message.key):
                if emission.mode != EmitMode.SEND:
                    continue
                yield self.finding(
                    f"event `{message.name}` is sent point to point by {emission.component}, but an event is "
                    f"published for whoever cares{kind_basis(message)}",
                    emission.location,
                    subject=message,
                    evidence=message.kind_evidence(),
                    related=[Related(h.location, f"received by {h.component}") for h in handlers],
                    suggestion="publish it; if one service must act, send that service a command instead",
                    severity=capped(self.severity, message),
                )
