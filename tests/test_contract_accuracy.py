"""Topology on AsyncAPI contracts: replies, one service in several documents, message identity within and
across documents, and the 2.x perspective each document shows (fixtures/asyncapi/bank)."""

from __future__ import annotations

import csv

import pytest

from msglint.lint.config import Config
from msglint.lint.run import lint
from msglint.model import Kind, ReceiveMode
from msglint.readers import ReadSettings
from msglint.readers._yaml import YMap, load_located
from msglint.readers.asyncapi import AsyncApiReader
from msglint.readers.asyncapi_schema import schema_errors
from tests.conftest import FIXTURES, SHARED, write

BANK = FIXTURES / "asyncapi" / "bank"


def inventory(system):
    return {
        m.key: (
            m.kind,
            [(h.component, h.mode) for h in system.receivers_of(m.key)],
            [e.component for e in system.emissions_of(m.key)],
        )
        for m in system.iter_messages()
    }


def test_bank_findings_are_exact(run_cli):
    result = run_cli("check", "fixtures/asyncapi/bank", "--format", "json")
    found = [
        (d["code"], d["location"]["path"], d["location"]["line"], d["message"]) for d in result.json()["diagnostics"]
    ]
    assert found == [
        (
            "MSG107",
            "fixtures/asyncapi/bank/payments.yaml",
            38,
            "event `PaymentEventMessage` has no verb: neither an instruction nor a fact can be read from its name",
        )
    ]


def test_bank_inventory():
    system = lint([BANK], Config()).system
    reply, unknown = ReceiveMode.REPLY, ReceiveMode.UNKNOWN
    assert inventory(system) == {
        "account_opened": (Kind.EVENT, [("Ledger", unknown)], ["Accounts"]),
        "account_opened@fixtures/asyncapi/bank/marketing.yaml": (Kind.EVENT, [], ["Marketing"]),
        "close_account": (Kind.COMMAND, [("Accounts", unknown)], ["Mobile App"]),
        "get_balance_request": (Kind.COMMAND, [("Accounts", unknown)], ["Mobile App", "Web App"]),
        "get_balance_response": (Kind.UNKNOWN, [("Mobile App", reply), ("Web App", reply)], ["Accounts"]),
        "monthly_statement": (Kind.UNKNOWN, [("Mobile App", reply)], []),
        "payment#paymenteventmessage": (Kind.EVENT, [], ["Payments"]),
        "payment#paymentmessage": (Kind.UNKNOWN, [("Payments", unknown)], []),
        "payment_error": (Kind.UNKNOWN, [("Web App", reply)], ["Payments"]),
        "statement_request": (Kind.UNKNOWN, [], ["Mobile App"]),
    }
    assert sorted(system.services) == ["Accounts", "Ledger", "Marketing", "Mobile App", "Payments", "Web App"]
    assert system.handlers_of("get_balance_response") == []  # two requesters are no two handlers


def test_bank_notes_name_documents_and_reasons():
    notes = lint([BANK], Config()).system.notes
    assert (
        "fixtures/asyncapi/bank/accounts.yaml was read from the client's perspective, not the configured "
        "application's: its operations say who acts (`subscribe` operationId `onBalanceRequested`, `publish` "
        "operationId `sendBalance` and 1 more)"
    ) in notes
    assert (
        "fixtures/asyncapi/bank/accounts_admin.yaml declares the AsyncAPI id `urn:bank:accounts` as "
        "fixtures/asyncapi/bank/accounts.yaml does, so both describe one service, `Accounts` (this document "
        "calls it `Accounts Admin API`)"
    ) in notes
    assert (
        "fixtures/asyncapi/bank/payments.yaml defines 2 messages whose names mean the same to msglint "
        "(`PaymentMessage`, `PaymentEventMessage`); they are kept apart as separate messages"
    ) in notes
    assert (
        "AsyncAPI documents that share a message name but no $ref'd definition, channel or compatible payload "
        "keep separate messages: `account_opened` in fixtures/asyncapi/bank/accounts.yaml, "
        "fixtures/asyncapi/bank/marketing.yaml"
    ) in notes


def test_reply_reasons_are_evidence():
    system = lint([BANK], Config()).system
    details = {
        k: sorted({e.detail for e in system.messages[k].evidence if e.source == "reply"})
        for k in ("get_balance_response", "monthly_statement", "payment_error")
    }
    assert details == {
        "get_balance_response": ["a reply: it travels on the reply channel `accounts/balance/response`"],
        "monthly_statement": [
            "a reply: it carries the correlation id of the request `StatementRequest`, the other way"
        ],
        "payment_error": ["a reply: its name `payment_error` ends in 'error', an answer to a request"],
    }


def read(tmp_path, text, name="doc.yaml", settings=None):
    path = write(tmp_path, name, text)
    return AsyncApiReader().read(name, path.read_bytes(), settings or ReadSettings(root=str(tmp_path)))


def test_several_requesters_of_a_reply_by_name_are_not_handlers(tmp_path):
    for title in ("alpha", "beta"):
        write(
            tmp_path,
            f"{title}.yaml",
            f"""\
            asyncapi: 2.6.0
            info: {{title: {title}, version: '1'}}
            channels:
              {title}/inbox:
                publish:
                  message: {{name: OrderReply}}
            """,
        )
    result = lint([tmp_path], Config())
    assert [(h.component, h.mode) for h in result.system.receivers_of("order_reply")] == [
        ("alpha", ReceiveMode.REPLY),
        ("beta", ReceiveMode.REPLY),
    ]
    assert result.system.messages["order_reply"].kind == Kind.UNKNOWN
    assert [d.code for d in result.diagnostics] == []


def test_a_join_on_the_name_alone_says_so(tmp_path):
    for title in ("alpha", "beta"):
        write(
            tmp_path,
            f"{title}.yaml",
            f"""\
            asyncapi: 2.6.0
            info: {{title: {title}, version: '1'}}
            channels:
              {title}/beats:
                subscribe:
                  message: {{name: Heartbeat}}
            """,
        )
    message = lint([tmp_path], Config()).system.messages["heartbeat"]
    assert [e.detail for e in message.evidence if e.source == "asyncapi-name-join"] == [
        f"joined across {tmp_path}/alpha.yaml, {tmp_path}/beta.yaml on its name alone (no shared $ref or "
        "channel, no payload properties to compare)"
    ]


def test_the_configured_perspective_stays_without_evidence_and_flips_per_document(tmp_path):
    text = """\
    asyncapi: 2.6.0
    info: {title: lights, version: '1'}
    channels:
      lights/measured:
        subscribe:
          operationId: %s
          message: {name: LightMeasured}
    """
    client = ReadSettings(v2_perspective="client")
    sends = read(tmp_path, text % "publishLightMeasured", settings=client)
    assert [e.message_key for e in sends.emissions] == ["light_measured"] and not sends.handlers
    assert sends.notes[-1] == (
        "doc.yaml was read from the application's perspective, not the configured client's: its operations say "
        "who acts (`subscribe` operationId `publishLightMeasured`)"
    )
    silent = read(tmp_path, text % "lightMeasured", settings=client)
    assert [h.message_key for h in silent.handlers] == ["light_measured"] and not silent.emissions
    assert len(silent.notes) == 1  # only the configured reading


@pytest.mark.parametrize(("operation_id", "sends"), [("deliverDeviceScript", True), ("ingestDeviceScript", False)])
def test_operation_verbs_beyond_send_and_receive_tell_who_acts(tmp_path, operation_id, sends):
    text = """\
    asyncapi: 2.6.0
    info: {title: device, version: '1'}
    channels:
      device/script:
        publish:
          operationId: %s
          message: {name: DeviceScript}
    """
    facts = read(tmp_path, text % operation_id)  # the application's perspective: `publish` is what it receives
    assert (bool(facts.emissions), bool(facts.handlers)) == (sends, not sends)


# The corpus documents that break the structure of their AsyncAPI version, as the published JSON Schemas of
# the specification also judge them (measured outside the project with jsonschema). The schemas reject 14
# more that msglint accepts on purpose: 12 give a 2.0-2.4 parameter as a Reference Object, which the
# specification allows and those schemas' `oneOf` refuses; 2 carry a Kafka binding key as a `$ref`, and
# bindings are left open. They accept every other document, and so does msglint.
SCHEMA_INVALID = {
    "asyncapi+bundler/example/base.yml",
    "asyncapi+bundler/tests/base-option/asyncapi.yaml",
    "asyncapi+bundler/tests/base-option/base.yaml",
    "asyncapi+bundler/tests/base-option/camera.yaml",
    "asyncapi+bundler/tests/base-option/lights.yaml",
    "asyncapi+bundler/tests/wrong-ref-absent.yaml",
    "asyncapi+bundler/tests/wrong-ref-not-string.yaml",
    "asyncapi+cli/assets/create-template/templates/default/asyncapi.yaml",
    "asyncapi+cli/github-action/test/specification-invalid.yml",
    "asyncapi+cli/github-action/test/unoptimized_optimized.yml",
    "asyncapi+cli/test/fixtures/specification-invalid.yml",
    "asyncapi+cli/test/integration/bundle/feature.yaml",
    "asyncapi+converter-js/test/input/2.0.0/streetlights.json",
    "asyncapi+converter-js/test/input/2.6.0/for-3.0.0-with-mixed-parameters.yml",
    "asyncapi+converter-js/test/output/2.1.0/streetlights.json",
    "asyncapi+converter-js/test/output/3.0.0/from-2.6.0-with-mixed-parameters.yml",
    "asyncapi+parser-js/packages/openapi-schema-parser/test/documents/invalid-asyncapi.yaml",
    "asyncapi+studio/apps/studio/src/examples/tutorials/invalid.yml",
    "event-catalog+eventcatalog/packages/core/eventcatalog/src/__tests__/api/schemas/test-asyncapi.yml",
    "event-catalog+generators/packages/generator-asyncapi/src/test/asyncapi-files/ref-example-without-refs.asyncapi.yml",
}


def test_corpus_documents_that_break_their_schema():
    corpus = SHARED / "corpus" / "asyncapi"
    if not (corpus / "INDEX.tsv").is_file():
        pytest.skip(f"{corpus} not found: the corpus lives in ../shared/corpus beside the repository")
    with (corpus / "INDEX.tsv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["type"] == "doc"]
    flagged, checked = set(), 0
    for row in rows:
        name = f"{row['dest_folder']}/{row['path']}"
        document = load_located((corpus / name).read_bytes(), name).value
        version = str(document.get("asyncapi")) if isinstance(document, YMap) else ""
        if version[:2] in ("2.", "3.") and "-" not in version:
            checked += 1
            if schema_errors(document, version):
                flagged.add(name)
    assert checked == 326
    assert flagged == SCHEMA_INVALID


def v3_document(title: str, operations: str, messages: str) -> str:
    return f"""\
asyncapi: 3.0.0
info: {{title: {title}, version: '1'}}
channels:
  c:
    address: shared
    messages:
{messages}
operations:
{operations}
"""


def test_a_shared_channel_joins_unless_the_payloads_are_composed_differently(tmp_path):
    message = "      m: {{name: ScoreTested, payload: {payload}}}"
    receive = "  o: {action: receive, channel: {$ref: '#/channels/c'}}"
    payloads = {"alpha": "{anyOf: [{type: string}]}", "beta": "{oneOf: [{type: string}]}"}
    for title, payload in payloads.items():
        write(tmp_path, f"{title}.yaml", v3_document(title, receive, message.format(payload=payload)))
    system = lint([tmp_path], Config()).system
    assert sorted(system.messages) == ["score_tested", f"score_tested@{tmp_path}/beta.yaml"]


def test_a_sender_and_a_receiver_that_describe_a_payload_differently_meet_on_their_channel(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    message = "      m: {{name: OrderCancelled, x-msglint-kind: {kind}, payload: {{properties: {{{fields}}}}}}}"
    write(
        tmp_path,
        "orders.yaml",
        v3_document(
            "orders",
            "  o: {action: send, channel: {$ref: '#/channels/c'}}",
            message.format(kind="event", fields="orderId: {}, reason: {}"),
        ),
    )
    write(
        tmp_path,
        "stock.yaml",
        v3_document(
            "stock",
            "  o: {action: receive, channel: {$ref: '#/channels/c'}}",
            message.format(kind="command", fields="orderId: {}, items: {}"),
        ),
    )
    found = [
        (d["code"], d["location"]["path"])
        for d in run_cli("check", ".", "--format", "json", cwd=tmp_path).json()["diagnostics"]
    ]
    assert found == [("MSG207", "orders.yaml")]


def test_payloads_alone_join_only_on_more_than_one_shared_property(tmp_path):
    def document(title: str, address: str, fields: str) -> str:
        return v3_document(
            title,
            "  o: {action: send, channel: {$ref: '#/channels/c'}}",
            f"      m: {{name: OrderPlaced, payload: {{properties: {{{fields}}}}}}}",
        ).replace("address: shared", f"address: {address}")

    write(tmp_path, "a.yaml", document("a", "one", "orderId: {}"))
    write(tmp_path, "b.yaml", document("b", "two", "orderId: {}, total: {}"))
    write(tmp_path, "c.yaml", document("c", "three", "orderId: {}, total: {}, currency: {}"))
    system = lint([tmp_path], Config()).system
    assert {k: system.emitting_components(k) for k in system.messages} == {
        "order_placed": ["b", "c"],
        f"order_placed@{tmp_path}/a.yaml": ["a"],
    }


def operation(name: str, action: str, message: str) -> str:
    listed = f"[{{$ref: '#/channels/c/messages/{message}'}}]"
    return f"  {name}: {{action: {action}, channel: {{$ref: '#/channels/c'}}, messages: {listed}}}"


def test_copies_of_one_contract_are_one_service(tmp_path):
    operations = operation("sendPlaced", "send", "p") + "\n" + operation("onCancel", "receive", "x")
    messages = "      p: {name: OrderPlaced}\n      x: {name: CancelOrder}"
    write(tmp_path, "orders.yaml", v3_document("Orders", operations, messages))
    write(tmp_path, "orders_copy.yaml", v3_document("Orders 2", operations, messages))
    listen = operation("onPlaced", "receive", "p") + "\n" + operation("onPlacedAgain", "receive", "p")
    write(tmp_path, "mailer.yaml", v3_document("Mailer", listen, "      p: {name: OrderPlaced}"))
    write(tmp_path, "audit.yaml", v3_document("Audit", listen, "      p: {name: OrderPlaced}"))
    result = lint([tmp_path], Config())
    assert result.system.emitting_components("order_placed") == ["Orders"]
    assert result.system.handling_components("order_placed") == ["Audit", "Mailer"]  # receivers alone stay apart
    assert (
        f"{tmp_path}/orders_copy.yaml has the same 2 operations as {tmp_path}/orders.yaml, so both describe one "
        "service, `Orders` (this document calls it `Orders 2`)"
    ) in result.system.notes


def test_an_anonymous_message_is_not_judged_by_its_channel_address(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(
        tmp_path,
        "asyncapi.yaml",
        """\
        asyncapi: 2.6.0
        info: {title: Registration client, version: '1'}
        channels:
          registration.requests:
            publish:
              operationId: sendRegistrationRequest
              message:
                payload: {type: object}
        """,
    )
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    assert [(d["code"], d["location"]["line"]) for d in document["diagnostics"]] == [("MSG203", 5)]


def test_a_change_named_by_a_noun_is_one_crud_finding_that_names_the_word(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "events/AnalysisStatusChange/index.md", "---\nid: AnalysisStatusChange\nversion: 1.0.0\n---\n")
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    assert [(d["code"], d["message"]) for d in document["diagnostics"]] == [
        (
            "MSG104",
            "event `AnalysisStatusChange` says that data changed ('change') but not what happened in business "
            "terms (heuristic: generic change verb)",
        )
    ]


@pytest.mark.parametrize(("role", "codes"), [("client", []), ("provider", ["MSG204"])])
def test_a_relay_marked_as_a_client_of_the_contract_is_no_second_owner(tmp_path, run_cli, role, codes):
    write(tmp_path, "msglint.toml", "")
    for title, extra in (("Orders", ""), ("Relay", f"\n                x-eventcatalog-role: {role}")):
        write(
            tmp_path,
            f"{title.lower()}.yaml",
            f"""\
            asyncapi: 3.0.0
            info: {{title: {title}, version: '1'}}
            channels:
              orders:
                address: orders
                messages:
                  OrderPlaced: {{payload: {{type: object, properties: {{orderId: {{type: string}}}}}}}}
            operations:
              sendOrderPlaced:
                action: send{extra}
                channel: {{$ref: '#/channels/orders'}}
            """,
        )
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    assert [d["code"] for d in document["diagnostics"]] == codes
