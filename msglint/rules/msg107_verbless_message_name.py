"""MSG107 verbless-message-name."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, Kind, Message, Severity, System
from msglint.rules.base import Example, Rule, has_a_name

_FOREIGN_AT_LEAST = 4  # unknown names that make a language msglint does not read likely, not a few odd names


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
        "participle for an event (`OrderShipped`). Queries may keep noun names; they are not checked. "
        "A hook named for when it fires (`BeforeSave`, `AfterCommit`) becomes the fact it follows "
        "(`OrderSaved`), or a command when listeners must act before the change."
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
        Example(
            """
            msglint: 1
            services:
              lotes:
                publishes: [LoteCreado, LoteVendido, ContratoFirmado, PagoRecibido]
            messages:
              LoteCreado: {kind: event}
              LoteVendido: {kind: event}
              ContratoFirmado: {kind: event}
              PagoRecibido: {kind: event}
            """,
            title="Names in a language msglint does not read: their verbs are not known to be missing",
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
        Example(
            """
            msglint: 1
            services:
              orders:
                publishes: [BeforeOrderSave]
            messages:
              BeforeOrderSave:
                kind: event
            """,
            lines=(6,),
            title="A lifecycle hook: it says when it fires, not what happened",
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        judged = [
            (message, self.context.analyse(message.name))
            for message in system.iter_messages()
            if message.location is not None
            and has_a_name(message)
            and (message.is_stated(Kind.EVENT) or message.is_stated(Kind.COMMAND))
        ]
        unknown = sum(name.known_words == 0 for _, name in judged)
        # Most names made only of words msglint does not know: another language (`LoteCreado`, `CrearLote`), whose
        # verbs it cannot see. "No verb" is then not known of those names.
        foreign = unknown >= _FOREIGN_AT_LEAST and 2 * unknown > len(judged)
        for message, name in judged:
            if name.grammar != "noun" or (foreign and name.known_words == 0):
                continue
            if name.hook:
                yield self._hook(message, name.hook)
                continue
            if name.reading_for(str(message.kind)):
                continue  # `SilenceAlarm`: 'silence' may be the verb; a reading fits the kind
            if name.crud and message.is_stated(Kind.EVENT):
                continue  # `StatusChange` names a change with a noun: MSG104 says what is wrong with it
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

    def _hook(self, message: Message, hook: str) -> Diagnostic:
        return self.finding(
            f"{message.kind} `{message.name}` is named for when it fires ('{hook}'), not for what happened or "
            "what should be done",
            message.location,
            subject=message,
            evidence=message.kind_evidence(),
            suggestion=(
                "name the fact once it has happened (`OrderSaved` rather than `AfterSave`); when listeners must "
                "act or may object before it happens, send them a command instead of a `before` event"
            ),
        )
