"""The naming analysis: tokens, identity, grammar, technical and CRUD flags, suggestions, vocabulary."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from msglint.naming import Reading, Vocabulary, analyse_name, base_form, identity_key, past_participle, tokenize
from tests.conftest import write


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


def test_a_bare_number_is_part_of_the_identity_and_a_version_is_not():
    assert [identity_key(n) for n in ("example-000", "example-001", "orderMessage2", "OrderCreatedV2")] == [
        "example_000",
        "example_001",
        "order_message_2",
        "order_created",
    ]


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


@pytest.mark.parametrize(
    ("name", "hook"),
    [
        ("BeforeSave", "before"),
        ("on-create", "on"),
        ("post_ledger_write", "post"),
        ("post_comment", None),
        ("OrderDetails", None),
    ],
)
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


def test_every_plausible_reading_is_kept_with_a_weight_and_a_reason():
    assert analyse_name("MarkPaid").readings == (
        Reading("imperative", 0.6, "'mark' first asks for 'paid', its complement", "mark"),
        Reading("past", 0.4, "'paid' at the end may be a past form", "paid"),
    )
    assert analyse_name("LogEntryCreated").readings == (
        Reading("past", 0.65, "'created' at the end is a past form", "created"),
        Reading("imperative", 0.35, "'log' first may be an order, the rest what it acts on", "log"),
    )
    assert analyse_name("SilenceAlarm").may_read_as("imperative") == "'silence' first may be a verb acting on 'alarm'"
    assert [r.grammar for r in analyse_name("BeforeSave").readings] == ["hook"]
    # a noun that merely can be a verb, before a past form, is the subject of a fact: no order reading
    assert [r.grammar for r in analyse_name("OrderPlaced").readings] == ["past"]
    assert [r.grammar for r in analyse_name("BookReturned").readings] == ["past"]
    assert analyse_name("sync_supplier_feed").grammar == "imperative"  # `feed` is no past form


@pytest.mark.parametrize("name", ["OrderResult", "ReportPaymentSettledResponse", "TagAdded", "DeleteArchivedOrders"])
def test_weights_add_up_to_one_and_the_strongest_reading_is_the_grammar(name):
    analysis = analyse_name(name)
    weights = [r.weight for r in analysis.readings]
    assert round(sum(weights), 2) == 1.0
    assert analysis.readings[0].grammar == analysis.grammar
    assert weights[0] == max(weights)


@pytest.mark.parametrize(
    ("name", "kind", "reading"),
    [
        ("MarkPaid", "command", "imperative"),
        ("MarkPaid", "event", "past"),
        ("CreateOrderResponse", "event", "reply"),  # a reply answers a request: no tense to judge
        ("SendWelcomeEmail", "event", None),
        ("OrderPlaced", "command", None),
    ],
)
def test_the_reading_that_suits_a_kind(name, kind, reading):
    found = analyse_name(name).reading_for(kind)
    assert (found.grammar if found else None) == reading


def test_naming_rules_are_errors_only_when_no_reading_suits_the_kind(tmp_path, run_cli):
    (tmp_path / "messages.yaml").write_text(
        "msglint: 1\nmessages:\n  LogEntryCreated: {kind: command}\n  OrderPlaced: {kind: command}\n"
        "  SilenceAlarm: {kind: command}\n  FlagAccountSuspended: {kind: event}\n  SendWelcomeEmail: {kind: event}\n"
        "  MarkInvoicePaid: {kind: command}\n"
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
            "command `LogEntryCreated` is named as a fact ('created' is past tense), but a command asks for work that "
            "may still be refused (read as past (0.65); it may also read as imperative (0.35): 'log' first may be an "
            "order, the rest what it acts on, so this is a warning)",
        ),
        (
            "MSG102",
            "error",
            4,
            "command `OrderPlaced` is named as a fact ('placed' is past tense), but a command asks for work that "
            "may still be refused",
        ),
        (
            "MSG101",
            "warning",
            6,
            "event `FlagAccountSuspended` is named as an instruction ('flag' is imperative), but an event records a "
            "fact that already happened (read as imperative (0.60); it may also read as past (0.40): 'suspended' at "
            "the end may be a past form, so this is a warning)",
        ),
        (
            "MSG101",
            "error",
            7,
            "event `SendWelcomeEmail` is named as an instruction ('send' is imperative), but an event records a fact "
            "that already happened",
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


@pytest.mark.parametrize(
    ("name", "grammar", "action", "suggestion"),
    [
        # a verb first with a participle complement is an order, the participle the state it asks for
        ("MarkShipmentLost", "imperative", "mark", "ShipmentMarkedLost"),
        ("SetTicketResolved", "imperative", "set", "TicketSetResolved"),
        ("RecordMeterReplaced", "imperative", "record", "MeterRecordedReplaced"),
        ("purge_revoked_keys", "imperative", "purge", "revoked_keys_purged"),
        ("LogEntryCreated", "past", "created", "CreateLogEntry"),  # `log entry` is a compound noun
        # prefixed verbs
        ("UnpublishArticle", "imperative", "unpublish", "ArticleUnpublished"),
        ("RetagPhoto", "imperative", "retag", "PhotoRetagged"),
        ("DisenrollStudent", "imperative", "disenroll", "StudentDisenrolled"),
        ("m.reaction", "noun", None, None),  # not re-action
        # noun-verb homographs by position
        ("PlanRoute", "imperative", "plan", "RoutePlanned"),
        ("RoutePlanned", "past", "planned", "PlanRoute"),
        ("ReportDefect", "imperative", "report", "DefectReported"),
        ("DefectReported", "past", "reported", "ReportDefect"),
        ("project_transfer", "noun", None, None),  # as much a noun as a verb at the end: a compound
        ("CHANNEL_PINNED_MESSAGE_DELETE", "imperative", "delete", "CHANNEL_PINNED_MESSAGE_DELETED"),
        # closed compounds are verbs before an object, and on their own at the end of a path
        ("LogoutDevice", "imperative", "logout", "DeviceLoggedOut"),
        ("BackupMailbox", "imperative", "backup", "MailboxBackedUp"),
        ("carts/checkout", "imperative", "checkout", "carts/checked-out"),
        ("LogoutRequested", "past", "requested", "RequestLogout"),
        ("CheckoutSessionExpired", "past", "expired", "ExpireCheckoutSession"),
        # phrasal verbs in every casing
        ("powerDown", "imperative", "power", "poweredDown"),
        ("opt_out", "imperative", "opt", "opted_out"),
        ("lamp/switch/off", "imperative", "switch", "lamp/switched/off"),
        # an order to pass a fact on
        ("publishInvoiceSettled", "imperative", "publish", "invoiceSettledPublished"),
        ("email_verification_sent", "past", "sent", "send_email_verification"),  # an email verification was sent
        # namespaced names: the segment that names the message, envelope words and versions dropped
        ("org.example.shipping.parcel-delivered.v3", "past", "delivered", "org.example.shipping.deliver-parcel.v3"),
        ("warehouse/stock/reserved", "past", "reserved", "warehouse/stock/reserve"),
        (
            "acme.crm.customer.customer-merged.event.json.v1",
            "past",
            "merged",
            "acme.crm.customer.merge-customer.event.json.v1",
        ),
        ("render_template.action_view", "imperative", "render", "template_rendered.action_view"),
        # brands and acronyms are one word and no verb
        ("SendGridEmailBounced", "past", "bounced", "BounceSendGridEmail"),
        ("PayPalRefundIssued", "past", "issued", "IssuePayPalRefund"),
        ("eBayListingEnded", "past", "ended", "EndeBayListing"),
        ("SMSDeliveryFailed", "past", "failed", "FailSMSDelivery"),
        # -ing words: things and trades are nouns, a trailing activity is going on
        ("Wedding", "noun", None, None),
        ("Onboarding", "noun", None, None),
        ("ProductListing", "noun", None, None),
        ("InvoiceProcessing", "progressive", "processing", "InvoiceProcessed"),
        ("Pulling", "progressive", "pulling", "Pulled"),
        # a participle inside an object describes it
        ("DeleteExpiredCarts", "imperative", "delete", "ExpiredCartsDeleted"),
        ("ExpiredCarts", "noun", None, None),
        ("invoice.marked_uncollectible", "past", "marked", "invoice.mark_uncollectible"),
        # hooks: named for when they run
        ("pre_delete", "noun", None, None),
        ("onInvoicePaid", "noun", None, None),
        ("PostComment", "imperative", "post", "CommentPosted"),
        ("AfterQueryExecuted", "past", "executed", "ExecuteAfterQuery"),
    ],
)
def test_patterns_of_real_names(name, grammar, action, suggestion):
    analysis = analyse_name(name)
    assert (analysis.grammar, analysis.action_word, analysis.suggestion) == (grammar, action, suggestion)


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("PayPalRefundIssued", ("paypal", "refund", "issued")),
        ("pay_pal_refund_issued", ("paypal", "refund", "issued")),
        ("iOSBuildFinished", ("ios", "build", "finished")),
        ("eBayListingEnded", ("ebay", "listing", "ended")),
        ("domain.context.entity.invoice-paid.event.avro.v2", ("invoice", "paid")),
        ("acme.payments.refund.issued.msg.v1", ("refund", "issued")),
    ],
)
def test_the_words_that_are_judged(name, tokens):
    assert analyse_name(name).tokens == tokens


def test_a_brand_or_an_acronym_is_never_the_verb():
    assert analyse_name("PostHogEventCaptured").other_readings == ()  # no 'post' order reading
    assert analyse_name("ShipStationLabelPrinted").grammar == "past"
    assert analyse_name("PINChanged").action_word == "changed"


@pytest.mark.parametrize(
    ("name", "technical_words"),
    [
        ("SessionBooked", ()),  # business words with a technical sense stay business
        ("TemplatePublished", ()),
        ("AccountOpened", ()),
        ("MessageSent", ()),
        ("DocumentUploaded", ()),
        ("ReportGenerated", ()),
        ("ContainerLoaded", ()),
        ("SessionSocketClosed", ("socket",)),  # ... unless the rest of the name says otherwise
        ("CircuitBreakerTripped", ("circuit breaker",)),
        ("workflow_job.waiting", ("job",)),
        ("Acme.Storage.FileArchived", ("storage",)),
        ("WorkerStarting", ("worker",)),  # words for running software count beside what happens to it ...
        ("AgentIdle", ()),
        ("ServiceBooked", ()),  # ... and not beside a business fact
        ("EventCancelled", ()),  # an event of the business: a concert, a match
        ("io.acme.billing.InvoicePaid", ()),  # a reverse domain name says nothing
        ("kafka.orders.created", ()),  # the transport in a namespace is not the message
        ("render_template.action_view", ("action_view",)),
        ("pre_save", ("pre_save hook",)),
        ("onOrderPlaced", ()),
        ("unsubscribe", ("unsubscribe",)),
        ("NodeRebooted", ("node", "rebooted")),
    ],
)
def test_technical_means_infrastructure_or_protocol(name, technical_words):
    assert analyse_name(name).technical_words == technical_words


def test_domain_words_keep_a_word_business_and_a_product_name_whole():
    vocabulary = Vocabulary(domain_words=frozenset({"queue", "printnanny"}))
    assert analyse_name("QueueClosed").technical
    assert not analyse_name("QueueClosed", vocabulary).technical
    assert analyse_name("PrintNannyReleased", vocabulary).tokens == ("printnanny", "released")
    assert analyse_name("PrintNannyReleased", vocabulary).suggestion == "ReleasePrintNanny"


def test_domain_words_from_the_configuration_reach_the_rules_and_the_name_command(tmp_path, run_cli):
    (tmp_path / "messages.yaml").write_text(
        "msglint: 1\nservices:\n  yard:\n    publishes: [QueueClosed]\nmessages:\n  QueueClosed: {kind: event}\n"
    )
    before = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()["diagnostics"]
    (tmp_path / "msglint.toml").write_text('[naming]\ndomain-words = ["queue", "PrintNanny"]\n')
    after = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()["diagnostics"]
    assert [d["code"] for d in before] == ["MSG103"]
    assert after == []
    named = json.loads(run_cli("name", "PrintNannyReleased", "--format", "json", cwd=tmp_path).out)
    assert named["tokens"] == ["printnanny", "released"]


def test_extra_verbs_from_the_configuration_reach_the_python_reader(tmp_path, run_cli):
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text("")
    (tmp_path / "shop" / "commands.py").write_text(
        "from dataclasses import dataclass\n\n\n@dataclass\nclass FrobnicateWidget:\n    widget_id: str\n"
    )
    (tmp_path / "msglint.toml").write_text("")
    before = run_cli("catalog", ".", "--format", "json", cwd=tmp_path).json()["messages"]
    (tmp_path / "msglint.toml").write_text('[naming]\nextra-verbs = ["frobnicate"]\n')
    after = run_cli("catalog", ".", "--format", "json", cwd=tmp_path).json()["messages"]
    assert before == []
    assert [(m["name"], m["kind"]) for m in after] == [("FrobnicateWidget", "command")]


def test_the_name_command_shows_the_readings_with_their_weights(run_cli):
    text = run_cli("name", "MarkPaid", "OrderPlaced").out.splitlines()
    assert text == [
        "MarkPaid: imperative ('mark'), reads as a command (0.60); may also read as past (0.40: 'paid' at the end "
        "may be a past form); other kind: MarkedPaid",
        "OrderPlaced: past ('placed'), reads as an event; other kind: PlaceOrder",
    ]
    data = json.loads(run_cli("name", "MarkPaid", "--format", "json").out)
    assert data["readings"] == [
        {
            "grammar": "imperative",
            "weight": 0.6,
            "reason": "'mark' first asks for 'paid', its complement",
            "action_word": "mark",
        },
        {"grammar": "past", "weight": 0.4, "reason": "'paid' at the end may be a past form", "action_word": "paid"},
    ]


def test_the_name_command_loads_neither_readers_nor_rules_without_naming_settings(tmp_path):
    code = (
        "import sys\nfrom msglint.cli import main\n"
        "try:\n    main(['name', 'OrderPlaced'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('msglint.lint', 'msglint.readers', 'msglint.rules'))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert result.stdout.splitlines() == [
        "OrderPlaced: past ('placed'), reads as an event; other kind: PlaceOrder",
        "[]",
    ]


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("ScheduleEvent", "EventScheduled"),  # a sports league's event: the verb acts on it
        ("JoinEvent", "EventJoined"),
        ("RunQuery", "QueryRun"),
        ("ArchiveCommand", "CommandArchived"),
    ],
)
def test_a_suffix_right_after_the_verb_may_be_its_object(name, suggestion):
    analysis = analyse_name(name)
    assert (analysis.grammar, analysis.suffix_may_be_object, analysis.suggestion) == ("imperative", True, suggestion)


def test_a_suffix_after_an_object_is_a_suffix():
    assert analyse_name("CreateOrderEvent").suffix_may_be_object is False
    assert analyse_name("OrderCreatedCommand").suffix_may_be_object is False


def test_a_verb_and_its_domain_event_are_no_suffix_conflict(tmp_path, run_cli):
    (tmp_path / "messages.yaml").write_text(
        "msglint: 1\nmessages:\n  ScheduleEvent: {kind: command}\n  CancelBookingEvent: {kind: command}\n"
    )
    found = [
        (d["code"], d["message"]) for d in run_cli("check", ".", "--format", "json", cwd=tmp_path).json()["diagnostics"]
    ]
    assert found == [
        (
            "MSG106",
            "the suffix of `CancelBookingEvent` says event, but 'cancel' reads as an instruction",
        )
    ]


@pytest.mark.parametrize(
    ("name", "grammar"),
    [
        ("walk", "imperative"),  # a function or task named for what it does
        ("poll", "imperative"),
        ("sweep", "imperative"),
        ("run", "imperative"),  # spelt like its participle, but alone it is the verb
        ("Invoice", "noun"),  # more often a noun
        ("Ready", "noun"),  # an adjective
        ("m.room.topic", "noun"),  # a segment of a topic is no function name
    ],
)
def test_a_lone_word_that_is_as_much_a_verb_as_a_noun_names_an_action(name, grammar):
    assert analyse_name(name).grammar == grammar


def test_a_lone_noun_that_can_be_a_verb_keeps_an_order_reading():
    assert analyse_name("Thumbnail").reading_for("command") is not None
    assert analyse_name("Heartbeat").reading_for("command") is None  # a signal, never an order


@pytest.mark.parametrize(
    ("name", "grammar", "action", "suggestion"),
    [
        ("AnonymizeCustomer", "imperative", "anonymize", "CustomerAnonymized"),  # -ize, -ise, -ify make verbs
        ("CustomerPseudonymised", "past", "pseudonymised", "PseudonymiseCustomer"),
        ("GamifyLesson", "imperative", "gamify", "LessonGamified"),
        ("UpvoteAnswer", "imperative", "upvote", "AnswerUpvoted"),  # up-, on-, off-, back-, trans- before a verb
        ("OnboardEmployee", "imperative", "onboard", "EmployeeOnboarded"),
        ("VideoTranscoding", "progressive", "transcoding", "VideoTranscoded"),
        ("TicketResold", "past", "resold", "ResellTicket"),  # a prefix before an irregular participle
        ("PlanUpsold", "past", "upsold", "UpsellPlan"),
        ("EnterpriseCreated", "past", "created", "CreateEnterprise"),  # a noun in -ise stays a noun
        ("CompleteReservedCommand", "imperative", "complete", "ReservedCompleted"),  # the suffix decides
        ("BookTitle", "noun", None, None),  # a noun before a word for its attribute
        ("BookRoom", "imperative", "book", "RoomBooked"),
    ],
)
def test_verbs_known_by_their_form_and_position(name, grammar, action, suggestion):
    analysis = analyse_name(name)
    assert (analysis.grammar, analysis.action_word, analysis.suggestion) == (grammar, action, suggestion)


@pytest.mark.parametrize(
    ("name", "technical"),
    [
        ("InstanceNotReady", True),  # running software and what happens to it
        ("ServiceExecuted", True),
        ("TableReserved", False),  # a restaurant's table
        ("InsertRow", True),  # a storage action on a thing that names no business
        ("DigitizeRecord", False),  # ... but a patient's record digitised is business
    ],
)
def test_technical_names_by_their_words_together(name, technical):
    assert analyse_name(name).technical is technical


@pytest.mark.parametrize(
    ("name", "grammar", "action"),
    [
        # a segment that states a whole fact names the message; a later one that states none says how
        ("blob:FileStored:Put", "past", "stored"),
        ("store:ItemArchived:Bulk", "past", "archived"),
        # a verb prefix before an irregular participle, alone: the fact
        ("v2.Overdrawn", "past", "overdrawn"),
        ("Outgrown", "past", "outgrown"),
        # a negated participle is a state, unless the un- verb exists
        ("ticket.unknown", "noun", None),
        ("LetterUnread", "noun", None),
        ("DoorUnlocked", "past", "unlocked"),
        # an outcome at the end heads the name once the verb has its object; right after the verb it is the object
        ("ImportCustomersFailure", "noun", None),
        ("signup_error", "noun", None),
        ("ThrowError", "imperative", "throw"),
        # a first word with a state after it and no object: a noun phrase
        ("upgrade_available", "noun", None),
        # a noun made from a verb heads the homograph before it
        ("FileStoreOperation", "noun", None),
        ("ProcessPayment", "imperative", "process"),
    ],
)
def test_morphology_and_position(name, grammar, action):
    analysis = analyse_name(name)
    assert (analysis.grammar, analysis.action_word) == (grammar, action)


@pytest.mark.parametrize(
    ("name", "tokens"),
    [("k8s.pod.evicted", ("k8s", "pod", "evicted")), ("S3BucketCreated", ("s3", "bucket", "created"))],
)
def test_a_short_name_with_a_digit_is_one_word(name, tokens):
    assert tokenize(name) == tokens


@pytest.mark.parametrize(
    ("name", "technical_words", "crud"),
    [
        ("s3:FileStored:Put", ("s3",), False),  # the namespace names the storage
        ("ci.taskrun.finished", ("task run",), False),  # a technical phrase written as one word
        ("PluginDisabled", ("plugin",), False),  # a piece of software and what happens to it
        ("PluginDeleted", ("plugin",), False),  # ... changed itself: technical, never CRUD
        ("AppPriceChanged", (), True),  # the price of an app is business
        ("model_deleted", ("model",), False),  # a change to a stored thing that names no business thing
    ],
)
def test_technical_from_the_whole_name(name, technical_words, crud):
    analysis = analyse_name(name)
    assert (analysis.technical_words, analysis.crud) == (technical_words, crud)


@pytest.mark.parametrize(
    ("name", "noun_reading"),
    [
        ("runStart", True),  # the start of a run
        ("resource", True),
        ("directDebitCollection", True),  # a noun made from a verb heads it
        ("creditOnAccount", True),
        ("PlaceOrder", False),
        ("ShipOrder", False),
        ("SendWelcomeEmail", False),
        ("TurnOnLights", False),  # 'turn' is mostly a verb: a phrasal order
        ("register-with-court-of-protection", False),  # a verb and what links it to its object
        ("schedule-to-remove", False),
    ],
)
def test_an_order_that_may_be_a_noun_phrase_keeps_that_reading(name, noun_reading):
    analysis = analyse_name(name)
    assert analysis.grammar == "imperative"
    assert any(r.grammar == "noun" for r in analysis.readings) is noun_reading


def test_an_event_that_may_be_a_noun_phrase_is_warned_not_failed(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(
        tmp_path,
        "asyncapi.yaml",
        "asyncapi: 3.0.0\ninfo: {title: runs, version: '1'}\ncomponents:\n  messages:\n"
        "    runStart: {summary: a run started, x-msglint-kind: event}\n"
        "    ShipOrder: {summary: shipped, x-msglint-kind: event}\n",
    )
    document = run_cli("check", ".", "--format", "json", "--select", "MSG101", cwd=tmp_path).json()
    assert [(d["location"]["line"], d["severity"]) for d in document["diagnostics"]] == [(5, "warning"), (6, "error")]


@pytest.mark.parametrize(
    ("name", "technical", "crud"),
    [("PluginDeleted", True, False), ("WorkersChanged", False, True), ("ServiceUpdated", False, True)],
)
def test_a_generic_change_makes_only_software_nouns_technical(name, technical, crud):
    analysis = analyse_name(name)
    assert (analysis.technical, analysis.crud) == (technical, crud)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        # an adjective before a noun phrase: a direct debit mandate's review
        ("direct-debit-mandate-review", "'direct' may be an adjective before 'debit mandate review'"),
        ("report_milestone", "'milestone' may be an attribute of 'report'"),  # a noun before one of its parts
        ("tag_merge", "'merge' at the end may be a noun for what was done to 'tag'"),  # what software did to it
        ("folder_list_sync", "'list' after 'folder' may be a noun: a compound naming a thing, not an order"),
        ("catalog_review_metadata", "'review' after 'catalog' may be a noun: a compound naming a thing, not an order"),
        ("SUBMIT_ERROR", "'error' at the end may be the head: the error of 'submit'"),  # an outcome heads it
        ("perform_finish", "'finish' at the end may be the head: the finish of 'perform'"),  # a moment heads it
        ("room.join_rules", "'rules' at the end may be the head, 'join' what it is about"),  # a set of properties
        ("ScaleOut", "'scale out' may name the thing (a scale-out), not an order"),  # a phrasal verb alone
        ("SIGN_UP_FOR_TRIAL", "'sign up' may name the thing (a sign-up), not an order"),
        ("post_installation", "'post' may be the prefix post- (post installation), not a verb"),
        ("complete", "'complete' may be an adjective naming a state"),
        ("REFRESH_TOKEN", "'refresh token' is a compound noun"),
        ("DownloadLink", "'download' may be a noun for what software does: the download link"),  # a software thing
        ("ExportTask", "'export' may be a noun for what software does: the export task"),
    ],
)
def test_an_order_keeps_the_noun_phrase_a_careful_reader_may_see(name, reason):
    analysis = analyse_name(name)
    noun = next((r.reason for r in analysis.readings if r.grammar == "noun"), None)
    assert (analysis.grammar, noun) == ("imperative", reason)


@pytest.mark.parametrize(
    "name",
    ["ShipOrder", "PlaceOrder", "ScheduleVisit", "ReportIssue", "GrantAccess", "member_add", "SendReminder"]
    + ["UpdatePassword", "CheckoutCart"],
)
def test_an_order_on_a_thing_keeps_no_noun_phrase_reading(name):
    analysis = analyse_name(name)
    assert (analysis.grammar, [r.grammar for r in analysis.readings[1:]]) == ("imperative", [])


@pytest.mark.parametrize(
    ("name", "grammar", "action"),
    [
        ("IssueTimeout", "noun", None),  # something that happens heads a word that is also a noun
        ("AlertFailure", "noun", None),
        ("PlanResult", "noun", None),
        ("ThrowError", "imperative", "throw"),  # ... not after a word that is mostly a verb
        ("INVOICE_DELETE_ERROR", "noun", None),  # an outcome after a verb in the middle heads the name
        ("GUILD_MEMBER_ADD", "imperative", "add"),
        ("PAYMENT_PROVIDER_POST_CHECKOUT", "noun", None),  # the prefix post- before an action software runs
        ("ErrInvalidImageName", "noun", None),  # 'Err' starts an error code
        ("catalog_upload", "noun", None),  # what software does, named as a noun after its object
        ("branch_push", "noun", None),
        ("queue_exist?", "noun", None),  # a question about a state
        ("UploadCatalog", "imperative", "upload"),
        ("requeue_retry", "imperative", "requeue"),  # a verb of software WordNet does not know, and no noun
    ],
)
def test_head_nouns_decide_between_a_compound_and_an_order(name, grammar, action):
    analysis = analyse_name(name)
    assert (analysis.grammar, analysis.action_word) == (grammar, action)


def test_a_noun_compound_ending_in_what_software_does_keeps_an_order_reading():
    assert analyse_name("user_sync").reading_for("command") == Reading(
        "imperative", 0.3, "'sync' at the end may be a verb acting on what comes before", "sync"
    )


def test_change_first_is_a_generic_data_change():
    assert (analyse_name("ChangeCustomerAddress").crud, analyse_name("ChangeCustomerAddress").action_word) == (
        True,
        "change",
    )


def test_an_event_named_as_a_noun_phrase_is_never_an_error(tmp_path, run_cli):
    write(
        tmp_path,
        "messages.yaml",
        "msglint: 1\nmessages:\n  direct-debit-mandate-review: {kind: event}\n  tag_merge: {kind: event}\n"
        "  SendWelcomeEmail: {kind: event}\n",
    )
    document = run_cli("check", ".", "--format", "json", "--select", "MSG101", cwd=tmp_path).json()
    assert [(d["location"]["line"], d["severity"]) for d in document["diagnostics"]] == [
        (3, "warning"),
        (4, "warning"),
        (5, "error"),
    ]


@pytest.mark.parametrize(
    ("name", "grammar", "reason"),
    [
        ("deploy_preview", "noun", "'preview' at the end may head a noun phrase: the deploy preview"),  # a notice
        ("order_transfer_receipt", "noun", "'receipt' at the end may head a noun phrase: the order transfer receipt"),
        ("restore_complete", "noun", "'complete' may be the state of the restore, not its object"),
        ("ticket.merge", "noun", "'merge' may be a noun for what software does"),
        ("email_address_changed", "past", "'email' may be a noun and 'changed' at the end a past form"),
    ],
)
def test_weaker_readings_that_excuse_an_event_named_like_an_order(name, grammar, reason):
    analysis = analyse_name(name)
    assert (analysis.grammar, analysis.may_read_as(grammar)) == ("imperative", reason)


@pytest.mark.parametrize(
    ("name", "technical_words"),
    [
        ("ShipmentException", ()),  # a logistics exception is a delayed parcel
        ("PayStubIssued", ()),
        ("CardInserted", ()),  # an ATM's card
        ("ServerAssigned", ()),  # a waiter
        ("ServerCrashed", ("server",)),  # ... but running software crashes
        ("WorkerExceptionRaised", ("worker", "exception")),  # ... and an exception in a worker is the software's
    ],
)
def test_words_with_business_senses_are_technical_only_beside_running_software(name, technical_words):
    assert analyse_name(name).technical_words == technical_words


@pytest.mark.parametrize(
    ("name", "grammar", "action"),
    [
        ("CalculateCost", "imperative", "calculate"),  # 'cost' is spelled as its past, but a verb acts on it
        ("ReduceCost", "imperative", "reduce"),
        ("EstimateCost", "past", "cost"),  # 'estimate' is more often a noun: the cost estimate, or it cost
        ("PriceCut", "past", "cut"),
    ],
)
def test_a_past_form_spelled_as_its_base_after_a_verb_is_the_noun_it_acts_on(name, grammar, action):
    analysis = analyse_name(name)
    assert (analysis.grammar, analysis.action_word) == (grammar, action)


def catalog_findings(tmp_path, run_cli, kinds: dict[str, str]) -> list[tuple[str, str, int]]:
    """(code, severity, line) of each finding on a catalog declaring each name with its kind, one a line from 3."""
    lines = "".join(f"  {name}: {{kind: {kind}}}\n" for name, kind in kinds.items())
    (tmp_path / "messages.yaml").write_text(f"msglint: 1\nmessages:\n{lines}")
    report = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    return [(d["code"], d["severity"], d["location"]["line"]) for d in report["diagnostics"]]


def test_a_past_form_before_only_nouns_may_describe_them_so_a_command_named_so_is_a_warning(tmp_path, run_cli):
    assert analyse_name("drm_encrypted_content").readings == (
        Reading("past", 0.7, "'encrypted' is a past form", "encrypted"),
        Reading("noun", 0.3, "'encrypted' may describe 'content', a noun phrase naming a thing", None),
    )
    assert [r.grammar for r in analyse_name("OrderShipped").readings] == ["past"]
    assert [r.grammar for r in analyse_name("OrderPlacedByCustomer").readings] == ["past"]
    found = [
        f
        for f in catalog_findings(tmp_path, run_cli, {"drm_encrypted_content": "command", "OrderPlaced": "command"})
        if f[0] == "MSG102"
    ]
    assert found == [("MSG102", "warning", 3), ("MSG102", "error", 4)]


def test_a_lone_closed_compound_may_be_the_order_it_spells_so_a_command_named_so_has_a_verb(tmp_path, run_cli):
    assert analyse_name("backup").readings == (
        Reading("noun", 0.7, "no verb", None),
        Reading("imperative", 0.3, "'backup' may be the order 'back up'", "backup"),
    )
    found = [
        f for f in catalog_findings(tmp_path, run_cli, {"backup": "command", "Status": "command"}) if f[0] == "MSG107"
    ]
    assert found == [("MSG107", "info", 4)]


def test_a_fact_then_an_order_names_a_task_by_its_trigger_so_a_command_named_so_is_a_warning(tmp_path, run_cli):
    assert analyse_name("order_paid_send_receipt").readings == (
        Reading("past", 0.65, "'paid' is a past form", "paid"),
        Reading("imperative", 0.35, "'send' after the fact may be the order given when it happens", "send"),
    )
    found = catalog_findings(tmp_path, run_cli, {"order_paid_send_receipt": "command"})
    assert found == [("MSG102", "warning", 3)]


def test_an_adjective_last_after_a_noun_may_be_the_state_it_reached(tmp_path, run_cli):
    assert analyse_name("purchase_complete_signal").readings[1] == Reading(
        "past", 0.35, "'complete' may be the state 'purchase' is in, a fact", "complete"
    )
    found = catalog_findings(tmp_path, run_cli, {"purchase_complete_signal": "event"})
    assert found == [("MSG101", "warning", 3)]


def test_a_noun_before_signal_may_name_the_signal_but_a_verb_alone_does_not(tmp_path, run_cli):
    assert (
        analyse_name("test_signal").may_read_as("noun")
        == "'test signal' may name the signal (a test signal), not an order"
    )
    assert analyse_name("send_signal").may_read_as("noun") is None
    found = [
        f
        for f in catalog_findings(tmp_path, run_cli, {"test_signal": "event", "send_signal": "event"})
        if f[0] == "MSG101"
    ]
    assert found == [("MSG101", "warning", 3), ("MSG101", "error", 4)]


def test_an_order_first_may_act_on_what_a_past_form_describes_before_a_dropped_noun(tmp_path, run_cli):
    assert analyse_name("process_scheduled_message").may_read_as("imperative") == (
        "'process' first may be an order, the rest what it acts on"
    )
    # of two words, a past form for a state may stand for the things in it (`clear_expired`: the expired ones)
    assert analyse_name("clear_expired").may_read_as("imperative") == (
        "'clear' first may be an order, the rest what it acts on"
    )
    assert analyse_name("process_generated").may_read_as("imperative") is None  # no state things are in
    names = {"process_scheduled_message": "command", "clear_expired": "command", "process_generated": "command"}
    found = catalog_findings(tmp_path, run_cli, names)
    assert found == [("MSG102", "warning", 3), ("MSG102", "warning", 4), ("MSG102", "error", 5)]


def test_a_verb_before_from_or_into_a_delayed_order_and_an_object_of_for_are_read_as_orders():
    readings = {
        name: (analysis.grammar, analysis.action_word, analysis.kind_suffix)
        for name in (
            "pull_from_github",
            "async_pull_from_github",
            "delayed_revoke_permissions",
            "create_room_for_event",
        )
        for analysis in [analyse_name(name)]
    }
    assert readings == {
        "pull_from_github": ("imperative", "pull", None),
        "async_pull_from_github": ("imperative", "pull", None),
        "delayed_revoke_permissions": ("imperative", "revoke", None),
        "create_room_for_event": ("imperative", "create", None),  # `event` is what the room is for, no kind
    }
    assert (analyse_name("delayed_shipment").grammar, analyse_name("email_from_customer").grammar) == ("noun", "noun")


@pytest.mark.parametrize(
    ("name", "grammar", "action"),
    [
        ("DocumentToSign", "noun", None),  # an infinitive after a noun says what it is for
        ("invoices_to_send", "noun", None),
        ("BasketToBeEmptied", "noun", None),
        ("JobThatTimedOut", "noun", None),  # a relative clause describes the noun before it
        ("GuestWhoLeft", "noun", None),
        ("ParcelBeingWeighed", "progressive", "weighed"),  # being + a past form: done now, not done
        ("ParcelIsBeingWeighed", "progressive", "weighed"),
        ("ItemReturnedToShelf", "past", "returned"),  # the fact comes before `to`
        ("OrderShippedThatDay", "past", "shipped"),
        ("convert_to_invoice", "noun", None),
        ("move_into_archive", "imperative", "move"),  # a verb that leads keeps its order
        ("user_add_to_group", "imperative", "add"),  # a verb before `to` is no noun being described
    ],
)
def test_a_clause_after_a_noun_describes_it(name, grammar, action):
    analysis = analyse_name(name)
    assert (analysis.grammar, analysis.action_word) == (grammar, action)


def test_a_thing_being_done_is_ongoing_and_its_fact_drops_being():
    assert analyse_name("ParcelBeingWeighed").suggestion == "ParcelWeighed"
    assert analyse_name("ParcelIsBeingWeighed").suggestion == "ParcelWeighed"


def test_a_name_described_by_a_clause_is_no_error_for_its_kind(tmp_path, run_cli):
    found = catalog_findings(
        tmp_path, run_cli, {"DocumentToSign": "event", "ParcelBeingWeighed": "command", "SignDocument": "event"}
    )
    assert [f for f in found if f[1] == "error"] == [("MSG101", "error", 5)]


def test_a_verb_before_is_may_be_the_subject_of_a_statement_so_an_event_named_so_is_a_warning(tmp_path, run_cli):
    assert analyse_name("ExportIsReady").may_read_as("past") == (
        "'is' after 'export' may make it the subject of a statement: a fact"
    )
    assert analyse_name("ExportReport").may_read_as("past") is None
    found = [f for f in catalog_findings(tmp_path, run_cli, {"ExportIsReady": "event"}) if f[0] == "MSG101"]
    assert found == [("MSG101", "warning", 3)]


@pytest.mark.parametrize(
    ("name", "grammar", "action", "suggestion"),
    [
        ("ApprovingRefund", "progressive", "approving", "RefundApproved"),
        ("CancellingBooking", "progressive", "cancelling", "BookingCancelled"),  # `booking` names a thing
        ("PollingWorker", "noun", None, None),  # an -ing form before who does it describes them
        ("CompetingReader", "noun", None, None),
        ("ShippingLabel", "noun", None, None),  # an -ing noun first is a modifier
        ("MissingItems", "noun", None, None),
    ],
)
def test_an_activity_named_first_acts_on_what_follows(name, grammar, action, suggestion):
    analysis = analyse_name(name)
    assert (analysis.grammar, analysis.action_word, analysis.suggestion) == (grammar, action, suggestion)


def test_a_past_form_after_a_determiner_describes_the_noun_it_comes_before():
    assert analyse_name("TheArchivedBasket").readings[0] == Reading("noun", 0.7, "no verb", None)
    assert analyse_name("AnotherTicketCancelled").grammar == "past"


@pytest.mark.parametrize(
    ("name", "technical", "crud"),
    [
        ("google.cloud.queue.v1.deleted", True, False),  # a cloud platform's namespace: infrastructure
        ("aws.ec2.instance.terminated", True, False),
        ("acme.billing.invoice.v1.deleted", False, True),
        ("ChangingSeatPrice", False, True),  # a generic change going on
        ("PriceChangedNotice", False, True),  # a notice of a generic change
        ("PriceChangedReport", False, False),
    ],
)
def test_a_cloud_namespace_is_technical_and_a_change_going_on_or_noticed_is_crud(name, technical, crud):
    analysis = analyse_name(name)
    assert (analysis.technical, analysis.crud) == (technical, crud)


def test_a_past_form_before_a_noun_describes_it_and_tells_no_infrastructure_fact():
    assert analyse_name("ConnectedShopVerified").technical is False
    assert analyse_name("ShopConnected").technical is True
    assert analyse_name("restore_site_backup").technical_words == ("backup",)


@pytest.mark.parametrize(("name", "hook"), [("invoice_before_save", "before"), ("ProfileAfterDelete", "after")])
def test_a_hook_after_the_thing_it_is_on_is_a_technical_hook(name, hook):
    analysis = analyse_name(name)
    assert (analysis.grammar, analysis.hook, analysis.technical) == ("noun", hook, True)
    assert [r.grammar for r in analysis.readings] == ["hook"]
    assert analyse_name("send_after_save").grammar == "imperative"


def test_a_noun_before_message_may_name_the_message_but_a_verb_alone_does_not(tmp_path, run_cli):
    assert analyse_name("ForwardMessage").may_read_as("noun") == (
        "'forward message' may name the message (a forward message), not an order"
    )
    kinds = {"ForwardMessage": "event", "EmitMessage": "event"}
    found = [f for f in catalog_findings(tmp_path, run_cli, kinds) if f[0] == "MSG101"]
    assert found == [("MSG101", "warning", 3), ("MSG101", "error", 4)]


def test_a_word_seen_more_as_a_noun_before_an_event_suffix_names_the_kind_of_event():
    assert (analyse_name("TestEvent").grammar, analyse_name("TestEvent").may_read_as("imperative")) == (
        "noun",
        "'test' may be a verb",
    )
    assert analyse_name("ScheduleEvent").suffix_may_be_object is True  # mostly a verb: it acts on the event
    assert analyse_name("ArchiveCommand").grammar == "imperative"  # the command suffix makes it the verb


def test_a_word_for_a_record_after_another_is_a_compound_not_the_object_of_an_order():
    assert (analyse_name("LogRecordDeleted").grammar, analyse_name("LogRecordDeleted").action_word) == (
        "past",
        "deleted",
    )
    assert analyse_name("LogRecordDeleted").may_read_as("imperative") == (
        "'log' first may be an order, the rest what it acts on"
    )
    assert analyse_name("RecordParcelScanned").grammar == "imperative"


def test_a_hook_inside_a_name_or_a_thing_from_somewhere_excuses_an_event_named_as_an_order(tmp_path, run_cli):
    assert analyse_name("PushFromRemote").may_read_as("noun") == (
        "'push from remote' may name the thing (a push from remote), not an order"
    )
    assert analyse_name("PushFromRemote").suggestion == "PushedFromRemote"
    assert analyse_name("purge_pre_delete").may_read_as("noun") == (
        "'pre delete' may make it a lifecycle hook, not an instruction"
    )
    assert (analyse_name("avatar_post_delete").grammar, analyse_name("avatar_post_delete").hook) == ("noun", "post")
    names = {"PushFromRemote": "event", "purge_pre_delete": "event", "ShipOrder": "event"}
    found = catalog_findings(tmp_path, run_cli, names)
    assert found == [("MSG101", "warning", 3), ("MSG101", "warning", 4), ("MSG101", "error", 5)]


def test_a_person_before_a_verb_and_its_object_may_state_what_they_did(tmp_path, run_cli):
    assert analyse_name("member_renew_card").may_read_as("past") == (
        "'member' before 'renew' may be who does it: a statement of what happened"
    )
    assert analyse_name("member_add_to_club").may_read_as("past") is None  # the member is what is added
    names = {"member_renew_card": "event", "member_add_to_club": "event"}
    assert catalog_findings(tmp_path, run_cli, names) == [("MSG101", "warning", 3), ("MSG101", "error", 4)]


def test_post_before_an_action_after_a_thing_or_a_command_name_is_a_hook_and_a_member_of_a_list_heads_it():
    readings = {
        name: (analysis.grammar, analysis.hook)
        for name in ("page-post-render", "post_compilestatic", "post_installation", "post_payments")
        for analysis in [analyse_name(name)]
    }
    assert readings == {
        "page-post-render": ("noun", "post"),  # after the page is rendered
        "post_compilestatic": ("noun", "post"),  # after a command named compilestatic ran
        "post_installation": ("imperative", None),  # a noun made from the verb: post the installation
        "post_payments": ("imperative", None),
    }
    assert analyse_name("reader-list-entry").may_read_as("noun") == (
        "'list' after 'reader' may be a noun: a compound naming a thing, not an order"
    )
    assert analyse_name("reader_list_books").may_read_as("noun") is None  # lists the reader's books


def test_the_weaker_readings_excuse_no_plain_order_or_fact(tmp_path, run_cli):
    names = {
        "RefundCompleted": "command",  # a refund is no verb only: the fact that it completed
        "FetchFromApi": "event",  # fetch is only a verb: an order
        "send_email_post_save": "event",  # an order given after a save, no hook named for a thing
        "UserCreateAccount": "event",  # a namespaced order, not what a user did
    }
    found = [finding for finding in catalog_findings(tmp_path, run_cli, names) if finding[0] in ("MSG101", "MSG102")]
    assert found == [("MSG102", "error", 3), ("MSG101", "error", 4), ("MSG101", "error", 5), ("MSG101", "error", 6)]
