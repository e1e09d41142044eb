"""Kafka through its client libraries, without a framework: aiokafka (`AIOKafkaProducer`, `AIOKafkaConsumer`),
kafka-python (`KafkaProducer`, `KafkaConsumer`) and confluent-kafka (`Producer`, `SerializingProducer`,
`Consumer`, `DeserializingConsumer`). The topic is the message.

`producer.send("orders", ...)`, `send_and_wait(...)` and confluent's `produce("orders", ...)` (or `topic=`)
write to the topic; whether that is a broadcast or a command to one group is left to topology. The function
that builds a consumer with topics (`AIOKafkaConsumer("orders", ...)`, `KafkaConsumer(...)`) or calls
`consumer.subscribe(["orders"])` (or `topics=[...]`) consumes them: it is the handler. A topic is read from a
string, a constant (here, imported, a class attribute, an enum member or its `.value`) or a list of them; a
topic given as a parameter of the function, a pattern subscription (`subscribe(pattern=...)`) and any other
value are unresolved, never a message. A producer's topic given as a parameter of its function is read at each
call of that function (`publish("orders", order)` for `def publish(topic, value): producer.send(topic, value)`).

Only a client the library builds counts: a call of its class held in a local or module variable or a class
attribute, returned by a function of the project, or a parameter annotated with the class (`producer:
AIOKafkaProducer = Depends(...)`). The project's own `Producer` class is not confluent-kafka's."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from msglint.model import EmitMode, ReceiveMode, Unresolved
from msglint.readers.python.presets.redis import _channels, _held
from msglint.readers.python.project import MessageFact, Project, UseFact
from msglint.readers.python.summary import Call, Ref, flatten

# Consumers whose positional arguments are topics; confluent-kafka's take a configuration dict instead.
_TOPIC_CONSUMERS = ("aiokafka.AIOKafkaConsumer", "aiokafka.consumer.AIOKafkaConsumer")
_TOPIC_CONSUMERS += ("kafka.KafkaConsumer", "kafka.consumer.KafkaConsumer", "kafka.consumer.group.KafkaConsumer")
_CONFIG_CONSUMERS = ("confluent_kafka.Consumer", "confluent_kafka.DeserializingConsumer")
_CONFIG_CONSUMERS += ("confluent_kafka.cimpl.Consumer", "confluent_kafka.avro.AvroConsumer")
_PRODUCERS = ("aiokafka.AIOKafkaProducer", "aiokafka.producer.AIOKafkaProducer", "kafka.KafkaProducer")
_PRODUCERS += ("kafka.producer.KafkaProducer", "confluent_kafka.Producer", "confluent_kafka.SerializingProducer")
_PRODUCERS += ("confluent_kafka.cimpl.Producer", "confluent_kafka.avro.AvroProducer")
CLIENTS: Mapping[str, str] = {
    **dict.fromkeys(_PRODUCERS, "producer"),
    **dict.fromkeys((*_TOPIC_CONSUMERS, *_CONFIG_CONSUMERS), "consumer"),
}
_SENDS = frozenset({"send", "send_and_wait", "produce"})
# The last names of the calls this preset reads, which a summary must keep (besides CALLS_OF_INTEREST).
CALLS = frozenset({*_SENDS, "subscribe", *(name.rpartition(".")[2] for name in _TOPIC_CONSUMERS)})
_DEPTH = 6  # a client handed through a few variables and helper functions


def library_object(
    project: Project, path: str, expression: str, scope: str, classes: Mapping[str, str], depth: int = _DEPTH
) -> str | None:
    """What `classes` says the object an expression stands for is, when a class of the library (a key of
    `classes`) built it: `AIOKafkaProducer()`, a variable or class attribute holding one, a function of the
    project returning one. `expression` is written as summaries write callees (`self.producer`, `make()`)."""
    if depth <= 0 or not expression:
        return None
    key = ("library-object", id(classes), path, expression, scope, depth)
    if key not in project.memo:
        project.memo[key] = _library_object(project, path, expression, scope, classes, depth)
    return project.memo[key]  # type: ignore[return-value]


def _library_object(
    project: Project, path: str, expression: str, scope: str, classes: Mapping[str, str], depth: int
) -> str | None:
    if expression.endswith("()"):
        callee = expression[:-2]
        built = library_class(project, callee, classes)
        if built:
            return classes[built]
        found = project.functions.get(project.callee(callee, scope))
        if found is None:
            return None
        function, where = found
        made = (_ref_object(project, where, ref, function.qualname, classes, depth - 1) for ref in function.returns)
        return next((kind for kind in made if kind is not None), None)
    held = _held(project, path, expression, scope)
    return _ref_object(project, path, held, scope, classes, depth - 1) if held is not None else None


def _ref_object(
    project: Project, path: str, ref: Ref, scope: str, classes: Mapping[str, str], depth: int
) -> str | None:
    if ref.kind == "call":
        return library_object(project, path, ref.value + "()", scope, classes, depth)
    if ref.kind == "name":
        return library_object(project, path, ref.value, scope, classes, depth)
    if ref.kind == "any":  # `producer = Producer(...)` or `producer = None`: what it holds when it is one
        found = {_ref_object(project, path, value, scope, classes, depth) for value in ref.args} - {None}
        return found.pop() if len(found) == 1 else None
    if ref.kind == "item" and ref.args and ref.args[0].kind == "call" and "of" in ref.keywords:
        # `producer, consumer = make_clients()` with `return Producer(...), consumer`: that item
        found = project.functions.get(project.callee(ref.args[0].value, scope))
        if found is not None and len(found[0].items) == int(ref.keywords["of"].value) and ref.value.isdigit():
            function, where = found
            return _ref_object(project, where, function.items[int(ref.value)], function.qualname, classes, depth)
    return None


def library_class(project: Project, callee: str, classes: Mapping[str, str]) -> str:
    """The library class (a key of `classes`) a call builds, or "": the project's own class is never one."""
    canonical = project.canonical(callee)
    if canonical in project.classes or canonical in project.functions:
        return ""
    return callee if callee in classes else canonical if canonical in classes else ""


def annotated_object(project: Project, call: Call, classes: Mapping[str, str]) -> str | None:
    """`producer.send(...)` on a bare name that is no local or module variable, in a function with a parameter
    annotated with a class of the library (`producer: AIOKafkaProducer`): what that class builds. When the
    function's annotated parameters are of several kinds, None."""
    owner = call.callee.rpartition(".")[0]
    if call.receiver or not owner or "." in owner:
        return None
    found = project.functions.get(call.scope)
    kinds = {classes[a] for a in found[0].annotations if a in classes} if found is not None else set()
    return kinds.pop() if len(kinds) == 1 else None


def _kafka_object(project: Project, path: str, call: Call) -> str | None:
    owner = call.receiver or call.callee.rpartition(".")[0]
    return library_object(project, path, owner, call.scope, CLIENTS) or annotated_object(project, call, CLIENTS)


def messages(project: Project) -> None:
    """Topics are declared where they are first produced or consumed (in `uses`)."""


def uses(project: Project) -> Iterator[UseFact]:
    for path, summary in project.summaries.items():
        for call in summary.calls:
            attribute = call.callee.rpartition(".")[2]
            built = library_class(project, call.callee, CLIENTS) if attribute in CALLS - _SENDS else ""
            if built in _TOPIC_CONSUMERS and call.args:
                yield from _consumed(project, path, call, Ref("list", "", call.args))
            elif attribute in _SENDS and _kafka_object(project, path, call) == "producer":
                yield from _produced(project, path, call)
            elif attribute == "subscribe" and _kafka_object(project, path, call) == "consumer":
                yield from _subscribed(project, path, call)


def _produced(project: Project, path: str, call: Call) -> Iterator[UseFact]:
    topic = call.args[0] if call.args else call.keywords.get("topic")
    for site_path, site, names, unreadable in _read_where_given(project, path, call, topic):
        where = project.location(site_path, site.line, site.column)
        if unreadable or not names:
            project.unresolved.append(
                Unresolved("emit", f"{site.callee}(...) sends to a Kafka topic msglint cannot read", where)
            )
        through = "" if site is call else f" in {call.scope.rpartition('.')[2]}()"
        for name in names:
            project.declare(MessageFact(name, where, None, ""))
            yield UseFact(
                name,
                project.service_of(project.summaries[site_path].module),
                where,
                f"Kafka {call.callee.rpartition('.')[2]}(topic){through}",
                "kafka",
                False,
                # every consumer group reads the whole topic, but a topic may as well carry commands to the one
                # group that does the work: as with FastStream, topology decides
                emit_mode=EmitMode.UNKNOWN,
                origin=site.scope,
            )


def _read_where_given(
    project: Project, path: str, call: Call, topic: Ref | None
) -> list[tuple[str, Call, list[str], bool]]:
    """(path, call, topics, some unreadable) where the topics are named: at the call itself, or, when they are
    the parameter of the function it is in (`def consume(topic): AIOKafkaConsumer(topic, ...)`), at each call
    of that function that passes them (`consume("orders")`)."""
    if topic is None:
        return [(path, call, [], True)]
    items = list(flatten(topic))
    positions = [int(item.value) for item in items if item.kind == "param" and item.value.isdigit()]
    sites = [site for position in positions for site in project.arguments_at_call_sites(call.scope, position)]
    if not positions or len(positions) != len(items) or not sites:
        return [(path, call, *_channels(project, path, topic, call.scope))]
    return [(site_path, site, *_channels(project, site_path, value, site.scope)) for site_path, site, value in sites]


def _subscribed(project: Project, path: str, call: Call) -> Iterator[UseFact]:
    if "pattern" in call.keywords:
        where = project.location(path, call.line, call.column)
        project.unresolved.append(Unresolved("receive", f"{call.callee}(...) subscribes to topics by pattern", where))
        return
    topics = call.args[0] if call.args else call.keywords.get("topics")
    if topics is not None:
        yield from _consumed(project, path, call, topics)


def _consumed(project: Project, path: str, call: Call, topics: Ref) -> Iterator[UseFact]:
    # A consumer's topics are read where it is built, not from its function's callers: a wrapper run with several
    # topics (`consume("product_create_topic")`) in several services makes several handlers of a topic whose kind,
    # in such a noun-first name, msglint can only guess (a command handled twice, or an event read by each group).
    where = project.location(path, call.line, call.column)
    names, unreadable = _channels(project, path, topics, call.scope)
    if unreadable or not names:
        project.unresolved.append(
            Unresolved("receive", f"{call.callee}(...) consumes a Kafka topic msglint cannot read", where)
        )
    for name in names:
        project.declare(MessageFact(name, where, None, ""))
        yield UseFact(
            name,
            call.scope,
            where,
            f"Kafka {call.callee.rpartition('.')[2]}(topics)",
            "kafka",
            True,
            receive_mode=ReceiveMode.UNKNOWN,  # a group shares a topic's partitions; each group reads them all
        )
