"""MSG205 command-published."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, EmitMode, Kind, Related, Severity, System, distinct
from msglint.rules.base import Example, Rule, capped, kind_basis


class CommandPublished(Rule):
    code = "MSG205"
    slug = "command-published"
    severity = Severity.ERROR
    summary = "A command that is broadcast like an event (published, or sent into a channel several components read)."
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
                if emission.mode == EmitMode.PUBLISH:
                    problem = f"is published by {emission.component}"
                    involved = handlers
                else:
                    involved = [
                        h
                        for h in handlers
                        if emission.channel and h.channel == emission.channel and h.component != emission.component
                    ]
                    receivers = distinct(h.component for h in involved)
                    if len(receivers) < 2:
                        continue
                    problem = (
                        f"is sent by {emission.component} into `{emission.channel}`, which "
                        f"{len(receivers)} components receive ({', '.join(receivers)}): each of them gets it"
                    )
                yield self.finding(
                    f"command `{message.name}` {problem}, but a command goes to the one component that owns "
                    f"the work{kind_basis(message)}",
                    emission.location,
                    subject=message,
                    evidence=message.kind_evidence(),
                    related=[Related(h.location, f"received by {h.component}") for h in involved],
                    suggestion="send it to its owner alone, or publish an event that states what happened instead",
                    severity=capped(self.severity, message),
                )
