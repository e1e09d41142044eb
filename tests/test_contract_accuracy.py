"""Topology on AsyncAPI contracts: replies, one service in several documents, message identity within and
across documents, and the 2.x perspective each document shows (fixtures/asyncapi/bank)."""

from __future__ import annotations

from msglint.lint.config import Config
from msglint.lint.run import lint
from msglint.model import Kind, ReceiveMode
from msglint.readers import ReadSettings
from msglint.readers.asyncapi import AsyncApiReader
from tests.conftest import FIXTURES, write

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
