"""MSG201 command-multiple-handlers."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, Kind, Related, Severity, System
from msglint.rules.base import Example, Rule, capped, kind_basis


class CommandMultipleHandlers(Rule):
    code = "MSG201"
    slug = "command-multiple-handlers"
    severity = Severity.ERROR
    summary = "A command handled by more than one component."
    rationale = (
        "A command has exactly one logical owner: the component that decides whether the work can be "
        "done and may refuse it. With two handlers the work is done twice or raced, a refusal from one "
        "does not stop the other, and nobody can say which of them owns the decision."
    )
    fix = (
        "Keep one handler and let the other components react to the event it publishes when the work is "
        "done (`ChargePayment` handled by payments, which publishes `PaymentCharged` for everyone else)."
    )
    valid = (
        Example(
            """
            msglint: 1
            services:
              checkout:
                sends: [ChargePayment]
              payments:
                handles: [ChargePayment]
                publishes: [PaymentCharged]
              ledger:
                subscribes: [PaymentCharged]
            messages:
              ChargePayment: {kind: command}
              PaymentCharged: {kind: event}
            """,
            title="One owner, and an event for the others",
        ),
    )
    invalid = (
        Example(
            """
            msglint: 1
            services:
              checkout:
                sends: [ChargePayment]
              payments:
                handles: [ChargePayment]
              ledger:
                handles: [ChargePayment]
            messages:
              ChargePayment: {kind: command}
            """,
            lines=(10,),
            title="Two owners for one decision",
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        for message in system.iter_messages():
            if message.kind != Kind.COMMAND or message.location is None:
                continue
            components = system.handling_components(message.key)
            if len(components) < 2:
                continue
            handlers = system.handlers_of(message.key)
            if all(h.composed for h in handlers):
                yield self.finding(
                    f"command `{message.name}` is handled in {len(components)} modules "
                    f"({', '.join(components)}) that its framework composes into one handling on purpose, so "
                    "this is reported for information: make sure exactly one of them decides and may refuse",
                    message.location,
                    subject=message,
                    evidence=message.kind_evidence(),
                    related=[Related(h.location, f"handled by {h.component}") for h in handlers],
                    suggestion="keep the decision in one module; let the others react to the event it publishes",
                    severity=Severity.INFO,
                )
                continue
            yield self.finding(
                f"command `{message.name}` is handled by {len(components)} components "
                f"({', '.join(components)}); a command has exactly one owner{kind_basis(message)}",
                message.location,
                subject=message,
                evidence=message.kind_evidence(),
                related=[Related(h.location, f"handled by {h.component}") for h in handlers],
                suggestion="keep one handler; let the others subscribe to the event it publishes when done",
                severity=capped(self.severity, message),
            )
