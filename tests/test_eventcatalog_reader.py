"""The EventCatalog reader on pages written for these tests."""

from __future__ import annotations

import pytest

from msglint.lint.config import Config
from msglint.lint.run import lint
from msglint.model import Kind, Strength
from msglint.readers import ReadSettings
from msglint.readers.eventcatalog import EventCatalogReader, page_kind
from msglint.readers.eventcatalog_refs import _version_matches
from tests.conftest import FIXTURES, write


def read(path: str, text: str):
    reader = EventCatalogReader()
    data = text.encode()
    assert reader.claims(path, data, ReadSettings())
    return reader.read(path, data, ReadSettings())


def test_message_page_kind_comes_from_the_folder():
    facts = read(
        "domains/x/events/OrderPlaced/index.mdx",
        "---\nid: order-placed\nname: Order Placed\nversion: 1.0.0\n---\n# hi\n",
    )
    [declaration] = facts.declarations
    # the id is what other pages and contracts name; the title is for people
    assert (declaration.key, declaration.name, declaration.location.line) == ("order_placed", "order-placed", 2)
    [(key, evidence)] = facts.evidence
    assert (key, evidence.kind, evidence.strength) == ("order_placed", Kind.EVENT, Strength.DECLARED)


def test_the_id_is_judged_not_the_title(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "eventcatalog.config.js", "export default {};\n")
    page = "---\nid: {id}\nname: {title}\nversion: 1.0.0\n---\n"
    write(tmp_path, "events/SendInvoice/index.md", page.format(id="SendInvoice", title="Invoice dispatch"))
    write(tmp_path, "events/InvoiceSent/index.md", page.format(id="InvoiceSent", title="Send the invoice"))
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    assert [(d["code"], d["location"]["path"]) for d in document["diagnostics"]] == [
        ("MSG101", "events/SendInvoice/index.md")
    ]


def test_service_page_sends_receives_and_triggers():
    facts = read(
        "services/Orders/index.md",
        """\
---
id: orders
name: Order Service
receives:
  - id: place-order
    version: 1.0.0
    triggers:
      - id: order-placed
  - get-order
sends:
  - id: order-shipped
---
""",
    )
    assert [s.name for s in facts.services] == ["Order Service"]
    assert [(h.message_key, h.location.line) for h in facts.handlers] == [("place_order", 5), ("get_order", 9)]
    assert [(e.message_key, e.source, e.location.line) for e in facts.emissions] == [
        ("order_shipped", "eventcatalog:sends", 11),
        ("order_placed", "eventcatalog:triggers", 8),
    ]
    assert [r.name for r in facts.references] == ["order-shipped", "place-order", "order-placed", "get-order"]


def test_v1_producers_and_consumers():
    facts = read(
        "events/OrderComplete/index.md", "---\nname: OrderComplete\nproducers:\n  - Orders\nconsumers:\n  - Lake\n---\n"
    )
    assert [e.component for e in facts.emissions] == ["Orders"]
    assert [h.component for h in facts.handlers] == ["Lake"]


def test_other_markdown_is_not_claimed():
    reader = EventCatalogReader()
    page = b"---\nid: x\n---\n"
    assert not reader.claims("docs/guide/index.md", page, ReadSettings())
    assert not reader.claims("domains/Orders/entities/Order/index.mdx", page, ReadSettings())
    assert not reader.claims("events/X/index.md", b"# no frontmatter\n", ReadSettings())


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("events/OrderPlaced/index.mdx", ("event", None)),
        ("events/Inventory/StockAdjusted/index.md", ("event", None)),
        ("domains/Shop/systems/oms/services/Orders/commands/PlaceOrder/index.mdx", ("command", None)),
        ("domains/Shop/services/Orders/queries/GetOrder/index.mdx", ("query", None)),
        ("domains/Shop/systems/oms/services/Orders/index.mdx", ("service", None)),
        ("systems/oms/services/Orders/index.mdx", ("service", None)),
        ("domains/Shop/index.mdx", ("domain", None)),
        ("domains/Shop/subdomains/Payments/index.mdx", ("domain", None)),
        ("domains/Shop/domains/Payments/index.mdx", ("domain", None)),
        ("domains/Shop/systems/oms/index.mdx", ("system", None)),
        ("channels/orders.events/index.mdx", ("channel", None)),
        ("teams/platform.mdx", ("team", None)),
        ("users/ana.md", ("user", None)),
        ("events/OrderPlaced/versioned/0.1.0/index.mdx", ("event", "0.1.0")),
        ("domains/Shop/versioned/1.0.0/index.mdx", ("domain", "1.0.0")),
        ("domains/Shop/entities/Order/index.mdx", None),
        ("domains/Shop/flows/Checkout/index.mdx", None),
        ("events/index.mdx", None),
        ("docs/events/guide.mdx", None),
    ],
)
def test_page_kinds_follow_the_eventcatalog_layouts(path, kind):
    assert page_kind(path) == kind


def test_a_versioned_page_counts_for_versions_only():
    facts = read("events/OrderPlaced/versioned/0.1.0/index.mdx", "---\nid: order-placed\nversion: 0.1.0\n---\n")
    assert facts.declarations == [] and facts.evidence == [] and facts.references == []
    assert facts.extra["eventcatalog"]["defines"] == [
        {
            "kind": "event",
            "id": "order-placed",
            "name": "",
            "version": "0.1.0",
            "where": [3, 10, 3, 15],
            "versioned": "0.1.0",
        }
    ]


def test_services_nested_in_systems_and_subdomains_are_read():
    system = lint([FIXTURES / "eventcatalog" / "travel"], Config()).system
    assert sorted(system.services) == ["Booking Service", "Fare Service", "Seat Service"]
    assert system.handling_components("book_seat") == ["Booking Service"]
    assert system.emitting_components("seat_booked") == ["Booking Service"]
    assert system.handling_components("seat_booked") == ["Seat Service"]
    assert system.emitting_components("fare_published") == ["Fare Service"]
    paths = [d.location.path for m in system.messages.values() for d in m.declarations]
    assert not any("/versioned/" in p for p in paths)


@pytest.mark.parametrize(
    ("wanted", "version", "matches"),
    [
        ("1.0.0", "1.0.0", True),
        ("2.0.0", "1.0.0", False),
        ("latest", "0.0.1", True),
        ("1.x", "1.4.2", True),
        ("1.x.x", "2.0.0", False),
        ("0.x.1", "0.3.1", True),
        ("^1.2.0", "1.9.0", True),
        ("^1.2.0", "1.1.9", False),
        ("^1.2.0", "2.0.0", False),
        ("^0.2.0", "0.3.0", False),
        ("~1.2.0", "1.2.7", True),
        ("~1.2.0", "1.3.0", False),
        (">=1.0.0 <2", "1.5.0", None),
        # semver: everything after a wildcard is a wildcard, ranges take x-ranges, missing parts are zeros
        ("0.x.1", "0.2.0", True),
        ("~1.x", "1.2.0", True),
        ("~1.x", "2.0.0", False),
        ("^0.x", "0.3", True),
        ("^0.x", "1.0.0", False),
        ("0.3.0", "0.3", True),
        ("^0.0.3", "0.0.4", False),
        ("~1.2", "1.2.9", True),
        ("1.0.0-beta", "1.0.0", None),
        ("1.\u00b2", "1.2.0", None),
        ("1.x", "1.\u00b2", None),
        ("1." + "9" * 5000, "1.0.0", None),
    ],
)
def test_versions_are_matched_as_eventcatalog_reads_them(wanted, version, matches):
    assert _version_matches(wanted, version) is matches


def test_owners_are_judged_only_when_teams_or_users_were_read(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "services/Orders/index.mdx", "---\nid: orders\nname: Orders\nowners: [nobody]\n---\n")
    assert run_cli("check", ".", "--format", "json", cwd=tmp_path).json()["diagnostics"] == []
    write(tmp_path, "users/ana.mdx", "---\nid: ana\n---\n")
    found = [
        (d["code"], d["location"]["path"], d["location"]["line"], d["message"])
        for d in run_cli("check", ".", "--format", "json", cwd=tmp_path).json()["diagnostics"]
    ]
    assert found == [
        ("MSG902", "services/Orders/index.mdx", 4, "owner `nobody` is neither a team nor a user of this catalog")
    ]


def test_a_versioned_copy_that_kept_the_old_version_says_what_its_folder_says(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "events/CartFilled/index.md", "---\nname: CartFilled\nversion: 0.0.2\n---\n")
    for folder in ("0.0.1", "0.0.2"):
        write(
            tmp_path, f"events/CartFilled/versioned/{folder}/index.md", "---\nname: CartFilled\nversion: 0.0.1\n---\n"
        )
    found = [
        (d["code"], d["location"]["path"], d["location"]["line"], d["message"])
        for d in run_cli("check", ".", "--format", "json", cwd=tmp_path).json()["diagnostics"]
    ]
    assert found == [
        (
            "MSG901",
            "events/CartFilled/versioned/0.0.2/index.md",
            3,
            "event `CartFilled` 0.0.1 is also defined by events/CartFilled/versioned/0.0.1/index.md (this page's "
            "folder says 0.0.2); give each version its own page (older ones under `versioned/<version>/`)",
        )
    ]


def test_broken_frontmatter_is_located():
    facts = read("events/X/index.mdx", "---\nid: x\nname: [oops\n---\n")
    [problem] = facts.problems
    assert problem.problem == "invalid-input"
    assert problem.location.line in (3, 4)
    unclosed = read("events/Y/index.mdx", "---\nid: y\n")
    assert [p.message for p in unclosed.problems] == ["the frontmatter is not closed by a `---` line"]


def test_frontmatter_ignore_silences_findings_about_the_message(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "eventcatalog.config.js", "export default {};\n")
    write(
        tmp_path,
        "events/SendInvoice/index.md",
        "---\nid: SendInvoice\nversion: 1.0.0\nx-msglint-ignore: [event-imperative-name]\n---\nAn order.\n",
    )
    write(tmp_path, "events/ShipParcel/index.md", "---\nid: ShipParcel\nversion: 1.0.0\nx-msglint-ignore: 7\n---\n")
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    found = [(d["code"], d["location"]["path"], d["location"]["line"], d["message"]) for d in document["diagnostics"]]
    assert found == [
        (
            "MSG101",
            "events/ShipParcel/index.md",
            2,
            "event `ShipParcel` is named as an instruction ('ship' is imperative), but an event records a fact "
            "that already happened",
        ),
        ("MSG901", "events/ShipParcel/index.md", 4, "`x-msglint-ignore` must be a list of rule codes or slugs"),
    ]


def test_a_page_without_an_id_is_also_known_by_its_file_name(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "users/vega.md", "---\nname: Vega\n---\n")
    write(tmp_path, "teams/core.md", "---\nid: platform\nname: Core\n---\n")
    write(tmp_path, "services/Orders/index.mdx", "---\nid: orders\nname: Orders\nowners: [vega, Vega, core]\n---\n")
    diagnostics = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()["diagnostics"]
    # `core` is the file name of a page whose id is `platform`: an id, once written, is the only one
    assert [(d["code"], d["message"], d["location"]["line"]) for d in diagnostics] == [
        ("MSG902", "owner `core` is neither a team nor a user of this catalog", 4),
    ]


@pytest.mark.parametrize(
    "specifications",
    [
        "specifications:\n  asyncapiPath: orders-asyncapi.yaml\n",
        "specifications:\n  - type: asyncapi\n    path: ./orders-asyncapi.yaml\n",
    ],
)
def test_a_service_page_and_the_contract_it_names_are_one_service(tmp_path, run_cli, specifications):
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "events/OrderConfirmed/index.mdx", "---\nid: OrderConfirmed\nversion: 0.0.1\n---\n")
    write(
        tmp_path,
        "services/Orders/index.mdx",
        "---\nid: OrdersService\nname: Orders Service\nversion: 0.0.1\nsends:\n  - id: OrderConfirmed\n"
        + specifications
        + "---\n",
    )
    write(
        tmp_path,
        "services/Orders/orders-asyncapi.yaml",
        "asyncapi: 3.0.0\ninfo: {title: Order service, version: '1'}\nchannels:\n  orders:\n    address: orders\n"
        "    messages:\n      OrderConfirmed: {payload: {type: object}}\noperations:\n  confirm:\n    action: send\n"
        "    channel: {$ref: '#/channels/orders'}\n",
    )
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    assert document["diagnostics"] == []  # no MSG204: one publisher under two names
    [message] = document["messages"]
    assert sorted(e["component"] for e in message["emitters"]) == ["Orders Service", "Orders Service"]


def test_an_older_versions_contract_is_the_same_service_too(tmp_path, run_cli):
    contract = (
        "asyncapi: 3.0.0\ninfo: {title: Order service, version: '1'}\nchannels:\n  orders:\n    address: orders\n"
        "    messages:\n      OrderPlaced: {payload: {type: object}}\noperations:\n  place:\n    action: send\n"
        "    channel: {$ref: '#/channels/orders'}\n"
    )
    page = (
        "---\nid: OrdersService\nname: Orders Service\nversion: {v}\nspecifications:\n  asyncapiPath: api.yaml\n"
        "---\n"
    )
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "services/Orders/index.mdx", page.format(v="0.0.3"))
    write(tmp_path, "services/Orders/api.yaml", contract)
    write(tmp_path, "services/Orders/versioned/0.0.2/index.mdx", page.format(v="0.0.2"))
    write(tmp_path, "services/Orders/versioned/0.0.2/api.yaml", contract)
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    assert document["diagnostics"] == []  # one publisher, whichever version's copy of its contract was read
    [message] = document["messages"]
    assert {e["component"] for e in message["emitters"]} == {"Orders Service"}
