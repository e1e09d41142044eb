"""AsyncAPI 2.0-2.6 and 3.0-3.1 documents, YAML or JSON: one document is one service.

3.x: an operation with `action: send` makes the service an emitter of the operation's messages (all
of the channel's messages when it lists none); `action: receive` makes it a handler; a `reply` marks
request/reply. 2.x: per the specification, `subscribe` means the application sends and `publish`
means it receives; the `v2-perspective = "client"` setting reads it the other way round.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any

from msglint.model import (
    REPLY_SOURCE,
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
from msglint.naming import identity_key, tokenize
from msglint.naming.tokens import is_version, segments
from msglint.readers._yaml import YList, YMap, as_utf8, entry_lines, ignore_codes, load_located
from msglint.readers.asyncapi_schema import check_document
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
# the last word of a name that answers a request (`getBalance_response`, `OrderReply`, `payment_error`)
REPLY_WORDS = frozenset(
    {"reply", "replies", "response", "responses", "result", "results", "ack", "nack", "error", "errors"}
)
REPLY_CHANNEL_WORDS = frozenset({"reply", "replies", "response", "responses"})
REQUEST_WORDS = frozenset({"request", "requests", "req", "query", "command", "cmd"})
# the verbs of a 2.x operation id or summary, by who acts: the application sending, or receiving
SEND_VERBS = frozenset(
    {
        *("send", "sends", "publish", "publishes", "emit", "emits", "produce", "produces", "deliver", "delivers"),
        *("push", "pushes", "broadcast", "broadcasts", "dispatch", "dispatches", "notify", "notifies"),
    }
)
RECEIVE_VERBS = frozenset(
    {
        *("receive", "receives", "on", "consume", "consumes", "handle", "handles", "listen", "listens"),
        *("ingest", "ingests", "process", "processes", "accept", "accepts", "pull", "pulls", "poll", "polls"),
    }
)
_SEP = "\x1f"  # between the identity and the spelling of a provisional key
_MARKER = re.compile(rb"""(?m)^(?:asyncapi|["']asyncapi["'])\s*:|^\s*\{?\s*"asyncapi"\s*:""")
_SEGMENT_SPLIT = re.compile(r"[/.:]")


class AsyncApiReader:
    name = "asyncapi"
    extensions = (".yaml", ".yml", ".json")

    def claims(self, path: str, data: bytes, settings: ReadSettings) -> bool:
        return bool(_MARKER.search(as_utf8(data)))

    def read(self, path: str, data: bytes, settings: ReadSettings) -> FileFacts:
        facts = FileFacts(path=path, reader=self.name)
        loaded = load_located(data, path, settings.memory_budget_mb)
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
        facts.problems.extend(check_document(document, version))
        resolver = RefResolver(path, document, settings.root, facts.problems)
        reading = _Document(facts, document, path, settings, resolver)
        reading.index_components()
        if version.startswith("3."):
            reading.read_v3()
        else:
            reading.read_v2()
        reading.read_components()
        reading.finish()
        facts.dependencies.extend(resolver.dependencies)
        return facts

    def link(self, all_facts: list[FileFacts], settings: ReadSettings) -> None:
        """Once every document is read: documents with one `id` are one service, and a message name two
        documents share is one message only when the documents show it is (see `_join_messages`)."""
        documents = [f for f in all_facts if isinstance(f.extra.get("asyncapi"), dict)]
        _one_service_per_id(documents)
        _one_service_per_copy(documents)
        _join_messages(documents)


@dataclass(frozen=True)
class _Context:
    """Where a message is used: its channel address and the kind evidence of the enclosing operation."""

    address: str | None = None
    address_location: Location | None = None
    operation_kinds: tuple[Evidence, ...] = ()
    operation_id: str | None = None  # names an anonymous message whose address has no words
    forwards: bool = False  # the operation is marked as a client of the message's contract, not its owner


def _forwards(operation: YMap) -> bool:
    """EventCatalog's `x-eventcatalog-role: client` on an operation: the service uses a contract another owns."""
    role = operation.get("x-eventcatalog-role")
    return isinstance(role, str) and role.strip().lower() == "client"


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
        # Keys are provisional while reading (`identity\x1fspelling`): two messages the document defines
        # separately keep apart even when their identities collide; `finish` settles them.
        self.replies: dict[str, str] = {}  # provisional key -> why it is a reply
        self.requests: set[str] = set()  # provisional keys that read as requests
        self.correlations: dict[str, str] = {}  # provisional key -> its correlation id (a $ref or a location)
        self.directions: dict[str, set[str]] = {}  # provisional key -> {"send", "receive"}
        self.addresses: dict[str, set[str]] = {}  # provisional key -> channel addresses it travels on
        self.names: dict[str, str] = {}  # provisional key -> the name as written first
        self.shapes: dict[str, str] = {}  # provisional key -> how a payload without properties is composed
        # (operation id, send|receive, provisional key) of every operation, for finding copies of one document;
        # None once an operation has no id of its own (2.x without `operationId`)
        self.operations: set[tuple[str, str, str]] | None = set()
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
            if isinstance(channel.value, YMap):  # 2.x `publish`/`subscribe` here are schema errors, not read
                self.suppress_span(channels, channel_id, channel.value)
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
            if operation.value is not operations[operation_id]:  # the schema check sees only the document's text
                self.problem(
                    f"operation `{operation_id}` needs `action: send` or `action: receive`, not {action!r}",
                    operation.value.value_location("action") if "action" in operation.value else operation.location,
                )
            return
        channel = self.resolve(operation.value.get("channel"), operation.location, operation.file)
        channel_id = pointer_tail(_ref_of(operation.value.get("channel")) or "") or operation_id
        context = self.channel_context(channel.value, channel_id) if isinstance(channel.value, YMap) else _Context()
        context = _Context(
            context.address,
            context.address_location,
            self.tag_kinds(operation.value, "operation"),
            operation_id,
            _forwards(operation.value),
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
            self.requests.add(key)
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
        channels = self.mapping(self.document, "channels")
        client = self.v2_reading(channels, client)
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

    def v2_reading(self, channels: YMap, client: bool) -> bool:
        """Whether this document writes `publish`/`subscribe` from the client's side: its operation ids and
        summaries say who acts (`subscribe: {operationId: sendOrder}` is the application sending, as the
        specification reads it; `subscribe: {operationId: onOrder}` is a client receiving). A document that
        says neither, or both equally, is read as configured."""
        votes = {True: [], False: []}  # client reading? -> the operations that say so
        for address in channels:
            item = self.resolve(channels[address], channels.key_location(address)).value
            for verb in ("subscribe", "publish") if isinstance(item, YMap) else ():
                operation = self.resolve(item.get(verb), item.location).value
                if not isinstance(operation, YMap):
                    continue
                for field in ("operationId", "summary"):
                    text = operation.get(field)
                    words = tokenize(text) if isinstance(text, str) else ()
                    first = words[0] if words else ""
                    if first in SEND_VERBS or first in RECEIVE_VERBS:
                        sends = first in SEND_VERBS  # the operation says the one it describes sends
                        votes[sends == (verb == "publish")].append(f"`{verb}` {field} `{text.strip()}`")
                        break
        if len(votes[True]) == len(votes[False]) or (len(votes[True]) > len(votes[False])) == client:
            return client
        reading = not client
        said = votes[reading]
        example = ", ".join(said[:2]) + (f" and {len(said) - 2} more" if len(said) > 2 else "")
        self.facts.notes.append(
            f"{self.path} was read from the {'client' if reading else 'application'}'s perspective, not the "
            f"configured {'client' if client else 'application'}'s: its operations say who acts ({example})"
        )
        return reading

    def read_operation_v2(self, channel: Resolved, verb: str, context: _Context, sends: bool) -> None:
        item = channel.value
        operation = self.resolve(item[verb], item.key_location(verb), channel.file)
        if not isinstance(operation.value, YMap):
            return
        self.suppress(operation.value, span=entry_lines(item, verb))
        operation_id = operation.value.get("operationId") or verb
        if not isinstance(operation.value.get("operationId"), str):
            self.operations = None
        context = _Context(
            context.address,
            context.address_location,
            self.tag_kinds(operation.value, "operation"),
            operation_id if isinstance(operation_id, str) else None,
            _forwards(operation.value),
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
        base = identity_key(name) if name else ""
        if not base or name is None:
            return None
        key = f"{base}{_SEP}{_spelling(name)}"
        self.names.setdefault(key, name)
        if context.address is not None:
            self.addresses.setdefault(key, set()).add(context.address)
            if _reply_channel(context.address):
                self.replies.setdefault(key, f"it travels on the reply channel `{context.address}`")
            if any(s and s[-1] in ("request", "requests") for s in segments(context.address)):
                self.requests.add(key)
        where = message.location
        spot = (where.path, where.line, where.column)
        if spot not in self.declared:
            self.declared.add(spot)
            value = message.value
            self.read_reply_signs(key, value, [name])
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
            shape = self.payload_shape(message)
            if shape:
                self.shapes.setdefault(key, shape)
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
        self.directions.setdefault(key, set()).add("send" if sends else "receive")
        if self.operations is not None and receive_mode != ReceiveMode.REPLY and context.operation_id:
            self.operations.add((context.operation_id, "send" if sends else "receive", key))
        if receive_mode == ReceiveMode.REPLY:
            self.replies.setdefault(key, "it is the reply of a request/reply operation")
        if sends:
            self.facts.emissions.append(
                Emission(key, name, self.service, where, source, channel=context.address, forwards=context.forwards)
            )
        else:
            self.facts.handlers.append(
                Handler(
                    key, name, self.service, where, source, receive_mode, framework="asyncapi", channel=context.address
                )
            )
        return key

    def read_reply_signs(self, key: str, value: YMap, names: list[str]) -> None:
        """Whether the message reads as a reply or a request by its names, and the correlation id it carries."""
        spellings = [*names, *(value[f] for f in ("name", "messageId", "title") if isinstance(value.get(f), str))]
        fallback = self.fallback_names.get(id(value))
        for spelling in [*spellings, *([fallback] if fallback else [])]:
            last = _last_word(spelling)
            if last in REPLY_WORDS:
                self.replies.setdefault(key, f"its name `{spelling}` ends in '{last}', an answer to a request")
                break
            if last in REQUEST_WORDS:
                self.requests.add(key)
        correlation = value.get("correlationId")
        ref = _ref_of(correlation)
        if ref is not None:
            self.correlations[key] = "$ref:" + ref
        elif isinstance(correlation, YMap) and isinstance(correlation.get("location"), str):
            self.correlations[key] = "location:" + correlation["location"].strip()

    def finish(self) -> None:
        """Settle the provisional keys and mark the replies; keep what `link` needs in `extra`."""
        final = self.final_keys()
        self.mark_correlated_replies()
        facts = self.facts
        reply_keys = {final[k] for k in self.replies}
        for key, reason in self.replies.items():
            where = next((d.location for d in facts.declarations if d.key == key), None)
            facts.evidence.append(
                (key, Evidence(Kind.UNKNOWN, REPLY_SOURCE, f"a reply: {reason}", Strength.CONVENTION, where))
            )
        _rekey_facts(facts, final)
        facts.handlers = [
            replace(h, mode=ReceiveMode.REPLY) if h.message_key in reply_keys else h for h in facts.handlers
        ]
        messages: dict[str, dict[str, Any]] = {}
        for declaration in facts.declarations:
            entry = messages.setdefault(declaration.key, {"definitions": [], "addresses": [], "fields": []})
            where = declaration.location
            entry["definitions"].append(f"{where.path}:{where.line}:{where.column}")
            entry["fields"] = sorted(set(entry["fields"]) | set(declaration.fields))
        for key, addresses in self.addresses.items():
            entry = messages.setdefault(final[key], {"definitions": [], "addresses": [], "fields": []})
            entry["addresses"] = sorted(set(entry["addresses"]) | addresses)
        for key, shape in self.shapes.items():
            messages.setdefault(final[key], {"definitions": [], "addresses": [], "fields": []}).setdefault(
                "shape", shape
            )
        document_id = self.document.get("id")
        facts.extra["asyncapi"] = {
            "id": document_id.strip() if isinstance(document_id, str) and document_id.strip() else "",
            "service": self.service,
            "messages": messages,
            "operations": sorted([op, way, final[key]] for op, way, key in self.operations or ()),
        }

    def final_keys(self) -> dict[str, str]:
        """Provisional key -> key: the identity, unless the document defines several messages with it."""
        by_identity: dict[str, list[str]] = {}
        for key in self.names:
            by_identity.setdefault(key.partition(_SEP)[0], []).append(key)
        final = {}
        for identity, keys in by_identity.items():
            if len(keys) == 1:
                final[keys[0]] = identity
                continue
            for key in keys:
                final[key] = f"{identity}#{key.partition(_SEP)[2]}"
            names = ", ".join(f"`{self.names[k]}`" for k in keys)
            self.facts.notes.append(
                f"{self.path} defines {len(keys)} messages whose names mean the same to msglint ({names}); "
                "they are kept apart as separate messages"
            )
        return final

    def mark_correlated_replies(self) -> None:
        """A message that carries the correlation id of a request of this document, travelling the other way,
        answers that request."""
        by_correlation: dict[str, list[str]] = {}
        for key, correlation in self.correlations.items():
            by_correlation.setdefault(correlation, []).append(key)
        for keys in by_correlation.values():
            requests = [k for k in keys if k in self.requests and k not in self.replies]
            for key in keys:
                if key in self.requests or key in self.replies:
                    continue
                ways = self.directions.get(key, set())
                for request in requests:
                    other = self.directions.get(request, set())
                    if ways and other and not ways & other:
                        self.replies[key] = (
                            f"it carries the correlation id of the request `{self.names[request]}`, the other way"
                        )
                        break

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

    def payload_shape(self, message: Resolved) -> str:
        """For a payload without properties, how it is composed (`anyOf`, `oneOf+type=object`, `type=string`):
        two documents whose payloads are composed differently do not describe one message."""
        payload = self.resolve(message.value.get("payload"), message.location, message.file).value
        if isinstance(payload, YMap) and isinstance(payload.get("schema"), YMap):  # 3.x multi-format schema
            payload = self.resolve(payload["schema"], message.location, message.file).value
        if not isinstance(payload, YMap) or isinstance(payload.get("properties"), YMap):
            return ""
        parts = [k for k in ("allOf", "anyOf", "oneOf", "not", "items", "enum", "const") if k in payload]
        if isinstance(payload.get("type"), str):
            parts.append(f"type={payload['type']}")
        return "+".join(parts)

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


def _one_service_per_id(documents: list[FileFacts]) -> None:
    """Documents that declare one AsyncAPI `id` describe one service, named as the first of them names it."""
    first: dict[str, FileFacts] = {}
    for facts in documents:
        document_id = facts.extra["asyncapi"].get("id")
        if not isinstance(document_id, str) or not document_id:
            continue
        owner = first.setdefault(document_id, facts)
        if owner is not facts:
            _rename_service(facts, owner, f"declares the AsyncAPI id `{document_id}` as {owner.path} does")


def _one_service_per_copy(documents: list[FileFacts]) -> None:
    """Documents with the same operations (the same ids, ways and messages; two at least, one of them sending)
    are copies or versions of one application's contract: one service, named as the first of them names it.
    One operation is too little to tell a copy from a second sender; receivers alone are not merged, since
    two subscribers with the same subscriptions are common."""
    first: dict[tuple, FileFacts] = {}
    for facts in documents:
        operations = facts.extra["asyncapi"].get("operations") or []
        if len(operations) < 2 or not any(way == "send" for _, way, _ in operations):
            continue
        owner = first.setdefault(tuple(map(tuple, operations)), facts)
        if owner is not facts:
            _rename_service(facts, owner, f"has the same {len(operations)} operations as {owner.path}")


def _rename_service(facts: FileFacts, owner: FileFacts, reason: str) -> None:
    """`facts` describes the service `owner` describes: give its services and uses `owner`'s name."""
    info = facts.extra["asyncapi"]
    name, own = owner.extra["asyncapi"]["service"], info["service"]
    if name == own:
        return
    info["service"] = name
    facts.services = [replace(s, name=name) if s.name == own else s for s in facts.services]
    facts.handlers = [replace(h, component=name) if h.component == own else h for h in facts.handlers]
    facts.emissions = [replace(e, component=name) if e.component == own else e for e in facts.emissions]
    facts.notes.append(
        f"{facts.path} {reason}, so both describe one service, `{name}` (this document calls it `{own}`)"
    )


def _join_messages(documents: list[FileFacts]) -> None:
    """Messages of several documents with one key are one message only when the documents show it: a shared
    `$ref`'d definition, a shared channel address, or compatible payloads (the property names of one contain
    the other's, or neither document gives any). Documents that show nothing of the kind keep their own
    message, under a key qualified by the document (`order_placed@billing/asyncapi.yaml`)."""
    users: dict[str, list[int]] = {}
    for index, facts in enumerate(documents):
        for key in facts.extra["asyncapi"]["messages"]:
            users.setdefault(key, []).append(index)
    kept_apart: list[tuple[str, list[str]]] = []
    for key, indexes in users.items():
        if len(indexes) < 2:
            continue
        groups, name_only = _groups(key, [documents[i] for i in indexes])
        for group in groups:
            if group in name_only:
                paths = ", ".join(f.path for f in group)
                where = next((d.location for d in group[0].declarations if d.key == key), None)
                group[0].evidence.append(
                    (
                        key,
                        Evidence(
                            Kind.UNKNOWN,
                            "asyncapi-name-join",
                            f"joined across {paths} on its name alone (no shared $ref or channel, no payload "
                            "properties to compare)",
                            Strength.NAME,
                            where,
                        ),
                    )
                )
        if len(groups) < 2:
            continue
        keeper = max(groups, key=len)  # the largest group keeps the plain key, so catalogs and code meet it
        kept_apart.append((key, [g[0].path for g in groups]))
        for group in groups:
            if group is keeper:
                continue
            qualified = f"{key}@{group[0].path}"
            for facts in group:
                messages = facts.extra["asyncapi"]["messages"]
                messages[qualified] = messages.pop(key)
                _rekey_facts(facts, {key: qualified})
    if kept_apart:
        key, paths = kept_apart[0]
        more = f" ({len(kept_apart) - 1} more names alike)" if len(kept_apart) > 1 else ""
        documents[0].notes.append(
            f"AsyncAPI documents that share a message name but no $ref'd definition, channel or compatible payload "
            f"keep separate messages: `{key}` in {', '.join(paths)}{more}"
        )


def _groups(key: str, documents: list[FileFacts]) -> tuple[list[list[FileFacts]], list[list[FileFacts]]]:
    """The documents using `key` in groups that show it is one message; and the groups joined on the name
    alone (both payloads unknown, nothing else shared)."""
    joins = _Joins([f.extra["asyncapi"]["messages"][key] for f in documents])
    first: dict[str, int] = {}
    for i, entry in enumerate(joins.entries):
        for value in entry.get("definitions", ()):
            joins.join(first.setdefault(value, i), i, by_name=False)
    users: dict[str, set[int]] = {}  # a shared channel joins, unless the payloads show two different messages
    for i, entry in enumerate(joins.entries):
        for address in entry.get("addresses", ()):
            for other in joins.current_roots(users.setdefault(address, set())):
                joins.join_if_compatible(other, i, by_name=False)
            users[address].add(i)
    # What the payloads say of a pair depends only on each one's property names and composition: documents
    # are compared by those distinct payloads and by group, not pair by pair (300 documents may share a name).
    by_payload: dict[tuple[frozenset[str], str], set[int]] = {}
    relations: dict[tuple[tuple[frozenset[str], str], ...], str] = {}
    for i, entry in enumerate(joins.entries):
        payload = (frozenset(entry.get("fields", ())), entry.get("shape", ""))
        related: list[tuple[int, bool]] = []  # (the group's earliest document of that payload, joined by name)
        for earlier, members in by_payload.items():
            pair = (earlier, payload)
            if pair not in relations:
                relations[pair] = _payload_relation(*({"fields": f, "shape": s} for f, s in pair))
            if relations[pair]:
                related.extend((other, relations[pair] == "unknown") for other in joins.earliest_of_each(members))
        # the earliest related document first, as document by document: where a document could join either of
        # two groups that cannot be one, it joins the one with the earliest document it relates to
        for other, by_name in sorted(related):
            if not joins.firmly_joined(other, i):  # nothing the payloads say can change a firm pair
                joins.join_if_compatible(other, i, by_name=by_name)
        by_payload.setdefault(payload, set()).add(i)
    grouped: dict[int, list[FileFacts]] = {}
    for i, facts in enumerate(documents):
        grouped.setdefault(joins.root(i), []).append(facts)
    name_only = [g for r, g in grouped.items() if len(g) > 1 and r not in joins.strong]
    return list(grouped.values()), name_only


class _Joins:
    """Groups of documents (union-find); a group joins another only when every payload in both may be one.
    Whether two payloads may be one depends only on whether each has properties and on its composition, so a
    group is compared by those distinct kinds of payload, not member by member."""

    def __init__(self, entries: list[dict[str, Any]]) -> None:
        self.entries = entries
        self.parent = list(range(len(entries)))
        self.strong: set[int] = set()  # roots of groups joined on more than the name
        # root -> one entry of each kind of payload in its group
        self.kinds: dict[int, dict[tuple[bool, str], dict[str, Any]]] = {
            i: {_payload_kind(entry): entry} for i, entry in enumerate(entries)
        }

    def root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def current_roots(self, members: set[int]) -> list[int]:
        """The groups `members` are in now, one member each; `members` shrinks to those."""
        roots = {self.root(member) for member in members}
        members.clear()
        members.update(roots)
        return sorted(roots)

    def earliest_of_each(self, members: set[int]) -> list[int]:
        """The earliest of `members` in each group they are in now; `members` shrinks to those."""
        earliest: dict[int, int] = {}
        for member in members:
            root = self.root(member)
            earliest[root] = min(member, earliest.get(root, member))
        members.clear()
        members.update(earliest.values())
        return sorted(earliest.values())

    def firmly_joined(self, a: int, b: int) -> bool:
        root = self.root(a)
        return root == self.root(b) and root in self.strong

    def join_if_compatible(self, a: int, b: int, by_name: bool) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra == rb and (by_name or ra in self.strong):
            return  # joining would change nothing
        if all(_compatible_payloads(x, y) for x in self.kinds[ra].values() for y in self.kinds[rb].values()):
            self.join(a, b, by_name)

    def join(self, a: int, b: int, by_name: bool) -> None:
        if a == b:
            return
        ra, rb = self.root(a), self.root(b)
        firm = not by_name or ra in self.strong or rb in self.strong
        if ra != rb:
            kept, gone = min(ra, rb), max(ra, rb)
            self.parent[gone] = kept
            for kind, entry in self.kinds.pop(gone).items():
                self.kinds[kept].setdefault(kind, entry)
        if firm:
            self.strong.add(min(ra, rb))


def _payload_kind(entry: dict[str, Any]) -> tuple[bool, str]:
    """All that `_compatible_payloads` reads of a payload."""
    return bool(entry.get("fields", ())), entry.get("shape", "")


def _payload_relation(one: dict[str, Any], other: dict[str, Any]) -> str:
    """What the payloads alone say of two documents' message: "same" (the same property names, or the smaller
    set of at least two inside the larger), "unknown" (no properties on either side, composed alike), or ""."""
    fields, other_fields = set(one.get("fields", ())), set(other.get("fields", ()))
    if fields and other_fields:
        smaller, larger = sorted((fields, other_fields), key=len)
        return "same" if smaller == larger or (len(smaller) >= 2 and smaller <= larger) else ""
    if fields or other_fields:
        return ""
    return "unknown" if one.get("shape", "") == other.get("shape", "") else ""


def _compatible_payloads(one: dict[str, Any], other: dict[str, Any]) -> bool:
    """Whether two documents' payloads of a message on one channel may be one payload: both with properties
    (a sender's and a receiver's view drift apart, and the documents then disagree on one message), or the same
    composition (`anyOf`, `oneOf`, `not`, a type), or too little to tell."""
    fields, other_fields = set(one.get("fields", ())), set(other.get("fields", ()))
    if fields and other_fields:
        return True
    shape, other_shape = one.get("shape", ""), other.get("shape", "")
    if fields or other_fields:  # properties on one side, alternatives (`anyOf`, `oneOf`, `not`) on the other
        return not {"anyOf", "oneOf", "not"} & set(f"{shape}+{other_shape}".split("+"))
    return not shape or not other_shape or shape == other_shape


def _unsupported(version: str) -> str:
    """What to do about a version msglint does not read: spell it out, or convert the document."""
    readable = "msglint reads 2.0.0 to 2.6.0, 3.0.0 and 3.1.0"
    full = next((v for v in sorted(SUPPORTED_VERSIONS) if v.startswith(version + ".")), None)
    if full is not None:  # `asyncapi: 3` or `2.6`: a YAML number, or the version without its patch part
        return f"`asyncapi: {version}` is not a full version ({readable}); write it as a string, like '{full}'"
    return f"AsyncAPI {version} is not supported ({readable}); convert it with the AsyncAPI converter"


def _spelling(name: str) -> str:
    """The name without case and separators: two spellings of one name are one definition."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _last_word(name: str) -> str:
    words = [w for w in tokenize(name) if not is_version(w)]
    while len(words) > 1 and words[-1] in ("message", "msg"):
        words.pop()
    return words[-1] if words else ""


def _reply_channel(address: str) -> bool:
    """`.../reply`, `payments.responses`, `orders/reply-to`: an address that carries answers."""
    for words in segments(address):
        if words[-1] in REPLY_CHANNEL_WORDS or words[-2:] == ("reply", "to") or words[-1] == "replyto":
            return True
    return False


def _rekey_facts(facts: FileFacts, keys: dict[str, str]) -> None:
    """Give every fact of the file the key `keys` maps its key to."""

    def new(key: str) -> str:
        return keys.get(key, key)

    facts.declarations = [replace(d, key=new(d.key)) for d in facts.declarations]
    facts.evidence = [(new(k), e) for k, e in facts.evidence]
    facts.handlers = [replace(h, message_key=new(h.message_key)) for h in facts.handlers]
    facts.emissions = [replace(e, message_key=new(e.message_key)) for e in facts.emissions]
    facts.suppressions = [
        s if s.message_key is None else replace(s, message_key=new(s.message_key)) for s in facts.suppressions
    ]


def _ref_of(value: Any) -> str | None:
    return value.get("$ref") if isinstance(value, YMap) and isinstance(value.get("$ref"), str) else None


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
