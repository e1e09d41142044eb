"""The project's own conventions, from `[python]` in the configuration: base classes per kind, modules
whose classes are messages, handler decorators, registries, and publish and send calls.

Configured names are dotted: a qualified name (`shop.bus.Fact`) matches exactly, a shorter one
(`bus.on`, `Fact`) matches any qualified name that ends with it.
"""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import EmitMode, Kind, Strength
from msglint.readers.python.presets import plain
from msglint.readers.python.project import MessageFact, Project, UseFact
from msglint.readers.python.summary import Call, Ref


def matches(name: str, configured: tuple[str, ...]) -> str | None:
    """The configured entry `name` matches, if any."""
    for entry in configured:
        if name == entry or name.endswith("." + entry):
            return entry
    return None


def _base_kinds(project: Project) -> list[tuple[tuple[str, ...], Kind | None, str]]:
    options = project.options
    return [
        (options.command_bases, Kind.COMMAND, "command-bases"),
        (options.event_bases, Kind.EVENT, "event-bases"),
        (options.query_bases, Kind.QUERY, "query-bases"),
        (options.message_bases, None, "message-bases"),
    ]


def messages(project: Project) -> None:
    _by_base(project)
    _by_module(project)


def _by_base(project: Project) -> None:
    kinds = [entry for entry in _base_kinds(project) if entry[0]]
    if not kinds:
        return
    subclassed = {project.canonical(b) for cls, _ in project.classes.values() for b in cls.bases}
    for qualname, (cls, _path) in project.classes.items():
        if qualname in subclassed:
            continue  # a base in between (`class OrderFact(Fact)`), not a message
        for ancestor in project.ancestors(qualname):
            found = next(((k, key, e) for names, k, key in kinds if (e := matches(ancestor, names))), None)
            if found is None:
                continue
            kind, key, _entry = found
            project.declare(
                MessageFact(
                    cls.name,
                    project.class_location(qualname),
                    kind,
                    f"inherits {ancestor.rsplit('.', 1)[-1]} ({ancestor}), listed in python.{key}",
                    Strength.DECLARED,
                    qualname,
                    tuple(n for n in cls.attributes if not n.startswith("_")),
                )
            )
            break


def _by_module(project: Project) -> None:
    options = project.options
    kinds = [
        (options.command_modules, Kind.COMMAND, "command-modules"),
        (options.event_modules, Kind.EVENT, "event-modules"),
        (options.query_modules, Kind.QUERY, "query-modules"),
    ]
    for modules, kind, key in kinds:
        for qualname, (cls, path) in project.classes.items():
            module = project.summaries[path].module
            if not any(module == m or module.startswith(m + ".") for m in modules):
                continue
            if cls.name.startswith("_") or qualname.count(".") != module.count(".") + 1:
                continue  # private helpers and nested classes are not the module's messages
            if plain.is_excluded(project, qualname):
                continue
            project.declare(
                MessageFact(
                    cls.name,
                    project.class_location(qualname),
                    kind,
                    f"defined in `{module}`, listed in python.{key}",
                    Strength.DECLARED,
                    qualname,
                    tuple(n for n in cls.attributes if not n.startswith("_")),
                )
            )


def uses(project: Project) -> Iterator[UseFact]:
    options = project.options
    if options.handler_decorators:
        yield from _decorated_handlers(project)
    if options.registries:
        yield from plain.registry_uses(
            project, lambda variable, module: bool(matches(f"{module}.{variable}", options.registries)), "configured"
        )
    if options.publish_calls or options.send_calls:
        yield from _calls(project)


def _decorated_handlers(project: Project) -> Iterator[UseFact]:
    entries = {entry.partition(":")[0]: entry.partition(":")[2] for entry in project.options.handler_decorators}
    for qualname, (function, path) in project.functions.items():
        for decorator in function.decorators:
            entry = matches(decorator.name, tuple(entries))
            if entry is None:
                continue
            message = _decorated_message(project, decorator.args, decorator.keywords, entries[entry])
            if message is None:
                annotations = [a for a in function.annotations if a != "<self>"]
                message = project.message_ref_name(annotations[0]) if annotations else None
            if message is None:
                continue  # the decorator names no message msglint knows: prefer a miss to a guess
            is_method = bool(function.annotations) and function.annotations[0] == "<self>"
            yield UseFact(
                message,
                qualname.rpartition(".")[0] if is_method else qualname,
                project.location(path, function.line, function.column),
                f"decorator @{decorator.name.rsplit('.', 1)[-1]} (python.handler-decorators)",
                "configured",
                True,
                receive_mode=plain.receive_mode(project, message),
                rejections=plain.rejections_of(project, qualname),
            )


def _decorated_message(project: Project, args: list[Ref], keywords: dict[str, Ref], argument: str) -> str | None:
    if argument.isdigit():
        ref = args[int(argument)] if int(argument) < len(args) else None
    elif argument:
        ref = keywords.get(argument)
    else:
        ref = args[0] if args else None
    return _message_of(project, ref) if ref is not None else None


def _message_of(project: Project, ref: Ref) -> str | None:
    if ref.kind == "str":
        return next((q for q, fact in project.messages.items() if fact.name == ref.value), None)
    return project.message_ref(ref)


def _called_as(call: Call) -> tuple[str, ...]:
    """The names a call answers to: as written, and as a method of the class that built its receiver
    (`bus.publish_event(...)` after `bus = EventBus()` is `EventBus.publish_event`)."""
    if call.receiver.endswith("()"):
        return call.callee, f"{call.receiver[:-2]}.{call.callee.rpartition('.')[2]}"
    return (call.callee,)


def _wire_name(project: Project, path: str, ref: Ref, scope: str) -> str | None:
    """The name a string or a string constant gives a message (`"ticket.sold"`, `Topics.TICKET_SOLD`)."""
    if ref.kind == "str":
        return ref.value if ref.value and "{}" not in ref.value else None
    if ref.kind == "name":
        return project.constant(path, ref.value.removesuffix(".value"), scope=scope)
    return None


def _calls(project: Project) -> Iterator[UseFact]:
    options = project.options
    for path, summary in project.summaries.items():
        for call in summary.calls:
            called = _called_as(call)
            if any(matches(name, options.publish_calls) for name in called):
                mode, key = EmitMode.PUBLISH, "publish-calls"
            elif any(matches(name, options.send_calls) for name in called):
                mode, key = EmitMode.SEND, "send-calls"
            else:
                continue
            message = _message_of(project, call.args[0]) if call.args else None
            if message is None and call.args:
                message = _wire_name(project, path, call.args[0], call.scope)
                if message is not None:  # the project says this call sends what it is given: a string names it
                    where = project.location(path, call.line, call.column)
                    project.declare(MessageFact(message, where, None, "", by_name=True))
            if message is None:
                continue
            yield UseFact(
                message,
                project.service_of(summary.module),
                project.location(path, call.line, call.column),
                f"call {call.callee.rsplit('.', 1)[-1]}(...) (python.{key})",
                "configured",
                False,
                emit_mode=mode,
                origin=call.scope,
            )
