"""`msglint rename OLD NEW`: rename a message everywhere msglint knows it.

Python is rewritten with libcst, which keeps every comment and all formatting: the class definition,
imports and their aliases, references and attribute access (`events.OrderPlaced`), annotations, registry
keys, and string literals that are exactly the name (topics and serialised type names). Contracts (YAML,
JSON, EventCatalog Markdown) are edited in place, token by token, so their formatting and comments stay:
the message `name`, `messageId`, component keys and the `$ref`s that point at them, catalog lists, ids.

A Python file is edited only when it declares the message class or imports or references it by
attribute; another class that merely shares the name, in a module that never meets the message, stays.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from msglint.errors import UsageError
from msglint.files import read_regular_file, replace_all
from msglint.lint.discover import discover
from msglint.lint.run import LintResult, display_path
from msglint.naming import identity_key

CONTRACT_SUFFIXES = (".yaml", ".yml", ".json", ".md", ".mdx")


@dataclass
class Edit:
    path: str
    before: str
    after: str


@dataclass
class RenamePlan:
    old: str
    new: str
    edits: list[Edit] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def diff(self) -> str:
        chunks = []
        for edit in self.edits:
            chunks.extend(
                difflib.unified_diff(
                    edit.before.splitlines(keepends=True),
                    edit.after.splitlines(keepends=True),
                    f"a/{edit.path}",
                    f"b/{edit.path}",
                )
            )
        return "".join(chunks)

    def write(self) -> None:
        """All edits or none: every file is checked and staged first (see files.replace_all)."""
        replace_all({edit.path: (edit.before, edit.after) for edit in self.edits})


_SAFE_NAME = re.compile(r"[\w.\-/:]+(?: [\w.\-/:]+)*")


def plan_rename(result: LintResult, old: str, new: str, paths: list[Path]) -> RenamePlan:
    """The edits that rename `old` to `new` in the contracts msglint read under `paths` and in every Python
    file there (tests included, and modules that only import the message: they hold no message words, so
    the analysis may never have parsed them)."""
    message = result.system.messages.get(identity_key(old))
    if message is None:
        raise UsageError(f"rename: msglint knows no message named {old!r} here (`msglint catalog` lists them)")
    spelled = message.name  # the spelling in the sources; the user may have typed another form
    if identity_key(new) == message.key and new == spelled:
        raise UsageError(f"rename: {old!r} is already called {new!r}")
    if identity_key(new) in result.system.messages and identity_key(new) != message.key:
        raise UsageError(f"rename: a message {new!r} already exists; renaming would merge the two")
    if not _SAFE_NAME.fullmatch(new) or (" " in new and " " not in spelled):
        raise UsageError(
            f"rename: {new!r} cannot be written safely into code and contracts; use letters, digits and "
            "`_ - . / :`" + (" (and single spaces, as the old name has)" if " " in spelled else "")
        )
    plan = RenamePlan(spelled, new)
    in_python = any(d.source == "python" for d in message.declarations)
    if in_python and not new.isidentifier():
        raise UsageError(f"rename: {new!r} is not a Python identifier, and `{spelled}` is a Python class")
    defined_in = {d.location.path for d in message.declarations if d.source == "python"}
    word = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(spelled)}(?![A-Za-z0-9_])")
    for shown in _candidates(result, paths):
        path = Path(shown)
        try:
            text = read_regular_file(path).decode("utf-8")  # line endings as they are: CRLF stays CRLF
        except (OSError, UnicodeDecodeError):
            continue
        if not word.search(text):
            continue
        if path.suffix == ".py":
            after = _rename_python(text, spelled, new, shown, plan, defines=shown in defined_in)
        elif path.suffix.lower() in CONTRACT_SUFFIXES:
            after = _rename_contract(text, word, new, shown, plan)
        else:
            continue
        if after != text:
            plan.edits.append(Edit(shown, text, after))
    _warn_about_folders(result, spelled, plan)
    return plan


def _candidates(result: LintResult, paths: list[Path]) -> list[str]:
    """The contracts the analysis read, and every Python file under `paths`."""
    every_python_file = discover(paths, result.config, frozenset({".py"})).files
    return sorted({*(f for f in result.files if not f.endswith(".py")), *map(display_path, every_python_file)})


# -- contracts ---------------------------------------------------------------------------------------------

_WIRE_KEYS = re.compile(r"^\s*-?\s*[\"']?(name|messageId|id|title)[\"']?\s*:")


def _rename_contract(text: str, word: re.Pattern[str], new: str, shown: str, plan: RenamePlan) -> str:
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        if word.search(line):
            if _WIRE_KEYS.match(line):
                plan.warnings.append(
                    f"{shown}:{number}: `{plan.old}` is the message's name in a contract, so it is likely on the "
                    "wire: consumers outside this repository that match on it break until they are renamed too"
                )
            lines[number - 1] = word.sub(new, line)
    return "".join(lines)


def _warn_about_folders(result: LintResult, old: str, plan: RenamePlan) -> None:
    folders = sorted({str(Path(f).parent) for f in result.files if Path(f).parent.name == old})
    for folder in folders:
        plan.warnings.append(f"{folder}: an EventCatalog folder is named after the message; rename it yourself")


# -- Python ------------------------------------------------------------------------------------------------


def _rename_python(text: str, old: str, new: str, shown: str, plan: RenamePlan, *, defines: bool) -> str:
    """`defines`: the message class is declared in this file (another class of the same name is not it)."""
    import libcst as cst

    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError:
        plan.warnings.append(f"{shown}: not renamed, libcst cannot parse it")
        return text
    if not defines and not _imports_message(module, old):
        return text
    transformer = _Renamer(old, new)
    after = module.visit(transformer).code
    for line in transformer.string_lines(module):
        plan.warnings.append(
            f"{shown}:{line}: the string {old!r} names the message (a topic or a serialised type name), so it "
            "is likely on the wire: consumers outside this repository that match on it break until they are "
            "renamed too"
        )
    return after


def _imports_message(module, old: str) -> bool:  # noqa: ANN001 - a libcst Module
    """Does the module import the message, or reach it as an attribute (`events.X`)?"""
    import libcst.matchers as m

    patterns = (
        m.ImportAlias(name=m.Name(old)),
        m.ImportAlias(name=m.Attribute(attr=m.Name(old))),
        m.Attribute(attr=m.Name(old)),
    )
    return any(m.findall(module, pattern) for pattern in patterns)


def _Renamer(old: str, new: str):  # noqa: ANN202, N802 - builds the transformer class lazily (libcst import)
    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

    class Renamer(cst.CSTTransformer):
        def __init__(self) -> None:
            super().__init__()
            self.strings: list[cst.SimpleString] = []

        def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
            return updated.with_changes(value=new) if updated.value == old else updated

        def leave_SimpleString(self, original: cst.SimpleString, updated: cst.SimpleString) -> cst.SimpleString:
            if updated.evaluated_value != old:
                return updated
            self.strings.append(original)
            quote = updated.quote
            return updated.with_changes(value=f"{updated.prefix}{quote}{new}{quote}")

        def string_lines(self, module: cst.Module) -> list[int]:
            if not self.strings:
                return []
            positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
            return sorted(positions[s].start.line for s in self.strings if s in positions)

    return Renamer()
