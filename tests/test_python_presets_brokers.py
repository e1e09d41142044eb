"""Raw broker clients without a framework: Kafka (aiokafka, kafka-python, confluent-kafka) and RabbitMQ (pika,
aio-pika). Each test is a small project written for it; the assertions are the exact inventory (who handles, who
emits, where, how it was seen) and what stayed unresolved."""

from __future__ import annotations

import pytest

from msglint.model import EmitMode, Kind, ReceiveMode
from tests.test_python_presets import inventory, run, unresolved

PUBLISHED, UNKNOWN_EMIT, SENT = EmitMode.PUBLISH, EmitMode.UNKNOWN, EmitMode.SEND
SUBSCRIBED, UNKNOWN_RECEIVE, HANDLED = ReceiveMode.SUBSCRIBE, ReceiveMode.UNKNOWN, ReceiveMode.HANDLE


def test_kafka_topics_are_messages_produced_and_consumed_through_the_client_libraries(tmp_path):
    result = run(
        tmp_path,
        {
            "stock/__init__.py": "",
            "stock/topics.py": """\
from enum import Enum

BICYCLE_ADDED = "bicycle-added"
WATCHED = ["bicycle-added", "bicycle-sold"]


class Topic(str, Enum):
    RENTED = "bicycle-rented"
""",
            "stock/clients.py": """\
from aiokafka import AIOKafkaProducer

producer = AIOKafkaProducer(bootstrap_servers="kafka:9092")


def make_producer():
    return AIOKafkaProducer(bootstrap_servers="kafka:9092")
""",
            "stock/send.py": """\
from confluent_kafka import SerializingProducer
from aiokafka import AIOKafkaProducer

from stock import clients
from stock.topics import BICYCLE_ADDED, Topic


async def add(payload):
    await clients.producer.send_and_wait(BICYCLE_ADDED, payload)


async def sell(payload):
    await clients.make_producer().send("bicycle-sold", payload)


async def rent(producer: AIOKafkaProducer, payload):
    await producer.send(Topic.RENTED.value, payload)


class Ledger:
    out = SerializingProducer({"bootstrap.servers": "kafka:9092"})

    def repair(self, payload):
        self.out.produce(topic="bicycle-repaired", value=payload)
""",
            "stock/watch.py": """\
from confluent_kafka import Consumer
from kafka import KafkaConsumer

from stock.topics import WATCHED, Topic


def watch():
    for record in KafkaConsumer(*WATCHED, bootstrap_servers="kafka:9092"):
        print(record)


def follow_rentals():
    consumer = Consumer({"group.id": "rentals"})
    consumer.subscribe([Topic.RENTED, "bicycle-repaired"])
""",
        },
    )
    assert inventory(result) == {
        "bicycle-added": (
            [("stock.watch.watch", "Kafka KafkaConsumer(topics)", UNKNOWN_RECEIVE, "watch.py:8")],
            [("stock.send.add", "Kafka send_and_wait(topic)", UNKNOWN_EMIT, "send.py:9")],
        ),
        "bicycle-sold": (
            [("stock.watch.watch", "Kafka KafkaConsumer(topics)", UNKNOWN_RECEIVE, "watch.py:8")],
            [("stock.send.sell", "Kafka send(topic)", UNKNOWN_EMIT, "send.py:13")],
        ),
        "bicycle-rented": (
            [("stock.watch.follow_rentals", "Kafka subscribe(topics)", UNKNOWN_RECEIVE, "watch.py:14")],
            [("stock.send.rent", "Kafka send(topic)", UNKNOWN_EMIT, "send.py:17")],
        ),
        "bicycle-repaired": (
            [("stock.watch.follow_rentals", "Kafka subscribe(topics)", UNKNOWN_RECEIVE, "watch.py:14")],
            [("stock.send.Ledger.repair", "Kafka produce(topic)", UNKNOWN_EMIT, "send.py:24")],
        ),
    }
    assert unresolved(result) == []


def test_the_projects_own_producer_a_parameter_topic_and_a_pattern_are_never_kafka_messages(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/queueing.py": """\
class Producer:
    def produce(self, topic, value):
        print(topic, value)

    def send(self, topic, value):
        print(topic, value)
""",
            "shop/work.py": """\
import asyncio

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shop.queueing import Producer


def local(value):
    Producer().produce("orders", value)
    Producer().send("orders", value)


async def watch(topic):
    consumer = AIOKafkaConsumer(topic, bootstrap_servers="kafka:9092")
    consumer.subscribe(pattern="orders-.*")
    async for record in consumer:
        print(record)


async def start():
    asyncio.create_task(watch("orders"))


async def relay(topic, value):
    await AIOKafkaProducer().send(f"{topic}-copy", value)
""",
        },
    )
    assert inventory(result) == {}
    assert unresolved(result) == [
        ("emit", "aiokafka.AIOKafkaProducer().send(...) sends to a Kafka topic msglint cannot read", "work.py:25"),
        ("receive", "aiokafka.AIOKafkaConsumer(...) consumes a Kafka topic msglint cannot read", "work.py:14"),
        ("receive", "consumer.subscribe(...) subscribes to topics by pattern", "work.py:15"),
    ]


def test_a_producers_topic_given_to_its_function_is_read_where_the_function_is_called(tmp_path):
    result = run(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/kafka.py": """\
from aiokafka import AIOKafkaProducer

ORDERS = "orders"


async def send_event(topic, value):
    await AIOKafkaProducer().send(topic, value)
""",
            "shop/orders.py": """\
from shop.kafka import ORDERS, send_event


async def place(order):
    await send_event(ORDERS, order)


async def cancel(order, topic_of):
    await send_event("order-cancelled", order)
    await send_event(topic_of(order), order)
""",
        },
    )
    assert inventory(result) == {
        "orders": ([], [("shop.orders.place", "Kafka send(topic) in send_event()", UNKNOWN_EMIT, "orders.py:5")]),
        "order-cancelled": (
            [],
            [("shop.orders.cancel", "Kafka send(topic) in send_event()", UNKNOWN_EMIT, "orders.py:9")],
        ),
    }
    assert unresolved(result) == [
        ("emit", "shop.kafka.send_event(...) sends to a Kafka topic msglint cannot read", "orders.py:10")
    ]


KAFKA_CLIENTS_USED = """

def pizza_baked(order_id):
    PRODUCER.produce("pizza-baked", key=order_id, value=b"{}")


def receive_pizza_assembled():
    CONSUMER.subscribe(["pizza-assembled"])
"""


@pytest.mark.parametrize(
    ("factory", "lines"),
    [
        (  # the clients built in the return itself
            "def make_clients(config):\n    return Producer(config), Consumer(config)\n\n\n"
            'PRODUCER, CONSUMER = make_clients({"bootstrap.servers": "kafka:9092"})\n',
            (12, 16),
        ),
        (  # locals, in another order, with an item msglint keeps no value for between them
            "def make_clients(config):\n    consumer = Consumer(config)\n    producer = Producer(config)\n"
            "    settings = dict(config)\n    return consumer, settings, producer\n\n\n"
            'CONSUMER, SETTINGS, PRODUCER = make_clients({"bootstrap.servers": "kafka:9092"})\n',
            (15, 19),
        ),
    ],
    ids=["built-in-the-return", "locals-by-position"],
)
def test_kafka_clients_unpacked_from_what_a_project_function_returns(tmp_path, factory, lines):
    source = "from confluent_kafka import Consumer, Producer\n\n\n" + factory + KAFKA_CLIENTS_USED
    result = run(tmp_path, {"pizza/__init__.py": "", "pizza/kafka.py": source})
    produce, subscribe = lines
    assert inventory(result) == {
        "pizza-baked": ([], [("pizza.kafka.pizza_baked", "Kafka produce(topic)", UNKNOWN_EMIT, f"kafka.py:{produce}")]),
        "pizza-assembled": (
            [
                (
                    "pizza.kafka.receive_pizza_assembled",
                    "Kafka subscribe(topics)",
                    UNKNOWN_RECEIVE,
                    f"kafka.py:{subscribe}",
                )
            ],
            [],
        ),
    }


def test_rabbitmq_exchanges_and_queues_through_aio_pika_and_pika(tmp_path):
    result = run(
        tmp_path,
        {
            "parcels/__init__.py": "",
            "parcels/names.py": """\
PARCEL_EXCHANGE = "parcel_exchange"
LABELS_QUEUE = "print_labels"
""",
            "parcels/ship.py": """\
import aio_pika
import pika

from parcels.names import LABELS_QUEUE, PARCEL_EXCHANGE


async def announce(body):
    connection = await aio_pika.connect_robust("amqp://rabbit/")
    channel = await connection.channel()
    exchange = await channel.declare_exchange(PARCEL_EXCHANGE, aio_pika.ExchangeType.FANOUT)
    await exchange.publish(aio_pika.Message(body=body), routing_key="")


def announce_sync(body):
    channel = pika.BlockingConnection(pika.ConnectionParameters("rabbit")).channel()
    channel.basic_publish(exchange=PARCEL_EXCHANGE, routing_key="", body=body)


async def print_label(body):
    connection = await aio_pika.connect("amqp://rabbit/")
    channel = await connection.channel()
    await channel.default_exchange.publish(aio_pika.Message(body=body), routing_key=LABELS_QUEUE)


def weigh(body):
    channel = pika.BlockingConnection().channel()
    channel.exchange_declare(exchange="scales", exchange_type="direct")
    channel.basic_publish(exchange="scales", routing_key="weigh", body=body)
""",
            "parcels/follow.py": """\
import aio_pika
import pika


async def follow():
    connection = await aio_pika.connect_robust("amqp://rabbit/")
    async with connection:
        channel = await connection.channel()
        exchange = await channel.declare_exchange("parcel_exchange", aio_pika.ExchangeType.FANOUT)
        queue = await channel.declare_queue("billing_parcels", durable=True)
        await queue.bind(exchange)
        async for message in queue:
            print(message.body)


async def on_label(message):
    print(message.body)


async def labels():
    channel = await (await aio_pika.connect("amqp://rabbit/")).channel()
    queue = await channel.declare_queue("print_labels")
    await queue.consume(on_label)


def on_weight(channel, method, properties, body):
    print(body)


def scales():
    channel = pika.BlockingConnection().channel()
    channel.queue_declare(queue="weights")
    channel.queue_bind(queue="weights", exchange="scales", routing_key="weigh")
    channel.basic_consume(queue="weights", on_message_callback=on_weight)
""",
        },
    )
    assert inventory(result) == {
        "parcel_exchange": (
            [("parcels.follow.follow", "RabbitMQ queue 'billing_parcels'", SUBSCRIBED, "follow.py:11")],
            [
                ("parcels.ship.announce", "RabbitMQ publish(...)", PUBLISHED, "ship.py:11"),
                ("parcels.ship.announce_sync", "RabbitMQ basic_publish(...)", PUBLISHED, "ship.py:16"),
            ],
        ),
        "print_labels": (
            [("parcels.follow.on_label", "RabbitMQ queue 'print_labels'", HANDLED, "follow.py:23")],
            [("parcels.ship.print_label", "RabbitMQ publish(...)", SENT, "ship.py:22")],
        ),
        "scales/weigh": (
            [("parcels.follow.on_weight", "RabbitMQ queue 'weights'", UNKNOWN_RECEIVE, "follow.py:34")],
            [("parcels.ship.weigh", "RabbitMQ basic_publish(...)", UNKNOWN_EMIT, "ship.py:28")],
        ),
    }
    assert result.system.messages["parcel_exchange"].kind == Kind.EVENT  # a fan-out exchange broadcasts
    assert unresolved(result) == []


def test_rabbitmq_names_msglint_cannot_read_are_unresolved_and_never_messages(tmp_path):
    result = run(
        tmp_path,
        {
            "audit/__init__.py": "",
            "audit/log.py": """\
import aio_pika


class AuditLog:
    async def setup(self):
        self.channel = await (await aio_pika.connect("amqp://rabbit/")).channel()
        self.queue = await self.channel.declare_queue("audit")
        self.exchange = await self.channel.declare_exchange("audit_topic", aio_pika.ExchangeType.TOPIC)

    async def record(self, kind, body):
        await self.exchange.publish(aio_pika.Message(body=body), routing_key=f"audit.{kind}")

    async def read(self):
        await self.queue.consume(print)


async def everything():
    channel = await (await aio_pika.connect("amqp://rabbit/")).channel()
    exchange = await channel.declare_exchange("audit_topic", aio_pika.ExchangeType.TOPIC)
    queue = await channel.declare_queue("audit_all")
    await queue.bind(exchange, routing_key="audit.#")
    await queue.consume(print)
""",
        },
    )
    assert inventory(result) == {}
    assert unresolved(result) == [
        ("emit", "self.exchange.publish(...) publishes to a RabbitMQ exchange msglint cannot read", "log.py:11"),
        ("receive", "queue.bind(...) binds a queue msglint cannot read", "log.py:21"),
        ("receive", "self.queue.consume(...) consumes a RabbitMQ queue msglint cannot read", "log.py:14"),
    ]


def test_a_kafka_producer_handed_in_as_an_annotated_dependency_sends(tmp_path):
    result = run(
        tmp_path,
        {
            "depot/__init__.py": "",
            "depot/api.py": """\
from typing import Annotated

from aiokafka import AIOKafkaProducer
from fastapi import Depends


async def producer():
    yield AIOKafkaProducer(bootstrap_servers="kafka:9092")


async def register(client: Annotated[AIOKafkaProducer, Depends(producer)]) -> None:
    await client.send_and_wait("crate.registered", b"{}")
""",
        },
    )
    assert inventory(result)["crate.registered"][1] == [
        ("depot.api.register", "Kafka send_and_wait(topic)", EmitMode.UNKNOWN, "api.py:12")
    ]


def test_a_py_amqp_publish_to_an_exchange_named_at_run_time_is_unresolved(tmp_path):
    result = run(
        tmp_path,
        {
            "board/__init__.py": "",
            "board/push.py": """\
from amqp import Connection
from amqp.basic_message import Message


def emit(body, routing_key, exchange="board_events"):
    connection = Connection(host="rabbit")
    channel = connection.channel()
    channel.basic_publish(Message(body), routing_key=routing_key, exchange=exchange)
""",
        },
    )
    assert (inventory(result), unresolved(result)) == (
        {},
        [("emit", "channel.basic_publish(...) publishes to a RabbitMQ exchange msglint cannot read", "push.py:8")],
    )


def test_a_topic_from_a_nested_settings_object_is_its_default(tmp_path):
    result = run(
        tmp_path,
        {
            "depot/__init__.py": "",
            "depot/app.py": """\
from faststream.kafka import KafkaBroker
from pydantic import BaseModel
from pydantic_settings import BaseSettings


class KafkaSettings(BaseModel):
    crate_topic: str = "crate.registered"


class Settings(BaseSettings):
    kafka: KafkaSettings = KafkaSettings()


settings = Settings()
broker = KafkaBroker("kafka:9092")


@broker.subscriber(settings.kafka.crate_topic)
async def on_crate(msg: dict) -> None:
    print(msg)
""",
        },
    )
    handler = ("depot.app.on_crate", "@depot.app.broker.subscriber(...)", ReceiveMode.UNKNOWN, "app.py:18")
    assert inventory(result) == {"crate.registered": ([handler], [])}


def test_pyee_emitters_publish_and_their_listeners_subscribe_by_event_name(tmp_path):
    result = run(
        tmp_path,
        {
            "desk/__init__.py": "",
            "desk/bus.py": """\
from pyee import EventEmitter
from pyee.asyncio import AsyncIOEventEmitter

TICKET_CLOSED = "ticket_closed"
emitter = EventEmitter()


@emitter.on("ticket_opened")
def _assign(ticket_id: str) -> None:
    print(ticket_id)


def open_ticket(ticket_id: str, kind: str) -> None:
    emitter.emit("ticket_opened", ticket_id)
    emitter.emit(kind, ticket_id)


class Closer:
    def __init__(self, events: AsyncIOEventEmitter) -> None:
        self._events = events

    def close(self, ticket_id: str) -> None:
        self._events.emit(TICKET_CLOSED, ticket_id)


class Survey:
    def __init__(self, events: AsyncIOEventEmitter) -> None:
        events.add_listener(TICKET_CLOSED, self._send_survey)

    def _send_survey(self, ticket_id: str) -> None:
        print(ticket_id)
""",
        },
    )
    assert inventory(result) == {
        "ticket_opened": (
            [("desk.bus._assign", "pyee on(...)", ReceiveMode.SUBSCRIBE, "bus.py:8")],
            [("desk.bus.open_ticket", "pyee emit(...)", EmitMode.PUBLISH, "bus.py:14")],
        ),
        "ticket_closed": (
            [("desk.bus.Survey._send_survey", "pyee add_listener(...)", ReceiveMode.SUBSCRIBE, "bus.py:28")],
            [("desk.bus.Closer.close", "pyee emit(...)", EmitMode.PUBLISH, "bus.py:23")],
        ),
    }
    cannot_name = "desk.bus.emitter.emit(...) emits an event msglint cannot name"
    assert unresolved(result) == [("emit", cannot_name, "bus.py:15")]
