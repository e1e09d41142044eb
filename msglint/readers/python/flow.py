"""Where messages go once built: through variables (already resolved in the summaries), through functions
that pass their parameter on to a send, through functions that return them, and into handlers called
directly. Everything here works on the summaries; no file is read again.

* `dispatch(cmd)` where `def dispatch(command): bus.handle(command)`: the caller sends the command. Such
  forwarders are found to a fixed depth (a forwarder of a forwarder is one too).
* `bus.handle(make_order(...))` where `make_order` returns `PlaceOrder(...)`: PlaceOrder is sent.
* `reserve(ReserveStock(...), uow)` where `reserve` handles ReserveStock: ReserveStock is sent to it.
* a handler that returns or yields events hands them to its bus, which publishes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from msglint.model import EmitMode, Kind, Unresolved
from msglint.readers.python.project import HANDLING_METHODS, KNOWN_LIBRARIES, Project, UseFact
from msglint.readers.python.summary import Call, Ref, flatten

FORWARDING_DEPTH = 4  # dispatch(cmd) -> _send(cmd) -> bus.handle(cmd): more than real code nests
_RETURN_DEPTH = 3


@dataclass(frozen=True)
class Forwarding:
    """A function sends or publishes what it is given at `position` (its positional parameter there)."""

    position: int
    mode: EmitMode
    via: str


@dataclass(frozen=True)
class Passed:
    """A message passed on: which message, from which call and function."""

    message: str
    call: Call
    path: str
    mode: EmitMode
    via: str


def messages_in(project: Project, ref: Ref, depth: int = _RETURN_DEPTH) -> list[str]:
    """The messages a value is, once built: `PlaceOrder(...)`, a list of them, a variable holding them, a
    call of a function that returns them."""
    found: list[str] = []
    for item in flatten(ref):
        if item.kind != "call":
            continue
        message = project.message_ref(item)
        if message is not None:
            found.append(message)
        elif depth > 0:
            function = project.functions.get(project.canonical(item.value))
            if function is not None:
                for returned in function[0].returns:
                    found.extend(messages_in(project, returned, depth - 1))
    return list(dict.fromkeys(found))


def parameters_in(ref: Ref) -> list[int]:
    """Positions of the enclosing function's parameters that the value passes on."""
    return [int(item.value) for item in flatten(ref) if item.kind == "param" and item.value.isdigit()]


def callee_of(project: Project, call: Call) -> str:
    """The function a call reaches, by qualified name (see Project.callee)."""
    return project.callee(call.callee, call.scope)


def forwarded(project: Project, direct: list[tuple[Call, str, EmitMode, str]]) -> list[Passed]:
    """Sends through functions that pass their parameter on. `direct` holds the sending calls the presets
    recognised (call, path, mode, via) whose argument is a parameter of the function they are in."""
    forwarders: dict[str, list[Forwarding]] = {}
    for call, _path, mode, via in direct:
        for position in parameters_in(Ref("list", "", [*call.args, *call.keywords.values()])):
            forwarders.setdefault(call.scope, []).append(Forwarding(position, mode, via))
    calls = [(call, path) for path, summary in project.summaries.items() for call in summary.calls]
    passed: list[Passed] = []
    seen: set[tuple[str, int, int]] = set()
    frontier = dict(forwarders)
    for _ in range(FORWARDING_DEPTH):
        found: dict[str, list[Forwarding]] = {}
        for call, path in calls:
            targets = frontier.get(callee_of(project, call))
            if not targets:
                continue
            for forwarding in targets:
                if forwarding.position >= len(call.args):
                    continue
                argument = call.args[forwarding.position]
                for message in messages_in(project, argument):
                    if (message, call.line, call.column) not in seen:
                        seen.add((message, call.line, call.column))
                        passed.append(Passed(message, call, path, forwarding.mode, forwarding.via))
                for position in parameters_in(argument):
                    if call.scope not in forwarders or all(f.position != position for f in forwarders[call.scope]):
                        found.setdefault(call.scope, []).append(Forwarding(position, forwarding.mode, forwarding.via))
        if not found:
            break
        for scope, items in found.items():
            forwarders.setdefault(scope, []).extend(items)
        frontier = found
    return passed


_EMIT_MODES = {Kind.EVENT: EmitMode.PUBLISH, Kind.COMMAND: EmitMode.SEND}


def handed_on(project: Project, uses: list[UseFact]) -> Iterator[UseFact]:
    """Emissions that only the handlers make visible: events a handler returns or yields to its bus, and
    messages passed straight to a known handler function (`reserve(ReserveStock(...), uow)`)."""
    handled: dict[str, set[str]] = {}  # handler function -> the messages it handles
    for use in uses:
        if use.receives:
            for function in handling_functions(project, use.component):
                handled.setdefault(function, set()).add(use.message)
    for function, messages in handled.items():
        found = project.functions.get(function)
        if found is None:
            continue
        definition, path = found
        module = project.summaries[path].module
        for returned in definition.returns:
            for message in messages_in(project, returned):
                if message in messages:
                    continue  # a handler handing its own message on is a pipeline step, not a new emission
                yield UseFact(
                    message,
                    project.service_of(module),
                    project.location(path, returned.line, returned.column),
                    "returned by a handler, for its bus to dispatch",
                    "plain",
                    False,
                    emit_mode=_EMIT_MODES.get(project.messages[message].kind, EmitMode.UNKNOWN),
                    origin=function,
                )
    for path, summary in project.summaries.items():
        for call in summary.calls:
            targets = handled.get(callee_of(project, call))
            if not targets or not call.args:
                continue
            for message in messages_in(project, call.args[0]):
                if message in targets:
                    yield UseFact(
                        message,
                        project.service_of(summary.module),
                        project.location(path, call.line, call.column),
                        f"direct call of its handler {call.callee}()",
                        "plain",
                        False,
                        emit_mode=EmitMode.SEND,
                        origin=call.scope,
                    )


def handling_functions(project: Project, component: str) -> list[str]:
    """The function a handler is, or the handling methods of a handler class."""
    if component in project.functions:
        return [component]
    return [f"{component}.{m}" for m in HANDLING_METHODS if f"{component}.{m}" in project.functions]


def dynamic_receivers(project: Project) -> list[Unresolved]:
    """Dispatches to handlers named at run time, as the summaries recorded them. A receiver connected to a
    signal of the project concerns that signal only; one connected to a library's own signal (`post_save`)
    none of the project's messages; any other may receive any message."""
    found = []
    for path, summary in project.summaries.items():
        for what, line, column, owner in summary.dynamic_receivers:
            concerned: tuple[str, ...] = ()
            if owner:
                message = project.message_ref_name(owner)
                if message is None and owner.partition(".")[0] in KNOWN_LIBRARIES:
                    continue  # `post_save.connect(import_string(path))`: Django's signal, no message here
                concerned = (message,) if message is not None else ()
            where = project.location(path, line, column)
            found.append(Unresolved("receive", f"{what}: handlers looked up at run time", where, concerned))
    return found
