"""MSG202 disguised-command."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, Handler, Kind, Message, Related, Severity, System
from msglint.naming import NameAnalysis, tokenize
from msglint.rules.base import Example, Rule

REQUEST_ENDINGS = frozenset({"requested", "required", "needed", "triggered", "initiated", "wanted", "demanded"})
INSTRUCTION_FIELDS = frozenset(
    {
        "recipient", "recipients", "to", "target", "destination", "reply_to", "replyto", "callback",
        "callback_url", "template", "template_id", "instruction", "command", "action", "handler",
    }
)


class DisguisedCommand(Rule):
    code = "MSG202"
    slug = "disguised-command"
    severity = Severity.WARNING
    heuristic = True
    summary = "An event with exactly one subscriber and signs that it is an instruction to that subscriber."
    rationale = (
        "An event is published for whoever cares, and its publisher must not depend on any one reaction. "
        "An event that exists to make one particular service act (`PasswordResetRequested`, consumed only "
        "by the mailer that sends the mail) is a command in disguise: the publisher really depends on that "
        "one consumer, but nothing in the contract says so, nobody may refuse it, and a second subscriber "
        "would make the work happen twice. One subscriber alone is normal for an event; msglint reports "
        "this only when other signals add up, and says which fired."
    )
    fix = (
        "If the publisher needs the work done, send a command to the service that does it and let that "
        "service refuse it when it must. If the message is a genuine fact of the publisher's domain, keep "
        "it and record the decision with `ignore: [disguised-command]` on the message."
    )
    valid = (
        Example(
            """
            msglint: 1
            services:
              accounts:
                publishes: [PasswordResetRequested]
              mailer:
                subscribes: [PasswordResetRequested]
              audit:
                subscribes: [PasswordResetRequested]
            messages:
              PasswordResetRequested: {kind: event}
            """,
            title="A fact with several subscribers",
        ),
    )
    invalid = (
        Example(
            """
            msglint: 1
            services:
              accounts:
                publishes: [PasswordResetRequested]
              mailer:
                subscribes: [PasswordResetRequested]
            messages:
              PasswordResetRequested:
                kind: event
                fields: [recipient, template]
            """,
            lines=(8,),
            title="An instruction to the mailer dressed as a fact",
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        for message in system.iter_messages():
            if not message.is_known(Kind.EVENT) or message.location is None:
                continue
            components = system.handling_components(message.key)
            if len(components) != 1:
                continue
            subscriber = components[0]
            name = self.context.analyse(message.name)
            signals = self._signals(message, name, subscriber, system.handlers_of(message.key))
            if not signals:
                continue
            yield self.finding(
                f"event `{message.name}` has a single subscriber, {subscriber}, and looks like an instruction "
                f"to it (heuristic; signals: {'; '.join(signals)})",
                message.location,
                subject=message,
                evidence=message.kind_evidence(),
                related=[Related(h.location, f"the only subscriber: {h.component}") for h in system.handlers_of(message.key)],
                signals=signals,
                suggestion=(
                    f"if the publisher needs {subscriber} to act, send {subscriber} a command it can refuse; "
                    "if this is a genuine fact, keep it and add `ignore: [disguised-command]` to the message"
                ),
            )

    def _signals(self, message: Message, name: NameAnalysis, subscriber: str, handlers: list[Handler]) -> list[str]:
        signals = []
        last_word = name.tokens[-1] if name.tokens else ""
        if last_word in REQUEST_ENDINGS:
            signals.append(f"the name ends in '{last_word}', a wish for someone to act")
        if name.grammar == "imperative" and signals:
            signals.append(f"the name is an instruction ('{name.action_word}')")
        shared = _shared_stems(name.tokens, tokenize(subscriber))
        if shared:
            signals.append(f"the only subscriber, {subscriber}, is what the name points at ({', '.join(shared)})")
        fields = sorted(f for f in message.fields if f.lower().replace("-", "_") in INSTRUCTION_FIELDS)
        if fields:
            signals.append(f"the payload carries addressing or instruction fields ({', '.join(fields)})")
        return signals


def _shared_stems(words: tuple[str, ...], component_words: tuple[str, ...]) -> list[str]:
    """Words of the message name that name the subscribing component (`invoice` ~ `invoicing`)."""
    stems = {_stem(word) for word in component_words if len(word) >= 4}
    return [word for word in words if len(word) >= 4 and _stem(word) in stems]


def _stem(word: str) -> str:
    return word[:5]
