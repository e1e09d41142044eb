"""Celery and Dramatiq: tasks and actors are commands, handled by themselves; `.delay`, `.apply_async`,
`.s`, `.si`, `.signature`, `.send`, `.send_with_options`, `.message`, `send_task("name")`,
`signature("name")`, dramatiq's `Message(actor_name="name")` and a beat schedule's `"task": "name"` send
them. A task named by a string msglint cannot read (`send_task(f"devices.{action}")`) is an unresolved send."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import EmitMode, Kind, ReceiveMode, Strength, Unresolved
from msglint.readers.python.project import KNOWN_LIBRARIES, MessageFact, Project, UseFact
from msglint.readers.python.summary import Call, Ref

TASK_DECORATORS = ("celery.shared_task", "dramatiq.actor", "background_task.background")
TASK_KINDS = {"dramatiq": "dramatiq actor", "background_task": "background task", "celery": "Celery task"}
TASK_DETAILS = tuple(f"a {kind}" for kind in TASK_KINDS.values())
SEND_ATTRIBUTES = {"delay", "apply_async", "s", "si", "signature", "send", "send_with_options", "message"}
SEND_ATTRIBUTES |= {"message_with_options"}
BY_NAME = ("send_task", "signature")  # `app.send_task("orders.tasks.expire")`, `celery.signature("...")`


def _is_task_decorator(project: Project, path: str, name: str) -> bool:
    if name in TASK_DECORATORS or name.endswith((".shared_task", ".actor")):
        return name.startswith(("celery", "dramatiq")) or name in TASK_DECORATORS
    owner, _, attribute = name.rpartition(".")
    return attribute in ("task", "periodic_task") and _a_celery_app(project, path, owner)


def _a_celery_app(project: Project, path: str, owner: str) -> bool:
    """`app` of `app = Celery(...)` (here or imported), or of an instance of the project's own subclass of it."""
    app = project.assigned_call(path, owner) if owner else ""
    return app.startswith("celery.") or any(base.startswith("celery.") for base in project.ancestors(app))


def messages(project: Project) -> None:
    for qualname, (function, path) in project.functions.items():
        for decorator in function.decorators:
            if _is_task_decorator(project, path, decorator.name):
                label = decorator.keywords.get("name") or decorator.keywords.get("actor_name")
                name = label.value if label is not None and label.kind == "str" else function.name
                framework = next((k for p, k in TASK_KINDS.items() if decorator.name.startswith(p)), "Celery task")
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
        if fact.detail.startswith(TASK_DETAILS):
            yield UseFact(
                qualname, qualname, fact.location, "the task itself", "celery", True, receive_mode=ReceiveMode.HANDLE
            )
    tasks = {q: f for q, f in project.messages.items() if f.detail.startswith(TASK_DETAILS)}
    names = {fact.name: qualname for qualname, fact in tasks.items()}
    own = {module.partition(".")[0] for module in project.modules}  # the project's own top-level packages
    for path, summary in project.summaries.items():
        for call in summary.calls:
            owner, _, attribute = call.callee.rpartition(".")
            message = None
            if attribute in SEND_ATTRIBUTES and owner:
                message = project.message_ref_name(owner)
                message = message if message in tasks else None
            if attribute == "add_periodic_task":
                message = _periodic_task(project, call, tasks)
                attribute = "periodic task" if message is not None else attribute
            named = _named_task(project, path, call)
            sent = [message] if message is not None else []
            if message is None and named is not None:
                texts, unknown = _task_names(project, named, call.scope)
                sent = [_task_named(tasks, names, text) for text in texts]
                if unknown:
                    project.unresolved.append(
                        Unresolved(
                            "emit",
                            f"{call.callee}(...) names its task at run time",
                            project.location(path, call.line, call.column),
                        )
                    )
            for message in dict.fromkeys(sent):
                if message in tasks or not _a_library_task(message, own):
                    yield _send(project, summary.module, path, message, call.line, call.column, call.scope, attribute)
        for name, line, column, scope in summary.scheduled:
            message = _task_named(tasks, names, name)
            if message in tasks or not _a_library_task(message, own):
                yield _send(project, summary.module, path, message, line, column, scope, "beat schedule")


def _a_library_task(name: str, own: set[str]) -> bool:
    """A task a library defines, not a message of the project: Celery's own (`celery.backend_cleanup`), or one of
    a library of tasks (`django_celery_beat.tasks.clear_expired`, a package named for Django or Celery that is
    none of the project's own packages, `own`)."""
    top = name.partition(".")[0]
    return "." in name and top not in own and (top in KNOWN_LIBRARIES or top.startswith(("django_", "celery_")))


def _periodic_task(project: Project, call: Call, tasks: dict) -> str | None:
    """The task `sender.add_periodic_task(30.0, expire, ...)` schedules (also `expire.s(...)`, `sig=`)."""
    task = call.args[1] if len(call.args) >= 2 else call.keywords.get("sig")
    if task is None or task.kind not in ("name", "call"):
        return None
    owner, _, attribute = task.value.rpartition(".")
    named = owner if task.kind == "call" and attribute in ("s", "si", "signature") else task.value
    message = project.message_ref_name(named)
    return message if message in tasks else None


def _named_task(project: Project, path: str, call: Call) -> Ref | None:
    """The task name a call gives as a string: `send_task("x")`, `signature("x")`, `Message(actor_name="x")`."""
    owner, _, attribute = call.callee.rpartition(".")
    if attribute in BY_NAME:
        if not owner or call.callee.startswith(("celery", "app", "self")) or _a_celery_app(project, path, owner):
            return call.args[0] if call.args else call.keywords.get("name")
        return call.args[0] if call.args and call.args[0].kind == "str" else None
    if call.callee.startswith("dramatiq") and attribute == "Message":
        return call.keywords.get("actor_name")
    return None


def _task_names(project: Project, ref: Ref, scope: str, depth: int = 3) -> tuple[list[str], bool]:
    """The task names a value may hold (a string; the alternatives of a variable or the items of a list; what a
    function of the project returns, `self._task_names(event)`), and whether it may hold one msglint cannot read
    (a name built at run time, a parameter, a setting)."""
    if ref.kind == "str":
        return ([], True) if "{}" in ref.value else ([ref.value], False)
    if ref.kind in ("any", "list"):
        return _names_of_all(project, ref.args, scope, depth)
    if ref.kind == "call" and depth > 0:
        found = project.functions.get(project.callee(ref.value, scope))
        if found is not None and found[0].returns:
            return _names_of_all(project, found[0].returns, found[0].qualname, depth - 1)
    return [], True


def _names_of_all(project: Project, refs: list[Ref], scope: str, depth: int) -> tuple[list[str], bool]:
    names: list[str] = []
    unknown = False
    for item in refs:
        found, not_read = _task_names(project, item, scope, depth)
        names += found
        unknown = unknown or not_read
    return names, unknown


def _task_named(tasks: dict, names: dict[str, str], name: str) -> str:
    """The task a string names: its `name=` or function name (`names` maps them to tasks), its qualified
    name, or its dotted path (`orders.tasks.expire`). A name no task here has stays a name: the task may
    live in another repository, and a task of the same function name elsewhere is another task."""
    if name in names:
        return names[name]
    if name in tasks:
        return name
    if "." in name:
        return next((qualname for qualname in tasks if qualname.endswith("." + name)), name)
    return name


def _send(project: Project, module: str, path: str, message: str, line: int, column: int, scope: str, via: str):
    framework = "dramatiq actor" if via == "Message" else "Celery task"
    return UseFact(
        message,
        project.service_of(module),
        project.location(path, line, column),
        f"call .{via}(...)" if via not in ("beat schedule", "periodic task") else via,
        "celery",
        False,
        emit_mode=EmitMode.SEND,
        origin=scope,
        # what a task of another repository, known here only by the name it is sent under, is
        kind=(Kind.COMMAND, f"sent by name as a {framework}, which is a command"),
    )
