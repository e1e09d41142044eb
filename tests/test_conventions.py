"""MSG108 naming-convention: the conventions of `[conventions]` / `[tool.msglint.conventions]`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write

CATALOG = """
msglint: 1
services:
  orders:
    handles: [place_order, GetOrderQuery]
    publishes: [OrderPlaced, order_shipped]
    sends: [ShipOrderCommand]
  shipping:
    handles: [ShipOrderCommand]
messages:
  place_order:
    kind: command
  ShipOrderCommand:
    kind: command
  GetOrderQuery:
    kind: query
  OrderPlaced:
    kind: event
  order_shipped:
    kind: event
  RefundIssued: {}
"""


def findings(run_cli, folder: Path, *args: str) -> list[str]:
    result = run_cli("check", "-q", "--select", "MSG108", *args, ".", cwd=folder)
    assert result.err == ""
    return result.out.splitlines()


def test_nothing_is_checked_without_conventions(run_cli, tmp_path):
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "shop.yaml", CATALOG)
    assert findings(run_cli, tmp_path) == []


def test_conventions_per_kind_in_pyproject(run_cli, tmp_path):
    write(
        tmp_path,
        "pyproject.toml",
        """
        [project]
        name = "shop"

        [tool.msglint.conventions.command]
        casing = "PascalCase"
        required-suffix = "Command"

        [tool.msglint.conventions.event]
        forbidden-suffix = ["Event", "Command"]
        pattern = "^[A-Z]"

        [tool.msglint.conventions.query]
        required-suffix = "Query"
        """,
    )
    write(tmp_path, "shop.yaml", CATALOG)
    assert findings(run_cli, tmp_path) == [
        "shop.yaml:10:3: warning MSG108 [naming-convention] command `place_order` breaks the naming convention "
        '`tool.msglint.conventions.command.casing = "PascalCase"` (pyproject.toml:5): it is not PascalCase',
        "shop.yaml:10:3: warning MSG108 [naming-convention] command `place_order` breaks the naming convention "
        '`tool.msglint.conventions.command.required-suffix = "Command"` (pyproject.toml:6): it does not end in '
        "`Command`",
        "shop.yaml:18:3: warning MSG108 [naming-convention] event `order_shipped` breaks the naming convention "
        '`tool.msglint.conventions.event.pattern = "^[A-Z]"` (pyproject.toml:10): it does not match `^[A-Z]`',
    ]


def test_any_applies_to_every_message_and_names_its_kind(run_cli, tmp_path):
    write(tmp_path, "msglint.toml", '[conventions.any]\ncasing = "snake_case"\nforbidden-suffix = "Query"\n')
    write(tmp_path, "shop.yaml", CATALOG)
    assert findings(run_cli, tmp_path) == [
        "shop.yaml:12:3: warning MSG108 [naming-convention] command `ShipOrderCommand` breaks the naming "
        'convention `conventions.any.casing = "snake_case"` (msglint.toml:2): it is not snake_case',
        "shop.yaml:14:3: warning MSG108 [naming-convention] query `GetOrderQuery` breaks the naming convention "
        '`conventions.any.casing = "snake_case"` (msglint.toml:2): it is not snake_case',
        "shop.yaml:14:3: warning MSG108 [naming-convention] query `GetOrderQuery` breaks the naming convention "
        '`conventions.any.forbidden-suffix = "Query"` (msglint.toml:3): it ends in `Query`',
        "shop.yaml:16:3: warning MSG108 [naming-convention] event `OrderPlaced` breaks the naming convention "
        '`conventions.any.casing = "snake_case"` (msglint.toml:2): it is not snake_case',
        "shop.yaml:20:3: warning MSG108 [naming-convention] event `RefundIssued` breaks the naming convention "
        '`conventions.any.casing = "snake_case"` (msglint.toml:2): it is not snake_case',
    ]


def test_a_kind_guessed_from_the_name_alone_is_not_judged_by_that_kinds_conventions(run_cli, tmp_path):
    write(tmp_path, "msglint.toml", '[conventions.event]\nrequired-suffix = "Event"\n')
    write(tmp_path, "shop.yaml", "msglint: 1\nmessages:\n  RefundIssued: {}\n  StockReserved:\n    kind: event\n")
    assert findings(run_cli, tmp_path) == [
        "shop.yaml:4:3: warning MSG108 [naming-convention] event `StockReserved` breaks the naming convention "
        '`conventions.event.required-suffix = "Event"` (msglint.toml:2): it does not end in `Event`',
    ]


@pytest.mark.parametrize(
    ("casing", "good", "bad"),
    [
        ("PascalCase", "OrderPlaced", "orderPlaced"),
        ("camelCase", "orderPlaced", "OrderPlaced"),
        ("snake_case", "order_placed", "order-placed"),
        ("kebab-case", "order-placed", "order_placed"),
        ("dotted", "order.placed", "Order.Placed"),
    ],
)
def test_casings(run_cli, tmp_path, casing, good, bad):
    write(tmp_path, "msglint.toml", f'[conventions.any]\ncasing = "{casing}"\n')
    write(tmp_path, "shop.yaml", f"msglint: 1\nmessages:\n  {good}:\n    kind: event\n  {bad}:\n    kind: event\n")
    assert findings(run_cli, tmp_path) == [
        f"shop.yaml:5:3: warning MSG108 [naming-convention] event `{bad}` breaks the naming convention "
        f'`conventions.any.casing = "{casing}"` (msglint.toml:2): it is not {casing}',
    ]


def test_python_class_names_follow_the_conventions_too(run_cli, tmp_path):
    write(tmp_path, "msglint.toml", '[conventions.event]\nrequired-suffix = "Event"\n')
    write(
        tmp_path,
        "shop/events.py",
        """
        class Event:
            pass


        class OrderPlacedEvent(Event):
            pass


        class OrderShipped(Event):
            pass
        """,
    )
    assert findings(run_cli, tmp_path) == [
        "shop/events.py:9:1: warning MSG108 [naming-convention] event `OrderShipped` breaks the naming convention "
        '`conventions.event.required-suffix = "Event"` (msglint.toml:2): it does not end in `Event`',
    ]


ASYNCAPI = """
asyncapi: 3.0.0
info:
  title: accounts
  version: 1.0.0
channels:
  signedUp:
    address: accounts.user.{userId}
    messages:
      UserSignedUp:
        x-msglint-kind: event
        payload: {type: object}
  closed:
    address: accounts/closed
    messages:
      AccountClosed:
        x-msglint-kind: event
        payload: {type: object}
  close:
    address: close_account
    messages:
      CloseAccount:
        x-msglint-kind: command
        payload: {type: object}
operations:
  announceSignUp:
    action: send
    channel: {$ref: '#/channels/signedUp'}
  announceClosed:
    action: send
    channel: {$ref: '#/channels/closed'}
  closeAccount:
    action: receive
    channel: {$ref: '#/channels/close'}
"""


def test_event_channels_follow_the_address_pattern(run_cli, tmp_path):
    write(tmp_path, "msglint.toml", '[conventions.event]\naddress = "{domain}.{entity}.{event}"\n')
    write(tmp_path, "accounts.yaml", ASYNCAPI)
    # a placeholder takes one segment, an AsyncAPI parameter too; the command's channel is not an event's
    assert findings(run_cli, tmp_path) == [
        "accounts.yaml:28:3: warning MSG108 [naming-convention] the channel `accounts/closed` breaks the naming "
        'convention `conventions.event.address = "{domain}.{entity}.{event}"` (msglint.toml:2): it does not have '
        "the shape `{domain}.{entity}.{event}`",
    ]


def test_a_finding_can_be_suppressed_on_the_message(run_cli, tmp_path):
    write(tmp_path, "msglint.toml", '[conventions.any]\ncasing = "PascalCase"\n')
    write(tmp_path, "shop.yaml", "msglint: 1\nmessages:\n  order_placed:\n    kind: event\n    ignore: [MSG108]\n")
    assert findings(run_cli, tmp_path) == []


def test_changing_a_convention_changes_a_cached_result(run_cli, tmp_path):
    write(tmp_path, "msglint.toml", '[conventions.any]\ncasing = "PascalCase"\n')
    write(tmp_path, "shop.yaml", "msglint: 1\nmessages:\n  order_placed:\n    kind: event\n")
    first = run_cli("check", "-q", "--select", "MSG108", ".", cwd=tmp_path, cache=True)
    write(tmp_path, "msglint.toml", '[conventions.any]\ncasing = "snake_case"\n')
    second = run_cli("check", "-q", "--select", "MSG108", ".", cwd=tmp_path, cache=True)
    assert "`order_placed`" in first.out
    assert second.out == ""


@pytest.mark.parametrize(
    ("config", "error"),
    [
        (
            '[tool.msglint.conventions.event]\ncasing = "PascalCase"\npattern = "(Order"\n',
            "pyproject.toml:3: `tool.msglint.conventions.event.pattern` is not a valid regular expression: "
            "missing ), unterminated subpattern at position 0",
        ),
        (
            '[tool.msglint.conventions.events]\ncasing = "PascalCase"\n',
            "pyproject.toml:1: `tool.msglint.conventions.events` is not a msglint setting; did you mean "
            "`tool.msglint.conventions.event`?",
        ),
        (
            '[tool.msglint.conventions.command]\nsufix = "Command"\n',
            "pyproject.toml:2: `tool.msglint.conventions.command.sufix` is not a msglint setting; valid keys: "
            "casing, required-suffix, forbidden-suffix, pattern, address",
        ),
        (
            '[tool.msglint.conventions.any]\ncasing = "Pascal"\n',
            "pyproject.toml:2: `tool.msglint.conventions.any.casing` must be one of PascalCase, camelCase, "
            "snake_case, kebab-case, dotted, not 'Pascal'",
        ),
        (
            '[tool.msglint.conventions.event]\naddress = "{domain}.{}"\n',
            "pyproject.toml:2: `tool.msglint.conventions.event.address` placeholders are names in braces "
            "(`{domain}`), not `{}`",
        ),
        (
            '[tool.msglint.conventions.event]\naddress = "{domain.{event}"\n',
            "pyproject.toml:2: `tool.msglint.conventions.event.address` has an unmatched brace: `{domain.{event}`",
        ),
        (
            "[tool.msglint.conventions.event]\nforbidden-suffix = []\n",
            "pyproject.toml:2: `tool.msglint.conventions.event.forbidden-suffix` must be a suffix or a list of "
            "suffixes (`Event`, `Command`)",
        ),
        (
            "[tool.msglint.conventions]\nevent = 3\n",
            "pyproject.toml: `tool.msglint.conventions.event` must be a table",
        ),
    ],
)
def test_a_bad_convention_is_a_configuration_error(run_cli, tmp_path, config, error):
    write(tmp_path, "pyproject.toml", config)
    write(tmp_path, "shop.yaml", "msglint: 1\nmessages:\n  OrderPlaced:\n    kind: event\n")
    result = run_cli("check", ".", cwd=tmp_path)
    assert (result.exit_code, result.out) == (2, "")
    assert result.err == f"msglint: error: {tmp_path / 'pyproject.toml'}{error.removeprefix('pyproject.toml')}\n"


def test_a_bad_pattern_in_msglint_toml_names_its_line(run_cli, tmp_path):
    write(tmp_path, "msglint.toml", '# team conventions\n\n[conventions.any]\npattern = "[A-Z"\n')
    result = run_cli("check", ".", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.err == (
        f"msglint: error: {tmp_path / 'msglint.toml'}:4: `conventions.any.pattern` is not a valid regular "
        "expression: unterminated character set at position 0\n"
    )


def test_the_regular_expression_is_compiled_once_when_the_configuration_is_read(tmp_path):
    from msglint.lint.config import load_config

    path = write(tmp_path, "msglint.toml", '[conventions.any]\npattern = "^[A-Z]"\n')
    (convention,) = load_config(path).conventions
    assert convention.regex is not None and convention.regex.pattern == "^[A-Z]"
