"""MSG301 event-handler-rejects."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, Kind, Related, Severity, System
from msglint.rules.base import Example, Rule


class EventHandlerRejects(Rule):
    code = "MSG301"
    slug = "event-handler-rejects"
    severity = Severity.WARNING
    heuristic = True
    summary = "An event handler that rejects the fact (raises a validation or rejection error)."
    rationale = (
        "An event reports something that already happened; there is nobody to say no to. A subscriber that "
        "raises `PaymentRejected` or `ValidationError` on an event either treats the event as a request "
        "(then it is a command in disguise) or turns its own failure into an endless retry of a fact that "
        "cannot change. Validation and refusal belong to the handler of the command that led to the event."
    )
    fix = (
        "Move the check to the command handler that decides, before the event is published. If the "
        "subscriber cannot process the event, record that as its own fact (`ChargeFailed`) or send it to a "
        "dead-letter queue, instead of raising a rejection."
    )
    valid = (
        Example(
            """
            msglint: 1
            services:
              orders: {publishes: [OrderPlaced]}
            messages:
              OrderPlaced: {kind: event}
            """,
            title="A subscriber that reacts (Python: `def on_order_placed(event: OrderPlaced): charge(event)`)",
        ),
    )
    invalid = (
        Example(
            """
            from dataclasses import dataclass


            class Event:
                pass


            class PaymentRejected(Exception):
                pass


            @dataclass
            class OrderPlaced(Event):
                total: int


            def handle_order_placed(event: OrderPlaced):
                if event.total <= 0:
                    raise PaymentRejected("nothing to charge")
            """,
            lines=(17,),
            title="A subscriber that refuses a fact",
            language="python",
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        for message in system.iter_messages():
            if not message.is_known(Kind.EVENT):
                continue
            for handler in system.handlers_of(message.key):
                if not handler.rejections:
                    continue
                raised = ", ".join(handler.rejections)
                yield self.finding(
                    f"{handler.component} handles the event `{message.name}` and raises {raised}: an event "
                    "reports a fact that can no longer be refused (heuristic: the exception's name reads as a "
                    "rejection)",
                    handler.location,
                    subject=message,
                    evidence=message.kind_evidence(),
                    related=[Related(message.location, f"`{message.name}` is declared here")]
                    if message.location
                    else [],
                    signals=[f"raises {name}" for name in handler.rejections],
                    suggestion="validate in the command handler before the event exists; record failures as "
                    "facts of their own instead of rejecting",
                )
