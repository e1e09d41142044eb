"""FastStream: `@broker.subscriber("topic")` handles a topic (several topics, or a `RabbitQueue("name")`,
inline or assigned to a variable), `@broker.publisher("topic")` publishes the function's return value to
one, `broker.publish(msg, "topic")` and `publisher.publish(msg)` (for `publisher = broker.publisher("t")`, or
`broker.publisher("t").publish(msg)` in one go) publish; a broker may be one `__init__` was given
(`self.broker` for `broker: RabbitBroker`). Routers add their `prefix`.

FastStream publishes everything with `publish`, whether to a Kafka topic every group reads or to a
RabbitMQ queue one consumer takes from, so the mode of an emission is left open: topology decides."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import EmitMode, ReceiveMode, Unresolved
from msglint.readers.python.presets.plain import rejections_of
from msglint.readers.python.project import MessageFact, Project, UseFact
from msglint.readers.python.summary import Call, Ref

TOPIC_KEYWORDS = ("subject", "queue", "channel", "topic", "stream", "list")
PUBLISH_KEYWORDS = (*TOPIC_KEYWORDS, "routing_key")
QUEUE_CLASSES = ("RabbitQueue", "KafkaTopic", "NatsSubject", "StreamSub", "ListSub", "PubSub")


def _broker(project: Project, path: str, owner: str, scope: str = "", depth: int = 2) -> tuple[bool, str]:
    """Is `owner` a FastStream broker or router in this module (or, in a method of `scope`, the one its
    `__init__` was given: `self.broker`), and what prefix does it add?"""
    ref = project.assignment(path, owner)
    attribute = owner.removeprefix("self.")
    if ref is None and scope and owner.startswith("self.") and "." not in attribute:
        ref = project.instance_attribute(scope, attribute)
    if ref is None and owner.endswith(".broker") and depth > 0:
        # `app.broker` of `app = FastStream(broker)`: the broker the application was given
        app = project.assignment(path, owner.removesuffix(".broker"))
        if app is not None and app.kind == "call" and project.canonical(app.value).startswith("faststream."):
            given = app.args[0] if app.args else app.keywords.get("broker")
            if given is not None and given.kind == "name":
                return _broker(project, path, given.value, scope, depth - 1)
    if ref is None or ref.kind != "call" or not project.canonical(ref.value).startswith("faststream."):
        return False, ""
    prefix = ref.keywords.get("prefix")
    return True, prefix.value if prefix is not None and prefix.kind == "str" else ""


def _name_of(project: Project, path: str, ref: Ref, scope: str = "", depth: int = 8) -> str | None:
    """A topic written as a string, as `RabbitQueue("name", ...)`, or as a variable holding one (followed to
    a fixed depth: `Q = "orders"` then `Q = RabbitQueue(Q)` leaves only the second, which names itself)."""
    if depth <= 0:
        return None
    if ref.kind == "str" and ref.value:
        return ref.value
    if ref.kind == "name":
        assigned = project.assignment(path, ref.value)
        if assigned is not None and assigned.kind == "call":
            return _name_of(project, path, assigned, scope, depth - 1)
        return project.constant(path, ref.value, scope=scope)  # a constant, a class attribute, a settings default
    if ref.kind == "call" and ref.value.rsplit(".", 1)[-1] in QUEUE_CLASSES and ref.args:
        return _name_of(project, path, ref.args[0], scope, depth - 1)
    return None


def _topics(
    project: Project, path: str, args: list[Ref], keywords: dict[str, Ref], names: tuple[str, ...], scope: str = ""
) -> list[str]:
    found = [_name_of(project, path, ref, scope) for ref in [*args, *(keywords[k] for k in names if k in keywords)]]
    return list(dict.fromkeys(topic for topic in found if topic))


def _decorated(project: Project) -> Iterator[tuple[str, str, str, str, list[str], object]]:
    """(function, path, subscriber|publisher, prefix, topics, decorator) for every FastStream decorator."""
    for qualname, (function, path) in project.functions.items():
        for decorator in function.decorators:
            owner, _, attribute = decorator.name.rpartition(".")
            if attribute not in ("subscriber", "publisher"):
                continue
            is_broker, prefix = _broker(project, path, owner)
            args = decorator.args if attribute == "subscriber" else decorator.args[:1]
            topics = _topics(project, path, args, decorator.keywords, TOPIC_KEYWORDS)
            if is_broker and topics:
                yield qualname, path, attribute, prefix, topics, decorator


def messages(project: Project) -> None:
    """Topics are the messages: they are declared where they are first subscribed or published."""
    for _, path, _, prefix, topics, decorator in _decorated(project):
        for topic in topics:
            project.declare(
                MessageFact(prefix + topic, project.location(path, decorator.line, decorator.column), None, "")
            )


def _unreadable_subscribers(project: Project) -> None:
    """A broker's subscriber whose topic msglint cannot read (a setting of another package, a computed
    name) may receive any topic: recorded, so no topic is judged to have no consumer or a single one."""
    for _, (function, path) in project.functions.items():
        for decorator in function.decorators:
            owner, _, attribute = decorator.name.rpartition(".")
            if attribute != "subscriber" or not (decorator.args or decorator.keywords):
                continue
            if _broker(project, path, owner)[0] and not _topics(
                project, path, decorator.args, decorator.keywords, TOPIC_KEYWORDS
            ):
                project.unresolved.append(
                    Unresolved(
                        "receive",
                        f"@{decorator.name}(...) subscribes to a topic msglint cannot read",
                        project.location(path, decorator.line, decorator.column),
                    )
                )


def uses(project: Project) -> Iterator[UseFact]:
    _unreadable_subscribers(project)
    for qualname, path, attribute, prefix, topics, decorator in _decorated(project):
        where = project.location(path, decorator.line, decorator.column)
        for topic in topics:
            if attribute == "subscriber":
                yield UseFact(
                    prefix + topic,
                    qualname,
                    where,
                    f"@{decorator.name}(...)",
                    "faststream",
                    True,
                    receive_mode=ReceiveMode.UNKNOWN,
                    rejections=rejections_of(project, qualname),
                )
            else:
                yield _published(
                    project, path, prefix + topic, where, f"@{decorator.name}(...) (return value)", qualname
                )
    for path, summary in project.summaries.items():
        for call in summary.calls:
            owner, _, attribute = call.callee.rpartition(".")
            if attribute != "publish":
                continue
            is_broker, prefix = _broker(project, path, owner, call.scope)
            topics = (
                _topics(project, path, call.args[1:2], call.keywords, PUBLISH_KEYWORDS, call.scope) if is_broker else []
            )
            if not is_broker:
                prefix, topics = _publisher_object(project, path, owner, call)
            where = project.location(path, call.line, call.column)
            for topic in topics[:1]:
                project.declare(MessageFact(prefix + topic, where, None, ""))
                yield _published(project, path, prefix + topic, where, f"{call.callee}(..., {topic!r})", call.scope)


def _publisher_object(project: Project, path: str, owner: str, call: Call) -> tuple[str, list[str]]:
    """`invoices = broker.publisher("send-invoice")` (at module level or in the function), later
    `invoices.publish(msg)`, or in one go `broker.publisher("send-invoice").publish(msg)`: that topic."""
    ref = call.on_call if call.on_call is not None else project.assignment(path, owner) if owner else None
    if ref is None or ref.kind != "call" or not ref.value.endswith(".publisher"):
        return "", []
    is_broker, prefix = _broker(project, path, ref.value.rpartition(".")[0], call.scope)
    return (prefix, _topics(project, path, ref.args[:1], ref.keywords, TOPIC_KEYWORDS)) if is_broker else ("", [])


def _published(project: Project, path: str, topic: str, where, via: str, origin: str) -> UseFact:  # noqa: ANN001
    return UseFact(
        topic,
        project.service_of(project.summaries[path].module),
        where,
        via,
        "faststream",
        False,
        emit_mode=EmitMode.UNKNOWN,
        origin=origin,
    )
