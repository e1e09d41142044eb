"""EventCatalog pages: `index.md`/`index.mdx` with YAML frontmatter in `events/`, `commands/`,
`queries/` and `services/` folders (also nested in domains and systems).

The folder states the kind of a message page. Service pages list what they `sends:` and `receives:`
(`{id, version}` items or plain ids; a received item's `triggers` are messages the service sends in
response). Pages under `versioned/` are older versions and are not read. The v1 format, with
`producers:` and `consumers:` on event pages, is read too.
"""

from __future__ import annotations

import re
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

MESSAGE_FOLDERS = {"events": Kind.EVENT, "commands": Kind.COMMAND, "queries": Kind.QUERY}
_PAGE = re.compile(r"(?:^|/)(events|commands|queries|services)/[^/]+/index\.mdx?$")
_FRONTMATTER_END = re.compile(rb"^---[ \t]*\r?$", re.MULTILINE)


class EventCatalogReader:
    name = "eventcatalog"
    extensions = (".md", ".mdx")

    def claims(self, path: str, data: bytes, settings: ReadSettings) -> bool:
        return bool(_PAGE.search(path)) and "/versioned/" not in f"/{path}" and as_utf8(data).lstrip()[:3] == b"---"

    def read(self, path: str, data: bytes, settings: ReadSettings) -> FileFacts:
        facts = FileFacts(path=path, reader=self.name)
        if detect_encoding(data)[0] != "utf-8":  # UTF-16 or UTF-32: the frontmatter is found in UTF-8 bytes
            try:
                data = decode(data, path).encode("utf-8")
            except LoadError as error:
                facts.problems.append(error.problem)
                return facts
        frontmatter = _frontmatter(data, path, facts)
        if frontmatter is None:
            return facts
        loaded = load_located(frontmatter, path)
        facts.problems.extend(loaded.problems)
        page = loaded.value
        if page is None and loaded.problems:
            return facts
        if not isinstance(page, YMap):
            facts.problems.append(
                InputProblem(
                    "invalid-input",
                    "the frontmatter of an EventCatalog page must be a mapping (id, name, version, ...)",
                    Location(path, 2),
                )
            )
            return facts
        folder = _PAGE.search(path).group(1)
        if folder == "services":
            _read_service(facts, page, path)
        else:
            _read_message(facts, page, path, MESSAGE_FOLDERS[folder])
        return facts


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


def _label(page: YMap, fallback: str) -> str:
    for field in ("name", "id"):
        value = page.get(field)
        if isinstance(value, (str, int, float)) and str(value).strip():
            return str(value).strip()
    return fallback


def _read_message(facts: FileFacts, page: YMap, path: str, kind: Kind) -> None:
    folder_name = path.rsplit("/", 2)[-2]
    message_id = page.get("id")
    identity = str(message_id).strip() if isinstance(message_id, (str, int)) and str(message_id).strip() else None
    # the id is the contract other pages and documents refer to; `name` is only its title on the page
    name = identity or _label(page, folder_name)
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
        codes, where, each = ignored
        facts.suppressions.append(Suppression(codes, where, message_key=key, code_locations=each))
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


IGNORE_KEY = "x-msglint-ignore"  # in a page's frontmatter: findings about that message, or in that service page


def path_folder(kind: Kind) -> str:
    return next(folder for folder, folder_kind in MESSAGE_FOLDERS.items() if folder_kind == kind)


def _read_service(facts: FileFacts, page: YMap, path: str) -> None:
    service = _label(page, path.rsplit("/", 2)[-2])
    where = (
        page.value_location("name") if "name" in page else page.value_location("id") if "id" in page else page.location
    )
    summary = page.get("summary")
    ignored = ignore_codes(page, IGNORE_KEY, facts.problems)
    if ignored is not None:
        codes, where, each = ignored
        facts.suppressions.append(Suppression(codes, where, whole_file=True, code_locations=each))
    facts.services.append(
        Service(service, where, summary.strip() if isinstance(summary, str) else None, source="eventcatalog")
    )
    for item, location in _items(page, "sends", facts):
        _record(facts, service, item, location, sends=True, source="eventcatalog:sends")
    for item, location in _items(page, "receives", facts):
        _record(facts, service, item, location, sends=False, source="eventcatalog:receives")
        triggers = item.get("triggers") if isinstance(item, YMap) else None
        if isinstance(triggers, YList):
            for trigger, trigger_location in triggers.located():
                _record(facts, service, trigger, trigger_location, sends=True, source="eventcatalog:triggers")


def _record(facts: FileFacts, service: str, item: Any, location: Location, *, sends: bool, source: str) -> None:
    message_id = item.get("id") if isinstance(item, YMap) else item
    if not isinstance(message_id, (str, int)) or not str(message_id).strip():
        facts.problems.append(InputProblem("invalid-input", "a `sends`/`receives` item needs an `id`", location))
        return
    message_id = str(message_id).strip()
    key = identity_key(message_id)
    facts.references.append(Reference("message", message_id, location, key))
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
