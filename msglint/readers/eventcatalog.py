"""EventCatalog pages: `index.md`/`index.mdx` with YAML frontmatter, in the folder layouts EventCatalog reads.

A page's kind is the innermost collection folder above it: `events/`, `commands/`, `queries/`, `services/`,
`domains/` (and `subdomains/`), `systems/` and `channels/`, at any depth (`domains/Orders/systems/OMS/
services/OrderService/events/OrderCreated/index.mdx` is an event; `events/Inventory/StockAdjusted/index.md`,
grouped in a plain folder, too). Team and user pages are the files under `teams/` and `users/`. A page under
`versioned/<version>/` is an older version of its resource: it counts for versions, not for the system.

The folder states the kind of a message page. Service pages list what they `sends:` and `receives:`
(`{id, version}` items or plain ids; a received item's `triggers` are messages the service sends in
response). The v1 format, with `producers:` and `consumers:` on event pages, is read too. What each page
defines and refers to (owners, services, systems, subdomains, channels, versions) is checked across the
catalog in `link` (`eventcatalog_refs`).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import PurePosixPath
from typing import Any

from msglint.model import (
    Declaration,
    Emission,
    Evidence,
    FileFacts,
    Handler,
    InputProblem,
    Kind,
    Location,
    Reference,
    Service,
    Strength,
    Suppression,
)
from msglint.naming import identity_key
from msglint.readers._yaml import LoadError, YList, YMap, as_utf8, decode, detect_encoding, ignore_codes, load_located
from msglint.readers.base import ReadSettings
from msglint.readers.eventcatalog_refs import CatalogIndex, check_catalog

MESSAGE_FOLDERS = {"events": Kind.EVENT, "commands": Kind.COMMAND, "queries": Kind.QUERY}
# collection folder -> the kind of resource its pages define
COLLECTIONS = {
    "events": "event",
    "commands": "command",
    "queries": "query",
    "services": "service",
    "domains": "domain",
    "subdomains": "domain",
    "systems": "system",
    "channels": "channel",
}
PEOPLE = {"teams": "team", "users": "user"}
# folders of resources msglint does not read: a page below them is not an event because an ancestor is `events`
OTHER_COLLECTIONS = frozenset(
    {"entities", "flows", "containers", "data-products", "diagrams", "adrs", "docs", "changelogs", "specifications"}
)
IGNORE_KEY = "x-msglint-ignore"  # in a page's frontmatter: findings about that message, or in that service page
_INDEX = ("/index.md", "/index.mdx")
_FRONTMATTER_END = re.compile(rb"^---[ \t]*\r?$", re.MULTILINE)


def page_kind(path: str) -> tuple[str, str | None] | None:
    """The kind of resource the page at `path` defines, and the version folder when it is an older version's
    page (`versioned/1.0.0/index.mdx`); None when it is no page msglint reads."""
    parts = PurePosixPath(path).parts
    if len(parts) < 2:
        return None
    if parts[-1] not in ("index.md", "index.mdx"):
        person = PEOPLE.get(parts[-2])
        return (person, None) if person and parts[-1].endswith((".md", ".mdx")) else None
    folders = list(parts[:-1])
    versioned = folders[-1] if len(folders) >= 3 and folders[-2] == "versioned" else None
    if versioned:
        folders = folders[:-2]
    if len(folders) >= 2 and folders[-2] in PEOPLE:
        return PEOPLE[folders[-2]], versioned
    for folder in reversed(folders[:-1]):  # the innermost collection with a resource folder below it
        if folder in COLLECTIONS:
            return COLLECTIONS[folder], versioned
        if folder in OTHER_COLLECTIONS or folder == "versioned":
            return None
    return None


class EventCatalogReader:
    name = "eventcatalog"
    extensions = (".md", ".mdx")

    def claims(self, path: str, data: bytes, settings: ReadSettings) -> bool:
        return page_kind(path) is not None and as_utf8(data).lstrip()[:3] == b"---"

    def read(self, path: str, data: bytes, settings: ReadSettings) -> FileFacts:
        facts = FileFacts(path=path, reader=self.name)
        page = _load_page(path, data, settings, facts)
        kind, versioned = page_kind(path) or ("", None)
        if page is None or not kind:
            return facts
        index = CatalogIndex(facts)
        index.define(
            kind, page, resource_folder(path) if path.endswith(_INDEX) else PurePosixPath(path).stem, versioned
        )
        if kind == "service":  # an older version's contract is still this service's
            facts.described.update(dict.fromkeys(_specifications(page, path), label(page, resource_folder(path))))
        if versioned:
            return facts  # an older version: what it defined then is history, not part of the system
        index.refer_owners(page)
        if kind in ("event", "command", "query"):
            _read_message(facts, page, path, Kind(kind))
            index.refer(page, "channels", ("channel",))
        elif kind == "service":
            _read_service(facts, page, path, index)
        elif kind == "domain":
            for field, kinds in (("services", ("service",)), ("systems", ("system",)), ("domains", ("domain",))):
                index.refer(page, field, kinds)
            for field in ("sends", "receives"):
                for item, location in _items(page, field, facts):
                    _message_reference(facts, item, location, index)
        elif kind == "system":
            index.refer(page, "services", ("service",))
        elif kind == "channel":
            index.refer(page, "routes", ("channel",))
        elif kind == "team":
            index.refer(page, "members", ("user",))
        return facts

    def link(self, all_facts: list[FileFacts], settings: ReadSettings) -> None:
        """Once every page is read: references to resources no page defines, versions that do not exist,
        and versions defined twice."""
        check_catalog(all_facts)


def _load_page(path: str, data: bytes, settings: ReadSettings, facts: FileFacts) -> YMap | None:
    if detect_encoding(data)[0] != "utf-8":  # UTF-16 or UTF-32: the frontmatter is found in UTF-8 bytes
        try:
            data = decode(data, path).encode("utf-8")
        except LoadError as error:
            facts.problems.append(error.problem)
            return None
    frontmatter = _frontmatter(data, path, facts)
    if frontmatter is None:
        return None
    loaded = load_located(frontmatter, path, settings.memory_budget_mb)
    facts.problems.extend(loaded.problems)
    page = loaded.value
    if page is None and loaded.problems:
        return None
    if not isinstance(page, YMap):
        facts.problems.append(
            InputProblem(
                "invalid-input",
                "the frontmatter of an EventCatalog page must be a mapping (id, name, version, ...)",
                Location(path, 2),
            )
        )
        return None
    return page


def _frontmatter(data: bytes, path: str, facts: FileFacts) -> bytes | None:
    """The frontmatter, with a blank first line in place of the opening `---` so line numbers stay true."""
    start = data.find(b"---")
    body_start = data.find(b"\n", start)
    end = _FRONTMATTER_END.search(data, body_start + 1) if body_start != -1 else None
    if end is None:
        facts.problems.append(
            InputProblem("invalid-input", "the frontmatter is not closed by a `---` line", Location(path, 1))
        )
        return None
    leading_lines = data.count(b"\n", 0, body_start + 1)
    return b"\n" * leading_lines + data[body_start + 1 : end.start()]


def label(page: YMap, fallback: str) -> str:
    for field in ("name", "id"):
        value = page.get(field)
        if isinstance(value, (str, int, float)) and str(value).strip():
            return str(value).strip()
    return fallback


def resource_folder(path: str) -> str:
    """The folder that names the resource: the page's own, or the one above `versioned/<version>/`."""
    parts = PurePosixPath(path).parts
    if len(parts) >= 4 and parts[-3] == "versioned":
        return parts[-4]
    return parts[-2] if len(parts) >= 2 else path


def _read_message(facts: FileFacts, page: YMap, path: str, kind: Kind) -> None:
    message_id = page.get("id")
    identity = str(message_id).strip() if isinstance(message_id, (str, int)) and str(message_id).strip() else None
    # the id is the contract other pages and documents refer to; `name` is only its title on the page
    name = identity or label(page, resource_folder(path))
    key = identity_key(identity or name)
    if not key:
        facts.problems.append(
            InputProblem("invalid-input", "the page has no id or name msglint can read", page.location)
        )
        return
    where = page.value_location("id") if identity else page.value_location("name") if "name" in page else page.location
    summary = page.get("summary")
    ignored = ignore_codes(page, IGNORE_KEY, facts.problems)
    if ignored is not None:
        codes, spot, each = ignored
        facts.suppressions.append(Suppression(codes, spot, message_key=key, code_locations=each))
    facts.declarations.append(
        Declaration(
            key=key,
            name=name,
            location=where,
            source="eventcatalog",
            description=summary.strip() if isinstance(summary, str) else None,
        )
    )
    facts.evidence.append(
        (
            key,
            Evidence(
                kind,
                "eventcatalog-folder",
                f"its EventCatalog page is in `{path_folder(kind)}/`",
                Strength.DECLARED,
                where,
            ),
        )
    )
    for field, sends in (("producers", True), ("consumers", False)):  # the v1 format
        for component, location in _plain_names(page, field, facts):
            if sends:
                facts.emissions.append(Emission(key, name, component, location, f"eventcatalog:{field}"))
            else:
                facts.handlers.append(
                    Handler(key, name, component, location, f"eventcatalog:{field}", framework="eventcatalog")
                )


def path_folder(kind: Kind) -> str:
    return next(folder for folder, folder_kind in MESSAGE_FOLDERS.items() if folder_kind == kind)


def _read_service(facts: FileFacts, page: YMap, path: str, index: CatalogIndex) -> None:
    service = label(page, resource_folder(path))
    where = (
        page.value_location("name") if "name" in page else page.value_location("id") if "id" in page else page.location
    )
    summary = page.get("summary")
    ignored = ignore_codes(page, IGNORE_KEY, facts.problems)
    if ignored is not None:
        codes, spot, each = ignored
        facts.suppressions.append(Suppression(codes, spot, whole_file=True, code_locations=each))
    facts.services.append(
        Service(
            service,
            where,
            summary.strip() if isinstance(summary, str) else None,
            source="eventcatalog",
        )
    )
    for field, sends, channels in (("sends", True, "to"), ("receives", False, "from")):
        for item, location in _items(page, field, facts):
            _record(facts, service, item, location, sends=sends, source=f"eventcatalog:{field}", index=index)
            if isinstance(item, YMap):
                index.refer(item, channels, ("channel",))
            triggers = item.get("triggers") if isinstance(item, YMap) and not sends else None
            if isinstance(triggers, YList):
                for trigger, trigger_location in triggers.located():
                    _record(
                        facts,
                        service,
                        trigger,
                        trigger_location,
                        sends=True,
                        source="eventcatalog:triggers",
                        index=index,
                    )


def _specifications(page: YMap, path: str) -> tuple[str, ...]:
    """The contract files a service page points at, relative to the page: `specifications: {asyncapiPath: ...}`
    (EventCatalog 1 and 2) or a list of `{type: asyncapi, path: ...}` (later versions)."""
    given = page.get("specifications")
    found: list[str] = []
    if isinstance(given, YMap):
        found = [v for k, v in given.items() if k in ("asyncapiPath", "openapiPath") and isinstance(v, str)]
    elif isinstance(given, YList):
        found = [i["path"] for i in given if isinstance(i, YMap) and isinstance(i.get("path"), str)]
    folder = posixpath.dirname(path)
    return tuple(posixpath.normpath(posixpath.join(folder, f.strip())) for f in found if f.strip() and "://" not in f)


def _message_reference(facts: FileFacts, item: Any, location: Location, index: CatalogIndex) -> str | None:
    """The id of a `sends`/`receives` item, recorded as a reference to a message (and its version)."""
    message_id = item.get("id") if isinstance(item, YMap) else item
    if not isinstance(message_id, (str, int)) or not str(message_id).strip():
        facts.problems.append(InputProblem("invalid-input", "a `sends`/`receives` item needs an `id`", location))
        return None
    message_id = str(message_id).strip()
    facts.references.append(Reference("message", message_id, location, identity_key(message_id)))
    index.refer_item(item, location, ("event", "command", "query"))
    return message_id


def _record(
    facts: FileFacts, service: str, item: Any, location: Location, *, sends: bool, source: str, index: CatalogIndex
) -> None:
    message_id = _message_reference(facts, item, location, index)
    if message_id is None:
        return
    key = identity_key(message_id)
    if sends:
        facts.emissions.append(Emission(key, message_id, service, location, source))
    else:
        facts.handlers.append(Handler(key, message_id, service, location, source, framework="eventcatalog"))


def _items(page: YMap, field: str, facts: FileFacts) -> list[tuple[Any, Location]]:
    value = page.get(field)
    if value is None:
        return []
    if not isinstance(value, YList):
        facts.problems.append(
            InputProblem(
                "invalid-input", f"`{field}` must be a list of `{{id, version}}` items", page.value_location(field)
            )
        )
        return []
    return value.located()


def _plain_names(page: YMap, field: str, facts: FileFacts) -> list[tuple[str, Location]]:
    return [
        (str(item).strip(), location)
        for item, location in _items(page, field, facts)
        if isinstance(item, (str, int)) and str(item).strip()
    ]
