"""eventsourcing: events nested in aggregates (`class Registered(Aggregate.Created)`), events named by
`@event("Name")` on aggregate methods, and process policies (`@policy.register(X)`). State mutators
(`@apply.register`, `@when.register`) are not handlers."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Kind, ReceiveMode, Strength
from msglint.readers.python.presets.plain import rejections_of
from msglint.readers.python.project import MessageFact, Project, UseFact

AGGREGATE_EVENTS = ("Aggregate.Event", "Aggregate.Created", "DomainEvent", "AggregateEvent", "AggregateCreated")


def _is_framework_event(name: str) -> bool:
    return name.startswith("eventsourcing.") and name.endswith(AGGREGATE_EVENTS)


def messages(project: Project) -> None:
    for qualname, (cls, _path) in project.classes.items():
        ancestor = next((a for a in project.ancestors(qualname) if _is_framework_event(a)), None)
        if ancestor is None:
            continue
        outer = qualname.rsplit(".", 2)[-2] if qualname.count(".") >= 2 else ""
        name = f"{outer}.{cls.name}" if outer and outer[:1].isupper() else cls.name
        project.declare(
            MessageFact(
                name, project.class_location(qualname), Kind.EVENT, f"inherits {ancestor}", Strength.DECLARED, qualname
            )
        )
    for qualname, (function, path) in project.functions.items():
        for decorator in function.decorators:
            if decorator.name in ("eventsourcing.domain.event", "eventsourcing.domain.triggers") and decorator.args:
                label = decorator.args[0]
                if label.kind != "str":
                    continue
                aggregate = qualname.rsplit(".", 2)[-2]
                project.declare(
                    MessageFact(
                        f"{aggregate}.{label.value}",
                        project.location(path, decorator.line, decorator.column),
                        Kind.EVENT,
                        f'created by @event("{label.value}") on {function.name}()',
                        Strength.DECLARED,
                    )
                )


def uses(project: Project) -> Iterator[UseFact]:
    for qualname, (function, path) in project.functions.items():
        for decorator in function.decorators:
            if not decorator.name.endswith("policy.register") or not decorator.args:
                continue
            message = project.message_ref(decorator.args[0])
            if message is not None:
                yield UseFact(
                    message,
                    qualname,
                    project.location(path, decorator.line, decorator.column),
                    f"@{decorator.name}",
                    "eventsourcing",
                    True,
                    receive_mode=ReceiveMode.SUBSCRIBE,
                    rejections=rejections_of(project, qualname),
                )
