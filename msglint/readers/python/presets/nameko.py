"""nameko: an event is the pair of the dispatching service's `name` and the event type. An
`EventDispatcher()` attribute called with a type publishes it; `@event_handler("service", "type")`
subscribes to it; `@rpc` methods are commands handled by their service, and calling one through an
`RpcProxy("service")` (`ServiceRpc` in nameko 3) attribute sends that command.

When one message class of the project says it travels under the event type (`name = "room_reserved"`, see
`plain.wire_name`), the nameko event is that class: a domain event handed to nameko by an adapter
(`self._dispatch(event.name, event.payload())`) is one message, not a class and a pair."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import EmitMode, Kind, Location, ReceiveMode, Strength
from msglint.naming import tokenize
from msglint.readers.python.presets.cqrs import QUERY_VERBS
from msglint.readers.python.presets.plain import rejections_of, wire_name, wire_named
from msglint.readers.python.project import MessageFact, Project, UseFact


def _service_name(project: Project, class_qualname: str) -> str | None:
    found = project.classes.get(class_qualname)
    ref = found[0].attributes.get("name") if found else None
    return ref.value if ref is not None and ref.kind == "str" else None


def _dispatchers(project: Project, class_qualname: str) -> set[str]:
    cls = project.classes[class_qualname][0]
    return {
        attribute
        for attribute, ref in cls.attributes.items()
        if ref.kind == "call" and project.canonical(ref.value).startswith("nameko.events.EventDispatcher")
    }


def _rpc_target(project: Project, class_qualname: str, callee: str) -> str | None:
    """`self.payments.charge_card` where `payments = RpcProxy("payments")`: the command `payments.charge_card`,
    as the `@rpc` method that handles it is known (a method msglint cannot see is not invented)."""
    parts = callee.split(".")
    if len(parts) != 3:
        return None
    ref = project.classes[class_qualname][0].attributes.get(parts[1])
    if ref is None or ref.kind != "call" or not project.canonical(ref.value).startswith(RPC_PROXY_CLASSES):
        return None
    if not ref.args or ref.args[0].kind != "str":
        return None
    target = f"{ref.args[0].value}.{parts[2]}"
    return project.message_named(target)


RPC_PROXY_CLASSES = ("nameko.rpc.RpcProxy", "nameko.rpc.ServiceRpc")
STANDALONE_PROXIES = ("nameko.standalone.rpc.ClusterRpcProxy", "nameko.standalone.rpc.ServiceRpcProxy")
# An @rpc method whose name asks for data answers a question: a query, not a command.
READ_VERBS = frozenset({*QUERY_VERBS, "show", "health", "ping", "status", "exists", "lookup", "describe"})


def _standalone_target(project: Project, callee: str) -> str | None:
    """`rpc.carts.show(...)` inside `with ClusterRpcProxy(config) as rpc`: the @rpc method `carts.show`, when
    msglint knows it."""
    proxy, _, rest = callee.partition("().")
    if not rest or project.canonical(proxy) not in STANDALONE_PROXIES:
        return None
    return project.message_named(rest)


def _event_classes(project: Project) -> dict[str, str]:
    """Event type -> the one message class that travels under it (a type two classes claim joins neither)."""
    classes: dict[str, list[str]] = {}
    for qualname, fact in project.messages.items():
        named = wire_name(project, qualname) if fact.qualname == qualname else None
        if named is not None:
            classes.setdefault(named, []).append(qualname)
    return {named: qualnames[0] for named, qualnames in classes.items() if len(qualnames) == 1}


def _event(
    project: Project, classes: dict[str, str], service: str, event_type: str, where: Location, detail: str
) -> str:
    """The message of a nameko event: the class that travels under its type, else the pair, declared here."""
    if event_type in classes:
        fact = project.messages[classes[event_type]]
        if fact.kind is None:  # a class on a `Message` base: nameko says what it is
            fact.kind, fact.detail, fact.strength = Kind.EVENT, detail, Strength.DECLARED
        return classes[event_type]
    project.declare(MessageFact(f"{service}.{event_type}", where, Kind.EVENT, detail, Strength.DECLARED))
    return f"{service}.{event_type}"


def messages(project: Project) -> None:
    """@rpc methods; events are declared in `uses`, once every message class is known, since a class may be
    the event."""
    for qualname, (function, path) in project.functions.items():
        for decorator in function.decorators:
            name = project.canonical(decorator.name)
            if name == "nameko.rpc.rpc":
                owner = qualname.rpartition(".")[0]
                service = _service_name(project, owner) or owner.rsplit(".", 1)[-1]
                words = tokenize(function.name)
                reads = bool(words) and words[0] in READ_VERBS
                project.declare(
                    MessageFact(
                        f"{service}.{function.name}",
                        project.location(path, function.line, function.column),
                        Kind.QUERY if reads else Kind.COMMAND,
                        f"a nameko @rpc method is a request{' that asks for data' if reads else ' for work'}",
                        Strength.CONVENTION if reads else Strength.DECLARED,
                        qualname,
                    )
                )


def uses(project: Project) -> Iterator[UseFact]:
    classes = _event_classes(project)
    for qualname, (function, path) in project.functions.items():
        for decorator in function.decorators:
            name = project.canonical(decorator.name)
            owner = qualname.rpartition(".")[0]
            if name == "nameko.events.event_handler" and len(decorator.args) >= 2:
                service, event_type = decorator.args[:2]
                if service.kind == "str" and event_type.kind == "str":
                    where = project.location(path, decorator.line, decorator.column)
                    yield UseFact(
                        _event(
                            project, classes, service.value, event_type.value, where, "a nameko event (@event_handler)"
                        ),
                        _service_name(project, owner) or owner,
                        where,
                        "@event_handler(...)",
                        "nameko",
                        True,
                        receive_mode=ReceiveMode.SUBSCRIBE,
                        rejections=rejections_of(project, qualname),
                    )
            elif name == "nameko.rpc.rpc":
                yield UseFact(
                    qualname,
                    _service_name(project, owner) or owner,
                    project.location(path, function.line, function.column),
                    "@rpc",
                    "nameko",
                    True,
                    receive_mode=ReceiveMode.HANDLE,
                )
    for path, summary in project.summaries.items():
        for call in summary.calls:
            standalone = _standalone_target(project, call.callee)
            if standalone is not None:
                yield UseFact(
                    standalone,
                    project.service_of(summary.module),
                    project.location(path, call.line, call.column),
                    f"{call.callee.rpartition('().')[0].rpartition('.')[2]}().{call.callee.rpartition('().')[2]}(...)",
                    "nameko",
                    False,
                    emit_mode=EmitMode.SEND,
                    origin=call.scope,
                )
                continue
            scope_class = call.scope.rpartition(".")[0]
            if scope_class not in project.classes or not call.callee.startswith("self."):
                continue
            rpc = _rpc_target(project, scope_class, call.callee)
            if rpc is not None:
                service = _service_name(project, scope_class) or scope_class
                yield UseFact(
                    rpc,
                    service,
                    project.location(path, call.line, call.column),
                    f"{call.callee}(...) (RPC proxy)",
                    "nameko",
                    False,
                    emit_mode=EmitMode.SEND,
                    origin=call.scope,
                )
                continue
            attribute = call.callee.split(".")[1]
            if attribute not in _dispatchers(project, scope_class) or not call.args:
                continue
            service = _service_name(project, scope_class) or scope_class
            where = project.location(path, call.line, call.column)
            if call.args[0].kind == "str":
                event = _event(project, classes, service, call.args[0].value, where, "a nameko event (EventDispatcher)")
            elif (event := wire_named(project, call.args[0])) is None:  # `self.dispatch(RoomReserved.name, ...)`
                continue
            yield UseFact(
                event,
                service,
                project.location(path, call.line, call.column),
                f"self.{attribute}(...) (EventDispatcher)",
                "nameko",
                False,
                emit_mode=EmitMode.PUBLISH,
                origin=call.scope,
            )
