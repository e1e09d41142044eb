"""MSG101 event-imperative-name."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, Kind, Severity, System
from msglint.rules.base import Example, Rule, has_a_name, rename_command, suffix_contradicts_grammar


class EventImperativeName(Rule):
    code = "MSG101"
    slug = "event-imperative-name"
    severity = Severity.ERROR
    summary = "An event whose name is an instruction."
    rationale = (
        "An event records something that already happened, so its name is a fact in the past tense "
        "(`WelcomeEmailSent`). An event named as an order (`SendWelcomeEmail`) tells its readers that "
        "somebody is expected to act on it: either the message is really a command aimed at one service, "
        "or the name misleads everyone who subscribes to it. When the name can also be read as a fact "
        "(`MarkPaid`: an order, or the fact that something was marked paid), the finding is a warning "
        "that names both readings."
    )
    fix = (
        "If the message records a fact, rename it to the past tense (msglint suggests a name). If it asks "
        "one service to do something, make it a command: declare `kind: command`, have the asking service "
        "`send` it, and let exactly one service `handle` it."
    )
    valid = (
        Example(
            """
            msglint: 1
            services:
              accounts:
                publishes: [WelcomeEmailSent]
            messages:
              WelcomeEmailSent:
                kind: event
            """,
            title="A fact in the past tense",
        ),
    )
    invalid = (
        Example(
            """
            msglint: 1
            services:
              accounts:
                publishes: [SendWelcomeEmail]
            messages:
              SendWelcomeEmail:
                kind: event
            """,
            lines=(6,),
            title="An order dressed as an event",
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        for message in system.iter_messages():
            if not message.is_stated(Kind.EVENT) or message.location is None or not has_a_name(message):
                continue
            name = self.context.analyse(message.name)
            if name.grammar != "imperative" or suffix_contradicts_grammar(name):
                continue
            fitting = name.reading_for("event")  # `MarkPaid` may also be the fact that something was marked paid
            # `runStart`, `creditOnAccount`: a noun phrase is no order either, so no error (MSG107 may say more)
            fitting = fitting or next((r for r in name.readings if r.grammar == "noun"), None)
            hedge = f" ({name.weighed(fitting)}, so this is a warning)" if fitting else ""
            yield self.finding(
                f"event `{message.name}` is named as an instruction ('{name.action_word}' is imperative), "
                f"but an event records a fact that already happened{hedge}",
                message.location,
                severity=Severity.WARNING if fitting else self.severity,
                subject=message,
                evidence=message.kind_evidence(),
                suggestion=(
                    f"rename it to `{name.suggestion}` "
                    f"({rename_command(message.name, name.suggestion)}) if it records a fact; "
                    "if it asks one service to act, "
                    "make it a command sent to that service"
                ),
            )
