"""nameko: an event is the pair of the dispatching service's `name` and the event type. An
`EventDispatcher()` attribute called with a type publishes it; `@event_handler("service", "type")`
subscribes to it; `@rpc` methods are commands handled by their service, and calling one through an
`RpcProxy("service")` (`ServiceRpc` in nameko 3) attribute sends that command."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import EmitMode, Kind, ReceiveMode, Strength
from msglint.naming import tokenize
from msglint.readers.python.presets.cqrs import QUERY_VERBS
from msglint.readers.python.presets.plain import rejections_of
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


def messages(project: Project) -> None:
    for qualname, (function, path) in project.functions.items():
        for decorator in function.decorators:
            name = project.canonical(decorator.name)
            if name == "nameko.events.event_handler" and len(decorator.args) >= 2:
                service, event_type = decorator.args[:2]
                if service.kind == "str" and event_type.kind == "str":
                    project.declare(
                        MessageFact(
                            f"{service.value}.{event_type.value}",
                            project.location(path, decorator.line, decorator.column),
                            Kind.EVENT,
                            "a nameko event (@event_handler)",
                            Strength.DECLARED,
                        )
                    )
            elif name == "nameko.rpc.rpc":
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
    for qualname, (function, path) in project.functions.items():
        for decorator in function.decorators:
            name = project.canonical(decorator.name)
            owner = qualname.rpartition(".")[0]
            if name == "nameko.events.event_handler" and len(decorator.args) >= 2:
                service, event_type = decorator.args[:2]
                if service.kind == "str" and event_type.kind == "str":
                    yield UseFact(
                        f"{service.value}.{event_type.value}",
                        _service_name(project, owner) or owner,
                        project.location(path, decorator.line, decorator.column),
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
            if attribute not in _dispatchers(project, scope_class) or not call.args or call.args[0].kind != "str":
                continue
            service = _service_name(project, scope_class) or scope_class
            event = f"{service}.{call.args[0].value}"
            project.declare(
                MessageFact(
                    event,
                    project.location(path, call.line, call.column),
                    Kind.EVENT,
                    "a nameko event (EventDispatcher)",
                    Strength.DECLARED,
                )
            )
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
