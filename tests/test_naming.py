"""The naming analysis: tokens, identity, grammar, technical and CRUD flags, suggestions, vocabulary."""

from __future__ import annotations

import pytest

from msglint.naming import Vocabulary, analyse_name, base_form, identity_key, past_participle, tokenize


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("OrderCreated", ("order", "created")),
        ("orderCreated", ("order", "created")),
        ("order_created", ("order", "created")),
        ("order-created", ("order", "created")),
        ("ORDER_CREATED", ("order", "created")),
        ("order.created.v1", ("order", "created", "v1")),
        ("shop/orders/{orderId}/created", ("shop", "orders", "created")),
        ("users/:id/deleted", ("users", "deleted")),
        ("Order Created", ("order", "created")),
        ("HTTPRequestFailed", ("http", "request", "failed")),
        ("S3ObjectCreated", ("s3", "object", "created")),
        ("OrderPlacedV2", ("order", "placed", "v2")),
    ],
)
def test_tokenize_every_casing(name, tokens):
    assert tokenize(name) == tokens


@pytest.mark.parametrize(
    "name",
    [
        "OrderCreated",
        "order_created",
        "orderCreated",
        "order.created",
        "order.created.v1",
        "OrderCreatedEvent",
        "ORDER_CREATED",
        "order-created",
        "OrderCreatedMessage",
        "OrderCreatedDomainEvent",
    ],
)
def test_identity_key_joins_spellings(name):
    assert identity_key(name) == "order_created"


@pytest.mark.parametrize(
    ("name", "grammar", "action", "suggestion"),
    [
        ("SendWelcomeEmail", "imperative", "send", "WelcomeEmailSent"),
        ("OrderCreated", "past", "created", "CreateOrder"),
        ("order.created.v1", "past", "created", "order.create.v1"),
        ("OrderDetails", "noun", None, None),
        ("CacheInvalidated", "past", "invalidated", "InvalidateCache"),
        ("OrderProcessing", "progressive", "processing", "OrderProcessed"),
        ("MeterRead", "past", "read", "ReadMeter"),
        ("ReadMeter", "imperative", "read", "MeterRead"),
        ("MarkOrderAsPaid", "imperative", "mark", "OrderMarkedAsPaid"),
        ("BidderHasBeenOverbid", "past", "overbid", "OverbidBidder"),
        ("CreateOrderRequest", "imperative", "create", "OrderCreated"),
        ("ChangeOrderStatus", "imperative", "change", "OrderStatusChanged"),
        ("send_welcome_email", "imperative", "send", "welcome_email_sent"),
        ("UserSignedUp", "past", "signed", "SignUpUser"),
        ("OrderComplete", "noun", None, None),
        ("checkout", "noun", None, None),
        ("ShouldNotifyUserEnteredRoom", "imperative", "notify", "UserEnteredRoomNotified"),
        ("AddedItemToCart", "past", "added", "AddItemToCart"),
        ("request-tearing-down", "progressive", "tearing", "request-torn-down"),
        ("StreamStartEvent", "noun", None, None),
        ("StartStreamCommand", "imperative", "start", "StreamStarted"),
        ("PostComment", "imperative", "post", "CommentPosted"),
        ("BeforeSave", "noun", None, None),
        ("after_commit", "noun", None, None),
        ("OrderReadyForShipping", "noun", None, None),
        ("SendMessage", "imperative", "send", "MessageSent"),
        ("PublishEvent", "imperative", "publish", "EventPublished"),
        ("InvoiceSentForProcessing", "past", "sent", "SendInvoiceForProcessing"),
    ],
)
def test_grammar_action_and_suggestion(name, grammar, action, suggestion):
    analysis = analyse_name(name)
    assert (analysis.grammar, analysis.action_word, analysis.suggestion) == (grammar, action, suggestion)


@pytest.mark.parametrize(("name", "hook"), [("BeforeSave", "before"), ("on-create", "on"), ("OrderDetails", None)])
def test_lifecycle_hooks_are_not_instructions(name, hook):
    assert analyse_name(name).hook == hook


@pytest.mark.parametrize(
    ("name", "technical", "crud"),
    [
        ("CacheInvalidated", True, False),
        ("DatabaseRowInserted", True, False),
        ("EmailJobQueued", True, False),
        ("RecordUpdated", True, False),
        ("OrderUpdated", False, True),
        ("CustomerChanged", False, True),
        ("UpdateCustomer", False, True),
        ("OrderCreated", False, False),
        ("UserChangedRoom", False, False),
    ],
)
def test_technical_and_crud(name, technical, crud):
    analysis = analyse_name(name)
    assert (analysis.technical, analysis.crud) == (technical, crud)


@pytest.mark.parametrize(
    ("name", "suffix"),
    [
        ("OrderCreatedCommand", "command"),
        ("CreateOrderEvent", "event"),
        ("GetOrderQuery", "query"),
        ("OrderCreated", None),
        ("CreateOrderRequest", None),
        ("Event", None),
    ],
)
def test_kind_suffix(name, suffix):
    assert analyse_name(name).kind_suffix == suffix


@pytest.mark.parametrize(
    ("verb", "participle"),
    [
        ("send", "sent"),
        ("create", "created"),
        ("ship", "shipped"),
        ("copy", "copied"),
        ("pay", "paid"),
        ("write", "written"),
        ("read", "read"),
        ("begin", "begun"),
        ("cancel", "cancelled"),
        ("submit", "submitted"),
        ("freeze", "frozen"),
        ("play", "played"),
    ],
)
def test_inflection_both_ways(verb, participle):
    assert past_participle(verb) == participle
    assert base_form(participle) == verb


def test_vocabulary_extends_every_list():
    assert analyse_name("FrobnicateWidget").grammar == "noun"
    assert analyse_name("FrobnicateWidget", Vocabulary(extra_verbs=frozenset({"frobnicate"}))).grammar == "imperative"
    assert analyse_name("OutboxDrained").technical
    assert not analyse_name("OutboxDrained", Vocabulary(domain_words=frozenset({"outbox"}))).technical
    assert analyse_name("LedgerClosed", Vocabulary(technical_words=frozenset({"ledger"}))).technical_words == (
        "ledger",
    )


def test_to_dict_is_json_ready():
    data = analyse_name("CacheInvalidated").to_dict()
    assert data["tokens"] == ["cache", "invalidated"]
    assert data["grammar"] == "past"
    assert data["technical"] is True
    assert data["suggestion"] == "InvalidateCache"


def test_other_plausible_readings_are_kept_with_their_reasons():
    assert analyse_name("MarkPaid").other_readings == (
        ("imperative", "'mark' first may be an order, 'paid' the state it asks for"),
    )
    assert analyse_name("RecordParcelScanned").may_read_as("imperative") == (
        "'record' first may be an order, 'scanned' the state it asks for"
    )
    assert analyse_name("SilenceAlarm").may_read_as("imperative") == "'silence' first may be a verb acting on 'alarm'"
    # a noun that merely can be a verb, before a past form, is the subject of a fact: no order reading
    assert analyse_name("OrderPlaced").other_readings == ()
    assert analyse_name("BookReturned").other_readings == ()
    assert analyse_name("sync_supplier_feed").grammar == "imperative"  # `feed` is no past form


def test_a_command_name_that_may_read_as_an_order_is_a_warning_that_says_so(tmp_path, run_cli):
    (tmp_path / "messages.yaml").write_text(
        "msglint: 1\nmessages:\n  MarkPaid: {kind: command}\n  OrderPlaced: {kind: command}\n"
        "  SilenceAlarm: {kind: command}\n"
    )
    found = [
        (d["code"], d["severity"], d["location"]["line"], d["message"])
        for d in run_cli("check", ".", "--format", "json", cwd=tmp_path).json()["diagnostics"]
    ]
    assert found == [
        (
            "MSG102",
            "warning",
            3,
            "command `MarkPaid` is named as a fact ('paid' is past tense), but a command asks for work that may "
            "still be refused (read as past; 'mark' first may be an order, 'paid' the state it asks for, so this "
            "is a warning)",
        ),
        (
            "MSG102",
            "error",
            4,
            "command `OrderPlaced` is named as a fact ('placed' is past tense), but a command asks for work that "
            "may still be refused",
        ),
    ]


@pytest.mark.parametrize(
    ("name", "grammar", "suggestion"),
    [
        ("UnarchiveProject", "imperative", "ProjectUnarchived"),  # a known verb behind a prefix
        ("ResubmitClaim", "imperative", "ClaimResubmitted"),
        ("DeprovisionTenant", "imperative", "TenantDeprovisioned"),
        ("CheckoutCart", "imperative", "CartCheckedOut"),  # a closed compound before its object
        ("LoginUser", "imperative", "UserLoggedIn"),
        ("SetupAccount", "imperative", "AccountSetUp"),
        ("LoginAttempted", "past", "AttemptLogin"),  # ... but not before a fact
        ("SetupIntentCreated", "past", "CreateSetupIntent"),
        ("acmeshopservice.checkout_complete", "noun", None),  # ... nor before a state
        ("turnOff", "imperative", "turnedOff"),  # phrasal verbs, also as topic segments
        ("TurnOnLights", "imperative", "LightsTurnedOn"),
        ("device/turn/on", "imperative", "device/turned/on"),
        ("notifyOrderShipped", "imperative", "orderShippedNotified"),  # telling someone of a fact
        ("EmailJobQueued", "past", "QueueEmailJob"),  # a technical fact about an email job
    ],
)
def test_verbs_with_prefixes_particles_and_objects(name, grammar, suggestion):
    analysis = analyse_name(name)
    assert (analysis.grammar, analysis.suggestion) == (grammar, suggestion)


@pytest.mark.parametrize(
    ("name", "grammar", "action"),
    [
        ("async_uninstall", "imperative", "uninstall"),
        ("bulk_import_products", "imperative", "import"),
        ("async_task_done", "past", "done"),
        ("sync_supplier_feed", "imperative", "sync"),
    ],
)
def test_a_word_that_says_how_before_the_verb(name, grammar, action):
    analysis = analyse_name(name)
    assert (analysis.grammar, analysis.action_word) == (grammar, action)
