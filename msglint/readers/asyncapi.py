"""AsyncAPI 2.0-2.6 and 3.0-3.1 documents, YAML or JSON: one document is one service.

3.x: an operation with `action: send` makes the service an emitter of the operation's messages (all
of the channel's messages when it lists none); `action: receive` makes it a handler; a `reply` marks
request/reply. 2.x: per the specification, `subscribe` means the application sends and `publish`
means it receives; the `v2-perspective = "client"` setting reads it the other way round.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from msglint.model import (
    Declaration,
    Emission,
    Evidence,
    FileFacts,
    Handler,
    InputProblem,
    Kind,
    Location,
    ReceiveMode,
    Service,
    Strength,
    Suppression,
)
from msglint.naming import identity_key
from msglint.readers._yaml import YList, YMap, as_utf8, entry_lines, ignore_codes, load_located
from msglint.readers.base import ReadSettings
from msglint.readers.refs import RefResolver, Resolved, pointer_tail

SUPPORTED_VERSIONS = frozenset({"2.0.0", "2.1.0", "2.2.0", "2.3.0", "2.4.0", "2.5.0", "2.6.0", "3.0.0", "3.1.0"})
KIND_WORDS = {
    "command": Kind.COMMAND,
    "commands": Kind.COMMAND,
    "event": Kind.EVENT,
    "events": Kind.EVENT,
    "query": Kind.QUERY,
    "queries": Kind.QUERY,
}
CHANNEL_SEGMENTS = {
    "commands": Kind.COMMAND,
    "command": Kind.COMMAND,
    "cmd": Kind.COMMAND,
    "requests": Kind.COMMAND,
    "events": Kind.EVENT,
    "event": Kind.EVENT,
    "evt": Kind.EVENT,
    "queries": Kind.QUERY,
}
_MARKER = re.compile(rb"""(?m)^(?:asyncapi|["']asyncapi["'])\s*:|^\s*\{?\s*"asyncapi"\s*:""")
_SEGMENT_SPLIT = re.compile(r"[/.:]")


class AsyncApiReader:
    name = "asyncapi"
    extensions = (".yaml", ".yml", ".json")

    def claims(self, path: str, data: bytes, settings: ReadSettings) -> bool:
        return bool(_MARKER.search(as_utf8(data)))

    def read(self, path: str, data: bytes, settings: ReadSettings) -> FileFacts:
        facts = FileFacts(path=path, reader=self.name)
        loaded = load_located(data, path)
        facts.problems.extend(loaded.problems)
        document = loaded.value
        if not isinstance(document, YMap) or "asyncapi" not in document:
            if not loaded.problems:
                where = getattr(document, "location", Location(path))
                facts.problems.append(
                    InputProblem(
                        "invalid-input", "an AsyncAPI document must be a mapping with an `asyncapi` version key", where
                    )
                )
            return facts
        version = str(document["asyncapi"]).strip()
        if version not in SUPPORTED_VERSIONS:
            facts.problems.append(
                InputProblem("invalid-input", _unsupported(version), document.value_location("asyncapi"))
            )
            return facts
        resolver = RefResolver(path, document, settings.root, facts.problems)
        reading = _Document(facts, document, path, settings, resolver)
        reading.index_components()
        if version.startswith("3."):
            reading.read_v3()
        else:
            reading.read_v2()
        reading.read_components()
        facts.dependencies.extend(resolver.dependencies)
        return facts


@dataclass(frozen=True)
class _Context:
    """Where a message is used: its channel address and the kind evidence of the enclosing operation."""

    address: str | None = None
    address_location: Location | None = None
    operation_kinds: tuple[Evidence, ...] = ()
    operation_id: str | None = None  # names an anonymous message whose address has no words


class _Document:
    def __init__(
        self, facts: FileFacts, document: YMap, path: str, settings: ReadSettings, resolver: RefResolver
    ) -> None:
        self.facts = facts
        self.document = document
        self.path = path
        self.settings = settings
        self.resolver = resolver
        self.service = self.service_name()
        self.declared: set[tuple[str, int, int]] = set()
        self.fallback_names: dict[int, str] = {}  # id(message mapping) -> its components or channel key
        info = document.get("info")
        where = info.value_location("title") if isinstance(info, YMap) and "title" in info else document.location
        description = _text(info.get("description")) if isinstance(info, YMap) else None
        facts.services.append(Service(self.service, where, description, source="asyncapi"))
        self.suppress(document, whole_file=True)

    # -- the service -------------------------------------------------------------------------------------

    def service_name(self) -> str:
        explicit = self.document.get("x-msglint-service")
        if isinstance(explicit, str) and explicit.strip():
            return explicit.strip()
        file = PurePosixPath(self.path)
        if self.settings.service_name == "file":
            return file.stem
        if self.settings.service_name == "folder":
            return file.parent.name or file.stem
        info = self.document.get("info")
        title = info.get("title") if isinstance(info, YMap) else None
        return str(title).strip() if isinstance(title, (str, int, float)) and str(title).strip() else file.stem

    # -- 3.x ---------------------------------------------------------------------------------------------

    def read_v3(self) -> None:
        channels = self.mapping(self.document, "channels")
        for channel_id in channels:
            channel = self.resolve(channels[channel_id], channels.key_location(channel_id))
            if isinstance(channel.value, YMap):
                self.suppress_span(channels, channel_id, channel.value)
                for verb in ("publish", "subscribe"):
                    if verb in channel.value:
                        self.problem(
                            f"`{verb}` under a channel is AsyncAPI 2.x, but this document says "
                            f"{self.document['asyncapi']}: in 3.x, operations with `action: send|receive` go under "
                            "`operations`; msglint ignores this one",
                            channel.value.key_location(verb),
                        )
                for message in self.channel_messages(channel):  # the address speaks only where it is used
                    self.declare(message, _Context(self.channel_context(channel.value, channel_id).address))
        operations = self.mapping(self.document, "operations")
        for operation_id in operations:
            self.read_operation_v3(operations, operation_id)

    def read_operation_v3(self, operations: YMap, operation_id: str) -> None:
        operation = self.resolve(operations[operation_id], operations.key_location(operation_id))
        if not isinstance(operation.value, YMap):
            return
        self.suppress_span(operations, operation_id, operation.value)
        action = operation.value.get("action")
        if action not in ("send", "receive"):
            self.problem(
                f"operation `{operation_id}` needs `action: send` or `action: receive`, not {action!r}",
                operation.value.value_location("action") if "action" in operation.value else operation.location,
            )
            return
        channel = self.resolve(operation.value.get("channel"), operation.location, operation.file)
        channel_id = pointer_tail(_ref_of(operation.value.get("channel")) or "") or operation_id
        context = self.channel_context(channel.value, channel_id) if isinstance(channel.value, YMap) else _Context()
        context = _Context(
            context.address, context.address_location, self.tag_kinds(operation.value, "operation"), operation_id
        )
        listed = operation.value.get("messages")
        messages = (
            [self.resolve(item, loc, operation.file) for item, loc in listed.located()]
            if isinstance(listed, YList) and listed
            else list(self.channel_messages(channel))
        )
        where = operations.key_location(operation_id)
        source = f"asyncapi:operation {operation_id} ({action})"
        keys = [self.record(m, context, action == "send", where, source) for m in messages]
        listed_keys = keys if isinstance(listed, YList) and listed else []  # unlisted: any channel message
        self.read_reply_v3(operation.value.get("reply"), operation, listed_keys, action, where, operation_id)

    def read_reply_v3(
        self,
        reply_value: Any,
        operation: Resolved,
        request_keys: list[str | None],
        action: str,
        where: Location,
        operation_id: str,
    ) -> None:
        if reply_value is None:
            return
        reply = self.resolve(reply_value, operation.location, operation.file)
        if not isinstance(reply.value, YMap):
            return
        for key in filter(None, request_keys):
            self.facts.evidence.append(
                (
                    key,
                    Evidence(
                        Kind.COMMAND,
                        "asyncapi-reply",
                        f"operation {operation_id} expects a reply (request/reply)",
                        Strength.TOPOLOGY,
                        where,
                    ),
                )
            )
        channel = self.resolve(reply.value.get("channel"), reply.location, reply.file)
        listed = reply.value.get("messages")
        messages = (
            [self.resolve(item, loc, reply.file) for item, loc in listed.located()]
            if isinstance(listed, YList) and listed
            else list(self.channel_messages(channel))
        )
        address = self.channel_context(channel.value, "reply").address if isinstance(channel.value, YMap) else None
        context = _Context(address)  # no address evidence: a reply is no request, whatever the channel says
        source = f"asyncapi:operation {operation_id} (reply)"
        for message in messages:  # whoever receives the request sends the reply, and the other way round
            self.record(message, context, action == "receive", where, source, ReceiveMode.REPLY)

    def channel_messages(self, channel: Resolved) -> Iterator[Resolved]:
        messages = channel.value.get("messages") if isinstance(channel.value, YMap) else None
        if isinstance(messages, YMap):
            for key in messages:
                resolved = self.resolve(messages[key], messages.key_location(key), channel.file)
                if resolved.value is not None:
                    fallback = pointer_tail(_ref_of(messages[key]) or "") or key
                    self.fallback_names.setdefault(id(resolved.value), fallback)
                yield resolved

    # -- 2.x ---------------------------------------------------------------------------------------------

    def read_v2(self) -> None:
        client = self.settings.v2_perspective == "client"
        self.facts.notes.append(
            "AsyncAPI 2.x documents were read from the "
            + (
                "client's perspective (`publish`: the service sends; `subscribe`: it receives), as configured"
                if client
                else "application's perspective, as the specification says (`subscribe`: the service sends; "
                '`publish`: it receives); set `v2-perspective = "client"` under `[asyncapi]` in msglint.toml '
                "(`[tool.msglint.asyncapi]` in pyproject.toml) if yours say the opposite"
            )
        )
        if "operations" in self.document:
            self.problem(
                f"`operations` is AsyncAPI 3.x, but this document says {self.document['asyncapi']}: in 2.x, "
                "operations are `publish`/`subscribe` under each channel; msglint ignores them",
                self.document.key_location("operations"),
            )
        channels = self.mapping(self.document, "channels")
        for address in channels:
            item = self.resolve(channels[address], channels.key_location(address))
            if not isinstance(item.value, YMap):
                continue
            self.suppress_span(channels, address, item.value)
            context = _Context(address, channels.key_location(address))
            for verb in ("subscribe", "publish"):
                if verb in item.value:
                    sends = (verb == "subscribe") != client
                    self.read_operation_v2(item, verb, context, sends)

    def read_operation_v2(self, channel: Resolved, verb: str, context: _Context, sends: bool) -> None:
        item = channel.value
        operation = self.resolve(item[verb], item.key_location(verb), channel.file)
        if not isinstance(operation.value, YMap):
            return
        self.suppress(operation.value, span=entry_lines(item, verb))
        operation_id = operation.value.get("operationId") or verb
        context = _Context(
            context.address,
            context.address_location,
            self.tag_kinds(operation.value, "operation"),
            operation_id if isinstance(operation_id, str) else None,
        )
        source = f"asyncapi:{verb} {operation_id}"
        for message in self.operation_messages_v2(operation):
            self.record(message, context, sends, item.key_location(verb), source)

    def operation_messages_v2(self, operation: Resolved) -> list[Resolved]:
        message = self.resolve(operation.value.get("message"), operation.location, operation.file)
        if isinstance(message.value, YMap) and isinstance(message.value.get("oneOf"), YList):
            choices = message.value["oneOf"]
            return [self.resolve(choice, loc, message.file) for choice, loc in choices.located()]
        return [message] if message.value is not None else []

    # -- components --------------------------------------------------------------------------------------

    def component_messages(self) -> Iterator[tuple[str, Resolved]]:
        messages = self.mapping(self.mapping(self.document, "components"), "messages")
        for key in messages:
            yield key, self.resolve(messages[key], messages.key_location(key))

    def index_components(self) -> None:
        """Learn the components key of every message first: it names messages that have no `name`."""
        for key, resolved in self.component_messages():
            if resolved.value is not None:
                self.fallback_names.setdefault(id(resolved.value), key)

    def read_components(self) -> None:
        for _, resolved in self.component_messages():
            self.declare(resolved, _Context())

    # -- messages ----------------------------------------------------------------------------------------

    def identity(self, message: Resolved, context: _Context) -> str | None:
        """The message `name`, else `messageId` (2.x), else its components or channel key, else the address."""
        value = message.value
        for field in ("name", "messageId"):
            if isinstance(value.get(field), str) and value[field].strip():
                return value[field].strip()
        fallback = self.fallback_names.get(id(value)) or context.address
        if fallback and identity_key(fallback):
            return fallback
        return context.operation_id

    def is_anonymous(self, message: Resolved, context: _Context) -> bool:
        value = message.value
        named = any(isinstance(value.get(f), str) and value[f].strip() for f in ("name", "messageId"))
        return not named and id(value) not in self.fallback_names and context.address is not None

    def declare(self, message: Resolved, context: _Context) -> str | None:
        """Record the message's declaration and kind evidence (once per place); returns its key."""
        if not isinstance(message.value, YMap):
            return None
        name = self.identity(message, context)
        key = identity_key(name) if name else ""
        if not key:
            return None
        where = message.location
        spot = (where.path, where.line, where.column)
        if spot not in self.declared:
            self.declared.add(spot)
            value = message.value
            self.facts.declarations.append(
                Declaration(
                    key=key,
                    name=name,
                    location=where,
                    source="asyncapi",
                    description=_text(value.get("summary")) or _text(value.get("description")),
                    fields=self.payload_fields(message),
                    named=not self.is_anonymous(message, context),
                )
            )
            self.facts.evidence.extend((key, e) for e in self.message_kinds(message))
            self.suppress(value, message_key=key)
        self.facts.evidence.extend((key, e) for e in context.operation_kinds)
        if context.address_location is not None:
            self.facts.evidence.extend((key, e) for e in self.address_kinds(context))
        return key

    def record(
        self,
        message: Resolved,
        context: _Context,
        sends: bool,
        where: Location,
        source: str,
        receive_mode: ReceiveMode = ReceiveMode.UNKNOWN,
    ) -> str | None:
        key = self.declare(message, context)
        if key is None:
            return None
        name = self.identity(message, context) or key
        if sends:
            self.facts.emissions.append(Emission(key, name, self.service, where, source, channel=context.address))
        else:
            self.facts.handlers.append(
                Handler(
                    key, name, self.service, where, source, receive_mode, framework="asyncapi", channel=context.address
                )
            )
        return key

    def message_kinds(self, message: Resolved) -> list[Evidence]:
        value = message.value
        found = []
        for field, what in (
            ("x-msglint-kind", "x-msglint-kind"),
            ("x-eventcatalog-message-type", "x-eventcatalog-message-type"),
        ):
            if field not in value:
                continue
            stated = str(value[field]).strip().lower()
            if stated in KIND_WORDS:
                found.append(
                    Evidence(
                        KIND_WORDS[stated],
                        "asyncapi-extension",
                        f"`{what}: {stated}` on the message",
                        Strength.DECLARED,
                        value.value_location(field),
                    )
                )
            else:
                self.problem(
                    f"`{field}` must be command, event or query, not {value[field]!r}", value.value_location(field)
                )
        return found + list(self.tag_kinds(value, "message"))

    def tag_kinds(self, value: YMap, owner: str) -> tuple[Evidence, ...]:
        tags = value.get("tags")
        found = []
        if isinstance(tags, YList):
            for tag, location in tags.located():
                tag = self.resolve(tag, location).value
                name = tag.get("name") if isinstance(tag, YMap) else None
                if isinstance(name, str) and name.strip().lower() in KIND_WORDS:
                    found.append(
                        Evidence(
                            KIND_WORDS[name.strip().lower()],
                            "asyncapi-tag",
                            f"tagged `{name}` on the {owner}",
                            Strength.DECLARED,
                            location,
                        )
                    )
        return tuple(found)

    def address_kinds(self, context: _Context) -> list[Evidence]:
        segments = [s.lower() for s in _SEGMENT_SPLIT.split(context.address or "") if s]
        kinds = {CHANNEL_SEGMENTS[s]: s for s in segments if s in CHANNEL_SEGMENTS}
        return [
            Evidence(
                kind,
                "asyncapi-channel",
                f"its channel `{context.address}` has a `{segment}` segment",
                Strength.CONVENTION,
                context.address_location,
            )
            for kind, segment in kinds.items()
        ]

    def channel_context(self, channel: YMap, channel_id: str) -> _Context:
        address = channel.get("address") if "address" in channel else channel_id
        text = str(address) if isinstance(address, (str, int)) else channel_id
        where = channel.value_location("address") if "address" in channel else channel.location
        return _Context(text, where)

    def payload_fields(self, message: Resolved) -> tuple[str, ...]:
        payload = self.resolve(message.value.get("payload"), message.location, message.file).value
        if isinstance(payload, YMap) and isinstance(payload.get("schema"), YMap):  # 3.x multi-format schema
            payload = self.resolve(payload["schema"], message.location, message.file).value
        properties = payload.get("properties") if isinstance(payload, YMap) else None
        return tuple(str(k) for k in properties) if isinstance(properties, YMap) else ()

    # -- helpers -----------------------------------------------------------------------------------------

    def resolve(self, value: Any, location: Location, base: str | None = None) -> Resolved:
        return self.resolver.resolve(value, base or self.path, location)

    def mapping(self, parent: Any, key: str) -> YMap:
        value = self.resolve(parent.get(key), parent.location).value if isinstance(parent, YMap) else None
        if isinstance(value, YMap):
            return value
        empty = YMap()
        empty.location = Location(self.path)
        empty.key_locations, empty.value_locations = {}, {}
        return empty

    def problem(self, message: str, location: Location) -> None:
        self.facts.problems.append(InputProblem("invalid-input", message, location))

    def suppress(self, value: YMap, **scope: Any) -> None:
        """`x-msglint-ignore` on `value`, for `scope`: the whole file, a span of lines or one message."""
        found = ignore_codes(value, "x-msglint-ignore", self.facts.problems)
        if found is not None:
            codes, where, each = found
            self.facts.suppressions.append(Suppression(codes, where, code_locations=each, **scope))

    def suppress_span(self, parent: YMap, key: str, value: YMap) -> None:
        self.suppress(value, span=entry_lines(parent, key))


def _unsupported(version: str) -> str:
    """What to do about a version msglint does not read: spell it out, or convert the document."""
    readable = "msglint reads 2.0.0 to 2.6.0, 3.0.0 and 3.1.0"
    full = next((v for v in sorted(SUPPORTED_VERSIONS) if v.startswith(version + ".")), None)
    if full is not None:  # `asyncapi: 3` or `2.6`: a YAML number, or the version without its patch part
        return f"`asyncapi: {version}` is not a full version ({readable}); write it as a string, like '{full}'"
    return f"AsyncAPI {version} is not supported ({readable}); convert it with the AsyncAPI converter"


def _ref_of(value: Any) -> str | None:
    return value.get("$ref") if isinstance(value, YMap) and isinstance(value.get("$ref"), str) else None


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
