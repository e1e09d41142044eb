"""lato: `Command`/`Event`/`Query` from lato, `@module.handler(X)` (or bare, with an annotated first
parameter) on an `ApplicationModule` or `Application`; `app.execute(...)` and `ctx.publish(...)` are
calls the plain preset already reads."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Kind, ReceiveMode, Strength
from msglint.readers.python.presets.plain import own_marker_kind, rejections_of
from msglint.readers.python.project import MessageFact, Project, UseFact

BASES = {"Command": Kind.COMMAND, "Event": Kind.EVENT, "Query": Kind.QUERY}


def messages(project: Project) -> None:
    for qualname, (cls, _) in project.classes.items():
        if qualname in project.subclassed:
            continue  # a base of the project's messages, not one itself
        for ancestor in project.ancestors(qualname):
            if ancestor.startswith("lato.") and ancestor.rsplit(".", 1)[-1] in BASES:
                own = own_marker_kind(project, qualname, ancestor)
                kind = own or BASES[ancestor.rsplit(".", 1)[-1]]
                project.declare(
                    MessageFact(
                        cls.name,
                        project.class_location(qualname),
                        kind,
                        f"inherits {ancestor}" + (f", through the project's own {kind} base" if own else ""),
                        Strength.DECLARED,
                        qualname,
                    )
                )
                break


def uses(project: Project) -> Iterator[UseFact]:
    for qualname, (function, path) in project.functions.items():
        for decorator in function.decorators:
            owner, _, attribute = decorator.name.rpartition(".")
            if attribute != "handler" or not project.assigned_call(path, owner).startswith("lato."):
                continue
            if decorator.args:
                message = project.message_ref(decorator.args[0])
            else:
                annotations = [a for a in function.annotations if a != "<self>"]
                message = project.message_ref_name(annotations[0]) if annotations else None
            if message is None:
                continue
            kind = project.messages[message].kind
            mode = ReceiveMode.SUBSCRIBE if kind == Kind.EVENT else ReceiveMode.HANDLE
            yield UseFact(
                message,
                qualname,
                project.location(path, decorator.line, decorator.column),
                f"lato @{'.'.join(decorator.name.rsplit('.', 2)[-2:])}",  # `@billing.handler`, not its module
                "lato",
                True,
                receive_mode=mode,
                rejections=rejections_of(project, qualname),
                composed=True,  # lato runs every module's handler of a command as one handling
            )
