"""The Python reader on small projects written for these tests: resolution across modules, what
counts and what must not, syntax errors and suppression comments."""

from __future__ import annotations

import re
import sys

import pytest

from msglint.lint.config import Config
from msglint.lint.run import lint
from msglint.model import EmitMode, Kind
from msglint.readers.python import (
    _MENTIONS,
    _MENTIONS_ANY,
    _PREFILTER,
    _WEAK,
    TEST_FOLDERS,
    _weak,
    anchored_words,
    is_test_code,
    module_name,
    prefix_tree,
    rarest_letter,
)
from tests.conftest import write


def system_of(tmp_path, files: dict[str, str], config: Config | None = None):
    write(tmp_path, "msglint.toml", "")
    for name, text in files.items():
        write(tmp_path, name, text)
    return lint([tmp_path], config or Config())


MARKERS = "class Command:\n    pass\n\n\nclass Event:\n    pass\n"


def test_module_names_for_flat_src_and_packages(tmp_path):
    root = str(tmp_path)
    assert module_name(str(tmp_path / "shop" / "events.py"), root) == ("shop.events", False)
    assert module_name(str(tmp_path / "src" / "shop" / "__init__.py"), root) == ("shop", True)
    assert module_name(str(tmp_path / "services" / "billing" / "src" / "billing" / "api.py"), root) == (
        "billing.api",
        False,
    )


def test_test_code_is_recognised():
    assert is_test_code("tests/test_orders.py")
    assert is_test_code("app/tests/helpers.py")
    assert is_test_code("conftest.py")
    assert not is_test_code("app/testimonials.py")
    assert is_test_code("app/test_fixtures/orders.py") and is_test_code("app/fixtures/orders.py")
    assert all("test" in folder or "fixture" in folder for folder in TEST_FOLDERS)  # what the quick test relies on


def test_names_resolve_across_modules_relative_imports_reexports_and_star_imports(tmp_path):
    result = system_of(
        tmp_path,
        {
            "shop/__init__.py": "from .events import OrderPlaced\n",
            "shop/base.py": MARKERS + "\n\nclass DomainEvent(Event):\n    pass\n",
            "shop/events.py": "from .base import DomainEvent\n\n\nclass OrderPlaced(DomainEvent):\n    order_id: str\n",
            "shop/commands.py": "from shop import base\n\n\nclass PlaceOrder(base.Command):\n    sku: str\n",
            "shop/star.py": "from shop.events import *\n",
            "shop/handlers.py": (
                "from . import commands\nfrom shop import OrderPlaced\n"
                "from shop.star import OrderPlaced as Placed\n\n\n"
                "def handle_place_order(command: commands.PlaceOrder):\n    return [OrderPlaced('1')]\n\n\n"
                "def on_order_placed(event: Placed):\n    pass\n"
            ),
        },
    )
    system = result.system
    assert system.messages["place_order"].kind == Kind.COMMAND
    assert system.messages["order_placed"].kind == Kind.EVENT
    assert [h.component for h in system.handlers_of("place_order")] == ["shop.handlers.handle_place_order"]
    assert [h.component for h in system.handlers_of("order_placed")] == ["shop.handlers.on_order_placed"]
    evidence = system.messages["order_placed"].kind_evidence()[0]
    assert evidence.detail == "inherits DomainEvent (shop.base.DomainEvent)"


def test_imports_from_a_source_root_below_the_project_root(tmp_path):
    # the repository root holds `backend/` and `frontend/`; Python code runs with `backend/` on its path, and
    # `billing/` has no `__init__.py`: inside the package `app` it is still `app.billing`
    result = system_of(
        tmp_path,
        {
            "backend/app/__init__.py": "",
            "backend/app/orders/__init__.py": "",
            "backend/app/orders/events.py": MARKERS + "\n\nclass OrderPlaced(Event):\n    sku: str\n",
            "backend/app/billing/handlers.py": (
                "from app.orders.events import OrderPlaced\n\n\ndef on_order_placed(event: OrderPlaced):\n    pass\n"
            ),
        },
    )
    assert [h.component for h in result.system.handlers_of("order_placed")] == ["app.billing.handlers.on_order_placed"]


def test_generic_bases_and_nested_event_classes(tmp_path):
    result = system_of(
        tmp_path,
        {
            "app/messages.py": (
                "from typing import Generic, TypeVar\n\nR = TypeVar('R')\n\n\n"
                "class Command(Generic[R]):\n    pass\n\n\n"
                "class ReserveSeat(Command[int]):\n    seat: str\n"
            ),
            "app/dogs.py": (
                "from eventsourcing.domain import Aggregate\n\n\nclass Dog(Aggregate):\n"
                "    class Registered(Aggregate.Created):\n        name: str\n"
            ),
        },
    )
    assert result.system.messages["reserve_seat"].kind == Kind.COMMAND
    assert result.system.messages["dog_registered"].name == "Dog.Registered"


def test_bare_names_from_unknown_libraries_are_not_markers(tmp_path):
    result = system_of(
        tmp_path,
        {
            "cli.py": "from click import Command\n\n\nclass Deploy(Command):\n    pass\n",
            "tool.py": (
                "import click\n\n\nclass Command(click.Command):\n    pass\n\n\nclass Rollback(Command):\n    pass\n"
            ),
            "gui.py": (
                "class Command:\n    def do(self):\n        pass\n\n    def undo(self):\n        pass\n\n\n"
                "class InsertText(Command):\n    text: str\n"
            ),
        },
    )
    assert result.system.messages == {}


def test_what_must_not_count(tmp_path):
    result = system_of(
        tmp_path,
        {
            "orders/messages.py": MARKERS + "\n\nclass PlaceOrder(Command):\n    sku: str\n",
            "orders/api.py": (
                "from pydantic import BaseModel\nfrom orders.messages import PlaceOrder\n\n\n"
                "class CreateOrderRequest(BaseModel):\n    sku: str\n\n\n"
                "def post_order(request: CreateOrderRequest, bus):\n    bus.handle(PlaceOrder(sku=request.sku))\n"
            ),
            "orders/article.py": (
                "class Article:\n    def publish(self):\n        return self\n\n\n"
                "def release(article: Article):\n    article.publish()\n"
            ),
            "tests/test_orders.py": (
                "from orders.messages import PlaceOrder\n\n\ndef handle_place_order(command: PlaceOrder):\n    pass\n"
            ),
        },
    )
    system = result.system
    assert set(system.messages) == {"place_order", "command", "event"} - {"command", "event"}
    assert system.handlers_of("place_order") == []
    [emission] = system.emissions_of("place_order")
    assert (emission.component, emission.mode, emission.source) == ("orders", EmitMode.UNKNOWN, "call handle(...)")


def test_database_models_and_value_objects_are_not_messages(tmp_path):
    result = system_of(
        tmp_path,
        {
            "calendar/models.py": (
                "from django.db import models\n\n\nclass Event(models.Model):\n    title = models.CharField()\n\n\n"
                "class ConcertEvent(Event):\n    band = models.CharField()\n"
            ),
            "calendar/tables.py": (
                "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\n"
                "class Event(Base):\n    __tablename__ = 'events'\n\n\nclass WorkshopEvent(Event):\n    room: str\n"
            ),
            "orders/commands.py": (
                "from dataclasses import dataclass\n\n\n@dataclass\nclass OrderLine:\n    sku: str\n\n\n"
                "@dataclass\nclass Allocate:\n    line: OrderLine\n"
            ),
        },
    )
    assert {key: m.name for key, m in result.system.messages.items()} == {"allocate": "Allocate"}


def test_include_tests_brings_test_code_in(tmp_path):
    from dataclasses import replace

    from msglint.lint.config import PythonConfig

    files = {
        "orders/messages.py": MARKERS + "\n\nclass PlaceOrder(Command):\n    sku: str\n",
        "tests/test_orders.py": (
            "from orders.messages import PlaceOrder\n\n\ndef handle_place_order(c: PlaceOrder):\n    pass\n"
        ),
    }
    result = system_of(tmp_path, files, replace(Config(), python=PythonConfig(include_tests=True)))
    assert [h.component for h in result.system.handlers_of("place_order")] == ["tests.test_orders.handle_place_order"]


def test_syntax_error_is_one_finding_and_the_rest_is_read(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "broken.py", "class Event:\n    pass\n\ndef oops(:\n    pass\n")
    write(tmp_path, "ok.py", "class Event:\n    pass\n\n\nclass SendEmail(Event):\n    to: str\n")
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    found = [(d["code"], d["location"]["path"], d["location"]["line"], d["message"]) for d in document["diagnostics"]]
    assert found[0][:3] == ("MSG901", "broken.py", 4)
    assert found[0][3].startswith("Python syntax error:")
    assert ("MSG101", "ok.py", 5) in [f[:3] for f in found]


def test_suppression_comments(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(
        tmp_path,
        "events.py",
        "class Event:\n    pass\n\n\n"
        "class SendEmail(Event):  # msglint: ignore[event-imperative-name]\n    to: str\n\n\n"
        "# msglint: ignore[MSG101]\nclass ShipOrder(Event):\n    sku: str\n\n\n"
        "class CacheCleared(Event):  # msglint: ignore[MSG101]\n    key: str\n",
    )
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    found = [(d["code"], d["location"]["line"]) for d in document["diagnostics"]]
    assert found == [("MSG103", 14), ("MSG903", 14)]


def test_inventory_says_how_each_use_was_recognised(run_cli):
    document = run_cli("check", "fixtures/python/plainbus", "--format", "json").json()
    place = next(m for m in document["messages"] if m["name"] == "PlaceOrder")
    assert {h["via"] for h in place["handlers"]} == {"registry COMMAND_HANDLERS"}
    assert [(e["component"], e["via"], e["mode"]) for e in place["emitters"]] == [
        ("shop", "call handle(...)", "unknown")
    ]


def test_project_conventions_from_configuration(run_cli):
    document = run_cli("check", "fixtures/python/custom_conventions", "--format", "json").json()
    inventory = {
        m["name"]: (
            m["kind"],
            sorted((h["component"], h["via"]) for h in m["handlers"]),
            sorted((e["via"], e["mode"]) for e in m["emitters"]),
        )
        for m in document["messages"]
    }
    assert inventory == {
        "ReceivePallet": (
            "command",
            [("warehouse.inbound.handlers.receive_pallet", "decorator @on (python.handler-decorators)")],
            [],
        ),
        "PalletReceived": (
            "event",
            [("warehouse.stock.handlers.put_away", "decorator @when (python.handler-decorators)")],
            [("call announce(...) (python.publish-calls)", "publish")],
        ),
        "ReserveStock": (
            "command",
            [
                ("warehouse.stock.handlers.reserve", "registry ROUTES"),
                ("warehouse.stock.handlers.reserve_from_overflow", "registry ROUTES"),
            ],
            [("call order(...) (python.send-calls)", "send")],
        ),
        "ShipmentDispatched": ("event", [], [("call announce(...) (python.publish-calls)", "publish")]),
        "PrintPackingSlip": (
            "event",
            [("warehouse.shipping.handlers.print_slip", "decorator @on (python.handler-decorators)")],
            [("call announce(...) (python.publish-calls)", "publish")],
        ),
        "StockLevel": ("query", [], []),
    }


def test_without_the_configuration_the_in_house_bus_is_not_guessed(tmp_path, run_cli):
    """The same code with no `[python]` table: `Instruction`/`Fact` are not known markers, so nothing is invented."""
    import shutil

    shutil.copytree(
        "fixtures/python/custom_conventions", tmp_path / "app", ignore=shutil.ignore_patterns(".msglint_cache")
    )
    (tmp_path / "app" / "msglint.toml").write_text("")
    document = run_cli("check", str(tmp_path / "app"), "--format", "json").json()
    assert (document["diagnostics"], document["messages"]) == ([], [])


def test_eventsourcing_policies_and_triggers(run_cli):
    document = run_cli("check", "fixtures/python/eventsourcing_app", "--format", "json").json()
    inventory = {
        m["name"]: (
            [(h["component"], h["via"]) for h in m["handlers"]],
            [(e["via"], e["location"]["line"]) for e in m["emitters"]],
        )
        for m in document["messages"]
    }
    assert inventory == {
        "Dog.AddTrick": ([("processing.Counters", "@policy.register")], [("call trigger_event(...)", 16)]),
        "Dog.Registered": ([("processing.Counters", "@policy.register (annotated parameter)")], []),
        "Dog.Renamed": (
            [("processing.Leaderboard", "isinstance() in a process application's policy()")],
            [("calling rename() triggers it (@event)", 12)],
        ),
    }


def test_a_file_in_an_unreadable_encoding_is_one_finding_even_without_message_words(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    (tmp_path / "wide.py").write_bytes("x = 1\n".encode("utf-16"))
    (tmp_path / "wrong_coding.py").write_bytes(b"# -*- coding: uft-8 -*-\nx = 1\n")
    (tmp_path / "latin.py").write_bytes(b"# -*- coding: latin-1 -*-\nname = '\xe9'\n")
    (tmp_path / "accent.py").write_bytes(b"x = 1\nnote = 'caf\xe9'\n")
    write(tmp_path, "plain.py", "x = 1\n")
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    found = [(d["code"], d["location"]["path"], d["location"]["line"]) for d in document["diagnostics"]]
    assert found == [("MSG901", "accent.py", 2), ("MSG901", "wide.py", 1), ("MSG901", "wrong_coding.py", 1)]
    accent = next(d for d in document["diagnostics"] if d["location"]["path"] == "accent.py")
    assert accent["location"]["column"] == 12
    messages = {d["location"]["path"]: d["message"] for d in document["diagnostics"]}
    assert messages["wrong_coding.py"] == "Python source cannot be decoded: unknown encoding: uft-8"
    assert messages["wide.py"] == (
        "Python source cannot be decoded: byte 0xff is not valid utf-8; save the file as UTF-8"
    )


def test_blinker_namespaces_and_connect_decorators(run_cli):
    document = run_cli("check", "fixtures/python/blinker_app", "--format", "json").json()
    inventory = {
        m["name"]: (
            m["kind"],
            sorted((h["component"], h["via"]) for h in m["handlers"]),
            [(e["component"], e["via"], e["mode"]) for e in m["emitters"]],
        )
        for m in document["messages"]
    }
    assert inventory == {
        "bake-bread": (
            "event",
            [("bakery.receivers.start_oven", "@bake_bread.connect")],
            [("bakery", "signal .send(...)", "publish")],
        ),
        "loaf-sold": (
            "event",
            [("bakery.receivers.count_stock", "loaf_sold.connect(...)")],
            [("bakery", "signal .send(...)", "publish")],
        ),
        "order-placed": (
            "event",
            [
                ("bakery.receivers.reserve_flour", "@order_placed.connect"),
                ("bakery.receivers.thank_web_customer", "@order_placed.connect_via"),
            ],
            [("bakery", "signal .send(...)", "publish")],
        ),
    }


def test_decorator_calls_are_not_part_of_the_function_body(tmp_path):
    import ast

    from msglint.readers.python.summary import summarise

    source = "@app.task(retry=send_alert())\ndef charge(order=default_order()):\n    gateway.capture(order)\n"
    summary = summarise(ast.parse(source), "billing", False, frozenset())
    assert [f.called for f in summary.functions] == [["capture"]]


def test_disguised_command_fix_shows_the_python_suppression_and_it_works(tmp_path, run_cli):
    import shutil

    shutil.copytree("fixtures/python/blinker_app", tmp_path / "app", ignore=shutil.ignore_patterns(".msglint_cache"))
    document = run_cli("check", str(tmp_path / "app"), "--format", "json").json()
    finding = next(d for d in document["diagnostics"] if d["code"] == "MSG202")
    assert finding["suggestion"].endswith(
        "if this is a genuine fact, keep it and add a `# msglint: ignore[disguised-command]` comment on the line "
        "that defines it"
    )
    signals = tmp_path / "app" / "bakery" / "signals.py"
    signals.write_text(
        signals.read_text().replace('("bake-bread")', '("bake-bread")  # msglint: ignore[disguised-command]')
    )
    document = run_cli("check", str(tmp_path / "app"), "--format", "json").json()
    assert [(d["code"], d["location"]["line"]) for d in document["diagnostics"]] == [("MSG301", 29), ("MSG101", 6)]


def test_an_alias_that_shadows_its_own_submodule_does_not_loop(tmp_path, run_cli):
    # pyparsing does this: `from .unicode import pyparsing_unicode as unicode` in the package's __init__
    write(tmp_path, "msglint.toml", "")
    init = "from .unicode import pyparsing_unicode as unicode\n\n\nclass Event:\n    pass\n"
    write(tmp_path, "pkg/__init__.py", init)
    write(tmp_path, "pkg/unicode.py", "class pyparsing_unicode:\n    class Latin1:\n        pass\n")
    write(
        tmp_path,
        "pkg/events.py",
        "from pkg import Event, unicode\n\n\nclass Weird(unicode.Latin1):\n    pass\n\n\n"
        "class OrderPlaced(Event):\n    sku: str\n",
    )
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    assert document["diagnostics"] == []
    assert [m["name"] for m in document["messages"]] == ["OrderPlaced"]


def test_nameko_rpc_proxies_send_the_commands_of_known_rpc_methods(run_cli):
    document = run_cli("check", "fixtures/python/nameko_app", "--format", "json").json()
    inventory = {
        m["name"]: (
            m["kind"],
            [(h["component"], h["via"]) for h in m["handlers"]],
            [(e["component"], e["via"], e["mode"], e["location"]["line"]) for e in m["emitters"]],
        )
        for m in document["messages"]
        if m["name"].startswith("stock.")
    }
    assert inventory == {
        "stock.reserve_stock": (
            "command",
            [("stock", "@rpc")],
            [("orders", "self.stock.reserve_stock(...) (RPC proxy)", "send", 13)],
        )
    }


def test_a_vendored_framework_still_reads_as_the_framework(tmp_path):
    result = system_of(
        tmp_path,
        {
            "vendor/blinker/__init__.py": "from blinker.base import Namespace, signal\n",
            "vendor/blinker/base.py": "class Namespace:\n    def signal(self, name):\n        return name\n",
            "app/signals.py": (
                "from blinker import Namespace\n\nsignals = Namespace()\n"
                "parcel_shipped = signals.signal('parcel-shipped')\n"
            ),
        },
    )
    assert [m.name for m in result.system.iter_messages()] == ["parcel-shipped"]


def test_a_python_cqrs_chain_of_responsibility_is_one_handler(tmp_path):
    links = "".join(
        f"class {name}(CORRequestHandler[Pay, None]):\n    async def handle(self, request: Pay):\n"
        "        return await self.next(request)\n\n\n"
        for name in ("CardHandler", "PayPalHandler")
    )
    result = system_of(
        tmp_path,
        {
            "billing/app.py": (
                "import cqrs\nfrom cqrs.requests.cor_request_handler import CORRequestHandler\n\n\n"
                "class Pay(cqrs.Request):\n    method: str\n\n\n"
                + links
                + "def mapper(m):\n    m.bind(Pay, [CardHandler, PayPalHandler])\n"
            ),
        },
    )
    assert [h.component for h in result.system.handlers_of("pay")] == ["billing.app.CardHandler"]
    assert [d.code for d in result.diagnostics if d.code == "MSG201"] == []


def test_faststream_queues_topics_and_publisher_objects(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(
        tmp_path,
        "shop/app.py",
        "from faststream.kafka import KafkaBroker\nfrom faststream.rabbit import RabbitBroker, RabbitQueue\n\n"
        "rabbit = RabbitBroker()\nkafka = KafkaBroker()\nshipments = RabbitQueue('ship-order', durable=True)\n"
        "invoices = kafka.publisher('send-invoice')\n\n\n"
        "@rabbit.subscriber(shipments)\nasync def ship_order(body: dict):\n    pass\n\n\n"
        "@rabbit.subscriber(RabbitQueue('cancel-order'))\nasync def cancel_order(body: dict):\n    pass\n\n\n"
        "@kafka.subscriber('order-shipped', 'order-cancelled')\nasync def audit(body: dict):\n    pass\n\n\n"
        "@kafka.subscriber('send-invoice')\nasync def send_invoice(body: dict):\n    pass\n\n\n"
        "async def checkout():\n    await rabbit.publish({}, queue='ship-order')\n"
        "    await invoices.publish({})\n",
    )
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    inventory = {
        m["name"]: (
            [h["component"] for h in m["handlers"]],
            [(e["component"], e["mode"], e["origin"]) for e in m["emitters"]],
        )
        for m in document["messages"]
    }
    assert inventory == {
        "cancel-order": (["shop.app.cancel_order"], []),
        "order-cancelled": (["shop.app.audit"], []),
        "order-shipped": (["shop.app.audit"], []),
        "send-invoice": (["shop.app.send_invoice"], [("shop", "unknown", "shop.app.checkout")]),
        "ship-order": (["shop.app.ship_order"], [("shop", "unknown", "shop.app.checkout")]),
    }
    assert document["diagnostics"] == []  # one consumer each: no command is "published"


def test_django_receiver_lists_and_async_sends_and_lato_execute_async(tmp_path):
    result = system_of(
        tmp_path,
        {
            "accounts/signals.py": (
                "from django.dispatch import Signal, receiver\n\nuser_registered = Signal()\nuser_left = Signal()\n\n\n"
                "@receiver([user_registered, user_left])\ndef audit(sender, **kwargs):\n    pass\n\n\n"
                "async def register():\n    await user_registered.asend(sender=None)\n"
            ),
            "shop/app.py": (
                "from lato import Application, Command\n\napp = Application('shop')\n\n\n"
                "class PlaceOrder(Command):\n    sku: str\n\n\n"
                "@app.handler(PlaceOrder)\ndef place(command):\n    pass\n\n\n"
                "async def main():\n    await app.execute_async(PlaceOrder(sku='x'))\n"
            ),
        },
    )
    system = result.system
    assert [h.component for h in system.handlers_of("user_registered")] == ["accounts.signals.audit"]
    assert [h.component for h in system.handlers_of("user_left")] == ["accounts.signals.audit"]
    assert [e.source for e in system.emissions_of("user_registered")] == ["signal .asend(...)"]
    assert [e.source for e in system.emissions_of("place_order")] == ["call execute_async(...)"]


def test_eventsourcing_bare_event_and_event_with_a_class(tmp_path):
    result = system_of(
        tmp_path,
        {
            "world/domain.py": (
                "from eventsourcing.domain import Aggregate, event\n\n\nclass World(Aggregate):\n"
                "    @event\n    def make_it_so(self, what: str):\n        pass\n\n"
                "    class SomethingHappened(Aggregate.Event):\n        what: str\n\n"
                "    @event(SomethingHappened)\n    def record(self, what: str):\n        pass\n"
            ),
        },
    )
    system = result.system
    assert {m.name: m.kind.value for m in system.iter_messages()} == {
        "World.MakeItSo": "event",
        "World.SomethingHappened": "event",
    }
    assert [e.source for e in system.emissions_of("world_something_happened")] == [
        "calling record() triggers it (@event)"
    ]
    assert [(d.code, d.location.line) for d in result.diagnostics] == [("MSG101", 5)]


def test_protean_projectors_and_process_managers_subscribe(tmp_path):
    result = system_of(
        tmp_path,
        {
            "shop/app.py": (
                "from protean import Domain, handle\nfrom protean.utils.mixins import on\n\n"
                "domain = Domain(__file__, 'shop')\n\n\n"
                "@domain.event(part_of='Order')\nclass OrderPlaced:\n    order_id: str\n\n\n"
                "@domain.projector(projector_for='OrderSummary', aggregates=['Order'])\nclass OrderSummaryProjector:\n"
                "    @on(OrderPlaced)\n    def on_order_placed(self, event):\n        pass\n\n\n"
                "@domain.process_manager(stream_categories=['order'])\nclass Fulfilment:\n"
                "    @handle(OrderPlaced, start=True, correlate='order_id')\n"
                "    def placed(self, event):\n        pass\n"
            ),
        },
    )
    assert sorted(h.component for h in result.system.handlers_of("order_placed")) == [
        "shop.app.Fulfilment",
        "shop.app.OrderSummaryProjector",
    ]


def test_python_cqrs_notification_events_are_known_by_their_event_name(tmp_path):
    result = system_of(
        tmp_path,
        {
            "meetings/handlers.py": (
                "import cqrs\n\n\nclass CloseMeetingHandler(cqrs.RequestHandler['CloseMeeting', None]):\n"
                "    async def handle(self, request):\n"
                "        self._events.append(\n"
                "            cqrs.NotificationEvent[dict](event_name='MeetingClosed', topic='meetings', payload={})\n"
                "        )\n"
            ),
        },
    )
    [emission] = result.system.emissions_of("meeting_closed")
    assert (emission.location.line, emission.mode.value, emission.origin) == (
        7,
        "publish",
        "meetings.handlers.CloseMeetingHandler.handle",
    )
    assert result.system.messages["meeting_closed"].kind.value == "event"


def test_eventsourcing_event_with_a_module_level_class(tmp_path):
    result = system_of(
        tmp_path,
        {
            "world/domain.py": (
                "from eventsourcing.domain import Aggregate, event\n\n\n"
                "class ThingRecorded(Aggregate.Event):\n    what: str\n\n\n"
                "class World(Aggregate):\n    @event(ThingRecorded)\n    def record(self, what: str):\n        pass\n"
            ),
        },
    )
    assert [e.source for e in result.system.emissions_of("thing_recorded")] == ["calling record() triggers it (@event)"]


def test_a_configured_publish_call_names_its_message_with_a_string(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", '[python]\npublish-calls = ["EventBus.publish_event"]\n')
    write(
        tmp_path,
        "kiosk.py",
        """\
class EventBus:
    def publish_event(self, key, data):
        print(key, data)


TICKET_REFUNDED = "ticket.refunded"


def main(seat):
    bus = EventBus()
    bus.publish_event("ticket.sold", {"seat": seat})
    bus.publish_event(TICKET_REFUNDED, {"seat": seat})
    bus.publish_event(f"ticket.{seat}", {})
""",
    )
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    assert sorted(
        (m["name"], [(e["component"], e["via"], e["location"]["line"]) for e in m["emitters"]])
        for m in document["messages"]
    ) == [
        ("ticket.refunded", [("kiosk", "call publish_event(...) (python.publish-calls)", 12)]),
        ("ticket.sold", [("kiosk", "call publish_event(...) (python.publish-calls)", 11)]),
    ]
    # the f-string names no message: that send stays unknown
    assert [(u["role"], u["location"]["line"]) for u in document["unresolved"]] == [("emit", 13)]


def test_the_prefilter_tree_matches_exactly_what_the_plain_alternation_matches():
    words = (*_PREFILTER, b"ab", b"abc", b"b")
    tree = re.compile(prefix_tree(words))
    plain = re.compile(b"|".join(map(re.escape, words)))
    texts = [w[:-1] for w in words] + [b"x" + w + b"y" for w in words] + [b"def on_", b"def on", b"raise", b""]

    assert prefix_tree((b"ab", b"abc", b"b")) == b"(?:ab(?:c)?|b)"
    assert [bool(tree.search(t)) for t in texts] == [bool(plain.search(t)) for t in texts]
    assert all(tree.search(b"x" + w + b"y") for w in words)
    assert not any(tree.search(t) for t in (b"def on", b"raise", b"", b"comman", b"even"))


def test_words_found_from_their_rarest_letter_match_exactly_what_the_plain_alternation_matches():
    words = (*_PREFILTER, *_WEAK, b"ab", b"abc", b"b", b"zz")
    anchored = re.compile(anchored_words(words))
    plain = re.compile(b"|".join(map(re.escape, words)))
    texts = [w[:-1] for w in words] + [w[1:] for w in words] + [b"x" + w + b"y" for w in words] + [b"", b"a b"]

    assert anchored_words((b"event", b"query")) == b"(?:query|v(?<=ev)ent)"
    assert (rarest_letter(b"event"), rarest_letter(b"kafka")) == (1, 0)  # the first of equally rare letters
    assert [bool(anchored.search(t)) for t in texts] == [bool(plain.search(t)) for t in texts]
    assert all(anchored.search(w, 1) for w in words if len(w) > 1 and rarest_letter(w) >= 1)  # looks behind pos


def test_a_weak_word_is_told_from_a_strong_one_by_its_match():
    assert not any(strong.endswith(weak) or weak.endswith(strong) for strong in _PREFILTER for weak in _WEAK)
    first = _MENTIONS_ANY.search(b"x = request.post; def process(): pass")
    assert first is not None and _weak(first) and first.start() == 6  # from `request`'s `q`
    assert not _MENTIONS.search(b"x = request.post; def process(): pass", first.start())
    assert _MENTIONS.search(b"x = request.post; publish(e)", first.start())
    assert not _weak(_MENTIONS_ANY.search(b"event = request"))


def test_columns_count_characters_not_utf8_bytes(tmp_path):
    # `é` is two bytes in UTF-8: ast's columns after it are one more than the characters an editor counts
    events = MARKERS + "\n\nclass OrderPlaced(Event):\n    pass\n\n\nclass OrderShipped(Event):\n    pass\n"
    api = (
        "from shop.events import OrderPlaced, OrderShipped\n\n\n"
        'def ship(bus):\n    bus.publish(OrderPlaced(note="café")); bus.publish(OrderShipped())\n'
    )
    result = system_of(tmp_path, {"shop/__init__.py": "", "shop/events.py": events, "shop/api.py": api})

    places = {
        message.name: [
            (e.location.line, e.location.column, e.location.end_column) for e in result.system.emissions_of(key)
        ]
        for key, message in result.system.messages.items()
    }

    assert places == {"OrderPlaced": [(5, 5, 42)], "OrderShipped": [(5, 44, 71)]}


def test_columns_count_characters_in_a_file_of_another_declared_encoding(tmp_path):
    events = MARKERS + "\n\nclass OrderShipped(Event):\n    pass\n"
    api = (
        "# -*- coding: latin-1 -*-\nfrom shop.events import OrderShipped\n\n\n"
        'def ship(bus):\n    note = "café"; bus.publish(OrderShipped())\n'
    )
    write(tmp_path, "shop/api.py", "")
    (tmp_path / "shop" / "api.py").write_bytes(api.encode("latin-1"))
    result = system_of(tmp_path, {"shop/__init__.py": "", "shop/events.py": events})

    [(key, _)] = result.system.messages.items()
    columns = sorted(e.location.column for e in result.system.emissions_of(key))

    assert columns == [20]  # ast says 21: the UTF-8 bytes of the line, whatever the file's encoding


def test_faststream_chained_publisher_on_a_broker_given_to_init(tmp_path, run_cli):
    # the broker's class under an alias, given to `__init__` annotated; `publisher("t").publish(x)` in one call;
    # a `publisher(...)` of an object that is no broker publishes nothing
    write(tmp_path, "msglint.toml", "")
    write(
        tmp_path,
        "shelf/app.py",
        "from faststream.rabbit import RabbitBroker, RabbitRouter\n\nAppBroker = RabbitBroker\n"
        "router = RabbitRouter(prefix='shelf_')\n\n\n"
        "@router.subscriber('add_book')\nasync def add_book(title: str) -> None:\n    pass\n",
    )
    write(
        tmp_path,
        "shelf/publishing.py",
        "from shelf.app import AppBroker\n\n\n"
        "class Shelf:\n    def __init__(self, broker: AppBroker, printer: Printer):\n"
        "        self.broker = broker\n        self.printer = printer\n\n"
        "    async def add(self, title: str) -> None:\n"
        "        await self.broker.publisher('shelf_add_book').publish(title)\n"
        "        await self.printer.publisher('shelf_print').publish(title)\n",
    )
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    inventory = {
        m["name"]: (
            [(h["location"]["path"], h["location"]["line"]) for h in m["handlers"]],
            [(e["location"]["path"], e["location"]["line"], e["origin"]) for e in m["emitters"]],
        )
        for m in document["messages"]
    }
    assert inventory == {
        "shelf_add_book": (
            [("shelf/app.py", 7)],
            [("shelf/publishing.py", 10, "shelf.publishing.Shelf.add")],
        )
    }


@pytest.mark.parametrize(
    ("newer", "code", "line", "complaint"),
    [
        (
            (3, 12),
            'def publish(options):\n    print(f"{options["target"]}/catalog.json")\n',
            2,
            "f-string: unmatched '[' (read as Python {version}; f-strings of Python 3.12 and later are valid there",
        ),
        (
            (3, 14),
            "def publish(bus):\n    try:\n        bus.send()\n    except KeyError, ValueError:\n        pass\n",
            4,
            "multiple exception types must be parenthesized (read as Python {version}; Python 3.14 and later accept "
            "`except A, B:`",
        ),
    ],
    ids=["f-string-3.12", "except-3.14"],
)
def test_code_only_a_newer_python_reads_is_a_warning_that_says_which_python_to_run(
    tmp_path, run_cli, newer, code, line, complaint
):
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "shop/tasks.py", code)
    result = run_cli("check", ".", "--format", "json", cwd=tmp_path)
    found = [(d["code"], d["severity"], d["location"]["line"], d["message"]) for d in result.json()["diagnostics"]]
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    said = f"this file could not be read: {complaint.format(version=version)}: run msglint with the Python the project"
    said += " uses)"
    assert found == ([] if sys.version_info >= newer else [("MSG901", "warning", line, said)])


def test_eventsourcing_8_events_nested_in_an_aggregate_root_and_triggered(tmp_path):
    # an aggregate's own `class Event(AggregateRoot.Event)` is the base of its events, not an event itself
    result = system_of(
        tmp_path,
        {
            "registry/__init__.py": "",
            "registry/domain.py": (
                "from eventsourcing.domain.model.aggregate import AggregateRoot\n\n\n"
                "class Company(AggregateRoot):\n"
                "    class Event(AggregateRoot.Event):\n        pass\n\n"
                "    def add_officer(self, name):\n"
                "        self.__trigger_event__(Company.OfficerAdded, name=name)\n\n"
                "    class OfficerAdded(Event):\n"
                "        def mutate(event, company):\n            company.officers.append(event.name)\n"
            ),
        },
    )
    system = result.system
    assert [
        (m.name, m.kind, [(e.origin, e.location.line) for e in system.emissions_of(key)])
        for key, m in system.messages.items()
    ] == [("Company.OfficerAdded", Kind.EVENT, [("registry.domain.Company.add_officer", 9)])]


def test_a_name_assigned_its_own_method_is_read_not_recursed_into(tmp_path, run_cli):
    # `session = session.post` made resolving `session` follow itself until the recursion limit: the file was lost
    write(tmp_path, "msglint.toml", "")
    write(
        tmp_path,
        "shop/http.py",
        "import requests\nfrom celery import shared_task\n\n\n@shared_task\ndef ship_order(order_id):\n    pass\n\n\n"
        "def call(url, method):\n    session = requests.Session()\n    if method == 'GET':\n"
        "        session = session.get\n    else:\n        session = session.post\n    return session(url)\n",
    )
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    assert [d["code"] for d in document["diagnostics"] if d["code"] == "MSG901"] == []
    assert [m["name"] for m in document["messages"]] == ["ship_order"]


def test_an_f_string_of_python_3_12_spanning_lines_is_a_warning_too(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "shop/tasks.py", 'def publish(data):\n    print(f"data: {\n        data}")\n')
    result = run_cli("check", ".", "--format", "json", cwd=tmp_path)
    found = [(d["code"], d["severity"], d["location"]["line"]) for d in result.json()["diagnostics"]]
    assert found == ([] if sys.version_info >= (3, 12) else [("MSG901", "warning", 2)])


def test_an_f_string_left_open_with_no_field_open_is_an_error_in_any_python(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "shop/tasks.py", 'def publish(data):\n    print(f"data: {data}\n')
    result = run_cli("check", ".", "--format", "json", cwd=tmp_path)
    found = [(d["code"], d["severity"], d["location"]["line"]) for d in result.json()["diagnostics"]]
    assert found == [("MSG901", "error", 2)]


def test_a_projects_own_signal_class_makes_signals(tmp_path):
    result = system_of(
        tmp_path,
        {
            "billing/signals.py": (
                "from django.dispatch import Signal, receiver\n\n\n"
                "class StrictSignal(Signal):\n    pass\n\n\n"
                "payment_refunded = StrictSignal()\n\n\n"
                "@receiver(payment_refunded)\ndef refund_order(sender, **kwargs):\n    pass\n\n\n"
                "def refund(order_id):\n    payment_refunded.send_robust(sender=None, order_id=order_id)\n"
            ),
        },
    )
    system = result.system
    assert [
        (m.name, m.kind, [h.component for h in system.handlers_of(key)], [e.origin for e in system.emissions_of(key)])
        for key, m in system.messages.items()
    ] == [("payment_refunded", Kind.EVENT, ["billing.signals.refund_order"], ["billing.signals.refund"])]
