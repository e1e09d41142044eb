"""`msglint server`: the Language Server Protocol over stdio (pygls).

An open document is checked by the engine call `msglint check - --stdin-filename PATH` makes: its unsaved
text stands for the file on disk, the rest of the project is read from disk and the cache, and findings are
published for that document only. pygls is an optional dependency (`msglint[server]`), imported only here."""

from __future__ import annotations

import asyncio
import os
import re
import shlex
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from msglint import __version__
from msglint.errors import UsageError
from msglint.lint.config import ConfigError, find_config, load_config
from msglint.lint.run import LintResult, Unsaved, lint
from msglint.model import Diagnostic, Severity

DEBOUNCE_SECONDS = 0.15  # a burst of keystrokes is checked once, after it
SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
SOURCE = "msglint"


class MsglintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("msglint", __version__)
        self.engine = ThreadPoolExecutor(max_workers=1, thread_name_prefix="msglint-engine")
        self.versions: dict[str, int] = {}  # uri -> the latest change seen, for the debounce
        self.results: dict[str, tuple[LintResult, list[Diagnostic]]] = {}  # uri -> its last check


def check_document(path: Path, text: str) -> tuple[LintResult, list[Diagnostic]]:
    """The engine call of stdin checking, and the findings located in `path`."""
    config = load_config(find_config(path.parent.resolve()))
    result = lint([path], config, unsaved=Unsaved(path, text.encode("utf-8")), progress=None)
    wanted = os.path.abspath(path)
    return result, [d for d in result.diagnostics if os.path.abspath(d.location.path) == wanted]


def lsp_range(diagnostic: Diagnostic, lines: list[str]) -> types.Range:
    """1-based lines and columns (end exclusive) to LSP's 0-based positions; no end: to the end of the line."""
    where = diagnostic.location
    line = max(where.line - 1, 0)
    start = types.Position(line, max(where.column - 1, 0))
    if where.end_line is not None and where.end_column is not None:
        end = types.Position(max(where.end_line - 1, 0), max(where.end_column - 1, 0))
    else:
        end = types.Position(line, len(lines[line]) if line < len(lines) else 0)
    return types.Range(start, end)


def to_lsp(diagnostic: Diagnostic, lines: list[str], help_uri: str | None) -> types.Diagnostic:
    return types.Diagnostic(
        range=lsp_range(diagnostic, lines),
        message=diagnostic.message,
        severity=SEVERITIES[diagnostic.severity],
        code=diagnostic.code,
        code_description=types.CodeDescription(href=help_uri) if help_uri else None,
        source=SOURCE,
    )


def rule_of(code: str, result: LintResult):  # noqa: ANN201 - a rule class, or None
    from msglint.rules import find_rule

    return find_rule(code, result.rules)


def help_uri(code: str, result: LintResult) -> str | None:
    from msglint.rules.render import rule_help_uri

    rule = rule_of(code, result)
    return rule_help_uri(rule) if rule is not None else None


def explanation(code: str, result: LintResult) -> str | None:
    """The text `msglint explain CODE` prints."""
    from msglint.rules.render import rule_markdown

    rule = rule_of(code, result)
    return rule_markdown(rule) if rule is not None else None


def contains(where: types.Range, position: types.Position) -> bool:
    start, end = (where.start.line, where.start.character), (where.end.line, where.end.character)
    return start <= (position.line, position.character) <= end


def suppression_edit(path: Path, line_text: str, line: int, code: str) -> types.TextEdit | None:
    """A Python comment (docs/python.md): at the end of the line when it has no comment yet, else alone on
    the line above (which covers the next line). Contracts suppress with keys, not comments: no edit."""
    if path.suffix != ".py":
        return None
    if "#" not in line_text:
        end = types.Position(line, len(line_text))
        return types.TextEdit(types.Range(end, end), f"  # msglint: ignore[{code}]")
    indent = line_text[: len(line_text) - len(line_text.lstrip())]
    start = types.Position(line, 0)
    return types.TextEdit(types.Range(start, start), f"{indent}# msglint: ignore[{code}]\n")


_RENAME_COMMAND = re.compile(r"`msglint rename ([^`]+)`")  # as msglint.rules.base.rename_command writes it


def suggested_name(suggestion: str) -> str | None:
    """The new name of the `msglint rename OLD NEW` command a finding's suggestion carries, if it does."""
    found = _RENAME_COMMAND.search(suggestion)
    if found is None:
        return None
    try:
        words = shlex.split(found.group(1))
    except ValueError:
        return None
    return words[1] if len(words) == 2 else None


def rename_edit(result: LintResult, diagnostic: Diagnostic) -> tuple[str, types.WorkspaceEdit] | None:
    """`msglint rename OLD SUGGESTION` over the project, as whole-file replacements."""
    from msglint.rename import plan_rename

    message = result.system.messages.get(diagnostic.message_key or "")
    suggested = suggested_name(diagnostic.suggestion or "")
    if message is None or suggested is None:
        return None
    try:
        plan = plan_rename(result, message.name, suggested, [result.root])
    except UsageError:
        return None
    if not plan.edits:
        return None
    changes = {}
    for edit in plan.edits:
        lines = edit.before.split("\n")
        everything = types.Range(types.Position(0, 0), types.Position(len(lines) - 1, len(lines[-1])))
        changes[from_fs_path(os.path.abspath(edit.path))] = [types.TextEdit(everything, edit.after)]
    return f"Rename {plan.old} to {plan.new}", types.WorkspaceEdit(changes=changes)


def build_server() -> MsglintServer:
    server = MsglintServer()

    async def check(uri: str, version: int, debounce: bool) -> None:
        if debounce:
            await asyncio.sleep(DEBOUNCE_SECONDS)
            if server.versions.get(uri) != version:
                return  # a newer change will be checked
        document = server.workspace.get_text_document(uri)
        path = Path(to_fs_path(uri) or uri)
        loop = asyncio.get_running_loop()
        try:
            result, found = await loop.run_in_executor(server.engine, check_document, path, document.source)
        except (UsageError, ConfigError) as error:
            server.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"msglint: {error}"))
            return
        except Exception as error:  # the server stays up for the next change, as `check` exits without a traceback
            text = f"msglint: internal error: {type(error).__name__}: {error}"
            server.window_show_message(types.ShowMessageParams(types.MessageType.Error, text))
            return
        if server.versions.get(uri) != version:
            return
        server.results[uri] = (result, found)
        lines = document.source.split("\n")
        published = [to_lsp(d, lines, help_uri(d.code, result)) for d in found]
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=published, version=document.version)
        )

    def changed(uri: str, debounce: bool) -> None:
        version = server.versions.get(uri, 0) + 1
        server.versions[uri] = version
        asyncio.ensure_future(check(uri, version, debounce))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: MsglintServer, params: types.DidOpenTextDocumentParams) -> None:
        changed(params.text_document.uri, debounce=False)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: MsglintServer, params: types.DidChangeTextDocumentParams) -> None:
        changed(params.text_document.uri, debounce=True)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: MsglintServer, params: types.DidSaveTextDocumentParams) -> None:
        changed(params.text_document.uri, debounce=False)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: MsglintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.versions[uri] = server.versions.get(uri, 0) + 1
        server.results.pop(uri, None)
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: MsglintServer, params: types.HoverParams) -> types.Hover | None:
        uri = params.text_document.uri
        if uri not in server.results:
            return None
        result, found = server.results[uri]
        lines = server.workspace.get_text_document(uri).source.split("\n")
        texts = []
        for diagnostic in found:
            if contains(lsp_range(diagnostic, lines), params.position):
                text = explanation(diagnostic.code, result)
                if text and text not in texts:
                    texts.append(text)
        if not texts:
            return None
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, "\n\n---\n\n".join(texts)))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(ls: MsglintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        if uri not in server.results:
            return []
        result, found = server.results[uri]
        document = server.workspace.get_text_document(uri)
        lines = document.source.split("\n")
        path = Path(to_fs_path(uri) or uri)
        actions = []
        for diagnostic in found:
            where = lsp_range(diagnostic, lines)
            if not (contains(where, params.range.start) or contains(where, params.range.end)):
                continue
            shown = to_lsp(diagnostic, lines, help_uri(diagnostic.code, result))
            renamed = rename_edit(result, diagnostic) if _saved(path, document.source) else None
            if renamed is not None:
                title, edit = renamed
                actions.append(_action(title, edit, shown, preferred=True))
            line = where.start.line
            edit = suppression_edit(path, lines[line] if line < len(lines) else "", line, diagnostic.code)
            if edit is not None:
                workspace_edit = types.WorkspaceEdit(changes={uri: [edit]})
                actions.append(_action(f"Ignore {diagnostic.code} on this line", workspace_edit, shown))
        return actions

    return server


def _saved(path: Path, text: str) -> bool:
    """A rename is planned from the files on disk: it is offered only when the buffer holds what is saved."""
    from msglint.files import read_regular_file

    try:
        return read_regular_file(path).decode("utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


def _action(
    title: str, edit: types.WorkspaceEdit, diagnostic: types.Diagnostic, preferred: bool = False
) -> types.CodeAction:
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=edit,
        is_preferred=preferred or None,
    )


def serve() -> None:
    """Speak LSP on stdin and stdout until the client says exit."""
    build_server().start_io()
