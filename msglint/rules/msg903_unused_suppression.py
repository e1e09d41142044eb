"""MSG903 unused-suppression."""

from __future__ import annotations

import re
from collections.abc import Iterator

from msglint.model import Diagnostic, Severity, Suppression
from msglint.rules.base import Example, Rule


class UnusedSuppression(Rule):
    code = "MSG903"
    slug = "unused-suppression"
    severity = Severity.WARNING
    summary = "A suppression that suppressed nothing."
    rationale = (
        "Suppressions are decisions recorded next to the code or contract. Once the problem they silenced "
        "is gone, a stale suppression only hides the next, unrelated finding of the same rule."
    )
    fix = (
        "Remove the code from the `ignore:` list or the comment, or remove the list or the comment if nothing is "
        "left. A bare `# msglint: ignore` covers every rule on its line and is reported when nothing was there "
        "to suppress; a bare `# noqa` is shared with other linters and never reported."
    )
    valid = (
        Example(
            """
            msglint: 1
            services:
              orders:
                publishes: [OrderUpdated]
            messages:
              OrderUpdated:
                kind: event
                ignore: [crud-event]
            """,
            title="The suppression is used",
        ),
    )
    invalid = (
        Example(
            """
            msglint: 1
            services:
              orders:
                publishes: [OrderPlaced]
            messages:
              OrderPlaced:
                kind: event
                ignore: [crud-event]
            """,
            lines=(8,),
            title="Nothing left to suppress",
        ),
    )

    def check_suppressions(self, unused: list[Suppression]) -> Iterator[Diagnostic]:
        for suppression in unused:
            if suppression.every_rule:
                yield self.finding(
                    "this suppression of every rule matched no finding; remove it",
                    suppression.first_location,
                    suggestion="remove the comment",
                )
                continue
            codes = ", ".join(suppression.codes)
            unknown = [code for code in suppression.codes if _unknown_code(code)]
            if unknown:
                yield self.finding(
                    f"this suppression names {', '.join(unknown)}, which is no msglint rule",
                    suppression.first_location,
                    suggestion="`msglint rules` lists every rule's code",
                )
                continue
            yield self.finding(
                f"this suppression of {codes} matched no finding; remove it",
                suppression.first_location,
                suggestion=f"remove {codes} from the suppression",
            )


def _builtin_codes() -> list[str]:
    from msglint.rules import BUILTIN_RULES  # here: the registry imports this module

    return [rule.code for rule in BUILTIN_RULES]


def _unknown_code(code: str) -> bool:
    """`MSG999`: written as msglint's codes are, yet no rule of msglint's (a plugin's codes are its own)."""
    return re.fullmatch(r"MSG\d{3}", code.upper()) is not None and code.upper() not in _builtin_codes()

