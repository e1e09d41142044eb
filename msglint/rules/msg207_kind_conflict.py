"""MSG207 kind-conflict."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, Evidence, Kind, Message, Related, Severity, System
from msglint.rules.base import Example, Rule


class KindConflict(Rule):
    code = "MSG207"
    slug = "kind-conflict"
    severity = Severity.WARNING
    summary = "Sources disagree on the kind of one message."
    rationale = (
        "When one contract calls a message a command and another calls it an event, the teams behind them "
        "disagree about who owns it and whether it may be refused. msglint cannot tell which side is right, "
        "so it leaves the kind open and reports the disagreement instead of guessing."
    )
    fix = (
        "Agree on one kind and change the source that is wrong: the catalog `kind:`, the list the service "
        "names it in (`sends`/`handles` for commands, `publishes`/`subscribes` for events), or the contract."
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
            title="Every source agrees",
        ),
    )
    invalid = (
        Example(
            """
            msglint: 1
            services:
              orders:
                publishes: [OrderPlaced]
              invoicing:
                handles: [OrderPlaced]
            messages:
              OrderPlaced:
                description: An order was placed.
            """,
            lines=(8,),
            title="One service publishes an event, another handles a command",
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        for message in system.iter_messages():
            if message.location is None:
                continue
            conflicting = strongest_disagreement(message)
            if not conflicting:
                continue
            claims = "; ".join(_claim(kind, items) for kind, items in _by_kind(conflicting).items())
            yield self.finding(
                f"sources disagree on the kind of `{message.name}`: {claims}",
                message.location,
                subject=message,
                evidence=conflicting,
                related=[Related(e.location, f"says {e.kind}: {e.detail}") for e in conflicting if e.location],
                suggestion="agree on one kind and correct the sources that say otherwise",
            )


def _by_kind(evidence: list[Evidence]) -> dict[Kind, list[Evidence]]:
    grouped: dict[Kind, list[Evidence]] = {}
    for item in evidence:
        grouped.setdefault(item.kind, []).append(item)
    return grouped


def _claim(kind: Kind, items: list[Evidence]) -> str:
    """`event: declared `kind: event` in the catalog (a.yaml:3:9) and 2 more places`."""
    first = items[0]
    where = f" ({first.location})" if first.location else ""
    more = f" and {len(items) - 1} more {'place' if len(items) == 2 else 'places'}" if len(items) > 1 else ""
    return f"{kind}: {first.detail}{where}{more}"


def strongest_disagreement(message: Message) -> list[Evidence]:
    """The evidence at the highest strength, when it names more than one kind; else nothing."""
    known = [e for e in message.evidence if e.kind != Kind.UNKNOWN]
    if not known:
        return []
    top = max(e.strength for e in known)
    at_top = [e for e in known if e.strength == top]
    if len({e.kind for e in at_top}) < 2:
        return []
    return at_top
