"""Celery and Dramatiq: tasks and actors are commands, handled by themselves; `.delay`, `.apply_async`,
`.s`, `.si`, `.send` and `send_task("name")` send them."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import EmitMode, Kind, ReceiveMode, Strength
from msglint.readers.python.project import MessageFact, Project, UseFact

TASK_DECORATORS = ("celery.shared_task", "dramatiq.actor")
SEND_ATTRIBUTES = {"delay", "apply_async", "s", "si", "signature", "send", "send_with_options"}


def _is_task_decorator(project: Project, path: str, name: str) -> bool:
    if name in TASK_DECORATORS or name.endswith((".shared_task", ".actor")):
        return name.startswith(("celery", "dramatiq")) or name in TASK_DECORATORS
    owner, _, attribute = name.rpartition(".")
    return attribute == "task" and project.assigned_call(path, owner).startswith("celery.")


def messages(project: Project) -> None:
    for qualname, (function, path) in project.functions.items():
        for decorator in function.decorators:
            if _is_task_decorator(project, path, decorator.name):
                label = decorator.keywords.get("name") or decorator.keywords.get("actor_name")
                name = label.value if label is not None and label.kind == "str" else function.name
                framework = "dramatiq actor" if "actor" in decorator.name else "Celery task"
                project.declare(
                    MessageFact(
                        name,
                        project.location(path, function.line, function.column),
                        Kind.COMMAND,
                        f"a {framework} is a command",
                        Strength.DECLARED,
                        qualname,
                    )
                )
                break


def uses(project: Project) -> Iterator[UseFact]:
    for qualname, fact in list(project.messages.items()):
        if fact.detail.startswith(("a Celery task", "a dramatiq actor")):
            yield UseFact(
                qualname, qualname, fact.location, "the task itself", "celery", True, receive_mode=ReceiveMode.HANDLE
            )
    for path, summary in project.summaries.items():
        for call in summary.calls:
            owner, _, attribute = call.callee.rpartition(".")
            message = None
            if attribute in SEND_ATTRIBUTES:
                message = project.message_ref_name(owner)
                if message is not None and not project.messages[message].detail.startswith(
                    ("a Celery task", "a dramatiq actor")
                ):
                    message = None
            elif attribute == "send_task" and call.args and call.args[0].kind == "str":
                message = next(
                    (q for q, f in project.messages.items() if f.name == call.args[0].value), call.args[0].value
                )
            if message is not None:
                yield UseFact(
                    message,
                    project.service_of(summary.module),
                    project.location(path, call.line, call.column),
                    f"call .{attribute}(...)",
                    "celery",
                    False,
                    emit_mode=EmitMode.SEND,
                    origin=call.scope,
                )
