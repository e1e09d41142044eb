"""`msglint rename`: Python with libcst, contracts in place, warnings for names on the wire."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import FIXTURES, write


@pytest.fixture
def mixed(tmp_path):
    shutil.copytree(FIXTURES / "python" / "mixed", tmp_path / "app", ignore=shutil.ignore_patterns(".msglint_cache"))
    return tmp_path / "app"


def test_diff_by_default_then_write_then_no_msg101(mixed, run_cli):
    before = {p: p.read_text() for p in mixed.rglob("*") if p.is_file()}
    shown = run_cli("rename", "NotifyWarehouse", "WarehouseNotified", cwd=mixed)
    assert shown.exit_code == 0
    assert {p: p.read_text() for p in mixed.rglob("*") if p.is_file()} == before
    assert "-class NotifyWarehouse(Event):\n+class WarehouseNotified(Event):\n" in shown.out
    assert (
        "-        $ref: '#/components/messages/NotifyWarehouse'\n"
        "+        $ref: '#/components/messages/WarehouseNotified'\n" in shown.out
    )
    assert shown.err.splitlines() == [
        "warning: contracts/orders.asyncapi.yaml:26: `NotifyWarehouse` is the message's name in a contract, so it "
        "is likely on the wire: consumers outside this repository that match on it break until they are renamed too",
        "msglint: 3 files would change; run again with --write to apply",
    ]

    written = run_cli("rename", "NotifyWarehouse", "WarehouseNotified", "--write", cwd=mixed)
    assert written.err.splitlines()[-1] == "msglint: renamed `NotifyWarehouse` to `WarehouseNotified` in 3 files"
    assert (
        "    # the warehouse reacts to this; it used to be a command\n"
        in (mixed / "contracts/orders.asyncapi.yaml").read_text()
    )
    after = run_cli("check", ".", "--format", "json", cwd=mixed).json()
    assert [d["code"] for d in after["diagnostics"]] == ["MSG207"]
    renamed = next(m for m in after["messages"] if m["name"] == "WarehouseNotified")
    assert sorted(d["source"] for d in renamed["declarations"]) == ["asyncapi", "python"]


def test_python_references_aliases_annotations_registries_and_strings(tmp_path, run_cli):
    write(tmp_path, "shop/__init__.py", "")
    write(tmp_path, "shop/bus.py", "class Command:\n    pass\n")
    write(
        tmp_path,
        "shop/commands.py",
        """\
        from shop.bus import Command


        class OrderPlaced(Command):  # a command named as a fact
            order_id: str
        """,
    )
    write(
        tmp_path,
        "shop/handlers.py",
        """\
        from shop import commands
        from shop.commands import OrderPlaced as Placed


        def handle_place(command: Placed) -> None:
            print("OrderPlaced", command)


        COMMAND_HANDLERS = {commands.OrderPlaced: handle_place}
        TOPIC = 'OrderPlaced'
        """,
    )
    write(tmp_path, "other/legacy.py", "class OrderPlaced:\n    '''Unrelated: never imports the message.'''\n")
    result = run_cli("rename", "OrderPlaced", "PlaceOrder", "--write", cwd=tmp_path)
    assert result.exit_code == 0
    assert (tmp_path / "shop/commands.py").read_text().splitlines()[
        3
    ] == "class PlaceOrder(Command):  # a command named as a fact"
    handlers = (tmp_path / "shop/handlers.py").read_text()
    assert "from shop.commands import PlaceOrder as Placed\n" in handlers
    assert "COMMAND_HANDLERS = {commands.PlaceOrder: handle_place}\n" in handlers
    assert "TOPIC = 'PlaceOrder'\n" in handlers
    assert 'print("PlaceOrder", command)' in handlers
    assert (tmp_path / "other/legacy.py").read_text().startswith("class OrderPlaced:")
    assert [line.split(": ")[1] for line in result.err.splitlines() if line.startswith("warning")] == [
        "shop/handlers.py:6",
        "shop/handlers.py:10",
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("NoSuchMessage", "Other", "msglint knows no message named 'NoSuchMessage' here"),
        ("NotifyWarehouse", "OrderShipped", "a message 'OrderShipped' already exists"),
        ("NotifyWarehouse", "warehouse.notified", "'warehouse.notified' is not a Python identifier"),
        ("NotifyWarehouse", "Warehouse: notified!", "'Warehouse: notified!' cannot be written safely"),
        ("NotifyWarehouse", "Warehouse Notified", "'Warehouse Notified' cannot be written safely"),
    ],
)
def test_rename_refuses_what_it_cannot_do(mixed, run_cli, old, new, message):
    result = run_cli("rename", old, new, cwd=mixed)
    assert result.exit_code == 2
    assert message in result.err


def test_a_module_that_only_imports_the_message_is_renamed_too(tmp_path, run_cli):
    # tracking.py holds none of the words the analysis looks for, so it was never parsed; its import of the
    # message must change all the same, and so must the tests
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "shop/model.py", "class Event:\n    pass\n\n\nclass ParcelShipped(Event):\n    number: str\n")
    importer = "from shop.model import ParcelShipped\n\n\ndef {name}():\n    return ParcelShipped()\n"
    write(tmp_path, "shop/tracking.py", importer.format(name="mark"))
    write(tmp_path, "tests/test_model.py", importer.format(name="test_it"))
    result = run_cli("rename", "ParcelShipped", "ParcelDispatched", "--write", cwd=tmp_path)
    assert result.err.splitlines()[-1] == "msglint: renamed `ParcelShipped` to `ParcelDispatched` in 3 files"
    assert (tmp_path / "shop/tracking.py").read_text() == (
        "from shop.model import ParcelDispatched\n\n\ndef mark():\n    return ParcelDispatched()\n"
    )
    assert (tmp_path / "tests/test_model.py").read_text() == (
        "from shop.model import ParcelDispatched\n\n\ndef test_it():\n    return ParcelDispatched()\n"
    )
