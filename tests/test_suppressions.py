"""Suppression comments as ruff users expect them: a bare `# msglint: ignore` covers every rule on its line
(and is reported when it covers nothing), `# noqa: MSG101` is honoured, a bare `# noqa` covers every rule
and, being shared with other linters, is never reported."""

from __future__ import annotations

from tests.conftest import write

EVENTS = "class Event:\n    pass\n\n\n"


def findings(run_cli, folder, *options: str) -> list[tuple[str, int, str]]:
    document = run_cli("check", ".", "--format", "json", *options, cwd=folder).json()
    return [(d["code"], d["location"]["line"], d["message"]) for d in document["diagnostics"]]


def project(tmp_path, body: str):
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "events.py", EVENTS + body)
    return tmp_path


IMPERATIVE = (
    "event `{name}` is named as an instruction ('{verb}' is imperative), but an event records a fact that "
    "already happened"
)


def test_without_a_comment_the_findings_are_there(tmp_path, run_cli):
    folder = project(tmp_path, "class SendEmail(Event):\n    to: str\n")
    assert findings(run_cli, folder) == [("MSG101", 5, IMPERATIVE.format(name="SendEmail", verb="send"))]


def test_a_bare_msglint_ignore_covers_every_rule_on_its_line(tmp_path, run_cli):
    folder = project(
        tmp_path,
        "class SendEmail(Event):  # msglint: ignore\n    to: str\n\n\n"
        "# msglint: ignore\nclass ShipOrder(Event):\n    sku: str\n\n\n"
        "class NotifyCourier(Event):\n    sku: str\n",
    )
    assert findings(run_cli, folder) == [("MSG101", 14, IMPERATIVE.format(name="NotifyCourier", verb="notify"))]


def test_an_unused_bare_msglint_ignore_is_reported(tmp_path, run_cli):
    folder = project(tmp_path, "class EmailSent(Event):  # msglint: ignore\n    to: str\n")
    assert findings(run_cli, folder) == [("MSG903", 5, "this suppression of every rule matched no finding; remove it")]
    document = run_cli("check", ".", "--format", "json", cwd=folder).json()
    assert document["diagnostics"][0]["location"]["column"] == 26
    assert document["diagnostics"][0]["suggestion"] == "remove the comment"


def test_a_bare_ignore_file_covers_the_whole_file(tmp_path, run_cli):
    folder = project(tmp_path, "# msglint: ignore-file\nclass SendEmail(Event):\n    to: str\n")
    assert findings(run_cli, folder) == []


def test_an_unclosed_bracket_is_no_suppression(tmp_path, run_cli):
    folder = project(tmp_path, "class SendEmail(Event):  # msglint: ignore[MSG101\n    to: str\n")
    assert [f[:2] for f in findings(run_cli, folder)] == [("MSG101", 5)]


def test_noqa_with_msglint_codes_is_honoured(tmp_path, run_cli):
    folder = project(
        tmp_path,
        "class SendEmail(Event):  # noqa: E501, MSG101\n    to: str\n\n\n"
        "class ShipOrder(Event):  # NOQA:MSG101 N801\n    sku: str\n",
    )
    assert findings(run_cli, folder) == []


def test_noqa_for_other_tools_only_suppresses_nothing_of_ours(tmp_path, run_cli):
    folder = project(tmp_path, "class SendEmail(Event):  # noqa: E501\n    to: str\n\n\nx = 1  # noqa: F401\n")
    assert findings(run_cli, folder) == [("MSG101", 5, IMPERATIVE.format(name="SendEmail", verb="send"))]


def test_noqa_covers_its_own_line_only(tmp_path, run_cli):
    folder = project(tmp_path, "# noqa: MSG101\nclass SendEmail(Event):\n    to: str\n")
    assert [f[:2] for f in findings(run_cli, folder)] == [("MSG903", 5), ("MSG101", 6)]


def test_a_bare_noqa_covers_every_rule_and_is_never_reported(tmp_path, run_cli):
    folder = project(
        tmp_path,
        "class SendEmail(Event):  # noqa\n    to: str\n\n\nclass EmailSent(Event):  # noqa\n    to: str\n",
    )
    assert findings(run_cli, folder) == []


def test_an_unused_noqa_code_of_ours_is_reported_and_a_misspelt_one_too(tmp_path, run_cli):
    folder = project(
        tmp_path,
        "class EmailSent(Event):  # noqa: MSG101, E501\n    to: str\n\n\n"
        "class ParcelShipped(Event):  # noqa: MSG999\n    sku: str\n",
    )
    assert findings(run_cli, folder) == [
        ("MSG903", 5, "this suppression of MSG101 matched no finding; remove it"),
        ("MSG903", 9, "this suppression names MSG999, which is no msglint rule"),
    ]


def test_a_noqa_of_a_rule_that_did_not_run_is_not_unused(tmp_path, run_cli):
    folder = project(tmp_path, "class EmailSent(Event):  # noqa: MSG101\n    to: str\n")
    assert findings(run_cli, folder, "--select", "MSG903,MSG2") == []


def test_a_comment_above_the_decorators_covers_what_they_decorate(tmp_path, run_cli):
    folder = project(
        tmp_path,
        "from dataclasses import dataclass\n\n\n"
        "# msglint: ignore[MSG101]\n@dataclass(\n    frozen=True,\n)\nclass SendEmail(Event):\n    to: str\n\n\n"
        "# msglint: ignore[MSG101]\n\n@dataclass\nclass ShipOrder(Event):\n    sku: str\n",
    )
    # the second comment stands above a blank line, not above the decorator: it covers nothing
    assert findings(run_cli, folder) == [
        ("MSG903", 16, "this suppression of MSG101 matched no finding; remove it"),
        ("MSG101", 19, IMPERATIVE.format(name="ShipOrder", verb="ship")),
    ]


def test_a_suppression_of_a_code_no_rule_has_says_so(tmp_path, run_cli):
    folder = project(tmp_path, "class EmailSent(Event):  # msglint: ignore[MSG999]\n    to: str\n")
    assert findings(run_cli, folder) == [("MSG903", 5, "this suppression names MSG999, which is no msglint rule")]
