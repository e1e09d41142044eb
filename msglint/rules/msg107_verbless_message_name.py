"""MSG107 verbless-message-name."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, Kind, Severity, System
from msglint.rules.base import Example, Rule


class VerblessMessageName(Rule):
    code = "MSG107"
    slug = "verbless-message-name"
    severity = Severity.INFO
    summary = "Neither an instruction nor a fact can be read from the name."
    rationale = (
        "`OrderStatus` or `CustomerEventMessage` names a thing, not something that happens to it. "
        "Readers cannot tell whether the message asks for work or reports it, and the same name tends to be "
        "reused for several different changes over time."
    )
    fix = (
        "Put the action into the name: an imperative verb for a command (`ChangeOrderStatus`), a past "
        "participle for an event (`OrderShipped`). Queries may keep noun names; they are not checked."
    )
    valid = (
        Example(
            """
            msglint: 1
            services:
              orders:
                publishes: [OrderShipped]
            messages:
              OrderShipped:
                kind: event
            """,
            title="The action is in the name",
        ),
    )
    invalid = (
        Example(
            """
            msglint: 1
            services:
              orders:
                publishes: [OrderStatus]
            messages:
              OrderStatus:
                kind: event
            """,
            lines=(6,),
            title="A noun with no action",
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        for message in system.iter_messages():
            if message.location is None:
                continue
            if not (message.is_stated(Kind.EVENT) or message.is_stated(Kind.COMMAND)):
                continue
            name = self.context.analyse(message.name)
            if name.grammar != "noun":
                continue
            shape = (
                "an imperative verb (`ChangeOrderStatus`)"
                if message.kind == Kind.COMMAND
                else ("a past participle (`OrderShipped`)")
            )
            yield self.finding(
                f"{message.kind} `{message.name}` has no verb: neither an instruction nor a fact can be read "
                "from its name",
                message.location,
                subject=message,
                evidence=message.kind_evidence(),
                suggestion=f"put the action into the name with {shape}",
            )
