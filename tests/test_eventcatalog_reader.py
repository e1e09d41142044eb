"""The EventCatalog reader on pages written for these tests."""

from __future__ import annotations

from msglint.model import Kind, Strength
from msglint.readers import ReadSettings
from msglint.readers.eventcatalog import EventCatalogReader
from tests.conftest import write


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


def test_versioned_pages_and_other_markdown_are_not_claimed():
    reader = EventCatalogReader()
    page = b"---\nid: x\n---\n"
    assert not reader.claims("events/X/versioned/0.1.0/index.mdx", page, ReadSettings())
    assert not reader.claims("docs/guide/index.md", page, ReadSettings())
    assert not reader.claims("events/X/index.md", b"# no frontmatter\n", ReadSettings())


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
