"""Inventories of other repositories (`*.msglint.json`, written by `msglint inventory`; docs/inventory.md).

An inventory holds another repository's messages, declarations, evidence, handlers, emitters, services and
unresolved uses, with paths relative to that repository. Read here, every location carries the repository's
name, and so does every component and service (`billing` of repository `payments` is `payments:billing`):
two repositories' components are never one component, whatever their names. Evidence from names and topology
is not in an inventory: the joined system works it out again.
"""

from __future__ import annotations

import json
from typing import Any

from msglint.model import (
    Declaration,
    Emission,
    EmitMode,
    Evidence,
    FileFacts,
    Handler,
    InputProblem,
    Kind,
    Location,
    ReceiveMode,
    Repository,
    Service,
    Strength,
    Unresolved,
)
from msglint.readers._yaml import as_utf8
from msglint.readers.base import ReadSettings

INVENTORY_KEY = "msglint-inventory"
INVENTORY_VERSION = 1
INVENTORY_SUFFIX = ".msglint.json"


class InventoryError(ValueError):
    """The document is not an inventory this msglint can read; the text says where."""


class InventoryReader:
    name = "inventory"
    extensions = (".json",)

    def claims(self, path: str, data: bytes, settings: ReadSettings) -> bool:
        return path.endswith(INVENTORY_SUFFIX)

    def read(self, path: str, data: bytes, settings: ReadSettings) -> FileFacts:
        facts = FileFacts(path=path, reader=self.name)
        try:
            document = json.loads(as_utf8(data))
        except (ValueError, RecursionError) as error:
            return _invalid(facts, f"not valid JSON ({_reason(error)})")
        try:
            repository = _repository(document)
            if repository.name == settings.repository:
                facts.notes.append(
                    f"{path} is the inventory of the repository being checked (`{repository.name}`), whose own "
                    "files are read instead: it was skipped"
                )
                return facts
            _Inventory(facts, repository).read(document)
        except InventoryError as error:
            return _invalid(FileFacts(path=path, reader=self.name), str(error))
        facts.repository = repository
        return facts


def _invalid(facts: FileFacts, problem: str) -> FileFacts:
    facts.problems.append(
        InputProblem("invalid-input", f"unreadable msglint inventory: {problem}", Location(facts.path))
    )
    return facts


def _reason(error: BaseException) -> str:
    return "nested too deeply" if isinstance(error, RecursionError) else str(error).split(":")[0]


def _repository(document: Any) -> Repository:
    if not isinstance(document, dict) or INVENTORY_KEY not in document:
        raise InventoryError(f"a JSON object with `{INVENTORY_KEY}` is expected")
    version = document[INVENTORY_KEY]
    if version != INVENTORY_VERSION or isinstance(version, bool):
        raise InventoryError(
            f"`{INVENTORY_KEY}` is {json.dumps(version)}; this msglint reads version {INVENTORY_VERSION}"
        )
    repository = _object(document, "repository", "")
    name = _text(repository, "name", "repository.")
    if not name.strip() or ":" in name or "\n" in name:
        raise InventoryError("`repository.name` must be a name on one line without `:`")
    return Repository(name, _optional_text(repository, "url", "repository."))


class _Inventory:
    """Turns one inventory document into the facts of its repository."""

    def __init__(self, facts: FileFacts, repository: Repository) -> None:
        self.facts = facts
        self.repository = repository.name

    def read(self, document: dict[str, Any]) -> None:
        for index, message in enumerate(_list(document, "messages")):
            self._message(message, f"messages[{index}].")
        for index, handler in enumerate(_list(document, "handlers")):
            self.facts.handlers.append(self._handler(_as_object(handler, f"handlers[{index}]"), f"handlers[{index}]."))
        for index, emitter in enumerate(_list(document, "emitters")):
            self.facts.emissions.append(self._emitter(_as_object(emitter, f"emitters[{index}]"), f"emitters[{index}]."))
        for index, service in enumerate(_list(document, "services")):
            where = f"services[{index}]."
            service = _as_object(service, where[:-1])
            self.facts.services.append(
                Service(
                    self._component(_text(service, "name", where), service, where),
                    self._location(service, where),
                    _optional_text(service, "description", where),
                    source="inventory",
                )
            )
        for index, use in enumerate(_list(document, "unresolved")):
            where = f"unresolved[{index}]."
            use = _as_object(use, where[:-1])
            role = _text(use, "role", where)
            if role not in ("receive", "emit"):
                raise InventoryError(f"`{where}role` must be receive or emit, not {json.dumps(role)}")
            keys = tuple(_strings(use, "messages", where))
            self.facts.unresolved.append(
                Unresolved(role, _text(use, "detail", where), self._location(use, where), keys)
            )

    def _message(self, message: Any, where: str) -> None:
        message = _as_object(message, where[:-1])
        key = _text(message, "key", where)
        for index, declared in enumerate(_optional_list(message, "declarations", where)):
            at = f"{where}declarations[{index}]."
            declared = _as_object(declared, at[:-1])
            named = _flag(declared, "named", at, default=True)
            self.facts.declarations.append(
                Declaration(
                    key=key,
                    name=_text(declared, "name", at),
                    location=self._location(declared, at),
                    source=_text(declared, "source", at),
                    description=_optional_text(declared, "description", at),
                    owner=_optional_text(declared, "owner", at),
                    fields=tuple(_strings(declared, "fields", at)),
                    named=named,
                )
            )
        for index, evidence in enumerate(_optional_list(message, "evidence", where)):
            at = f"{where}evidence[{index}]."
            evidence = _as_object(evidence, at[:-1])
            located = evidence.get("location") is not None
            self.facts.evidence.append(
                (
                    key,
                    Evidence(
                        _choice(Kind, evidence, "kind", at),
                        _text(evidence, "source", at),
                        _text(evidence, "detail", at),
                        _strength(evidence, at),
                        self._location(evidence, at) if located else None,
                    ),
                )
            )

    def _handler(self, handler: dict[str, Any], where: str) -> Handler:
        return Handler(
            message_key=_text(handler, "message", where),
            message_name=_text(handler, "message_name", where),
            component=self._component(_text(handler, "component", where), handler, where),
            location=self._location(handler, where),
            source=_text(handler, "source", where),
            mode=_choice(ReceiveMode, handler, "mode", where),
            framework=_optional_text(handler, "framework", where),
            channel=_optional_text(handler, "channel", where),
            rejections=tuple(_strings(handler, "rejections", where)),
            actions=tuple(_strings(handler, "actions", where)),
            composed=_flag(handler, "composed", where),
        )

    def _emitter(self, emitter: dict[str, Any], where: str) -> Emission:
        return Emission(
            message_key=_text(emitter, "message", where),
            message_name=_text(emitter, "message_name", where),
            component=self._component(_text(emitter, "component", where), emitter, where),
            location=self._location(emitter, where),
            source=_text(emitter, "source", where),
            mode=_choice(EmitMode, emitter, "mode", where),
            channel=_optional_text(emitter, "channel", where),
            origin=_optional_text(emitter, "origin", where),
            forwards=_flag(emitter, "forwards", where),
        )

    def _component(self, name: str, item: dict[str, Any], where: str) -> str:
        """The component as this check tells it apart: prefixed by its repository, unless the inventory already
        holds a third repository's facts, whose component names carry theirs."""
        if isinstance(item.get("location"), dict) and item["location"].get("repository"):
            return name
        return f"{self.repository}:{name}"

    def _location(self, item: dict[str, Any], where: str) -> Location:
        location = _object(item, "location", where)
        at = f"{where}location."
        path = _text(location, "path", at)
        if path.startswith("/") or path.startswith("../") or "\\" in path or ":" in path.split("/", 1)[0]:
            raise InventoryError(f"`{at}path` must be relative to the repository, not {json.dumps(path)}")
        return Location(
            path,
            _number(location, "line", at, 1),
            _number(location, "column", at, 1),
            _number(location, "end_line", at, None),
            _number(location, "end_column", at, None),
            _optional_text(location, "repository", at) or self.repository,
        )


def _as_object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InventoryError(f"`{where}` must be an object")
    return value


def _object(item: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    return _as_object(item.get(key), f"{where}{key}")


def _list(document: dict[str, Any], key: str) -> list[Any]:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise InventoryError(f"`{key}` must be a list")
    return value


def _optional_list(item: dict[str, Any], key: str, where: str) -> list[Any]:
    value = item.get(key) or []
    if not isinstance(value, list):
        raise InventoryError(f"`{where}{key}` must be a list")
    return value


def _text(item: dict[str, Any], key: str, where: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value:
        raise InventoryError(f"`{where}{key}` must be a non-empty string")
    return value


def _flag(item: dict[str, Any], key: str, where: str, default: bool = False) -> bool:
    value = item.get(key, default)
    if not isinstance(value, bool):
        raise InventoryError(f"`{where}{key}` must be true or false")
    return value


def _optional_text(item: dict[str, Any], key: str, where: str) -> str | None:
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise InventoryError(f"`{where}{key}` must be a string or null")
    return value


def _strings(item: dict[str, Any], key: str, where: str) -> list[str]:
    values = _optional_list(item, key, where)
    if not all(isinstance(value, str) for value in values):
        raise InventoryError(f"`{where}{key}` must be a list of strings")
    return values


def _number(item: dict[str, Any], key: str, where: str, default: int | None) -> int | None:
    value = item.get(key, default)
    if value is None and default is None:
        return None
    if type(value) is not int or value < 1:
        raise InventoryError(f"`{where}{key}` must be a whole number from 1")
    return value


def _choice(kind: type, item: dict[str, Any], key: str, where: str) -> Any:
    value = item.get(key, "unknown")
    try:
        return kind(value)
    except (ValueError, TypeError):
        allowed = ", ".join(member.value for member in kind)
        raise InventoryError(f"`{where}{key}` must be one of {allowed}, not {json.dumps(value)}") from None


def _strength(item: dict[str, Any], where: str) -> Strength:
    value = item.get("strength")
    if not isinstance(value, str) or value.upper() not in Strength.__members__:
        allowed = ", ".join(member.label for member in Strength)
        raise InventoryError(f"`{where}strength` must be one of {allowed}, not {json.dumps(value)}")
    return Strength[value.upper()]
