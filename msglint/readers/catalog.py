"""The msglint catalog: our own small YAML format for services and the messages they exchange.

The format is documented in docs/catalog.md, with a JSON Schema in msglint/schemas/catalog-v1.schema.json.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from msglint.model import (
    Declaration,
    Emission,
    EmitMode,
    Evidence,
    FileFacts,
    Handler,
    InputProblem,
    Kind,
    Location,
    ReceiveMode,
    Reference,
    Service,
    Strength,
    Suppression,
)
from msglint.naming import identity_key
from msglint.readers._yaml import YList, YMap, as_utf8, entry_lines, load_located
from msglint.readers.base import ReadSettings, matches_any

FORMAT_VERSION = 1
TOP_KEYS = ("msglint", "system", "description", "services", "messages", "ignore")
SERVICE_KEYS = ("description", "sends", "publishes", "handles", "subscribes", "receives", "emits", "ignore")
MESSAGE_KEYS = ("kind", "owner", "description", "fields", "ignore")
KINDS = ("command", "event", "query")


@dataclass(frozen=True)
class _Usage:
    """What it means for a service to list a message under one key."""

    list_key: str
    handles: bool
    mode: EmitMode | ReceiveMode
    implies: Kind | None


USAGES = (
    _Usage("sends", False, EmitMode.SEND, Kind.COMMAND),
    _Usage("publishes", False, EmitMode.PUBLISH, Kind.EVENT),
    _Usage("emits", False, EmitMode.UNKNOWN, None),
    _Usage("handles", True, ReceiveMode.HANDLE, Kind.COMMAND),
    _Usage("subscribes", True, ReceiveMode.SUBSCRIBE, Kind.EVENT),
    _Usage("receives", True, ReceiveMode.UNKNOWN, None),
)

_MARKER = re.compile(rb"""(?m)^(?:msglint|["']msglint["'])\s*:|^\s*\{?\s*"msglint"\s*:""")


class CatalogReader:
    name = "catalog"
    extensions = (".yaml", ".yml", ".json")

    def claims(self, path: str, data: bytes, settings: ReadSettings) -> bool:
        return matches_any(path, settings.catalog_patterns) or bool(_MARKER.search(as_utf8(data)))

    def read(self, path: str, data: bytes, settings: ReadSettings) -> FileFacts:
        facts = FileFacts(path=path, reader=self.name)
        loaded = load_located(data, path, settings.memory_budget_mb)
        facts.problems.extend(loaded.problems)
        if loaded.value is not None or not loaded.problems:
            _CatalogFile(facts, loaded.value).read()
        return facts


class _CatalogFile:
    """Reads one parsed catalog into FileFacts, reporting every deviation from the format."""

    def __init__(self, facts: FileFacts, document: Any) -> None:
        self.facts = facts
        self.document = document
        self.names_by_key: dict[str, str] = {}  # identity key -> the first name declared with it

    @property
    def path(self) -> str:
        return self.facts.path

    def problem(self, message: str, location: Location, kind: str = "invalid-input") -> None:
        self.facts.problems.append(InputProblem(kind, message, location))

    def read(self) -> None:
        document = self.document
        if not isinstance(document, YMap):
            where = getattr(document, "location", Location(self.path))
            self.problem("a msglint catalog is a mapping with a top-level `msglint: 1` key", where)
            return
        self.check_keys(document, TOP_KEYS, "the catalog")
        self.check_version(document)
        self.read_ignore(document, whole_file=True)
        messages = self.section(document, "messages")
        services = self.section(document, "services")
        for name, entry in (messages or {}).items():
            self.read_message(name, entry, messages)
        for name, entry in (services or {}).items():
            self.read_service(name, entry, services)

    def check_version(self, document: YMap) -> None:
        if "msglint" not in document:
            self.problem(
                "the catalog has no `msglint: 1` key; add it so readers know the format version", document.location
            )
        elif document["msglint"] != FORMAT_VERSION:
            self.problem(
                f"unsupported catalog version {document['msglint']!r}: this msglint reads `msglint: 1`",
                document.value_location("msglint"),
            )

    def section(self, document: YMap, key: str) -> YMap | None:
        value = document.get(key)
        if value is None:
            return None
        if not isinstance(value, YMap):
            self.problem(
                f"`{key}` must be a mapping of names to entries, not {_type_name(value)}", document.value_location(key)
            )
            return None
        return value

    def check_keys(self, entry: YMap, allowed: tuple[str, ...], what: str) -> None:
        for key in entry:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; did you mean `{close[0]}`?" if close else f"; valid keys: {', '.join(allowed)}"
                self.problem(f"unknown key `{key}` in {what}{hint}", entry.key_location(key))

    def entry_of(self, parent: YMap, name: str, what: str) -> YMap | None:
        entry = parent[name]
        if entry is None:
            empty = YMap()
            empty.location = parent.key_location(name)
            empty.key_locations, empty.value_locations = {}, {}
            return empty
        if not isinstance(entry, YMap):
            self.problem(f"{what} `{name}` must be a mapping, not {_type_name(entry)}", parent.value_location(name))
            return None
        return entry

    def text(self, entry: YMap, key: str) -> str | None:
        value = entry.get(key)
        if value is None or isinstance(value, str):
            return value
        self.problem(f"`{key}` must be a string, not {_type_name(value)}", entry.value_location(key))
        return None

    def names(self, entry: YMap, key: str) -> list[tuple[str, Location]]:
        value = entry.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [(value, entry.value_location(key))]
        if not isinstance(value, YList):
            self.problem(f"`{key}` must be a list of names, not {_type_name(value)}", entry.value_location(key))
            return []
        found = []
        for item, location in value.located():
            if isinstance(item, (str, int, float)) and not isinstance(item, bool) and str(item).strip():
                found.append((str(item), location))
            else:
                self.problem(f"items of `{key}` must be names (strings), not {_type_name(item)}", location)
        return found

    def read_ignore(self, entry: YMap, **scope: Any) -> None:
        """`ignore:` on `entry`, for `scope`: the whole file, a span of lines or one message."""
        codes = self.names(entry, "ignore")
        if codes:
            self.facts.suppressions.append(
                Suppression(
                    tuple(code for code, _ in codes),
                    entry.value_location("ignore"),
                    code_locations=tuple(where for _, where in codes),
                    **scope,
                )
            )

    def read_message(self, name: str, parent: YMap, messages: YMap) -> None:
        entry = self.entry_of(messages, name, "message")
        if entry is None:
            return
        location = messages.key_location(name)
        key = identity_key(name)
        if not key:
            self.problem(f"message name `{_shown(name)}` has no words msglint can read", location)
            return
        first = self.names_by_key.setdefault(key, name)
        if first != name:
            self.problem(
                f"message `{_shown(name)}` has the same identity as `{_shown(first)}` (line "
                f"{messages.key_location(first).line}); msglint treats them as one message",
                location,
            )
        self.check_keys(entry, MESSAGE_KEYS, f"message `{name}`")
        owner = self.text(entry, "owner")
        if owner:
            self.facts.references.append(Reference("service", owner, entry.value_location("owner")))
        self.facts.declarations.append(
            Declaration(
                key=key,
                name=name,
                location=location,
                source="catalog",
                description=self.text(entry, "description"),
                owner=owner,
                fields=tuple(field for field, _ in self.names(entry, "fields")),
            )
        )
        self.read_kind(entry, key)
        self.read_ignore(entry, message_key=key)

    def read_kind(self, entry: YMap, key: str) -> None:
        kind = entry.get("kind")
        if kind is None:
            return
        location = entry.value_location("kind")
        if kind not in KINDS:
            self.problem(f"`kind` must be one of {', '.join(KINDS)}, not {kind!r}", location)
            return
        self.facts.evidence.append(
            (
                key,
                Evidence(
                    Kind(kind), "catalog-kind", f"declared `kind: {kind}` in the catalog", Strength.DECLARED, location
                ),
            )
        )

    def read_service(self, name: str, parent: YMap, services: YMap) -> None:
        entry = self.entry_of(services, name, "service")
        if entry is None:
            return
        self.facts.services.append(
            Service(name, services.key_location(name), self.text(entry, "description"), source="catalog")
        )
        self.check_keys(entry, SERVICE_KEYS, f"service `{name}`")
        for usage in USAGES:
            seen: set[str] = set()
            for message_name, location in self.names(entry, usage.list_key):
                key = identity_key(message_name)
                if key in seen:
                    self.problem(f"`{message_name}` is listed twice under `{usage.list_key}` of `{name}`", location)
                    continue
                seen.add(key)
                self.record_usage(name, usage, message_name, key, location)
        span = entry_lines(services, name)
        self.read_ignore(entry, span=span)

    def record_usage(self, service: str, usage: _Usage, name: str, key: str, location: Location) -> None:
        facts = self.facts
        facts.references.append(Reference("message", name, location, key))
        source = f"catalog:{usage.list_key}"
        if usage.handles:
            facts.handlers.append(Handler(key, name, service, location, source, mode=usage.mode))
        else:
            facts.emissions.append(Emission(key, name, service, location, source, mode=usage.mode))
        if usage.implies is not None:
            detail = f"service {service} lists it under `{usage.list_key}`"
            facts.evidence.append((key, Evidence(usage.implies, "catalog-list", detail, Strength.CONVENTION, location)))


_SHOWN_CHARS = 200


def _shown(name: str) -> str:
    """A name as a finding quotes it: an absurdly long one is cut short."""
    return name if len(name) <= _SHOWN_CHARS else f"{name[:_SHOWN_CHARS]}... ({len(name):,} characters)"


def _type_name(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YList):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"{type(value).__name__} {value!r}"
