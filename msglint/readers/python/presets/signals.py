"""Django signals and blinker: a `Signal()` (or blinker `signal("name")`) is an event; `@receiver(sig)`
and `sig.connect(handler)` subscribe to it; `sig.send(...)` and `sig.send_robust(...)` publish it."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import EmitMode, Kind, ReceiveMode, Strength
from msglint.readers.python.presets.plain import rejections_of
from msglint.readers.python.project import MessageFact, Project, UseFact

SIGNAL_FACTORIES = (
    "django.dispatch.Signal",
    "django.dispatch.dispatcher.Signal",
    "blinker.signal",
    "blinker.Signal",
    "blinker.base.signal",
)


RECEIVER_DECORATORS = ("django.dispatch.receiver", "django.dispatch.dispatcher.receiver")


def messages(project: Project) -> None:
    for path, summary in project.summaries.items():
        for variable, ref in summary.assignments.items():
            if ref.kind != "call" or project.canonical(ref.value) not in SIGNAL_FACTORIES:
                continue
            label = ref.args[0].value if ref.args and ref.args[0].kind == "str" else variable
            project.declare(
                MessageFact(
                    label,
                    project.location(path, ref.line, 1),
                    Kind.EVENT,
                    f"a signal ({project.canonical(ref.value)}) is an event",
                    Strength.DECLARED,
                    f"{summary.module}.{variable}",
                )
            )


def uses(project: Project) -> Iterator[UseFact]:
    for qualname, (function, path) in project.functions.items():
        for decorator in function.decorators:
            if project.canonical(decorator.name) not in (
                "django.dispatch.receiver",
                "django.dispatch.dispatcher.receiver",
            ):
                continue
            targets = decorator.args[:1]
            for target in targets:
                message = project.message_ref_name(target.value) if target.kind == "name" else None
                if message is not None:
                    yield UseFact(
                        message,
                        qualname,
                        project.location(path, decorator.line, decorator.column),
                        "@receiver(...)",
                        "django",
                        True,
                        receive_mode=ReceiveMode.SUBSCRIBE,
                        rejections=rejections_of(project, qualname),
                    )
    for path, summary in project.summaries.items():
        for call in summary.calls:
            owner, _, attribute = call.callee.rpartition(".")
            message = project.message_ref_name(owner)
            if message is None or project.messages[message].detail.find("signal") < 0:
                continue
            if attribute == "connect" and call.args and call.args[0].kind == "name":
                handler = project.canonical(call.args[0].value)
                yield UseFact(
                    message,
                    handler,
                    project.location(path, call.line, call.column),
                    f"{owner.rsplit('.', 1)[-1]}.connect(...)",
                    "django",
                    True,
                    receive_mode=ReceiveMode.SUBSCRIBE,
                )
            elif attribute in ("send", "send_robust", "send_async"):
                yield UseFact(
                    message,
                    project.service_of(summary.module),
                    project.location(path, call.line, call.column),
                    f"signal .{attribute}(...)",
                    "django",
                    False,
                    emit_mode=EmitMode.PUBLISH,
                )
