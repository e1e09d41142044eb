"""MSG103 technical-event."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, Kind, Severity, System
from msglint.rules.base import Example, Rule, has_a_name


class TechnicalEvent(Rule):
    code = "MSG103"
    slug = "technical-event"
    severity = Severity.WARNING
    summary = "An event that names an infrastructure fact instead of a business one."
    heuristic = True
    rationale = (
        "Events are the public vocabulary of a service. `CacheInvalidated`, `DatabaseRowInserted` or "
        "`EmailJobQueued` describe how the service is built today, not what happened in the business. "
        "Subscribers that depend on them break when the storage or the queue changes, and nobody outside "
        "the team can tell what the fact means."
    )
    fix = (
        "Publish the business fact that caused the technical one (`PriceChanged` rather than "
        "`CacheInvalidated`, `OrderPlaced` rather than `OrderRowInserted`), and keep infrastructure "
        "signals inside the service. If the word is a business term in your domain, add it to "
        "`[naming] domain-words`."
    )
    valid = (
        Example(
            """
            msglint: 1
            services:
              catalogue:
                publishes: [PriceChanged]
            messages:
              PriceChanged:
                kind: event
            """,
            title="A business fact",
        ),
    )
    invalid = (
        Example(
            """
            msglint: 1
            services:
              catalogue:
                publishes: [CacheInvalidated]
            messages:
              CacheInvalidated:
                kind: event
            """,
            lines=(6,),
            title="An implementation detail leaking out",
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        for message in system.iter_messages():
            if not message.is_stated(Kind.EVENT) or message.location is None or not has_a_name(message):
                continue
            name = self.context.analyse(message.name)
            if not name.technical:
                continue
            words = ", ".join(f"'{word}'" for word in name.technical_words) or "its words"
            yield self.finding(
                f"event `{message.name}` names an infrastructure fact ({words}), not a business one "
                "(heuristic: technical vocabulary in the name)",
                message.location,
                subject=message,
                evidence=message.kind_evidence(),
                signals=[f"technical word '{word}'" for word in name.technical_words],
                suggestion="publish the business fact behind it and keep this signal inside the service",
            )
