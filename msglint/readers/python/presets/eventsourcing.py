"""eventsourcing: events nested in aggregates (`class Registered(Aggregate.Created)`), events named by
`@event("Name")` on aggregate methods, and process policies: `@policy.register(X)`, `@policy.register`
on a `_` method whose event parameter is annotated, and `isinstance` dispatch inside a process
application's `policy()`. `self.trigger_event(self.X, ...)` (`__trigger_event__` in eventsourcing 8, whose events
derive `AggregateRoot.Event`) and calling an `@event` method publish. State
mutators (`@apply.register`, `@when.register`) are not handlers."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import EmitMode, Kind, ReceiveMode, Strength
from msglint.readers.python.presets.plain import rejections_of
from msglint.readers.python.project import MessageFact, Project, UseFact

AGGREGATE_EVENTS = ("Aggregate.Event", "Aggregate.Created", "DomainEvent", "AggregateEvent", "AggregateCreated")
# eventsourcing 8 and older: `AggregateRoot.Event` and its kin, triggered with `__trigger_event__(X, ...)`
AGGREGATE_EVENTS += ("AggregateRoot.Event", "AggregateRoot.Created", "AggregateRoot.AttributeChanged")
AGGREGATE_EVENTS += ("AggregateRoot.Discarded", "DomainEntity.Event", "DomainEntity.Created")


def _is_framework_event(name: str) -> bool:
    return name.startswith("eventsourcing.") and name.endswith(AGGREGATE_EVENTS)


def messages(project: Project) -> None:
    for qualname, (cls, _path) in project.classes.items():
        ancestor = next((a for a in project.ancestors(qualname) if _is_framework_event(a)), None)
        if ancestor is None or (cls.name == "Event" and qualname in project.subclassed):
            continue  # an aggregate's own `class Event(AggregateRoot.Event)` is the base of its events
        outer = qualname.rsplit(".", 2)[-2] if qualname.count(".") >= 2 else ""
        name = f"{outer}.{cls.name}" if outer and outer[:1].isupper() else cls.name
        project.declare(
            MessageFact(
                name, project.class_location(qualname), Kind.EVENT, f"inherits {ancestor}", Strength.DECLARED, qualname
            )
        )
    for qualname, (function, path) in project.functions.items():
        for decorator in function.decorators:
            if decorator.name not in EVENT_DECORATORS:
                continue
            label = _method_event_label(function.name, decorator)
            if label is None:
                continue
            aggregate = qualname.rsplit(".", 2)[-2]
            how = f'@event("{label}")' if decorator.args else "@event (named after the method)"
            project.declare(
                MessageFact(
                    f"{aggregate}.{label}",
                    project.location(path, decorator.line, decorator.column),
                    Kind.EVENT,
                    f"created by {how} on {function.name}()",
                    Strength.DECLARED,
                )
            )


EVENT_DECORATORS = ("eventsourcing.domain.event", "eventsourcing.domain.triggers")


def _method_event_label(method: str, decorator) -> str | None:  # noqa: ANN001 - a summary Decorator
    """The event an `@event` method triggers: `@event("Renamed")`, or for a bare `@event` the method's
    name in CamelCase (`make_it_so` -> `MakeItSo`). `@event(SomeEvent)` names a class declared elsewhere."""
    if decorator.args:
        return decorator.args[0].value if decorator.args[0].kind == "str" else None
    if method.startswith("_"):
        return None  # `__init__`: the aggregate's created event, declared by its class
    return "".join(part.capitalize() for part in method.split("_") if part)


PROCESS_APPLICATION = "eventsourcing.system.ProcessApplication"


def uses(project: Project) -> Iterator[UseFact]:
    for qualname, (function, path) in project.functions.items():
        for decorator in function.decorators:
            if decorator.name.endswith("policy.register"):
                yield from _registered_policy(project, qualname, function, path, decorator)
            elif decorator.name in EVENT_DECORATORS:
                yield from _event_method(project, qualname, function, path, decorator)
        if function.name == "policy" and function.isinstance_checks:
            owner = qualname.rpartition(".")[0]
            if PROCESS_APPLICATION in project.ancestors(owner):
                for checked in function.isinstance_checks:
                    message = _event_named(project, checked)
                    if message is not None:
                        yield _handler(project, message, owner, path, function.line, function.column, "isinstance")
    yield from _triggered(project)


def _registered_policy(project: Project, qualname: str, function, path: str, decorator) -> Iterator[UseFact]:  # noqa: ANN001
    if decorator.args:
        message = _event_named(project, decorator.args[0].value) if decorator.args[0].kind == "name" else None
        via = f"@{decorator.name}"
    else:  # `@policy.register` on `def _(self, domain_event: Dog.Registered, processing_event)`
        annotations = [a for a in function.annotations if a != "<self>"]
        message = _event_named(project, annotations[0]) if annotations and annotations[0] else None
        via = f"@{decorator.name} (annotated parameter)"
    if message is not None:  # the process application is the one logical handler of its policies
        yield _handler(project, message, qualname.rpartition(".")[0], path, decorator.line, decorator.column, via)


def _handler(project: Project, message: str, component: str, path: str, line: int, column: int, via: str) -> UseFact:
    detail = via if via.startswith("@") else "isinstance() in a process application's policy()"
    return UseFact(
        message,
        component,
        project.location(path, line, column),
        detail,
        "eventsourcing",
        True,
        receive_mode=ReceiveMode.SUBSCRIBE,
        rejections=rejections_of(project, component),
    )


def _event_method(project: Project, qualname: str, function, path: str, decorator) -> Iterator[UseFact]:  # noqa: ANN001
    if decorator.args and decorator.args[0].kind == "name":  # `@event(SomethingHappened)`: a class
        target = decorator.args[0].value
        beside = f"{qualname.rpartition('.')[0]}.{target.rsplit('.', 1)[-1]}"  # nested in the aggregate
        message = _event_named(project, target) or _event_named(project, beside)
    else:
        label = _method_event_label(function.name, decorator)
        message = f"{qualname.rsplit('.', 2)[-2]}.{label}" if label else None
    if message is not None and message in project.messages:
        yield UseFact(
            message,
            project.service_of(project.summaries[path].module),
            project.location(path, function.line, function.column),
            f"calling {function.name}() triggers it (@event)",
            "eventsourcing",
            False,
            emit_mode=EmitMode.PUBLISH,
        )


# `self.trigger_event(self.X, ...)`, `cls._create(cls.Created, ...)`; in eventsourcing 8,
# `self.__trigger_event__(Company.X, ...)` and `cls.__create__(event_class=...)`
_TRIGGERS = ("trigger_event", "._create", "__trigger_event__")


def _triggered(project: Project) -> Iterator[UseFact]:
    for path, summary in project.summaries.items():
        for call in summary.calls:
            if not call.callee.endswith(_TRIGGERS) or not call.args or call.args[0].kind != "name":
                continue
            target = call.args[0].value
            if target.startswith(("self.", "cls.")):  # `self.Registered`, or `cls.Created` in a factory classmethod
                target = f"{call.scope.rpartition('.')[0]}.{target.partition('.')[2]}"
            message = _event_named(project, target)
            if message is not None:
                yield UseFact(
                    message,
                    project.service_of(summary.module),
                    project.location(path, call.line, call.column),
                    f"call {call.callee.rpartition('.')[2]}(...)",
                    "eventsourcing",
                    False,
                    emit_mode=EmitMode.PUBLISH,
                    origin=call.scope,
                )


def _event_named(project: Project, dotted: str) -> str | None:
    """A message class by name, or an `@event("Name")` event by `Aggregate.Name` (it has no class)."""
    found = project.message_ref_name(dotted)
    if found is not None:
        return found
    wire = ".".join(dotted.split(".")[-2:])
    return wire if wire in project.messages and project.messages[wire].qualname is None else None
