"""MSG108 naming-convention: the team's own conventions from `[conventions]`, checked on names and addresses."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from msglint.model import REPLY_SOURCE, Diagnostic, Kind, Location, Message, Related, Severity, System
from msglint.rules.base import Example, Rule

KINDS = ("command", "event", "query", "any")
CHECKS = ("casing", "required-suffix", "forbidden-suffix", "pattern", "address")
CASINGS = {
    "PascalCase": r"[A-Z][A-Za-z0-9]*",
    "camelCase": r"[a-z][A-Za-z0-9]*",
    "snake_case": r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*",
    "kebab-case": r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*",
    "dotted": r"[a-z][a-z0-9_-]*(?:\.[a-z0-9_-]+)*",
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_SEGMENT = r"[^./:\s]+"  # what a placeholder stands for: one segment of an address (a `{param}` included)


@dataclass(frozen=True)
class Convention:
    """One configured check: `[conventions.event] casing = "PascalCase"` is kind "event", check "casing"."""

    kind: str  # command, event, query or any
    check: str  # one of CHECKS
    value: str | tuple[str, ...]  # as written
    setting: str  # the key as written in the configuration (`tool.msglint.conventions.event.casing`)
    origin: Location  # where it is written
    regex: re.Pattern[str] | None = None  # casing, pattern and address, compiled once

    @classmethod
    def parse(cls, kind: str, check: str, value: object, setting: str, origin: Location) -> Convention:
        """The convention a configuration entry states; ValueError (what is wrong with it) when it is invalid."""
        if check == "forbidden-suffix":
            suffixes = (value,) if isinstance(value, str) else value
            if not isinstance(suffixes, list | tuple) or not suffixes or not all(_word(s) for s in suffixes):
                raise ValueError("must be a suffix or a list of suffixes (`Event`, `Command`)")
            return cls(kind, check, value if isinstance(value, str) else tuple(value), setting, origin)
        if not isinstance(value, str) or not value:
            raise ValueError("must be a string")
        return cls(kind, check, value, setting, origin, _compile(check, value))

    def written(self) -> str:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return f"`{self.setting} = {json.dumps(value)}`"

    def problem_with(self, text: str) -> str | None:
        """What is wrong with a name (or, for `address`, a channel address); None when it conforms."""
        if self.check == "casing":
            return None if self.regex.fullmatch(text) else f"it is not {self.value}"
        if self.check == "required-suffix":
            return None if text.endswith(self.value) and text != self.value else f"it does not end in `{self.value}`"
        if self.check == "forbidden-suffix":
            suffixes = (self.value,) if isinstance(self.value, str) else self.value
            found = next((s for s in suffixes if text.endswith(s) and text != s), None)
            return f"it ends in `{found}`" if found else None
        if self.check == "pattern":
            return None if self.regex.search(text) else f"it does not match `{self.value}`"
        return None if self.regex.fullmatch(text) else f"it does not have the shape `{self.value}`"

    def applies_to(self, message: Message | None) -> bool:
        if self.kind == "any":
            return True
        return message is not None and message.is_stated(Kind(self.kind))


def _word(suffix: object) -> bool:
    return isinstance(suffix, str) and bool(suffix.strip())


def _compile(check: str, value: str) -> re.Pattern[str] | None:
    if check == "casing":
        if value not in CASINGS:
            raise ValueError(f"must be one of {', '.join(CASINGS)}, not {value!r}")
        return re.compile(CASINGS[value])
    if check == "pattern":
        try:
            return re.compile(value)
        except re.error as error:
            raise ValueError(f"is not a valid regular expression: {error}") from None
    if check == "address":
        return _address_pattern(value)
    return None


def _address_pattern(shape: str) -> re.Pattern[str]:
    """`{domain}.{entity}.{event}`: each placeholder is one segment (no `.`, `/` or `:`), the rest literal."""
    parts, end = [], 0
    for match in _PLACEHOLDER.finditer(shape):
        if not match.group(1).isidentifier():
            raise ValueError(f"placeholders are names in braces (`{{domain}}`), not `{match.group(0)}`")
        parts += [re.escape(shape[end : match.start()]), _SEGMENT]
        end = match.end()
    rest = shape[end:]
    if "{" in rest or "}" in rest or any("{" in p or "}" in p for p in parts[::2]):
        raise ValueError(f"has an unmatched brace: `{shape}`")
    return re.compile("".join(parts) + re.escape(rest))


class NamingConvention(Rule):
    code = "MSG108"
    slug = "naming-convention"
    severity = Severity.WARNING
    summary = "A name or channel address breaks a convention of the project's `[conventions]` table."
    rationale = (
        "A team that agrees on how commands, events and queries are spelt (casing, a kind suffix or none, "
        "the shape of a topic) can read the kind of a message from its name and find its channel without "
        "looking it up. A convention nobody checks drifts with every new message. This rule checks the "
        "conventions the project writes down, and only those: it is off until `[conventions]` is configured."
    )
    fix = (
        "Rename the message or the channel to follow the convention (`msglint rename` renames a message "
        "everywhere msglint knows it), or change the convention where the finding says it is configured. "
        "Per kind (`command`, `event`, `query`, or `any` message) the keys are `casing` (PascalCase, camelCase, "
        "snake_case, kebab-case or dotted), `required-suffix`, `forbidden-suffix` (one or a list), `pattern` "
        "(a regular expression the name must contain a match of; anchor it with `^` and `$`) and `address` "
        "(the shape of the channels the kind travels on, with `{placeholders}` for one segment each). A kind's "
        "conventions apply to messages whose kind is declared or conventional, not guessed from the name."
    )
    valid = (
        Example(
            """
            msglint: 1
            services:
              orders:
                handles: [PlaceOrder]
                publishes: [OrderPlaced]
            messages:
              PlaceOrder:
                kind: command
              OrderPlaced:
                kind: event
            """,
            config="""
            [conventions.any]
            casing = "PascalCase"

            [conventions.event]
            forbidden-suffix = ["Event", "Command"]
            """,
            title="Names that follow the conventions",
        ),
        Example(
            """
            msglint: 1
            services:
              orders:
                publishes: [order_placed]
            messages:
              order_placed:
                kind: event
            """,
            title="No `[conventions]`: nothing is checked",
        ),
    )
    invalid = (
        Example(
            """
            msglint: 1
            services:
              orders:
                publishes: [order_placed, OrderShippedEvent]
            messages:
              order_placed:
                kind: event
              OrderShippedEvent:
                kind: event
            """,
            lines=(6, 8),
            config="""
            [conventions.event]
            casing = "PascalCase"
            forbidden-suffix = "Event"
            """,
            title="An event in the wrong casing, and one with a suffix the team does not write",
        ),
        Example(
            """
            asyncapi: 3.0.0
            info:
              title: orders
              version: 1.0.0
            channels:
              placed:
                address: shop.order.placed
                messages:
                  OrderPlaced:
                    payload: {type: object}
              shipped:
                address: order-shipped
                messages:
                  OrderShipped:
                    payload: {type: object}
            operations:
              publishPlaced:
                action: send
                channel: {$ref: '#/channels/placed'}
              publishShipped:
                action: send
                channel: {$ref: '#/channels/shipped'}
            """,
            lines=(20,),
            config="""
            [conventions.any]
            address = "{domain}.{entity}.{event}"
            """,
            title="A channel address that does not have the project's shape",
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        if not self.context.conventions:
            return
        for message in system.iter_messages():
            if any(e.source == REPLY_SOURCE for e in message.evidence):
                continue  # an answer to a request is neither kind: a per-kind convention cannot judge it
            yield from self._names(message)
        yield from self._addresses(system)

    def _names(self, message: Message) -> Iterator[Diagnostic]:
        spellings = sorted({(d.name, d.location) for d in message.declarations if d.named}, key=lambda s: _place(s[1]))
        for convention in self.context.conventions:
            if convention.check == "address" or not convention.applies_to(message):
                continue
            for name, location in spellings:
                problem = convention.problem_with(name)
                if problem:
                    what = f"{_subject(message, convention)} `{name}`"
                    yield self._finding(convention, what, problem, location, message)

    def _addresses(self, system: System) -> Iterator[Diagnostic]:
        uses = sorted((*system.handlers, *system.emissions), key=lambda use: _place(use.location))
        for convention in self.context.conventions:
            if convention.check != "address":
                continue
            reported = set()
            for use in uses:
                message = system.messages.get(use.message_key)
                if not use.channel or use.channel in reported or not convention.applies_to(message):
                    continue
                problem = convention.problem_with(use.channel)
                if problem:
                    reported.add(use.channel)
                    yield self._finding(convention, f"the channel `{use.channel}`", problem, use.location, None)

    def _finding(
        self, convention: Convention, what: str, problem: str, location: Location, message: Message | None
    ) -> Diagnostic:
        return self.finding(
            f"{what} breaks the naming convention {convention.written()} ({convention.origin.path}:"
            f"{convention.origin.line}): {problem}",
            location,
            subject=message,
            related=[Related(convention.origin, "the convention is configured here")],
        )


def _place(location: Location) -> tuple[str, int, int]:
    return (location.path, location.line, location.column)


def _subject(message: Message, convention: Convention) -> str:
    if convention.kind != "any":
        return convention.kind
    return "message" if message.kind == Kind.UNKNOWN else str(message.kind)
