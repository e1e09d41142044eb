"""Safe YAML (and JSON, which is YAML) loading that keeps line and column of every key and value.

PyYAML's composer builds a node graph with marks; we turn it into dicts and lists that remember where
each piece was written. Guards: bytes are decoded strictly, flow nesting is measured before libyaml
sees it (its C composer recurses and can exhaust the C stack), aliases are expanded against a budget
(the "billion laughs" shape), duplicate keys are reported.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from msglint.model import InputProblem, Location

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 400
MAX_NODES = 2_000_000
MAX_REPEATS = 200_000  # values built again because an alias repeats them: real documents need a few hundred
INVALID = "invalid-input"
DEFAULT_BUDGET_MB = 300
# Composing and building a value costs 520-640 bytes of memory per node (a scalar, a list or a mapping),
# and a node takes two characters at least (`1,`): a document shorter than the budget allows for at that
# rate is not counted before it is composed.
BYTES_PER_NODE = 700
_CHARACTERS_PER_NODE = 2


class YMap(dict):
    """A mapping that remembers its own location and the location of each key and value."""

    location: Location
    key_locations: dict[str, Location]
    value_locations: dict[str, Location]

    def key_location(self, key: str) -> Location:
        return self.key_locations.get(key, self.location)

    def value_location(self, key: str) -> Location:
        return self.value_locations.get(key, self.key_location(key))


def entry_lines(parent: YMap, key: str) -> tuple[int, int]:
    """The lines of `key`'s entry in `parent`: from the key to the line before the next sibling key."""
    start = parent.key_location(key).line
    later = [loc.line for loc in parent.key_locations.values() if loc.line > start]
    if later:
        return start, min(later) - 1
    end = parent.value_location(key)
    return start, max(start, end.end_line or end.line)


def ignore_codes(
    value: YMap, key: str, problems: list[InputProblem]
) -> tuple[tuple[str, ...], Location, tuple[Location, ...]] | None:
    """The rule codes or slugs listed under `key` (`x-msglint-ignore: [MSG202, technical-event]`), with
    where they are written; a value that is not a list of names is one problem."""
    codes = value.get(key)
    if codes is None:
        return None
    if isinstance(codes, str):
        codes = [codes]
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        problems.append(
            InputProblem("invalid-input", f"`{key}` must be a list of rule codes or slugs", value.value_location(key))
        )
        return None
    where = value.value_location(key)
    each = tuple(codes.item_locations) if isinstance(codes, YList) else tuple(where for _ in codes)
    return (tuple(codes), where, each) if codes else None


class YList(list):
    location: Location
    item_locations: list[Location]

    def located(self) -> list[tuple[Any, Location]]:
        """Each item with the place it is written."""
        return list(zip(self, self.item_locations, strict=True))


class LoadError(Exception):
    def __init__(self, message: str, location: Location) -> None:
        super().__init__(message)
        self.problem = InputProblem(INVALID, message, location)


@dataclass
class Loaded:
    value: Any = None
    problems: list[InputProblem] = field(default_factory=list)


# (byte order mark, encoding): the longer UTF-32 marks first, since `ff fe` also starts `ff fe 00 00`
_BYTE_ORDER_MARKS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xef\xbb\xbf", "utf-8"),
)


def detect_encoding(data: bytes) -> tuple[str, int]:
    """The encoding of a YAML or JSON file and the length of its byte order mark, as YAML 1.2 (section 5.2)
    and RFC 4627 tell them: a byte order mark, else the zero bytes around the first character (which is
    ASCII in any document msglint reads), else UTF-8."""
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return encoding, len(mark)
    if len(data) >= 4 and data[:3] == b"\x00\x00\x00":
        return "utf-32-be", 0
    if len(data) >= 4 and data[1:4] == b"\x00\x00\x00":
        return "utf-32-le", 0
    if len(data) >= 2 and data[0] == 0:
        return "utf-16-be", 0
    if len(data) >= 2 and data[1] == 0:
        return "utf-16-le", 0
    return "utf-8", 0


def as_utf8(data: bytes) -> bytes:
    """The bytes as UTF-8 without a byte order mark (UTF-16 and UTF-32 re-encoded, undecodable parts
    replaced), so that a reader's quick byte test (`msglint:` at the start of a line) sees the text."""
    encoding, mark = detect_encoding(data)
    if encoding == "utf-8":
        return data[mark:]
    return data[mark:].decode(encoding, errors="replace").encode("utf-8")


def decode(data: bytes, path: str) -> str:
    """Decode bytes as YAML and JSON allow (UTF-8, UTF-16 or UTF-32, with or without a byte order mark);
    raise LoadError, located at the first undecodable byte, otherwise."""
    encoding, mark = detect_encoding(data)
    body = data[mark:]
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as error:
        before = body[: error.start].decode(encoding, errors="replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        raise LoadError(
            f"the file is not valid {_label(encoding)} text: byte 0x{body[error.start]:02x} cannot be decoded; "
            "save it as UTF-8",
            Location(path, line, column),
        ) from None


def _label(encoding: str) -> str:
    """`utf-16-le` -> `UTF-16LE`."""
    return encoding.upper().replace("-LE", "LE").replace("-BE", "BE")


def load_located(data: bytes, path: str, budget_mb: int = DEFAULT_BUDGET_MB) -> Loaded:
    """Parse one YAML or JSON document into YMap/YList/scalars. Never raises; problems are returned.
    A document whose nodes would take more than `budget_mb` of memory is refused before it is composed."""
    if len(data) > MAX_BYTES:
        message = f"the file is {len(data):,} bytes, more than msglint reads ({MAX_BYTES:,}); it was skipped"
        return Loaded(problems=[InputProblem(INVALID, message, Location(path))])
    try:
        text = decode(data, path)
        _check_flow_depth(text, path)
        node = _compose(text, path, budget_mb)
        if node is None:
            return Loaded()
        builder = _Builder(path)
        value = builder.build(node, 0)
        return Loaded(value, builder.problems)
    except LoadError as error:
        return Loaded(problems=[error.problem])


def _compose(text: str, path: str, budget_mb: int) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        _check_node_count(text, path, budget_mb, loader)
        return yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as error:
        problem = _parse_error(error, text, path)
    except yaml.YAMLError as error:
        problem = LoadError(f"cannot parse {_format(path)}: {error}", Location(path))
    except RecursionError:
        problem = LoadError(f"the document nests deeper than {MAX_DEPTH} levels", Location(path))
    if not text.lstrip().startswith(("{", "[")):
        raise problem
    json_problem = _json_problem(text, path, problem)
    if json_problem is None:
        _check_node_count(text, path, budget_mb, _json_loader())
        return _compose_json(text, problem)
    raise json_problem if path.lower().endswith(".json") else problem


def _check_node_count(text: str, path: str, budget_mb: int, loader: type) -> None:
    """Refuse a document whose nodes would take more than the budget, counting its parser's events (which
    hold nothing) before the composer builds them all. A parse error stops the count: composing stops there
    too."""
    import yaml

    most = budget_mb * 2**20 // BYTES_PER_NODE
    if len(text) <= most * _CHARACTERS_PER_NODE:
        return
    nodes = 0
    node_events = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, node_events):
                nodes += 1
                if nodes > most:
                    raise LoadError(
                        f"the document holds more than {most:,} values, which would take over {budget_mb} MB to "
                        "read; it was skipped (`memory-budget-mb` in the configuration raises the budget)",
                        Location(path, event.start_mark.line + 1, event.start_mark.column + 1),
                    )
    except yaml.YAMLError:
        return


def _parse_error(error: Any, text: str, path: str) -> LoadError:
    mark = error.problem_mark or error.context_mark
    if error.context_mark and error.context and "simple key" in error.context:
        mark = error.context_mark  # `key value` without its colon: the key's line is where to look
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    reason = _yaml_reason(error, mark)
    if mark and _char_at(text, mark.line, mark.column) == "\t" and "tab" not in reason:
        reason += " (a tab: YAML does not allow tabs for indentation)"
    return LoadError(f"cannot parse {_format(path)}: {reason}", Location(path, line, column))


def _json_problem(text: str, path: str, problem: LoadError) -> LoadError | None:
    """None when `text` is valid JSON, else why and where JSON refuses it (more to the point in a .json
    file than YAML's reason)."""
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        return LoadError(f"cannot parse JSON: {error.msg}", Location(path, error.lineno, error.colno))
    except (ValueError, RecursionError):
        return problem
    return None


def _compose_json(text: str, problem: LoadError) -> Any:
    """Compose valid JSON that libyaml refuses: YAML limits a key to 1,024 characters on one line, JSON
    does not (a 2,000-character message name is valid JSON). Slower, so only after libyaml gave up."""
    import yaml

    try:
        return yaml.compose(text, Loader=_json_loader())
    except (yaml.YAMLError, RecursionError):
        raise problem from None


@functools.cache
def _json_loader() -> type:
    import yaml

    class JsonLoader(yaml.SafeLoader):
        """YAML's pure-Python loader, relaxed for JSON that json.loads accepted."""

        def stale_possible_simple_keys(self) -> None:
            pass  # a JSON key may be of any length, and its `:` may follow on a later line

        def scan_to_next_token(self) -> None:
            found = False
            while not found:
                while self.peek() in " \t":  # JSON whitespace includes tabs, also at the start of a line
                    self.forward()
                if not self.scan_line_break():
                    found = True

    return JsonLoader


def _format(path: str) -> str:
    """JSON is read with the YAML parser (JSON is YAML), but a JSON file's author thinks in JSON."""
    return "JSON" if path.lower().endswith(".json") else "YAML"


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column] if line < len(lines) and column < len(lines[line]) else ""


def _yaml_reason(error: Any, reported: Any = None) -> str:
    """PyYAML's context and problem, each with its line when it is not the line the finding points at."""
    parts = []
    for text, mark in ((error.context, error.context_mark), (error.problem, error.problem_mark)):
        if not text:
            continue
        elsewhere = mark is not None and reported is not None and mark.line != reported.line
        parts.append(f"{text} (line {mark.line + 1}, column {mark.column + 1})" if elsewhere else text)
    reason = ", ".join(parts)
    if "'\\t'" in reason:
        reason += " (a tab: YAML does not allow tabs for indentation)"
    if "expected a single document" in reason:
        reason = "the file holds more than one YAML document; msglint reads one document per file"
    return reason or str(error)


_FLOW_CHARS = re.compile(r"[\[\]{}]")
_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\n]|\'\')*\'')


def _check_flow_depth(text: str, path: str) -> None:
    """Refuse flow collections nested deeper than MAX_DEPTH before the C composer recurses into them."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    for match in _FLOW_CHARS.finditer(_QUOTED.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            line = text.count("\n", 0, match.start()) + 1
            raise LoadError(f"the document nests deeper than {MAX_DEPTH} levels", Location(path, line))
        depth = max(depth, 0)


_IMPLICIT_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp"))
_CORE_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_CORE_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def core_scalar(text: str) -> Any:
    """A plain scalar as YAML 1.2's core schema reads it (AsyncAPI recommends YAML 1.2; EventCatalog's front
    matter is read the same way): `on`, `no`, `12:30` and `2024-01-01` stay strings, as they are in JSON."""
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if _CORE_INT.fullmatch(text) and len(text) <= 4000:  # Python refuses longer integers
        if text.startswith("0o"):
            return int(text[2:], 8)
        return int(text[2:], 16) if text.startswith("0x") else int(text)
    if _CORE_FLOAT.fullmatch(text):
        return float(text)
    lowered = text.lower()
    if lowered in (".inf", "+.inf", "-.inf") and text[-3:] in ("inf", "Inf", "INF"):
        return float(lowered.replace(".", ""))
    if text in (".nan", ".NaN", ".NAN"):
        return float("nan")
    return text


class _Builder:
    """Turns a composed node graph into located Python values, expanding aliases against a budget."""

    def __init__(self, path: str) -> None:
        import yaml

        self.path = path
        self.problems: list[InputProblem] = []
        self.visited = 0
        self._yaml = yaml
        self._constructor = yaml.constructor.SafeConstructor()
        self._merged: dict[int, list[tuple[Any, Any]]] = {}  # id of a mapping node -> its merged pairs
        self._built: set[int] = set()  # ids of the nodes built once (the graph keeps them alive)
        self.repeated = 0

    def location(self, node: Any) -> Location:
        start, end = node.start_mark, node.end_mark
        return Location(self.path, start.line + 1, start.column + 1, end.line + 1, end.column + 1)

    def build(self, node: Any, depth: int) -> Any:
        self.visited += 1
        if id(node) in self._built:
            self.repeated += 1
            if self.repeated > MAX_REPEATS:
                raise LoadError(
                    f"aliases repeat more than {MAX_REPEATS:,} values (aliases repeated inside aliases?); "
                    "msglint stops reading the document",
                    self.location(node),
                )
        else:
            self._built.add(id(node))
        if self.visited > MAX_NODES:
            raise LoadError(
                f"the document expands to more than {MAX_NODES:,} values (aliases repeated inside "
                "aliases?); msglint stops reading it",
                self.location(node),
            )
        if depth > MAX_DEPTH:
            raise LoadError(f"the document nests deeper than {MAX_DEPTH} levels", self.location(node))
        if isinstance(node, self._yaml.MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, self._yaml.SequenceNode):
            items = YList()
            items.location = self.location(node)
            items.item_locations = []
            for child in node.value:
                items.append(self.build(child, depth + 1))
                items.item_locations.append(self.location(child))
            return items
        return self._scalar(node)

    def _mapping(self, node: Any, depth: int) -> YMap:
        mapping = YMap()
        mapping.location = self.location(node)
        mapping.key_locations = {}
        mapping.value_locations = {}
        for key_node, value_node in self._merged_pairs(node):
            key = self._key(key_node)
            if key in mapping.key_locations:
                first = mapping.key_locations[key]
                self.problems.append(
                    InputProblem(
                        INVALID,
                        f"duplicate key '{key}' (first defined at line {first.line}); the later value wins",
                        self.location(key_node),
                    )
                )
            mapping[key] = self.build(value_node, depth + 1)
            mapping.key_locations[key] = self.location(key_node)
            mapping.value_locations[key] = self.location(value_node)
        return mapping

    def _merged_pairs(self, node: Any) -> list[tuple[Any, Any]]:
        """Pairs of a mapping with YAML merge keys (`<<: *base`) applied, explicit keys last. A key merged
        from an earlier source wins over a later one, as the merge key type says. Each mapping is merged
        once (an alias shares its node): `<<: [*m, *m]` nested twenty times stays linear, not 2**20."""
        known = self._merged.get(id(node))
        if known is not None:
            return known
        merged: dict[str, tuple[Any, Any]] = {}
        own: list[tuple[Any, Any]] = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                sources = value_node.value if isinstance(value_node, self._yaml.SequenceNode) else [value_node]
                for source in sources:
                    if isinstance(source, self._yaml.MappingNode):
                        for pair in self._merged_pairs(source):
                            merged.setdefault(self._key(pair[0]), pair)
            else:
                own.append((key_node, value_node))
        explicit = {self._key(k) for k, _ in own}
        pairs = [pair for key, pair in merged.items() if key not in explicit] + own
        self._merged[id(node)] = pairs
        return pairs

    def _key(self, node: Any) -> str:
        if isinstance(node, self._yaml.ScalarNode):
            return str(node.value)
        return f"<complex key at line {node.start_mark.line + 1}>"

    def _scalar(self, node: Any) -> Any:
        if not node.style and node.tag in _IMPLICIT_TAGS:  # plain (CSafeLoader says "", SafeLoader None)
            return core_scalar(node.value)
        try:
            return self._constructor.construct_object(node, deep=True)
        except Exception:  # an odd scalar (bad timestamp, unknown tag): keep its text
            return node.value
