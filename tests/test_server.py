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

    async def start(self, root: Path) -> None:
        await self.client.start_io(sys.executable, "-m", "msglint", "server", cwd=str(root))
        await self.client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(), root_uri=from_fs_path(str(root)), process_id=None
            )
        )
        self.client.initialized(types.InitializedParams())

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

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


def _run(root: Path, scenario) -> None:  # noqa: ANN001 - an async function of an Editor
    async def main() -> None:
        editor = Editor()
        await editor.start(root)
        try:
            await scenario(editor)
        finally:
            await editor.stop()

    asyncio.run(main())


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
        uri = from_fs_path(str(document))
        actions = await editor.client.text_document_code_action_async(
            types.CodeActionParams(
                types.TextDocumentIdentifier(uri), found.range, types.CodeActionContext(diagnostics=[found])
            )
        )
        assert list(actions) == []  # contracts suppress with keys, not comments; no suggested name

    _run(tmp_path, scenario)


def test_a_file_no_reader_claims_has_no_diagnostics(tmp_path: Path) -> None:
    (tmp_path / "msglint.toml").write_text("")
    notes = tmp_path / "notes.txt"
    notes.write_text("CreateOrder\n")

    async def scenario(editor: Editor) -> None:
        assert await editor.open(notes, "plaintext") == []

    _run(tmp_path, scenario)
