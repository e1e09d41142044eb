"""Framework presets on idioms found in real projects: raw Redis pub/sub, periodic entries whose task is set by
item assignment, a message class that names its wire name (a nameko event), and calls into libraries that are
no message bus. Each test is a small project written for it; the assertions are the exact inventory (who
handles, who emits, where, how it was seen) and what stayed unresolved."""

from __future__ import annotations

import pytest

from msglint.lint.config import Config
from msglint.lint.run import lint
from msglint.model import EmitMode, Kind, ReceiveMode, Strength
from msglint.readers.python.presets.plain import bus_like
from tests.conftest import write


def run(tmp_path, files: dict[str, str]):
    write(tmp_path, "msglint.toml", "")
    for name, text in files.items():
        write(tmp_path, name, text)
    return lint([tmp_path], Config())


def inventory(result) -> dict[str, tuple[list[tuple], list[tuple]]]:
    """name -> (handlers as (component, via, mode, file:line), emitters as (origin, via, mode, file:line))."""
    system = result.system

    def where(location) -> str:
        return f"{location.path.rpartition('/')[2]}:{location.line}"

    return {
        message.name: (
            sorted((h.component, h.source, h.mode, where(h.location)) for h in system.receivers_of(key)),
            sorted((e.origin, e.source, e.mode, where(e.location)) for e in system.emissions_of(key)),
        )
        for key, message in system.messages.items()
    }


def unresolved(result) -> list[tuple[str, str, str]]:
    return sorted(
        (u.role, u.detail, f"{u.location.path.rpartition('/')[2]}:{u.location.line}") for u in result.system.unresolved
    )


SUBSCRIBED, PUBLISHED = ReceiveMode.SUBSCRIBE, EmitMode.PUBLISH


def test_redis_channels_are_messages_published_to_and_subscribed_by_whoever_uses_a_redis_client(tmp_path):
    result = run(
        tmp_path,
        {
            "courier/__init__.py": "",
            "courier/channels.py": """\
from enum import Enum

NOTIFY_CHANNELS = ["shop:notify:courier", "shop:notify:customer"]
TRIP_CHANNEL = "trip:{trip_id}"


class Channel(str, Enum):
    PAID = "shop:orders:paid"
""",
            "courier/clients.py": """\
import redis

client = redis.StrictRedis(host="cache")


def connect():
    return redis.Redis.from_url("redis://cache")
""",
            "courier/listen.py": """\
import redis.asyncio as aioredis

from courier.channels import NOTIFY_CHANNELS, TRIP_CHANNEL, Channel
from courier.clients import connect


async def listen(url):
    connection = await aioredis.from_url(url)
    pubsub = connection.pubsub()
    await pubsub.subscribe(*NOTIFY_CHANNELS)


async def watch(url):
    async with aioredis.Redis.from_url(url).pubsub() as pubsub:
        await pubsub.subscribe(Channel.PAID.value)


def wait_for(trip_id):
    pubsub = connect().pubsub()
    pubsub.subscribe(TRIP_CHANNEL.format(trip_id=trip_id))


def on_cancelled(message):
    print(message)


def register():
    pubsub = connect().pubsub()
    pubsub.subscribe(**{"shop:orders:cancelled": on_cancelled})
""",
            "courier/send.py": """\
import json

import redis

from courier import clients
from courier.channels import TRIP_CHANNEL, Channel


def notify(courier_id):
    redis.Redis.from_url("redis://cache").publish("shop:notify:courier", json.dumps({"courier": courier_id}))


def accept(trip_id):
    connection = clients.connect()
    connection.publish(TRIP_CHANNEL.format(trip_id=trip_id), "accepted")


class Payments:
    cache = redis.Redis()

    def paid(self, order_id):
        clients.client.publish(Channel.PAID, order_id)
        self.cache.publish("shop:orders:cancelled", order_id)
""",
        },
    )
    assert inventory(result) == {
        "shop:notify:courier": (
            [("courier.listen.listen", "Redis SUBSCRIBE", SUBSCRIBED, "listen.py:10")],
            [("courier.send.notify", "Redis PUBLISH", PUBLISHED, "send.py:10")],
        ),
        "shop:notify:customer": ([("courier.listen.listen", "Redis SUBSCRIBE", SUBSCRIBED, "listen.py:10")], []),
        "shop:orders:paid": (
            [("courier.listen.watch", "Redis SUBSCRIBE", SUBSCRIBED, "listen.py:15")],
            [("courier.send.Payments.paid", "Redis PUBLISH", PUBLISHED, "send.py:22")],
        ),
        "trip:{trip_id}": (
            [("courier.listen.wait_for", "Redis SUBSCRIBE", SUBSCRIBED, "listen.py:20")],
            [("courier.send.accept", "Redis PUBLISH", PUBLISHED, "send.py:15")],
        ),
        "shop:orders:cancelled": (
            [("courier.listen.on_cancelled", "Redis SUBSCRIBE (callback)", SUBSCRIBED, "listen.py:29")],
            [("courier.send.Payments.paid", "Redis PUBLISH", PUBLISHED, "send.py:23")],
        ),
    }
    assert unresolved(result) == []


def test_a_redis_pattern_or_a_channel_named_at_run_time_is_unresolved_and_never_a_message(tmp_path):
    result = run(
        tmp_path,
        {
            "feed/__init__.py": "",
            "feed/stream.py": """\
import redis


def follow(user_id):
    pubsub = redis.Redis().pubsub()
    pubsub.psubscribe("orders:*")
    pubsub.subscribe(f"user:{user_id}")


def relay(channel, data):
    redis.Redis().publish(channel, data)
""",
        },
    )
    assert inventory(result) == {}
    assert unresolved(result) == [
        ("emit", "redis.Redis().publish(...) publishes to a Redis channel msglint cannot read", "stream.py:11"),
        ("receive", "pubsub.psubscribe(...) subscribes to channels by pattern", "stream.py:6"),
        ("receive", "pubsub.subscribe(...) subscribes to a Redis channel msglint cannot read", "stream.py:7"),
    ]


def test_publish_on_anything_but_a_redis_client_is_not_redis(tmp_path):
    result = run(
        tmp_path,
        {
            "feed/__init__.py": "",
            "feed/redis.py": """\
class Redis:
    def publish(self, channel, data):
        print(channel, data)
""",
            "feed/stream.py": """\
import redis as redis_py

from feed import redis


def announce(data, outbox):
    redis.Redis().publish("orders:paid", data)
    outbox.publish("orders:shipped", data)
    redis_py.Redis().get("orders:refunded")
""",
        },
    )
    assert inventory(result) == {}


def test_a_periodic_entry_whose_task_is_set_by_item_assignment_sends_it_and_a_query_filter_does_not(tmp_path):
    result = run(
        tmp_path,
        {
            "poller/__init__.py": "",
            "poller/tasks.py": """\
from celery import shared_task


@shared_task
def sweep(address):
    print(address)


@shared_task
def probe_host(address):
    print(address)


@shared_task
def refresh(address):
    print(address)
""",
            "poller/schedules.py": """\
from celery.schedules import crontab, schedule

NIGHTLY = {"schedule": crontab(hour=2)}


def sweep_entry(address, period):
    entry = {"name": f"sweep;{address}", "schedule": schedule(period)}
    entry["task"] = "poller.tasks.sweep"
    return entry


def refresh_entry(address):
    return {"task": "poller.tasks.refresh", "args": [address], **NIGHTLY}


def forget_probes(collection):
    collection.delete_many({"task": "poller.tasks.probe_host"})
""",
        },
    )
    handled = ("the task itself", ReceiveMode.HANDLE)
    assert inventory(result) == {
        "sweep": (
            [("poller.tasks.sweep", *handled, "tasks.py:5")],
            [("poller.schedules.sweep_entry", "beat schedule", EmitMode.SEND, "schedules.py:8")],
        ),
        "probe_host": ([("poller.tasks.probe_host", *handled, "tasks.py:10")], []),
        "refresh": (
            [("poller.tasks.refresh", *handled, "tasks.py:15")],
            [("poller.schedules.refresh_entry", "beat schedule", EmitMode.SEND, "schedules.py:13")],
        ),
    }


NAMEKO_EVENTS = """\
from dataclasses import asdict, dataclass


class DomainEvent:
    name = ""

    def payload(self):
        return {**asdict(self), "name": self.name}


@dataclass
class RoomReserved(DomainEvent):
    name = "room_reserved"
    hotel_id: int


@dataclass
class RoomReleased(DomainEvent):
    name = "room_released"
    hotel_id: int
"""


def test_a_message_class_that_names_its_wire_name_is_the_nameko_event_of_that_type(tmp_path):
    result = run(
        tmp_path,
        {
            "svc/__init__.py": "",
            "svc/events.py": NAMEKO_EVENTS,
            "svc/hotel.py": """\
from svc.events import RoomReserved


class Hotel:
    def __init__(self, hotel_id):
        self.id = hotel_id
        self._events = []

    def reserve(self):
        self._events.append(RoomReserved(hotel_id=self.id))
""",
            "svc/local.py": """\
from svc.events import RoomReserved


def record_reservation(payload):
    print(payload)


ROUTES = {RoomReserved.name: record_reservation}
""",
            "svc/publisher.py": """\
class NamekoPublisher:
    def __init__(self, dispatcher):
        self._dispatch = dispatcher

    def publish(self, events):
        for event in events:
            self._dispatch(event.name, event.payload())
""",
            "svc/service.py": """\
from nameko.events import EventDispatcher, event_handler

from svc.events import RoomReleased


class ReservationService:
    name = "reservations"
    dispatch = EventDispatcher()

    def release(self, hotel_id):
        self.dispatch(RoomReleased.name, {"hotel_id": hotel_id})

    def close(self, hotel_id):
        self.dispatch("hotel_closed", {"hotel_id": hotel_id})


class LedgerService:
    name = "ledger"

    @event_handler("reservations", "room_reserved")
    def on_room_reserved(self, payload):
        print(payload)

    @event_handler("reservations", "room_released")
    def on_room_released(self, payload):
        print(payload)

    @event_handler("reservations", "hotel_closed")
    def on_hotel_closed(self, payload):
        print(payload)
""",
        },
    )
    nameko = ("@event_handler(...)", SUBSCRIBED)
    assert inventory(result) == {
        "RoomReserved": (
            [
                ("ledger", *nameko, "service.py:20"),
                ("svc.local.record_reservation", "registry ROUTES", *nameko[1:], "local.py:4"),
            ],
            [("svc.hotel.Hotel.reserve", "call append(...)", PUBLISHED, "hotel.py:10")],
        ),
        "RoomReleased": (
            [("ledger", *nameko, "service.py:24")],
            [
                (
                    "svc.service.ReservationService.release",
                    "self.dispatch(...) (EventDispatcher)",
                    PUBLISHED,
                    "service.py:11",
                )
            ],
        ),
        "reservations.hotel_closed": (
            [("ledger", *nameko, "service.py:28")],
            [
                (
                    "svc.service.ReservationService.close",
                    "self.dispatch(...) (EventDispatcher)",
                    PUBLISHED,
                    "service.py:14",
                )
            ],
        ),
    }


def test_an_event_type_two_message_classes_claim_stays_the_nameko_pair(tmp_path):
    result = run(
        tmp_path,
        {
            "svc/__init__.py": "",
            "svc/events.py": NAMEKO_EVENTS
            + '\n\n@dataclass\nclass RoomBooked(DomainEvent):\n    name = "room_reserved"\n',
            "svc/service.py": """\
from nameko.events import event_handler


class LedgerService:
    name = "ledger"

    @event_handler("reservations", "room_reserved")
    def on_room_reserved(self, payload):
        print(payload)
""",
        },
    )
    assert inventory(result)["reservations.room_reserved"] == (
        [("ledger", "@event_handler(...)", SUBSCRIBED, "service.py:7")],
        [],
    )
    assert inventory(result)["RoomReserved"] == ([], [])


def test_a_call_into_a_library_the_project_does_not_own_is_no_unresolved_send(tmp_path):
    result = run(
        tmp_path,
        {
            "push/__init__.py": "",
            "push/messaging.py": """\
class Bus:
    def send(self, message):
        print(message)


bus = Bus()
""",
            "push/notify.py": """\
from firebase_admin import messaging

from push.messaging import bus


def push_to_driver(token, title):
    message = messaging.Message(token=token, notification=messaging.Notification(title=title))
    messaging.send(message)


def relay(raw):
    message = decode(raw)
    bus.send(message)
""",
        },
    )
    assert unresolved(result) == [
        ("emit", "push.messaging.bus.send(...) sends a value whose type msglint cannot tell", "notify.py:13")
    ]


def test_a_send_through_a_callable_handed_in_of_a_value_from_a_table_is_unresolved(tmp_path):
    result = run(
        tmp_path,
        {
            "tasks/__init__.py": "",
            "tasks/flow.py": """\
from dataclasses import dataclass
from typing import Callable


class Event:
    pass


@dataclass
class TaskOpened(Event):
    task_id: int


FOLLOWING = {"open": TaskOpened}


def open_task(task_id, publish: Callable[[Event], None], send):
    following = FOLLOWING["open"]
    publish(following(task_id=task_id))
    send(TaskOpened(task_id=task_id))


def notify(task_id):
    print(task_id)


def relay(raw):
    notify(decode(raw))
""",
        },
    )
    assert unresolved(result) == [
        ("emit", "publish(...) sends a value whose type msglint cannot tell", "flow.py:19"),
    ]
    assert inventory(result)["TaskOpened"] == (
        [],
        [("tasks.flow.open_task", "call send(...)", EmitMode.UNKNOWN, "flow.py:20")],
    )


def test_a_task_sent_by_name_to_another_repository_is_a_command_whose_handler_is_out_of_scope(tmp_path):
    result = run(
        tmp_path,
        {
            "library/__init__.py": "",
            "library/scans.py": """\
from celery import current_app, signature


def scan_book(book_id):
    signature("scanner_worker.extract_text", args=[book_id]).apply_async()
    current_app.send_task("scanner_worker.extract_text", args=[book_id])


BEAT = {"nightly": {"task": "scanner_worker.reindex", "schedule": 3600}}
""",
        },
    )
    assert {
        message.name: (
            message.kind,
            message.declarations,
            [(e.detail, e.strength, e.location.line) for e in message.evidence],
        )
        for message in result.system.messages.values()
    } == {
        "scanner_worker.extract_text": (
            Kind.COMMAND,
            [],
            [("sent by name as a Celery task, which is a command", Strength.DECLARED, 5)],
        ),
        "scanner_worker.reindex": (
            Kind.COMMAND,
            [],
            [
                ("sent by name as a Celery task, which is a command", Strength.DECLARED, 9),
                ("its name is imperative ('reindex')", Strength.NAME, 9),
            ],
        ),
    }
    assert inventory(result)["scanner_worker.extract_text"][1] == [  # one emitter per function
        ("library.scans.scan_book", "call .signature(...)", EmitMode.SEND, "scans.py:5"),
    ]
    assert [d.code for d in result.diagnostics] == []  # MSG203: its handler is declared where it is declared


def test_a_library_task_sent_by_name_is_no_message_and_an_undeclared_task_is_judged_by_its_name_gently(tmp_path):
    result = run(
        tmp_path,
        {
            "library/__init__.py": "",
            "library/beat.py": """\
from celery import Celery

app = Celery("library")
app.conf.beat_schedule = {
    "cleanup": {"task": "celery.backend_cleanup", "schedule": 3600},
    "sessions": {"task": "django_celery_beat.tasks.clear_expired", "schedule": 3600},
    "report": {"task": "reports_worker.nightly_report_generated", "schedule": 3600},
    "stock": {"task": "django_shop.tasks.recount_stock", "schedule": 3600},
}
""",
            "django_shop/__init__.py": "",  # the project's own package, named for Django: its tasks are messages
            "django_shop/signals.py": "from django.dispatch import Signal\n\nstock_counted = Signal()\n",
        },
    )
    assert sorted(message.name for message in result.system.messages.values()) == [
        "django_shop.tasks.recount_stock",
        "reports_worker.nightly_report_generated",
        "stock_counted",
    ]
    assert [(d.code, d.severity.name, d.location.line, d.message) for d in result.diagnostics] == [
        (
            "MSG102",
            "WARNING",
            7,
            "command `reports_worker.nightly_report_generated` is named as a fact ('generated' is past tense), but a "
            "command asks for work that may still be refused (nothing in scope declares it, so this is a warning)",
        )
    ]


def test_a_task_name_from_a_variable_is_each_name_it_may_hold_and_one_msglint_cannot_read_is_unresolved(tmp_path):
    result = run(
        tmp_path,
        {
            "library/__init__.py": "",
            "library/routing.py": """\
from celery import Celery

app = Celery("library")


class Router:
    def __init__(self, celery_app: Celery) -> None:
        self.celery_app = celery_app

    def route(self, kind: str, book_id: str) -> None:
        if kind == "scan":
            task = "scanner_worker.extract_text"
        else:
            task = "scanner_worker.reindex"
        app.send_task(task, args=[book_id])
        for name in self._names(kind):
            self.celery_app.send_task(name, args=[book_id])

    def _names(self, kind: str) -> list[str]:
        return [kind]
""",
        },
    )
    assert sorted(message.name for message in result.system.messages.values()) == [
        "scanner_worker.extract_text",
        "scanner_worker.reindex",
    ]
    assert [(u.role, u.detail, u.location.line) for u in result.system.unresolved] == [
        ("emit", "self.celery_app.send_task(...) names its task at run time", 17)
    ]


def test_a_periodic_task_added_by_the_beat_sender_is_sent_by_its_setup(tmp_path):
    result = run(
        tmp_path,
        {
            "library/__init__.py": "",
            "library/tasks.py": """\
from celery import Celery, shared_task

app = Celery("library")


@app.on_after_configure.connect
def plan(sender, **_):
    sender.add_periodic_task(60.0, expire_loans, name="expire loans")
    sender.add_periodic_task(3600.0, remind_readers.s("daily"))


@shared_task
def expire_loans() -> None:
    print("expiring")


@shared_task
def remind_readers(period: str) -> None:
    print(period)
""",
        },
    )
    assert {name: uses[1] for name, uses in inventory(result).items()} == {
        "expire_loans": [("library.tasks.plan", "periodic task", EmitMode.SEND, "tasks.py:8")],
        "remind_readers": [("library.tasks.plan", "periodic task", EmitMode.SEND, "tasks.py:9")],
    }


def test_the_forms_and_views_of_an_application_about_conference_events_are_no_events(tmp_path):
    result = run(
        tmp_path,
        {
            "conf/__init__.py": "",
            "conf/events/__init__.py": "",
            "conf/events/models/__init__.py": "",
            "conf/events/abstracts/__init__.py": (
                "# the abstracts of conference events\nclass ReviewRight:\n    name = Right()\n"
            ),
            "conf/events/abstracts/forms.py": """\
# the forms of the conference events an organiser creates
class ConfForm:
    def validate(self):
        return True


class TemplateField:
    def __init__(self, label):
        self.label = label


class CreateTemplateForm(ConfForm):
    template = TemplateField("Template")
""",
            "conf/events/abstracts/placeholders.py": "class SubmitterName:\n    name = 'submitter'\n",
            "shop/__init__.py": "",
            "shop/events/__init__.py": "",
            "shop/events/orders/__init__.py": "",
            "shop/events/orders/shipped.py": "class OrderShipped:\n    order_id: str\n",
        },
    )
    assert sorted(inventory(result)) == ["OrderShipped"]


def test_the_classes_of_django_management_commands_are_no_commands(tmp_path):
    result = run(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/management/__init__.py": "",
            "app/management/commands/__init__.py": "",
            "app/management/commands/import_rows.py": """\
from dataclasses import dataclass

from django.core.management.base import BaseCommand


@dataclass
class RowsImported:
    count: int


class Command(BaseCommand):
    def handle(self, *args, **options):
        print(RowsImported(0))
""",
        },
    )
    assert (inventory(result), [d.code for d in result.diagnostics]) == ({}, [])


def test_a_helper_of_an_application_named_events_is_no_event(tmp_path):
    result = run(
        tmp_path,
        {
            "calendar/__init__.py": "",
            "calendar/events/__init__.py": "",
            "calendar/events/apps.py": "from django.apps import AppConfig\n",
            "calendar/events/models.py": "class LiveClass:\n    title: str\n",
            "calendar/events/caches.py": "from calendar.util import Cache\n\n\nclass LiveClassCache(Cache): ...\n",
            "shop/__init__.py": "",
            "shop/events/__init__.py": "",
            "shop/events/orders.py": "class OrderShipped:\n    order_id: str\n",
            "billing/__init__.py": "",
            "billing/events/__init__.py": "",  # its models are its events: no application of its own
            "billing/events/models.py": "import pydantic\n\n\nclass InvoicePaid(pydantic.BaseModel):\n    x: int\n",
            "billing/events/utils.py": "def now():\n    return 0\n",
            "agenda/__init__.py": "",
            "agenda/events/__init__.py": "",  # a feature about calendar events: its API models are no events
            "agenda/events/models.py": "import pydantic\n\n\nclass CreateEvent(pydantic.BaseModel):\n    x: int\n",
        },
    )
    assert sorted(inventory(result)) == ["InvoicePaid", "OrderShipped"]


def test_a_task_named_by_an_f_string_is_no_name_to_judge(tmp_path):
    result = run(
        tmp_path,
        {
            "jobs/__init__.py": "",
            "jobs/actors.py": """\
import dramatiq


def make_actor(queue_name):
    @dramatiq.actor(actor_name=f"actor_{queue_name}", queue_name=queue_name)
    def run(payload):
        print(payload)

    return run
""",
        },
    )
    assert sorted(inventory(result)) == ["actor_{}"]
    assert [d.code for d in result.diagnostics] == []  # MSG107 judged the template `actor_{}`


def test_a_channel_variable_with_two_values_publishes_to_both(tmp_path):
    result = run(
        tmp_path,
        {
            "orders/__init__.py": "",
            "orders/publisher.py": """\
import redis


def refunded(order_id, voided):
    r = redis.Redis()
    if voided:
        channel = "orders:voided"
    else:
        channel = "orders:refunded"
    r.publish(channel, order_id)
""",
        },
    )
    published = [("orders.publisher.refunded", "Redis PUBLISH", EmitMode.PUBLISH, "publisher.py:10")]
    assert inventory(result) == {"orders:refunded": ([], published), "orders:voided": ([], published)}


@pytest.mark.parametrize(
    ("receiver", "bus"),
    [
        ("business.views.resource_list", False),  # the module's name says nothing of the object
        ("business_rules", False),
        ("self.busy", False),
        ("svc.messagebus", True),
        ("self.EventBus", True),
        ("app.get_bus()", True),
        ("self.dispatcher", True),
    ],
)
def test_only_the_objects_own_name_makes_it_a_bus(receiver, bus):
    assert bus_like(receiver) is bus


def test_a_signal_a_subclass_puts_in_a_class_attribute_is_sent_by_the_method_that_sends_it(tmp_path):
    result = run(
        tmp_path,
        {
            "board/__init__.py": "",
            "board/views.py": """\
from django.dispatch import Signal

column_archived = Signal()


class ArchiveMixin:
    after_archive_signal = None

    def archive(self, column):
        column.archived = True
        if self.after_archive_signal:
            self.after_archive_signal.send(sender=type(column), column=column)


class ColumnView(ArchiveMixin):
    after_archive_signal = column_archived


def hide_cards(sender, column, **kwargs):
    print(column)


column_archived.connect(hide_cards)
""",
        },
    )
    assert inventory(result)["column_archived"] == (
        [("board.views.hide_cards", "column_archived.connect(...)", ReceiveMode.SUBSCRIBE, "views.py:23")],
        [("board.views.ArchiveMixin.archive", "signal .send(...)", EmitMode.PUBLISH, "views.py:12")],
    )


def test_a_signal_whose_sender_reads_what_its_receivers_return_is_a_query(tmp_path):
    result = run(
        tmp_path,
        {
            "plugins/__init__.py": "",
            "plugins/hooks.py": """\
from blinker import Namespace
from django.dispatch import Signal

_signals = Namespace()
get_exporters = _signals.signal("get-exporters")
export_finished = _signals.signal("export-finished")
order_paid = Signal()


@get_exporters.connect
def _csv(sender, **kwargs):
    return "csv"


def exporters():
    found = [value for _, value in get_exporters.send()]
    export_finished.send(found)
    failures = order_paid.send_robust(sender=None)
    on_commit(lambda: export_finished.send(found))
    announce = export_finished.send
    announce(found)
    return found, failures


def on_commit(callback):
    callback()
""",
        },
    )
    asks = "a signal (blinker.Namespace().signal) whose sender reads what its receivers return asks them"
    assert {m.name: (m.kind, m.kind_evidence()[0].detail) for m in result.system.messages.values()} == {
        "get-exporters": (Kind.QUERY, asks),
        "export-finished": (Kind.EVENT, "a signal (blinker.Namespace().signal) is an event"),
        "order_paid": (Kind.EVENT, "a signal (django.dispatch.Signal) is an event"),
    }
    assert [d.code for d in result.diagnostics] == []


def test_a_signal_re_exported_by_a_star_import_is_the_signal_its_module_defines(tmp_path):
    result = run(
        tmp_path,
        {
            "conf/__init__.py": "",
            "conf/signals/__init__.py": "from conf.signals import event\n",
            "conf/signals/event/__init__.py": (
                "from blinker import Namespace\n\n_signals = Namespace()\n\nfrom conf.signals.event.core import *\n"
            ),
            "conf/signals/event/core.py": (
                "from conf.signals.event import _signals\n\n"
                "registration_created = _signals.signal('registration-created')\n"
            ),
            "conf/registration.py": """\
from conf import signals


def register(user):
    signals.event.registration_created.send(user)


@signals.event.registration_created.connect
def _welcome(sender, **kwargs):
    print(sender)
""",
        },
    )
    assert inventory(result)["registration-created"] == (
        [("conf.registration._welcome", "@registration_created.connect", ReceiveMode.SUBSCRIBE, "registration.py:8")],
        [("conf.registration.register", "signal .send(...)", EmitMode.PUBLISH, "registration.py:5")],
    )


def test_the_tasks_of_an_instance_of_a_projects_celery_subclass_are_tasks(tmp_path):
    result = run(
        tmp_path,
        {
            "library/__init__.py": "",
            "library/worker.py": """\
from celery import Celery


class LibraryCelery(Celery):
    def periodic_task(self, *args, run_every, **kwargs):
        return self.task(*args, **kwargs)


worker = LibraryCelery("library")


@worker.task(name="export_loans")
def export_loans(reader_id):
    return reader_id


@worker.periodic_task(name="expire_holds", run_every=3600)
def expire_holds():
    return None
""",
        },
    )
    assert {name: uses[0] for name, uses in inventory(result).items()} == {
        "export_loans": [("library.worker.export_loans", "the task itself", ReceiveMode.HANDLE, "worker.py:13")],
        "expire_holds": [("library.worker.expire_holds", "the task itself", ReceiveMode.HANDLE, "worker.py:18")],
    }
