"""MSG205 command-published."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, EmitMode, Kind, Related, Severity, System
from msglint.rules.base import Example, Rule, capped, kind_basis


class CommandPublished(Rule):
    code = "MSG205"
    slug = "command-published"
    severity = Severity.ERROR
    summary = "A command that is broadcast like an event."
    rationale = (
        "A command is addressed to the one component that owns the work. Publishing it to whoever listens "
        "means the sender no longer knows who acts on it: zero subscribers and the work never happens, "
        "two and it happens twice, and a refusal has nobody to go back to."
    )
    fix = (
        "Send the command point to point to its owner. If several services must react, publish an event "
        "that states what happened and let each of them subscribe."
    )
    valid = (
        Example(
            """
            msglint: 1
            services:
              checkout:
                sends: [ShipOrder]
              shipping:
                handles: [ShipOrder]
            messages:
              ShipOrder: {kind: command}
            """,
            title="Sent to its owner",
        ),
    )
    invalid = (
        Example(
            """
            msglint: 1
            services:
              checkout:
                publishes: [ShipOrder]
              shipping:
                handles: [ShipOrder]
            messages:
              ShipOrder: {kind: command}
            """,
            lines=(4,),
            title="Broadcast to whoever listens",
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        for message in system.iter_messages():
            if message.kind != Kind.COMMAND:
                continue
            handlers = system.handlers_of(message.key)
            for emission in system.emissions_of(message.key):
                if emission.mode != EmitMode.PUBLISH:
                    continue
                yield self.finding(
                    f"command `{message.name}` is published by {emission.component}, but a command is sent "
                    f"to the one component that owns the work{kind_basis(message)}",
                    emission.location,
                    subject=message,
                    evidence=message.kind_evidence(),
                    related=[Related(h.location, f"handled by {h.component}") for h in handlers],
                    suggestion="send it to its owner, or publish an event that states what happened instead",
                    severity=capped(self.severity, message),
                )
