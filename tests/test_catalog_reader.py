"""The catalog reader: what it reads, and a clear MSG901/MSG902 with a location for every kind of bad input."""

from __future__ import annotations

import pytest

from msglint.model import EmitMode, Kind, ReceiveMode, Strength
from msglint.readers import ReadSettings, _yaml
from msglint.readers.catalog import CatalogReader
from tests.conftest import write


def read(text: str | bytes, path: str = "c.yaml"):
    data = text.encode() if isinstance(text, str) else text
    return CatalogReader().read(path, data, ReadSettings())


def problems(text: str | bytes) -> list[tuple[str, int, int, str]]:
    return [(p.problem, p.location.line, p.location.column, p.message) for p in read(text).problems]


GOOD = """\
msglint: 1
services:
  orders:
    handles: [PlaceOrder]
    publishes: [OrderPlaced]
  billing:
    subscribes: OrderPlaced
messages:
  PlaceOrder: {kind: command, owner: orders, description: Buy the basket., fields: [items]}
  OrderPlaced:
    kind: event
    ignore: [MSG104]
"""


def test_reads_services_messages_handlers_and_emissions():
    facts = read(GOOD)
    assert facts.problems == []
    assert [s.name for s in facts.services] == ["orders", "billing"]
    assert [(d.key, d.name, d.location.line, d.owner, d.fields) for d in facts.declarations] == [
        ("place_order", "PlaceOrder", 9, "orders", ("items",)),
        ("order_placed", "OrderPlaced", 10, None, ()),
    ]
    assert [(h.message_key, h.component, h.mode, h.location.line) for h in facts.handlers] == [
        ("place_order", "orders", ReceiveMode.HANDLE, 4),
        ("order_placed", "billing", ReceiveMode.SUBSCRIBE, 7),
    ]
    assert [(e.message_key, e.component, e.mode, e.location.line, e.location.column) for e in facts.emissions] == [
        ("order_placed", "orders", EmitMode.PUBLISH, 5, 17),
    ]
    declared = [(k, e.kind, e.strength) for k, e in facts.evidence if e.source == "catalog-kind"]
    assert declared == [
        ("place_order", Kind.COMMAND, Strength.DECLARED),
        ("order_placed", Kind.EVENT, Strength.DECLARED),
    ]
    assert [(s.codes, s.message_key, s.location.line) for s in facts.suppressions] == [
        (("MSG104",), "order_placed", 12)
    ]


def test_claims_only_marked_files_or_configured_names():
    reader = CatalogReader()
    assert reader.claims("a.yaml", b"msglint: 1\n", ReadSettings())
    assert reader.claims("a.json", b'{"msglint": 1}', ReadSettings())
    assert not reader.claims("a.yaml", b"asyncapi: 3.0.0\n", ReadSettings())
    assert reader.claims(
        "contracts/messages.yaml", b"services: {}\n", ReadSettings(catalog_patterns=("messages.yaml",))
    )


def test_json_catalog_has_locations():
    facts = read('{\n  "msglint": 1,\n  "messages": {\n    "OrderPlaced": {"kind": "evnt"}\n  }\n}\n', "c.json")
    assert [(p.location.line, p.message) for p in facts.problems] == [
        (4, "`kind` must be one of command, event, query, not 'evnt'")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "msglint: 1\nmessages:\n  A:\n    kind: event\n    owners: x\n",
            [("invalid-input", 5, 5, "unknown key `owners` in message `A`; did you mean `owner`?")],
        ),
        (
            "msglint: 1\nservice:\n  a: {}\n",
            [("invalid-input", 2, 1, "unknown key `service` in the catalog; did you mean `services`?")],
        ),
        (
            "msglint: 1\nservices:\n  a:\n    sends: 3\n",
            [("invalid-input", 4, 12, "`sends` must be a list of names, not the number 3")],
        ),
        (
            "msglint: 1\nservices:\n  a:\n    sends: [{x: 1}]\n",
            [("invalid-input", 4, 13, "items of `sends` must be names (strings), not a mapping")],
        ),
        (
            "msglint: 1\nmessages: [A, B]\n",
            [("invalid-input", 2, 11, "`messages` must be a mapping of names to entries, not a list")],
        ),
        (
            "msglint: 1\nmessages:\n  A: event\n",
            [("invalid-input", 3, 6, "message `A` must be a mapping, not str 'event'")],
        ),
        (
            "msglint: 2\n",
            [("invalid-input", 1, 10, "unsupported catalog version 2: this msglint reads `msglint: 1`")],
        ),
        (
            "- msglint\n",
            [("invalid-input", 1, 1, "a msglint catalog is a mapping with a top-level `msglint: 1` key")],
        ),
        (
            "msglint: 1\nmessages:\n  OrderPlaced: {}\n  order.placed: {}\n",
            [
                (
                    "invalid-input",
                    4,
                    3,
                    "message `order.placed` has the same identity as `OrderPlaced` (line 3); "
                    "msglint treats them as one message",
                )
            ],
        ),
        (
            "msglint: 1\nservices:\n  a:\n    sends: [A, A]\nmessages:\n  A: {}\n",
            [("invalid-input", 4, 16, "`A` is listed twice under `sends` of `a`")],
        ),
    ],
    ids=[
        "unknown-key",
        "unknown-top-key",
        "wrong-type",
        "wrong-item",
        "section-type",
        "entry-type",
        "version",
        "not-a-mapping",
        "same-identity",
        "listed-twice",
    ],
)
def test_format_errors_are_located(text, expected):
    assert problems(text) == expected


def test_duplicate_keys_are_reported_and_reading_goes_on():
    facts = read("msglint: 1\nmessages:\n  A: {kind: event}\n  A: {kind: command}\n")
    assert [(p.location.line, p.location.column, p.message) for p in facts.problems] == [
        (4, 3, "duplicate key 'A' (first defined at line 3); the later value wins")
    ]
    assert [e.kind for _, e in facts.evidence] == [Kind.COMMAND]


def test_tabs_are_a_located_syntax_error():
    [problem] = read("msglint: 1\nservices:\n  orders:\n\tsends: [A]\n").problems
    assert (problem.problem, problem.location.line, problem.location.column) == ("invalid-input", 4, 1)
    assert problem.message.startswith("cannot parse YAML:")
    assert "tab" in problem.message


def test_broken_yaml_points_at_the_line():
    [problem] = read("msglint: 1\nmessages:\n  A: [unclosed\n  B: {}\n").problems
    assert problem.location.line == 4
    assert problem.message.startswith("cannot parse YAML:")


def test_non_utf8_bytes_are_located():
    [problem] = read(b"msglint: 1\nmessages:\n  Caf\xe9Opened: {}\n").problems
    assert (problem.location.line, problem.location.column) == (3, 6)
    assert problem.message == "the file is not valid UTF-8 text: byte 0xe9 cannot be decoded; save it as UTF-8"


def test_utf16_with_bom_is_read():
    facts = read("msglint: 1\nmessages:\n  OrderPlaced: {kind: event}\n".encode("utf-16"))
    assert facts.problems == []
    assert [d.name for d in facts.declarations] == ["OrderPlaced"]


def test_billion_laughs_is_refused_not_expanded():
    lines = ["msglint: 1", "a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        previous = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 10)}]")
    [problem] = read("\n".join(lines) + "\n").problems
    assert problem.problem == "invalid-input"
    assert "aliases repeat more than 200,000 values" in problem.message


@pytest.mark.parametrize("depth", [500, 100_000])
def test_deep_nesting_is_refused(depth):
    [problem] = read("msglint: 1\nx: " + "[" * depth + "]" * depth + "\n").problems
    assert problem.message == "the document nests deeper than 400 levels"
    assert problem.location.line == 2


def test_huge_file_is_refused(monkeypatch):
    monkeypatch.setattr(_yaml, "MAX_BYTES", 100)
    [problem] = read("msglint: 1\n" + "# padding\n" * 20).problems
    assert problem.message == "the file is 211 bytes, more than msglint reads (100); it was skipped"


def test_several_documents_in_one_file():
    [problem] = read("msglint: 1\n---\nmsglint: 1\n").problems
    assert "more than one YAML document" in problem.message


def test_empty_entries_are_allowed():
    facts = read("msglint: 1\nservices:\n  orders:\nmessages:\n  OrderPlaced:\n")
    assert facts.problems == []
    assert [d.name for d in facts.declarations] == ["OrderPlaced"]


def test_bad_catalog_next_to_good_one_is_still_checked(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "bad.yaml", "msglint: 1\nmessages:\n  A: [\n")
    write(tmp_path, "good.yaml", "msglint: 1\nmessages:\n  ShipOrder: {kind: event}\n")
    result = run_cli("check", ".", "--format", "json", cwd=tmp_path)
    found = [(d["code"], d["location"]["path"], d["location"]["line"]) for d in result.json()["diagnostics"]]
    assert found == [("MSG901", "bad.yaml", 4), ("MSG101", "good.yaml", 3)]
    assert result.exit_code == 1


def test_topology_does_not_overrule_a_clear_name(tmp_path, run_cli):
    # Nothing declares the kinds: `ChargeCard` reads as a command and two services receive it, which is the
    # problem to report; `Heartbeat` has no verb, so the fan-out topology makes it an event.
    write(
        tmp_path,
        "system.yaml",
        """\
msglint: 1
services:
  checkout:
    emits: [ChargeCard, Heartbeat]
  payments:
    receives: [ChargeCard, Heartbeat]
  audit:
    receives: [ChargeCard, Heartbeat]
messages:
  ChargeCard: {}
  Heartbeat: {}
""",
    )
    write(tmp_path, "msglint.toml", "")
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    kinds = {m["name"]: m["kind"] for m in document["messages"]}
    assert kinds == {"ChargeCard": "command", "Heartbeat": "event"}
    assert [(d["code"], d["severity"], d["location"]["line"]) for d in document["diagnostics"]] == [
        ("MSG201", "warning", 10)
    ]


def test_a_key_without_its_colon_points_at_the_key():
    [problem] = read("msglint: 1\nmessages:\n  ShipOrder:\n    kind: command\n  CreateOrder\n  PayOrder: {}\n").problems
    assert (problem.location.line, problem.location.column) == (5, 3)
    assert problem.message == (
        "cannot parse YAML: while scanning a simple key, could not find expected ':' (line 6, column 3)"
    )
