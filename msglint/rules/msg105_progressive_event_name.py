"""MSG105 progressive-event-name."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, Kind, Severity, System
from msglint.rules.base import Example, Rule, has_a_name


class ProgressiveEventName(Rule):
    code = "MSG105"
    slug = "progressive-event-name"
    severity = Severity.WARNING
    summary = "An event named as something still going on (`OrderProcessing`)."
    rationale = (
        "An event is a fact that is complete when it is published. `OrderProcessing` leaves readers "
        "guessing: has processing started, is it still running, will there be another event when it ends? "
        "Facts with a clear boundary (`OrderProcessingStarted`, `OrderProcessed`) can be relied upon."
    )
    fix = "Name the completed step: the start (`...Started`) or the end (`...ed`) of the activity."
    valid = (
        Example(
            """
            msglint: 1
            services:
              orders:
                publishes: [OrderProcessed]
            messages:
              OrderProcessed:
                kind: event
            """,
            title="A completed step",
        ),
    )
    invalid = (
        Example(
            """
            msglint: 1
            services:
              orders:
                publishes: [OrderProcessing]
            messages:
              OrderProcessing:
                kind: event
            """,
            lines=(6,),
            title="An activity without an end",
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        for message in system.iter_messages():
            if not message.is_stated(Kind.EVENT) or message.location is None or not has_a_name(message):
                continue
            name = self.context.analyse(message.name)
            if name.grammar != "progressive":
                continue
            yield self.finding(
                f"event `{message.name}` is named as an ongoing activity ('{name.action_word}'), "
                "not as a completed fact",
                message.location,
                subject=message,
                evidence=message.kind_evidence(),
                suggestion=f"name the completed step, for example `{name.suggestion}`",
            )
