"""MSG203 command-without-handler."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, Kind, Related, Severity, System
from msglint.rules.base import Example, Rule


class CommandWithoutHandler(Rule):
    code = "MSG203"
    slug = "command-without-handler"
    severity = Severity.WARNING
    summary = "A command that is sent but handled nowhere in scope."
    rationale = (
        "A command is sent because the sender needs the work done. If no component handles it, the work "
        "silently never happens, or it is handled somewhere msglint cannot see and the contract is "
        "incomplete. A command nothing in scope declares, known only by the name it is sent under (a task of "
        "another repository sent by its name), is declared and handled elsewhere: it is not reported."
    )
    fix = (
        "Add the handler to the catalog or contract of the service that owns the command, include that "
        "service's files in the check, or stop sending the command."
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
            messages:
              ReserveStock: {kind: command}
            """,
            title="Sent and handled",
        ),
    )
    invalid = (
        Example(
            """
            msglint: 1
            services:
              checkout:
                sends: [ReserveStock]
            messages:
              ReserveStock: {kind: command}
            """,
            lines=(6,),
            title="Sent into the void",
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        for message in system.iter_messages():
            if not message.is_known(Kind.COMMAND) or message.location is None:
                continue  # a missing handler is too weak a sign to report on a kind read from the name
            emissions = system.emissions_of(message.key)
            if not emissions or system.handlers_of(message.key):
                continue
            if system.unseen_receivers(message.key):
                continue  # a handler may sit behind a dispatch nobody could read: unknown is not absent
            if not message.declarations:
                continue  # known only by the name it is sent under: it is declared, and handled, out of scope
            senders = ", ".join(system.emitting_components(message.key))
            yield self.finding(
                f"command `{message.name}` is sent by {senders} but no component in scope handles it",
                message.location,
                subject=message,
                evidence=message.kind_evidence(),
                related=[Related(e.location, f"sent by {e.component}") for e in emissions],
                suggestion="declare the service that handles it, or check that service's files too",
            )
