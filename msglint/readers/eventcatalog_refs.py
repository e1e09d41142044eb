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
    also: tuple[str, ...] = ()  # other ids a page without `id` may be known by (its file or folder name)


class CatalogIndex:
    """Records, for one page, what it defines and what it refers to (plain data, so it can be cached)."""

    def __init__(self, facts: FileFacts) -> None:
        self.facts = facts
        self.entry = facts.extra.setdefault(_EXTRA, {"defines": [], "refs": []})

    def define(self, kind: str, page: YMap, fallback_id: str, versioned: str | None) -> None:
        """The page defines a resource: its id (else name, else `fallback_id`) and version. `versioned` is the
        folder name of an older version's page (`versioned/<folder>/index.mdx`), None for the current one."""
        identity = _text(page.get("id")) or _text(page.get("name")) or fallback_id
        also = [fallback_id] if not _text(page.get("id")) and fallback_id and fallback_id != identity else []
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
                **({"also": also} if also else {}),
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


class _Definitions:
    """Every page's definition, indexed by kind and id (and services by name), so that a reference is one lookup."""

    HINTS = 200  # distinct missing ids that get a "did you mean": each hint compares with every id of its kinds

    def __init__(self, defined: dict[str, list[Defined]]) -> None:
        self.defined = defined
        self.by_id: dict[tuple[str, str], list[Defined]] = {}
        self.service_by_name: dict[str, list[Defined]] = {}
        for kind, items in defined.items():
            for item in items:
                for identity in (item.id, *item.also):
                    self.by_id.setdefault((kind, identity), []).append(item)
                if kind == "service":
                    self.service_by_name.setdefault(item.name, []).append(item)
        self.hints: dict[tuple[tuple[str, ...], str], str] = {}

    def matches(self, kinds: list[str], identity: str) -> list[Defined]:
        found = [d for k in kinds for d in self.by_id.get((k, identity), ())]
        if not found and "service" in kinds:
            found = list(self.service_by_name.get(identity, ()))
        return found

    def hint(self, kinds: list[str], identity: str) -> str:
        key = (tuple(kinds), identity)
        if key not in self.hints:
            if len(self.hints) >= self.HINTS:
                return ""
            ids = sorted({d.id for k in kinds for d in self.defined[k]})
            close = difflib.get_close_matches(identity, ids, n=1, cutoff=0.8)
            self.hints[key] = f"; did you mean `{close[0]}`?" if close else ""
        return self.hints[key]


def check_catalog(all_facts: list[FileFacts]) -> None:
    """Report references to resources no page defines, versions no page has, and versions defined twice."""
    defined: dict[str, list[Defined]] = {}
    for facts in all_facts:
        for item in facts.extra.get(_EXTRA, {}).get("defines", ()):
            where = _location(facts.path, item["where"])
            entry = Defined(
                item["kind"],
                item["id"],
                item["name"],
                item["version"],
                where,
                item["versioned"],
                tuple(item.get("also", ())),
            )
            defined.setdefault(entry.kind, []).append(entry)
    definitions = _Definitions(defined)
    for facts in all_facts:
        for ref in facts.extra.get(_EXTRA, {}).get("refs", ()):
            problem = _check_reference(ref, _location(facts.path, ref["where"]), definitions)
            if problem is not None:
                facts.problems.append(problem)
    by_path = {facts.path: facts for facts in all_facts}
    for location, message in _duplicates(defined):
        by_path[location.path].problems.append(InputProblem("invalid-input", message, location))


def _check_reference(ref: dict, where: Location, definitions: _Definitions) -> InputProblem | None:
    kinds = [k for k in ref["kinds"] if definitions.defined.get(k)]
    if not kinds:
        return None  # no page of that kind was read: out of scope, not missing
    matches = definitions.matches(kinds, ref["id"])
    if not matches:
        if set(ref["kinds"]) <= set(MESSAGE_KINDS):
            return None  # whether the message exists anywhere is the merge's question
        hint = definitions.hint(kinds, ref["id"])
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


_NUMBER = re.compile(r"[0-9]{1,9}")
_WILDCARDS = ("x", "X", "*")


def _version_key(version: str) -> tuple:
    return tuple(int(n) for n in _NUMBER.findall(version)), version


def _release(version: str) -> tuple[int, int, int] | None:
    """A page's version as semver reads a plain release: missing parts are zeros ("0.3" is 0.3.0); None for
    anything else (a pre-release, a build, words)."""
    parts = version.strip().split(".")
    if not 1 <= len(parts) <= 3 or not all(_NUMBER.fullmatch(p) for p in parts):
        return None
    numbers = [int(p) for p in parts] + [0] * (3 - len(parts))
    return numbers[0], numbers[1], numbers[2]


def _range_parts(text: str) -> list[int] | None:
    """The parts a range fixes, in order, up to the first wildcard or missing part ("1.x.3" fixes [1]: semver
    reads everything after a wildcard as a wildcard); None when the text is no such range."""
    parts = text.split(".")
    if not 1 <= len(parts) <= 3:
        return None
    fixed: list[int] = []
    for part in parts:
        if part in _WILDCARDS:
            break
        if not _NUMBER.fullmatch(part):
            return None
        fixed.append(int(part))
    return fixed


def _version_matches(wanted: str, version: str) -> bool | None:
    """Whether `version` satisfies `wanted` as semver ranges read it (EventCatalog resolves versions with semver):
    `latest`, an exact version, an x-range (`1.x`, `0.x.1`), a caret (`^1.2.0`, `^0.x`) or a tilde (`~1.2`, `~1.x`)
    range; None when msglint cannot tell (another range syntax, a pre-release)."""
    wanted = wanted.strip()
    if wanted in ("latest", *_WILDCARDS) or wanted == version.strip():
        return True
    operator = wanted[:1] if wanted[:1] in ("^", "~") else ""
    fixed = _range_parts(wanted[len(operator) :].strip())
    present = _release(version)
    if fixed is None or present is None:
        return None
    kept = len(fixed)  # an x-range keeps every part it names
    if operator == "~":
        kept = min(len(fixed), 1 if len(fixed) == 1 else 2)
    elif operator == "^":
        nonzero = [i for i, n in enumerate(fixed) if n != 0]
        kept = nonzero[0] + 1 if nonzero else len(fixed)
    if list(present[:kept]) != fixed[:kept]:
        return False
    floor = tuple(fixed + [0] * (3 - len(fixed)))
    return present >= floor


def _text(value: Any) -> str:
    return str(value).strip() if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def _plain_location(where: Location) -> list[int]:
    return [where.line, where.column, where.end_line or where.line, where.end_column or where.column]


def _location(path: str, where: list[int]) -> Location:
    line, column, end_line, end_column = where
    return Location(path, line, column, end_line, end_column)
