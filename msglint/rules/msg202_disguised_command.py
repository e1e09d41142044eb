"""MSG202 disguised-command."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, Handler, Kind, Message, Related, Severity, System
from msglint.naming import NameAnalysis, tokenize
from msglint.rules.base import Example, Rule, how_to_keep

# `...Initiated` is not among them: a process that started is a fact, and a process manager turning
# `TransferInitiated` into the transfer's commands is what events are for
REQUEST_ENDINGS = frozenset({"requested", "required", "needed", "triggered", "wanted", "demanded"})
INSTRUCTION_FIELDS = frozenset(
    {
        "recipient",
        "recipients",
        "to",
        "target",
        "destination",
        "reply_to",
        "replyto",
        "callback",
        "callback_url",
        "template",
        "template_id",
        "instruction",
        "command",
        "action",
        "handler",
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
        "this only when other signals add up, and says which fired: a name that asks for something "
        "(`...Requested`), an imperative name together with a subscriber that does what it says, "
        "addressing fields in the payload. An imperative name on its own is MSG101's finding, not this one."
    )
    fix = (
        "If the publisher needs the work done, send a command to the service that does it and let that "
        "service refuse it when it must. If the message is a genuine fact of the publisher's domain, keep "
        "it and record the decision by suppressing this rule on the message."
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
        Example(
            """
            msglint: 1
            services:
              banking:
                publishes: [TransferInitiated]
              transfer-process:
                subscribes: [TransferInitiated]
            messages:
              TransferInitiated: {kind: event}
            """,
            title="A process that started, carried on by the one process manager that reacts to it",
        ),
        Example(
            """
            msglint: 1
            services:
              files:
                publishes: [cleanup_post_delete]
              delete_thumbnails:
                subscribes: [cleanup_post_delete]
            messages:
              cleanup_post_delete: {kind: event}
            """,
            title="A name that may be a hook around an action (after a delete), not only an order",
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
            if len(components) != 1 or system.unseen_receivers(message.key):
                continue  # with a dispatch nobody could read, "a single subscriber" is not known
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
                related=[
                    Related(h.location, f"the only subscriber: {h.component}") for h in system.handlers_of(message.key)
                ],
                signals=signals,
                suggestion=(
                    f"if the publisher needs the work done, send a command to the one component that owns it "
                    f"(today only {subscriber} reacts), so it can refuse; "
                    f"if this is a genuine fact, keep it and add {how_to_keep(message, self.slug)}"
                ),
            )

    def _signals(self, message: Message, name: NameAnalysis, subscriber: str, handlers: list[Handler]) -> list[str]:
        """The signals that fired. At least one must say "instruction" (a request ending, an imperative name,
        addressing fields); the subscriber sharing a word with the name, or performing an action on it, only
        adds weight, because `PaymentFailed` going to a payments worker, or `OrderPlaced` to
        `charge_for_order`, is ordinary. An imperative name with nothing else is MSG101's finding alone."""
        last_word = name.tokens[-1] if name.tokens else ""
        fields = sorted(f for f in message.fields if f.lower().replace("-", "_") in INSTRUCTION_FIELDS)
        requested = last_word in REQUEST_ENDINGS
        # an instruction only when no reading fits an event (`cleanup_post_delete`: a hook around a delete)
        fitting = name.reading_for("event") or next((r for r in name.readings[1:] if r.grammar == "noun"), None)
        imperative = name.grammar == "imperative" and fitting is None
        if not (requested or imperative or fields):
            return []
        performs = self._performs(message, name, handlers)
        shared = _shared_stems(_object_words(message.name, name), tokenize(subscriber))
        if imperative and not (requested or fields or performs or shared):
            return []
        signals = []
        if requested:
            signals.append(f"the name ends in '{last_word}', a wish for someone to act")
        if imperative:
            signals.append(f"the name is an instruction ('{name.action_word}')")
        if fields:
            signals.append(f"the payload carries addressing or instruction fields ({', '.join(fields)})")
        if performs:
            signals.append(performs)
        elif shared:
            signals.append(f"the only subscriber, {subscriber}, is what the name points at ({', '.join(shared)})")
        return signals

    def _performs(self, message: Message, name: NameAnalysis, handlers: list[Handler]) -> str | None:
        """`PasswordResetRequested` handled only by `send_password_reset_email`, or by a function whose body
        calls `send_reset_link()`: the subscriber does what the event names, as if it had been told to."""
        objects = _object_words(message.name, name)
        for handler in handlers:
            function = handler.component.rsplit(".", 1)[-1]
            shared = self._instruction_about(function, objects)
            if shared:
                return f"the only subscriber, {function}, performs an action on what the event names ({shared})"
            for action in handler.actions:
                shared = self._instruction_about(action, objects)
                if shared:
                    return (
                        f"the only subscriber, {function}, calls {action}(), an action on what the event names "
                        f"({shared})"
                    )
                if self._same_action(action, name):
                    return f"the only subscriber, {function}, calls {action}(), the action the name asks for"
        return None

    def _same_action(self, call: str, name: NameAnalysis) -> bool:
        """`BakeBread` handled by a function that calls `bake()` or `oven.bake_loaves()`."""
        if name.grammar != "imperative" or not name.action_word:
            return False
        called = self.context.analyse(call)
        return called.grammar == "imperative" and called.action_word == name.action_word

    def _instruction_about(self, words: str, objects: list[str]) -> str:
        """The words an imperative function name shares with what the event names, joined; else ''."""
        if self.context.analyse(words).grammar != "imperative":
            return ""
        return ", ".join(_shared_stems(objects, tokenize(words)))


GENERIC_COMPONENT_WORDS = frozenset(
    {
        "service",
        "services",
        "svc",
        "app",
        "application",
        "api",
        "server",
        "client",
        "worker",
        "system",
        "handler",
        "handlers",
        "consumer",
        "listener",
        "processor",
        "manager",
        "gateway",
        "adapter",
        "module",
        "backend",
        "frontend",
        "web",
        "core",
        "example",
        "test",
    }
)


def _object_words(full_name: str, name: NameAnalysis) -> list[str]:
    """The words that say what the message is about: the last dotted segment, without its verb."""
    last_segment = full_name.rsplit(".", 1)[-1]
    return [w for w in tokenize(last_segment) if w != name.action_word and w in name.tokens]


def _shared_stems(words: list[str], component_words: tuple[str, ...]) -> list[str]:
    """Words of the message name that name the subscribing component (`invoice` ~ `invoicing`)."""
    stems = {_stem(word) for word in component_words if len(word) >= 4 and word not in GENERIC_COMPONENT_WORDS}
    return [word for word in words if len(word) >= 4 and _stem(word) in stems]


def _stem(word: str) -> str:
    return word[:5]
