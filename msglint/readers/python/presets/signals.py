"""Django signals and blinker: a `Signal()` (or blinker `signal("name")`, or `Namespace().signal("name")`)
is an event; `@receiver(sig)`, `sig.connect(handler)`, `@sig.connect` and `@sig.connect_via(sender)`
subscribe to it (`@receiver([a, b])` to several); `sig.send(...)`, `send_robust`, `asend`, `asend_robust`
and blinker's `send_async` publish it."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import EmitMode, Kind, Location, ReceiveMode, Strength
from msglint.readers.python.presets.plain import rejections_of
from msglint.readers.python.project import MessageFact, Project, UseFact
from msglint.readers.python.summary import Call, Ref

SIGNAL_FACTORIES = (
    "django.dispatch.Signal",
    "django.dispatch.dispatcher.Signal",
    "blinker.signal",
    "blinker.Signal",
    "blinker.base.signal",
)

# classes a project's own signal class may derive (`class StrictSignal(django.dispatch.Signal)`)
SIGNAL_CLASSES = ("django.dispatch.Signal", "django.dispatch.dispatcher.Signal", "blinker.Signal")
SIGNAL_CLASSES += ("blinker.base.Signal",)
# blinker's `signal("name")` returns the one signal of that name in its default namespace, wherever it is called
NAMED_SIGNALS = ("blinker.signal", "blinker.base.signal")
NAMESPACES = ("blinker.Namespace", "blinker.WeakNamespace", "blinker.base.Namespace", "blinker.base.WeakNamespace")
RECEIVER_DECORATORS = ("django.dispatch.receiver", "django.dispatch.dispatcher.receiver")
CONNECT_DECORATORS = ("connect", "connect_via")
# Django's `send`, `send_robust` and (Django 5) `asend`, `asend_robust`; blinker's `send` and `send_async`
SEND_METHODS = ("send", "send_robust", "asend", "asend_robust", "send_async")


def messages(project: Project) -> None:
    asked = _asked(project)
    for path, summary in project.summaries.items():
        for variable, ref in summary.assignments.items():
            factory = _signal_factory(project, path, ref)
            if factory is None:
                continue
            named = bool(ref.args) and ref.args[0].kind == "str"
            qualname = f"{summary.module}.{variable}"
            kind, why = (Kind.EVENT, f"a signal ({factory}) is an event")
            if qualname in asked:
                kind, why = (Kind.QUERY, f"a signal ({factory}) whose sender reads what its receivers return asks them")
            project.declare(
                MessageFact(
                    ref.args[0].value if named else variable,
                    project.location(path, ref.line, 1),
                    kind,
                    why,
                    Strength.DECLARED,
                    qualname,
                    by_name=named and factory in NAMED_SIGNALS,
                )
            )


def _asked(project: Project) -> set[str]:
    """The signals some code sends and reads the answers of (`[value for _, value in get_backends.send()]`):
    a hook that asks its receivers for something, not a fact they may ignore."""
    asked = set()
    for summary in project.summaries.values():
        for call in summary.calls:
            owner, _, attribute = call.callee.rpartition(".")
            # not `send_robust`: what it returns is read for the receivers' exceptions, whatever the signal is
            if call.answered and attribute in ("send", "asend", "send_async") and owner:
                asked.add(project.canonical(owner))
    return asked


def _signal_factory(project: Project, path: str, ref: Ref) -> str | None:
    """`Signal()`, `signal("name")` or `namespace.signal("name")` on a blinker Namespace: what made it."""
    if ref.kind != "call":
        return None
    callee = project.canonical(ref.value)
    if callee in SIGNAL_FACTORIES:
        return callee
    if callee in project.classes:  # the project's own `class CoordinatorSignal(Signal)`: its instances are signals
        return next((base for base in project.ancestors(callee) if base in SIGNAL_CLASSES), None)
    owner, _, attribute = ref.value.rpartition(".")
    namespace = project.assigned_call(path, owner) if attribute == "signal" and owner else ""
    return f"{namespace}().signal" if namespace in NAMESPACES else None


def _connected_by_decorator(project: Project, decorator: str) -> str | None:
    """`@order_placed.connect` or `@order_placed.connect_via(sender)`: the signal it subscribes to."""
    owner, _, attribute = decorator.rpartition(".")
    if attribute not in CONNECT_DECORATORS or not owner:
        return None
    message = project.message_ref_name(owner)
    return message if message is not None and "signal" in project.messages[message].detail else None


def _framework(project: Project, message: str) -> str:
    return "django" if "django" in project.messages[message].detail else "blinker"


def _subscription(project: Project, message: str, handler: str, location: Location, via: str) -> UseFact:
    return UseFact(
        message,
        handler,
        location,
        via,
        _framework(project, message),
        True,
        receive_mode=ReceiveMode.SUBSCRIBE,
        rejections=rejections_of(project, handler),
    )


def uses(project: Project) -> Iterator[UseFact]:
    for qualname, (function, path) in project.functions.items():
        for decorator in function.decorators:
            where = project.location(path, decorator.line, decorator.column)
            connected = _connected_by_decorator(project, decorator.name)
            if connected is not None:
                signal, method = decorator.name.rsplit(".", 2)[-2:]
                yield _subscription(project, connected, qualname, where, f"@{signal}.{method}")
            elif project.canonical(decorator.name) in RECEIVER_DECORATORS and decorator.args:
                target = decorator.args[0]  # one signal, or a list of them
                for signal in target.args if target.kind == "list" else [target]:
                    message = project.message_ref_name(signal.value) if signal.kind == "name" else None
                    if message is not None:
                        yield _subscription(project, message, qualname, where, "@receiver(...)")
    subclasses: dict[str, list[str]] | None = None  # worked out once, when a method sends what self holds
    for path, summary in project.summaries.items():
        for call in summary.calls:
            owner, _, attribute = call.callee.rpartition(".")
            if attribute in SEND_METHODS and owner.startswith("self.") and owner.count(".") == 1:
                subclasses = subclasses if subclasses is not None else _subclasses(project)
                for message in _signals_held(project, subclasses, owner.removeprefix("self."), call.scope):
                    yield _sent(project, summary.module, message, project.location(path, call.line, call.column), call)
                continue
            message = project.message_ref_name(owner)
            if message is None or "signal" not in project.messages[message].detail:
                continue
            where = project.location(path, call.line, call.column)
            if attribute == "connect" and call.args and call.args[0].kind == "name":
                handler = project.canonical(call.args[0].value)
                yield _subscription(project, message, handler, where, f"{owner.rsplit('.', 1)[-1]}.connect(...)")
            elif attribute in SEND_METHODS:
                yield _sent(project, summary.module, message, where, call)


def _sent(project: Project, module: str, message: str, where: Location, call: Call) -> UseFact:
    return UseFact(
        message,
        project.service_of(module),
        where,
        f"signal .{call.callee.rpartition('.')[2]}(...)",
        _framework(project, message),
        False,
        emit_mode=EmitMode.PUBLISH,
        origin=call.scope,
    )


def _subclasses(project: Project) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name in project.classes:
        for ancestor in project.ancestors(name):
            found.setdefault(ancestor, []).append(name)
    return found


def _signals_held(project: Project, subclasses: dict[str, list[str]], attribute: str, scope: str) -> list[str]:
    """The signals a class attribute holds, in the class whose method sends it and in its subclasses
    (`post_destroy_signal = None` in a mixin, `post_destroy_signal = status_moved` in each view using it)."""
    owner = project.enclosing_class(scope)
    if owner is None:
        return []
    classes = [owner, *subclasses.get(owner, ())]
    found = []
    for name in classes:
        value = project.classes[name][0].attributes.get(attribute) if name in project.classes else None
        message = project.message_ref_name(value.value) if value is not None and value.kind == "name" else None
        if message is not None and "signal" in project.messages[message].detail and message not in found:
            found.append(message)
    return found
