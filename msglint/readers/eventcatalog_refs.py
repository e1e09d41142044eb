"""What EventCatalog pages define and refer to, checked across the catalog once every page is read.

Each page records, in its FileFacts' `extra`, the resource it defines (kind, id, version) and the ids it
refers to: owners (teams or users), services, systems, subdomains, channels, and the versions of the messages
it sends and receives. `check_catalog` then reports a reference no page defines (MSG902), a version of a
resource that no page has (MSG902), and one version of one id defined by two pages (MSG901).

A kind of resource is checked only when the catalog read has at least one page of it: `msglint check
domains/Orders` reads no `teams/`, and its owners are then not judged. Whether a message exists at all is
the merge's question (a message may be defined by an AsyncAPI document); here only its versions are.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from msglint.model import FileFacts, InputProblem, Location
from msglint.readers._yaml import YList, YMap

MESSAGE_KINDS = ("event", "command", "query")
_EXTRA = "eventcatalog"


@dataclass(frozen=True)
class Defined:
    kind: str
    id: str
    name: str
    version: str
    location: Location
    versioned: str | None  # the folder of an older version's page


class CatalogIndex:
    """Records, for one page, what it defines and what it refers to (plain data, so it can be cached)."""

    def __init__(self, facts: FileFacts) -> None:
        self.facts = facts
        self.entry = facts.extra.setdefault(_EXTRA, {"defines": [], "refs": []})

    def define(self, kind: str, page: YMap, fallback_id: str, versioned: str | None) -> None:
        """The page defines a resource: its id (else name, else `fallback_id`) and version. `versioned` is the
        folder name of an older version's page (`versioned/<folder>/index.mdx`), None for the current one."""
        identity = _text(page.get("id")) or _text(page.get("name")) or fallback_id
        version = _text(page.get("version"))
        where = page.value_location("version" if version else "id" if "id" in page else "name")
        if "version" not in page and "id" not in page and "name" not in page:
            where = page.location
        self.entry["defines"].append(
            {
                "kind": kind,
                "id": identity,
                "name": _text(page.get("name")),
                "version": version,
                "where": _plain_location(where),
                "versioned": versioned,
            }
        )

    def refer_owners(self, page: YMap) -> None:
        self.refer(page, "owners", ("team", "user"))

    def refer(self, page: YMap, field: str, kinds: tuple[str, ...]) -> None:
        """Each item of `page[field]`: a plain id or an `{id, version}` mapping."""
        items = page.get(field)
        if isinstance(items, YList):
            for item, location in items.located():
                self.refer_item(item, location, kinds, field)

    def refer_item(self, item: Any, location: Location, kinds: tuple[str, ...], field: str = "") -> None:
        identity = _text(item.get("id")) if isinstance(item, YMap) else _text(item)
        if not identity:
            return
        where = item.value_location("id") if isinstance(item, YMap) else location
        version = _text(item.get("version")) if isinstance(item, YMap) else ""
        self.entry["refs"].append(
            {"kinds": list(kinds), "id": identity, "version": version, "where": _plain_location(where), "field": field}
        )


def check_catalog(all_facts: list[FileFacts]) -> None:
    """Report references to resources no page defines, versions no page has, and versions defined twice."""
    defined: dict[str, list[Defined]] = {}
    for facts in all_facts:
        for item in facts.extra.get(_EXTRA, {}).get("defines", ()):
            where = _location(facts.path, item["where"])
            entry = Defined(item["kind"], item["id"], item["name"], item["version"], where, item["versioned"])
            defined.setdefault(entry.kind, []).append(entry)
    for facts in all_facts:
        for ref in facts.extra.get(_EXTRA, {}).get("refs", ()):
            problem = _check_reference(ref, _location(facts.path, ref["where"]), defined)
            if problem is not None:
                facts.problems.append(problem)
    by_path = {facts.path: facts for facts in all_facts}
    for location, message in _duplicates(defined):
        by_path[location.path].problems.append(InputProblem("invalid-input", message, location))


def _check_reference(ref: dict, where: Location, defined: dict[str, list[Defined]]) -> InputProblem | None:
    kinds = [k for k in ref["kinds"] if defined.get(k)]
    if not kinds:
        return None  # no page of that kind was read: out of scope, not missing
    candidates = [d for k in kinds for d in defined[k]]
    matches = [d for d in candidates if d.id == ref["id"]] or [
        d for d in candidates if d.kind == "service" and d.name == ref["id"]
    ]
    if not matches:
        if set(ref["kinds"]) <= set(MESSAGE_KINDS):
            return None  # whether the message exists anywhere is the merge's question
        ids = sorted({d.id for d in candidates})
        close = difflib.get_close_matches(ref["id"], ids, n=1, cutoff=0.8)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        return InputProblem("unresolved-reference", f"{_what(ref)} `{ref['id']}` {_not_defined(ref)}{hint}", where)
    versions = sorted({d.version for d in matches if d.version}, key=_version_key)
    wanted = ref["version"]
    if not wanted or not versions or any(_version_matches(wanted, v) is not False for v in versions):
        return None
    return InputProblem(
        "unresolved-reference",
        f"{matches[0].kind} `{ref['id']}` has no version {wanted} (its pages have {', '.join(versions)})",
        where,
    )


def _what(ref: dict) -> str:
    if ref["field"] == "owners":
        return "owner"
    if ref["field"] == "members":
        return "member"
    return ref["kinds"][0]


def _not_defined(ref: dict) -> str:
    if ref["field"] == "owners":
        return "is neither a team nor a user of this catalog"
    if ref["field"] == "members":
        return "is not a user of this catalog"
    return f"has no {ref['kinds'][0]} page in this catalog"


def _duplicates(defined: dict[str, list[Defined]]) -> list[tuple[Location, str]]:
    """Pages that define a version of an id that another page already defines (the first by path keeps it)."""
    found = []
    for kind, items in defined.items():
        first: dict[tuple[str, str], Defined] = {}
        for item in sorted(items, key=lambda d: (d.versioned is not None, d.location.path, d.location.line)):
            key = (item.id, item.version)
            if key not in first:
                first[key] = item
                continue
            if not item.version and (item.versioned or first[key].versioned):
                continue
            version = f" {item.version}" if item.version else " (without a version)"
            folder = item.versioned if item.versioned not in (None, item.version) else None
            found.append(
                (
                    item.location,
                    f"{kind} `{item.id}`{version} is also defined by {first[key].location.path}"
                    + (f" (this page's folder says {folder})" if folder else "")
                    + "; give each version its own page (older ones under `versioned/<version>/`)",
                )
            )
    return found


_NUMBERS = re.compile(r"\d+")


def _version_key(version: str) -> tuple:
    return tuple(int(n) for n in _NUMBERS.findall(version)), version


def _version_matches(wanted: str, version: str) -> bool | None:
    """Whether `version` satisfies `wanted` as EventCatalog reads it: `latest`, an exact version, `1.x`, `^1.2.0`
    or `~1.2.0`; None when msglint cannot tell (another range syntax)."""
    wanted = wanted.strip()
    if wanted in ("latest", "*", version):
        return True
    operator = wanted[0] if wanted[0] in "^~" else ""
    parts = wanted[len(operator) :].split(".")
    have = version.split(".")
    if not all(p.isdigit() or p in ("x", "X", "*") for p in parts) or not all(p.isdigit() for p in have):
        return None
    numbers = [int(p) if p.isdigit() else None for p in parts]
    present = [int(p) for p in have]
    if not operator:
        return all(n is None or (i < len(present) and present[i] == n) for i, n in enumerate(numbers))
    fixed = 2 if operator == "~" or numbers[0] == 0 else 1  # ~ keeps the minor, and so does ^0.x (like npm)
    if any(i >= len(present) or present[i] != numbers[i] for i in range(min(fixed, len(numbers)))):
        return False
    floor = [n or 0 for n in numbers]
    return present[: len(floor)] >= floor


def _text(value: Any) -> str:
    return str(value).strip() if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def _plain_location(where: Location) -> list[int]:
    return [where.line, where.column, where.end_line or where.line, where.end_column or where.column]


def _location(path: str, where: list[int]) -> Location:
    line, column, end_line, end_column = where
    return Location(path, line, column, end_line, end_column)
