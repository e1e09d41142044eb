"""A plain message bus: marker base classes defined in the project (`Command`, `Event`, ...), modules
named `commands`/`events`/`queries`, `*_HANDLERS` registries, annotated handler functions, and
publishing calls whose argument constructs a message (`bus.handle(PlaceOrder(...))`)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from msglint.model import EmitMode, Kind, Location, ReceiveMode, Strength, Unresolved
from msglint.naming import Vocabulary, analyse_name
from msglint.readers.python import flow
from msglint.readers.python.project import HANDLING_METHODS, KNOWN_LIBRARIES, MessageFact, Project, UseFact
from msglint.readers.python.summary import Call, Decorator, Function, Ref

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
# What a `commands` or `queries` module also holds beside its messages: what they return and carry.
NOT_MESSAGE_SUFFIXES = (
    *("Result", "Results", "Response", "Dto", "DTO", "Item", "Items", "Schema", "Serializer", "View", "Model"),
    *("Commands", "Events", "Queries", "Messages"),  # a collection or a namespace of them, not one
)
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
# Bus methods that take commands and events alike (`bus.handle(cmd)`, `bus.handle(event)`, an event
# dispatcher's `dispatch(event)`): they say a message is delivered, not whether to one owner or to all.
EITHER_WAY = frozenset({"handle", "dispatch", "send", "process", "submit", "post"})
SEND_CALLS = {
    *("handle", "send", "dispatch", "execute", "process", "send_command", "execute_command", "submit"),
    "execute_async",  # lato's async API
}
# `publish_events([...])`, `publish_all(events)`, `emit_event(...)`, `send_command(...)`: named for what they do
# Calls that record an event on an aggregate (`self.apply(OrderPlaced(...))`, `order.record(...)`): read only
# when what they are given is a known event, since `apply` and `record` mean many other things.
RECORDING = re.compile(r"^_*(apply|record|add_domain_event|register_domain_event)$")
PUBLISH_LIKE = re.compile(r"^_*(publish|emit|broadcast|raise_event|record_event|trigger_event|fire_event)(_|$)")
SEND_LIKE = re.compile(r"^_*(send_command|send_message|dispatch|execute_command|enqueue)(_|$)")
# A bus's or mediator's own way in (`mediator.handle_command(cmd)`); on anything else such a method is a
# handler's, and calling it is no send.
HANDLE_ON_BUS = re.compile(r"^_*handle_(command|query|event|message|request|notification)s?$")
# A query bus's or mediator's way to ask (`query_bus.ask(GetStock())`, `mediator.query(...)`): one handler answers.
# On anything else (`session.query(User)`) it is no send.
ASK_ON_BUS = frozenset({"ask", "query"})
HANDLER_NAME = re.compile(r"^(handle|on_|when_|process|react|consume|apply_)|_handler$")
# Exceptions that refuse: invalid input, a rule that forbids, a permission missing, a subject not found
REJECTION = re.compile(
    r"(Validation|Reject|Invalid|NotAllowed|Denied|Refus|Forbidden|Unauthori[sz]ed|NotFound|Permission)", re.I
)


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
    """Bases from libraries that are not about data: `class Command(click.Command)` is a CLI command. A base
    from one of the project's own packages is not foreign, also when its module was not read (a module that
    names no message is not parsed: `class Command(Interface)` with `Interface(ABC)` in `shared/interface.py`)."""
    key = ("own-packages",)
    if key not in project.memo:
        project.memo[key] = frozenset(module.partition(".")[0] for module in project.modules)
    own: frozenset[str] = project.memo[key]  # type: ignore[assignment]
    bases = (project.canonical(b) for b in project.classes[qualname][0].bases)
    known = (*DATA_BASES, *NEUTRAL_BASES)
    return [b for b in bases if b not in project.classes and b not in known and b.partition(".")[0] not in own]


def is_orm_model(project: Project, qualname: str) -> bool:
    """A model of a known ORM, a Flask-SQLAlchemy `db.Model`, or a class that names its table."""
    lineage = [qualname, *project.ancestors(qualname)]
    if any(a in ORM_BASES or a.endswith(".db.Model") for a in lineage):
        return True
    classes = (project.classes.get(a) for a in lineage)
    return any(found is not None and "__tablename__" in found[0].attributes for found in classes)


def own_marker_kind(project: Project, qualname: str, framework_base: str) -> Kind | None:
    """The kind a project's own base between a message and its framework's base stands for:
    `class Query(lato.Command)` makes its subclasses queries, whatever the framework calls them."""
    for ancestor in project.ancestors(qualname):
        if ancestor == framework_base:
            return None
        kind = MARKERS.get(ancestor.rsplit(".", 1)[-1].lower()) if ancestor in project.classes else None
        if kind is not None and kind != Kind.UNKNOWN:
            return kind
    return None


def messages(project: Project) -> None:
    subclassed = project.subclassed
    for qualname, (cls, _path) in project.classes.items():
        if marker_kind(project, qualname) is not None and qualname in subclassed:
            continue  # a marker base, not a message
        if qualname in subclassed:
            continue  # an intermediate base (`class OrderEvent(Event)`) that messages build on
        if project.acts(qualname):
            continue  # `class ReserveStock(BaseCommand)` with `execute()`: the command pattern, not a message
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
    parts = _field_types(project)
    kinds: dict[str, Kind | _WeakKind | None] = {}  # each file's, worked out once (it may look at the files beside it)
    for qualname, (cls, path) in project.classes.items():
        module = project.summaries[path].module
        if path not in kinds:
            kinds[path] = _convention_kind(module, path)
        kind = kinds[path]
        if kind is None or qualname in project.messages or is_excluded(project, qualname):
            continue
        if isinstance(kind, _WeakKind):
            if analyse_name(cls.name, project.naming).reading_for(str(kind.kind)) is None:
                continue  # `CreateEventRequest` in the events feature's models.py: an API model, no event
            kind = kind.kind
        if qualname in parts or _constants_only(cls):
            continue  # a value a message carries (`line: OrderLine`), or a holder of fixed texts
        if marker_kind(project, qualname) is not None or qualname.count(".") != module.count(".") + 1:
            continue
        if qualname in project.subclassed or project.acts(qualname):
            continue  # a base of messages, or a use case that `execute`s: not a message
        if cls.name.startswith("_") or project.has_behaviour(qualname) or not _plain_data(project, cls):
            continue  # a module named `events` also holds helpers; only public plain data classes are messages
        if not _reads_as_message(cls.name, project.naming, kind) or cls.name.endswith(NOT_MESSAGE_SUFFIXES):
            continue  # `OrderLine` in `commands.py`, `PlaceOrderResult` in `queries.py`: values, not messages
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


# Modules of an application's own structure (Django's and its like): in an application named after its
# domain (`events`: calendar events), they hold its models and helpers, not its messages
APPLICATION_MODULES = frozenset(
    {"models", "admin", "apps", "views", "serializers", "urls", "forms", "caches", "cache", "managers", "filters"}
    | {"permissions", "utils", "helpers", "migrations", "fields", "widgets", "templatetags", "middleware"}
    | {"controllers", "util", "schemas", "blueprint", "blueprints", "templates", "placeholders", "settings"}
)


def _convention_kind(module: str, path: str) -> Kind | _WeakKind | None:
    """The kind a module's name or package gives its classes (`shop/events.py`, `shop/events/order.py`). None
    to the modules of an application's structure below it (`events/caches.py`, `events/abstracts/forms.py` of
    an application about calendar or conference events), nor to its models when the package is an application
    of its own (it holds `apps.py`, `migrations/` or other models)."""
    segments = module.split(".")
    if "management" in segments and "commands" in segments[segments.index("management") :]:
        return None  # Django's `management/commands/`: command-line commands and their helpers, no messages
    if segments[-1] in CONVENTION_MODULES:
        return CONVENTION_MODULES[segments[-1]]
    found = next(((i, CONVENTION_MODULES[s]) for i, s in enumerate(segments) if s in CONVENTION_MODULES), None)
    if found is None:
        return None
    index, kind = found
    after = segments[index + 1 :]
    if any(segment in APPLICATION_MODULES and segment != "models" for segment in after):
        return None  # `events/abstracts/forms.py`, `events/views.py`: the structure of an application
    below = len(after) > 1 or os.path.basename(path) == "__init__.py"  # in a package inside it
    if "models" not in after and not below:
        return kind  # `events/orders.py`
    package = os.path.dirname(os.path.abspath(path))
    for _ in range(len(segments) - index - 2 + (os.path.basename(path) == "__init__.py")):
        package = os.path.dirname(package)
    # `events/models.py`, `events/user/password_changed.py` may be where the events are, unless the package is an
    # application of its own, whose features are its subpackages (`events/abstracts/`, conference events)
    if _an_application(package, os.path.abspath(path)):
        return None
    return _WeakKind(kind) if "models" in after else kind


@dataclass(frozen=True)
class _WeakKind:
    """The kind `events/models.py` gives, weakly: the models there may also be a feature's own (a service about
    calendar events), so only a class whose name reads as that kind is taken for a message."""

    kind: Kind


def _an_application(package: str, module_path: str) -> bool:
    """Whether a package is an application of its own: it has `apps.py` or `migrations/`, or models (`models.py`,
    a `models/` package) other than the module being judged (`events/models.py` may be where the events are)."""
    models = os.path.join(package, "models.py")
    models_package = os.path.join(package, "models") + os.sep
    return (
        os.path.isfile(os.path.join(package, "apps.py"))
        or os.path.isdir(os.path.join(package, "migrations"))
        or (os.path.isfile(models) and models != module_path)
        or (os.path.isdir(models_package) and not module_path.startswith(models_package))
    )


NEUTRAL_BASES = ("abc.ABC", "typing.Generic", "typing.Protocol", "typing_extensions.Protocol", "Generic", "ABC")
DATA_BASES = ("pydantic.BaseModel", "pydantic.main.BaseModel", "msgspec.Struct", "typing.NamedTuple", "object")


def _field_types(project: Project) -> set[str]:
    """Classes of the project that are the type of another class's field."""
    return {
        canonical
        for cls, _ in project.classes.values()
        for name in cls.field_types
        if (canonical := project.canonical(name)) in project.classes and canonical != cls.qualname
    }


def _constants_only(cls) -> bool:  # noqa: ANN001 - a summary Class
    """Every field a fixed text (`orders: str = "Orders"`): labels or settings, never the data of a message."""
    return bool(cls.attributes) and all(ref.kind == "str" for ref in cls.attributes.values())


def _plain_data(project: Project, cls) -> bool:  # noqa: ANN001 - a summary Class
    """A dataclass, attrs class, pydantic model or struct, or a class of plain fields with no foreign base."""
    decorated = any(
        d.name.rsplit(".", 1)[-1] in ("dataclass", "define", "frozen", "s", "attrs") for d in cls.decorators
    )
    bases = [project.canonical(b) for b in cls.bases]
    foreign = [b for b in bases if b not in project.classes and b not in DATA_BASES]
    # a base of the project that does things (a form's `validate`): its subclasses are no plain data either
    acting = any(project.has_behaviour(ancestor) for ancestor in project.ancestors(cls.qualname))
    return not foreign and not acting and (decorated or bool(cls.attributes))


def _reads_as_message(name: str, vocabulary: Vocabulary, kind: Kind | None = None) -> bool:
    """Does the name alone say instruction, fact or activity, or carry a kind suffix? In a module that holds
    one kind, a weaker reading that fits that kind will do if it is nearly as likely (`BuildShelf` in
    `commands.py`: 'build' is about as often a noun, yet an order here; not `BatchSize`, a value, where 'batch'
    is seldom the verb)."""
    analysis = analyse_name(name, vocabulary)
    if analysis.grammar != "noun" or analysis.kind_suffix is not None:
        return True
    fitting = analysis.reading_for(str(kind)) if kind in (Kind.COMMAND, Kind.EVENT) else None
    return fitting is not None and fitting.weight >= _LIKELY_ENOUGH


_LIKELY_ENOUGH = 0.3  # a weaker reading this strong is a fair one (`RegisteredTenant`: 0.3 past); `BatchSize` is 0.2


def is_excluded(project: Project, qualname: str) -> bool:
    return any(a.rsplit(".", 1)[-1].endswith(NOT_MESSAGES) for a in project.ancestors(qualname))


def _fields(cls) -> tuple[str, ...]:  # noqa: ANN001 - a summary Class
    return tuple(name for name in cls.attributes if not name.startswith("_"))


def uses(project: Project) -> Iterator[UseFact]:
    _unread_subscriptions(project)
    yield from registry_uses(project, lambda _label, _module: True, "plain")
    yield from _registration_calls(project)
    yield from _annotated_handlers(project)
    yield from _handed_over_handlers(project)
    yield from _dispatched_handlers(project)
    yield from _emissions(project)


# `bus.register(PlaceOrder, place_order)`, `bus.subscribe(OrderPlaced, notify)`, `add_handler(...)`
REGISTERING = re.compile(r"^_*(register|subscribe|add_handler|add_listener|add_subscriber|listen|on)(_\w+)?$")


def _registration_calls(project: Project) -> Iterator[UseFact]:
    for path, summary in project.summaries.items():
        for call in summary.calls:
            attribute = call.callee.rpartition(".")[2]
            if len(call.args) < 2 or not REGISTERING.match(attribute) or call.args[0].kind != "name":
                continue
            message = project.message_ref(call.args[0])
            if message is None:
                continue
            for handler in flow.flatten(call.args[1]):
                found = handler_of(project, handler)
                if found is None:
                    if handler.kind == "call":  # a handler made at run time: it is there, whatever it is
                        where = project.location(path, call.line, call.column)
                        detail = f"{attribute}(...) registers a handler made by {handler.value}(...)"
                        project.unresolved.append(Unresolved("receive", detail, where, (message,)))
                    continue
                component = found[0]
                where = project.definition_location(component) or project.location(path, call.line, call.column)
                yield _handler_use(project, message, component, where, f"call {attribute}(...)")


# Calls that hand over a function to be called later (`dispatcher.connect(notify, signal=...)`,
# `bus.add_listener(on_paid)`): what the function handles is what its first parameter is annotated with.
HANDING_OVER = re.compile(r"^_*(connect|register|subscribe|add_handler|add_listener|add_subscriber|listen)(_\w+)?$")


def _handler_use(
    project: Project,
    message: str,
    component: str,
    where: Location,
    via: str,
    framework: str = "plain",
    rejecting: str | None = None,
) -> UseFact:
    """`component` handles `message`; what refuses it is what `rejecting` (by default the component) raises."""
    return UseFact(
        message,
        component,
        where,
        via,
        framework,
        True,
        receive_mode=receive_mode(project, message),
        rejections=rejections_of(project, rejecting or component),
    )


def _handed_over_handlers(project: Project) -> Iterator[UseFact]:
    for summary in project.summaries.values():
        for call in summary.calls:
            attribute = call.callee.rpartition(".")[2]
            if not call.args or call.args[0].kind != "name" or not HANDING_OVER.match(attribute):
                continue
            target = project.canonical(call.args[0].value)
            found = project.functions.get(target)
            if found is None:
                continue
            function, where = found
            annotations = [a for a in function.annotations if a != "<self>"]
            message = project.message_ref_name(annotations[0]) if annotations else None
            if message is None:
                continue
            yield _handler_use(
                project,
                message,
                target,
                project.location(where, function.line, function.column),
                f"handed to {attribute}(...), its first parameter annotated with the message",
            )


_REGISTRY_LABEL = re.compile(r"handler|registr|subscri|listener|dispatch|consumer|reactor", re.I)


def registry_uses(project: Project, is_registry: Callable[[str, str], bool], framework: str) -> Iterator[UseFact]:
    """Handlers listed in dicts from message to handler(s), wherever written and whatever they are called
    (`is_registry(label, module)` may narrow that): the entries decide, a key must be a message and a value
    a handler. The value is a function, a handler class or an instance of one (its
    `handle`/`__call__`/... method handles), a lambda or `partial` around a function."""
    for path, summary in project.summaries.items():
        for label, entries in summary.dict_literals.items():
            if not is_registry(label, summary.module):
                continue
            unreadable = 0
            for key, values in entries:
                message = (project.message_ref(key) or wire_named(project, key)) if key.kind == "name" else None
                handlers = [h for h in (handler_of(project, value) for value in values) if h is not None]
                if message is None:
                    unreadable += bool(handlers) and _may_be_a_message(project, key)
                    continue
                for component, value in handlers:
                    where = project.definition_location(component) or project.location(path, value.line, value.column)
                    yield _handler_use(project, message, component, where, f"registry {label}", framework)
            if unreadable and (_REGISTRY_LABEL.search(label) or len(entries) == unreadable):
                first = entries[0][0]
                project.unresolved.append(
                    Unresolved(
                        "receive",
                        f"registry {label}: {unreadable} handler(s) registered for types msglint cannot name",
                        project.location(path, first.line, first.column),
                    )
                )


# Class attributes that hold the name a message class travels under (`name = "room_reserved"`, `event_type`,
# `topic`): a framework or an adapter addresses the message by it.
WIRE_NAME_ATTRIBUTES = ("name", "event_name", "event_type", "message_name", "message_type", "type", "topic")
WIRE_NAME_ATTRIBUTES += ("routing_key", "subject", "channel")


def wire_name(project: Project, qualname: str) -> str | None:
    """The name a message class says it travels under: a text it sets itself in one of WIRE_NAME_ATTRIBUTES
    (not one inherited from a base: a base's name is every subclass's)."""
    found = project.classes.get(qualname)
    attributes = found[0].attributes if found is not None else {}
    named = (attributes.get(attribute) for attribute in WIRE_NAME_ATTRIBUTES)
    return next((ref.value for ref in named if ref is not None and ref.kind == "str" and ref.value), None)


def wire_named(project: Project, ref: Ref) -> str | None:
    """The message a reference to its name stands for: `RoomReserved.name` or `RoomReserved.__name__` (a
    registry keyed by names: `{RoomReserved.name: record}`)."""
    owner, _, attribute = ref.value.rpartition(".")
    if ref.kind != "name" or not owner or (attribute not in WIRE_NAME_ATTRIBUTES and attribute != "__name__"):
        return None
    return project.message_ref_name(owner)


def _may_be_a_message(project: Project, key: Ref) -> bool:
    """Could a registry key msglint did not recognise be a message after all? A value known only at run time
    could; so could a class from outside the project. A class of the project that is no message
    (`{AddLayer: spawn}`), an exception (`{HTTPException: handler}`) or a builtin type cannot."""
    if key.kind in ("param", "other", "local"):
        return True
    if key.kind != "name" or "." not in key.value:
        return False  # `str`, `int`: builtins
    name = project.canonical(key.value)
    owner, _, last = name.rpartition(".")
    if owner in project.classes or (last.isupper() and len(last) > 1):
        return False  # `RequestType.SIM_EXTRACTION`: a member or constant of a class, `ORDERS`: a constant
    return name not in project.classes and last[:1].isupper() and not last.endswith(("Error", "Exception", "Warning"))


def handler_of(project: Project, value: Ref, depth: int = 3) -> tuple[str, Ref] | None:
    """The handler a registry value stands for: a function, a class with a handling method (or an instance
    of one), what a lambda calls, or what a wrapper is given: `functools.partial(f, ...)`, a DI container's
    `providers.Factory(Handler, ...)`, the project's own `bootstrap(handlers.create_image, uow)`. None for
    anything else (a schema, a topic name)."""
    if value.kind not in ("name", "call", "lambda"):
        return None
    component = project.canonical(value.value)
    if component in project.messages:
        return None  # a message mapped to a message (a command to the event it leads to) handles nothing
    if _handles(project, component):
        return component, value
    if value.kind == "call" and value.args and depth > 0:
        wrapped = handler_of(project, value.args[0], depth - 1)
        if wrapped is not None:
            return wrapped[0], value  # the function or class the wrapper is built around
    if value.kind == "call" and (component in project.functions or project.definition_location(component)):
        return _made_by(project, component, value, depth)
    if component in project.functions or project.definition_location(component) is not None:
        return component, value  # a function of the project: a handler, or a factory that makes one
    return None


def _made_by(project: Project, factory: str, value: Ref, depth: int) -> tuple[str, Ref] | None:
    """The handler a call of the project's function gives (`get_handler("SyncHandler")`, `make_handler(uow)`):
    a handler it returns (`return SyncHandler()`), or the factory itself when it returns a function it makes
    (a closure over its arguments). None when what it returns cannot be told (`return HANDLERS[name]`): the
    handler is unknown, not the factory."""
    found = project.functions.get(factory)
    returns = found[0].returns if found is not None and depth > 0 else []
    handlers = [found for found in (handler_of(project, ref, depth - 1) for ref in returns) if found is not None]
    if not handlers:
        return None
    own = [found for found in handlers if found[0].startswith(factory + ".")]
    return (factory, value) if own else handlers[0]


def _handles(project: Project, component: str) -> bool:
    """A class of the project with a handling method: it, or its instances, handle."""
    return component in project.classes and any(m in project.methods.get(component, ()) for m in HANDLING_METHODS)


# Modules that hold handlers by convention: there a public function taking a message first handles it,
# whatever it is called (`def reserve_stock(command: ReserveStock, uow)` in `handlers.py`).
HANDLER_MODULES = re.compile(r"(^|_)(handlers|subscribers|listeners|consumers|policies|reactions)$")


# Decorators that change nothing of what a function does with its arguments (markers for type checkers and
# abstract bases, caching): a handler decorated with one is still a handler. Any other decorator may register
# the function somewhere else, which a framework's preset reads.
TRANSPARENT_DECORATORS = frozenset(
    {
        *("typing.override", "typing_extensions.override", "overrides.override", "overrides.overrides"),
        *("abc.abstractmethod", "staticmethod", "classmethod", "typing.final", "typing_extensions.final"),
        *("functools.cache", "functools.lru_cache", "functools.wraps"),
    }
)
SINGLE_DISPATCH = frozenset({"functools.singledispatch", "functools.singledispatchmethod"})


def _marked_only(function: Function) -> bool:
    return all(decorator.name in TRANSPARENT_DECORATORS for decorator in function.decorators)


def _single_dispatch(project: Project, callee: str, scope: str) -> bool:
    """Is `callee` a function of the project that dispatches messages on their type (`@singledispatch`), as its
    name says (`execute_command`, `handle`, `query`)? A formatter (`describe`, `to_json`) dispatches on type too."""
    found = project.functions.get(project.callee(callee, scope))
    return found is not None and _on_type(found[0]) and bool(_DISPATCHING_NAME.match(found[0].name))


def _dispatches_on_type(project: Project, callee: str, scope: str) -> bool:
    found = project.functions.get(project.callee(callee, scope))
    return found is not None and _on_type(found[0])


def _on_type(function: Function) -> bool:
    return any(d.name in SINGLE_DISPATCH for d in function.decorators)


# What a bus's way in is called: `execute_command`, `handle`, `dispatch_query`, `process`, `run`, `query`, `ask`
_DISPATCHING_NAME = re.compile(
    r"^_*(execute|handle|dispatch|send|process|run|submit|query|ask|publish|emit|notify|react|consume|apply)(_|$)"
)


def _dispatched_handlers(project: Project) -> Iterator[UseFact]:
    """`@execute.register(OpenAccount)` or `@execute.register` over `def _(command: OpenAccount)`, where
    `execute` is a `@singledispatch` function of the project: the implementation for that message's type."""
    for qualname, (function, path) in project.functions.items():
        for decorator in function.decorators:
            owner, _, last = decorator.name.rpartition(".")
            if last != "register" or not owner or not _single_dispatch(project, owner, qualname):
                continue
            annotations = [a for a in function.annotations if a != "<self>"]
            named = decorator.args[0].value if decorator.args and decorator.args[0].kind == "name" else None
            message = project.message_ref_name(named or (annotations[0] if annotations else ""))
            if message is None:
                continue
            yield _handler_use(
                project,
                message,
                _delegate(project, path, qualname) or qualname,
                project.location(path, function.line, function.column),
                f"registered for its type on the single-dispatch function {owner.rpartition('.')[2]}()",
                rejecting=qualname,
            )


SUBSCRIBING = frozenset({"subscribe", "consume", "add_subscription", "create_consumer", "listen"})


def _unread_subscriptions(project: Project) -> None:
    """`client.subscribe("rooms", schema=AvroSchema(CleanRoom))` with no handler among its arguments: the
    messages it names are received by code msglint cannot follow (a `receive()` loop), so they are recorded as
    reaching handlers it cannot read; "no handler" is then not known for them. A subscription a framework's
    preset already recorded as unresolved is not recorded twice."""
    recorded = {(u.location.path, u.location.line, u.location.column) for u in project.unresolved}
    for path, summary in project.summaries.items():
        for call in summary.calls:
            if call.callee.rpartition(".")[2] not in SUBSCRIBING:
                continue
            if (project.location(path, call.line, call.column).path, call.line, call.column) in recorded:
                continue
            values = [*call.args, *call.keywords.values()]
            if any(_callable_of_project(project, value) for value in values):
                continue  # a handler given with the subscription: registrations are read as such
            messages = sorted({m for value in values for m in _messages_named(project, value)})
            if messages:
                project.unresolved.append(
                    Unresolved(
                        "receive",
                        f"{call.callee}(...) subscribes to {', '.join(m.rpartition('.')[2] for m in messages)} "
                        "with no handler msglint can read",
                        project.location(path, call.line, call.column),
                        tuple(messages),
                    )
                )


def _callable_of_project(project: Project, value: Ref) -> bool:
    if value.kind not in ("name", "lambda"):
        return False
    if value.kind == "name" and "." in value.value and value.value.rpartition(".")[2][:1].islower():
        return True  # `notifier.on_order_placed`: a bound method or a module's function, handed over as handler
    target = project.canonical(value.value)
    if value.kind == "lambda" or target in project.functions or _handles(project, target):
        return True
    return project.definition_location(target) is not None  # a plain function: its summary kept only its place


def _messages_named(project: Project, value: Ref, depth: int = 3) -> Iterator[str]:
    """Messages named anywhere in a value: `CleanRoom`, `CleanRoom()`, `AvroSchema(CleanRoom)`, `[A, B]`."""
    if value.kind in ("name", "call"):
        message = project.message_ref_name(value.value)
        if message is not None:
            yield message
    if depth > 0:
        for inner in (*value.args, *value.keywords.values()):
            yield from _messages_named(project, inner, depth - 1)


def _delegate(project: Project, path: str, qualname: str) -> str | None:
    """The handler class a function hands its message on to (`CrearInmuebleHandler().handle(command)`): the
    two are one logical handler, which the class stands for."""
    for call in project.summaries[path].calls:
        if call.scope != qualname or call.callee.rpartition(".")[2] not in HANDLING_METHODS:
            continue
        if not any(arg.kind == "param" and arg.value == "0" for arg in call.args):
            continue
        built = call.receiver or call.callee.rpartition(".")[0]  # `handler = X(); handler.handle(command)`
        owner = project.canonical(built.removesuffix("()"))
        if owner in project.classes:
            return owner
    return None


def _annotated_handlers(project: Project) -> Iterator[UseFact]:
    delegated = _delegated_to(project)
    for qualname, (function, path) in project.functions.items():
        if not _annotated_handler(project, function, path):
            continue
        is_method = bool(function.annotations) and function.annotations[0] == "<self>"
        annotations = [a for a in function.annotations if a != "<self>"]
        message = project.message_ref_name(annotations[0]) if annotations else None
        component = qualname.rpartition(".")[0] if is_method else qualname  # a handler class counts once
        if message is None or (message, component) in delegated:
            continue
        yield _handler_use(
            project,
            message,
            component,
            project.location(path, function.line, function.column),
            "handler function (first parameter annotated with the message)",
            rejecting=qualname,
        )


def _annotated_handler(project: Project, function: Function, path: str) -> bool:
    """Does the function read as a handler of what its first parameter is annotated with? By its name, as a
    handling method, in a handlers module, or registered by a decorator that says so and names no message."""
    if _registered_by_decorator(project, function, path):
        return True
    return _marked_only(function) and bool(
        HANDLER_NAME.search(function.name)
        or (function.name in HANDLING_METHODS and function.annotations[:1] == ["<self>"])
        or (HANDLER_MODULES.search(project.summaries[path].module.rpartition(".")[2]) and function.name[:1] != "_")
    )


# `@MessageHandler.register`, `@bus.subscribe`, `@handler`: a decorator that registers the function as a handler
# and leaves the message to its annotation (with the message named, `@register(X)`, a preset reads it).
REGISTERING_DECORATORS = frozenset({"register", "subscribe", "handler", "handles", "listener"})


_HANDLER_REGISTRY = re.compile(r"handler|listener|subscri|dispatch|consumer|reactor", re.IGNORECASE)


def _registered_by_decorator(project: Project, function: Function, path: str) -> bool:
    registering = [
        d
        for d in function.decorators
        if d.name.rpartition(".")[2] in REGISTERING_DECORATORS
        and not d.args
        and not d.keywords
        and _registers_handlers(project, path, d)
    ]
    others = [d for d in function.decorators if d not in registering and d.name not in TRANSPARENT_DECORATORS]
    return (
        bool(registering)
        and not others
        and not any(_dispatches_on_type(project, d.name.rpartition(".")[0], function.qualname) for d in registering)
    )


def _registers_handlers(project: Project, path: str, decorator: Decorator) -> bool:
    """`@bus.subscribe`, `@handler`: the decorator's name says it; `@x.register` only when `x` is a bus or a
    registry of handlers, by its name (`MessageHandler.register`) or by the class it is an instance of
    (`registry = HandlerRegistry()`), not any registry (`admin.register`, a singledispatch method's
    `to_dict.register`)."""
    owner, _, name = decorator.name.rpartition(".")
    if name != "register":
        return True
    made_by = project.assigned_call(path, owner).rpartition(".")[2] if owner else ""
    return any(bus_like(word) or bool(_HANDLER_REGISTRY.search(word)) for word in (owner.rpartition(".")[2], made_by))


def _delegated_to(project: Project) -> set[tuple[str, str]]:
    """(message, class) for each handler class that a handler of the message hands it on to, from its handling
    method: `self.use_case.execute(command)` with `self.use_case = PostSnapshot()` in `__init__`, or
    `PostSnapshot().execute(command)`. The two are one logical handler, which the outer one stands for."""
    found: set[tuple[str, str]] = set()
    for qualname, (function, path) in project.functions.items():
        annotations = [a for a in function.annotations if a != "<self>"]
        message = project.message_ref_name(annotations[0]) if annotations else None
        if message is None or not _annotated_handler(project, function, path):
            continue
        own = project.enclosing_class(qualname)
        for call in project.summaries[path].calls:
            if call.scope != qualname or call.callee.rpartition(".")[2] not in HANDLING_METHODS:
                continue
            if not any(arg.kind == "param" and arg.value == "0" for arg in call.args):
                continue
            target = _instance_class(project, call)
            if target is not None and target != own:
                found.add((message, target))
    return found


def _instance_class(project: Project, call: Call) -> str | None:
    """The class of the object a method is called on: built here (`X().run(...)`, `x = X(); x.run(...)`) or
    stored on `self` by `__init__` (`self.x.run(...)`)."""
    owner = call.receiver or call.callee.rpartition(".")[0]
    if owner.startswith("self.") and "." not in owner[5:]:
        held = project.instance_attribute(call.scope, owner[5:])
        owner = f"{held.value}()" if held is not None and held.kind == "call" else ""
    cls = project.canonical(owner.removesuffix("()")) if owner.endswith("()") else ""
    return cls if cls in project.classes else None


def receive_mode(project: Project, message: str) -> ReceiveMode:
    kind = project.messages[message].kind
    return {Kind.COMMAND: ReceiveMode.HANDLE, Kind.EVENT: ReceiveMode.SUBSCRIBE}.get(kind, ReceiveMode.UNKNOWN)


def rejections_of(project: Project, qualname: str) -> tuple[str, ...]:
    """Exceptions that read as refusing the message, raised by the handler (a function, or a handler class's
    methods) or by a function of the project it calls (one level, across modules)."""
    found = project.functions.get(qualname)
    if found is not None:
        functions = [(qualname, found[0])]
    else:
        names = project.methods.get(qualname, ())
        functions = [(f"{qualname}.{n}", project.functions[f"{qualname}.{n}"][0]) for n in names]
    helpers = [helper for q, f in functions for helper in _helpers(project, q, f)]
    raised = (r for f in (*(f for _, f in functions), *helpers) for r in f.raises if REJECTION.search(r))
    return tuple(dict.fromkeys(r.rsplit(".", 1)[-1] for r in raised))


def _helpers(project: Project, qualname: str, function: Function) -> list[Function]:
    targets = (project.callee(helper, qualname) for helper in function.helpers)
    return [project.functions[t][0] for t in targets if t != qualname and t in project.functions]


MESSAGE_KEYWORDS = ("message", "msg", "event", "command", "cmd", "query", "request", "events", "messages", "commands")
# Receivers that read as a message bus: a send through one of them with a value msglint cannot name is
# recorded as unresolved. `cursor.execute(sql)` or `socket.send(data)` are not sends of messages at all.
# Only the object's own name counts (`self.event_bus`, `messagebus`, `get_bus()`), read word by word: the module
# it lives in (`business.views.items`) says nothing, and `business` is no bus.
_BUS_WORD = re.compile(r"(?:mediator|dispatch|broker|publisher|producer|messag|outbox|command|event)")
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


def bus_like(receiver: str) -> bool:
    """Does the object a call is made on read as a message bus?"""
    words = (w.lower() for w in _WORDS.findall(receiver.rpartition(".")[2]))
    return any(word.endswith("bus") or _BUS_WORD.match(word) for word in words)


def _emissions(project: Project) -> Iterator[UseFact]:
    forwarding: list[tuple[Call, str, EmitMode, str]] = []
    for path, summary in project.summaries.items():
        for call in summary.calls:
            attribute = call.callee.rsplit(".", 1)[-1]
            mode = _emit_mode(call)
            if mode is None and _single_dispatch(project, call.callee, call.scope):
                mode = EmitMode.UNKNOWN  # one implementation per type: whether one owner or all, topology tells
            if mode is None:
                continue
            if mode is not EmitMode.UNKNOWN and _own_function(project, call) and _hands_on(project, call):
                # `self._publish_message(cmd, topic)`: the name of the project's own helper says nothing of how
                # its body delivers (a point-to-point send, here); what the body does is read through it. A helper
                # whose body sends nothing msglint reads (it calls each subscriber itself) is taken at its word.
                mode = EmitMode.UNKNOWN
            value = _message_argument(call)
            if value is None:
                continue
            messages = flow.messages_in(project, value)
            if RECORDING.match(attribute):
                messages = [m for m in messages if _an_event(project, m)]
            for message in messages:
                yield _emission(project, message, path, summary.module, call, mode, f"call {attribute}(...)")
            if flow.parameters_in(value):
                forwarding.append((call, path, mode, f"call {attribute}(...)"))
            elif (
                not messages
                and _through_a_bus(project, call)
                and _unknown(value)
                and not _addressed(call)
                and not library_call(project, path, call.callee)
            ):
                project.unresolved.append(
                    Unresolved(
                        "emit",
                        f"{call.callee}(...) sends a value whose type msglint cannot tell",
                        project.location(path, call.line, call.column),
                    )
                )
    for passed in flow.forwarded(project, forwarding):
        summary = project.summaries[passed.path]
        via = f"{passed.via} through {passed.call.callee}()"
        yield _emission(project, passed.message, passed.path, summary.module, passed.call, passed.mode, via)


def _through_a_bus(project: Project, call: Call) -> bool:
    """Is the send made on what reads as a message bus, or through a callable handed in under a sending name
    (`publish(next_event)` with `publish` a parameter or a local: no function or class of the project)?"""
    owner = call.callee.rpartition(".")[0]
    if owner:
        return bus_like(owner)
    resolved = project.callee(call.callee, call.scope)
    return "." not in resolved and resolved not in project.functions and resolved not in project.classes


def _emit_mode(call: Call) -> EmitMode | None:
    attribute = call.callee.rsplit(".", 1)[-1]
    if attribute in ("append", "extend", "appendleft", "put", "put_nowait", "add"):
        # an aggregate recording events for later publication (`self.events.append(...)`), an outbox
        # (`self.outbox.put(...)`)
        owner = call.callee.rpartition(".")[0]
        # `self._events`, `order.events`: an object's list; a bare name is a local list, which counts where
        # it is published or returned
        return EmitMode.PUBLISH if "." in owner else None
    if HANDLE_ON_BUS.match(attribute) and bus_like(call.callee.rpartition(".")[0]):
        return EmitMode.UNKNOWN  # `mediator.handle_command(OpenRoom(...))`: handed to the bus, one owner or all
    if attribute in ASK_ON_BUS and bus_like(call.callee.rpartition(".")[0]):
        return EmitMode.SEND
    if attribute == "write" and bus_like(call.callee.rpartition(".")[0]):
        return EmitMode.UNKNOWN  # `command_writer.write(command=Withdraw(...))`: into a message store's stream
    if attribute in PUBLISH_CALLS or PUBLISH_LIKE.match(attribute) or RECORDING.match(attribute):
        mode = EmitMode.PUBLISH
    elif attribute in SEND_CALLS or SEND_LIKE.match(attribute):
        mode = EmitMode.SEND
    else:
        return None
    if "." not in call.callee or attribute in EITHER_WAY:
        # `publish = bootstrap.bus(); publish(cmd)`: a local's name says nothing of how it delivers; a bus's
        # `handle`/`dispatch` takes commands and events alike: topology decides, not the verb
        return EmitMode.UNKNOWN
    return mode


def _an_event(project: Project, message: str) -> bool:
    """Known as an event, or of no known kind with a name that says event (`DepositedEvent`, `FundsDeposited`):
    what an aggregate records with `apply(...)`."""
    fact = project.messages[message]
    if fact.kind is not None:
        return fact.kind == Kind.EVENT
    analysis = analyse_name(fact.name, project.naming)
    return analysis.kind_suffix == "event" or (analysis.grammar == "past" and analysis.kind_suffix is None)


def _hands_on(project: Project, call: Call) -> bool:
    """Does the project's function a call reaches send or publish through a call msglint reads?"""
    target = project.callee(call.callee, call.scope)
    where = project.definition_location(target)
    summary = project.summaries.get(where.path) if where is not None else None
    if summary is None:
        return True
    return any(inner.scope == target and _emit_mode(inner) is not None for inner in summary.calls)


def _own_function(project: Project, call: Call) -> bool:
    target = project.callee(call.callee, call.scope)
    return bool(target) and project.definition_location(target) is not None


def _message_argument(call: Call) -> Ref | None:
    """Every positional argument and message keyword (`event=`, also `domain_event=`): the message is not always
    first (`bus.send(Topic(room), MessageSent(...))`)."""
    keywords = [value for key, value in call.keywords.items() if key.rpartition("_")[2] in MESSAGE_KEYWORDS]
    values = [*call.args, *keywords]
    return Ref("list", "", values) if values else None


DESTINATION_KEYWORDS = ("subject", "topic", "queue", "channel", "routing_key", "exchange", "stream", "destination")


def _addressed(call: Call) -> bool:
    """`broker.publish(payload, "orders")`, `publish(msg, subject=...)`: sent to a named destination, which is
    what identifies the message (a broker preset reads it); the payload's type does not matter."""
    second_is_name = len(call.args) >= 2 and call.args[1].kind in ("str", "name")
    return second_is_name or any(k in call.keywords for k in DESTINATION_KEYWORDS)


def library_call(project: Project, path: str, callee: str) -> bool:
    """Does the call go, through an import, into a library the project does not own and no preset reads
    (`from firebase_admin import messaging; messaging.send(message)`)? That is an API call, not a send on a
    message bus, whatever the library's module is called."""
    if not any(callee.startswith(f"{target}.") for target in project.summaries[path].imports.values()):
        return False
    owned = {module.partition(".")[0] for module in project.modules}
    package = callee.partition(".")[0]
    return package not in owned and package not in KNOWN_LIBRARIES and project.canonical(callee) == callee


def _unknown(value: Ref) -> bool:
    """A value msglint cannot name: a variable of unknown origin, an attribute, a call's result."""
    return any(item.kind in ("other", "name", "call", "local") for item in flow.flatten(value))


def _emission(project: Project, message: str, path: str, module: str, call: Call, mode: EmitMode, via: str) -> UseFact:
    return UseFact(
        message,
        project.service_of(module),
        project.location(path, call.line, call.column),
        via,
        "plain",
        False,
        emit_mode=mode,
        origin=call.scope,
    )
