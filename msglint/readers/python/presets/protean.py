"""Protean: `@domain.command` and `@domain.event` classes; `@handle(X)` methods inside
`@domain.command_handler`, `@domain.event_handler` and `@domain.process_manager` classes, and `@on(X)`
methods inside `@domain.projector` classes; `raise_(...)` and `domain.process(...)` are calls the plain
preset reads."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Kind, ReceiveMode, Strength
from msglint.readers.python.presets.plain import rejections_of
from msglint.readers.python.project import MessageFact, Project, UseFact

KINDS = {"command": Kind.COMMAND, "event": Kind.EVENT}
HANDLER_CLASSES = {
    "command_handler": ReceiveMode.HANDLE,
    "event_handler": ReceiveMode.SUBSCRIBE,
    "process_manager": ReceiveMode.SUBSCRIBE,
    "projector": ReceiveMode.SUBSCRIBE,
}
HANDLER_METHODS = ("handle", "on")


def _domain_decorator(project: Project, path: str, name: str) -> str | None:
    """`domain.command` -> "command" when `domain` is a Protean Domain."""
    owner, _, attribute = name.rpartition(".")
    if owner and project.assigned_call(path, owner).startswith("protean"):
        return attribute
    return None


def messages(project: Project) -> None:
    for qualname, (cls, path) in project.classes.items():
        for decorator in cls.decorators:
            kind = KINDS.get(_domain_decorator(project, path, decorator.name) or "")
            if kind is not None:
                project.declare(
                    MessageFact(
                        cls.name,
                        project.class_location(qualname),
                        kind,
                        f"decorated @{decorator.name}",
                        Strength.DECLARED,
                        qualname,
                    )
                )


def uses(project: Project) -> Iterator[UseFact]:
    for qualname, (cls, path) in project.classes.items():
        modes = [
            HANDLER_CLASSES[k]
            for d in cls.decorators
            if (k := _domain_decorator(project, path, d.name) or "") in HANDLER_CLASSES
        ]
        if not modes:
            continue
        for method_qualname, (method, method_path) in project.functions.items():
            if method_qualname.rpartition(".")[0] != qualname:
                continue
            for decorator in method.decorators:
                method_decorator = decorator.name.rsplit(".", 1)[-1]
                if method_decorator not in HANDLER_METHODS or not decorator.args:
                    continue
                message = project.message_ref(decorator.args[0])
                if message is not None:
                    yield UseFact(
                        message,
                        qualname,
                        project.location(method_path, decorator.line, decorator.column),
                        f"@{method_decorator} in @{'.'.join(cls.decorators[0].name.rsplit('.', 2)[-2:])}",
                        "protean",
                        True,
                        receive_mode=modes[0],
                        rejections=rejections_of(project, method_qualname),
                    )
