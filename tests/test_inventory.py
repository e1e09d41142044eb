"""`msglint inventory` (issue 16): one repository's facts as a versioned document, and reading it back as
another repository's facts (msglint/readers/inventory.py)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from msglint.lint.config import Config, repository_identity
from msglint.model import Kind, Location, Repository
from msglint.readers import READERS, ReadSettings
from msglint.readers.inventory import InventoryReader
from tests.conftest import FIXTURES, REPO, write

SCHEMA = json.loads((REPO / "msglint" / "schemas" / "inventory-v1.schema.json").read_text(encoding="utf-8"))
ORDERS = FIXTURES / "org" / "orders"

SHOP = """\
msglint: 1
services:
  checkout:
    sends: [ChargeCard]
    publishes: [OrderPlaced]
  payments:
    handles: [ChargeCard]
messages:
  ChargeCard: {kind: command, fields: [card]}
  OrderPlaced: {kind: event}
"""


def shop(folder: Path, config: str = 'repository = "shop"\n') -> Path:
    (folder / ".git").mkdir(parents=True)
    write(folder, "catalog.yaml", SHOP)
    write(folder, "msglint.toml", config)
    return folder


def inventory_of(run_cli, folder: Path, *args: str) -> str:
    result = run_cli("inventory", ".", "-q", *args, cwd=folder)
    assert result.exit_code == 0, result.err
    return result.out


# -- writing ---------------------------------------------------------------------------------------------------


def test_the_inventory_of_a_small_repository(run_cli, tmp_path):
    document = json.loads(inventory_of(run_cli, shop(tmp_path)))
    jsonschema.validate(document, SCHEMA)
    assert document["msglint-inventory"] == 1
    assert document["repository"] == {"name": "shop", "url": None}
    charge = document["messages"][0]
    assert (charge["key"], charge["name"], charge["kind"], charge["kind_strength"]) == (
        "charge_card",
        "ChargeCard",
        "command",
        "declared",
    )
    assert [
        (d["source"], d["location"]["path"], d["location"]["line"], d["fields"]) for d in charge["declarations"]
    ] == [("catalog", "catalog.yaml", 9, ["card"])]
    # evidence from the name and the topology is worked out again by the joined check
    assert [e["source"] for e in charge["evidence"]] == ["catalog-kind", "catalog-list", "catalog-list"]
    assert [(h["message"], h["component"], h["mode"], h["location"]["line"]) for h in document["handlers"]] == [
        ("charge_card", "payments", "handle", 7)
    ]
    assert [(e["message"], e["component"], e["mode"]) for e in document["emitters"]] == [
        ("charge_card", "checkout", "send"),
        ("order_placed", "checkout", "publish"),
    ]
    assert [s["name"] for s in document["services"]] == ["checkout", "payments"]


def test_the_inventory_is_the_same_bytes_from_any_folder_with_or_without_the_cache(run_cli, tmp_path):
    repository = shop(tmp_path / "shop")
    write(repository, "sub/more.yaml", "msglint: 1\nmessages:\n  ShipParcel: {kind: command}\n")
    first = inventory_of(run_cli, repository)
    assert inventory_of(run_cli, repository) == first
    assert run_cli("inventory", "..", "-q", cwd=repository / "sub").out == first
    cached = run_cli("inventory", ".", "-q", cwd=repository, cache=True).out
    assert run_cli("inventory", ".", "-q", cwd=repository, cache=True).out == cached == first
    assert str(tmp_path) not in first


def test_the_inventory_of_the_python_fixture_fits_the_schema_and_names_no_machine_path(run_cli):
    text = inventory_of(run_cli, ORDERS)
    document = json.loads(text)
    jsonschema.validate(document, SCHEMA)
    assert document["repository"] == {"name": "orders", "url": "https://git.example.com/shop/orders"}
    assert str(REPO) not in text
    paths = {h["location"]["path"] for h in document["handlers"]}
    assert paths == {
        "fixtures/org/orders/orders/checkout.py",
        "fixtures/org/orders/orders/stock/handlers.py",
    } or paths == {
        "orders/checkout.py",
        "orders/stock/handlers.py",
    }


def test_the_inventory_is_written_to_a_file(run_cli, tmp_path):
    repository = shop(tmp_path / "shop")
    result = run_cli("inventory", ".", "-q", "-o", str(tmp_path / "shop.msglint.json"), cwd=repository)
    assert (result.exit_code, result.out) == (0, "")
    assert (tmp_path / "shop.msglint.json").read_text(encoding="utf-8") == inventory_of(run_cli, repository)


def test_catalog_json_is_unchanged_by_inventories(run_cli, tmp_path):
    document = run_cli("catalog", ".", "--format", "json", cwd=shop(tmp_path)).json()
    assert sorted(document) == ["messages"]
    assert sorted(document["messages"][0]) == [
        "declarations", "description", "emitters", "evidence", "handlers", "key", "kind", "kind_strength", "name",
        "owner",
    ]  # fmt: skip


# -- the repository's name -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remote", "name", "url"),
    [
        ("git@github.com:acme/billing.git", "billing", "https://github.com/acme/billing"),
        ("https://github.com/acme/billing.git", "billing", "https://github.com/acme/billing"),
        ("https://user:secret@git.example.com/acme/billing.git", "billing", None),  # no credentials written
        ("/srv/git/billing", "billing", None),
    ],
)
def test_the_name_and_url_come_from_the_git_remote(tmp_path, remote, name, url):
    write(tmp_path, ".git/config", f'[core]\n\tbare = false\n[remote "origin"]\n\turl = {remote}\n')
    assert repository_identity(tmp_path, Config()) == Repository(name, url)


def test_the_configuration_names_the_repository_first_and_the_folder_last(tmp_path):
    write(tmp_path / "ledger", ".git/config", '[remote "upstream"]\n\turl = git@github.com:acme/other.git\n')
    assert repository_identity(tmp_path / "ledger", Config()) == Repository("ledger", None)
    configured = Config(repository="books", repository_url="https://books.example.com")
    assert repository_identity(tmp_path / "ledger", configured) == Repository("books", "https://books.example.com")


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("repository = 3", "`repository` must be a non-empty string on one line, not 3"),
        ('repository = ""', "`repository` must be a non-empty string on one line, not ''"),
        ('scope = "world"', "`scope` must be one of repository, organisation, not 'world'"),
    ],
)
def test_bad_repository_settings_are_usage_errors(run_cli, tmp_path, line, error):
    write(tmp_path, "msglint.toml", line + "\n")
    write(tmp_path, "catalog.yaml", SHOP)
    result = run_cli("check", ".", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.err.count("\n") == 1 and error in result.err


# -- reading ---------------------------------------------------------------------------------------------------


def read(text: str, repository: str = "here") -> object:
    return InventoryReader().read("inv/shop.msglint.json", text.encode(), ReadSettings(repository=repository))


def test_the_reader_claims_inventories_before_any_json_reader(tmp_path):
    claimed = [r.name for r in READERS if r.claims("a/shop.msglint.json", b'{"asyncapi": "3.0.0"}', ReadSettings())]
    assert claimed[0] == "inventory"
    assert not InventoryReader().claims("asyncapi.json", b"{}", ReadSettings())


def test_facts_read_back_belong_to_their_repository(run_cli, tmp_path):
    facts = read(inventory_of(run_cli, shop(tmp_path)))
    assert facts.problems == []
    assert facts.repository == Repository("shop", None)
    assert [(d.key, d.location) for d in facts.declarations] == [
        ("charge_card", Location("catalog.yaml", 9, 3, 9, 13, "shop")),
        ("order_placed", Location("catalog.yaml", 10, 3, 10, 14, "shop")),
    ]
    assert [(h.component, str(h.location)) for h in facts.handlers] == [("shop:payments", "shop:catalog.yaml:7:15")]
    assert sorted(e.component for e in facts.emissions) == ["shop:checkout", "shop:checkout"]
    assert [s.name for s in facts.services] == ["shop:checkout", "shop:payments"]
    assert [(key, e.source, e.kind, e.location.repository) for key, e in facts.evidence] == [
        ("charge_card", "catalog-kind", Kind.COMMAND, "shop"),
        ("charge_card", "catalog-list", Kind.COMMAND, "shop"),
        ("charge_card", "catalog-list", Kind.COMMAND, "shop"),
        ("order_placed", "catalog-kind", Kind.EVENT, "shop"),
        ("order_placed", "catalog-list", Kind.EVENT, "shop"),
    ]


def test_the_inventory_of_the_checked_repository_is_skipped(run_cli, tmp_path):
    facts = read(inventory_of(run_cli, shop(tmp_path)), repository="shop")
    assert (facts.declarations, facts.handlers, facts.repository) == ([], [], None)
    assert facts.notes == [
        "inv/shop.msglint.json is the inventory of the repository being checked (`shop`), whose own files are read "
        "instead: it was skipped"
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{", "not valid JSON (Expecting property name enclosed in double quotes)"),
        ("[1]", "a JSON object with `msglint-inventory` is expected"),
        ('{"msglint-inventory": 2}', "`msglint-inventory` is 2; this msglint reads version 1"),
        ('{"msglint-inventory": true}', "`msglint-inventory` is true; this msglint reads version 1"),
        ('{"msglint-inventory": 1}', "`repository` must be an object"),
        (
            '{"msglint-inventory": 1, "repository": {"name": "a:b"}}',
            "`repository.name` must be a name on one line without `:`",
        ),
        (
            '{"msglint-inventory": 1, "repository": {"name": "a"}, "handlers": [{"message": "x"}]}',
            "`handlers[0].message_name` must be a non-empty string",
        ),
        (
            '{"msglint-inventory": 1, "repository": {"name": "a"}, "messages": [{"key": "x", "declarations": '
            '[{"name": "X", "source": "s", "location": {"path": "/etc/passwd"}}]}]}',
            '`messages[0].declarations[0].location.path` must be relative to the repository, not "/etc/passwd"',
        ),
        (
            '{"msglint-inventory": 1, "repository": {"name": "a"}, "emitters": [{"message": "x", "message_name": "X", '
            '"component": "c", "source": "s", "mode": {}, "location": {"path": "a.py"}}]}',
            "`emitters[0].mode` must be one of send, publish, unknown, not {}",
        ),
        (
            '{"msglint-inventory": 1, "repository": {"name": "a"}, "emitters": [{"message": "x", "message_name": "X", '
            '"component": "c", "source": "s", "mode": "send", "location": {"path": "a.py"}, "forwards": "yes"}]}',
            "`emitters[0].forwards` must be true or false",
        ),
        ("[" * 100_000, "not valid JSON (nested too deeply)"),
    ],
)
def test_a_broken_inventory_is_one_invalid_input_problem(text, problem):
    facts = read(text)
    assert [(p.problem, p.message, p.location) for p in facts.problems] == [
        ("invalid-input", f"unreadable msglint inventory: {problem}", Location("inv/shop.msglint.json"))
    ]
    assert (facts.declarations, facts.handlers, facts.emissions) == ([], [], [])


def test_a_broken_inventory_is_reported_not_a_traceback(run_cli, tmp_path):
    write(tmp_path, "old.msglint.json", '{"msglint-inventory": 7}')
    result = run_cli("check", ".", "-q", cwd=tmp_path)
    assert result.out.splitlines()[0] == (
        "old.msglint.json:1:1: error MSG901 [invalid-input] unreadable msglint inventory: `msglint-inventory` is 7; "
        "this msglint reads version 1"
    )
    assert result.err == ""


# -- the --inventory option ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (
            "nowhere/*.msglint.json",
            "msglint: error: --inventory nowhere/*.msglint.json: no such inventory file, folder or matching file\n",
        ),
        (
            "catalog.yaml",
            "msglint: error: --inventory catalog.yaml: catalog.yaml is not an inventory "
            "(the name ends in .msglint.json)\n",
        ),
    ],
)
def test_inventory_option_errors_are_usage_errors(run_cli, tmp_path, value, error):
    write(tmp_path, "catalog.yaml", SHOP)
    result = run_cli("check", ".", "--inventory", value, cwd=tmp_path)
    assert (result.exit_code, result.err) == (2, error)


def test_a_command_handled_in_another_repository_is_not_without_handler(run_cli, tmp_path):
    """MSG203 across repositories: alone, checkout sends into the void; with payments' inventory it does not."""
    write(tmp_path / "checkout", "msglint.toml", 'repository = "checkout"\n')
    write(
        tmp_path / "checkout",
        "catalog.yaml",
        "msglint: 1\nservices:\n  checkout: {sends: [ChargeCard]}\nmessages:\n  ChargeCard: {kind: command}\n",
    )
    alone = run_cli("check", ".", "-q", cwd=tmp_path / "checkout")
    assert alone.out.splitlines()[0] == (
        "catalog.yaml:5:3: warning MSG203 [command-without-handler] command `ChargeCard` is sent by checkout but no "
        "component in scope handles it"
    )
    write(tmp_path / "payments", "msglint.toml", 'repository = "payments"\n')
    write(
        tmp_path / "payments",
        "catalog.yaml",
        "msglint: 1\nservices:\n  payments: {handles: [ChargeCard]}\nmessages:\n  ChargeCard: {kind: command}\n",
    )
    inventory = tmp_path / "payments.msglint.json"
    inventory.write_text(inventory_of(run_cli, tmp_path / "payments"), encoding="utf-8")
    joined = run_cli("check", ".", "--inventory", str(inventory), "--organisation", cwd=tmp_path / "checkout")
    assert (joined.exit_code, joined.out.splitlines()[-1]) == (
        0,
        "No findings (1 message, 2 services in 2 files checked).",
    )


@pytest.mark.parametrize(("role", "codes"), [("client", []), ("provider", ["MSG204"])])
def test_a_relay_stays_a_relay_through_its_inventory(run_cli, tmp_path, role, codes):
    document = """\
    asyncapi: 3.0.0
    info: {{title: {title}, version: '1'}}
    channels:
      orders:
        address: orders
        messages:
          OrderPlaced: {{payload: {{type: object, properties: {{orderId: {{type: string}}}}}}}}
    operations:
      sendOrderPlaced:
        action: send{extra}
        channel: {{$ref: '#/channels/orders'}}
    """
    for name, extra in (("orders", ""), ("relay", f"\n        x-eventcatalog-role: {role}")):
        folder = tmp_path / name
        (folder / ".git").mkdir(parents=True)
        write(folder, "msglint.toml", "")
        write(folder, "asyncapi.yaml", document.format(title=name, extra=extra))
    (tmp_path / "relay.msglint.json").write_text(inventory_of(run_cli, tmp_path / "relay"), encoding="utf-8")
    result = run_cli(
        "check", ".", "--format", "json", "--inventory", str(tmp_path / "relay.msglint.json"), cwd=tmp_path / "orders"
    )
    assert [d["code"] for d in result.json()["diagnostics"]] == codes
