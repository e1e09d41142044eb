"""Merge FileFacts into one System, then decide the kind of every message (DESIGN section 5).

Kinds: the strongest evidence wins. Declared beats convention beats topology beats the name's grammar;
when the strongest evidence disagrees, the kind stays unknown (the kind-conflict rule reports it).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, TypeVar

from msglint.model import (
    REPLY_SOURCE,
    Emission,
    Evidence,
    FileFacts,
    Handler,
    InputProblem,
    Kind,
    Location,
    Message,
    Service,
    Strength,
    Suppression,
    System,
)
from msglint.naming import Vocabulary, analyse_name, identity_key

# Evidence from this source marks a reply: the answer to a request is neither a command nor an event, so
# unless a declaration says otherwise, its kind stays unknown and neither its name nor its topology is judged.
_NAME_KINDS = {"imperative": Kind.COMMAND, "past": Kind.EVENT}
_SUFFIX_KINDS = {"command": Kind.COMMAND, "event": Kind.EVENT, "query": Kind.QUERY}


def build_system(
    all_facts: Iterable[FileFacts],
    vocabulary: Vocabulary,
    aliases: dict[str, tuple[str, ...]] | None = None,
    *,
    scope: str = "repository",
    selected: tuple[str, ...] = (),
) -> System:
    """`scope` and `selected` (rule codes selected by name) are recorded on the System for rules that run only
    when the check covers the whole organisation or when they are asked for."""
    all_facts = list(all_facts)
    canonical = _alias_map(aliases or {})
    system = System(scope=scope, selected=selected)
    spelling = _Spellings()
    merged = _Merged()
    described = _described_services(all_facts)
    for facts in all_facts:
        _merge(system, _as_described(facts, described), canonical, spelling, merged)
    _check_references(system, all_facts, canonical)
    for message in system.messages.values():
        _add_name_evidence(message, vocabulary)
        _add_topology_evidence(message, system)
        _decide_kind(message)
    return system


def _described_services(all_facts: list[FileFacts]) -> dict[str, str]:
    """A contract's path -> the service whose catalog page names it as its specification."""
    described: dict[str, str] = {}
    for facts in all_facts:
        for path, service in facts.described.items():
            described.setdefault(path, service)
    return described


def _as_described(facts: FileFacts, described: dict[str, str]) -> FileFacts:
    """A contract that a catalog page says describes its service: the contract's senders and receivers are that
    service (`Order service` in the document is `Orders Service` of the catalog), and it defines no other."""
    service = (
        described.get(facts.path.replace(os.sep, "/")) if facts.services or facts.handlers or facts.emissions else None
    )
    if service is None or facts.reader == "eventcatalog":
        return facts
    return replace(
        facts,
        handlers=[replace(h, component=service) for h in facts.handlers],
        emissions=[replace(e, component=service) for e in facts.emissions],
        services=[],
    )


def _alias_map(aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Message key -> the key it is joined to."""
    mapping = {}
    for name, others in aliases.items():
        target = identity_key(name)
        for other in others:
            mapping[identity_key(other)] = target
    return mapping


class _Spellings:
    """One spelling per component: `Order Service` in one contract and `Order service` in another are
    the same service, written the way it was first seen."""

    def __init__(self) -> None:
        self._first: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        return self._first.setdefault(" ".join(name.split()).casefold(), name)


class _Merged:
    """What is already in the system, as sets: scanning a message's declarations or evidence for each new
    one is quadratic (20,000 files declaring one message)."""

    def __init__(self) -> None:
        self.declarations: set[tuple[str, Location]] = set()  # (message key, where it is declared)
        self.evidence: set[tuple[str, Evidence]] = set()
        self.notes: set[str] = set()


def _first_time(seen: set[Any], item: Any) -> bool:
    """Whether `item` is new to `seen`; it is in `seen` afterwards."""
    if item in seen:
        return False
    seen.add(item)
    return True


def _merge(system: System, facts: FileFacts, canonical: dict[str, str], spelling: _Spellings, merged: _Merged) -> None:
    def message(key: str, name: str) -> Message:
        key = canonical.get(key, key)
        if key not in system.messages:
            system.messages[key] = Message(key=key, name=name)
        return system.messages[key]

    for declaration in facts.declarations:
        target = message(declaration.key, declaration.name)
        if not _first_time(merged.declarations, (target.key, declaration.location)):
            continue  # a shared file `$ref`d by several documents declares its messages once
        if not target.declarations:
            target.name = declaration.name  # a declared name beats one seen in a reference
        target.declarations.append(declaration)
        target.owner = target.owner or declaration.owner
    for handler in facts.handlers:
        message(handler.message_key, handler.message_name)
        system.handlers.append(_respelled(_rekeyed(handler, canonical), spelling))
    for emission in facts.emissions:
        message(emission.message_key, emission.message_name)
        system.emissions.append(_respelled(_rekeyed(emission, canonical), spelling))
    for key, evidence in facts.evidence:
        target = message(key, key)
        if _first_time(merged.evidence, (target.key, evidence)):
            target.evidence.append(evidence)
    for service in facts.services:
        name = spelling(service.name)
        _add_service(system, service if name == service.name else replace(service, name=name))
    if facts.repository is not None:
        system.repositories.setdefault(facts.repository.name, facts.repository.url)
    system.problems.extend(facts.problems)
    system.unresolved.extend(
        u if not u.message_keys else replace(u, message_keys=tuple(canonical.get(k, k) for k in u.message_keys))
        for u in facts.unresolved
    )
    system.notes.extend(note for note in facts.notes if _first_time(merged.notes, note))
    system.suppressions.extend(s if s.message_key is None else _rekeyed(s, canonical) for s in facts.suppressions)


KeyedFact = TypeVar("KeyedFact", Handler, Emission, Suppression)
Use = TypeVar("Use", Handler, Emission)


def _rekeyed(item: KeyedFact, canonical: dict[str, str]) -> KeyedFact:
    key = canonical.get(item.message_key)
    return replace(item, message_key=key) if key else item


def _respelled(item: Use, spelling: _Spellings) -> Use:
    component = spelling(item.component)
    return item if component == item.component else replace(item, component=component)


def _add_service(system: System, service: Service) -> None:
    first = system.services.get(service.name)
    if first is None:
        system.services[service.name] = service
    elif first.source == service.source == "catalog" and first.location.path != service.location.path:
        system.problems.append(
            InputProblem(
                "invalid-input",
                f"service `{service.name}` is already defined at {first.location}; define each service once",
                service.location,
            )
        )


def _check_references(system: System, all_facts: list[FileFacts], canonical: dict[str, str]) -> None:
    """Report references to messages and services that nothing defines. A message that is only ever
    referenced, never defined, is dropped with its handlers and emissions: the broken reference is the
    finding, and rules should not reason about a name that is most likely a typo."""
    declared = {key for key, m in system.messages.items() if m.declarations}
    declared_names = sorted(m.name for m in system.messages.values() if m.declarations)
    dangling: set[str] = set()
    for facts in all_facts:
        for reference in facts.references:
            if reference.target == "message":
                key = canonical.get(reference.key, reference.key)
                if key not in declared:
                    dangling.add(key)
                    hint = _nearest(reference.name, declared_names)
                    system.problems.append(
                        InputProblem(
                            "unresolved-reference",
                            f"message `{reference.name}` is not defined in any catalog or contract msglint read{hint}",
                            reference.location,
                        )
                    )
            elif reference.target == "service" and reference.name not in system.services:
                hint = _nearest(reference.name, sorted(system.services))
                system.problems.append(
                    InputProblem(
                        "unresolved-reference",
                        f"service `{reference.name}` is not defined{hint}",
                        reference.location,
                    )
                )
    for key in dangling:
        del system.messages[key]
    system.handlers = [h for h in system.handlers if h.message_key not in dangling]
    system.emissions = [e for e in system.emissions if e.message_key not in dangling]


def _nearest(name: str, candidates: list[str]) -> str:
    # a typo is a letter or two; a name that only shares a word (`cancel-` vs `book-appointment`) is not one
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.8)
    return f"; did you mean `{close[0]}`?" if close else ""


def _is_reply(message: Message) -> bool:
    return any(e.source == REPLY_SOURCE for e in message.evidence)


def _add_name_evidence(message: Message, vocabulary: Vocabulary) -> None:
    if _is_reply(message):
        return  # a reply's name answers a request; it is no instruction and no fact to judge
    if message.declarations and not any(d.named for d in message.declarations):
        return  # an anonymous message known by its channel address: the address is no name to judge
    analysis = analyse_name(message.name, vocabulary)
    location = message.location
    suffix_kind = _SUFFIX_KINDS.get(analysis.kind_suffix or "")
    if suffix_kind is not None:
        message.evidence.append(
            Evidence(
                suffix_kind,
                "name-suffix",
                f"its name ends in the suffix `{analysis.kind_suffix}`",
                Strength.CONVENTION,
                location,
            )
        )
    name_kind = _NAME_KINDS.get(analysis.grammar)
    if name_kind is not None:
        message.evidence.append(
            Evidence(
                name_kind, "name", f"its name is {analysis.grammar} ('{analysis.action_word}')", Strength.NAME, location
            )
        )


def _add_topology_evidence(message: Message, system: System) -> None:
    if _is_reply(message):
        return  # several requesters receiving their answers is no broadcast
    receivers = system.handling_components(message.key)
    senders = system.emitting_components(message.key)
    if len(receivers) == 1 and len(senders) >= 2:
        detail = f"sent by {len(senders)} components ({', '.join(senders)}) and received by one ({receivers[0]})"
        message.evidence.append(Evidence(Kind.COMMAND, "topology", detail, Strength.TOPOLOGY))
    elif len(senders) == 1 and len(receivers) >= 2:
        detail = f"sent by one component ({senders[0]}) and received by {len(receivers)} ({', '.join(receivers)})"
        message.evidence.append(Evidence(Kind.EVENT, "topology", detail, Strength.TOPOLOGY))


def _decide_kind(message: Message) -> None:
    known = [e for e in message.evidence if e.kind != Kind.UNKNOWN]
    if _is_reply(message):  # only a declaration makes a reply a command, event or query
        known = [e for e in known if e.strength == Strength.DECLARED]
    if not known:
        message.kind, message.kind_strength = Kind.UNKNOWN, None
        return
    strongest = max(e.strength for e in known)
    kinds = {e.kind for e in known if e.strength == strongest}
    named = {e.kind for e in known if e.strength == Strength.NAME}
    if strongest == Strength.TOPOLOGY and len(named) == 1 and named != kinds:
        # Topology settles what a name leaves open, but it does not overrule a clear name: a command that
        # two components receive is the very problem to report, not evidence that it is an event.
        strongest, kinds = Strength.NAME, named
    message.kind_strength = strongest
    message.kind = kinds.pop() if len(kinds) == 1 else Kind.UNKNOWN
