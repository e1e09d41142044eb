"""`msglint server` driven over stdio by pygls' own LanguageClient, as an editor would."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="pygls is not installed: pip install 'msglint[server]' to test the language server")

from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402
from pygls.uris import from_fs_path  # noqa: E402

from msglint.rules import find_rule  # noqa: E402
from msglint.rules.render import rule_markdown  # noqa: E402

PYTHON_APP = """from dataclasses import dataclass


class Event:
    pass


@dataclass
class CreateOrder(Event):
    order_id: str
"""

ASYNCAPI = """asyncapi: 2.6.0
info:
  title: Orders
  version: 1.0.0
channels:
  shop.order.events:
    subscribe:
      message:
        name: OrderRowInserted
        payload:
          type: object
"""

RULE_PAGES = "https://github.com/msglint/msglint/blob/main/docs/rules/"


class Editor:
    """A client that remembers the diagnostics the server publishes, per document."""

    def __init__(self) -> None:
        self.client = LanguageClient("msglint-test", "1")
        self.published: dict[str, asyncio.Queue[list[types.Diagnostic]]] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: types.PublishDiagnosticsParams) -> None:
            self.queue(params.uri).put_nowait(params.diagnostics)

    def queue(self, uri: str) -> asyncio.Queue[list[types.Diagnostic]]:
        return self.published.setdefault(uri, asyncio.Queue())

    async def start(
        self, root: Path, encodings: list[str] | None = None, command: tuple[str, ...] = ("-m", "msglint", "server")
    ) -> types.InitializeResult:
        await self.client.start_io(sys.executable, *command, cwd=str(root))
        general = types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None
        started = await self.client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(general=general),
                root_uri=from_fs_path(str(root)),
                process_id=None,
            )
        )
        self.client.initialized(types.InitializedParams())
        return started

    async def open(self, path: Path, language: str, text: str | None = None) -> list[types.Diagnostic]:
        uri = from_fs_path(str(path))
        document = types.TextDocumentItem(uri, language, 1, path.read_text() if text is None else text)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(document))
        return list(await asyncio.wait_for(self.queue(uri).get(), 60))

    async def change(self, path: Path, version: int, text: str) -> list[types.Diagnostic]:
        uri = from_fs_path(str(path))
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version, uri),
                [types.TextDocumentContentChangeWholeDocument(text)],
            )
        )
        return list(await asyncio.wait_for(self.queue(uri).get(), 60))

    async def actions(self, path: Path, found: types.Diagnostic) -> list[types.CodeAction]:
        uri = from_fs_path(str(path))
        return list(
            await self.client.text_document_code_action_async(
                types.CodeActionParams(
                    types.TextDocumentIdentifier(uri), found.range, types.CodeActionContext(diagnostics=[found])
                )
            )
        )

    async def stop(self) -> None:
        """Shut the server down; one that does not answer is killed, so that a hang fails the test, not CI."""
        try:
            await asyncio.wait_for(self.client.shutdown_async(None), 20)
            self.client.exit(None)
            await asyncio.wait_for(self.client.stop(), 20)
        except asyncio.TimeoutError:
            self.client._server.kill()  # noqa: SLF001 - pygls keeps the server process there
            raise


def _run(root: Path, scenario, encodings: list[str] | None = None, **start) -> None:  # noqa: ANN001, ANN003
    async def main() -> None:
        editor = Editor()
        editor.started = await editor.start(root, encodings, **start)
        try:
            await scenario(editor)
        finally:
            await editor.stop()

    asyncio.run(main())


def _applied(text: str, edit: types.TextEdit) -> str:
    """The text with the edit made, its positions read as UTF-16 code units (the LSP default)."""
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        line = lines[position.line]
        units = line.encode("utf-16-le")[: 2 * position.character].decode("utf-16-le")
        return sum(len(earlier) + 1 for earlier in lines[: position.line]) + len(units)

    return text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]


def _span(diagnostic: types.Diagnostic) -> tuple[int, int, int, int]:
    where = diagnostic.range
    return (where.start.line, where.start.character, where.end.line, where.end.character)


@pytest.fixture
def python_project(tmp_path: Path) -> Path:
    (tmp_path / "msglint.toml").write_text("")
    (tmp_path / "app.py").write_text(PYTHON_APP)
    return tmp_path


def test_python_diagnostics_hover_and_code_actions(python_project: Path) -> None:
    app = python_project / "app.py"
    uri = from_fs_path(str(app))

    async def scenario(editor: Editor) -> None:
        (found,) = await editor.open(app, "python")
        assert (found.code, found.severity, found.source) == ("MSG101", types.DiagnosticSeverity.Error, "msglint")
        assert found.message == (
            "event `CreateOrder` is named as an instruction ('create' is imperative), but an event records a fact "
            "that already happened"
        )
        assert _span(found) == (8, 0, 8, 17)
        assert found.code_description.href == RULE_PAGES + "MSG101.md"

        hover = await editor.client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(8, 8))
        )
        assert hover.contents.value == rule_markdown(find_rule("MSG101"))
        outside = await editor.client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 3))
        )
        assert outside is None

        actions = await editor.client.text_document_code_action_async(
            types.CodeActionParams(
                types.TextDocumentIdentifier(uri), found.range, types.CodeActionContext(diagnostics=[found])
            )
        )
        rename, ignore = actions
        assert rename.title == "Rename CreateOrder to OrderCreated"
        assert rename.edit.changes[uri][0].new_text == PYTHON_APP.replace("CreateOrder", "OrderCreated")
        assert ignore.title == "Ignore MSG101 on this line"
        (comment,) = ignore.edit.changes[uri]
        assert (comment.new_text, _span(comment)) == ("  # msglint: ignore[MSG101]", (8, 25, 8, 25))

        # the unsaved text is checked, not the file on disk: the finding goes away with the action's comment
        lines = PYTHON_APP.split("\n")
        lines[8] += comment.new_text
        suppressed = "\n".join(lines)
        assert await editor.change(app, 2, suppressed) == []
        renamed = await editor.change(app, 3, PYTHON_APP.replace("CreateOrder", "CancelOrder"))
        assert [d.message.split(" is ")[0] for d in renamed] == ["event `CancelOrder`"]

    _run(python_project, scenario)
    assert app.read_text() == PYTHON_APP  # the server never writes files


def test_asyncapi_document_diagnostics(tmp_path: Path) -> None:
    (tmp_path / "msglint.toml").write_text("")
    document = tmp_path / "api.yaml"
    document.write_text(ASYNCAPI)

    async def scenario(editor: Editor) -> None:
        (found,) = await editor.open(document, "yaml")
        assert (found.code, found.severity) == ("MSG103", types.DiagnosticSeverity.Warning)
        assert found.message == (
            "event `OrderRowInserted` names an infrastructure fact ('row', 'inserted'), not a business one "
            "(heuristic: technical vocabulary in the name)"
        )
        assert _span(found) == (6, 4, 6, 13)  # `subscribe`, the operation that publishes it
        (ignore,) = await editor.actions(document, found)  # no suggested name: no rename
        assert ignore.title == "Ignore MSG103 in this file (x-msglint-ignore)"
        (key,) = ignore.edit.changes[from_fs_path(str(document))]
        assert (key.new_text, _span(key)) == ("x-msglint-ignore: [MSG103]\n", (1, 0, 1, 0))
        assert await editor.change(document, 2, _applied(ASYNCAPI, key)) == []

    _run(tmp_path, scenario)


def test_a_file_no_reader_claims_has_no_diagnostics(tmp_path: Path) -> None:
    (tmp_path / "msglint.toml").write_text("")
    notes = tmp_path / "notes.txt"
    notes.write_text("CreateOrder\n")

    async def scenario(editor: Editor) -> None:
        assert await editor.open(notes, "plaintext") == []

    _run(tmp_path, scenario)


EMOJI_LINE = """asyncapi: 2.6.0
info:
  title: Orders
  version: 1.0.0
channels:
  shop.order.events: {description: "\U0001f389 orders", subscribe: {message: {name: OrderRowInserted}}}
"""


@pytest.mark.parametrize(
    ("encodings", "negotiated", "start"),
    [
        (None, "utf-16", 48),  # 47 code points before `subscribe`, the emoji counting 2 in UTF-16
        (["utf-32", "utf-16"], "utf-32", 47),
        (["utf-8"], "utf-8", 50),
    ],
)
def test_columns_count_the_code_units_of_the_negotiated_encoding(tmp_path: Path, encodings, negotiated, start):
    (tmp_path / "msglint.toml").write_text("")
    document = tmp_path / "api.yaml"
    document.write_text(EMOJI_LINE)

    async def scenario(editor: Editor) -> None:
        assert editor.started.capabilities.position_encoding == negotiated
        (found,) = await editor.open(document, "yaml")
        assert found.code == "MSG103"
        assert _span(found) == (5, start, 5, start + len("subscribe"))
        hover = await editor.client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(from_fs_path(str(document))), types.Position(5, start))
        )
        assert hover is not None

    _run(tmp_path, scenario, encodings)


ASYNCAPI_JSON = """{
  "asyncapi": "2.6.0",
  "info": {"title": "Orders", "version": "1.0.0"},
  "channels": {"shop.order.events": {"subscribe": {"message": {"name": "OrderRowInserted"}}}}
}
"""

CATALOG = """# the shop's messages
msglint: 1
messages:
  CreateOrder:
    kind: event
"""

EVENT_PAGE = """---
id: CreateOrder
name: Create order
version: 1.0.0
---

Raised when an order is created.
"""


@pytest.mark.parametrize(
    ("name", "text", "code", "title", "edit"),
    [
        pytest.param(
            "api.json",
            ASYNCAPI_JSON,
            "MSG103",
            "Ignore MSG103 in this file (x-msglint-ignore)",
            (' "x-msglint-ignore": ["MSG103"],', (0, 1, 0, 1)),
            id="asyncapi-json",
        ),
        pytest.param(
            "msglint.yaml",
            CATALOG,
            "MSG101",
            "Ignore MSG101 in this file (ignore)",
            ("ignore: [MSG101]\n", (2, 0, 2, 0)),
            id="catalog",
        ),
        pytest.param(
            "msglint.yaml",
            CATALOG.replace("msglint: 1\n", "msglint: 1\nignore: [MSG103 ]  # kept\n"),
            "MSG101",
            "Ignore MSG101 in this file (ignore)",
            (", MSG101", (2, 15, 2, 15)),
            id="catalog-with-ignore",
        ),
        pytest.param(
            "events/CreateOrder/index.md",
            EVENT_PAGE,
            "MSG101",
            "Ignore MSG101 for this message (x-msglint-ignore)",
            ("x-msglint-ignore: [MSG101]\n", (1, 0, 1, 0)),
            id="eventcatalog-page",
        ),
    ],
)
def test_contract_suppressions_are_the_key_of_the_format(tmp_path: Path, name, text, code, title, edit):
    (tmp_path / "msglint.toml").write_text("")
    document = tmp_path / name
    document.parent.mkdir(parents=True, exist_ok=True)
    document.write_text(text)

    async def scenario(editor: Editor) -> None:
        found = [d for d in await editor.open(document, "yaml") if d.code == code]
        assert len(found) == 1
        suppress = [action for action in await editor.actions(document, found[0]) if action.title.startswith("Ignore")]
        assert [action.title for action in suppress] == [title]
        (key,) = suppress[0].edit.changes[from_fs_path(str(document))]
        assert (key.new_text, _span(key)) == edit
        rechecked = await editor.change(document, 2, _applied(text, key))
        assert [d.code for d in rechecked if d.code == code] == []
        assert [d.code for d in rechecked] == (["MSG903"] if "MSG103 " in text else [])

    _run(tmp_path, scenario)


def test_pages_without_a_suppression_key_get_no_suppression(tmp_path: Path) -> None:
    """A domain page has no `x-msglint-ignore` (only message and service pages do): no action is offered."""
    (tmp_path / "msglint.toml").write_text("")
    service = tmp_path / "services" / "Orders" / "index.md"
    service.parent.mkdir(parents=True)
    service.write_text("---\nid: Orders\nversion: 1.0.0\n---\n")
    domain = tmp_path / "domains" / "Shop" / "index.md"
    domain.parent.mkdir(parents=True)
    domain.write_text("---\nid: Shop\nversion: 1.0.0\nservices:\n  - id: Ordres\n---\n")

    async def scenario(editor: Editor) -> None:
        (found,) = await editor.open(domain, "markdown")
        assert (found.code, _span(found)) == ("MSG902", (4, 8, 4, 14))
        assert await editor.actions(domain, found) == []

    _run(tmp_path, scenario)


# the server, with worker processes from the third file to read, noting each pool it starts
SERVER_WITH_EARLY_POOL = """
import pathlib
import msglint.lint.run as run

def noted(*arguments, read_in_workers=run.read_in_workers):
    with pathlib.Path("pools.log").open("a") as log:
        log.write(f"{len(arguments[0])} files\\n")
    return read_in_workers(*arguments)

run.PARALLEL_FROM = 3
run.read_in_workers = noted
from msglint.server import serve
serve()
"""


def test_a_check_that_reads_in_worker_processes_answers(python_project: Path) -> None:
    """The engine thread forks the workers while the server's other threads run: no deadlock, and the
    findings of a run without workers. A second check reads only the changed document (the memo)."""
    for number in range(4):
        (python_project / f"module{number}.py").write_text(f"class Part{number}:\n    pass\n")
    app = python_project / "app.py"

    async def scenario(editor: Editor) -> None:
        (found,) = await editor.open(app, "python")
        assert (found.code, _span(found)) == ("MSG101", (8, 0, 8, 17))
        assert await editor.change(app, 2, PYTHON_APP.replace("CreateOrder", "OrderCreated")) == []

    _run(python_project, scenario, command=("-c", SERVER_WITH_EARLY_POOL))
    assert (python_project / "pools.log").read_text() == "4 files\n"  # app.py is read from its unsaved text
