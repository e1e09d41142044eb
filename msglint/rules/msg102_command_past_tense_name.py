"""MSG102 command-past-tense-name."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, Kind, Severity, System
from msglint.rules.base import Example, Rule, has_a_name, rename_command, suffix_contradicts_grammar


class CommandPastTenseName(Rule):
    code = "MSG102"
    slug = "command-past-tense-name"
    severity = Severity.ERROR
    summary = "A command whose name states a fact."
    rationale = (
        "A command asks one owner to do something and may be refused, so its name is an instruction "
        "(`CreateOrder`). A command named in the past tense (`OrderCreated`) claims the work is already "
        "done: readers take it for an event, subscribe to it, and expect it never to be rejected. When "
        "the name can also be read as an order (`LogEntryCreated`: the fact that a log entry was created, "
        "or an order to log that an entry was created), the finding is a warning that names both readings. "
        "So it is for a command known only by the name it is sent under (a task of another repository): "
        "nothing in scope says what it is."
    )
    fix = (
        "If the message asks for work, rename it to the imperative (msglint suggests a name). If it "
        "records something that already happened, make it an event published by the service that owns the fact."
    )
    valid = (
        Example(
            """
            msglint: 1
            services:
              checkout:
                sends: [CreateOrder]
              orders:
                handles: [CreateOrder]
            messages:
              CreateOrder:
                kind: command
            """,
            title="An instruction in the imperative",
        ),
    )
    invalid = (
        Example(
            """
            msglint: 1
            services:
              checkout:
                sends: [OrderCreated]
              orders:
                handles: [OrderCreated]
            messages:
              OrderCreated:
                kind: command
            """,
            lines=(8,),
            title="A fact dressed as a command",
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        for message in system.iter_messages():
            if not message.is_stated(Kind.COMMAND) or message.location is None or not has_a_name(message):
                continue
            name = self.context.analyse(message.name)
            if name.grammar != "past" or suffix_contradicts_grammar(name):
                continue
            # `LogEntryCreated` may also be an order to log an entry; `drm_encrypted_content` may name what to
            # work on (a noun phrase) rather than a fact: either way, not certainly a fact
            fitting = name.reading_for("command") or next((r for r in name.readings[1:] if r.grammar == "noun"), None)
            hedge = f" ({name.weighed(fitting)}, so this is a warning)" if fitting else ""
            if not fitting and not message.declarations:
                # known here only by the name it is sent under: what it is, its owner may say otherwise
                hedge = " (nothing in scope declares it, so this is a warning)"
            yield self.finding(
                f"command `{message.name}` is named as a fact ('{name.action_word}' is past tense), "
                f"but a command asks for work that may still be refused{hedge}",
                message.location,
                severity=Severity.WARNING if hedge else self.severity,
                subject=message,
                evidence=message.kind_evidence(),
                suggestion=(
                    f"rename it to `{name.suggestion}` "
                    f"({rename_command(message.name, name.suggestion)}) if it asks for work; "
                    "if it records a fact, make it "
                    "an event published by the service that owns that fact"
                ),
            )
