"""Python source: messages, handlers and emissions, read with `ast` (never imported or run).

Each file is summarised on its own (summary.py); `link()` then sees every summary of the project at
once, resolves names across modules and lets the framework presets recognise messages and their uses.
"""

from __future__ import annotations

import ast
import bisect
import codecs
import functools
import io
import os
import re
import sys
import tokenize
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, NamedTuple

from msglint.files import read_regular_file
from msglint.model import FileFacts, InputProblem, Location, Severity, Suppression
from msglint.readers.base import PythonOptions, ReadSettings
from msglint.readers.python.summary import Summary, summarise

if TYPE_CHECKING:
    from msglint.readers.python.project import Project

# A file that mentions none of these words (in any case) cannot declare, handle or send a message: the
# presets look for nothing else, so it is not parsed at all. One pattern searched in the lower-cased bytes
# (eight times faster than the same pattern ignoring case), each word found from its rarest letter (below).
_PREFILTER = (
    *(b"command", b"event", b"query", b"message", b"handle", b"publish", b"dispatch", b"emit"),
    *(b"send", b"execute", b"task", b"actor", b"signal", b"receiver", b"subscribe", b"policy"),
    *(b"aggregate", b"bind", b"raise_", b"react", b"consume", b"def on_", b"when_", b"topic", b"agent"),
    *(b"rpc", b"broker"),  # a nameko service says only `@rpc` and `RpcProxy`; a module may only define a broker
    *(b"redis", b"channel"),  # a module may only build a Redis client or name the channels
    *(b"kafka", b"produce", b"exchange"),  # a module may only build a Kafka client or declare an AMQP exchange
    *(b"pulsar",),  # a module may only define Pulsar records
)


def prefix_tree(words: tuple[bytes, ...]) -> bytes:
    """A pattern matching any of `words`, written as a tree of their shared prefixes."""
    branches: dict[int, list[bytes]] = {}
    ends_here = False
    for word in words:
        if word:
            branches.setdefault(word[0], []).append(word[1:])
        else:
            ends_here = True
    if not branches:
        return b""
    alternatives = [re.escape(bytes([first])) + prefix_tree(tuple(rests)) for first, rests in sorted(branches.items())]
    if len(alternatives) == 1 and not ends_here:
        return alternatives[0]
    group = b"(?:" + b"|".join(alternatives) + b")"
    return group + b"?" if ends_here else group


# Letters from the most to the least common in English and in code (a general table, not a measure of any
# project): a word is looked for from its rarest letter.
_LETTERS_BY_FREQUENCY = b" _etaoinshrdlcumwfgypbvkjxqz"


def rarest_letter(word: bytes) -> int:
    """The index in `word` of its least common letter (the first of equals)."""
    return max(range(len(word)), key=lambda i: (_rarity(word[i]), -i))


def _rarity(byte: int) -> int:
    found = _LETTERS_BY_FREQUENCY.find(bytes([byte]))
    return found if found >= 0 else len(_LETTERS_BY_FREQUENCY)


def anchored_words(words: tuple[bytes, ...]) -> bytes:
    """A pattern matching any of `words`, each from its rarest letter: the letter, a look-behind for what comes
    before it, and the rest of the word (`v(?<=ev)ent`). The regex engine skips, at the speed of a set lookup,
    every position whose letter starts no alternative, and rare letters leave far fewer positions to try than
    first letters do: 40% faster than a tree of prefixes on the bench, 20% on real projects. A match spans
    from the rare letter to the word's end."""
    by_letter: dict[int, dict[bytes, list[bytes]]] = {}
    for word in words:
        at = rarest_letter(word)
        by_letter.setdefault(word[at], {}).setdefault(word[: at + 1], []).append(word[at + 1 :])
    alternatives = []
    for letter, by_start in sorted(by_letter.items()):
        after_letter = [
            (b"(?<=" + re.escape(start) + b")" if len(start) > 1 else b"") + prefix_tree(tuple(rests))
            for start, rests in sorted(by_start.items())
        ]
        body = after_letter[0] if len(after_letter) == 1 else b"(?:" + b"|".join(after_letter) + b")"
        alternatives.append(re.escape(bytes([letter])) + body)
    return b"(?:" + b"|".join(alternatives) + b")"


_MENTIONS = re.compile(anchored_words(_PREFILTER))
# Words real code says for reasons of its own as often as for messages (`def process_payload`, a web
# `request`), and that a handler or a message needs only together with what some other file declares or
# imports (`def process(self, command: ShipOrder)`). A file that mentions these and none of the words above
# is postponed: it is parsed in the link step only when a file that was read imports it, or when it imports
# a class declared in a file that was read (a cold run of a large repository parses a third fewer files).
_WEAK = (b"process", b"request")
_MENTIONS_ANY = re.compile(anchored_words(_PREFILTER + _WEAK))
_WEAK_BY_MATCH = {word[rarest_letter(word) :]: word for word in _WEAK}  # what a match of each weak word spans
# ... except a class deriving `Request` (python-cqrs): it declares a message, read whoever refers to it
_MESSAGE_BASE = re.compile(rb"class[ \t]+\w+[ \t]*\([^)]*?\brequest\b")
_CONVENTION_PATH = re.compile(r"(?:^|/)(?:commands|events|queries)(?:/|\.py$)")
_CODING_LINE = re.compile(rb"^[ \t\f]*#.*?coding[:=]", re.MULTILINE)
# `# msglint: ignore[MSG202]`, or bare `# msglint: ignore` (every rule); an unclosed `[` is no suppression at all
_SUPPRESSION = re.compile(r"#\s*msglint:\s*(ignore-file|ignore)(?:\[([^\]]*)\])?(?![\w\[-])")
# a noqa comment alone (every rule, as ruff and flake8 read it) or with codes after a colon, as ruff writes them
_NOQA_BYTES = re.compile(rb"#[ \t]*(?i:noqa)")
_NOQA = re.compile(r"#\s*noqa(?![\w-])(\s*:\s*([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*)?)?", re.IGNORECASE)
_TEST_NAMES = re.compile(r"(^test_.*|.*_tests?|^conftest|^tests?)\.py$")


def _weak(match: re.Match[bytes]) -> bool:
    """Whether a match of `_MENTIONS_ANY` is a weak word (no strong word ends one: a test makes sure)."""
    word = _WEAK_BY_MATCH.get(match.group())
    return word is not None and match.string.startswith(word, match.end() - len(word))


class PythonReader:
    name = "python"
    extensions = (".py",)

    def claims(self, path: str, data: bytes, settings: ReadSettings) -> bool:
        if not settings.include_tests and is_test_code(path, settings.scopes):
            return False
        lowered = data.lower()
        first = _MENTIONS_ANY.search(lowered)  # a weak word first: the strong ones are looked for after it
        if first is not None and (not _weak(first) or _MENTIONS.search(lowered, first.start())):
            return True
        if _configured_for(path, data, settings) or _CONVENTION_PATH.search(path):
            return True  # `commands.py` holds messages by convention, whatever words it uses
        if first is not None:
            if not _MESSAGE_BASE.search(lowered) and encoding_problem(data) is None:
                self._postponable = data  # read() is given these very bytes next: it postpones them
            return True
        if path.endswith("__init__.py") and b"import" in data and encoding_problem(data) is None:
            # a package that re-exports (`from shop.orders import WrapGift`): read if a file imports through it
            self._postponable = data
            return True
        # Bytes the prefilter cannot read (UTF-16, a wrong coding line) may hide any word: parse the
        # file so that it becomes one finding instead of silently disappearing.
        return encoding_problem(data) is not None

    _postponable: bytes | None = None  # what claims() found to say only weak words (one object, not a copy)

    def read(self, path: str, data: bytes, settings: ReadSettings) -> FileFacts:
        postponable, self._postponable = self._postponable is data, None
        if settings.postpone and postponable:
            from msglint.readers.python.postponed import pending

            record = pending(data, *module_name(path, settings.root))
            if record is not None:  # else what it imports cannot be told from its text: read it now
                facts = FileFacts(path=path, reader=self.name)
                facts.extra["python_pending"] = record
                return facts
        return self._read_now(path, data, settings)

    def _read_now(self, path: str, data: bytes, settings: ReadSettings) -> FileFacts:
        facts = FileFacts(path=path, reader=self.name)
        too_large = parse_cost_problem(path, data, settings.memory_budget_mb)
        if too_large is not None:
            facts.problems.append(too_large)
            return facts
        try:
            tree = ast.parse(data, filename=path)
        except (SyntaxError, ValueError) as error:
            tree = _parse_newer_syntax(data, path) if isinstance(error, SyntaxError) else None
            if tree is None:
                facts.problems.append(_unparsable(path, data, error))
                return facts
        except (RecursionError, MemoryError) as error:
            reason = f"it nests too deeply or needs too much memory ({type(error).__name__})"
            facts.problems.append(
                InputProblem("invalid-input", f"cannot parse this Python file: {reason}", Location(path))
            )
            return facts
        module, is_package = module_name(path, settings.root)
        configured_calls = (*settings.python.publish_calls, *settings.python.send_calls)
        from msglint.readers.python.presets import PRESET_CALLS  # the presets import this package

        extra_calls = frozenset(call.rsplit(".", 1)[-1] for call in configured_calls) | PRESET_CALLS
        facts.extra["python"] = summarise(tree, module, is_package, extra_calls, data)
        if b"msglint:" in data or _NOQA_BYTES.search(data):
            facts.suppressions.extend(suppression_comments(path, data))
        return facts

    def link(self, all_facts: list[FileFacts], settings: ReadSettings) -> None:
        from msglint.readers.python import flow
        from msglint.readers.python.presets import PRESETS
        from msglint.readers.python.project import Project
        from msglint.readers.python.roots import separate_source_roots

        self._read_referred(all_facts, settings)
        summaries = separate_source_roots({f.path: f.extra["python"] for f in all_facts if "python" in f.extra})
        root_name = os.path.basename(os.path.abspath(settings.root))
        project = Project(
            summaries,
            {f.path: f for f in all_facts},
            options=settings.python,
            root_name=root_name,
            naming=settings.naming,
        )
        for preset in PRESETS:
            preset.messages(project)
        uses = [use for preset in PRESETS for use in preset.uses(project)]
        uses.extend(flow.handed_on(project, uses))
        project.unresolved.extend(flow.dynamic_receivers(project))
        project.write(uses)
        _note_unresolved_imports(project)
        for facts in all_facts:
            facts.extra.pop("python", None)  # what the rules need is written: the summaries can go (memory)
        # what the presets worked out refers back to the project: cleared, so that the project and every summary
        # go as soon as this returns (a command runs without the cyclic garbage collector)
        project.memo.clear()

    def _read_referred(self, all_facts: list[FileFacts], settings: ReadSettings) -> None:
        """Parse the postponed files that the files read refer to, and those they refer to, and so on."""
        postponed = {f.path: f for f in all_facts if "python_pending" in f.extra}
        if not postponed:
            return
        from msglint.readers.python.postponed import Referrals

        referrals = Referrals({path: facts.extra.pop("python_pending") for path, facts in postponed.items()})
        read = [f.extra["python"] for f in all_facts if "python" in f.extra]
        while read:
            referred = referrals.referred_by(read)
            read = [summary for path in referred if (summary := self._read_late(postponed[path], settings))]

    def _read_late(self, facts: FileFacts, settings: ReadSettings) -> Summary | None:
        """A postponed file read now, into its facts; its summary, or None when it has none."""
        try:
            data = read_regular_file(facts.path)
        except OSError as error:  # gone or replaced since the run started
            message = f"cannot open the file: {error.strerror or error}"
            facts.problems.append(InputProblem("invalid-input", message, Location(facts.path)))
            return None
        now = self._read_now(facts.path, data, settings)
        facts.problems.extend(now.problems)
        facts.suppressions.extend(now.suppressions)
        facts.extra.update(now.extra)
        return now.extra.get("python")


def _note_unresolved_imports(project: Project) -> None:
    missing, total, example = project.unresolved_imports()
    if missing >= 5 and missing * 5 >= total and project.facts_by_path:
        first = next(iter(project.summaries))
        project.facts_by_path[first].notes.append(
            f"{missing} of {total} imports of the project's own packages did not resolve (for example "
            f"`{example}`), so messages, handlers and sends behind them may be missing: msglint names modules "
            "from their `__init__.py` folders, else from the project root (`root` in the configuration, the "
            "git work tree, or the folder named); check the folder you named, or set `root`"
        )


# Parsing takes memory in proportion to the tokens of a file: ast's objects and the parser's own tables
# together cost 530-750 bytes a token on CPython 3.11 (from a 100,000-line module of small functions to a
# 2 MB `a + a + ...` expression). So the tokens, counted before parsing, tell whether a file fits the budget.
BYTES_PER_TOKEN = 800
_TOKEN = re.compile(rb"#[^\r\n]*|\w+|[^\w\s]")  # a comment is one token: no words of it are parsed


def parse_cost_problem(path: str, data: bytes, budget_mb: int) -> InputProblem | None:
    """A finding when parsing `data` would take more memory than `budget_mb`, else None. Counting stops at
    the budget, so a file of any size costs at most that many tokens' scan."""
    most = budget_mb * 2**20 // BYTES_PER_TOKEN
    if len(data) <= most:
        return None  # every token takes a byte at least
    for count, _ in enumerate(_TOKEN.finditer(data), start=1):
        if count > most:
            message = (
                f"this file is too large to parse within msglint's memory budget: more than {most:,} tokens "
                f"would take over {budget_mb} MB; it was skipped (`memory-budget-mb` in the configuration "
                "raises the budget)"
            )
            return InputProblem("invalid-input", message, Location(path))
    return None


def _configured_for(path: str, data: bytes, settings: ReadSettings) -> bool:
    """Does the file mention a name the project configured, or sit in a module configured as messages?"""
    modules, words = _configured_names(settings.python)
    if not modules and not words:
        return False
    stem = "/" + path.removesuffix(".py").removesuffix("/__init__")
    if any(stem.endswith(module) or (module + "/") in stem for module in modules):
        return True
    return any(word in data for word in words)


@functools.lru_cache(maxsize=8)
def _configured_names(options: PythonOptions) -> tuple[tuple[str, ...], tuple[bytes, ...]]:
    """The configured message modules as paths (`/shop/events`), and the words a file must mention to matter."""
    modules = (*options.command_modules, *options.event_modules, *options.query_modules)
    return tuple("/" + module.replace(".", "/") for module in modules), tuple(w.encode() for w in options.words())


# Type parameter lists (PEP 695, Python 3.12) in `class X[T](...)`, `def f[T](...)` and `type X[T] = ...`.
_GENERIC_HEADER = re.compile(rb"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+\w+(?=\[)", re.MULTILINE)
_TYPE_STATEMENT = re.compile(rb"^([ \t]*)type([ \t]+\w+)(?=[ \t]*[\[=])", re.MULTILINE)


def _parse_newer_syntax(data: bytes, path: str) -> ast.Module | None:
    """Code for Python 3.12 and later read by an older Python: type parameter lists are blanked out (with
    spaces, so every line and column stays where it was) and `type X = ...` becomes `X = ...`. What the
    parameters say plays no part for messages; the classes, their bases and their handlers do."""
    if sys.version_info >= (3, 12) or (b"[" not in data):
        return None
    text = bytearray(data)
    for match in _GENERIC_HEADER.finditer(data):
        _blank_brackets(text, match.end())
    for match in _TYPE_STATEMENT.finditer(data):
        start, name = match.start() + len(match.group(1)), match.group(2).strip()
        text[start : match.end()] = name.ljust(match.end() - start)  # `type X` -> `X     `, same length
        if text[match.end() : match.end() + 1] == b"[":
            _blank_brackets(text, match.end())
    try:
        return ast.parse(bytes(text), filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _blank_brackets(text: bytearray, start: int) -> None:
    """Replace the bracketed list that opens at `start` (nested brackets included) with spaces."""
    depth = 0
    for index in range(start, min(len(text), start + 10_000)):
        char = text[index]
        if char == ord("["):
            depth += 1
        elif char == ord("]"):
            depth -= 1
        if char not in (ord("\n"), ord("\r")):
            text[index] = ord(" ")
        if depth == 0:
            return


def _unparsable(path: str, data: bytes, error: SyntaxError | ValueError) -> InputProblem:
    """An undecodable file is reported where its bad byte is; a syntax error where Python found it."""
    undecodable = encoding_problem(data)
    if undecodable is not None:
        message = f"Python source cannot be decoded: {undecodable.reason}"
        return InputProblem("invalid-input", message, Location(path, undecodable.line, undecodable.column))
    if isinstance(error, SyntaxError):
        location = Location(path, error.lineno or 1, max(error.offset or 1, 1))
        grammar = (
            f"Python {sys.version_info[0]}.{sys.version_info[1]}"  # code for a newer Python needs msglint run by it
        )
        if sys.version_info < (3, 12) and _in_an_f_string(error):
            # Python 3.12 (PEP 701) lets f-strings nest quotes and span lines: the file may well be valid Python
            # of a newer version, so not an error, but the file is still unread
            message = (
                f"this file could not be read: {error.msg} (read as {grammar}; f-strings of Python 3.12 and later "
                "are valid there: run msglint with the Python the project uses)"
            )
            return InputProblem("invalid-input", message, location, Severity.WARNING)
        if sys.version_info < (3, 14) and error.msg == "multiple exception types must be parenthesized":
            # Python 3.14 (PEP 758) reads `except A, B:` without parentheses: valid Python of a newer version
            message = (
                f"this file could not be read: {error.msg} (read as {grammar}; Python 3.14 and later accept "
                "`except A, B:`: run msglint with the Python the project uses)"
            )
            return InputProblem("invalid-input", message, location, Severity.WARNING)
        return InputProblem("invalid-input", f"Python syntax error: {error.msg} (read as {grammar})", location)
    return InputProblem("invalid-input", f"cannot parse this Python file: {error}", Location(path))


# where an f-string starts: `f"`, `rf'`, `F"""`
_F_STRING_START = re.compile(r"""(?<![\w])(?:[fF][rR]?|[rR][fF])["']""")


def _in_an_f_string(error: SyntaxError) -> bool:
    """Did the parser stop in an f-string (its own complaint, or a string left open on a line that starts one:
    a newline inside `{...}` is valid from Python 3.12)?"""
    if (error.msg or "").startswith("f-string"):
        return True
    start = _F_STRING_START.search(error.text or "")
    if not (error.msg or "").startswith("unterminated") or start is None:
        return False
    rest = (error.text or "")[start.end() :].replace("{{", "").replace("}}", "")
    return rest.count("{") > rest.count("}")  # a field left open, to be closed on a later line (`f"{\n x}"`)


class EncodingProblem(NamedTuple):
    reason: str
    line: int = 1
    column: int = 1


def encoding_problem(data: bytes) -> EncodingProblem | None:
    """Why the source does not decode as PEP 263 says (a coding line or a BOM, else UTF-8), or None."""
    first_two_lines = b"\n".join(data[:1024].split(b"\n", 2)[:2])
    encoding = "utf-8"
    try:
        if data.startswith(codecs.BOM_UTF8) or _CODING_LINE.search(first_two_lines):
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        data.decode(encoding)
    except SyntaxError as error:
        if data.startswith(codecs.BOM_UTF8):
            return EncodingProblem("the file starts with a UTF-8 byte-order mark and its coding line conflicts with it")
        return EncodingProblem(str(error.msg))
    except LookupError:
        return EncodingProblem(f"unknown encoding {encoding}")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        return EncodingProblem(
            f"byte 0x{data[error.start]:02x} is not valid {encoding}; save the file as UTF-8",
            data.count(b"\n", 0, error.start) + 1,
            error.start - line_start + 1,
        )
    return None


TEST_FOLDERS = frozenset({"tests", "test", "testing", "fixtures", "test_fixtures", "testdata"})


def is_test_code(path: str, scopes: tuple[str, ...] = ()) -> bool:
    """Test modules and what sits in test folders; only the folders below the deepest named folder count."""
    if "test" not in path and "fixture" not in path:
        return False  # every test folder's and test module's name says one of these (most paths: no work)
    absolute = os.path.abspath(path)
    below = next(
        (absolute[len(s) :] for s in sorted(scopes, key=len, reverse=True) if absolute.startswith(s + os.sep)), path
    )
    parts = [part for part in below.replace(os.sep, "/").split("/") if part and part != "."]  # once per file
    return any(part in TEST_FOLDERS for part in parts[:-1]) or bool(_TEST_NAMES.match(parts[-1] if parts else ""))


def module_name(path: str, root: str) -> tuple[str, bool]:
    """The name the module is imported by. In a regular package, the chain of `__init__.py` folders above
    it decides, wherever msglint's root is (`msglint check mypkg/` still reads `mypkg.orders`; a `src`
    folder with an `__init__.py` is imported as `src`). Without one (scripts, namespace packages) the
    path below the root does, with a `src/` layout's `src` dropped:
    `src/shop/orders/events.py` -> (`shop.orders.events`, False); `shop/__init__.py` -> (`shop`, True)."""
    absolute = os.path.abspath(path)  # string work: once for every Python file a run reads
    folder, file_name = os.path.split(absolute)
    is_package = file_name == "__init__.py"
    packages = _package_chain(folder)
    if packages:
        return ".".join(packages if is_package else (*packages, os.path.splitext(file_name)[0])), is_package
    top = os.path.abspath(root)
    top = top if top.endswith(os.sep) else top + os.sep
    if absolute.startswith(top):
        parts = os.path.splitext(absolute[len(top) :])[0].split(os.sep)
    else:
        parts = list(PurePosixPath(path).with_suffix("").parts)
    if "src" in parts[:-1]:
        parts = parts[len(parts) - parts[::-1].index("src") :]
    if is_package:
        parts = parts[:-1]
    return ".".join(p for p in parts if p not in (".", "..")) or "__main__", is_package


@functools.lru_cache(maxsize=4096)
def _package_chain(folder: str) -> tuple[str, ...]:
    """The package names from the top package down to `folder`, if `folder` is a regular package or a
    folder inside one (a namespace package there: `app/kernel/entities/` without an `__init__.py` is still
    `app.kernel.entities` when `app/kernel` is a package)."""
    name = os.path.basename(folder)
    if not name.isidentifier():
        return ()
    above = _package_chain(os.path.dirname(folder)) if os.path.dirname(folder) != folder else ()
    if os.path.isfile(os.path.join(folder, "__init__.py")) or above:
        return (*above, name)
    return ()


_DECORATOR_TOKENS = 5_000  # far more than the decorators above one definition hold
_NOT_CODE = (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING)


def suppression_comments(path: str, data: bytes) -> list[Suppression]:
    """`# msglint: ignore[MSG202]` at the end of a line (that line) or alone on a line (the next one);
    `# msglint: ignore-file[...]` anywhere (the whole file); without brackets, every rule. `# noqa: MSG202`
    and a bare `# noqa` cover the line they end, as in ruff."""
    found = []
    try:
        tokens = list(tokenize.tokenize(io.BytesIO(data).readline))
    except (tokenize.TokenError, SyntaxError):
        return found
    code = [t for t in tokens if t.type not in _NOT_CODE]
    lines = [t.start[0] for t in code]
    code_lines = set(lines)
    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        line = token.start[0]
        where = Location(path, line, token.start[1] + 1)
        noqa = _NOQA.search(token.string)
        if noqa and (noqa.group(2) or not noqa.group(1)):  # a noqa colon with no code after it is no suppression
            codes = tuple(re.split(r"[\s,]+", noqa.group(2).strip())) if noqa.group(2) else ()
            found.append(Suppression(codes, where, span=(line, line), every_rule=not codes, shared=True))
        match = _SUPPRESSION.search(token.string)
        if not match:
            continue
        every = match.group(2) is None
        codes = () if every else tuple(c.strip() for c in match.group(2).split(",") if c.strip())
        if match.group(1) == "ignore-file":
            found.append(Suppression(codes, where, whole_file=True, every_rule=every))
        else:
            target = line if line in code_lines else line + 1
            end = target if line in code_lines else _decorated_line(code, lines, line) or target
            found.append(Suppression(codes, where, span=(target, end), every_rule=every))
    return found


def _decorated_line(code: list[tokenize.TokenInfo], lines: list[int], comment_line: int) -> int | None:
    """The `def` or `class` line when a comment alone on its line stands right above decorators: the comment is
    meant for what they decorate (`# msglint: ignore[MSG103]` over `@dataclass` over `class X`). `code`: the
    tokens that are code, `lines`: their lines."""
    start = bisect.bisect_right(lines, comment_line)
    if start == len(code) or code[start].string != "@" or lines[start] != comment_line + 1:
        return None
    following = code[start : start + _DECORATOR_TOKENS]  # bounded: comments over decorators over decorators...
    return next((t.start[0] for t in following if t.type == tokenize.NAME and t.string in ("def", "class")), None)
