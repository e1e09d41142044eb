"""Redis pub/sub through redis-py (`redis`, `redis.asyncio`, and aioredis 2, which has the same API): the
channel is the message. `client.publish("orders:paid", data)` publishes to every subscriber of the channel;
`pubsub.subscribe("orders:paid", ...)` on `pubsub = client.pubsub()` subscribes the function it is called in,
and `pubsub.subscribe(**{"orders:paid": on_paid})` subscribes the callback. A pattern subscription
(`psubscribe("orders:*")`) may receive any channel that matches: it is an unresolved receive, never a message.

Only a client redis-py builds counts (`Redis(...)`, `StrictRedis`, `RedisCluster`, `from_url`, `from_pool`),
held in a module variable, a class attribute or a local variable, or returned by a function of the project:
`publish` on anything else (the project's own `redis` wrapper) is not Redis."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import EmitMode, ReceiveMode, Unresolved
from msglint.readers.python.presets.plain import rejections_of
from msglint.readers.python.project import MessageFact, Project, UseFact
from msglint.readers.python.summary import Call, Ref, flatten

_CLASSES = ("Redis", "StrictRedis", "RedisCluster", "client.Redis", "client.StrictRedis", "cluster.RedisCluster")
CLIENT_FACTORIES = frozenset(
    {
        *(f"{package}.from_url" for package in ("redis", "redis.asyncio", "aioredis")),
        *(
            f"{package}.{cls}{factory}"
            for package in ("redis", "redis.asyncio", "aioredis")
            for cls in _CLASSES
            for factory in ("", ".from_url", ".from_pool")
        ),
    }
)
_DEPTH = 6  # a client handed through a few variables and helper functions; real code needs two or three


def _is_factory(project: Project, callee: str) -> bool:
    """Does `callee` build a redis-py client? Not when the project defines it: its own `redis.Redis` is not one."""
    canonical = project.canonical(callee)
    if canonical in project.classes or canonical in project.functions:
        return False
    return callee in CLIENT_FACTORIES or canonical in CLIENT_FACTORIES


def _held(project: Project, path: str, name: str, scope: str) -> Ref | None:
    """What a module variable (here or imported) or a class attribute (`self.client`, `Cache.client`) holds."""
    if name.startswith(("self.", "cls.")):
        owner, attribute = project.enclosing_class(scope), name.partition(".")[2]
        name = f"{owner}.{attribute}" if owner is not None and "." not in attribute else ""
    held = project.assignment(path, name) if name else None
    owner, _, attribute = name.rpartition(".")
    cls = project.canonical(owner) if held is None and owner else ""
    for lineage in (cls, *project.ancestors(cls)) if cls in project.classes else ():
        found = project.classes.get(lineage)
        if found is not None and attribute in found[0].attributes:
            return found[0].attributes[attribute]
    return held


def redis_object(project: Project, path: str, expression: str, scope: str, depth: int = _DEPTH) -> str | None:
    """What redis-py object an expression is ("client", "pubsub"), or None when it is not one msglint can tell.
    `expression` is a dotted name with `()` after each call, as summaries write callees: `redis.Redis()`,
    `app.cache.client`, `self.redis`, `orders.bus.get_redis().pubsub()`."""
    if depth <= 0 or not expression:
        return None
    key = ("redis-object", path, expression, scope, depth)  # each is worked out once: helpers call helpers
    if key not in project.memo:
        project.memo[key] = _redis_object(project, path, expression, scope, depth)
    return project.memo[key]  # type: ignore[return-value]


def _redis_object(project: Project, path: str, expression: str, scope: str, depth: int) -> str | None:
    if expression.endswith("()"):
        callee = expression[:-2]
        if _is_factory(project, callee):
            return "client"
        owner, _, method = callee.rpartition(".")
        if method == "pubsub" and owner:
            return "pubsub" if redis_object(project, path, owner, scope, depth - 1) == "client" else None
        found = project.functions.get(project.callee(callee, scope))
        if found is None:
            return None
        function, where = found
        made = (_ref_object(project, where, ref, function.qualname, depth - 1) for ref in function.returns)
        return next((kind for kind in made if kind is not None), None)
    held = _held(project, path, expression, scope)
    return _ref_object(project, path, held, scope, depth - 1) if held is not None else None


def _ref_object(project: Project, path: str, ref: Ref, scope: str, depth: int) -> str | None:
    if ref.kind == "call":
        return redis_object(project, path, ref.value + "()", scope, depth)
    if ref.kind == "name":
        return redis_object(project, path, ref.value, scope, depth)
    return None


def _called_on(project: Project, path: str, call: Call) -> str | None:
    """The redis-py object a method is called on: a local variable's value, else the callee's owner."""
    return redis_object(project, path, call.receiver or call.callee.rpartition(".")[0], call.scope)


def _channels(project: Project, path: str, ref: Ref, scope: str, depth: int = _DEPTH) -> tuple[list[str], bool]:
    """The channels a value names, and whether some of it cannot be read: a string, a constant (here, imported,
    a class attribute, an enum member or its `.value`), a list or tuple of them, a template's `.format(...)`
    (named by the template: `"trip:{trip_id}"`). An f-string or a value known only at run time cannot be read."""
    key = ("redis-channels", path, id(ref), scope, depth)
    known = project.memo.get(key)
    if not (isinstance(known, tuple) and known[0] is ref):  # the ref is kept with its answer: ids are reused
        known = (ref, _read_channels(project, path, ref, scope, depth))
        project.memo[key] = known
    return known[1]


def _read_channels(project: Project, path: str, ref: Ref, scope: str, depth: int) -> tuple[list[str], bool]:
    names: list[str] = []
    unreadable = False
    for item in flatten(ref):
        found: list[str] = []
        if item.kind == "str" and item.value and "{}" not in item.value:
            found = [item.value]
        elif item.kind == "name" and depth > 0:
            found, unreadable_here = _named(project, path, item.value.removesuffix(".value"), scope, depth - 1)
            unreadable = unreadable or unreadable_here
        elif item.kind == "call" and item.value.endswith(".format") and depth > 0:
            template = project.constant(path, item.value.removesuffix(".format"), scope=scope)
            found = [template] if template else []
        if not found:
            unreadable = unreadable or item.kind != "str" or "{}" in item.value
        names.extend(found)
    return list(dict.fromkeys(names)), unreadable


def _named(project: Project, path: str, name: str, scope: str, depth: int) -> tuple[list[str], bool]:
    constant = project.constant(path, name, scope=scope)
    if constant:
        return [constant], False
    held = _held(project, path, name, scope)
    if held is not None and held.kind in ("list", "any"):
        return _channels(project, path, held, scope, depth)  # `CHANNELS = ["orders:paid", ORDERS_SHIPPED]`
    return [], True


def messages(project: Project) -> None:
    """Channels are declared where they are first published or subscribed (in `uses`)."""


def uses(project: Project) -> Iterator[UseFact]:
    for path, summary in project.summaries.items():
        for call in summary.calls:
            attribute = call.callee.rpartition(".")[2]
            if attribute == "publish" and _called_on(project, path, call) == "client":
                yield from _published(project, path, call)
            elif attribute in ("subscribe", "psubscribe") and _called_on(project, path, call) == "pubsub":
                yield from _subscribed(project, path, call, attribute)


def _published(project: Project, path: str, call: Call) -> Iterator[UseFact]:
    where = project.location(path, call.line, call.column)
    channel = call.args[0] if call.args else call.keywords.get("channel")
    names, unreadable = _channels(project, path, channel, call.scope) if channel is not None else ([], True)
    if unreadable or not names:
        project.unresolved.append(
            Unresolved("emit", f"{call.callee}(...) publishes to a Redis channel msglint cannot read", where)
        )
    for name in names:  # a variable that holds one of several channels publishes to each
        project.declare(MessageFact(name, where, None, ""))
        yield UseFact(
            name,
            project.service_of(project.summaries[path].module),
            where,
            "Redis PUBLISH",
            "redis",
            False,
            emit_mode=EmitMode.PUBLISH,  # every subscriber of the channel gets it
            origin=call.scope,
        )


def _subscribed(project: Project, path: str, call: Call, attribute: str) -> Iterator[UseFact]:
    where = project.location(path, call.line, call.column)
    if attribute == "psubscribe":
        project.unresolved.append(Unresolved("receive", f"{call.callee}(...) subscribes to channels by pattern", where))
        return
    names, unreadable = _channels(project, path, Ref("list", "", call.args), call.scope)
    if unreadable or not (names or call.keywords):
        project.unresolved.append(
            Unresolved("receive", f"{call.callee}(...) subscribes to a Redis channel msglint cannot read", where)
        )
    subscribers = [(name, call.scope, "Redis SUBSCRIBE") for name in names]
    for name, handler in call.keywords.items():
        callback = _callback(project, handler, call.scope)
        subscribers.append(
            (name, callback or call.scope, "Redis SUBSCRIBE (callback)" if callback else "Redis SUBSCRIBE")
        )
    for name, component, via in subscribers:
        project.declare(MessageFact(name, where, None, ""))
        yield UseFact(
            name,
            component,
            where,
            via,
            "redis",
            True,
            receive_mode=ReceiveMode.SUBSCRIBE,  # a broadcast: each subscriber gets every message
            rejections=rejections_of(project, component),
        )


def _callback(project: Project, handler: Ref, scope: str) -> str | None:
    """The function of the project given as a channel's callback (a method of the class too)."""
    if handler.kind != "name":
        return None
    function = project.callee(handler.value, scope)
    return function if function in project.functions or project.definition_location(function) else None
