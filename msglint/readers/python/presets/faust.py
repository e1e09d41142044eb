"""Faust: `app.topic("name", value_type=X)` declares a topic, `@app.agent(topic)` consumes it and
`topic.send(...)` produces to it. The topic name is the message."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import EmitMode, ReceiveMode
from msglint.readers.python.project import MessageFact, Project, UseFact


def _topic_names(project: Project, path: str, variable: str) -> list[str]:
    """The names of `app.topic("a", "b", ...)` assigned to `variable`, on a Faust app (or a Faust-based one,
    such as `faust_avro.App`)."""
    ref = project.assignment(path, variable)
    if ref is None or ref.kind != "call" or not ref.value.endswith(".topic") or not ref.args:
        return []
    app = project.assigned_call(path, ref.value.rpartition(".")[0])
    if not app.startswith("faust") or not app.endswith(".App"):
        return []
    return [arg.value for arg in ref.args if arg.kind == "str" and arg.value]


def messages(project: Project) -> None:
    for path, summary in project.summaries.items():
        for variable, ref in summary.assignments.items():
            for name in _topic_names(project, path, variable):
                project.declare(MessageFact(name, project.location(path, ref.line, ref.column), None, ""))


def uses(project: Project) -> Iterator[UseFact]:
    for qualname, (function, path) in project.functions.items():
        for decorator in function.decorators:
            if not decorator.name.endswith(".agent") or not decorator.args or decorator.args[0].kind != "name":
                continue
            for name in _topic_names(project, path, decorator.args[0].value):
                yield UseFact(
                    name,
                    qualname,
                    project.location(path, decorator.line, decorator.column),
                    "@app.agent(topic)",
                    "faust",
                    True,
                    receive_mode=ReceiveMode.UNKNOWN,
                )
    for path, summary in project.summaries.items():
        for call in summary.calls:
            owner, _, attribute = call.callee.rpartition(".")
            for name in _topic_names(project, path, owner) if attribute == "send" else []:
                yield UseFact(
                    name,
                    project.service_of(summary.module),
                    project.location(path, call.line, call.column),
                    f"{owner.rsplit('.', 1)[-1]}.send(...)",
                    "faust",
                    False,
                    emit_mode=EmitMode.PUBLISH,
                    origin=call.scope,
                )
