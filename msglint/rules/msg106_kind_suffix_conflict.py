"""MSG106 kind-suffix-conflict."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, Kind, Severity, Strength, System
from msglint.rules.base import Example, Rule, describe_kind, has_a_name, suffix_contradicts_grammar


class KindSuffixConflict(Rule):
    code = "MSG106"
    slug = "kind-suffix-conflict"
    severity = Severity.WARNING
    summary = "The name's suffix says the other kind (`OrderCreatedCommand`, `CreateOrderEvent`)."
    rationale = (
        "A kind suffix is a promise to every reader. `CreateOrderEvent` promises a fact but reads as an "
        "order; `OrderCreatedCommand` promises an order but reads as a fact. Whichever half is wrong, "
        "somebody will subscribe to a command or try to refuse an event."
    )
    fix = (
        "Decide what the message is, then make the suffix and the verb agree: `CreateOrderCommand` or "
        "`OrderCreatedEvent`. Most teams drop kind suffixes altogether and let the tense speak."
    )
    valid = (
        Example(
            """
            msglint: 1
            services:
              orders:
                publishes: [OrderCreatedEvent]
            messages:
              OrderCreatedEvent:
                kind: event
            """,
            title="Suffix and tense agree",
        ),
        Example(
            """
            msglint: 1
            services:
              calendar:
                handles: [ScheduleEvent]
            messages:
              ScheduleEvent:
                kind: command
            """,
            title="`Event` is what the verb acts on, not a suffix",
        ),
        Example(
            """
            msglint: 1
            services:
              racing:
                handles: [CancelRaceEvent]
                publishes: [EventCancelled]
            messages:
              CancelRaceEvent:
                kind: command
              EventCancelled:
                kind: event
            """,
            title="Where events are things of the domain (`EventCancelled`), a command may act on one",
        ),
    )
    invalid = (
        Example(
            """
            msglint: 1
            services:
              orders:
                publishes: [CreateOrderEvent]
            messages:
              CreateOrderEvent:
                kind: event
            """,
            lines=(6,),
            title="An imperative with an event suffix",
        ),
        Example(
            """
            msglint: 1
            services:
              checkout:
                sends: [ReserveStockEvent]
              stock:
                handles: [ReserveStockEvent]
            messages:
              ReserveStockEvent:
                kind: command
            """,
            lines=(8,),
            title="A suffix that contradicts both the verb and the declared kind",
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        things = self._domain_things(system)
        for message in system.iter_messages():
            if message.location is None or not has_a_name(message):
                continue
            name = self.context.analyse(message.name)
            if name.kind_suffix not in ("command", "event", "query") or name.suffix_may_be_object:
                continue  # `ScheduleEvent`: the verb may act on an event of the domain, a fine command name
            if name.kind_suffix in things and suffix_contradicts_grammar(name):
                continue  # `EventDeleted` elsewhere: an event is a thing here, `DeleteSeriesEvent` acts on one
            if suffix_contradicts_grammar(name):
                reason = f"but '{name.action_word}' reads as {_grammar_reading(name.grammar)}"
            elif message.kind_strength == Strength.DECLARED and message.kind not in (
                Kind.UNKNOWN,
                Kind(name.kind_suffix),
            ):
                reason = f"but it is a {message.kind}: {describe_kind(message)}"
            else:
                continue
            yield self.finding(
                f"the suffix of `{message.name}` says {name.kind_suffix}, {reason}",
                message.location,
                subject=message,
                evidence=message.kind_evidence(),
                suggestion="make the suffix and the verb agree, or drop the suffix and let the tense speak",
            )

    def _domain_things(self, system: System) -> set[str]:
        """Kind words the system's own facts are about (`EventDeleted`, `CommandQueued`): there the word names
        a thing of the domain, and a name that ends with it may name what it acts on."""
        things = set()
        for message in system.iter_messages():
            name = self.context.analyse(message.name)
            if name.grammar == "past" and len(name.tokens) > 1 and name.tokens[0] in ("command", "event", "query"):
                things.add(name.tokens[0])
        return things


def _grammar_reading(grammar: str) -> str:
    return {"imperative": "an instruction", "past": "a fact that already happened"}.get(grammar, grammar)
