"""Apache Pulsar through its Python client (pulsar-client), without a framework.

A class deriving `pulsar.schema.Record` is a message, unless it is a base other records build on or a record
another record carries as a field (`data = RoomPayload()`, `data = RoomPayload`): a payload, not a message.
Its kind comes from its module (`commands`, `events`, `queries`), a project base between it and `Record`
(`class IntegrationEvent(Record)`), or its name.

`client.create_producer(topic, schema=AvroSchema(X))` (or `JsonSchema(X)`) builds a producer whose `send(x)`
and `send_async(x, callback)` write X to the topic. Without a record schema (raw bytes, a string) the value sent
names the message when it builds a known message class, else the topic is the message, as with Kafka.
`client.subscribe(topic, subscription_name, schema=AvroSchema(X), message_listener=f)` delivers X (or the
topic) to f; with no listener (a `receive()` loop) the receive is recorded as unresolved, so X is never "without
handler". The producer may be held in a local variable, a module variable, `self` (set by `__init__`) or be
called in one go (`client.create_producer("t").send(x)`). A topic is read from a string or a constant; a topic or
a schema's record given as a parameter of the function is read at each call of that function that passes it
(`subscribe_to_topic("rooms", "hk", CleanRoom)`). Whether a topic reaches one consumer or all depends on its
subscriptions, so the mode is left to topology.

Only a `pulsar.Client(...)` counts as a client: built here, held in a variable or attribute, returned by a
function of the project, or a parameter annotated with it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from msglint.model import EmitMode, Kind, ReceiveMode, Strength, Unresolved
from msglint.readers.python.presets.kafka import annotated_object, library_object
from msglint.readers.python.presets.plain import CONVENTION_MODULES, own_marker_kind
from msglint.readers.python.presets.redis import _channels, _held
from msglint.readers.python.project import MessageFact, Project, UseFact
from msglint.readers.python.summary import Call, Ref

RECORD_BASES = ("pulsar.schema.Record", "pulsar.schema.definition.Record", "pulsar.Record")
CLIENTS = {"pulsar.Client": "client", "pulsar.client.Client": "client"}
SCHEMAS = ("AvroSchema", "JsonSchema")
RAW_SCHEMAS = ("BytesSchema", "StringSchema")
_SENDS = frozenset({"send", "send_async"})
# The last names of the calls this preset reads, which a summary must keep.
CALLS = frozenset({*_SENDS, "subscribe", "create_producer"})


@dataclass(frozen=True)
class _Built:
    """A `create_producer(...)` or `subscribe(...)` call: where it is, what it is called on, its arguments."""

    path: str
    scope: str
    owner: str  # the client expression, as summaries write callees (`client`, `pulsar.Client()`)
    args: tuple[Ref, ...]
    keywords: dict[str, Ref]


def _is_record(project: Project, qualname: str, depth: int = 8) -> bool:
    """Does the class derive `pulsar.schema.Record`, directly (also as `Record` after `from pulsar.schema import
    *`) or through the project's own bases?"""
    found = project.classes.get(qualname)
    if found is None or depth <= 0:
        return False
    cls, path = found
    starred = "pulsar.schema" in project.summaries[path].star_imports
    for base in (project.canonical(b) for b in cls.bases):
        if base in RECORD_BASES or (base == "Record" and starred) or _is_record(project, base, depth - 1):
            return True
    return False


def _records(project: Project) -> list[str]:
    key = ("pulsar-records",)
    if key not in project.memo:
        project.memo[key] = [qualname for qualname in project.classes if _is_record(project, qualname)]
    return project.memo[key]  # type: ignore[return-value]


def _carried(project: Project, records: list[str]) -> set[str]:
    """Records another record holds as a field: `data = RoomPayload()`, `data = RoomPayload`, or inside a field
    type (`Array(array_type=RoomPayload())`)."""
    carried = set()
    for qualname in records:
        for ref in project.classes[qualname][0].attributes.values():
            carried.update(project.canonical(inner.value) for inner in _within(ref) if inner.kind in ("name", "call"))
    return carried


def _within(ref: Ref, depth: int = 4) -> Iterator[Ref]:
    yield ref
    if depth > 0:
        for inner in (*ref.args, *ref.keywords.values()):
            yield from _within(inner, depth - 1)


def messages(project: Project) -> None:
    records = _records(project)
    carried = _carried(project, records)
    for qualname in records:
        if qualname in project.subclassed or qualname in carried:
            continue
        cls, path = project.classes[qualname]
        module = project.summaries[path].module
        by_module = next((k for part, k in CONVENTION_MODULES.items() if part in module.split(".")), None)
        by_base = own_marker_kind(project, qualname, "")
        kind = by_base or by_module
        detail = f"a Pulsar Record in the module `{module}`" if by_module and not by_base else "a Pulsar Record"
        if by_base:
            base = next(a for a in project.ancestors(qualname) if own_marker_kind(project, a, "") is None)
            detail = f"a Pulsar Record deriving {base.rpartition('.')[2]} ({base})"
        project.declare(
            MessageFact(
                cls.name,
                project.class_location(qualname),
                kind if kind != Kind.UNKNOWN else None,
                detail,
                Strength.CONVENTION if by_module and not by_base else Strength.DECLARED,
                qualname,
                tuple(name for name in cls.attributes if not name.startswith("_")),
            )
        )


def _is_client(project: Project, path: str, owner: str, scope: str) -> bool:
    if library_object(project, path, owner, scope, CLIENTS) == "client":
        return True
    probe = Call(f"{owner}.create_producer", 0, 0, scope=scope)  # a parameter annotated `client: pulsar.Client`
    return annotated_object(project, probe, CLIENTS) == "client"


def _built_from_ref(project: Project, path: str, scope: str, ref: Ref, method: str) -> _Built | None:
    owner, _, last = ref.value.rpartition(".")
    if ref.kind != "call" or last != method or not owner:
        return None
    if not ref.args and not ref.keywords:  # what `__init__` stores on self keeps no arguments: the call has them
        found = _call_at(project, path, scope, ref)
        if found is not None:
            return _Built(found[0], found[1].scope, owner, tuple(found[1].args), found[1].keywords)
    return _Built(path, scope, owner, tuple(ref.args), dict(ref.keywords))


def _call_at(project: Project, path: str, scope: str, ref: Ref) -> tuple[str, Call] | None:
    """The call a reference to a call stands for, in this file or in the file of the class `scope` is in."""
    owner = project.classes.get(project.enclosing_class(scope) or "")
    for where in dict.fromkeys((path, *((owner[1],) if owner else ()))):
        for call in project.summaries[where].calls:
            if (call.line, call.column, call.callee) == (ref.line, ref.column, ref.value):
                return where, call
    return None


def _producer(project: Project, path: str, call: Call) -> _Built | None:
    """The `create_producer(...)` call the producer a `send` is called on was built by, when msglint can tell."""
    owner = call.callee.rpartition(".")[0]
    if call.on_call is not None and owner.endswith("()"):
        return _built_from_ref(project, path, call.scope, call.on_call, "create_producer")
    if call.receiver.endswith(".create_producer()"):  # a local variable: the call that built it, in the scope
        built = [c for c in project.summaries[path].calls if c.scope == call.scope and c.line <= call.line]
        made = [c for c in built if call.receiver[:-2] in (c.callee, f"{c.receiver}.{c.callee.rpartition('.')[2]}")]
        if not made:
            return None
        last = made[-1]
        owner = last.receiver or last.callee.rpartition(".")[0]
        return _Built(path, call.scope, owner, tuple(last.args), last.keywords)
    held = None
    if owner.startswith("self.") and "." not in owner[5:]:
        held = project.instance_attribute(call.scope, owner[5:])
    held = held or (_held(project, path, owner, call.scope) if owner else None)
    return _built_from_ref(project, path, call.scope, held, "create_producer") if held is not None else None


def _schema_record(schema: Ref | None) -> Ref | None:
    """X in `AvroSchema(X)` or `JsonSchema(X)`."""
    if schema is None or schema.kind != "call" or schema.value.rpartition(".")[2] not in SCHEMAS or not schema.args:
        return None
    return schema.args[0]


def _param(ref: Ref | None) -> int | None:
    return int(ref.value) if ref is not None and ref.kind == "param" and ref.value.isdigit() else None


_Value = tuple[str, str, "Ref | None"]  # (path, scope, value): a value and where to read it


@dataclass(frozen=True)
class _Site:
    """Where a send's or subscription's values are named: the call itself, or a call of its function."""

    path: str
    call: Call
    values: dict[str, _Value]


def _sites(project: Project, path: str, call: Call, values: dict[str, _Value]) -> list[_Site]:
    """The values at the call, or, when some are parameters of the function the call is in (`def
    subscribe_to_topic(topic, name, schema)`), as each call of that function passes them."""
    here = _Site(path, call, values)
    followed = {key: _param(ref) for key, (_, scope, ref) in values.items() if scope == call.scope}
    positions = [position for position in followed.values() if position is not None]
    if not positions:
        return [here]
    sites = []
    for site_path, site, _ in project.arguments_at_call_sites(call.scope, positions[0]):
        passed = {
            key: (site_path, site.scope, _passed(site, value[2])) if followed.get(key) is not None else value
            for key, value in values.items()
        }
        sites.append(_Site(site_path, site, passed))
    return sites or [here]


def _passed(site: Call, ref: Ref | None) -> Ref | None:
    """What a call of the function passes for a parameter."""
    position = _param(ref)
    return site.args[position] if position is not None and position < len(site.args) else None


def _names(project: Project, value: _Value) -> tuple[list[str], bool]:
    """The topics a value names, and whether some of it cannot be read."""
    path, scope, ref = value
    return _channels(project, path, ref, scope) if ref is not None else ([], True)


def _schema_values(built: _Built, schema: Ref | None) -> dict[str, _Value]:
    return {
        "schema": (built.path, built.scope, schema),
        "record": (built.path, built.scope, _schema_record(schema)),
    }


def _record_of(project: Project, site: _Site) -> tuple[str | None, bool]:
    """The message a site's schema names (`AvroSchema(X)`, followed to the callers when X or the schema is a
    parameter), and whether the schema is raw: none given, or one of bytes or strings (`StringSchema()`)."""
    schema = site.values["schema"][2]
    record = _message(project, _schema_record(schema)) or _message(project, site.values["record"][2])
    raw = site.values["schema"][2] is None or (
        schema is not None and schema.kind == "call" and schema.value.rpartition(".")[2] in RAW_SCHEMAS
    )
    return record, raw and record is None


def _message(project: Project, ref: Ref | None) -> str | None:
    """The message class a schema's record or a sent value names (a Pulsar Record or any message known)."""
    return project.message_ref(ref) if ref is not None else None


def uses(project: Project) -> Iterator[UseFact]:
    for path, summary in project.summaries.items():
        for call in summary.calls:
            owner, _, attribute = call.callee.rpartition(".")
            if attribute in _SENDS:
                built = _producer(project, path, call)
                if built is not None and _is_client(project, path, built.owner, built.scope):
                    yield from _sent(project, path, call, built)
            elif attribute == "subscribe" and owner and _is_client(project, path, call.receiver or owner, call.scope):
                built = _Built(path, call.scope, call.receiver or owner, tuple(call.args), call.keywords)
                yield from _subscribed(project, call, built)


def _topic(built: _Built) -> Ref | None:
    return built.args[0] if built.args else built.keywords.get("topic")


def _sent(project: Project, path: str, call: Call, producer: _Built) -> Iterator[UseFact]:
    schema = producer.keywords.get("schema") or (producer.args[2] if len(producer.args) > 2 else None)
    values = {
        "topic": (producer.path, producer.scope, _topic(producer)),
        **_schema_values(producer, schema),
        "sent": (path, call.scope, call.args[0] if call.args else None),
    }
    for site in _sites(project, path, call, values):
        where = project.location(site.path, site.call.line, site.call.column)
        topics, unreadable = _names(project, site.values["topic"])
        record, raw = _record_of(project, site)
        message = record or _message(project, site.values["sent"][2])
        names = [message] if message else topics if raw else []
        if not names:
            project.unresolved.append(
                Unresolved("emit", f"{site.call.callee}(...) sends to Pulsar a value msglint cannot name", where)
            )
        to = f"to {', '.join(map(repr, topics))}" if topics and not unreadable else "to a topic msglint cannot read"
        through = "" if site.call is call else f" in {call.scope.rpartition('.')[2]}()"
        for name in names:
            if message is None:
                project.declare(MessageFact(name, where, None, ""))
            yield UseFact(
                name,
                project.service_of(project.summaries[site.path].module),
                where,
                f"Pulsar producer.{call.callee.rpartition('.')[2]}(...) {to}{through}",
                "pulsar",
                False,
                emit_mode=EmitMode.UNKNOWN,  # a topic's subscriptions decide whether one consumer or all read it
                origin=site.call.scope,
            )


def _subscribed(project: Project, call: Call, built: _Built) -> Iterator[UseFact]:
    listener = _listener(project, call)
    values = {"topic": (built.path, built.scope, _topic(built)), **_schema_values(built, built.keywords.get("schema"))}
    for site in _sites(project, built.path, call, values):
        where = project.location(site.path, site.call.line, site.call.column)
        topics = _names(project, site.values["topic"])[0]
        record, raw = _record_of(project, site)
        names = [record] if record else topics if raw else []
        if not record:
            for name in names:
                project.declare(MessageFact(name, where, None, ""))
        on = f" on {', '.join(map(repr, topics))}" if topics else ""
        if listener is not None:
            for name in names:
                yield UseFact(
                    name,
                    listener,
                    where,
                    f"Pulsar subscribe(...{on}, message_listener={listener.rpartition('.')[2]})",
                    "pulsar",
                    True,
                    receive_mode=ReceiveMode.UNKNOWN,
                )
            continue
        if names:
            what = ", ".join(n.rpartition(".")[2] if n == record else repr(n) for n in names)
            detail = f"subscribes to {what}{on if record else ''} with no handler msglint can read"
        else:  # a schema msglint cannot read: any message may arrive
            detail = f"subscribes{on or ' to a topic msglint cannot read'} with a schema msglint cannot read"
        project.unresolved.append(Unresolved("receive", f"{call.callee}(...) {detail}", where, tuple(names)))


def _listener(project: Project, call: Call) -> str | None:
    """The function a `message_listener=` argument names, when it is one of the project's."""
    value = call.keywords.get("message_listener")
    if value is None or value.kind != "name":
        return None
    target = project.callee(value.value, call.scope)
    known = target in project.functions or project.definition_location(target) is not None
    return target if target and known else None
