"""Every fixture system gives exactly the findings it was written to show: code, file, line and message."""

from __future__ import annotations

import importlib.util
import json
import sys

import jsonschema
import pytest

from tests.conftest import FIXTURES, REPO

SCHEMA = json.loads((REPO / "msglint" / "schemas" / "report-v1.schema.json").read_text())

# A message written as "start …end" matches any text between start and end (YAML parsers word their errors
# differently across versions; what msglint adds around them is checked).
EXPECTED = {
    "catalog/shop": [
        (
            "MSG204",
            "messages.yaml",
            46,
            "event `OrderShipped` is published by 2 components (orders, shipping); its declared owner is shipping; an event has one owner",
        ),
        (
            "MSG203",
            "messages.yaml",
            49,
            "command `GenerateInvoice` is sent by orders but no component in scope handles it",
        ),
        (
            "MSG201",
            "messages.yaml",
            52,
            "command `ChargePayment` is handled by 2 components (payments, fraud); a command has exactly one owner",
        ),
        (
            "MSG101",
            "messages.yaml",
            58,
            "event `SendWelcomeEmail` is named as an instruction ('send' is imperative), but an event records a fact that already happened",
        ),
        (
            "MSG202",
            "messages.yaml",
            60,
            "event `PasswordResetRequested` has a single subscriber, notifications, and looks like an instruction to it (heuristic; signals: the name ends in 'requested', a wish for someone to act; the payload carries addressing or instruction fields (recipient, template))",
        ),
        (
            "MSG103",
            "messages.yaml",
            63,
            "event `CacheInvalidated` names an infrastructure fact ('cache'), not a business one (heuristic: technical vocabulary in the name)",
        ),
        (
            "MSG104",
            "messages.yaml",
            65,
            "event `ProductUpdated` says that data changed ('updated') but not what happened in business terms (heuristic: generic change verb)",
        ),
    ],
    "catalog/bank": [
        (
            "MSG902",
            "catalog.yaml",
            6,
            "message `CloseAcount` is not defined in any catalog or contract msglint read; did you mean `CloseAccount`?",
        ),
        (
            "MSG205",
            "catalog.yaml",
            18,
            "command `FreezeAccount` is published by fraud-detection, but a command goes to the one component that owns the work",
        ),
        (
            "MSG206",
            "catalog.yaml",
            22,
            "event `StatementGenerated` is sent point to point by statements, but an event is published for whoever cares",
        ),
        ("MSG903", "catalog.yaml", 37, "this suppression of technical-event matched no finding; remove it"),
        (
            "MSG102",
            "catalog.yaml",
            42,
            "command `FundsTransferred` is named as a fact ('transferred' is past tense), but a command asks for work that may still be refused",
        ),
        (
            "MSG105",
            "catalog.yaml",
            44,
            "event `TransferProcessing` is named as an ongoing activity ('processing'), not as a completed fact",
        ),
        (
            "MSG106",
            "catalog.yaml",
            46,
            "the suffix of `DepositMoneyEvent` says event, but 'deposit' reads as an instruction",
        ),
        (
            "MSG107",
            "catalog.yaml",
            56,
            "event `AccountBalance` has no verb: neither an instruction nor a fact can be read from its name",
        ),
        (
            "MSG207",
            "catalog.yaml",
            58,
            "sources disagree on the kind of `LoanApproved`: event: service loans lists it under `publishes` (fixtures/catalog/bank/catalog.yaml:26:17); command: service underwriting lists it under `handles` (fixtures/catalog/bank/catalog.yaml:28:15)",
        ),
    ],
    "catalog/ride-hailing": [
        (
            "MSG101",
            "messages.yaml",
            14,
            "event `NotifyDriver` is named as an instruction ('notify' is imperative), but an event records a fact that already happened",
        ),
        (
            "MSG202",
            "messages.yaml",
            14,
            "event `NotifyDriver` has a single subscriber, driver-app, and looks like an instruction to it (heuristic; signals: the name is an instruction ('notify'); the only subscriber, driver-app, is what the name points at (driver))",
        ),
        (
            "MSG201",
            "messages.yaml",
            19,
            "command `CalculateFare` is handled by 2 components (pricing, billing); a command has exactly one owner",
        ),
        (
            "MSG103",
            "messages.yaml",
            25,
            "event `TripDatabaseRowInserted` names an infrastructure fact ('database', 'row', 'inserted'), not a business one (heuristic: technical vocabulary in the name)",
        ),
        (
            "MSG202",
            "messages.yaml",
            27,
            "event `InvoiceGenerationRequested` has a single subscriber, invoicing, and looks like an instruction to it (heuristic; signals: the name ends in 'requested', a wish for someone to act; the only subscriber, invoicing, is what the name points at (invoice))",
        ),
        (
            "MSG901",
            "services/trips.yaml",
            19,
            "service `driver-app` is already defined at fixtures/catalog/ride-hailing/services/dispatch.yaml:9:3; define each service once",
        ),
    ],
    "catalog/broken": [
        (
            "MSG101",
            "good.yaml",
            6,
            "event `ShipOrder` is named as an instruction ('ship' is imperative), but an event records a fact that already happened",
        ),
        ("MSG901", "tabs.yaml", 4, "cannot parse YAML: …(a tab: YAML does not allow tabs for indentation)"),
    ],
    "asyncapi/marketplace": [
        (
            "MSG201",
            "common/messages.yaml",
            10,
            "command `ShipParcel` is handled by 2 components (shipping, warehouse); a command has exactly one owner",
        ),
        (
            "MSG204",
            "common/messages.yaml",
            18,
            "event `ParcelShipped` is published by 2 components (shipping, warehouse); an event has one owner",
        ),
        (
            "MSG101",
            "services/billing.json",
            43,
            "event `SendInvoice` is named as an instruction ('send' is imperative), but an event records a fact that already happened",
        ),
        (
            "MSG202",
            "services/billing.json",
            44,
            "event `InvoiceRequested` has a single subscriber, billing, and looks like an instruction to it (heuristic; signals: the name ends in 'requested', a wish for someone to act; the payload carries addressing or instruction fields (recipient, template))",
        ),
        (
            "MSG205",
            "services/orders.yaml",
            37,
            "command `ShipParcel` is sent by orders into `marketplace.shipping.commands`, which 2 components receive (shipping, warehouse): each of them gets it, but a command goes to the one component that owns the work",
        ),
        (
            "MSG103",
            "services/orders.yaml",
            47,
            "event `OrderRowInserted` names an infrastructure fact ('row', 'inserted'), not a business one (heuristic: technical vocabulary in the name)",
        ),
        ("MSG903", "services/warehouse.yaml", 20, "this suppression of technical-event matched no finding; remove it"),
        (
            "MSG902",
            "services/warehouse.yaml",
            28,
            "$ref 'https://schemas.example.com/stock.json' not fetched: msglint works offline",
        ),
    ],
    "asyncapi/legacy": [
        (
            "MSG901",
            "gitter.yaml",
            1,
            "AsyncAPI 1.2.0 is not supported (msglint reads 2.0.0 to 2.6.0, 3.0.0 and 3.1.0); convert it with the AsyncAPI converter",
        ),
        (
            "MSG902",
            "refs.yaml",
            9,
            "$ref './missing.yaml#/components/messages/UserSignedUp': file not found (fixtures/asyncapi/legacy/missing.yaml)",
        ),
        (
            "MSG902",
            "refs.yaml",
            17,
            "$ref '../../../../etc/passwd' points outside the project root; msglint does not read it",
        ),
        ("MSG902", "refs.yaml", 21, "circular $ref: #/components/messages/Loop -> #/components/messages/Loop"),
    ],
    "eventcatalog/clinic": [
        (
            "MSG201",
            "commands/BookAppointment/index.mdx",
            2,
            "command `book-appointment` is handled by 2 components (Billing Service, Booking Service); a command has exactly one owner",
        ),
        (
            "MSG104",
            "domains/Care/events/PatientUpdated/index.md",
            2,
            "event `PatientUpdated` says that data changed ('updated') but not what happened in business terms (heuristic: generic change verb)",
        ),
        ("MSG901", "events/Broken/index.mdx", 4, "cannot parse YAML: …"),
        (
            "MSG101",
            "events/SendReminder/index.mdx",
            2,
            "event `send-reminder` is named as an instruction ('send' is imperative), but an event records a fact that already happened",
        ),
        (
            "MSG202",
            "events/SendReminder/index.mdx",
            2,
            "event `send-reminder` has a single subscriber, Reminder Service, and looks like an instruction to it (heuristic; signals: the name is an instruction ('send'); the only subscriber, Reminder Service, is what the name points at (reminder))",
        ),
        (
            "MSG902",
            "services/Legacy/index.mdx",
            6,
            "message `cancel-apointment` is not defined in any catalog or contract msglint read",
        ),
    ],
    "plugins/team_rules": [
        ("TEAM001", "catalog.yaml", 9, "event `OrderCancelled` has no description"),
        (
            "TEAM002",
            "msglint.toml",
            2,
            "plugin rule TEAM002 (broken-rule) from `team_rules:BrokenRule` (plugins) failed and reported nothing: RuntimeError: boom",
        ),
    ],
    "python/custom_conventions": [
        (
            "MSG201",
            "warehouse/messages.py",
            18,
            "command `ReserveStock` is handled by 2 components (warehouse.stock.handlers.reserve, warehouse.stock.handlers.reserve_from_overflow); a command has exactly one owner",
        ),
        (
            "MSG101",
            "warehouse/messages.py",
            29,
            "event `PrintPackingSlip` is named as an instruction ('print' is imperative), but an event records a fact that already happened",
        ),
        (
            "MSG202",
            "warehouse/messages.py",
            29,
            "event `PrintPackingSlip` has a single subscriber, warehouse.shipping.handlers.print_slip, and looks like an instruction to it (heuristic; signals: the name is an instruction ('print'); the only subscriber, print_slip, performs an action on what the event names (slip))",
        ),
    ],
    "python/plainbus": [
        (
            "MSG301",
            "src/shop/billing/handlers.py",
            8,
            "shop.billing.handlers.charge_for_order handles the event `OrderPlaced` and raises PaymentRejected: an event reports a fact that can no longer be refused (heuristic: the exception's name reads as a rejection)",
        ),
        (
            "MSG201",
            "src/shop/orders/commands.py",
            7,
            "command `PlaceOrder` is handled by 2 components (shop.orders.handlers.place_order, shop.orders.handlers.place_order_again); a command has exactly one owner",
        ),
        (
            "MSG102",
            "src/shop/orders/commands.py",
            13,
            "command `OrderCancelled` is named as a fact ('cancelled' is past tense), but a command asks for work that may still be refused",
        ),
        (
            "MSG101",
            "src/shop/orders/events.py",
            12,
            "event `SendConfirmationEmail` is named as an instruction ('send' is imperative), but an event records a fact that already happened",
        ),
        (
            "MSG202",
            "src/shop/orders/events.py",
            12,
            "event `SendConfirmationEmail` has a single subscriber, shop.notifications.handlers.send_confirmation, and looks like an instruction to it (heuristic; signals: the name is an instruction ('send'); the payload carries addressing or instruction fields (recipient, template); the only subscriber, send_confirmation, performs an action on what the event names (confirmation))",
        ),
    ],
    "python/lato_app": [
        (
            "MSG201",
            "messages.py",
            4,
            "command `AddEmployee` is handled in 2 modules (employees.add_employee, payroll.prepare_payroll_slot) that its framework composes into one handling on purpose, so this is reported for information: make sure exactly one of them decides and may refuse",
        ),
        (
            "MSG103",
            "messages.py",
            16,
            "event `EmployeeRowSaved` names an infrastructure fact ('row'), not a business one (heuristic: technical vocabulary in the name)",
        ),
    ],
    "python/cqrs_app": [
        (
            "MSG102",
            "app.py",
            12,
            "command `UserFetched` is named as a fact ('fetched' is past tense), but a command asks for work that may still be refused",
        ),
        (
            "MSG301",
            "app.py",
            52,
            "app.WelcomeUserHandler handles the event `UserRegistered` and raises InvalidEmail: an event reports a fact that can no longer be refused (heuristic: the exception's name reads as a rejection)",
        ),
    ],
    "python/celery_app": [
        (
            "MSG102",
            "tasks.py",
            12,
            "command `invoice.generated` is named as a fact ('generated' is past tense), but a command asks for work that may still be refused",
        ),
    ],
    "python/django_signals": [
        (
            "MSG301",
            "receivers.py",
            13,
            "receivers.check_shipment handles the event `order_shipped` and raises ValidationError: an event reports a fact that can no longer be refused (heuristic: the exception's name reads as a rejection)",
        ),
        (
            "MSG101",
            "signals.py",
            4,
            "event `send_invoice` is named as an instruction ('send' is imperative), but an event records a fact that already happened",
        ),
        (
            "MSG202",
            "signals.py",
            4,
            "event `send_invoice` has a single subscriber, receivers.make_invoice, and looks like an instruction to it (heuristic; signals: the name is an instruction ('send'); the only subscriber, make_invoice, performs an action on what the event names (invoice))",
        ),
        (
            "MSG202",
            "signals.py",
            5,
            "event `password_reset_requested` has a single subscriber, receivers.on_password_reset, and looks like an instruction to it (heuristic; signals: the name ends in 'requested', a wish for someone to act; the only subscriber, on_password_reset, calls send_reset_link(), an action on what the event names (reset))",
        ),
    ],
    "python/faststream_app": [
        (
            "MSG201",
            "app.py",
            20,
            "command `billing.charge-card` is handled by 2 components (app.charge_card, app.charge_card_again); a command has exactly one owner (heuristic: msglint takes it for a command from its name alone)",
        ),
    ],
    "python/faststream_chained": [],  # tests/test_presets_faststream_chained.py asserts its facts
    "python/pulsar_app": [],  # tests/test_presets_pulsar.py asserts its facts
    "python/eventsourcing_app": [
        (
            "MSG101",
            "domainmodel.py",
            8,
            "event `Dog.AddTrick` is named as an instruction ('add' is imperative), but an event records a fact that already happened",
        ),
    ],
    "python/mixed": [
        (
            "MSG207",
            "contracts/orders.asyncapi.yaml",
            9,
            "sources disagree on the kind of `order.shipped`: command: `x-msglint-kind: command` on the message (fixtures/python/mixed/contracts/orders.asyncapi.yaml:11:25); event: inherits Event (orders.events.Event) (fixtures/python/mixed/orders/events.py:9:1)",
        ),
        (
            "MSG101",
            "contracts/orders.asyncapi.yaml",
            25,
            "event `NotifyWarehouse` is named as an instruction ('notify' is imperative), but an event records a fact that already happened",
        ),
    ],
    "python/nameko_app": [
        (
            "MSG101",
            "services.py",
            22,
            "event `orders.send_receipt` is named as an instruction ('send' is imperative), but an event records a fact that already happened",
        ),
        (
            "MSG202",
            "services.py",
            22,
            "event `orders.send_receipt` has a single subscriber, receipts, and looks like an instruction to it (heuristic; signals: the name is an instruction ('send'); the only subscriber, receipts, is what the name points at (receipt))",
        ),
    ],
    "python/protean_app": [
        (
            "MSG101",
            "domain.py",
            27,
            "event `ReserveStock` is named as an instruction ('reserve' is imperative), but an event records a fact that already happened",
        ),
        (
            "MSG202",
            "domain.py",
            27,
            "event `ReserveStock` has a single subscriber, domain.StockEventHandler, and looks like an instruction to it (heuristic; signals: the name is an instruction ('reserve'); the only subscriber, domain.StockEventHandler, is what the name points at (stock))",
        ),
    ],
    "python/flow_library": [
        (
            "MSG107",
            "library/lending/events.py",
            42,
            "event `LoanOverdue` has no verb: neither an instruction nor a fact can be read from its name",
        ),
        (
            "MSG101",
            "library/lending/events.py",
            49,
            "event `SendOverdueReminder` is named as an instruction ('send' is imperative), but an event records a fact that already happened",
        ),
        (
            "MSG202",
            "library/lending/events.py",
            49,
            "event `SendOverdueReminder` has a single subscriber, library.notifications.handlers.email_overdue_reminder, and looks like an instruction to it (heuristic; signals: the name is an instruction ('send'); the payload carries addressing or instruction fields (template); the only subscriber, library.notifications.handlers.email_overdue_reminder, is what the name points at (overdue, reminder))",
        ),
    ],
    "python/registry_forms": [
        (
            "MSG107",
            "billing/invoicing/events.py",
            24,
            "event `InvoiceOverdue` has no verb: neither an instruction nor a fact can be read from its name",
        ),
        (
            "MSG201",
            "billing/payments/commands.py",
            12,
            "command `RefundPayment` is handled by 2 components (billing.payments.handlers.refund_payment, billing.payments.handlers.RefundPaymentHandler); a command has exactly one owner",
        ),
    ],
    "python/same_names": [
        (
            "MSG102",
            "store/cart/commands.py",
            22,
            "command `CartAbandoned` is named as a fact ('abandoned' is past tense), but a command asks for work that may still be refused",
        ),
        (
            "MSG104",
            "store/catalog/events.py",
            17,
            "event `PriceChanged` says that data changed ('changed') but not what happened in business terms (heuristic: generic change verb)",
        ),
    ],
    "python/src_layout_app": [
        (
            "MSG203",
            "src/clinic/appointments/commands.py",
            33,
            "command `ConfirmAppointment` is sent by clinic but no component in scope handles it",
        ),
    ],
    "python/task_queues": [
        (
            "MSG102",
            "orders/tasks.py",
            70,
            "command `order_paid` is named as a fact ('paid' is past tense), but a command asks for work that may still be refused",
        ),
    ],
    "python/unresolved_dispatch": [
        (
            "MSG104",
            "hub/devices/events.py",
            13,
            "event `FirmwareUpdated` says that data changed ('updated') but not what happened in business terms (heuristic: generic change verb)",
        ),
        (
            "MSG103",
            "hub/devices/events.py",
            30,
            "event `MqttMessageReceived` names an infrastructure fact ('mqtt'), not a business one (heuristic: technical vocabulary in the name)",
        ),
    ],
    "python/queuebie_app": [
        (
            "MSG102",
            "messages.py",
            17,
            "command `UserWelcomed` is named as a fact ('welcomed' is past tense), but a command asks for work that may still be refused",
        ),
    ],
    "asyncapi/bank": [
        (
            "MSG107",
            "payments.yaml",
            38,
            "event `PaymentEventMessage` has no verb: neither an instruction nor a fact can be read from its name",
        ),
    ],
    "eventcatalog/travel": [
        ("MSG902", "channels/bookings.events/index.mdx", 8, "channel `audit.queue` has no channel page in this catalog"),
        ("MSG902", "domains/Travel/index.mdx", 9, "domain `hotels` has no domain page in this catalog"),
        (
            "MSG902",
            "domains/Travel/subdomains/Flights/index.mdx",
            8,
            "service `fare-servce` has no service page in this catalog; did you mean `fare-service`?",
        ),
        (
            "MSG902",
            "domains/Travel/subdomains/Flights/services/SeatService/index.mdx",
            8,
            "message `seat-released` is not defined in any catalog or contract msglint read",
        ),
        (
            "MSG901",
            "domains/Travel/systems/reservation-system/services/BookingService/events/SeatBooked/versioned/1.1.0/index.mdx",
            4,
            "event `seat-booked` 1.1.0 is also defined by fixtures/eventcatalog/travel/domains/Travel/systems/"
            "reservation-system/services/BookingService/events/SeatBooked/index.mdx; give each version its own page "
            "(older ones under `versioned/<version>/`)",
        ),
        (
            "MSG902",
            "domains/Travel/systems/reservation-system/services/BookingService/index.mdx",
            7,
            "owner `carla` is neither a team nor a user of this catalog",
        ),
        (
            "MSG902",
            "domains/Travel/systems/reservation-system/services/BookingService/index.mdx",
            9,
            "command `book-seat` has no version 2.0.0 (its pages have 1.0.0)",
        ),
        (
            "MSG902",
            "domains/Travel/systems/reservation-system/services/BookingService/index.mdx",
            12,
            "channel `bookings.commands` has no channel page in this catalog",
        ),
        ("MSG902", "events/Fares/FarePublished/index.mdx", 6, "channel `fares.events` has no channel page in this catalog"),
        ("MSG902", "teams/booking-team.mdx", 6, "member `bob` is not a user of this catalog"),
    ],
    "python/blinker_app": [
        (
            "MSG301",
            "bakery/receivers.py",
            29,
            "bakery.receivers.count_stock handles the event `loaf-sold` and raises SaleRefused: an event reports a fact that can no longer be refused (heuristic: the exception's name reads as a rejection)",
        ),
        (
            "MSG101",
            "bakery/signals.py",
            6,
            "event `bake-bread` is named as an instruction ('bake' is imperative), but an event records a fact that already happened",
        ),
        (
            "MSG202",
            "bakery/signals.py",
            6,
            "event `bake-bread` has a single subscriber, bakery.receivers.start_oven, and looks like an instruction to it (heuristic; signals: the name is an instruction ('bake'); the only subscriber, start_oven, calls bake(), the action the name asks for)",
        ),
    ],
    "python/faust_app": [
        (
            "MSG205",
            "app.py",
            17,
            "command `charge-payment` is published by app, but a command goes to the one component that owns the work (heuristic: msglint takes it for a command from its name alone)",
        ),
    ],
}


def matches(expected: str, actual: str) -> bool:
    if "…" not in expected:
        return expected == actual
    start, end = expected.split("…", 1)
    return actual.startswith(start) and actual.endswith(end)


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_fixture_findings_are_exact(run_cli, fixture):
    result = run_cli("check", f"fixtures/{fixture}", "--format", "json")
    document = result.json()
    jsonschema.validate(document, SCHEMA)
    prefix = f"fixtures/{fixture}/"
    found = [
        (d["code"], d["location"]["path"].removeprefix(prefix), d["location"]["line"], d["message"])
        for d in document["diagnostics"]
    ]
    expected = EXPECTED[fixture]
    assert [f[:3] for f in found] == [e[:3] for e in expected]
    for (_, path, line, message), want in zip(found, expected, strict=True):
        assert matches(want[3], message), f"{path}:{line}: {message!r} != {want[3]!r}"
    assert result.exit_code == (1 if any(d["severity"] == "error" for d in document["diagnostics"]) else 0)


def test_every_fixture_folder_is_covered():
    folders = {
        f"{kind.name}/{system.name}"
        for kind in FIXTURES.iterdir()
        if kind.is_dir()
        for system in kind.iterdir()
        if system.is_dir()
    }
    organisation = {f"org/{name.name}" for name in (FIXTURES / "org").iterdir() if name.is_dir()}  # tests/test_org.py
    assert folders - set(EXPECTED) - organisation == {"catalog/clean"}


def test_clean_fixture_has_no_findings(run_cli):
    result = run_cli("check", "fixtures/catalog/clean", "--format", "json")
    assert (result.exit_code, result.json()["diagnostics"]) == (0, [])


def _accuracy():
    if "msglint_bench_accuracy" not in sys.modules:
        spec = importlib.util.spec_from_file_location("msglint_bench_accuracy", REPO / "bench" / "accuracy.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    return sys.modules["msglint_bench_accuracy"]


@pytest.mark.parametrize("truth", sorted((FIXTURES / "python").glob("*/expected.json")), ids=lambda p: p.parent.name)
def test_python_fixture_inventories_match_their_hand_made_truth(truth):
    """Every message the fixture's author listed is found with its kind, handler count and emitter count,
    and nothing else is taken for a message (bench/accuracy.py prints the same over all fixtures)."""
    result = _accuracy().score(truth.parent, json.loads(truth.read_text()))
    assert (result.wrong, result.extra) == ([], [])
    assert result.found == result.kinds == result.handlers == result.emitters == result.messages > 0
