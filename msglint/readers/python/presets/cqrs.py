"""python-cqrs and diator: `Request` (a command, or a query when its name asks for data), `DomainEvent`
and `NotificationEvent`; handlers are `RequestHandler[X, R]` / `EventHandler[X]` subclasses and
`mapper.bind(X, Handler)` registrations. A fallback or chain wrapper bound once is one handler, and so
are the links of a chain of responsibility (`CORRequestHandler` subclasses, `mapper.bind(X, [A, B, C])`)."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import EmitMode, Kind, ReceiveMode, Strength
from msglint.naming import tokenize
from msglint.readers.python.presets.plain import own_marker_kind, rejections_of
from msglint.readers.python.project import MessageFact, Project, UseFact

PACKAGES = ("cqrs.", "diator.")
QUERY_VERBS = frozenset({"get", "list", "find", "fetch", "read", "search", "load", "query", "count"})
EVENT_BASES = ("DomainEvent", "NotificationEvent", "ECSTEvent", "Event")
HANDLER_BASES = (
    "RequestHandler",
    "StreamingRequestHandler",
    "EventHandler",
    "SyncRequestHandler",
    "CORRequestHandler",
)


def _framework(name: str) -> bool:
    return name.startswith(PACKAGES)


def messages(project: Project) -> None:
    for qualname, (cls, _) in project.classes.items():
        if qualname in project.subclassed:
            continue  # a base of the project's messages, not one itself
        for ancestor in project.ancestors(qualname):
            if not _framework(ancestor):
                continue
            base = ancestor.rsplit(".", 1)[-1]
            own = own_marker_kind(project, qualname, ancestor)
            if own is not None:
                kind, detail = own, f"inherits {ancestor}, through the project's own {own} base"
            elif base == "Request":
                words = tokenize(cls.name)
                kind = Kind.QUERY if words and (words[0] in QUERY_VERBS or words[-1] == "query") else Kind.COMMAND
                detail = f"inherits {ancestor} ({'asks for data' if kind == Kind.QUERY else 'asks for work'})"
            elif base in EVENT_BASES:
                kind, detail = Kind.EVENT, f"inherits {ancestor}"
            else:
                continue
            project.declare(
                MessageFact(cls.name, project.class_location(qualname), kind, detail, Strength.DECLARED, qualname)
            )
            break


def uses(project: Project) -> Iterator[UseFact]:
    chains: dict[str, list[str]] = {}  # message -> its chain-of-responsibility links, in definition order
    for qualname, (cls, path) in project.classes.items():
        for base, arguments in zip(cls.bases, cls.base_args, strict=True):
            base = project.canonical(base)
            if not (_framework(base) and base.rsplit(".", 1)[-1] in HANDLER_BASES) or not arguments:
                continue
            message = project.message_ref_name(arguments[0])
            if message is not None:
                if base.endswith("CORRequestHandler"):
                    chains.setdefault(message, []).append(qualname)
                yield _handler(project, message, qualname, path, cls.line, cls.column, f"subclass of {base}")
    for links in chains.values():
        _one_handler(project, links)
    for path, summary in project.summaries.items():
        for call in summary.calls:
            if not call.callee.endswith(".bind") or len(call.args) < 2:
                continue
            message = project.message_ref(call.args[0])
            target = call.args[1]
            if message is None:
                continue
            via = f"{call.callee}(...)"
            if target.kind == "list":
                links = [project.canonical(item.value) for item in target.args if item.kind == "name"]
                if not links:
                    continue
                _one_handler(project, links)
                component, via = links[0], f"{call.callee}(..., [chain of {len(links)}])"
            else:
                component = project.canonical(target.value) if target.kind == "name" else f"{target.value}(...)"
            yield _handler(project, message, component, path, call.line, call.column, via)
    yield from _named_events(project)


NAMED_EVENTS = ("NotificationEvent", "ECSTEvent")


def _named_events(project: Project) -> Iterator[UseFact]:
    """`self._events.append(cqrs.NotificationEvent[P](event_name="MeetingClosed", ...))`: an event known by
    its `event_name`, published where it is appended or published."""
    for path, summary in project.summaries.items():
        for call in summary.calls:
            if not call.callee.endswith(("events.append", ".publish", ".emit")) or not call.args:
                continue
            built = call.args[0]
            callee = project.canonical(built.value) if built.kind == "call" else ""
            name = built.keywords.get("event_name")
            if not (_framework(callee) and callee.rsplit(".", 1)[-1] in NAMED_EVENTS and name and name.kind == "str"):
                continue
            where = project.location(path, built.line, built.column)
            detail = f"a {callee.rsplit('.', 1)[-1]} with event_name={name.value!r}"
            project.declare(MessageFact(name.value, where, Kind.EVENT, detail, Strength.DECLARED))
            yield UseFact(
                name.value,
                project.service_of(summary.module),
                where,
                f"call {call.callee.rsplit('.', 1)[-1]}({callee.rsplit('.', 1)[-1]}(...))",
                "cqrs",
                False,
                emit_mode=EmitMode.PUBLISH,
                origin=call.scope,
            )


def _one_handler(project: Project, links: list[str]) -> None:
    """The links of a chain of responsibility are one logical handler: the first link stands for them."""
    for link in links:
        project.same_handler[link] = links[0]


def _handler(project: Project, message: str, component: str, path: str, line: int, column: int, via: str) -> UseFact:
    kind = project.messages[message].kind
    mode = ReceiveMode.SUBSCRIBE if kind == Kind.EVENT else ReceiveMode.HANDLE
    return UseFact(
        message,
        component,
        project.location(path, line, column),
        via,
        "cqrs",
        True,
        receive_mode=mode,
        rejections=rejections_of(project, component),
    )
