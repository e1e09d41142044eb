"""The rule API: every built-in rule, and every plugin rule, is a subclass of :class:`Rule`.

A rule looks at the :class:`~msglint.model.System` only, never at files. It declares its code, slug,
default severity and documentation as class attributes, and yields diagnostics from :meth:`Rule.check`.
Its ``valid`` and ``invalid`` examples are msglint catalogs; the test suite runs every one of them, and
``msglint explain`` and docs/rules/ print them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from msglint.model import (
    Diagnostic,
    Evidence,
    Location,
    Message,
    Related,
    Severity,
    Strength,
    Suppression,
    System,
)
from msglint.naming import NameAnalysis, Vocabulary, analyse_name

if TYPE_CHECKING:
    from msglint.rules.msg108_naming_convention import Convention


@dataclass(frozen=True)
class Example:
    """An input that shows the rule: a msglint catalog, or a Python module when `language` is "python".
    For a failing example, `lines` are where findings are expected; `config` is the msglint.toml it runs with."""

    source: str
    lines: tuple[int, ...] = ()
    title: str = ""
    language: str = "yaml"
    config: str = ""


@dataclass
class RuleContext:
    """What a rule may know beyond the System: the user's naming vocabulary and naming conventions."""

    vocabulary: Vocabulary = field(default_factory=Vocabulary.default)
    conventions: tuple[Convention, ...] = ()  # `[conventions]` (MSG108)

    def analyse(self, name: str) -> NameAnalysis:
        return analyse_name(name, self.vocabulary)


class Rule:
    code: ClassVar[str]
    slug: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    rationale: ClassVar[str]
    fix: ClassVar[str]
    heuristic: ClassVar[bool] = False
    valid: ClassVar[tuple[Example, ...]] = ()
    invalid: ClassVar[tuple[Example, ...]] = ()

    def __init__(self, context: RuleContext | None = None) -> None:
        self.context = context or RuleContext()

    def check(self, system: System) -> Iterator[Diagnostic]:
        """Yield the findings of this rule on the system."""
        return iter(())

    def check_suppressions(self, unused: list[Suppression]) -> Iterator[Diagnostic]:
        """Yield findings about suppressions that suppressed nothing (run after filtering)."""
        return iter(())

    def finding(
        self,
        message: str,
        location: Location,
        *,
        subject: Message | None = None,
        evidence: Iterable[Evidence] = (),
        related: Iterable[Related] = (),
        suggestion: str | None = None,
        signals: Iterable[str] = (),
        severity: Severity | None = None,
    ) -> Diagnostic:
        return Diagnostic(
            code=self.code,
            slug=self.slug,
            severity=severity or self.severity,
            message=message,
            location=location,
            message_key=subject.key if subject else None,
            evidence=list(evidence),
            related=list(related),
            suggestion=suggestion,
            heuristic=self.heuristic,
            signals=list(signals),
        )


def rename_command(old: str, new: str) -> str:
    """The command that renames a message everywhere msglint knows it, quoted for a POSIX shell."""
    import shlex

    return f"`msglint rename {shlex.quote(old)} {shlex.quote(new)}`"


_SUPPRESSIONS = {
    "python": "a `# msglint: ignore[{slug}]` comment on the line that defines it",
    "asyncapi": "`x-msglint-ignore: [{slug}]` on the message",
    "eventcatalog": "`x-msglint-ignore: [{slug}]` in its page's frontmatter",
    "catalog": "`ignore: [{slug}]` on its catalog entry",
}


def how_to_keep(message: Message, slug: str) -> str:
    """How to record that a finding about this message is intended, in the format that defines it."""
    source = message.declarations[0].source if message.declarations else "catalog"
    return _SUPPRESSIONS.get(source, _SUPPRESSIONS["catalog"]).format(slug=slug)


def describe_kind(message: Message) -> str:
    """`declared an event in the catalog (shop.yaml:12)`: why msglint believes the kind, for messages."""
    items = message.kind_evidence()
    if not items:
        return f"its kind is {message.kind}"
    first = items[0]
    where = f" ({first.location})" if first.location else ""
    return f"{first.detail}{where}"


def places(items: Iterable[tuple[str, Location]]) -> str:
    """`billing (shop.yaml:20), ledger (shop.yaml:31)`."""
    return ", ".join(f"{name} ({loc})" for name, loc in items)


def suffix_contradicts_grammar(name: NameAnalysis) -> bool:
    """`OrderCreatedCommand`, `CreateOrderEvent`: the suffix and the grammar disagree (MSG106 says so)."""
    return (name.kind_suffix == "event" and name.grammar == "imperative") or (
        name.kind_suffix == "command" and name.grammar == "past"
    )


def has_a_name(message: Message) -> bool:
    """False for a message known only by where it travels (an anonymous contract message named by its channel
    address): the address is no name to judge; nor is a template a name is built from at run time (`actor_{}`,
    from an f-string: the names it makes are not known)."""
    if "{}" in message.name:
        return False
    return not message.declarations or any(d.named for d in message.declarations)


def name_only(message: Message) -> bool:
    """True when the kind rests on the grammar of the name alone."""
    return message.kind_strength == Strength.NAME


def capped(rule_severity: Severity, message: Message) -> Severity:
    """A topology finding about a message whose kind comes from its name alone is at most a warning."""
    return min(rule_severity, Severity.WARNING) if name_only(message) else rule_severity


def kind_basis(message: Message) -> str:
    """A note for findings whose kind rests on the name alone; the evidence lines say the rest."""
    if name_only(message):
        article = "an" if str(message.kind)[:1] in "aeiou" else "a"
        return f" (heuristic: msglint takes it for {article} {message.kind} from its name alone)"
    return ""
