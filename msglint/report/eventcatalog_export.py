"""`msglint catalog --format eventcatalog -o OUT`: the system as an EventCatalog folder.

Each component that sends or receives a message becomes a service page (`services/<Service>/index.mdx`) whose
`sends` and `receives` list `{id, version}` items; each message of a known kind becomes a page in `events/`,
`commands/` or `queries/` whose summary says the kind and the evidence for it. A message whose owner is an
exported service is placed under that service's folder (`services/<Owner>/events/<Message>/index.mdx`), which
is how EventCatalog shows who owns a message. EventCatalog has no folder for a message of unknown kind: such
messages, and the lines that send or receive them, are left out and counted (`Export.left_out`).

msglint carries no versions, so every page is version `EXPORT_VERSION` and every reference names it. Folder
names are made from names by `folder_name`, which keeps letters, digits, `.`, `_` and `-` only, so no name can
reach outside the output folder. The pages are built as text first (`build_export`, sorted, so the same system
gives the same bytes) and written by `write_export`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from msglint.files import write_atomically
from msglint.model import Kind, Message, ReceiveMode, System
from msglint.naming import identity_key

EXPORT_VERSION = "1.0.0"
GENERATOR = "msglint"
_FOLDERS = {Kind.EVENT: "events", Kind.COMMAND: "commands", Kind.QUERY: "queries"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_FOLDER = 80  # characters: well under any file system's limit for one name, with room for a `-2` suffix


class ExportError(Exception):
    """The export cannot be written (a non-empty folder without --force, a path that is not a folder)."""


@dataclass
class Export:
    """The pages of an export, by path relative to the output folder, and what could not be exported."""

    pages: dict[str, str] = field(default_factory=dict)
    services: int = 0
    messages: int = 0
    left_out: list[str] = field(default_factory=list)  # names of messages of unknown kind


def folder_name(name: str, fallback: str) -> str:
    """A folder name for `name` that cannot climb out of its parent or hide: runs of characters other than
    letters, digits, `.`, `_` and `-` become `-`, leading dots and dashes go, and the length is limited."""
    cleaned = _UNSAFE.sub("-", name).strip(".-")[:_MAX_FOLDER].rstrip(".-")
    return cleaned or fallback


class _Folders:
    """Hands out folder names that differ even on a file system that ignores case."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def claim(self, name: str, fallback: str) -> str:
        base = folder_name(name, fallback)
        chosen, number = base, 2
        while chosen.lower() in self.taken:
            chosen, number = f"{base}-{number}", number + 1
        self.taken.add(chosen.lower())
        return chosen


def build_export(system: System) -> Export:
    """Every page of the EventCatalog folder for `system`, as text by relative path."""
    export = Export()
    exported = {m.key: m for m in system.iter_messages() if m.kind in _FOLDERS}
    export.left_out = sorted(m.name for m in system.messages.values() if m.kind not in _FOLDERS)
    sends, receives = _relations(system, exported)
    ids = _message_ids(exported.values())
    components = sorted(set(sends) | set(receives) | set(system.services), key=str.casefold)
    service_folders = _Folders()
    service_ids = _Folders()
    folders: dict[str, str] = {}
    for component in components:
        folders[component] = f"services/{service_folders.claim(component, 'service')}"
        service = system.services.get(component)
        page = {
            "id": service_ids.claim(component, "service").lower(),
            "name": component,
            "version": EXPORT_VERSION,
            "summary": (service.description if service and service.description else _service_summary(component)),
        }
        for relation, keys in (("sends", sends), ("receives", receives)):
            if keys.get(component):
                page[relation] = [{"id": ids[key], "version": EXPORT_VERSION} for key in keys[component]]
        export.pages[f"{folders[component]}/index.mdx"] = _page(page)
    export.services = len(components)
    message_folders: dict[str, _Folders] = {}
    for message in exported.values():
        kind_folder = _FOLDERS[message.kind]
        parent = f"{folders[message.owner]}/{kind_folder}" if message.owner in folders else kind_folder
        name = message_folders.setdefault(parent.lower(), _Folders()).claim(message.name, "message")
        export.pages[f"{parent}/{name}/index.mdx"] = _page(_message_page(message, ids[message.key]))
    export.messages = len(exported)
    export.pages = dict(sorted(export.pages.items()))
    return export


def _relations(system: System, exported: dict[str, Message]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Per component, the keys of the exported messages it sends and those it receives (a requester that
    receives its reply is not a receiver: EventCatalog's `receives` would make it one)."""
    sends: dict[str, set[str]] = {}
    receives: dict[str, set[str]] = {}
    for emission in system.emissions:
        if emission.message_key in exported:
            sends.setdefault(emission.component, set()).add(emission.message_key)
    for handler in system.handlers:
        if handler.message_key in exported and handler.mode != ReceiveMode.REPLY:
            receives.setdefault(handler.component, set()).add(handler.message_key)
    return (
        {component: sorted(keys) for component, keys in sends.items()},
        {component: sorted(keys) for component, keys in receives.items()},
    )


def _message_ids(messages: Iterable[Message]) -> dict[str, str]:
    """Each message's id is its name, which msglint reads back as the same message. Messages that msglint keeps
    apart although their names say one (two classes `Created` in two modules, keyed `created@shop.orders`; an
    AsyncAPI message kept apart, keyed by its document) get that qualifier too (`Created@shop.orders`): one id
    for both would make them one message."""
    by_identity: dict[str, list[Message]] = {}
    for message in messages:
        by_identity.setdefault(identity_key(message.name), []).append(message)
    ids = {}
    for group in by_identity.values():
        for message in group:
            qualifier = message.key.partition("@")[2] if len(group) > 1 else ""
            ids[message.key] = f"{message.name}@{qualifier}" if qualifier else message.name
    return ids


def _service_summary(component: str) -> str:
    return f"{component}, as {GENERATOR} found it in code and contracts."


def _message_page(message: Message, message_id: str) -> dict:
    reasons = sorted({e.detail for e in message.kind_evidence()})
    strength = message.kind_strength.label if message.kind_strength else "unknown"
    found = f"{GENERATOR}: {message.kind.value} ({strength} evidence): {'; '.join(reasons) or 'no detail'}."
    if message.owner:
        found += f" Owned by {message.owner}."
    summary = f"{message.description.strip()}\n\n{found}" if message.description else found
    return {"id": message_id, "name": message.name, "version": EXPORT_VERSION, "summary": summary}


def _page(frontmatter: dict) -> str:
    text = yaml.safe_dump(frontmatter, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False)
    return f"---\n{text}---\n\n<NodeGraph />\n"


def write_export(export: Export, out: Path, force: bool) -> None:
    """Write the pages under `out`. A folder that already holds anything is refused unless `force`; then pages
    are overwritten and other files are left as they are. Nothing is written through a symbolic link."""
    check_target(out, force)
    out.mkdir(parents=True, exist_ok=True)
    for relative, text in export.pages.items():
        target = out / relative
        _make_folders(out, target.parent)
        if target.is_symlink():
            raise ExportError(f"{target} is a symbolic link: msglint does not write through it")
        write_atomically(target, text)


def check_target(out: Path, force: bool) -> None:
    """ExportError unless `out` is a new or empty folder (or any folder, with `force`)."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise ExportError(f"{out} is not a folder")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise ExportError(f"{out} is not empty: choose an empty or new folder, or pass --force to write into it")


def _make_folders(out: Path, folder: Path) -> None:
    """Create `folder` below `out`, refusing any part of it that is a symbolic link."""
    current = out
    for part in (out, *folder.relative_to(out).parts):
        current = out if part is out else current / part
        if current.is_symlink():
            raise ExportError(f"{current} is a symbolic link: msglint does not write through it")
        if not current.exists():
            os.mkdir(current)
        elif not current.is_dir():
            raise ExportError(f"{current} is not a folder")
