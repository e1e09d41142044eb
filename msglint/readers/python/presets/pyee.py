"""pyee's event emitters (`EventEmitter`, `AsyncIOEventEmitter` and their kin): the event name is the message.
`ee.emit("order_placed", ...)` publishes it to every listener; `@ee.on("order_placed")`, `@ee.once(...)`,
`ee.on("order_placed", handler)`, `ee.add_listener(...)` and `ee.once(...)` subscribe. A name is read from a
string or a constant; an emitter from a variable, a class attribute, a parameter annotated with its class, or
`self` in a subclass of one. A name msglint cannot read on a known emitter is an unresolved use."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import EmitMode, ReceiveMode, Unresolved
from msglint.readers.python.presets.kafka import annotated_object, library_class, library_object
from msglint.readers.python.project import MessageFact, Project, UseFact
from msglint.readers.python.summary import Call, Decorator, Ref

_MODULES = ("pyee", "pyee.base", "pyee.asyncio", "pyee.twisted", "pyee.executor", "pyee.trio", "pyee.cls")
_CLASSES = ("EventEmitter", "AsyncIOEventEmitter", "TwistedEventEmitter", "ExecutorEventEmitter", "TrioEventEmitter")
EMITTERS = {f"{module}.{cls}": "emitter" for module in _MODULES for cls in _CLASSES}
LISTENING = ("on", "once", "add_listener", "listens_to")
CALLS = frozenset({*LISTENING, "emit"})  # what the summaries keep for this preset


def messages(project: Project) -> None:
    """pyee declares no message class: a name is declared where it is first used (see `uses`)."""


def uses(project: Project) -> Iterator[UseFact]:
    for qualname, (function, path) in project.functions.items():
        for decorator in function.decorators:
            owner, _, attribute = decorator.name.rpartition(".")
            if attribute in LISTENING and decorator.args and _an_emitter(project, path, owner, qualname):
                where = project.location(path, decorator.line, decorator.column)
                yield from _listened(project, path, decorator, qualname, qualname, where)
    for path, summary in project.summaries.items():
        for call in summary.calls:
            owner, _, attribute = call.callee.rpartition(".")
            if attribute not in CALLS or not call.args or not _emitter_of(project, path, call, owner):
                continue
            where = project.location(path, call.line, call.column)
            if attribute == "emit":
                yield from _emitted(project, path, call, where)
            elif len(call.args) >= 2 and call.args[1].kind == "name":
                handler = project.callee(call.args[1].value, call.scope) or project.canonical(call.args[1].value)
                yield from _listened(project, path, call, handler, call.scope, where)


def _emitter_of(project: Project, path: str, call: Call, owner: str) -> bool:
    if _an_emitter(project, path, call.receiver or owner, call.scope):
        return True
    return annotated_object(project, call, EMITTERS) == "emitter"  # `event_emitter: AsyncIOEventEmitter`


def _an_emitter(project: Project, path: str, owner: str, scope: str) -> bool:
    """Is `owner` an emitter pyee built (held anywhere msglint can follow), or `self` in a subclass of one?"""
    if owner in ("self", "cls"):
        cls = project.enclosing_class(scope)
        return cls is not None and any(base in EMITTERS for base in project.ancestors(cls))
    attribute = owner.removeprefix("self.")
    if owner.startswith("self.") and "." not in attribute:  # `self.events = emitter` for `emitter: EventEmitter`
        held = project.instance_attribute(scope, attribute)
        if held is not None and held.kind == "call" and library_class(project, held.value, EMITTERS):
            return True
    return library_object(project, path, owner, scope, EMITTERS) == "emitter"


def _name(project: Project, path: str, ref: Ref, scope: str) -> str | None:
    if ref.kind == "str":
        return ref.value or None
    return project.constant(path, ref.value, scope=scope) if ref.kind == "name" else None


def _emitted(project: Project, path: str, call: Call, where) -> Iterator[UseFact]:  # noqa: ANN001
    name = _name(project, path, call.args[0], call.scope)
    if name is None:
        project.unresolved.append(Unresolved("emit", f"{call.callee}(...) emits an event msglint cannot name", where))
        return
    project.declare(MessageFact(name, where, None, ""))
    service = project.service_of(project.summaries[path].module)
    yield UseFact(name, service, where, "pyee emit(...)", "pyee", False, emit_mode=EmitMode.PUBLISH, origin=call.scope)


def _listened(
    project: Project, path: str, use: Call | Decorator, handler: str, scope: str, where  # noqa: ANN001
) -> Iterator[UseFact]:
    name = _name(project, path, use.args[0], scope)
    via = f"pyee {use.name.rpartition('.')[2] if isinstance(use, Decorator) else use.callee.rpartition('.')[2]}"
    if name is None:
        project.unresolved.append(Unresolved("receive", f"{via}(...) listens to an event msglint cannot name", where))
        return
    project.declare(MessageFact(name, where, None, ""))
    yield UseFact(name, handler, where, f"{via}(...)", "pyee", True, receive_mode=ReceiveMode.SUBSCRIBE)
