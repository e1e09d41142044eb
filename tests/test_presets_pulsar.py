"""Apache Pulsar (pulsar-client): Records are messages, producers built with a record schema send them,
subscriptions deliver them to a message listener or to a receive loop msglint records as unresolved."""

from __future__ import annotations

from tests.conftest import write

FIXTURE = "fixtures/python/pulsar_app"


def _inventory(document: dict, prefix: str) -> dict:
    def place(use: dict) -> tuple:
        return (use["location"]["path"].removeprefix(prefix), use["location"]["line"])

    return {
        m["name"]: (
            m["kind"],
            sorted((h["component"], *place(h), h["via"]) for h in m["handlers"]),
            sorted((e["origin"], *place(e), e["via"]) for e in m["emitters"]),
        )
        for m in document["messages"]
    }


def _unresolved(document: dict, prefix: str) -> list[tuple]:
    return [
        (u["role"], u["location"]["path"].removeprefix(prefix), u["location"]["line"], u["detail"], u["messages"])
        for u in document["unresolved"]
    ]


def test_records_producers_and_listeners_are_read_from_the_fixture(run_cli):
    document = run_cli("check", FIXTURE, "--format", "json").json()
    prefix = f"{FIXTURE}/"
    assert _inventory(document, prefix) == {
        # a topic without a record schema is itself the message
        "audit-trail": (
            "unknown",
            [],
            [("hotel.producers.log_audit", "hotel/producers.py", 40, "Pulsar producer.send(...) to 'audit-trail'")],
        ),
        "CleanRoom": (
            "command",
            [
                (
                    "hotel.consumers.on_cleaning",
                    "hotel/consumers.py",
                    22,
                    "Pulsar subscribe(... on 'cleaning', message_listener=on_cleaning)",
                )
            ],
            [
                (
                    "hotel.producers.request_cleaning",
                    "hotel/producers.py",
                    13,
                    "Pulsar producer.send(...) to 'cleaning'",
                )
            ],
        ),
        # sent through the project's `publish(record, topic)`: read where it is called
        "InspectRoom": (
            "command",
            [],
            [
                (
                    "hotel.producers.request_inspection",
                    "hotel/producers.py",
                    36,
                    "Pulsar producer.send(...) to 'inspections' in publish()",
                )
            ],
        ),
        "MinibarRestocked": (
            "event",
            [],
            [
                (
                    "hotel.producers.restock",
                    "hotel/producers.py",
                    32,
                    "Pulsar producer.send(...) to 'minibar' in publish()",
                )
            ],
        ),
        "RoomCleaned": (
            "event",
            [],
            [
                (
                    "hotel.producers.Housekeeper.finish",
                    "hotel/producers.py",
                    21,
                    "Pulsar producer.send_async(...) to 'rooms-cleaned'",
                )
            ],
        ),
    }
    # receive loops: unknown, not absent (no MSG203 for InspectRoom); `subscribe_to_topic`'s record and topic are
    # read where it is called
    assert _unresolved(document, prefix) == [
        (
            "receive",
            "hotel/consumers.py",
            23,
            "hotel.consumers.client.subscribe(...) subscribes to RoomCleaned on 'rooms-cleaned'"
            " with no handler msglint can read",
            ["room_cleaned"],
        ),
        (
            "receive",
            "hotel/consumers.py",
            24,
            "hotel.consumers.client.subscribe(...) subscribes to InspectRoom on 'inspections'"
            " with no handler msglint can read",
            ["inspect_room"],
        ),
        (
            "receive",
            "hotel/consumers.py",
            25,
            "hotel.consumers.client.subscribe(...) subscribes to MinibarRestocked on 'minibar'"
            " with no handler msglint can read",
            ["minibar_restocked"],
        ),
    ]
    assert document["diagnostics"] == []


def test_record_kinds_come_from_a_project_base_or_the_module_and_payloads_are_no_messages(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(
        tmp_path,
        "rooms/events.py",
        """
        from pulsar.schema import *


        class RoomPayload(Record):
            room = String()


        class RoomTurnover(Record):
            data = RoomPayload
        """,
    )
    write(
        tmp_path,
        "rooms/schema.py",
        """
        import pulsar.schema


        class IntegrationEvent(pulsar.schema.Record):
            source = pulsar.schema.String()


        class RoomTurnoverDone(IntegrationEvent):
            room = pulsar.schema.String()
        """,
    )
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    evidence = {
        m["name"]: [(e["kind"], e["detail"], e["strength"]) for e in m["evidence"] if e["source"] == "python"]
        for m in document["messages"]
    }
    assert evidence == {
        "RoomTurnover": [("event", "a Pulsar Record in the module `rooms.events`", "convention")],
        "RoomTurnoverDone": [
            ("event", "a Pulsar Record deriving IntegrationEvent (rooms.schema.IntegrationEvent)", "declared")
        ],
    }


def test_a_send_on_something_that_is_no_pulsar_producer_sends_nothing(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(
        tmp_path,
        "rooms/mail.py",
        """
        from pulsar.schema import Record, String


        class Outbox:
            def create_producer(self, topic):
                return self

            def send(self, body): ...


        class RoomBooked(Record):
            room = String()


        def announce(outbox: Outbox, smtp) -> None:
            outbox.create_producer("newsletter").send(b"hello")
            smtp.create_producer("bookings").send(b"booked")
            Outbox().create_producer("guests").send(b"welcome")
        """,
    )
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    assert [(m["name"], m["handlers"], m["emitters"]) for m in document["messages"]] == [("RoomBooked", [], [])]
    assert [u for u in document["unresolved"] if "Pulsar" in u["detail"]] == []


def test_a_subscription_with_no_record_schema_delivers_its_topic(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(
        tmp_path,
        "desk/listen.py",
        """
        import pulsar

        ARRIVALS = "guest-arrivals"


        def greet(consumer, message) -> None:
            consumer.acknowledge(message)


        def start(client: pulsar.Client) -> None:
            client.subscribe(ARRIVALS, "front-desk", message_listener=greet)
            consumer = client.subscribe(topic=ARRIVALS, subscription_name="audit")
        """,
    )
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    assert _inventory(document, "") == {
        "guest-arrivals": (
            "unknown",
            [
                (
                    "desk.listen.greet",
                    "desk/listen.py",
                    11,
                    "Pulsar subscribe(... on 'guest-arrivals', message_listener=greet)",
                )
            ],
            [],
        )
    }
    assert _unresolved(document, "") == [
        (
            "receive",
            "desk/listen.py",
            12,
            "client.subscribe(...) subscribes to 'guest-arrivals' with no handler msglint can read",
            ["guest_arrivals"],
        )
    ]


def test_a_schema_given_to_a_helper_is_read_at_its_calls_and_an_unreadable_schema_may_carry_anything(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(
        tmp_path,
        "desk/relay.py",
        """
        import pulsar
        from pulsar.schema import AvroSchema, Record, String


        class CheckIn(Record):
            guest = String()


        class Dispatcher:
            def _publish(self, message, topic, schema):
                pulsar.Client("pulsar://broker").create_producer(topic, schema=schema).send(message)

            def check_in(self, guest: str) -> None:
                self._publish(CheckIn(guest=guest), "check-ins", AvroSchema(CheckIn))


        def listen(schema_from_registry) -> None:
            pulsar.Client("pulsar://broker").subscribe("check-ins", "desk", schema=schema_from_registry)
        """,
    )
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    assert _inventory(document, "") == {
        "CheckIn": (
            "command",
            [],
            [
                (
                    "desk.relay.Dispatcher.check_in",
                    "desk/relay.py",
                    14,
                    "Pulsar producer.send(...) to 'check-ins' in _publish()",
                )
            ],
        )
    }
    assert _unresolved(document, "") == [
        (
            "receive",
            "desk/relay.py",
            18,
            "pulsar.Client().subscribe(...) subscribes on 'check-ins' with a schema msglint cannot read",
            [],
        )
    ]
