"""`msglint server`: the Language Server Protocol over stdio (pygls).

An open document is checked by the engine call `msglint check - --stdin-filename PATH` makes: its unsaved
text stands for the file on disk, the rest of the project is read from disk and the cache, and findings are
published for that document only. The facts of the other files stay in memory between checks (a
FactsMemo), so a re-check reads only what changed. pygls is an optional dependency (`msglint[server]`),
imported only here."""

from __future__ import annotations

import asyncio
import gc
import os
import re
import shlex
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from msglint import __version__
from msglint.errors import UsageError
from msglint.lint.config import ConfigError, find_config, load_config
from msglint.lint.memo import FactsMemo
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
        self.memo = FactsMemo()  # the project's facts, kept between checks (used by the engine thread only)
        self.frozen = 0  # files the memo held when its objects were last moved out of the collector's way

    def check(self, path: Path, text: str) -> tuple[LintResult, list[Diagnostic]]:
        """A check on the engine thread. Once the memo has grown (a project read for the first time), its
        objects are frozen out of the cyclic garbage collector's scans, which otherwise walk all of them
        again and again while a check allocates (a re-check on 5,000 files: 0.28 s without, 0.20 s with)."""
        checked = check_document(path, text, self.memo)
        if len(self.memo) > 2 * self.frozen:
            gc.collect()
            gc.freeze()
            self.frozen = len(self.memo)
        return checked


def check_document(path: Path, text: str, memo: FactsMemo | None = None) -> tuple[LintResult, list[Diagnostic]]:
    """The engine call of stdin checking, and the findings located in `path`. With a `memo`, the facts of
    the rest of the project stay in memory from one check to the next."""
    config = load_config(find_config(path.parent.resolve()))
    result = lint([path], config, unsaved=Unsaved(path, text.encode("utf-8")), progress=None, memo=memo)
    wanted = os.path.abspath(path)
    return result, [d for d in result.diagnostics if os.path.abspath(d.location.path) == wanted]


_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # LSP's line ends


class Text:
    """A document's lines, and positions in it as the client counts them: msglint's columns are 1-based
    Unicode code points; LSP's are 0-based code units of the encoding negotiated at start-up (UTF-16, the
    default, where a character beyond the Basic Multilingual Plane, an emoji, counts 2; or UTF-8, UTF-32)."""

    def __init__(self, source: str, units: Callable[[str], int] = len) -> None:
        self.lines = _LINE_BREAK.split(source)
        self.units = units  # the code units of a piece of text, in the client's encoding

    def line(self, number: int) -> str:
        return self.lines[number] if 0 <= number < len(self.lines) else ""

    def position(self, line: int, column: int) -> types.Position:
        """msglint's 1-based line and column as an LSP position."""
        number = max(line - 1, 0)
        return types.Position(number, self.units(self.line(number)[: max(column - 1, 0)]))

    def line_end(self, number: int) -> types.Position:
        return types.Position(number, self.units(self.line(number)))

    def range_of(self, diagnostic: Diagnostic) -> types.Range:
        """The finding's place (end exclusive); without an end, to the end of its line."""
        where = diagnostic.location
        start = self.position(where.line, where.column)
        if where.end_line is not None and where.end_column is not None:
            return types.Range(start, self.position(where.end_line, where.end_column))
        return types.Range(start, self.line_end(start.line))

    def everything(self) -> types.Range:
        return types.Range(types.Position(0, 0), self.line_end(len(self.lines) - 1))


def to_lsp(diagnostic: Diagnostic, text: Text, help_uri: str | None) -> types.Diagnostic:
    return types.Diagnostic(
        range=text.range_of(diagnostic),
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


SuppressionFix = tuple[str, types.TextEdit]  # the action's title, and its edit of the document


def suppression_edit(path: Path, text: Text, line: int, code: str) -> SuppressionFix | None:
    """The suppression the file's reader understands, written where it reads it: a Python comment, the
    `x-msglint-ignore` key of an AsyncAPI document (YAML or JSON) or of an EventCatalog message or service
    page, the `ignore` key of a msglint catalog. None where the format has no suppression that would cover
    the finding (another EventCatalog page, an older version's page) or the text is not as expected."""
    suffix = path.suffix.lower()
    if suffix == ".py":
        return f"Ignore {code} on this line", _python_comment(text, line, code)
    if suffix in (".md", ".mdx"):
        return _eventcatalog_key(path, text, code)
    if suffix == ".json":
        return _json_key(text, code)
    if suffix in (".yaml", ".yml"):
        return _yaml_key(text, code)
    return None


def _python_comment(text: Text, line: int, code: str) -> types.TextEdit:
    """At the end of the line when it has no comment yet, else alone on the line above, which covers the
    next line (docs/python.md)."""
    line_text = text.line(line)
    if "#" not in line_text:
        end = text.line_end(line)
        return types.TextEdit(types.Range(end, end), f"  # msglint: ignore[{code}]")
    indent = line_text[: len(line_text) - len(line_text.lstrip())]
    start = types.Position(line, 0)
    return types.TextEdit(types.Range(start, start), f"{indent}# msglint: ignore[{code}]\n")


_TOP_LEVEL_KEY = re.compile(r"(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")
_FLOW_LIST = re.compile(r"(?P<head>[ \t]*:[ \t]*\[)(?P<items>[^\]#]*)\][ \t]*(?:#.*)?$")


def _yaml_key(text: Text, code: str) -> SuppressionFix | None:
    """A top-level key of the document: `x-msglint-ignore` of AsyncAPI, `ignore` of a msglint catalog
    (docs/inputs.md, docs/catalog.md); both cover the findings located in the file."""
    keys = {}
    for number, line_text in enumerate(text.lines):
        found = _TOP_LEVEL_KEY.match(line_text)
        if found:
            keys.setdefault(found.group("key"), number)
    if "asyncapi" in keys:
        anchor, key = keys["asyncapi"], "x-msglint-ignore"
    elif "msglint" in keys:
        anchor, key = keys["msglint"], "ignore"
    else:
        return None
    edit = _added_to_key(text, keys, key, code, anchor)
    return (f"Ignore {code} in this file ({key})", edit) if edit is not None else None


def _eventcatalog_key(path: Path, text: Text, code: str) -> SuppressionFix | None:
    """`x-msglint-ignore` in the frontmatter: of a message page it covers the findings about that message,
    of a service page the findings located in the page; other pages have no suppression."""
    from msglint.readers.eventcatalog import page_kind

    kind = page_kind(path.as_posix())
    if kind is None or kind[1] is not None or kind[0] not in ("event", "command", "query", "service"):
        return None
    opening = next((n for n, line_text in enumerate(text.lines) if line_text.strip()), None)
    if opening is None or text.lines[opening].rstrip() != "---":
        return None
    closing = next((n for n in range(opening + 1, len(text.lines)) if text.lines[n].rstrip() == "---"), None)
    if closing is None:
        return None
    keys: dict[str, int] = {}
    for number in range(opening + 1, closing):
        found = _TOP_LEVEL_KEY.match(text.lines[number])
        if found:
            keys.setdefault(found.group("key"), number)
    edit = _added_to_key(text, keys, "x-msglint-ignore", code, opening)
    if edit is None:
        return None
    scope = "for this message" if kind[0] != "service" else "in this page"
    return f"Ignore {code} {scope} (x-msglint-ignore)", edit


def _added_to_key(text: Text, keys: dict[str, int], key: str, code: str, anchor: int) -> types.TextEdit | None:
    """`key: [code]` on a new line after line `anchor`; when the key is there already with a one-line list,
    the code added to it; any other form of it is left to the user (None)."""
    if key not in keys:
        after = types.Position(anchor + 1, 0)
        if anchor + 1 >= len(text.lines):  # the anchor is the last line: the new line starts at its end
            after = text.line_end(anchor)
            return types.TextEdit(types.Range(after, after), f"\n{key}: [{code}]")
        return types.TextEdit(types.Range(after, after), f"{key}: [{code}]\n")
    number = keys[key]
    line_text = text.line(number)
    listed = _FLOW_LIST.match(line_text, len(key))
    if listed is None:
        return None
    items = listed.group("items").strip()
    if code in [item.strip().strip("'\"") for item in items.split(",")]:
        return None
    last = listed.start("items") + len(listed.group("items").rstrip())  # after the last item, before `]`
    where = types.Position(number, text.units(line_text[:last]))
    return types.TextEdit(types.Range(where, where), f", {code}" if items else code)


def _json_key(text: Text, code: str) -> SuppressionFix | None:
    """`"x-msglint-ignore"` first in the root object of an AsyncAPI document in JSON; when the root has
    that key already, the user edits it (None)."""
    import json

    source = "\n".join(text.lines)
    try:
        document = json.loads(source)
    except ValueError:
        return None
    if not isinstance(document, dict) or "asyncapi" not in document or "x-msglint-ignore" in document:
        return None
    brace = source.index("{")
    line = source.count("\n", 0, brace)
    column = brace - (source.rfind("\n", 0, brace) + 1)
    where = types.Position(line, text.units(text.line(line)[: column + 1]))
    key = f'"x-msglint-ignore": ["{code}"]'
    return f"Ignore {code} in this file (x-msglint-ignore)", types.TextEdit(types.Range(where, where), f" {key},")


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


def rename_edit(
    result: LintResult, diagnostic: Diagnostic, units: Callable[[str], int] = len
) -> tuple[str, types.WorkspaceEdit] | None:
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
        everything = Text(edit.before, units).everything()
        changes[from_fs_path(os.path.abspath(edit.path))] = [types.TextEdit(everything, edit.after)]
    return f"Rename {plan.old} to {plan.new}", types.WorkspaceEdit(changes=changes)


def build_server() -> MsglintServer:
    server = MsglintServer()

    def text_of(source: str) -> Text:
        return Text(source, server.workspace.position_codec.client_num_units)

    async def check(uri: str, version: int, debounce: bool) -> None:
        if debounce:
            await asyncio.sleep(DEBOUNCE_SECONDS)
            if server.versions.get(uri) != version:
                return  # a newer change will be checked
        document = server.workspace.get_text_document(uri)
        path = Path(to_fs_path(uri) or uri)
        loop = asyncio.get_running_loop()
        try:
            result, found = await loop.run_in_executor(server.engine, server.check, path, document.source)
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
        text = text_of(document.source)
        published = [to_lsp(d, text, help_uri(d.code, result)) for d in found]
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
        text = text_of(server.workspace.get_text_document(uri).source)
        texts = []
        for diagnostic in found:
            if contains(text.range_of(diagnostic), params.position):
                explained = explanation(diagnostic.code, result)
                if explained and explained not in texts:
                    texts.append(explained)
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
        text = text_of(document.source)
        path = Path(to_fs_path(uri) or uri)
        actions = []
        for diagnostic in found:
            where = text.range_of(diagnostic)
            if not (contains(where, params.range.start) or contains(where, params.range.end)):
                continue
            shown = to_lsp(diagnostic, text, help_uri(diagnostic.code, result))
            saved = _saved(path, document.source)
            renamed = rename_edit(result, diagnostic, text.units) if saved else None
            if renamed is not None:
                title, edit = renamed
                actions.append(_action(title, edit, shown, preferred=True))
            suppression = suppression_edit(path, text, where.start.line, diagnostic.code)
            if suppression is not None:
                title, change = suppression
                actions.append(_action(title, types.WorkspaceEdit(changes={uri: [change]}), shown))
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
    """Speak LSP on stdin and stdout until the client says exit. The two streams belong to the connection
    alone: `sys.stdin` and `sys.stdout` are pointed elsewhere first. A worker process (a check that reads many
    files) is forked while the server's reading thread holds the lock of stdin, and multiprocessing closes
    `sys.stdin` in every child: on the connection's stream, that would wait forever for the lock."""
    connection_in, connection_out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - open for the life of the process
    sys.stdout = sys.stderr  # a stray print() must not corrupt the protocol either
    build_server().start_io(connection_in, connection_out)
