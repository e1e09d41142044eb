"""FastStream: `@broker.subscriber("topic")` handles a topic, `@broker.publisher("topic")` publishes the
function's return value to one, `broker.publish(msg, "topic")` publishes. Routers add their `prefix`."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import EmitMode, ReceiveMode
from msglint.readers.python.presets.plain import rejections_of
from msglint.readers.python.project import MessageFact, Project, UseFact
from msglint.readers.python.summary import Decorator, Ref

TOPIC_KEYWORDS = ("subject", "queue", "channel", "topic", "stream", "list")


def _broker(project: Project, path: str, owner: str) -> tuple[bool, str]:
    """Is `owner` a FastStream broker or router in this module, and what prefix does it add?"""
    ref = project.assignment(path, owner)
    if ref is None or ref.kind != "call" or not project.canonical(ref.value).startswith("faststream."):
        return False, ""
    prefix = ref.keywords.get("prefix")
    return True, prefix.value if prefix is not None and prefix.kind == "str" else ""


def _topic(decorator: Decorator | None, args: list[Ref], keywords: dict[str, Ref]) -> str | None:
    for ref in [*args[:1], *(keywords[k] for k in TOPIC_KEYWORDS if k in keywords)]:
        if ref.kind == "str" and ref.value:
            return ref.value
    return None


def messages(project: Project) -> None:
    """Topics are the messages: they are declared where they are first subscribed or published."""
    for _, (function, path) in project.functions.items():
        for decorator in function.decorators:
            owner, _, attribute = decorator.name.rpartition(".")
            if attribute not in ("subscriber", "publisher"):
                continue
            is_broker, prefix = _broker(project, path, owner)
            topic = _topic(decorator, decorator.args, decorator.keywords)
            if is_broker and topic:
                project.declare(
                    MessageFact(prefix + topic, project.location(path, decorator.line, decorator.column), None, "")
                )


def uses(project: Project) -> Iterator[UseFact]:
    for qualname, (function, path) in project.functions.items():
        for decorator in function.decorators:
            owner, _, attribute = decorator.name.rpartition(".")
            if attribute not in ("subscriber", "publisher"):
                continue
            is_broker, prefix = _broker(project, path, owner)
            topic = _topic(decorator, decorator.args, decorator.keywords)
            if not (is_broker and topic):
                continue
            where = project.location(path, decorator.line, decorator.column)
            if attribute == "subscriber":
                yield UseFact(
                    prefix + topic,
                    qualname,
                    where,
                    f"@{decorator.name}(...)",
                    "faststream",
                    True,
                    receive_mode=ReceiveMode.UNKNOWN,
                    rejections=rejections_of(project, qualname),
                )
            else:
                service = project.service_of(project.summaries[path].module)
                yield UseFact(
                    prefix + topic,
                    service,
                    where,
                    f"@{decorator.name}(...) (return value)",
                    "faststream",
                    False,
                    emit_mode=EmitMode.PUBLISH,
                    origin=qualname,
                )
    for path, summary in project.summaries.items():
        for call in summary.calls:
            owner, _, attribute = call.callee.rpartition(".")
            if attribute != "publish":
                continue
            is_broker, prefix = _broker(project, path, owner)
            topic = _topic(None, call.args[1:2], call.keywords)
            if is_broker and topic:
                project.declare(MessageFact(prefix + topic, project.location(path, call.line, call.column), None, ""))
                yield UseFact(
                    prefix + topic,
                    project.service_of(summary.module),
                    project.location(path, call.line, call.column),
                    f"{call.callee}(..., {topic!r})",
                    "faststream",
                    False,
                    emit_mode=EmitMode.PUBLISH,
                    origin=call.scope,
                )
