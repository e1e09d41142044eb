"""Broken, huge, hostile and oddly encoded inputs: each gets one clear finding or one clear error line,
the rest of the run is still checked, nothing prints a traceback and nothing hangs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from tests.conftest import REPO, write

CATALOG = """
msglint: 1
messages:
  order placed:
    kind: eventt
"""
BAD_KIND = "error MSG901 [invalid-input] `kind` must be one of command, event, query, not 'eventt'"
HANG_LIMIT = 120  # seconds: only reached when msglint hangs


def run_in_subprocess(*args: str, cwd: Path, cache: bool = False) -> subprocess.CompletedProcess[str]:
    """msglint in its own process, so that a hang fails the test instead of stopping the suite."""
    env = {key: value for key, value in os.environ.items() if key != "MSGLINT_NO_CACHE"}
    if not cache:
        env["MSGLINT_NO_CACHE"] = "1"
    code = "import sys; from msglint.cli import main; main(sys.argv[1:])"
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=HANG_LIMIT
    )


def shortened(text: str) -> str:
    """How findings quote an absurdly long name or reference."""
    return f"{text[:200]}... ({len(text):,} characters)"


def make_fifo(path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    os.mkfifo(path)


# -- 1. long names -------------------------------------------------------------------------------------


def test_a_json_catalog_with_a_2000_character_message_name_is_valid(run_cli, tmp_path):
    name = "Place" + "Order" * 399
    (tmp_path / "cat.json").write_text(json.dumps({"msglint": 1, "messages": {name: {"kind": "command"}}}))
    result = run_cli("check", ".", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0
    document = result.json()
    assert document["diagnostics"] == []
    assert [m["name"] for m in document["messages"]] == [name]


def test_valid_json_yaml_refuses_is_read_as_json(run_cli, tmp_path):
    # a key past YAML's 1,024 characters, tab indentation and a `:` on the line after its key: all valid JSON
    name = "Order" * 300 + "Placed"
    text = '{\n\t"msglint": 1,\n\t"messages": {\n\t\t"' + name + '"\n\t\t: {"kind": "eventt"}\n\t}\n}\n'
    (tmp_path / "cat.json").write_text(text)
    result = run_cli("check", ".", "-q", cwd=tmp_path)
    assert (result.exit_code, result.err) == (1, "")
    assert result.out == f"cat.json:5:14: {BAD_KIND}\n"


def test_invalid_json_with_a_long_key_is_still_one_located_finding(run_cli, tmp_path):
    name = "Order" * 300 + "Placed"
    (tmp_path / "cat.json").write_text('{"msglint": 1, "messages": {"' + name + '": {}}\n')  # one brace short
    result = run_cli("check", ".", "-q", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.out == "cat.json:2:1: error MSG901 [invalid-input] cannot parse JSON: Expecting ',' delimiter\n"


# -- 2. JSON pointer steps -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "step", ["²", "9" * 5000, "01", "-1"], ids=["superscript", "5000-digits", "leading-zero", "negative"]
)
def test_a_pointer_step_that_is_no_array_index_is_an_unresolved_reference(run_cli, tmp_path, step):
    ref = f"#/components/x-list/{step}"
    write(
        tmp_path,
        "api.yaml",
        f"""
        asyncapi: 3.0.0
        info: {{title: Shop, version: "1"}}
        channels:
          orders:
            address: orders
            messages:
              a: {{$ref: '{ref}'}}
        components:
          x-list: [{{name: OrderPlaced}}, {{name: OrderPaid}}]
        """,
    )
    result = run_cli("check", ".", "-q", cwd=tmp_path)
    pointer = ref[1:]
    shown_ref = ref if len(ref) <= 200 else shortened(ref)
    shown_pointer = pointer if len(pointer) <= 200 else shortened(pointer)
    assert (result.exit_code, result.err) == (1, "")
    assert result.out == (
        f"api.yaml:7:17: error MSG902 [unresolved-reference] $ref '{shown_ref}': no '{shown_pointer}' in api.yaml\n"
    )


# -- 3. configuration ----------------------------------------------------------------------------------


def test_tool_that_is_not_a_table_is_a_configuration_error(run_cli, tmp_path):
    write(tmp_path, "pyproject.toml", 'tool = "x"\n# [tool.msglint]\n')
    write(tmp_path, "cat.yaml", CATALOG)
    result = run_cli("check", ".", "-q", cwd=tmp_path)
    assert result.exit_code == 2
    config = tmp_path.resolve() / "pyproject.toml"
    assert result.err == f"msglint: error: {config}: `tool` must be a table (`[tool.msglint]`), not a string\n"


def test_tool_msglint_that_is_not_a_table_is_a_configuration_error(run_cli, tmp_path):
    write(tmp_path, "pyproject.toml", "tool.msglint = [1]\n")
    result = run_cli("check", ".", "-q", "--config", "pyproject.toml", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.err == "msglint: error: pyproject.toml: `tool.msglint` must be a table, not an array\n"


def test_an_invalid_exclude_pattern_is_a_configuration_error(run_cli, tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.msglint]\nexclude = ["build", "[z-a]"]\n')
    write(tmp_path, "cat.yaml", CATALOG)
    result = run_cli("check", ".", "-q", cwd=tmp_path)
    assert result.exit_code == 2
    config = tmp_path.resolve() / "pyproject.toml"
    assert result.err == (
        f"msglint: error: {config}: `tool.msglint.exclude` holds an invalid pattern: `[z-a]`: "
        "the range `z-a` is reversed\n"
    )


def test_toml_nested_too_deeply_is_a_configuration_error(run_cli, tmp_path):
    (tmp_path / "msglint.toml").write_text("select = []\n\ndeep = " + "[" * 5000 + "]" * 5000 + "\n")
    write(tmp_path, "cat.yaml", CATALOG)
    result = run_cli("check", ".", "-q", cwd=tmp_path)
    assert result.exit_code == 2
    config = tmp_path.resolve() / "msglint.toml"
    assert result.err == f"msglint: error: {config}: `deep` nests arrays or tables too deeply to read (line 3)\n"


# -- 4. .gitignore -------------------------------------------------------------------------------------


def test_a_gitignore_line_with_a_reversed_range_is_skipped_as_git_does(run_cli, tmp_path):
    write(tmp_path, ".gitignore", "[z-a]\nskipped.yaml\n")
    write(tmp_path, "skipped.yaml", CATALOG)
    write(tmp_path, "cat.yaml", CATALOG)
    result = run_cli("check", ".", "-q", cwd=tmp_path)
    assert (result.exit_code, result.err) == (1, "")
    assert result.out == f"cat.yaml:4:11: {BAD_KIND}\n"


def test_a_gitignore_with_a_bracket_inside_a_class_prints_no_warning(run_cli, tmp_path):
    write(tmp_path, ".gitignore", "[[a]x.yaml\n")
    for name in ("[x.yaml", "ax.yaml", "bx.yaml"):
        write(tmp_path, name, CATALOG)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a FutureWarning would become an internal error
        result = run_cli("check", ".", "-q", cwd=tmp_path)
    assert (result.exit_code, result.err) == (1, "")
    assert result.out == f"bx.yaml:4:11: {BAD_KIND}\n"


# -- 5. file names -------------------------------------------------------------------------------------


def _bad_name(folder: Path) -> bytes:
    path = os.fsencode(folder) + b"/bad\xff.yaml"
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    except (OSError, ValueError):
        pytest.skip("this file system refuses names that are not UTF-8")
    os.write(descriptor, CATALOG.encode())
    os.close(descriptor)
    return path


def test_a_file_whose_name_is_not_utf8_is_skipped_and_the_rest_checked(run_cli, tmp_path):
    _bad_name(tmp_path)
    write(tmp_path, "cat.yaml", CATALOG)
    result = run_cli("check", ".", "-q", cwd=tmp_path)
    assert (result.exit_code, result.err) == (1, "")
    assert result.out == f"cat.yaml:4:11: {BAD_KIND}\n"


def test_naming_a_file_whose_name_is_not_utf8_is_a_usage_error(run_cli, tmp_path):
    path = os.fsdecode(_bad_name(tmp_path))
    result = run_cli("check", path, "-q", cwd=tmp_path)
    assert result.exit_code == 2
    shown = str(Path(path).resolve())
    assert result.err == f"msglint: error: {shown!r}: the path is not valid UTF-8; rename it to check it\n"


# -- 6. hangs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cache", [False, True])
def test_a_ref_to_a_named_pipe_is_an_unresolved_reference(tmp_path, cache):
    make_fifo(tmp_path / "pipe.yaml")
    write(
        tmp_path,
        "api.yaml",
        """
        asyncapi: 3.0.0
        info: {title: Shop, version: "1"}
        components:
          messages:
            OrderPlaced: {$ref: './pipe.yaml#/x'}
        """,
    )
    expected = (
        "api.yaml:5:25: error MSG902 [unresolved-reference] $ref './pipe.yaml#/x': not a regular file "
        "(a pipe, a device or a socket?) (pipe.yaml)\n"
    )
    for _ in range(2 if cache else 1):  # with the cache, also the run that finds it
        result = run_in_subprocess("check", ".", "-q", cwd=tmp_path, cache=cache)
        assert (result.returncode, result.stdout, result.stderr) == (1, expected, "")


def test_a_named_pipe_called_gitignore_is_not_read(tmp_path):
    make_fifo(tmp_path / ".gitignore")
    write(tmp_path, "cat.yaml", CATALOG)
    result = run_in_subprocess("check", ".", "-q", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (1, f"cat.yaml:4:11: {BAD_KIND}\n", "")


def test_a_500_kb_name_of_braces_is_one_finding(tmp_path):
    name = "{" * 500_000
    text = json.dumps({"msglint": 1, "messages": {name: {"kind": "command"}}})
    (tmp_path / "cat.json").write_text(text)
    result = run_in_subprocess("check", ".", "-q", cwd=tmp_path)
    column = text.index('"{') + 1
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == (
        f"cat.json:1:{column}: error MSG901 [invalid-input] message name `{shortened(name)}` has no words "
        "msglint can read\n"
    )


def test_placeholder_removal_is_linear():
    from msglint.naming.tokens import tokenize

    assert tokenize("{" * 500_000) == ()
    assert tokenize("<" * 500_000) == ()
    assert tokenize("Order{id}Placed<v>") == ("order", "placed")


def test_a_chain_of_3000_component_refs_is_resolved(tmp_path):
    count = 3000
    lines = ["asyncapi: 3.0.0", "info: {title: Shop, version: '1'}", "components:", "  messages:"]
    lines += [f"    M{i}: {{$ref: '#/components/messages/M{i + 1}'}}" for i in range(count - 1)]
    lines.append(f"    M{count - 1}: {{name: OrderPlaced, payload: {{type: object}}}}")
    (tmp_path / "api.yaml").write_text("\n".join(lines) + "\n")
    result = run_in_subprocess("check", ".", "--format", "json", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    document = json.loads(result.stdout)
    assert document["diagnostics"] == []
    assert [(m["name"], len(m["declarations"])) for m in document["messages"]] == [("OrderPlaced", 1)]


def test_a_cycle_among_chained_refs_is_still_reported_once(run_cli, tmp_path):
    write(
        tmp_path,
        "api.yaml",
        """
        asyncapi: 3.0.0
        info: {title: Shop, version: "1"}
        components:
          messages:
            A: {$ref: '#/components/messages/B'}
            B: {$ref: '#/components/messages/C'}
            C: {$ref: '#/components/messages/A'}
        """,
    )
    result = run_cli("check", ".", "-q", cwd=tmp_path)
    assert (result.exit_code, result.err) == (1, "")
    assert result.out == (
        "api.yaml:5:15: error MSG902 [unresolved-reference] circular $ref: #/components/messages/B -> "
        "#/components/messages/C -> #/components/messages/A -> #/components/messages/B\n"
    )


# -- 7. many files -------------------------------------------------------------------------------------


def test_2000_catalogs_declaring_the_same_message_merge_into_one(run_cli, tmp_path):
    count = 2000
    for number in range(count):
        (tmp_path / f"c{number}.yaml").write_text("msglint: 1\nmessages:\n  PlaceOrder:\n    kind: command\n")
    result = run_cli("check", ".", "--format", "json", "--jobs", "1", cwd=tmp_path)
    assert result.exit_code == 0
    document = result.json()
    assert document["summary"]["files"] == count
    assert document["diagnostics"] == []
    [message] = document["messages"]
    assert (message["name"], message["kind"], len(message["declarations"])) == ("PlaceOrder", "command", count)
    assert len([e for e in message["evidence"] if e["source"] == "catalog-kind"]) == count


def test_one_catalog_with_many_messages_of_one_identity_reports_each_against_the_first(run_cli, tmp_path):
    names = ["PlaceOrder", "place_order", "place-order", "PLACE_ORDER"]
    (tmp_path / "cat.yaml").write_text("msglint: 1\nmessages:\n" + "".join(f"  {n}: {{}}\n" for n in names))
    result = run_cli("check", ".", "-q", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.out == "".join(
        f"cat.yaml:{line}:3: error MSG901 [invalid-input] message `{name}` has the same identity as `PlaceOrder` "
        "(line 3); msglint treats them as one message\n"
        for line, name in enumerate(names[1:], start=4)
    )


# -- 8. encodings --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]
)
@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_catalogs_in_utf16_and_utf32_are_read(run_cli, tmp_path, encoding, suffix):
    if suffix == "yaml":
        text, where = CATALOG.lstrip("\n"), "4:11"
    else:
        text = '{"msglint": 1, "messages": {"order placed": {"kind": "eventt"}}}\n'
        where = f"1:{text.index('eventt')}"  # the column of its opening quote
    (tmp_path / f"cat.{suffix}").write_bytes(text.encode(encoding))
    result = run_cli("check", ".", "-q", cwd=tmp_path)
    assert (result.exit_code, result.err) == (1, "")
    assert result.out == f"cat.{suffix}:{where}: {BAD_KIND}\n"


def test_an_eventcatalog_page_in_utf16_is_read(run_cli, tmp_path):
    page = tmp_path / "events" / "OrderShipped" / "index.md"
    page.parent.mkdir(parents=True)
    page.write_bytes("---\nid: OrderShipped\nversion: 1.0.0\n---\nShipped.\n".encode("utf-16"))
    result = run_cli("check", ".", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0
    assert [(m["name"], m["kind"]) for m in result.json()["messages"]] == [("OrderShipped", "event")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            CATALOG.lstrip("\n").encode("utf-16") + b"\x00",  # half a character at the end
            "cat.yaml:5:1: error MSG901 [invalid-input] the file is not valid UTF-16LE text: byte 0x00 cannot be "
            "decoded; save it as UTF-8",
        ),
        (
            "msglint: 1\nmessages:\n  Ship".encode("utf-16-be") + b"\xdc\x00" + ": {}\n".encode("utf-16-be"),
            "cat.yaml:3:7: error MSG901 [invalid-input] the file is not valid UTF-16BE text: byte 0xdc cannot be "
            "decoded; save it as UTF-8",
        ),
    ],
    ids=["truncated-utf16", "lone-surrogate-utf16be"],
)
def test_a_catalog_that_cannot_be_decoded_is_a_located_finding(run_cli, tmp_path, data, expected):
    (tmp_path / "cat.yaml").write_bytes(data)
    write(tmp_path, "other.yaml", CATALOG)
    result = run_cli("check", ".", "-q", cwd=tmp_path)
    assert (result.exit_code, result.err) == (1, "")
    assert result.out == f"{expected}\nother.yaml:4:11: {BAD_KIND}\n"


def test_the_hostile_input_suite_passes_at_small_size():
    """bench/hostile.py's cases, small: every run ends in findings (no traceback, no hang) and the good
    catalog beside the hostile input keeps its finding. The full sizes are `python bench/hostile.py`."""
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "hostile.py"), "--scale", "0.01", "--timeout", "60"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(" ok ") == 13


@pytest.mark.parametrize("output", ["text", "json", "sarif", "gitlab", "github", "junit", "markdown", "baseline"])
def test_half_a_character_in_a_reference_is_quoted_as_written_by_every_report(tmp_path, output):
    channels = {"a": {"publish": {"message": {"$ref": "\\ud800.yaml"}}}, "b": {"publish": {"message": {}}}}
    channels["b"]["publish"]["message"]["$ref"] = "other.yaml#/x/\\udfff"
    text = json.dumps({"asyncapi": "2.6.0", "info": {"title": "t", "version": "1"}, "channels": channels})
    write(tmp_path, "api.json", text.replace("\\\\", "\\"))
    write(tmp_path, "other.yaml", "x: {}\n")
    if output == "baseline":
        done = run_in_subprocess("check", "--write-baseline", "base.json", ".", cwd=tmp_path)
        assert (done.returncode, done.stderr) == (0, "msglint: recorded 2 findings in base.json\n")
        return
    done = run_in_subprocess("check", "--format", output, ".", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (1, "")
    if output == "text":
        assert "$ref '\\ud800.yaml' names no file: it holds a lone surrogate" in done.stdout
        assert "$ref 'other.yaml#/x/\\udfff': no '/x/\\udfff' in other.yaml" in done.stdout
