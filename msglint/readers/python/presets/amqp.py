"""RabbitMQ (AMQP 0-9-1) through its client libraries, without a framework: pika, aio-pika and py-amqp.

What the message is: what a publisher names and a consumer's queue is bound to.
* The default exchange (`exchange=""`, aio-pika's `channel.default_exchange`): the routing key, which is the
  name of the queue it lands in. Sent to one queue, taken by one of its consumers (SEND, HANDLE).
* A named exchange: the exchange; for a direct or topic exchange (or one whose type msglint does not see) with a
  non-empty literal routing key, `exchange/routing-key`. A fan-out (or headers) exchange ignores the routing key:
  its name alone is the message, a broadcast to every queue bound to it (PUBLISH, SUBSCRIBE).
* A queue bound to an exchange (`queue.bind(exchange, routing_key=...)`, pika's `queue_bind(queue, exchange,
  routing_key)`) receives what the binding names; a queue bound to nothing receives its own name.
The handler is the callback given to `queue.consume(callback)` or `basic_consume(queue, on_message_callback=...)`,
else the function that declares the queue and reads it (`async for message in queue`, `queue.iterator()`).
Several functions consuming one queue compete for its messages: they are one logical handler.

Publishing: aio-pika `exchange.publish(Message(...), routing_key=...)` on `exchange = await
channel.declare_exchange(name, type)` declared in the same function, `channel.default_exchange.publish(...,
routing_key=queue)`; pika `channel.basic_publish(exchange=..., routing_key=..., body=...)`. Names are read from
strings, constants, enum members; anything else (an exchange held on `self` and declared in another method, an
f-string, a topic binding with `*` or `#`) is unresolved, never a message.

Only objects the library builds count (`aio_pika.connect(_robust)(...)`, `pika.BlockingConnection(...)`, their
`.channel()`, `declare_exchange`, `declare_queue`), or, for the AMQP-only method names (`basic_publish`,
`basic_consume`, `queue_bind`, `declare_queue`...), a call in a module that imports pika, aio-pika or py-amqp
(`amqp`, the client under Celery and kombu)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from msglint.model import EmitMode, Kind, Location, ReceiveMode, Strength, Unresolved
from msglint.readers.python.presets.kafka import library_object
from msglint.readers.python.presets.redis import _channels
from msglint.readers.python.project import MessageFact, Project, UseFact
from msglint.readers.python.summary import Call, Ref

_CONNECTIONS = ("aio_pika.connect", "aio_pika.connect_robust", "aio_pika.Connection", "aio_pika.RobustConnection")
_CONNECTIONS += ("pika.BlockingConnection", "pika.SelectConnection", "pika.adapters.BlockingConnection")
_CONNECTIONS += ("pika.adapters.blocking_connection.BlockingConnection",)
_CONNECTIONS += ("pika.adapters.asyncio_connection.AsyncioConnection",)
_CONNECTIONS += ("amqp.Connection", "amqp.connection.Connection")
_CLIENTS = dict.fromkeys(_CONNECTIONS, "connection")
# method -> (the object it is called on, the object it returns)
_MADE_BY = {
    "channel": ("connection", "channel"),
    "declare_exchange": ("channel", "exchange"),
    "get_exchange": ("channel", "exchange"),
    "declare_queue": ("channel", "queue"),
    "get_queue": ("channel", "queue"),
}
_AMQP_ONLY = frozenset({"basic_publish", "basic_consume", "queue_bind", "exchange_declare", "queue_declare"})
_AMQP_ONLY |= {"declare_exchange", "declare_queue"}
_LIBRARIES = ("pika", "aio_pika", "amqp")  # amqp: py-amqp, the client under Celery and kombu
_BROADCAST_TYPES = ("fanout", "headers")
# The last names of the calls this preset reads, which a summary must keep (besides CALLS_OF_INTEREST).
CALLS = frozenset({*_AMQP_ONLY, "publish", "bind", "consume", "iterator"})
_DEPTH = 6


@dataclass
class _Scope:
    """What one function does with AMQP: the exchanges and queues it declares, what it publishes and reads."""

    exchanges: list[str] = field(default_factory=list)  # names declared here, unreadable ones as ""
    queues: list[str] = field(default_factory=list)
    bound: list[Call] = field(default_factory=list)  # `queue.bind(exchange)` on a queue declared here
    consumed: list[Call] = field(default_factory=list)  # `queue.consume(cb)`, `queue.iterator()`
    publishes: list[Call] = field(default_factory=list)
    returns_queue: bool = False


def amqp_object(project: Project, path: str, expression: str, scope: str, depth: int = _DEPTH) -> str | None:
    """What pika or aio-pika object an expression is: "connection", "channel", "exchange", "queue",
    "default_exchange", or None when msglint cannot tell."""
    if depth <= 0 or not expression:
        return None
    owner, _, last = expression.removesuffix("()").rpartition(".")
    if expression.endswith("()") and last in _MADE_BY and owner:
        on, made = _MADE_BY[last]
        if last in _AMQP_ONLY and _imports_amqp(project, path):
            return made  # `self.channel.declare_exchange(...)` with the channel made in another method
        return made if amqp_object(project, path, owner, scope, depth - 1) == on else None
    if last == "default_exchange" and not expression.endswith("()") and owner:
        return "default_exchange" if amqp_object(project, path, owner, scope, depth - 1) == "channel" else None
    return library_object(project, path, expression, scope, _CLIENTS, depth)


def _imports_amqp(project: Project, path: str) -> bool:
    imports = project.summaries[path].imports.values()
    return any(name.partition(".")[0] in _LIBRARIES for name in imports)


def _on(project: Project, path: str, call: Call) -> str | None:
    return amqp_object(project, path, call.receiver or call.callee.rpartition(".")[0], call.scope)


def _is_amqp(project: Project, path: str, call: Call, expected: str) -> bool:
    attribute = call.callee.rpartition(".")[2]
    if _on(project, path, call) == expected:
        return True
    return attribute in _AMQP_ONLY and _imports_amqp(project, path) and call.callee not in project.functions


def _argument(call: Call, position: int, *keywords: str) -> Ref | None:
    for keyword in keywords:
        if keyword in call.keywords:
            return call.keywords[keyword]
    return call.args[position] if len(call.args) > position else None


def _name(project: Project, path: str, ref: Ref | None, scope: str) -> str | None:
    """One name a value stands for (a string, a constant, an enum member), or None."""
    if ref is None:
        return None
    names, unreadable = _channels(project, path, ref, scope) if ref.kind != "str" else ([ref.value], False)
    return names[0] if len(names) == 1 and not unreadable else None


def _exchange_type(ref: Ref | None) -> str:
    """`ExchangeType.FANOUT`, `"fanout"` -> "fanout"; "direct" when not given (both libraries' default)."""
    if ref is None:
        return "direct"
    if ref.kind == "str":
        return ref.value.lower()
    return ref.value.rpartition(".")[2].lower() if ref.kind == "name" else ""


class _Reading:
    """The whole project's AMQP calls, by function: declarations first, so any use can see any exchange's type."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.types: dict[str, str] = {}
        self.declared: dict[str, Location] = {}  # exchange -> where it is first declared
        self.bound_queues: set[str] = set()
        self.scopes: dict[tuple[str, str], _Scope] = defaultdict(_Scope)
        self.bindings: dict[str, list[tuple[str, str]]] = defaultdict(list)  # queue -> [(message, exchange type)]
        self.pika_consumers: list[tuple[str, Call]] = []
        for path, summary in project.summaries.items():
            for call in summary.calls:
                self._read(path, call)

    def _read(self, path: str, call: Call) -> None:
        attribute = call.callee.rpartition(".")[2]
        scope = self.scopes[(path, call.scope)]
        if attribute in ("declare_exchange", "exchange_declare") and _is_amqp(self.project, path, call, "channel"):
            name = _name(self.project, path, _argument(call, 0, "name", "exchange"), call.scope)
            if name is not None:
                self.types[name] = _exchange_type(_argument(call, 1, "type", "exchange_type"))
                self.declared.setdefault(name, self.project.location(path, call.line, call.column))
            scope.exchanges.append(name or "")
        elif attribute in ("declare_queue", "queue_declare") and _is_amqp(self.project, path, call, "channel"):
            scope.queues.append(_name(self.project, path, _argument(call, 0, "name", "queue"), call.scope) or "")
        elif attribute == "bind" and _on(self.project, path, call) == "queue":
            scope.bound.append(call)
        elif attribute in ("consume", "iterator") and _on(self.project, path, call) == "queue":
            scope.consumed.append(call)
        elif attribute == "publish" and _on(self.project, path, call) in ("exchange", "default_exchange"):
            scope.publishes.append(call)
        elif attribute in ("consume", "iterator", "publish") and self._looks_amqp(path, call):
            what = "publishes to a RabbitMQ exchange" if attribute == "publish" else "consumes a RabbitMQ queue"
            where = self.project.location(path, call.line, call.column)
            kind = "emit" if attribute == "publish" else "receive"
            self.project.unresolved.append(Unresolved(kind, f"{call.callee}(...) {what} msglint cannot read", where))
        elif attribute == "basic_publish" and _is_amqp(self.project, path, call, "channel"):
            scope.publishes.append(call)
        elif attribute == "queue_bind" and _is_amqp(self.project, path, call, "channel"):
            queue = _name(self.project, path, _argument(call, 0, "queue"), call.scope)
            exchange = _name(self.project, path, _argument(call, 1, "exchange"), call.scope)
            self._bind(path, call, queue, exchange, _argument(call, 2, "routing_key"))
        elif attribute == "basic_consume" and _is_amqp(self.project, path, call, "channel"):
            self.pika_consumers.append((path, call))

    def _looks_amqp(self, path: str, call: Call) -> bool:
        """An aio-pika queue or exchange msglint cannot follow (`self.queue`, declared in another method): in a
        module that imports aio-pika, `queue.consume(...)`, `queue.iterator()`, `publish(..., routing_key=...)`."""
        if not _imports_amqp(self.project, path) or call.callee in self.project.functions:
            return False
        return not call.callee.endswith(".publish") or "routing_key" in call.keywords

    def message(self, path: str, call: Call, exchange: str, routing_key: Ref | None) -> str | None:
        """The message an exchange and routing key name (see the module's docstring), or None."""
        if exchange and self.types.get(exchange) in _BROADCAST_TYPES:
            return exchange
        key = "" if routing_key is None else _name(self.project, path, routing_key, call.scope)
        if key is None or (not exchange and not key):
            return None
        return f"{exchange}/{key}" if exchange and key else exchange or key

    def _bind(self, path: str, call: Call, queue: str | None, exchange: str | None, key: Ref | None) -> None:
        message = self.message(path, call, exchange, key) if exchange else None
        where = self.project.location(path, call.line, call.column)
        if queue is not None:
            self.bound_queues.add(queue)  # bound to something: no longer read by its own name alone
        if queue is None or message is None or any(mark in message.partition("/")[2] for mark in "*#"):
            self.project.unresolved.append(
                Unresolved("receive", f"{call.callee}(...) binds a queue msglint cannot read", where)
            )
            return
        self.bindings[queue].append((message, self.types.get(exchange, "")))

    def scope_exchange(self, path: str, scope: str) -> str | None:
        """The one exchange a function declares (what its local `exchange` variable holds), or None."""
        names = set(self.scopes[(path, scope)].exchanges)
        return names.pop() if len(names) == 1 and "" not in names else None

    def bind_local_queues(self) -> None:
        """`queue.bind(exchange, routing_key)` on a queue declared in the same function."""
        for (path, scope_name), scope in list(self.scopes.items()):
            for call in scope.bound:
                queue = self.scope_queue(path, scope_name)
                exchange_ref = _argument(call, 0, "exchange")
                exchange = (
                    _name(self.project, path, exchange_ref, scope_name)
                    if exchange_ref is not None and exchange_ref.kind in ("str", "name")
                    else self.scope_exchange(path, scope_name)
                )
                self._bind(path, call, queue, exchange, _argument(call, 1, "routing_key"))

    def scope_queue(self, path: str, scope: str) -> str | None:
        names = set(self.scopes[(path, scope)].queues)
        return names.pop() if len(names) == 1 and "" not in names else None


def _reading(project: Project) -> _Reading:
    """The project's AMQP calls, read once per run (`messages` and `uses` both need them)."""
    key = ("amqp-reading",)
    if key not in project.memo:
        reading = _Reading(project)
        reading.bind_local_queues()
        project.memo[key] = reading
    return project.memo[key]  # type: ignore[return-value]


def messages(project: Project) -> None:
    """A fan-out exchange is an event where it is declared: RabbitMQ copies what it gets to every queue bound to
    it. Other exchanges and queues are declared where they are first published or consumed (in `uses`)."""
    reading = _reading(project)
    for name, where in reading.declared.items():
        if reading.types.get(name) == "fanout":
            detail = "a fan-out exchange: a copy of each message goes to every queue bound to it"
            project.declare(MessageFact(name, where, Kind.EVENT, detail, Strength.TOPOLOGY))


def uses(project: Project) -> Iterator[UseFact]:
    reading = _reading(project)
    consumers: dict[str, list[str]] = defaultdict(list)  # queue -> consuming functions
    for (path, scope_name), scope in reading.scopes.items():
        for call in scope.publishes:
            yield from _published(project, reading, path, call)
        if scope.consumed or scope.bound:
            yield from _consumed_here(project, reading, path, scope_name, scope, consumers)
    for path, call in reading.pika_consumers:
        queue = _name(project, path, _argument(call, 0, "queue"), call.scope)
        callback = _callback(project, _argument(call, 1, "on_message_callback"), call.scope)
        yield from _queue_read(project, reading, path, call, queue, callback or call.scope, consumers)
    _one_logical_handler(project, consumers)


def _published(project: Project, reading: _Reading, path: str, call: Call) -> Iterator[UseFact]:
    where = project.location(path, call.line, call.column)
    if call.callee.endswith("basic_publish"):
        exchange = _name(project, path, _argument(call, 0, "exchange"), call.scope)
        routing_key = _argument(call, 1, "routing_key")
    else:  # aio-pika: exchange.publish(message, routing_key)
        default = _on(project, path, call) == "default_exchange"
        exchange = "" if default else reading.scope_exchange(path, call.scope)
        routing_key = _argument(call, 1, "routing_key")
    message = reading.message(path, call, exchange, routing_key) if exchange is not None else None
    if message is None:
        project.unresolved.append(
            Unresolved("emit", f"{call.callee}(...) publishes to a RabbitMQ exchange msglint cannot read", where)
        )
        return
    broadcast = reading.types.get(exchange) in _BROADCAST_TYPES
    project.declare(MessageFact(message, where, None, ""))
    yield UseFact(
        message,
        project.service_of(project.summaries[path].module),
        where,
        f"RabbitMQ {call.callee.rpartition('.')[2]}(...)",
        "amqp",
        False,
        emit_mode=EmitMode.PUBLISH if broadcast else EmitMode.SEND if not exchange else EmitMode.UNKNOWN,
        origin=call.scope,
    )


def _consumed_here(
    project: Project, reading: _Reading, path: str, scope_name: str, scope: _Scope, consumers: dict[str, list[str]]
) -> Iterator[UseFact]:
    """A function that declares a queue and consumes it (with a callback, an iterator, or `async for`)."""
    queue = reading.scope_queue(path, scope_name)
    call = (scope.consumed or scope.bound)[0]
    callbacks = [c for c in scope.consumed if c.callee.endswith(".consume") and c.args]
    handler = _callback(project, callbacks[0].args[0], scope_name) if callbacks else None
    yield from _queue_read(project, reading, path, call, queue, handler or scope_name, consumers)


def _queue_read(
    project: Project,
    reading: _Reading,
    path: str,
    call: Call,
    queue: str | None,
    handler: str,
    consumers: dict[str, list[str]],
) -> Iterator[UseFact]:
    where = project.location(path, call.line, call.column)
    if queue is None:
        project.unresolved.append(
            Unresolved("receive", f"{call.callee}(...) consumes a RabbitMQ queue msglint cannot read", where)
        )
        return
    consumers[queue].append(handler)
    own = [] if queue in reading.bound_queues else [(queue, "default")]  # a queue bound to nothing gets its own name
    for message, kind in reading.bindings.get(queue) or own:
        project.declare(MessageFact(message, where, None, ""))
        broadcast, default = kind in _BROADCAST_TYPES, kind == "default"
        yield UseFact(
            message,
            handler,
            where,
            f"RabbitMQ queue {queue!r}",
            "amqp",
            True,
            receive_mode=ReceiveMode.SUBSCRIBE if broadcast else ReceiveMode.HANDLE if default else ReceiveMode.UNKNOWN,
        )


def _one_logical_handler(project: Project, consumers: dict[str, list[str]]) -> None:
    """Competing consumers of one queue share its messages: one logical handler, when each reads only it."""
    reads: dict[str, set[str]] = defaultdict(set)
    for queue, handlers in consumers.items():
        for handler in handlers:
            reads[handler].add(queue)
    for handlers in consumers.values():
        distinct = list(dict.fromkeys(handlers))
        if len(distinct) > 1 and all(len(reads[handler]) == 1 for handler in distinct):
            for handler in distinct[1:]:
                project.same_handler.setdefault(handler, distinct[0])


def _callback(project: Project, ref: Ref | None, scope: str) -> str | None:
    """The function of the project given as the consuming callback (a method of the class too)."""
    if ref is None or ref.kind != "name":
        return None
    function = project.callee(ref.value, scope)
    return function if function in project.functions or project.definition_location(function) else None
