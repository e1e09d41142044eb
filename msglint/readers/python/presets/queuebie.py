"""django-queuebie: `@message_registry.register_command(command=X)` and `register_event(event=X)`
register handlers; handlers publish by returning messages."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import EmitMode, Kind, ReceiveMode, Strength
from msglint.readers.python.presets.plain import rejections_of
from msglint.readers.python.project import MessageFact, Project, UseFact

REGISTRATIONS = {
    "register_command": ("command", ReceiveMode.HANDLE),
    "register_event": ("event", ReceiveMode.SUBSCRIBE),
}


BASES = {"Command": Kind.COMMAND, "Event": Kind.EVENT}


def messages(project: Project) -> None:
    for qualname, (cls, _) in project.classes.items():
        for ancestor in project.ancestors(qualname):
            if ancestor.startswith("queuebie.") and ancestor.rsplit(".", 1)[-1] in BASES:
                project.declare(
                    MessageFact(
                        cls.name,
                        project.class_location(qualname),
                        BASES[ancestor.rsplit(".", 1)[-1]],
                        f"inherits {ancestor}",
                        Strength.DECLARED,
                        qualname,
                    )
                )
                break


def uses(project: Project) -> Iterator[UseFact]:
    for qualname, (function, path) in project.functions.items():
        registered = False
        for decorator in function.decorators:
            attribute = decorator.name.rsplit(".", 1)[-1]
            if attribute not in REGISTRATIONS:
                continue
            keyword, mode = REGISTRATIONS[attribute]
            target = decorator.keywords.get(keyword) or (decorator.args[0] if decorator.args else None)
            message = project.message_ref(target) if target is not None else None
            if message is None:
                continue
            registered = True
            yield UseFact(
                message,
                qualname,
                project.location(path, decorator.line, decorator.column),
                f"@{decorator.name}({keyword}=...)",
                "queuebie",
                True,
                receive_mode=mode,
                rejections=rejections_of(project, qualname),
            )
        if not registered:
            continue
        for returned in function.returns:
            message = project.message_ref(returned) if returned.kind == "call" else None
            if message is not None:
                yield UseFact(
                    message,
                    project.service_of(project.summaries[path].module),
                    project.location(path, returned.line, returned.column),
                    "returned from a handler",
                    "queuebie",
                    False,
                    # queuebie dispatches what a handler returns: events to subscribers, commands to their handler
                    emit_mode=EmitMode.PUBLISH if project.messages[message].kind == Kind.EVENT else EmitMode.SEND,
                    origin=qualname,
                )
