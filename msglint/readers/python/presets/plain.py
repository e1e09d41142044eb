"""A plain message bus: marker base classes defined in the project (`Command`, `Event`, ...), modules
named `commands`/`events`/`queries`, `*_HANDLERS` registries, annotated handler functions, and
publishing calls whose argument constructs a message (`bus.handle(PlaceOrder(...))`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from msglint.model import EmitMode, Kind, ReceiveMode, Strength
from msglint.naming import analyse_name
from msglint.readers.python.project import MessageFact, Project, UseFact

MARKERS = {
    "command": Kind.COMMAND,
    "basecommand": Kind.COMMAND,
    "abstractcommand": Kind.COMMAND,
    "commandbase": Kind.COMMAND,
    "event": Kind.EVENT,
    "domainevent": Kind.EVENT,
    "integrationevent": Kind.EVENT,
    "baseevent": Kind.EVENT,
    "abstractevent": Kind.EVENT,
    "eventbase": Kind.EVENT,
    "query": Kind.QUERY,
    "basequery": Kind.QUERY,
    "message": Kind.UNKNOWN,
    "basemessage": Kind.UNKNOWN,
}
CONVENTION_MODULES = {"commands": Kind.COMMAND, "events": Kind.EVENT, "queries": Kind.QUERY}
NOT_MESSAGES = ("Exception", "Error", "Enum", "Protocol", "ABC", "TypedDict", "NamedTuple")
PUBLISH_CALLS = {
    "publish",
    "emit",
    "register_event",
    "raise_",
    "_record_event",
    "record_event",
    "trigger_event",
    "post",
    "append",
    "publish_event",
    "add_event",
    "publish_async",
}
SEND_CALLS = {
    *("handle", "send", "dispatch", "execute", "process", "send_command", "execute_command", "submit"),
    "execute_async",  # lato's async API
}
HANDLER_NAME = re.compile(r"^(handle|on_|when_|process|react|consume|apply_)|_handler$")
REJECTION = re.compile(r"(Validation|Reject|Invalid|NotAllowed|Denied|Refus|Forbidden|Unauthori[sz]ed)", re.I)


# Database models: a calendar's `class Event(models.Model)` is a row, not a message.
ORM_BASES = (
    "django.db.models.Model",
    "django.db.models.base.Model",
    "peewee.Model",
    "tortoise.models.Model",
    "tortoise.Model",
    "mongoengine.Document",
    "beanie.Document",
    "sqlalchemy.orm.DeclarativeBase",
)


def marker_kind(project: Project, qualname: str) -> Kind | None:
    """The kind a project-defined marker base stands for (`class Event: ...` -> event), else None.
    A marker carries no behaviour of its own and is no database model."""
    if qualname not in project.classes or project.has_behaviour(qualname) or is_orm_model(project, qualname):
        return None
    kind = MARKERS.get(qualname.rsplit(".", 1)[-1].lower())
    return kind if kind is not None and not _foreign_bases(project, qualname) else None


def _foreign_bases(project: Project, qualname: str) -> list[str]:
    """Bases from libraries that are not about data: `class Command(click.Command)` is a CLI command."""
    bases = (project.canonical(b) for b in project.classes[qualname][0].bases)
    return [b for b in bases if b not in project.classes and b not in DATA_BASES and b not in NEUTRAL_BASES]


def is_orm_model(project: Project, qualname: str) -> bool:
    """A model of a known ORM, a Flask-SQLAlchemy `db.Model`, or a class that names its table."""
    lineage = [qualname, *project.ancestors(qualname)]
    if any(a in ORM_BASES or a.endswith(".db.Model") for a in lineage):
        return True
    classes = (project.classes.get(a) for a in lineage)
    return any(found is not None and "__tablename__" in found[0].attributes for found in classes)


def messages(project: Project) -> None:
    subclassed = {project.canonical(b) for cls, _ in project.classes.values() for b in cls.bases}
    for qualname, (cls, _path) in project.classes.items():
        if marker_kind(project, qualname) is not None and qualname in subclassed:
            continue  # a marker base, not a message
        if qualname in subclassed:
            continue  # an intermediate base (`class OrderEvent(Event)`) that messages build on
        for ancestor in project.ancestors(qualname):
            kind = marker_kind(project, ancestor)
            if kind is not None:
                project.declare(
                    MessageFact(
                        cls.name,
                        project.class_location(qualname),
                        kind if kind != Kind.UNKNOWN else None,
                        f"inherits {ancestor.rsplit('.', 1)[-1]} ({ancestor})",
                        Strength.DECLARED,
                        qualname,
                        _fields(cls),
                    )
                )
                break
    for qualname, (cls, path) in project.classes.items():
        module = project.summaries[path].module
        kind = next((k for part, k in CONVENTION_MODULES.items() if part in module.split(".")), None)
        if kind is None or qualname in project.messages or is_excluded(project, qualname):
            continue
        if marker_kind(project, qualname) is not None or qualname.count(".") != module.count(".") + 1:
            continue
        if cls.name.startswith("_") or project.has_behaviour(qualname) or not _plain_data(project, cls):
            continue  # a module named `events` also holds helpers; only public plain data classes are messages
        if not _reads_as_message(cls.name):
            continue  # `OrderLine` or `Address` in `commands.py`: a value carried inside messages
        project.declare(
            MessageFact(
                cls.name,
                project.class_location(qualname),
                kind,
                f"defined in the module `{module}`",
                Strength.CONVENTION,
                qualname,
                _fields(cls),
            )
        )


NEUTRAL_BASES = ("abc.ABC", "typing.Generic", "typing.Protocol", "typing_extensions.Protocol", "Generic", "ABC")
DATA_BASES = ("pydantic.BaseModel", "pydantic.main.BaseModel", "msgspec.Struct", "typing.NamedTuple", "object")


def _plain_data(project: Project, cls) -> bool:  # noqa: ANN001 - a summary Class
    """A dataclass, attrs class, pydantic model or struct, or a class of plain fields with no foreign base."""
    decorated = any(
        d.name.rsplit(".", 1)[-1] in ("dataclass", "define", "frozen", "s", "attrs") for d in cls.decorators
    )
    bases = [project.canonical(b) for b in cls.bases]
    foreign = [b for b in bases if b not in project.classes and b not in DATA_BASES]
    return not foreign and (decorated or bool(cls.attributes))


def _reads_as_message(name: str) -> bool:
    """Does the name alone say instruction, fact or activity, or carry a kind suffix?"""
    analysis = analyse_name(name)
    return analysis.grammar != "noun" or analysis.kind_suffix is not None


def is_excluded(project: Project, qualname: str) -> bool:
    return any(a.rsplit(".", 1)[-1].endswith(NOT_MESSAGES) for a in project.ancestors(qualname))


def _fields(cls) -> tuple[str, ...]:  # noqa: ANN001 - a summary Class
    return tuple(name for name in cls.attributes if not name.startswith("_"))


def uses(project: Project) -> Iterator[UseFact]:
    yield from registry_uses(project, lambda variable, _module: variable.upper().endswith("HANDLERS"), "plain")
    yield from _annotated_handlers(project)
    yield from _emissions(project)


def registry_uses(project: Project, is_registry: Callable[[str, str], bool], framework: str) -> Iterator[UseFact]:
    """Handlers listed in module-level dicts from message to handler(s); `is_registry(variable, module)`."""
    for path, summary in project.summaries.items():
        for variable, entries in summary.dict_literals.items():
            if not is_registry(variable, summary.module):
                continue
            for key, values in entries:
                message = project.message_ref(key)
                if message is None:
                    continue
                for value in values:
                    if value.kind != "name":
                        continue
                    component = project.canonical(value.value)
                    where = project.definition_location(component) or project.location(path, value.line, value.column)
                    yield UseFact(
                        message,
                        component,
                        where,
                        f"registry {variable}",
                        framework,
                        True,
                        receive_mode=receive_mode(project, message),
                        rejections=rejections_of(project, component),
                    )


def _annotated_handlers(project: Project) -> Iterator[UseFact]:
    for qualname, (function, path) in project.functions.items():
        if not HANDLER_NAME.search(function.name) or function.decorators:
            continue
        is_method = bool(function.annotations) and function.annotations[0] == "<self>"
        annotations = [a for a in function.annotations if a != "<self>"]
        message = project.message_ref_name(annotations[0]) if annotations else None
        if message is None:
            continue
        yield UseFact(
            message,
            qualname.rpartition(".")[0] if is_method else qualname,  # a handler class counts once
            project.location(path, function.line, function.column),
            "handler function (first parameter annotated with the message)",
            "plain",
            True,
            receive_mode=receive_mode(project, message),
            rejections=rejections_of(project, qualname),
        )


def receive_mode(project: Project, message: str) -> ReceiveMode:
    kind = project.messages[message].kind
    return {Kind.COMMAND: ReceiveMode.HANDLE, Kind.EVENT: ReceiveMode.SUBSCRIBE}.get(kind, ReceiveMode.UNKNOWN)


def rejections_of(project: Project, qualname: str) -> tuple[str, ...]:
    found = project.functions.get(qualname)
    if found is None:
        cls = project.classes.get(qualname)
        if cls is None:
            return ()
        methods = [f for q, (f, _) in project.functions.items() if q.startswith(qualname + ".")]
    else:
        methods = [found[0]]
    return tuple(dict.fromkeys(r.rsplit(".", 1)[-1] for f in methods for r in f.raises if REJECTION.search(r)))


def _emissions(project: Project) -> Iterator[UseFact]:
    for path, summary in project.summaries.items():
        for call in summary.calls:
            attribute = call.callee.rsplit(".", 1)[-1]
            if attribute in PUBLISH_CALLS:
                mode = EmitMode.PUBLISH
            elif attribute in SEND_CALLS:
                mode = EmitMode.SEND
            else:
                continue
            if attribute == "append" and not call.callee.endswith("events.append"):
                continue
            for argument in call.args[:1]:
                message = project.message_ref(argument) if argument.kind == "call" else None
                if message is None:
                    continue
                yield UseFact(
                    message,
                    project.service_of(summary.module),
                    project.location(path, call.line, call.column),
                    f"call {attribute}(...)",
                    "plain",
                    False,
                    emit_mode=mode,
                    origin=call.scope,
                )
