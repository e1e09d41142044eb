"""The AsyncAPI reader on small documents written for these tests."""

from __future__ import annotations

import json

import pytest

from msglint.lint.config import Config
from msglint.lint.run import lint
from msglint.model import Kind, ReceiveMode, Strength
from msglint.readers import ReadSettings
from msglint.readers._yaml import load_located
from msglint.readers.asyncapi import AsyncApiReader
from msglint.readers.asyncapi_schema import schema_errors
from tests.conftest import write

V3 = """\
asyncapi: 3.0.0
info: {title: orders, version: 1.0.0}
x-msglint-ignore: [MSG104]
channels:
  events:
    address: shop/orders/events
    messages:
      placed: {$ref: '#/components/messages/OrderPlaced'}
      anonymous:
        payload: {type: string}
operations:
  announce:
    action: send
    channel: {$ref: '#/channels/events'}
    messages: [{$ref: '#/channels/events/messages/placed'}]
  listen:
    action: receive
    channel: {$ref: '#/channels/events'}
components:
  messages:
    OrderPlaced:
      tags: [{name: event}]
      payload:
        type: object
        properties: {orderId: {type: string}}
"""


def read(tmp_path, text: str, name: str = "doc.yaml", settings: ReadSettings | None = None):
    path = write(tmp_path, name, text)
    return AsyncApiReader().read(str(path), path.read_bytes(), settings or ReadSettings(root=str(tmp_path)))


def test_v3_operations_become_emissions_and_handlers(tmp_path):
    facts = read(tmp_path, V3)
    assert facts.problems == []
    assert [s.name for s in facts.services] == ["orders"]
    assert [(e.message_key, e.component, e.location.line, e.channel) for e in facts.emissions] == [
        ("order_placed", "orders", 12, "shop/orders/events")
    ]
    # an operation that lists no messages receives every message of its channel; a message without a
    # name is known by its key in the channel
    assert [(h.message_key, h.location.line) for h in facts.handlers] == [("order_placed", 16), ("anonymous", 16)]
    declared = {d.key: (d.name, d.location.line, d.fields, d.named) for d in facts.declarations}
    assert declared["order_placed"] == ("OrderPlaced", 21, ("orderId",), True)
    evidence = {(k, e.source, e.kind, e.strength) for k, e in facts.evidence}
    assert ("order_placed", "asyncapi-tag", Kind.EVENT, Strength.DECLARED) in evidence
    assert ("order_placed", "asyncapi-channel", Kind.EVENT, Strength.CONVENTION) in evidence
    assert [(s.codes, s.whole_file) for s in facts.suppressions] == [(("MSG104",), True)]


def test_v2_perspective_application_and_client(tmp_path):
    doc = """\
asyncapi: 2.6.0
info: {title: mailer, version: 1.0.0}
channels:
  mail/requested:
    publish:
      message: {name: SendMail}
    subscribe:
      message: {name: MailSent}
"""
    facts = read(tmp_path, doc)
    assert [h.message_name for h in facts.handlers] == ["SendMail"]
    assert [e.message_name for e in facts.emissions] == ["MailSent"]
    assert "application's perspective" in facts.notes[0]
    flipped = read(tmp_path, doc, settings=ReadSettings(root=str(tmp_path), v2_perspective="client"))
    assert [h.message_name for h in flipped.handlers] == ["MailSent"]
    assert [e.message_name for e in flipped.emissions] == ["SendMail"]


def test_v2_inline_message_without_a_name_is_known_by_its_channel(tmp_path):
    facts = read(
        tmp_path,
        "asyncapi: 2.2.0\ninfo: {title: t, version: '1'}\nchannels:\n  user/signedup:\n"
        "    subscribe:\n      message: {payload: {type: string}}\n",
    )
    [declaration] = facts.declarations
    assert (declaration.key, declaration.name, declaration.named) == ("user_signedup", "user/signedup", False)


def test_v2_message_one_of_and_message_id(tmp_path):
    facts = read(
        tmp_path,
        """\
asyncapi: 2.4.0
info: {title: t, version: '1'}
channels:
  c:
    subscribe:
      message:
        oneOf:
          - {messageId: userSignedUp}
          - $ref: '#/components/messages/userDeleted'
components:
  messages:
    userDeleted: {payload: {type: string}}
""",
    )
    assert [e.message_key for e in facts.emissions] == ["user_signed_up", "user_deleted"]


def test_refs_across_files_point_at_the_file_where_the_message_is_written(tmp_path):
    write(tmp_path, "common/messages.yaml", "components:\n  messages:\n    ShipParcel:\n      name: ShipParcel\n")
    facts = read(
        tmp_path,
        """\
asyncapi: 3.1.0
info: {title: shipping, version: '1'}
channels:
  c:
    address: a~1b
    messages:
      m: {$ref: './common/messages.yaml#/components/messages/ShipParcel'}
operations:
  o: {action: receive, channel: {$ref: '#/channels/c'}}
""",
        name="svc/doc.yaml".replace("svc/", ""),
    )
    [declaration] = facts.declarations
    assert declaration.location.path.endswith("common/messages.yaml")
    assert declaration.location.line == 3
    assert facts.dependencies and facts.dependencies[0].endswith("common/messages.yaml")


def test_json_pointer_escapes(tmp_path):
    facts = read(
        tmp_path,
        """\
asyncapi: 3.0.0
info: {title: t, version: '1'}
channels:
  a/b:
    address: x
    messages:
      m: {name: ThingHappened}
operations:
  o:
    action: send
    channel: {$ref: '#/channels/a~1b'}
    messages: [{$ref: '#/channels/a~1b/messages/m'}]
""",
    )
    assert facts.problems == []
    assert [e.message_key for e in facts.emissions] == ["thing_happened"]


@pytest.mark.parametrize(
    ("ref", "message", "severity"),
    [
        ("https://example.com/m.yaml", "$ref 'https://example.com/m.yaml' not fetched: msglint works offline", "info"),
        (
            "../../outside.yaml",
            "$ref '../../outside.yaml' points outside the project root; msglint does not read it",
            None,
        ),
        ("#/components/messages/Nope", "$ref '#/components/messages/Nope': no '/components/messages/Nope' in", None),
        ("#/components/messages/Loop", "circular $ref: #/components/messages/Loop -> #/components/messages/Loop", None),
    ],
    ids=["remote", "outside-root", "missing-pointer", "cycle"],
)
def test_unresolvable_refs_are_reported_once_and_reading_goes_on(tmp_path, ref, message, severity):
    components = "components:\n  messages:\n    Loop: {$ref: '#/components/messages/Loop'}\n" if "Loop" in ref else ""
    facts = read(
        tmp_path,
        f"""\
asyncapi: 2.6.0
info: {{title: t, version: '1'}}
channels:
  broken:
    publish:
      message: {{$ref: '{ref}'}}
  fine:
    publish:
      message: {{name: OrderPlaced}}
"""
        + components,
    )
    unresolved = [p for p in facts.problems if p.problem == "unresolved-reference"]
    assert len(unresolved) == 1
    assert unresolved[0].message.startswith(message)
    assert (unresolved[0].severity.label if unresolved[0].severity else None) == severity
    assert unresolved[0].location.line in (6, 12)  # the $ref, or the cycle's own $ref
    assert "order_placed" in [h.message_key for h in facts.handlers]


@pytest.mark.parametrize("version", ["1.2.0", "2.0.0-rc1", "4.0.0"])
def test_unsupported_versions_are_one_finding(tmp_path, version):
    facts = read(tmp_path, f"asyncapi: '{version}'\ninfo: {{title: t}}\n")
    [problem] = facts.problems
    assert problem.message.startswith(f"AsyncAPI {version} is not supported")
    assert problem.message.endswith("convert it with the AsyncAPI converter")
    assert (problem.location.line, problem.location.column) == (1, 11)


@pytest.mark.parametrize(("written", "full"), [("3", "3.0.0"), ("2.6", "2.6.0")])
def test_a_version_without_its_patch_part_is_told_how_to_write_it(tmp_path, written, full):
    [problem] = read(tmp_path, f"asyncapi: {written}\ninfo: {{title: t}}\n").problems
    assert problem.message == (
        f"`asyncapi: {written}` is not a full version (msglint reads 2.0.0 to 2.6.0, 3.0.0 and 3.1.0); "
        f"write it as a string, like '{full}'"
    )


def test_reply_marks_request_and_reply_directions(tmp_path):
    facts = read(
        tmp_path,
        """\
asyncapi: 3.0.0
info: {title: payments, version: '1'}
channels:
  charges:
    address: payments.requests
    messages:
      ChargeCard: {name: ChargeCard}
      CardCharged: {name: CardCharged}
operations:
  charge:
    action: receive
    channel: {$ref: '#/channels/charges'}
    messages: [{$ref: '#/channels/charges/messages/ChargeCard'}]
    reply:
      messages: [{$ref: '#/channels/charges/messages/CardCharged'}]
""",
    )
    assert [(h.message_key, h.mode) for h in facts.handlers] == [("charge_card", ReceiveMode.UNKNOWN)]
    assert [e.message_key for e in facts.emissions] == ["card_charged"]
    reply_evidence = [(k, e.kind) for k, e in facts.evidence if e.source == "asyncapi-reply"]
    assert reply_evidence == [("charge_card", Kind.COMMAND)]
    assert not [k for k, e in facts.evidence if k == "card_charged" and e.source == "asyncapi-channel"]


def test_json_document_lines(tmp_path):
    facts = read(
        tmp_path,
        '{\n  "asyncapi": "3.0.0",\n  "info": {"title": "t", "version": "1"},\n'
        '  "components": {"messages": {\n    "OrderPlaced": {"name": "OrderPlaced"}\n  }}\n}\n',
        name="doc.json",
    )
    assert [(d.name, d.location.line, d.location.column) for d in facts.declarations] == [("OrderPlaced", 5, 5)]


def test_documents_join_into_one_system(tmp_path):
    write(
        tmp_path,
        "a.yaml",
        """\
asyncapi: 3.0.0
info: {title: a, version: '1'}
channels: {c: {address: x, messages: {m: {name: order.created}}}}
operations: {o: {action: send, channel: {$ref: '#/channels/c'}}}
""",
    )
    write(
        tmp_path,
        "b.yaml",
        """\
asyncapi: 2.6.0
info: {title: b, version: '1'}
channels: {x: {publish: {message: {name: OrderCreated}}}}
""",
    )
    result = lint([tmp_path], Config())
    message = result.system.messages["order_created"]
    assert [e.component for e in result.system.emissions_of("order_created")] == ["a"]
    assert [h.component for h in result.system.handlers_of("order_created")] == ["b"]
    assert len(message.declarations) == 2


def test_service_names_that_differ_only_in_case_or_spacing_are_one_service(tmp_path, run_cli):
    document = """\
asyncapi: 3.0.0
info: {{title: {title}, version: '1'}}
channels: {{c: {{address: orders, messages: {{m: {{name: OrderPlaced}}}}}}}}
operations: {{o: {{action: send, channel: {{$ref: '#/channels/c'}}}}}}
"""
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "current.yaml", document.format(title="Order Service"))
    write(tmp_path, "older.yaml", document.format(title="order  service"))
    write(tmp_path, "other.yaml", document.format(title="Orders Service"))
    result = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    found = [(d["code"], d["location"]["path"], d["message"]) for d in result["diagnostics"]]
    assert found == [
        (
            "MSG204",
            "current.yaml",
            "event `OrderPlaced` is published by 2 components (Order Service, Orders Service); an event has one owner"
            " (heuristic: msglint takes it for an event from its name alone)",
        )
    ]


def test_a_shared_message_file_declares_its_message_once(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(
        tmp_path,
        "common/messages.yaml",
        "components:\n  messages:\n    OrderPlaced:\n      name: OrderPlaced\n      tags: [{name: event}]\n",
    )
    for service, action in (("orders", "send"), ("billing", "receive")):
        write(
            tmp_path,
            f"{service}/asyncapi.yaml",
            f"asyncapi: 3.0.0\ninfo: {{title: {service}, version: '1'}}\n"
            "channels:\n  placed:\n    address: orders.placed\n    messages:\n"
            "      placed: {$ref: '../common/messages.yaml#/components/messages/OrderPlaced'}\n"
            f"operations:\n  o:\n    action: {action}\n    channel: {{$ref: '#/channels/placed'}}\n",
        )
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    [placed] = document["messages"]
    assert [(d["location"]["path"], d["location"]["line"]) for d in placed["declarations"]] == [
        ("common/messages.yaml", 3)
    ]
    assert len(placed["evidence"]) == len({json.dumps(e, sort_keys=True) for e in placed["evidence"]})


def test_an_unused_suppression_points_at_its_own_entry(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(
        tmp_path,
        "a.yaml",
        "asyncapi: 3.0.0\ninfo: {title: orders, version: '1'}\ncomponents:\n  messages:\n    ShipParcel:\n"
        "      name: ShipParcel\n      tags: [{name: event}]\n      x-msglint-ignore:\n        - MSG101\n"
        "        - MSG203\n",
    )
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    assert [(d["code"], d["location"]["line"], d["location"]["column"]) for d in document["diagnostics"]] == [
        ("MSG903", 10, 11)
    ]


# -- the structure the specification requires (MSG904) ---------------------------------------------------------


def schema_problems(tmp_path, text: str) -> list[tuple[int, str]]:
    facts = read(tmp_path, text)
    return [(p.location.line, p.message) for p in facts.problems if p.problem == "schema-invalid"]


def test_schema_errors_name_the_path_and_line_and_count_the_rest(tmp_path):
    problems = schema_problems(
        tmp_path,
        """\
        asyncapi: 2.6.0
        info:
          title: Orders
          version: 1.0
        description: the orders service
        channels:
          orders/placed:
            subcribe:
              message: {name: OrderPlaced}
            publish:
              message: {$ref: 5}
        components:
          messages:
            OrderPlaced: {payload: {type: strin}}
        """,
    )
    assert problems == [
        (4, "`/info/version` must be a string, not a number (1.0); quote it"),
        (5, "`/description` is not a field of the AsyncAPI Object in AsyncAPI 2.6.0 (extensions start with `x-`)"),
        (
            8,
            "`/channels/orders~1placed/subcribe` is not a field of the Channel Item Object in AsyncAPI 2.6.0; "
            "did you mean `subscribe`?",
        ),
        (1, "2 more schema errors in this document; msglint shows the first 3"),
    ]


def test_v3_operations_channels_and_servers(tmp_path):
    problems = schema_problems(
        tmp_path,
        """\
        asyncapi: 3.0.0
        info: {title: Lights, version: 1.0.0}
        servers:
          broker: {url: mqtt://broker, protocol: mqtt}
        channels:
          measured:
            address: lights/measured
            publish: {}
        operations:
          turnOn:
            action: publish
            channel: {$ref: '#/channels/measured'}
          turnOff:
            action: send
            channel: {address: lights/off}
        """,
    )
    assert problems == [
        (4, "`/servers/broker` is missing `host`, which the Server Object requires"),
        (4, "`/servers/broker/url` is not a field of the Server Object in AsyncAPI 3.0.0: `url` is AsyncAPI 2.x"),
        (
            8,
            "`/channels/measured/publish` is not a field of the Channel Object in AsyncAPI 3.0.0: `publish` is 2.x; "
            "in 3.x, operations with `action: send|receive` go under `operations`",
        ),
        (1, "2 more schema errors in this document; msglint shows the first 3"),
    ]
    errors = schema_errors(
        load_located(write(tmp_path, "v3.yaml", problems_v3()).read_bytes(), "v3.yaml").value, "3.0.0"
    )
    assert [(e.pointer, e.message, e.location.line) for e in errors] == [
        ("/operations/turnOn/action", "must be `send` or `receive`, not the string 'publish'", 5),
        (
            "/operations/turnOff/channel",
            "must be a Reference Object (`$ref: '#/...'`), not a mapping: AsyncAPI 3 operations and channels point "
            "at what they use",
            9,
        ),
    ]


def problems_v3() -> str:
    return """\
    asyncapi: 3.0.0
    info: {title: Lights, version: 1.0.0}
    operations:
      turnOn:
        action: publish
        channel: {$ref: '#/channels/measured'}
      turnOff:
        action: send
        channel: {address: lights/off}
    """


def test_an_operation_with_a_wrong_action_is_one_schema_error_and_is_not_read(tmp_path):
    facts = read(tmp_path, problems_v3())
    assert [p.problem for p in facts.problems] == ["schema-invalid", "schema-invalid"]
    assert facts.handlers == [] and facts.emissions == []


def test_schema_objects_are_checked_in_their_format(tmp_path):
    text = """\
    asyncapi: 3.0.0
    info: {title: Meters, version: 1.0.0}
    components:
      messages:
        reading:
          payload:
            type: object
            required: id
            properties:
              id: {type: integer, minimum: true}
        openapi:
          payload:
            schemaFormat: application/vnd.oai.openapi;version=3.0.0
            schema: {type: object, nullable: true, patternProperties: {}}
        avro:
          payload:
            schemaFormat: application/vnd.apache.avro;version=1.9.0
            schema: {type: record, name: Reading}
        protobuf:
          payload:
            schemaFormat: application/vnd.google.protobuf;version=3
            schema: 'message Reading { int32 id = 1; }'
    """
    errors = schema_errors(
        load_located(write(tmp_path, "meters.yaml", text).read_bytes(), "meters.yaml").value, "3.0.0"
    )
    assert [(e.pointer, e.message, e.location.line) for e in errors] == [
        ("/components/messages/reading/payload/required", "must be a list of property names, not the string 'id'", 8),
        ("/components/messages/reading/payload/properties/id/minimum", "must be a number, not true", 10),
        (
            "/components/messages/openapi/payload/schema/patternProperties",
            "is not a keyword of an OpenAPI 3.0 Schema Object",
            14,
        ),
        ("/components/messages/avro/payload/schema", "is missing `fields`, which an Avro record requires", 18),
    ]


def test_what_the_specification_leaves_open_is_no_error(tmp_path):
    problems = schema_problems(
        tmp_path,
        """\
        asyncapi: 2.6.0
        id: urn:example:orders
        info: {title: Orders, version: '1.0', x-team: sales}
        servers:
          prod: {$ref: '#/components/servers/prod'}
        channels:
          orders/{id}:
            parameters:
              id: {$ref: '#/components/parameters/id'}
            bindings:
              kafka: {anything: [goes, here], bindingVersion: 9}
            subscribe:
              message:
                oneOf:
                  - $ref: '#/components/messages/OrderPlaced'
                  - {name: OrderCancelled, payload: true}
        components:
          servers:
            prod: {url: kafka.example.com, protocol: kafka}
          parameters:
            id: {schema: {type: string}, location: $message.payload}
          messages:
            OrderPlaced:
              messageId: orderPlaced
              deprecated: false
              payload: {type: [object, 'null'], x-java-class: Order, myOwnKeyword: 1}
        """,
    )
    assert problems == []


def test_a_field_of_a_later_version_says_which(tmp_path):
    problems = schema_problems(
        tmp_path,
        """\
        asyncapi: 2.0.0
        info: {title: Orders, version: '1'}
        channels:
          orders:
            subscribe:
              message: {messageId: orderPlaced, payload: {type: object}}
        """,
    )
    assert problems == [
        (
            6,
            "`/channels/orders/subscribe/message/messageId` is not a field of the Message Object in AsyncAPI 2.0.0: "
            "it came with AsyncAPI 2.4.0",
        )
    ]


def test_schema_errors_are_msg904_findings(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "orders.yaml", "asyncapi: 2.6.0\ninfo: {title: Orders}\nchannels: {}\n")
    document = run_cli("check", ".", "--format", "json", cwd=tmp_path).json()
    assert [
        (d["code"], d["location"]["path"], d["location"]["line"], d["message"]) for d in document["diagnostics"]
    ] == [("MSG904", "orders.yaml", 2, "`/info` is missing `version`, which the Info Object requires")]


def test_a_ref_holding_half_a_character_is_reported_not_raised(tmp_path):
    document = {"asyncapi": "2.6.0", "info": {"title": "t", "version": "1"}, "channels": {"$ref": "\U00010000"}}
    facts = read(tmp_path, json.dumps(document), "doc.json")  # `\ud800\udc00`: two halves to the YAML reader
    unresolved = [(p.problem, p.message) for p in facts.problems if p.problem == "unresolved-reference"]
    assert unresolved == [
        (
            "unresolved-reference",
            "$ref '\\ud800\\udc00' names no file: it holds a lone surrogate (half of a UTF-16 character)",
        )
    ]


def test_a_pointer_through_a_referenced_channel_is_followed(tmp_path):
    write(
        tmp_path,
        "commons/channels.yml",
        """\
        channels:
          echo:
            address: /
            messages:
              echo: {name: EchoRequested, payload: {type: string}}
        """,
    )
    facts = read(
        tmp_path,
        """\
        asyncapi: 3.0.0
        info: {title: Echo client, version: 1.0.0}
        channels:
          echo: {$ref: './commons/channels.yml#/channels/echo'}
        operations:
          sendEcho:
            action: send
            channel: {$ref: '#/channels/echo'}
            messages: [{$ref: '#/channels/echo/messages/echo'}]
        """,
    )
    assert facts.problems == []
    assert [(e.message_key, e.channel) for e in facts.emissions] == [("echo_requested", "/")]
    [declaration] = facts.declarations
    assert (declaration.location.path, declaration.location.line) == (f"{tmp_path}/commons/channels.yml", 5)


def _errors(tmp_path, text: str, version: str) -> list[tuple[str, str, int]]:
    errors = schema_errors(load_located(write(tmp_path, "doc.yaml", text).read_bytes(), "doc.yaml").value, version)
    return [(e.pointer, e.message, e.location.line) for e in errors]


def test_a_2x_payload_takes_its_format_from_a_message_trait(tmp_path):
    text = """\
    asyncapi: 2.6.0
    info: {title: Orders, version: 1.0.0}
    channels: {}
    components:
      messages:
        placed:
          traits: [{$ref: '#/components/messageTraits/avro'}]
          payload: {type: record, name: Placed, fields: []}
        shipped:
          traits: [{$ref: 'common.yaml#/messageTraits/avro'}]
          payload: {type: record, name: Shipped, fields: []}
        cancelled:
          traits: [{schemaFormat: application/vnd.apache.avro;version=1.9.0}]
          payload: {type: record, name: Cancelled}
      messageTraits:
        avro: {schemaFormat: application/vnd.apache.avro;version=1.9.0}
    """
    # `shipped`'s trait lives in another file: its format is unknown, so its payload is not judged
    assert _errors(tmp_path, text, "2.6.0") == [
        ("/components/messages/cancelled/payload", "is missing `fields`, which an Avro record requires", 14),
    ]


def test_message_examples_of_2_0_are_free_maps(tmp_path):
    text = """\
    asyncapi: {version}
    info: {{title: Orders, version: 1.0.0}}
    channels: {{}}
    components:
      messages:
        placed:
          examples: [{{orderId: 7}}]
    """
    assert _errors(tmp_path, text.format(version="2.0.0"), "2.0.0") == []
    assert _errors(tmp_path, text.format(version="2.1.0"), "2.1.0") == [
        ("/components/messages/placed/examples/0", "needs `headers` or `payload`: an example shows one of them", 7),
        (
            "/components/messages/placed/examples/0/orderId",
            "is not a field of the Message Example Object in AsyncAPI 2.1.0 (extensions start with `x-`)",
            7,
        ),
    ]


def test_a_long_key_is_shortened_in_the_pointer(tmp_path):
    key = "k" * 5000
    text = f"asyncapi: 2.6.0\ninfo:\n  title: t\n  version: '1'\n  ? {key}\n  : 1\nchannels: {{}}\n"
    [(pointer, message, line)] = _errors(tmp_path, text, "2.6.0")
    assert pointer == "/info/" + "k" * 37 + "..."
    assert (message, line) == ("is not a field of the Info Object in AsyncAPI 2.6.0 (extensions start with `x-`)", 5)


def test_plain_scalars_are_read_as_yaml_1_2_reads_them(tmp_path):
    text = """\
    plain: [on, off, yes, no, 12:30, 2024-01-01, 1e5, 0x1F, 0o17, -.inf, null, ~, True, 1_000, 0.1.0]
    quoted: ['true', "7"]
    """
    loaded = load_located(write(tmp_path, "values.yaml", text).read_bytes(), "values.yaml").value
    assert list(loaded["plain"]) == [
        "on", "off", "yes", "no", "12:30", "2024-01-01", 100000.0, 31, 15, float("-inf"), None, None, True, "1_000",
        "0.1.0",
    ]
    assert list(loaded["quoted"]) == ["true", "7"]


def test_on_and_off_are_strings_in_a_server_variable(tmp_path):
    text = """\
    asyncapi: 3.0.0
    info: {title: Lights, version: '1.0.0'}
    servers:
      mqtt:
        host: broker.local
        protocol: mqtt
        variables:
          mode: {enum: [on, off], default: off}
    """
    assert _errors(tmp_path, text, "3.0.0") == []


def test_a_document_that_could_join_either_of_two_groups_joins_the_one_it_relates_to_first(tmp_path):
    # a0 and a2 share a channel, a1 and a4 another; the two groups cannot be one message (a string against an
    # enum). a3, on a channel of its own, has the payload of a1 and a2: it joins the group of a1, the earliest
    # document it relates to, as it did when documents were compared one by one
    indent = "\n" + " " * 12
    properties = f"type: object\n          properties:{indent}id: {{type: string}}{indent}total: {{type: number}}"
    payloads = {
        "a0": ("orders/a", "type: string"),
        "a1": ("orders/b", properties),
        "a2": ("orders/a", properties),
        "a3": ("orders/c", properties),
        "a4": ("orders/b", "enum: [x, y]"),
    }
    for name, (channel, payload) in payloads.items():
        write(
            tmp_path,
            f"{name}.yaml",
            f"asyncapi: '2.6.0'\ninfo:\n  title: svc-{name}\n  version: '1.0.0'\nchannels:\n  {channel}:\n"
            f"    subscribe:\n      message:\n        name: OrderPlaced\n        payload:\n          {payload}\n",
        )
    system = lint([tmp_path], Config()).system
    assert sorted(
        sorted(e.location.path.rpartition("/")[2] for e in system.emissions_of(key)) for key in system.messages
    ) == [["a0.yaml", "a2.yaml"], ["a1.yaml", "a3.yaml", "a4.yaml"]]
