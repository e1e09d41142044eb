"""Following a message from where it is built to where it goes: variables, lists, returns, forwarding
functions, direct handler calls, registries in every form, same-named classes, unresolved dispatch, and
the module names imports resolve against. Each test is a small project written for it; the assertions
are the exact inventory (who handles, who emits, how it was seen) or the exact findings."""

from __future__ import annotations

from msglint.lint.config import Config
from msglint.lint.run import lint
from tests.conftest import write

MESSAGES = """\
from dataclasses import dataclass


class Command:
    pass


class Event:
    pass


@dataclass
class PlaceOrder(Command):
    order_id: str


@dataclass
class ReserveStock(Command):
    sku: str


@dataclass
class OrderPlaced(Event):
    order_id: str


@dataclass
class StockReserved(Event):
    sku: str
"""


def run(tmp_path, files: dict[str, str], config: Config | None = None):
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "shop/__init__.py", "")
    write(tmp_path, "shop/messages.py", MESSAGES)
    for name, text in files.items():
        write(tmp_path, name, text)
    return lint([tmp_path], config or Config())


def emitters(result, name: str) -> list[tuple[str | None, str, int]]:
    system = result.system
    key = next(m.key for m in system.messages.values() if m.name == name)
    return sorted((e.origin, e.source, e.location.line) for e in system.emissions_of(key))


def handlers(result, name: str) -> list[tuple[str, str]]:
    system = result.system
    key = next(m.key for m in system.messages.values() if m.name == name)
    return sorted((h.component, h.source) for h in system.handlers_of(key))


def findings(result) -> list[tuple[str, str, int]]:
    return [(d.code, d.location.path.rpartition("/")[2], d.location.line) for d in result.diagnostics]


def test_a_message_reaches_its_send_through_variables_lists_and_loops(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/api.py": """\
from shop.messages import OrderPlaced, PlaceOrder


def place(bus):
    command = PlaceOrder("1")
    bus.handle(command)


def announce(bus, ids):
    events = []
    for order_id in ids:
        events.append(OrderPlaced(order_id))
    for event in events:
        bus.publish(event)
""",
        },
    )
    assert emitters(result, "PlaceOrder") == [("shop.api.place", "call handle(...)", 6)]
    assert emitters(result, "OrderPlaced") == [("shop.api.announce", "call publish(...)", 14)]


def test_a_function_that_passes_its_parameter_to_a_send_is_a_sender_across_modules(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/bus.py": """\
def forward(command):
    _send(command)


def _send(command):
    message_bus.handle(command)


def relay(events):
    for event in events:
        broker.publish(event)
""",
            "shop/api.py": """\
from shop import bus
from shop.bus import relay
from shop.messages import OrderPlaced, PlaceOrder


def post():
    bus.forward(PlaceOrder("1"))


def batch():
    relay([OrderPlaced("1"), OrderPlaced("2")])
""",
        },
    )
    assert emitters(result, "PlaceOrder") == [("shop.api.post", "call handle(...) through shop.bus.forward()", 7)]
    assert emitters(result, "OrderPlaced") == [("shop.api.batch", "call publish(...) through shop.bus.relay()", 11)]


def test_handlers_hand_on_what_they_return_and_a_direct_handler_call_is_a_send(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/handlers.py": """\
from shop.messages import OrderPlaced, PlaceOrder, ReserveStock, StockReserved


def place_order(command: PlaceOrder, uow):
    reserve(ReserveStock("sku-1"), uow)
    return [OrderPlaced(command.order_id)]


def reserve(command: ReserveStock, uow):
    yield StockReserved(command.sku)


HANDLERS = {PlaceOrder: place_order, ReserveStock: reserve}
""",
        },
    )
    assert emitters(result, "OrderPlaced") == [
        ("shop.handlers.place_order", "returned by a handler, for its bus to dispatch", 6)
    ]
    assert emitters(result, "StockReserved") == [
        ("shop.handlers.reserve", "returned by a handler, for its bus to dispatch", 10)
    ]
    assert emitters(result, "ReserveStock") == [
        ("shop.handlers.place_order", "direct call of its handler shop.handlers.reserve()", 5)
    ]


REGISTRY_HANDLERS = """\
from shop.messages import OrderPlaced, PlaceOrder, ReserveStock, StockReserved


def place_order(command):
    pass


def reserve(command):
    pass


def notify(event):
    pass


def audit(event):
    pass


class StockReservedHandler:
    def __call__(self, event):
        pass
"""


def test_registries_in_every_form(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/handlers.py": REGISTRY_HANDLERS,
            "shop/bootstrap.py": """\
import functools
from typing import Callable, Dict, Type

from shop import handlers
from shop.messages import Command, OrderPlaced, PlaceOrder, ReserveStock, StockReserved

COMMANDS: Dict[Type[Command], Callable] = {PlaceOrder: handlers.place_order}
COMMANDS[ReserveStock] = functools.partial(handlers.reserve)
EVENTS = dict([(OrderPlaced, [handlers.notify])])
EVENTS.update({StockReserved: handlers.StockReservedHandler()})


def build():
    return {OrderPlaced: lambda event: handlers.audit(event)}
""",
        },
    )
    assert handlers(result, "PlaceOrder") == [("shop.handlers.place_order", "registry COMMANDS")]
    assert handlers(result, "ReserveStock") == [("shop.handlers.reserve", "registry COMMANDS")]
    assert handlers(result, "OrderPlaced") == [
        ("shop.handlers.audit", "registry build()"),
        ("shop.handlers.notify", "registry EVENTS"),
    ]
    assert handlers(result, "StockReserved") == [("shop.handlers.StockReservedHandler", "registry EVENTS")]


def test_a_registry_filled_at_run_time_is_unresolved_and_no_finding_claims_no_handler(tmp_path):
    files = {
        "shop/api.py": """\
from shop.messages import PlaceOrder


def post(bus):
    bus.handle(PlaceOrder("1"))
""",
    }
    assert findings(run(tmp_path / "plain", files)) == [("MSG203", "messages.py", 13)]
    files["shop/bus.py"] = """\
class Bus:
    def __init__(self, discovered):
        self.handlers = {}
        for message_type, handler in discovered:
            self.handlers[message_type] = handler
"""
    result = run(tmp_path / "dynamic", files)
    assert findings(result) == []
    assert [(u.role, u.detail, u.location.line) for u in result.system.unresolved] == [
        ("receive", "Bus.handlers[message_type] = ...: handlers looked up at run time", 5)
    ]


def test_a_dispatch_by_computed_method_name_is_unresolved(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/consumer.py": """\
class Consumer:
    def receive(self, event):
        getattr(self, f"on_{type(event).__name__}")(event)
""",
        },
    )
    assert [(u.role, u.location.line) for u in result.system.unresolved] == [("receive", 3)]


def test_two_classes_with_one_name_are_two_messages(tmp_path):
    catalog = "from shop.messages import Event\n\n\nclass ItemAdded(Event):\n    sku: str\n"
    result = run(
        tmp_path,
        {
            "shop/catalog.py": catalog + "\n\ndef add(bus):\n    bus.publish(ItemAdded('a'))\n",
            "shop/cart.py": catalog + "\n\ndef add(bus):\n    bus.publish(ItemAdded('b'))\n",
        },
    )
    added = sorted(m.key for m in result.system.messages.values() if m.name == "ItemAdded")
    assert added == ["item_added@shop.cart", "item_added@shop.catalog"]
    assert all(len(result.system.emissions_of(key)) == 1 for key in added)
    assert "MSG204" not in [code for code, _, _ in findings(result)]
    assert result.system.notes == [
        "`ItemAdded` is the name of 2 different classes (shop.cart.ItemAdded, shop.catalog.ItemAdded); msglint keeps "
        "them apart as different messages"
    ]


def test_results_and_dtos_in_a_commands_module_are_not_messages(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/orders/__init__.py": "",
            "shop/orders/commands.py": """\
from dataclasses import dataclass


@dataclass
class CancelOrder:
    order_id: str


@dataclass
class CancelOrderResult:
    cancelled: bool


@dataclass
class OrderLineDto:
    sku: str
""",
        },
    )
    assert sorted(m.name for m in result.system.messages.values()) == [
        "CancelOrder",
        "OrderPlaced",
        "PlaceOrder",
        "ReserveStock",
        "StockReserved",
    ]


def test_a_package_folder_named_alone_resolves_its_own_absolute_imports(tmp_path):
    package = tmp_path / "mypkg"
    write(package, "orders/commands.py", "class Command:\n    pass\n\n\nclass PlaceOrder(Command):\n    id: str\n")
    write(
        package,
        "orders/handlers.py",
        "from mypkg.orders.commands import PlaceOrder\n\n\ndef handle_place_order(command: PlaceOrder):\n    pass\n",
    )
    write(package, "msglint.toml", "")
    result = lint([package], Config())
    assert handlers(result, "PlaceOrder") == [
        ("orders.handlers.handle_place_order", "handler function (first parameter annotated with the message)")
    ]


def test_a_long_sum_that_python_runs_does_not_lose_the_file(tmp_path):
    long_sum = " + ".join(["amount"] * 1500)
    result = run(
        tmp_path,
        {
            "shop/api.py": f"""\
from shop.messages import PlaceOrder


def total(amount):
    return {long_sum}


def post(bus):
    bus.handle(PlaceOrder("1"))
""",
        },
    )
    assert result.system.problems == []
    assert emitters(result, "PlaceOrder") == [("shop.api.post", "call handle(...)", 9)]


def test_imports_by_a_longer_name_resolve_through_the_root_folder_or_get_a_note(tmp_path):
    names = ["Cancel", "Place", "Ship", "Pay", "Refund", "Return"]
    files = {
        f"m{i}.py": f"class Command:\n    pass\n\n\nclass {n}Order(Command):\n    pass\n" for i, n in enumerate(names)
    }
    files.update({f"use{i}.py": f"from app.orders.m{i} import {n}Order  # command\n" for i, n in enumerate(names)})
    for name, text in files.items():
        write(tmp_path / "orders", name, text)
        write(tmp_path / "flat", name, text)
    assert lint([tmp_path / "orders"], Config()).system.notes == []
    assert lint([tmp_path / "flat"], Config()).system.notes == [
        "6 of 6 imports of the project's own packages did not resolve (for example `app.orders.m0.CancelOrder`), so "
        "messages, handlers and sends behind them may be missing: msglint names modules from their `__init__.py` "
        "folders, else from the project root (`root` in the configuration, the git work tree, or the folder "
        "named); check the folder you named, or set `root`"
    ]


def test_code_for_a_newer_python_with_type_parameters_is_still_read(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/generic.py": """\
from shop.messages import Command


class Handler[C: Command, R]:
    pass


type Callback[C] = Handler[C, None]


class CancelOrder[R](Command):
    order_id: str


def handle_cancel_order[T](command: CancelOrder) -> None:
    pass
""",
        },
    )
    assert result.system.problems == []
    assert handlers(result, "CancelOrder") == [
        ("shop.generic.handle_cancel_order", "handler function (first parameter annotated with the message)")
    ]


def test_a_handler_class_found_by_its_annotated_call_method(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/queries.py": """\
from shop.messages import ReserveStock


class ReserveStockHandler:
    def __call__(self, command: ReserveStock) -> None:
        pass
""",
        },
    )
    assert handlers(result, "ReserveStock") == [
        ("shop.queries.ReserveStockHandler", "handler function (first parameter annotated with the message)")
    ]


def test_nameko_standalone_proxy_calls_and_read_only_rpcs(tmp_path):
    result = run(
        tmp_path,
        {
            "carts/__init__.py": "",
            "carts/service.py": """\
from nameko.rpc import rpc


class Carts:
    name = "carts"

    @rpc
    def show(self, cart_id):
        pass

    @rpc
    def clear(self, cart_id):
        pass
""",
            "gateway.py": """\
from nameko.standalone.rpc import ClusterRpcProxy


def empty_cart(config, cart_id):
    with ClusterRpcProxy(config) as rpc:
        rpc.carts.clear(cart_id)
        return rpc.carts.show(cart_id)
""",
        },
    )
    kinds = {m.name: str(m.kind) for m in result.system.messages.values() if m.name.startswith("carts.")}
    assert kinds == {"carts.show": "query", "carts.clear": "command"}
    assert emitters(result, "carts.clear") == [("gateway.empty_cart", "ClusterRpcProxy().carts.clear(...)", 6)]


def test_an_event_sourced_aggregate_created_in_a_factory_classmethod(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/dog.py": """\
from eventsourcing.domain import Aggregate


class Dog(Aggregate):
    class Registered(Aggregate.Created):
        name: str

    @classmethod
    def register(cls, name):
        return cls._create(cls.Registered, name=name)
""",
        },
    )
    assert emitters(result, "Dog.Registered") == [("shop.dog.Dog.register", "call _create(...)", 10)]


def test_blinker_signals_of_one_name_are_one_message(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/a.py": 'from blinker import signal\n\nstarted = signal("app-started")\n\n\ndef boot(app):\n'
            "    started.send(app)\n",
            "shop/b.py": 'from blinker import signal\n\nstarted = signal("app-started")\n\n\n@started.connect\n'
            "def warm(app):\n    pass\n",
        },
    )
    [started] = [m for m in result.system.messages.values() if m.name == "app-started"]
    assert [h.component for h in result.system.handlers_of(started.key)] == ["shop.b.warm"]
    assert [e.origin for e in result.system.emissions_of(started.key)] == ["shop.a.boot"]


def test_messages_in_any_argument_outboxes_and_a_handler_dict_given_to_a_parent(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/service.py": """\
from shop.messages import OrderPlaced, StockReserved


class Topic:
    def __init__(self, name):
        self.name = name


def announce(bus, order_id):
    bus.send(Topic("orders"), OrderPlaced(order_id))


class Orders:
    def place(self, order_id):
        self.outbox.put(OrderPlaced(order_id))


class Stock(Consumer):
    def __init__(self):
        super().__init__("stock", {StockReserved: [self.restock]}, {KeyError: self.fail})

    def restock(self, event):
        pass
""",
        },
    )
    assert emitters(result, "OrderPlaced") == [
        ("shop.service.Orders.place", "call put(...)", 15),
        ("shop.service.announce", "call send(...)", 10),
    ]
    assert handlers(result, "StockReserved") == [("shop.service.Stock.restock", "registry a dict in __init__()")]
    assert result.system.unresolved == []


def test_the_text_report_counts_what_stayed_unresolved(tmp_path, run_cli):
    run(
        tmp_path,
        {
            "shop/bus.py": (
                "def route(registry, pairs):\n    for kind, handler in pairs:\n        registry[kind] = handler\n"
            )
        },
    )
    out = run_cli("check", ".", cwd=tmp_path).out
    assert (
        "note: 1 dispatch to handlers msglint cannot read (first: shop/bus.py:3:18, registry[kind] = ...: handlers "
        "looked up at run time), so no finding claims a message has no handler or a single subscriber; "
        "`--format json` lists them under `unresolved`, `[python]` settings can name them\n"
    ) in out


def test_what_a_review_found_stays_fixed(tmp_path):
    result = run(
        tmp_path,
        {
            # a name assigned twice, the second time from itself: followed to a fixed depth, not forever
            "shop/topics.py": "from faststream.rabbit import RabbitBroker, RabbitQueue\n\nbroker = RabbitBroker()\n"
            'Q = "orders"\nQ = RabbitQueue(Q)\n\n\n@broker.subscriber(Q)\nasync def on_order(body):\n    pass\n',
            # a handler kept in a local before it is registered
            "shop/wiring.py": "from shop.messages import ReserveStock\nfrom shop import stock\n\n\n"
            "def wire(handlers):\n    handler = stock.reserve\n    handlers[ReserveStock] = handler\n",
            "shop/stock.py": "def reserve(command):\n    pass\n",
            # the message passed on as the second argument and as a keyword
            "shop/relay.py": "from shop.messages import OrderPlaced\n\n\ndef relay(bus, event):\n"
            '    bus.publish("orders", event)\n\n\ndef tell(bus, event):\n    bus.publish(event=event)\n\n\n'
            'def go(bus):\n    relay(bus, OrderPlaced("1"))\n    tell(bus, OrderPlaced("2"))\n',
            # a tree walker is no message dispatch
            "shop/printer.py": "class Printer:\n    def visit(self, node):\n"
            '        getattr(self, "visit_" + type(node).__name__)(node)\n',
        },
    )
    assert result.system.problems == []
    assert handlers(result, "ReserveStock") == [("shop.stock.reserve", "registry handlers")]
    assert [e[0] for e in emitters(result, "OrderPlaced")] == ["shop.relay.go"]
    # the queue whose name was overwritten is honestly unknown; the tree walker is not a dispatch at all
    assert [(u.role, u.location.path.rpartition("/")[2], u.location.line) for u in result.system.unresolved] == [
        ("receive", "topics.py", 8)
    ]


def test_a_decorator_factory_applies_its_inner_subscription_where_it_is_used(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/broker.py": """\
from faststream.rabbit import RabbitBroker

broker = RabbitBroker("amqp://")


def typed_subscriber(queue, model):
    def deco(func):
        @broker.subscriber(queue)
        async def wrapper(raw):
            await func(model(raw))

        return wrapper

    return deco
""",
            "shop/notify.py": """\
from faststream.rabbit import RabbitQueue

from shop.broker import broker, typed_subscriber


@typed_subscriber(RabbitQueue("card-expiring"), dict)
async def warn_holder(notice):
    print(notice)


@typed_subscriber(model=dict, queue="card-renewed")
async def thank_holder(notice):
    print(notice)


async def nightly():
    await broker.publish({}, "card-expiring")
""",
        },
    )
    assert handlers(result, "card-expiring") == [("shop.notify.warn_holder", "@shop.broker.broker.subscriber(...)")]
    assert handlers(result, "card-renewed") == [("shop.notify.thank_holder", "@shop.broker.broker.subscriber(...)")]
    assert emitters(result, "card-expiring") == [
        ("shop.notify.nightly", "shop.broker.broker.publish(..., 'card-expiring')", 17)
    ]
    key = next(m.key for m in result.system.messages.values() if m.name == "card-expiring")
    assert [h.location.line for h in result.system.handlers_of(key)] == [6]  # where the factory is used
    assert result.system.unresolved == []  # the inner decorator, which names no queue, is not a subscriber


def test_a_decorator_factory_reached_through_an_alias_or_attached_to_the_broker(tmp_path):
    factory = """\
from faststream.kafka import KafkaBroker

broker = KafkaBroker()


def on_topic(topic):
    def deco(func):
        @broker.subscriber(topic)
        async def wrapper(raw):
            await func(raw)

        return wrapper

    return deco


broker.on_topic = on_topic
listens = on_topic
"""
    result = run(
        tmp_path,
        {
            "shop/broker.py": factory,
            "shop/audit.py": """\
from shop import broker as kafka
from shop.broker import broker, listens


@broker.on_topic("ledger-closed")
async def archive(raw):
    print(raw)


@listens("ledger-opened")
async def announce(raw):
    print(raw)


@kafka.broker.on_topic("ledger-audited")
async def file_report(raw):
    print(raw)
""",
        },
    )
    assert handlers(result, "ledger-closed") == [("shop.audit.archive", "@shop.broker.broker.subscriber(...)")]
    assert handlers(result, "ledger-opened") == [("shop.audit.announce", "@shop.broker.broker.subscriber(...)")]
    assert handlers(result, "ledger-audited") == [("shop.audit.file_report", "@shop.broker.broker.subscriber(...)")]
    assert result.system.unresolved == []


def test_an_app_built_by_a_factory_function_is_that_framework_s_app(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/app.py": """\
import faust


def create_app(name):
    app = faust.App(name, broker="kafka://")
    return app


app = create_app("shop")
""",
            "shop/stream.py": """\
from shop.app import app

readings = app.topic("meter-read")


@app.agent(readings)
async def tally(stream):
    async for reading in stream:
        print(reading)
""",
        },
    )
    assert handlers(result, "meter-read") == [("shop.stream.tally", "@app.agent(topic)")]


def test_a_message_chosen_by_a_conditional_expression_is_either_one(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/api.py": """\
from shop.messages import OrderPlaced, StockReserved


def settle(bus, order_id, sku):
    event = OrderPlaced(order_id) if order_id else StockReserved(sku)
    bus.publish(event)


def restock(bus, reserved, sku):
    bus.publish(reserved or StockReserved(sku))
""",
        },
    )
    assert emitters(result, "OrderPlaced") == [("shop.api.settle", "call publish(...)", 6)]
    assert emitters(result, "StockReserved") == [
        ("shop.api.restock", "call publish(...)", 10),
        ("shop.api.settle", "call publish(...)", 6),
    ]


def test_a_bound_send_kept_in_a_variable_is_a_send_where_it_is_called(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/tasks.py": """\
from celery import chain, shared_task


@shared_task
def weigh_parcel(parcel_id):
    return parcel_id


@shared_task
def label_parcel(parcel_id):
    return parcel_id


@shared_task
def ship_parcel(parcel_id):
    return parcel_id


weigh = weigh_parcel.s


def receive(parcel_id, urgent):
    if urgent:
        run_now = ship_parcel
    else:
        run_now = ship_parcel.delay
    run_now(parcel_id)
    queue_label = label_parcel.apply_async
    queue_label((parcel_id,))
    chain(weigh(parcel_id).set(queue="scales"), label_parcel.si(parcel_id)).apply_async()
""",
        },
    )
    assert emitters(result, "ship_parcel") == [("shop.tasks.receive", "call .delay(...)", 27)]
    assert [line for *_, line in emitters(result, "label_parcel")] == [29]
    assert [line for *_, line in emitters(result, "weigh_parcel")] == [30]


def test_a_commands_module_also_holds_what_its_messages_carry_and_fixed_labels(tmp_path):
    result = lint_files(
        tmp_path,
        {
            "bot/__init__.py": "",
            "bot/commands.py": """\
from dataclasses import dataclass


@dataclass
class RefundLine:
    sku: str
    quantity: int


@dataclass
class RefundOrder:
    order_id: str
    lines: list[RefundLine]
    note: "RefundNote | None" = None


@dataclass
class RefundNote:
    text: str


@dataclass(frozen=True)
class MenuCommands:
    refunds: str = "Refunds"


@dataclass(frozen=True)
class RefundCommand:
    label: str = "Ask for a refund"
""",
        },
    )
    assert sorted(m.name for m in result.system.messages.values()) == ["RefundOrder"]


def lint_files(tmp_path, files: dict[str, str]):
    write(tmp_path, "msglint.toml", "")
    for name, text in files.items():
        write(tmp_path, name, text)
    return lint([tmp_path], Config())


def test_services_that_run_from_their_own_folders_keep_their_same_named_modules_apart(tmp_path):
    def service(topic: str, other: str) -> dict[str, str]:
        return {
            "stream.py": 'from faststream.kafka import KafkaBroker\n\nbroker = KafkaBroker("kafka://")\n',
            "utils/topics.py": f'from enum import StrEnum\n\n\nclass Topic(StrEnum):\n    MINE = "{topic}"\n'
            f'    SHARED = "{other}"\n',
            "consumers.py": """\
from stream import broker
from utils.topics import Topic


@broker.subscriber(Topic.MINE)
async def on_mine(message: dict) -> None:
    await broker.publish(message, topic=Topic.SHARED)
""",
        }

    files = {f"billing/src/{name}": text for name, text in service("charge-card", "bill-ready").items()}
    files |= {f"shipping/src/{name}": text for name, text in service("pack-parcel", "bill-ready").items()}
    result = lint_files(tmp_path, files)
    assert handlers(result, "charge-card") == [
        ("billing.src.consumers.on_mine", "@billing.src.stream.broker.subscriber(...)")
    ]
    assert handlers(result, "pack-parcel") == [
        ("shipping.src.consumers.on_mine", "@shipping.src.stream.broker.subscriber(...)")
    ]
    assert emitters(result, "bill-ready") == [
        ("billing.src.consumers.on_mine", "billing.src.stream.broker.publish(..., 'bill-ready')", 7),
        ("shipping.src.consumers.on_mine", "shipping.src.stream.broker.publish(..., 'bill-ready')", 7),
    ]
    assert result.system.unresolved == []


def test_an_import_names_the_module_beside_the_code_that_runs_it(tmp_path):
    topics = "from enum import StrEnum\n\n\nclass Topic(StrEnum):\n    {members}\n"
    consumer = """\
from faststream.kafka import KafkaBroker

from utils.enums import Topic

broker = KafkaBroker()


@broker.subscriber(Topic.{member})
async def on_it(message: dict) -> None:
    print(message)
"""
    result = lint_files(
        tmp_path,
        {
            "order/src/__init__.py": "",  # a package by its marker, yet run from inside: imports are `utils...`
            "order/src/utils/enums.py": topics.format(members='CONFIRM = "confirm-order"'),
            "order/src/consumers.py": consumer.format(member="CONFIRM"),
            "delivery/src/utils/enums.py": topics.format(members='ASSIGN = "assign-courier"'),
            "delivery/src/consumers.py": consumer.format(member="ASSIGN"),
        },
    )
    assert handlers(result, "confirm-order") == [("src.consumers.on_it", "@src.consumers.broker.subscriber(...)")]
    assert handlers(result, "assign-courier") == [("consumers.on_it", "@consumers.broker.subscriber(...)")]
    assert result.system.unresolved == []


def test_a_top_level_name_is_one_module_for_every_import_of_it_in_a_file(tmp_path):
    routes = """\
from app import settings
from app.config.events import events
from app.errors import AuthenticationError  # a module msglint does not read: it constrains nothing
from app.messages import UserLoggedIn


async def login(user_id: int) -> None:
    await events.emit(UserLoggedIn(user_id=user_id))
"""
    result = lint_files(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/settings.py": "DEBUG = False\n",
            "app/messages.py": "class Event:\n    pass\n\n\nclass UserLoggedIn(Event):\n    user_id: int\n",
            "app/config/__init__.py": "",
            "app/config/events.py": (
                "class Dispatcher:\n    async def emit(self, event):\n        pass\n\n\nevents = Dispatcher()\n"
            ),
            "app/api/__init__.py": "",
            "app/api/app.py": "from fastapi import FastAPI\n\napplication = FastAPI()  # the sibling `app`: event\n",
            "app/api/auth/__init__.py": "",
            "app/api/auth/routes.py": routes,
        },
    )
    assert emitters(result, "UserLoggedIn") == [("app.api.auth.routes.login", "call emit(...)", 8)]
    assert result.system.unresolved == []


def test_a_plain_module_beside_the_file_is_not_the_package_an_import_names(tmp_path):
    bus = (
        "class Command:\n    pass\n\n\nclass MessageBus:\n    def __init__(self, handlers):\n"
        "        self.handlers = handlers\n\n    def handle(self, message):\n"
        "        self.handlers[type(message)](message)\n"
    )
    result = lint_files(
        tmp_path,
        {
            "bus.py": bus,
            "orders/__init__.py": "",
            "orders/commands.py": "from bus import Command\n\n\nclass ChargeCustomer(Command):\n    pass\n",
            "orders/api.py": (
                "from orders.commands import ChargeCustomer\n\n\ndef checkout(bus):\n    bus.handle(ChargeCustomer())\n"
            ),
            "billing/__init__.py": "",
            # billing/orders.py holds names, not a `commands` module: the import is the top-level package
            "billing/orders.py": 'BILLABLE_EVENTS = ("placed", "amended")\n',
            "billing/handlers.py": (
                "from orders.commands import ChargeCustomer\n\n\n"
                "def handle_charge_customer(command: ChargeCustomer) -> None:\n    print(command)\n"
            ),
        },
    )
    assert handlers(result, "ChargeCustomer") == [
        ("billing.handlers.handle_charge_customer", "handler function (first parameter annotated with the message)")
    ]
    assert findings(result) == []


def test_a_handler_marked_for_type_checkers_is_still_a_handler(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/handlers.py": """\
from typing import override

from shop.messages import PlaceOrder


class CommandHandler:
    def handle(self, command) -> None: ...


class PlaceOrderHandler(CommandHandler):
    @override
    def handle(self, command: PlaceOrder) -> None: ...


def endpoint(bus) -> None:
    bus.dispatch(PlaceOrder("1"))
""",
        },
    )
    assert handlers(result, "PlaceOrder") == [
        ("shop.handlers.PlaceOrderHandler", "handler function (first parameter annotated with the message)")
    ]
    assert findings(result) == []


def test_an_implementation_registered_on_a_single_dispatch_function_handles_its_type(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/dispatch.py": """\
from functools import singledispatch


@singledispatch
def run(message):
    raise NotImplementedError
""",
            "shop/orders.py": """\
from shop.dispatch import run
from shop.messages import PlaceOrder, ReserveStock


class ReserveStockHandler:
    def handle(self, command: ReserveStock) -> None: ...


@run.register(PlaceOrder)
def place(command):
    ...


@run.register
def _reserve(command: ReserveStock):
    handler = ReserveStockHandler()
    return handler.handle(command)


def endpoint() -> None:
    run(PlaceOrder("1"))
    run(ReserveStock("sku"))
""",
        },
    )
    via = "registered for its type on the single-dispatch function run()"
    assert handlers(result, "PlaceOrder") == [("shop.orders.place", via)]
    # the registered function hands the command on to a handler class: one logical handler, not two
    assert [h[0] for h in handlers(result, "ReserveStock")] == ["shop.orders.ReserveStockHandler"]
    assert emitters(result, "PlaceOrder") == [("shop.orders.endpoint", "call run(...)", 21)]
    assert findings(result) == []


def test_a_subscription_naming_a_message_without_a_handler_is_unresolved_not_absent(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/worker.py": """\
import pulsar
from pulsar.schema import AvroSchema

from shop.messages import PlaceOrder


def request(client) -> None:
    client.create_producer("orders").send(PlaceOrder("1"))


def listen(client) -> None:
    consumer = client.subscribe("orders", "order-service", schema=AvroSchema(PlaceOrder))
    while True:
        consumer.acknowledge(consumer.receive())
""",
        },
    )
    assert [(u.role, u.location.line, u.message_keys) for u in result.system.unresolved] == [
        ("receive", 12, ("place_order",))
    ]
    assert result.system.unresolved[0].detail == (
        "client.subscribe(...) subscribes to PlaceOrder with no handler msglint can read"
    )
    assert findings(result) == []  # no "PlaceOrder has no handler"


def test_the_name_of_the_projects_own_helper_does_not_say_how_it_delivers(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/dispatcher.py": """\
from shop.messages import PlaceOrder


class Dispatcher:
    def _publish_message(self, message, topic):
        self.client.create_producer(topic).send(message)

    def order(self) -> None:
        self._publish_message(PlaceOrder("1"), "orders")


def handle_place_order(command: PlaceOrder) -> None: ...
""",
        },
    )
    system = result.system
    assert [(e.mode.value, e.location.line) for e in system.emissions_of("place_order")] == [("unknown", 9)]
    assert findings(result) == []  # not "a command published" on the helper's name alone


def test_a_marker_base_built_on_a_base_from_an_unread_module_of_the_project_is_still_a_marker(tmp_path):
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "shared/__init__.py", "")
    write(tmp_path, "shared/interface.py", "from abc import ABC\n\n\nclass Interface(ABC):\n    pass\n")
    write(tmp_path, "shared/command.py", "from shared.interface import Interface\n\n\nclass Command(Interface): ...\n")
    write(tmp_path, "loans/__init__.py", "")
    write(
        tmp_path,
        "loans/renew.py",
        "from shared.command import Command\n\n\nclass RenewLoan(Command): ...\n\n\n"
        "def handle_renew_loan(command: RenewLoan) -> None: ...\n\n\n"
        "def renew(command_bus) -> None:\n    command_bus.dispatch(RenewLoan())\n",
    )
    result = lint([tmp_path], Config())
    # `shared/interface.py` names no message, so it is not parsed; its class is still the project's own
    assert [(m.name, m.kind.value) for m in result.system.messages.values()] == [("RenewLoan", "command")]
    assert handlers(result, "RenewLoan") == [
        ("loans.renew.handle_renew_loan", "handler function (first parameter annotated with the message)")
    ]


def test_the_last_star_import_of_a_name_is_the_one_python_uses(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/events/__init__.py": "from .old import *  # noqa: F403\nfrom .current import *  # noqa: F403\n",
            "shop/events/old.py": "from shop.messages import Event\n\n\nclass StockCounted(Event): ...\n",
            "shop/events/current.py": "from shop.messages import Event\n\n\nclass StockCounted(Event): ...\n",
            "shop/counting.py": """\
from shop.events import StockCounted


def count(bus) -> None:
    bus.publish(StockCounted())
""",
        },
    )
    assert [(e.message_key, e.location.line) for e in result.system.emissions] == [
        ("stock_counted@shop.events.current", 5)
    ]


def test_a_mediators_own_way_in_is_a_send_but_a_handlers_method_is_not(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/api.py": """\
from shop.messages import PlaceOrder, ReserveStock


class PlaceOrderHandler:
    async def handle(self, command: PlaceOrder) -> None:
        await self.handle_command(ReserveStock("sku"))


async def place(mediator) -> None:
    await mediator.handle_command(PlaceOrder("1"))
""",
        },
    )
    assert [(e.origin, e.mode.value) for e in result.system.emissions_of("place_order")] == [
        ("shop.api.place", "unknown")
    ]
    assert result.system.emissions_of("reserve_stock") == []


def test_a_module_level_alias_of_a_class_stands_for_that_class(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/bases.py": "from shop.messages import Command\n\nOrderCommand = Command\n",
            "shop/orders.py": """\
from shop.bases import OrderCommand


class CancelOrder(OrderCommand): ...


def handle_cancel_order(command: CancelOrder) -> None: ...
""",
        },
    )
    message = next(m for m in result.system.messages.values() if m.name == "CancelOrder")
    assert message.kind.value == "command"
    assert handlers(result, "CancelOrder") == [
        ("shop.orders.handle_cancel_order", "handler function (first parameter annotated with the message)")
    ]


def test_a_class_of_a_commands_module_whose_name_may_read_as_an_order_is_a_command(tmp_path):
    write(tmp_path, "msglint.toml", "")
    write(
        tmp_path,
        "shelves/commands.py",
        "from dataclasses import dataclass\n\n\n@dataclass\nclass BuildShelf:\n    shelf_id: str\n\n\n"
        "@dataclass\nclass ShelfSize:\n    width: int\n\n\n@dataclass\nclass BatchSize:\n    value: int\n",
    )
    tenants = "import dataclasses\n\n\n@dataclasses.dataclass\nclass RegisteredTenant:\n    id: str\n"
    write(tmp_path, "tenants/events.py", tenants)
    result = lint([tmp_path], Config())
    # 'build' is about as often a noun ("a build"), but here it is an order; `ShelfSize` has no such reading, and
    # in `BatchSize` (a value) 'batch' is seldom the verb
    assert sorted((m.name, m.kind.value) for m in result.system.messages.values()) == [
        ("BuildShelf", "command"),
        ("RegisteredTenant", "event"),  # an adjective first may be the fact (0.3), as in an events module
    ]


def test_a_policy_that_tests_the_type_with_is_handles_that_type(tmp_path):
    write(tmp_path, "msglint.toml", "")
    write(
        tmp_path,
        "garden.py",
        """\
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.system import ProcessApplication


class Plant(Aggregate):
    @event("Planted")
    def __init__(self, species: str) -> None:
        self.species = species


class Garden(Application):
    def plant(self, species: str):
        self.save(Plant(species))


class Catalogue(ProcessApplication):
    def policy(self, domain_event, processing_event):
        if type(domain_event) is Plant.Planted:
            print(domain_event.species)
""",
    )
    result = lint([tmp_path], Config())
    assert [(h.component, h.location.line) for h in result.system.handlers_of("plant_planted")] == [
        ("garden.Catalogue", 18)
    ]


def test_a_function_handed_to_a_registration_call_handles_what_its_first_parameter_names(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/wiring.py": """\
from pydispatch import dispatcher

from shop.messages import OrderPlaced


def notify_warehouse(event: OrderPlaced) -> None: ...


def audit(entry: str) -> None: ...


dispatcher.connect(notify_warehouse, signal="order-placed")
dispatcher.connect(audit, signal="audit")


def place(order_id: str) -> None:
    dispatcher.send(signal="order-placed", event=OrderPlaced(order_id))
""",
        },
    )
    assert handlers(result, "OrderPlaced") == [
        ("shop.wiring.notify_warehouse", "handed to connect(...), its first parameter annotated with the message")
    ]


def test_a_handler_registered_as_a_call_is_what_the_call_gives_not_the_function_called(tmp_path):
    # `get_handler("...")` looks the handler up: the handler is unknown there, not `get_handler`; a factory that
    # returns a handler class's instance registers that class
    result = run(
        tmp_path,
        {
            "shop/handlers.py": """\
from shop.messages import PlaceOrder, ReserveStock


class PlaceOrderHandler:
    def handle(self, command: PlaceOrder) -> None:
        pass


class Reserver:
    def handle(self, command) -> None:
        pass


def get_handler(name):
    return {"PlaceOrderHandler": PlaceOrderHandler()}[name]


def reserver(uow):
    return Reserver()
""",
            "shop/wiring.py": """\
from shop.handlers import get_handler, reserver
from shop.messages import PlaceOrder, ReserveStock


def wire(bus, uow):
    bus.register(PlaceOrder, get_handler("PlaceOrderHandler"))
    bus.register(ReserveStock, reserver(uow))
""",
        },
    )
    assert findings(result) == []
    annotated = "handler function (first parameter annotated with the message)"
    assert handlers(result, "PlaceOrder") == [("shop.handlers.PlaceOrderHandler", annotated)]
    assert handlers(result, "ReserveStock") == [("shop.handlers.Reserver", "call register(...)")]
    assert [(u.role, u.detail, u.location.line, u.message_keys) for u in result.system.unresolved] == [
        ("receive", "register(...) registers a handler made by shop.handlers.get_handler(...)", 6, ("place_order",))
    ]


def test_a_use_case_a_handler_hands_its_command_to_is_part_of_that_handler(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/orders.py": """\
from shop.messages import PlaceOrder


class PlaceOrderUseCase:
    def execute(self, command: PlaceOrder) -> None:
        pass


class PlaceOrderHandler:
    def __init__(self) -> None:
        self.use_case = PlaceOrderUseCase()

    def handle(self, command: PlaceOrder) -> None:
        self.use_case.execute(command)


def post(bus):
    bus.handle(PlaceOrder("1"))
""",
        },
    )
    assert findings(result) == []
    annotated = "handler function (first parameter annotated with the message)"
    assert handlers(result, "PlaceOrder") == [("shop.orders.PlaceOrderHandler", annotated)]


def test_a_method_a_registering_decorator_marks_handles_what_its_first_parameter_is_annotated_with(tmp_path):
    # `@MessageHandler.register` (a library's) over a method named for the domain, not for handling; a
    # `register` that names its message, or one of a singledispatch function, is read elsewhere
    result = run(
        tmp_path,
        {
            "shop/orders.py": """\
from depot import MessageHandler

from shop.messages import PlaceOrder, ReserveStock


class Orders(MessageHandler):
    @MessageHandler.register
    def place(self, command: PlaceOrder, repository) -> None:
        pass

    @MessageHandler.register(ReserveStock)
    @log_calls
    def reserve(self, command: ReserveStock) -> None:
        pass


def post(bus):
    bus.handle(PlaceOrder("1"))
""",
        },
    )
    annotated = "handler function (first parameter annotated with the message)"
    assert handlers(result, "PlaceOrder") == [("shop.orders.Orders", annotated)]
    assert handlers(result, "ReserveStock") == []


def test_a_register_decorator_of_no_handler_registry_registers_no_handler(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/admin.py": """\
import functools

from shop.messages import PlaceOrder

registry = Registry()


class Audit:
    @registry.register
    def record(self, command: PlaceOrder) -> None:
        print(command)


class Serializer:
    @functools.singledispatchmethod
    def to_dict(self, message):
        raise TypeError(message)

    @to_dict.register
    def _(self, message: PlaceOrder) -> dict:
        return {}
""",
            "shop/handlers.py": """\
from shop.messages import PlaceOrder


def place_order(command: PlaceOrder) -> None:
    pass


HANDLERS = {PlaceOrder: place_order}
""",
        },
    )
    assert handlers(result, "PlaceOrder") == [("shop.handlers.place_order", "registry HANDLERS")]
    assert findings(result) == []


def test_a_register_decorator_of_an_instance_of_a_handler_registry_registers_a_handler(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/registry.py": """\
class HandlerRegistry:
    def __init__(self) -> None:
        self._handlers = {}

    def register(self, function):
        self._handlers[next(iter(function.__annotations__.values()))] = function
        return function


registry = HandlerRegistry()
""",
            "shop/shipping.py": """\
from shop.messages import ReserveStock
from shop.registry import registry


@registry.register
def reserve(command: ReserveStock) -> None:
    print(command.sku)
""",
        },
    )
    assert handlers(result, "ReserveStock") == [
        ("shop.shipping.reserve", "handler function (first parameter annotated with the message)")
    ]


def test_a_query_asked_of_a_bus_through_an_inherited_forwarding_method_is_sent(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/queries.py": """\
class Query:
    pass


class GetStock(Query):
    pass


class GetStockHandler:
    def handle(self, query: GetStock) -> dict:
        return {}
""",
            "shop/api.py": """\
from shop.queries import GetStock, Query


class ApiController:
    def ask(self, query: Query):
        return self.query_bus.ask(query)


class GetStockController(ApiController):
    def get(self, request):
        return self.ask(GetStock())

    def report(self, session):
        return session.query(GetStock)
""",
        },
    )
    assert emitters(result, "GetStock") == [("shop.api.GetStockController.get", "call ask(...) through self.ask()", 11)]


def test_an_aggregate_applies_an_event_its_name_says_is_one_and_a_command_writer_writes_a_command(tmp_path):
    # no marker base: `FundsDepositedEvent` is an event by its name alone; `apply` of something else records nothing
    result = run(
        tmp_path,
        {
            "bank/__init__.py": "",
            "bank/messages.py": """\
from pydantic import BaseModel


class Message(BaseModel):
    pass


class FundsDepositedEvent(Message):
    amount: int


class DepositFunds(Message):
    amount: int
""",
            "bank/account.py": """\
from bank.messages import DepositFunds, FundsDepositedEvent


class Account:
    def deposit(self, amount: int) -> None:
        self.apply(FundsDepositedEvent(amount=amount))

    def handle(self, command: DepositFunds) -> None:
        self.apply(DepositFunds(amount=command.amount))


def transfer(account_command_writer) -> None:
    account_command_writer.write(account_id="a", command=DepositFunds(amount=5))
""",
        },
    )
    assert emitters(result, "FundsDepositedEvent") == [("bank.account.Account.deposit", "call apply(...)", 6)]
    assert emitters(result, "DepositFunds") == [("bank.account.transfer", "call write(...)", 13)]


def test_a_singledispatch_function_not_named_as_a_way_in_is_no_bus(tmp_path):
    # `describe` formats messages for logs by type: its implementation for PlaceOrder handles nothing, and
    # calling it sends nothing
    result = run(
        tmp_path,
        {
            "shop/service.py": """\
from functools import singledispatch

from shop.messages import PlaceOrder


def handle_place_order(command: PlaceOrder) -> None:
    print(describe(command))


@singledispatch
def describe(message) -> str:
    return "?"


@describe.register
def _(message: PlaceOrder) -> str:
    return message.order_id
""",
        },
    )
    annotated = "handler function (first parameter annotated with the message)"
    assert handlers(result, "PlaceOrder") == [("shop.service.handle_place_order", annotated)]
    assert emitters(result, "PlaceOrder") == []


def test_the_projects_own_publish_is_taken_at_its_word_unless_its_body_sends_through_a_call_msglint_reads(tmp_path):
    # `publish` calls each subscriber itself: a publication (a command published is MSG205); `_deliver` sends
    # through `bus.send`, so its name says nothing and what it sends is read through it
    result = run(
        tmp_path,
        {
            "shop/events.py": """\
from shop.messages import PlaceOrder, ReserveStock

_subscribers = []


def publish(message) -> None:
    for subscriber in _subscribers:
        subscriber(message)


def _publish_reliably(message, bus) -> None:
    bus.send(message)


def checkout(order_id: str, bus) -> None:
    publish(PlaceOrder(order_id))
    _publish_reliably(ReserveStock("sku"), bus)
""",
        },
    )
    assert [f for f in findings(result) if f[0] == "MSG205"] == [("MSG205", "events.py", 16)]


def test_a_subscription_handing_over_a_bound_method_is_no_unread_receive(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/wiring.py": """\
from shop.messages import OrderPlaced


class Notifier:
    def on_order_placed(self, event: OrderPlaced) -> None:
        print(event)


def wire(bus) -> None:
    notifier = Notifier()
    bus.subscribe(OrderPlaced, notifier.on_order_placed)
""",
        },
    )
    assert result.system.unresolved == []


def test_a_function_handed_to_run_later_with_a_message_sends_it_where_it_is_handed(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/api.py": """\
import asyncio

from shop.messages import PlaceOrder, ReserveStock


def send_to_bus(command, bus) -> None:
    bus.handle(command)


def post(background_tasks, bus) -> None:
    background_tasks.add_task(send_to_bus, PlaceOrder("1"), bus)


async def reserve(bus) -> None:
    await asyncio.to_thread(send_to_bus, ReserveStock("sku"), bus)
""",
        },
    )
    assert emitters(result, "PlaceOrder") == [("shop.api.post", "call handle(...) through shop.api.send_to_bus()", 11)]
    assert emitters(result, "ReserveStock") == [
        ("shop.api.reserve", "call handle(...) through shop.api.send_to_bus()", 15)
    ]


def test_a_receiver_connected_by_its_imported_name_is_unresolved_so_no_finding_claims_no_handler(tmp_path):
    files = {
        "shop/api.py": """\
from shop.messages import PlaceOrder


def post(bus):
    bus.handle(PlaceOrder("1"))
""",
    }
    assert findings(run(tmp_path / "plain", files)) == [("MSG203", "messages.py", 13)]
    files["shop/apps.py"] = """\
from django.utils.module_loading import import_string


def ready(settings, bus):
    for receiver_path in settings.RECEIVERS:
        bus.subscribe(import_string(receiver_path))
"""
    result = run(tmp_path / "wired", files)
    assert findings(result) == []
    assert [(u.role, u.detail, u.location.line) for u in result.system.unresolved] == [
        ("receive", "subscribe(...) of a function imported by its name: handlers looked up at run time", 6)
    ]


def test_a_receiver_connected_by_name_to_a_librarys_signal_does_not_hide_a_command_without_handler(tmp_path):
    files = {
        "shop/api.py": "from shop.messages import PlaceOrder\n\n\ndef post(bus):\n    bus.handle(PlaceOrder('1'))\n",
        "shop/apps.py": """\
from django.db.models.signals import post_save
from django.utils.module_loading import import_string


def ready(settings):
    for receiver_path in settings.AUDIT_RECEIVERS:
        post_save.connect(import_string(receiver_path))
""",
    }
    result = run(tmp_path, files)
    assert findings(result) == [("MSG203", "messages.py", 13)]
    assert result.system.unresolved == []


def test_a_settings_table_of_dotted_paths_wires_receivers_to_the_signals_it_names(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/signals.py": """\
from django.dispatch import Signal

order_paid = Signal()


def ship_order(sender, **kwargs):
    print(kwargs)


def pay(order_id):
    order_paid.send(sender=None, order_id=order_id)
""",
            "shop/apps.py": """\
from django.conf import settings
from django.utils.module_loading import import_string


def ready():
    for signal_path, receivers in settings.SIGNAL_RECEIVERS.items():
        for receiver_path in receivers:
            import_string(signal_path).connect(import_string(receiver_path))
""",
            "config/settings.py": """\
SIGNAL_RECEIVERS = {
    "shop.signals.order_paid": ["shop.signals.ship_order"],
}
LOGGING_LEVELS = {"django.request": "ERROR"}
""",
        },
    )
    assert handlers(result, "order_paid") == [("shop.signals.ship_order", "registry SIGNAL_RECEIVERS")]
    [handler] = [h for h in result.system.handlers if h.component == "shop.signals.ship_order"]
    assert (handler.location.path.endswith("/shop/signals.py"), handler.location.line) == (True, 6)


def test_a_settings_table_of_dotted_paths_wires_handlers_unless_its_name_says_it_holds_something_else(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/handlers.py": """\
from shop.messages import PlaceOrder


def place_order(command: PlaceOrder) -> None:
    print(command.order_id)


HANDLERS = {PlaceOrder: place_order}
""",
            "shop/validation.py": """\
def validate_place_order(body: dict) -> list[str]:
    # checks the JSON body of a PlaceOrder command before it is built
    return [] if body.get("order_id") else ["order_id is required"]
""",
            "shop/settings.py": """\
# the validator of each message's JSON body, loaded with import_string
MESSAGE_VALIDATORS = {
    "shop.messages.PlaceOrder": "shop.validation.validate_place_order",
}
""",
        },
    )
    assert handlers(result, "PlaceOrder") == [("shop.handlers.place_order", "registry HANDLERS")]
    assert [d.code for d in result.diagnostics if d.code.startswith("MSG2")] == []


def test_a_message_passed_under_a_keyword_ending_in_a_message_word_is_sent(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/orders.py": """\
from shop.messages import OrderPlaced


class Order:
    def __init__(self) -> None:
        self.events = []

    def record(self, domain_event) -> None:
        self.events.append(domain_event)

    def place(self, order_id: str) -> None:
        self.record(domain_event=OrderPlaced(order_id))
""",
        },
    )
    assert emitters(result, "OrderPlaced") == [("shop.orders.Order.place", "call record(...)", 12)]


def test_a_message_made_by_a_factory_method_and_recorded_by_a_helper_is_emitted(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/factory.py": """\
from shop.messages import OrderPlaced


class EventFactory:
    @staticmethod
    def order_placed(order_id: str) -> OrderPlaced:
        return OrderPlaced(order_id)
""",
            "shop/orders.py": """\
from shop.factory import EventFactory


class Order:
    def __init__(self) -> None:
        self.events = []

    def record(self, event) -> None:
        self.events.append(event)

    def place(self, order_id: str) -> None:
        event = EventFactory.order_placed(order_id)
        self.record(event)

    def place_again(self, order_id: str) -> None:
        self.record(EventFactory.order_placed(order_id))
""",
        },
    )
    assert emitters(result, "OrderPlaced") == [
        ("shop.orders.Order.place", "call record(...)", 13),
        ("shop.orders.Order.place_again", "call record(...)", 16),
    ]


def test_a_registry_keyed_by_classes_from_outside_is_unresolved_one_keyed_by_enum_members_is_no_registry(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/strategies.py": """\
import enum

from partner.contracts import InvoiceIssued


class Mode(enum.Enum):
    FAST = "fast"
    SAFE = "safe"


class FastStrategy:
    def handle(self, order) -> None:
        print(order)


def on_invoice(event) -> None:
    print(event)


STRATEGIES = {Mode.FAST: FastStrategy, Mode.SAFE: FastStrategy}
SUBSCRIBERS = {InvoiceIssued: on_invoice}
""",
        },
    )
    assert [(u.role, u.detail, u.location.line) for u in result.system.unresolved] == [
        ("receive", "registry SUBSCRIBERS: 1 handler(s) registered for types msglint cannot name", 21)
    ]
