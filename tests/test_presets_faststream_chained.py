"""FastStream publishers called in one go (`broker.publisher("t").publish(x)`), on a module broker or on the
broker `__init__` was given, annotated with a module-level alias of the broker class."""

from __future__ import annotations

from tests.conftest import write

FIXTURE = "fixtures/python/faststream_chained"


def _inventory(document: dict, prefix: str) -> dict:
    def place(use: dict) -> tuple:
        return (use["location"]["path"].removeprefix(prefix), use["location"]["line"])

    return {
        m["name"]: (
            sorted((h["component"], *place(h)) for h in m["handlers"]),
            sorted((e["origin"], *place(e), e["via"]) for e in m["emitters"]),
        )
        for m in document["messages"]
    }


def test_chained_publishers_on_a_module_broker_and_an_aliased_init_parameter(run_cli):
    document = run_cli("check", FIXTURE, "--format", "json").json()
    assert _inventory(document, f"{FIXTURE}/") == {
        "shelf_add_book": (
            [("shelf.app.add_book", "shelf/app.py", 7)],
            [
                (
                    "shelf.publishing.ShelfPublisher.add",
                    "shelf/publishing.py",
                    19,
                    "self.broker.publisher().publish(..., 'shelf_add_book')",
                )
            ],
        ),
        "shelf_book_removed": (
            [("shelf.app.forget_book", "shelf/app.py", 12)],
            [
                (
                    "shelf.publishing.remove",
                    "shelf/publishing.py",
                    24,
                    "shelf.app.broker.publisher().publish(..., 'shelf_book_removed')",
                )
            ],
        ),
    }
    # the printer's `publisher("shelf_print_label").publish(...)` is no broker's: no message, nothing unresolved
    assert (document["diagnostics"], document["unresolved"]) == ([], [])


def test_a_chained_publisher_on_a_parameter_annotated_with_the_broker_class_itself(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(
        tmp_path,
        "orders/publishing.py",
        """
        from faststream.kafka import KafkaBroker


        class Orders:
            def __init__(self, broker: KafkaBroker, mailer) -> None:
                self.broker = broker
                self.mailer = mailer

            async def place(self, order: dict) -> None:
                await self.broker.publisher("order-placed").publish(order)
                await self.mailer.publisher("order-mail").publish(order)
        """,
    )
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    assert _inventory(document, "") == {
        "order-placed": (
            [],
            [
                (
                    "orders.publishing.Orders.place",
                    "orders/publishing.py",
                    10,
                    "self.broker.publisher().publish(..., 'order-placed')",
                )
            ],
        )
    }


def test_a_publisher_kept_in_a_local_variable_publishes_to_its_topic(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(
        tmp_path,
        "depot/producer.py",
        """
        from faststream.kafka import KafkaBroker

        broker = KafkaBroker("kafka:9092")


        async def report_lost(crate_id: str) -> None:
            lost = broker.publisher("crate.lost")
            await lost.publish({"crate_id": crate_id})


        class Dispatcher:
            def __init__(self) -> None:
                self.broker = KafkaBroker("kafka:9092")

            async def report_sent(self, crate_id: str) -> None:
                sent = self.broker.publisher(topic="crate.sent")
                await sent.publish(message={"crate_id": crate_id})
        """,
    )
    document = run_cli("check", str(tmp_path), "--format", "json").json()
    assert _inventory(document, f"{tmp_path}/") == {
        "crate.lost": ([], [("depot.producer.report_lost", "depot/producer.py", 8, "lost.publish(..., 'crate.lost')")]),
        "crate.sent": (
            [],
            [("depot.producer.Dispatcher.report_sent", "depot/producer.py", 17, "sent.publish(..., 'crate.sent')")],
        ),
    }
    assert document["unresolved"] == []


def test_the_broker_of_a_faststream_application_subscribes_and_publishes(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(
        tmp_path,
        "depot/main.py",
        """
        from faststream import FastStream
        from faststream.kafka import KafkaBroker

        broker = KafkaBroker("kafka:9092")
        app = FastStream(broker)


        @app.broker.subscriber("crate.registered")
        async def on_registered(msg: dict) -> None:
            await app.broker.publish(msg, "crate.stored")
        """,
    )
    document = run_cli("check", str(tmp_path), "--format", "json").json()
    assert _inventory(document, f"{tmp_path}/") == {
        "crate.registered": ([("depot.main.on_registered", "depot/main.py", 8)], []),
        "crate.stored": (
            [],
            [("depot.main.on_registered", "depot/main.py", 10, "depot.main.app.broker.publish(..., 'crate.stored')")],
        ),
    }
