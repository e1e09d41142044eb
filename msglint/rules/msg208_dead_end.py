"""MSG208 dead-end."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, Kind, Message, Related, Severity, System
from msglint.rules.base import Example, Rule

ORGANISATION = "organisation"


class DeadEnd(Rule):
    code = "MSG208"
    slug = "dead-end"
    severity = Severity.INFO
    summary = "A command that nothing sends, or an event that nothing consumes, across the whole organisation."
    rationale = (
        "A command nobody sends is code and contract that never runs; an event nobody consumes is work "
        "done for no reader. Within one repository both are normal: the sender or the consumer usually "
        "lives in another team's repository. Only a check that covers every repository can tell a dead end "
        'from a boundary, so this rule runs only then: with `scope = "organisation"` in the configuration, '
        "`msglint check --organisation` (typically over every repository's inventory), or when it is "
        "selected by its code or slug. A message that a use msglint could not read might send or consume "
        "is not reported: unknown is not absent."
    )
    fix = (
        "Remove the handler and the message if the work is no longer needed, or add the missing sender or "
        "consumer's repository (its inventory) to the check. A public event kept for future consumers can "
        "stay: suppress this rule on it."
    )
    valid = (
        Example(
            """
            msglint: 1
            services:
              checkout:
                sends: [ReserveStock]
              stock:
                handles: [ReserveStock]
                publishes: [StockReserved]
              shipping:
                subscribes: [StockReserved]
            messages:
              ReserveStock: {kind: command}
              StockReserved: {kind: event}
            """,
            title="Every command is sent, every event is consumed",
            config='scope = "organisation"\n',
        ),
    )
    invalid = (
        Example(
            """
            msglint: 1
            services:
              stock:
                handles: [ReserveStock]
                publishes: [StockReserved]
            messages:
              ReserveStock: {kind: command}
              StockReserved: {kind: event}
            """,
            lines=(7, 8),
            title="A handler nobody calls and an event nobody reads",
            config='scope = "organisation"\n',
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        if system.scope != ORGANISATION and self.code not in system.selected:
            return  # one repository's edge is usually another repository's sender or consumer
        for message in system.iter_messages():
            if message.location is None:
                continue
            if message.is_known(Kind.COMMAND):
                yield from self._unsent(message, system)
            elif message.is_known(Kind.EVENT):
                yield from self._unconsumed(message, system)

    def _unsent(self, message: Message, system: System) -> Iterator[Diagnostic]:
        if system.emissions_of(message.key) or system.unseen_senders(message.key):
            return
        handlers = system.handlers_of(message.key)
        handled = f"handled by {', '.join(system.handling_components(message.key))}" if handlers else "declared"
        yield self.finding(
            f"command `{message.name}` is {handled}, but nothing in the organisation sends it",
            message.location,
            subject=message,
            evidence=message.kind_evidence(),
            related=[Related(h.location, f"handled by {h.component}") for h in handlers],
            suggestion="remove the command and its handler if the work is no longer needed, or add its sender's "
            "repository to the check",
        )

    def _unconsumed(self, message: Message, system: System) -> Iterator[Diagnostic]:
        if system.handlers_of(message.key) or system.unseen_receivers(message.key):
            return
        emissions = system.emissions_of(message.key)
        published = f"published by {', '.join(system.emitting_components(message.key))}" if emissions else "declared"
        yield self.finding(
            f"event `{message.name}` is {published}, but nothing in the organisation consumes it",
            message.location,
            subject=message,
            evidence=message.kind_evidence(),
            related=[Related(e.location, f"published by {e.component}") for e in emissions],
            suggestion="stop publishing it if nobody needs it, or add its consumers' repositories to the check",
        )

