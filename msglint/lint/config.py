"""Configuration: `[tool.msglint]` in pyproject.toml or a `msglint.toml`, found by walking up from a path.

Every key is validated; an unknown key or a bad value is a ConfigError naming the file, the key and,
for a misspelt key, the nearest valid one. The CLI turns ConfigError into one line and exit code 2.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from msglint.errors import UsageError
from msglint.files import read_regular_file
from msglint.model import Location, Repository, Severity
from msglint.readers.base import PythonOptions
from msglint.rules import BUILTIN_RULES, Rule
from msglint.rules.msg108_naming_convention import CHECKS as CONVENTION_CHECKS
from msglint.rules.msg108_naming_convention import KINDS as CONVENTION_KINDS
from msglint.rules.msg108_naming_convention import Convention

CONFIG_FILES = ("msglint.toml", "pyproject.toml")
DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "node_modules",
    "__pycache__",
    ".msglint_cache",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "build",
    "dist",
    "site-packages",
)


_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")
_ARGUMENT = re.compile(r"[0-9]+|[A-Za-z_][A-Za-z0-9_]*")
_MAX_TOML_DEPTH = 100  # far deeper than any real configuration; only used to name the key in an error


class ConfigError(UsageError):
    """A configuration or usage problem: reported as one line, exit code 2."""


@dataclass(frozen=True)
class NamingConfig:
    extra_verbs: tuple[str, ...] = ()
    technical_words: tuple[str, ...] = ()
    domain_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class AsyncApiConfig:
    v2_perspective: str = "application"
    service_name: str = "title"


PythonConfig = PythonOptions  # `[python]`: the reader's own settings type, validated here


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # the file the settings came from
    root: Path | None = None  # the project root: the folder of that file
    select: tuple[str, ...] = ()  # rule codes or slugs; empty = every rule
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity = Severity.ERROR
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    force_exclude: bool = False  # exclusions apply to paths named on the command line too
    memory_budget_mb: int = 300  # what reading one input may add to msglint's memory
    catalogs: tuple[str, ...] = ()
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    naming: NamingConfig = field(default_factory=NamingConfig)
    asyncapi: AsyncApiConfig = field(default_factory=AsyncApiConfig)
    python: PythonConfig = field(default_factory=PythonConfig)
    extend_select: tuple[str, ...] = ()
    per_path_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)  # glob -> rule codes
    plugins: tuple[str, ...] = ()  # "module:Class"
    conventions: tuple[Convention, ...] = ()  # `[conventions]`, checked by MSG108
    repository: str | None = None  # the repository's name in inventories (default: git remote, else folder)
    repository_url: str | None = None
    scope: str = "repository"  # "organisation": the check covers every repository (dead-end rules run)
    named_rules: tuple[str, ...] = ()  # codes selected by their own code or slug (not by a prefix or ALL)
    rules: tuple[type[Rule], ...] = BUILTIN_RULES  # built-in rules and loaded plugins


_LIST_KEYS = ("select", "extend-select", "ignore", "exclude", "extend-exclude", "catalogs", "plugins")
_NAMING_KEYS = ("extra-verbs", "technical-words", "domain-words")
_ASYNCAPI_KEYS = ("v2-perspective", "service-name")
_PYTHON_LIST_KEYS = (
    "command-bases",
    "event-bases",
    "query-bases",
    "message-bases",
    "command-modules",
    "event-modules",
    "query-modules",
    "handler-decorators",
    "registries",
    "publish-calls",
    "send-calls",
)
_PYTHON_KEYS = ("include-tests", *_PYTHON_LIST_KEYS)
TOP_KEYS = (
    *_LIST_KEYS,
    "severity",
    "fail-on",
    "respect-gitignore",
    "force-exclude",
    "memory-budget-mb",
    "aliases",
    "naming",
    "asyncapi",
    "python",
    "per-path-ignores",
    "conventions",
    "repository",
    "repository-url",
    "scope",
)
SCOPES = ("repository", "organisation")


def find_config(start: Path) -> Path | None:
    """The nearest msglint.toml, or pyproject.toml with a [tool.msglint] table, at or above `start`."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if path.is_file() and (name == "msglint.toml" or _has_msglint_table(path)):
                return path
    return None


def _has_msglint_table(path: Path) -> bool:
    try:
        return b"[tool.msglint" in read_regular_file(path)
    except OSError:
        return False


def load_config(path: Path | None, rule_names: dict[str, str] | None = None) -> Config:
    """Read and validate the configuration file (or return the defaults when there is none), loading the
    rule plugins it and the installed packages name.

    `rule_names` maps every rule code (upper case) and slug (lower case) to its code (by default: those
    of the loaded rules); rules named in the configuration are stored as codes.
    """
    from msglint.lint.plugins import load_rules

    table, text = _read_table(path) if path is not None else ({}, "")
    plugins = table.get("plugins", [])
    if not isinstance(plugins, list) or not all(isinstance(p, str) for p in plugins):
        raise ConfigError(f"{path}: `plugins` must be a list of strings")
    rules = load_rules(tuple(plugins), path.parent if path is not None else None)
    if rule_names is None:
        rule_names = {name: rule.code for rule in rules for name in (rule.code, rule.slug)}
    if path is None:
        return Config(rules=rules)
    return replace(parse_config(table, path, rule_names, text), rules=rules)


def _read_table(path: Path) -> tuple[dict[str, Any], str]:
    """The msglint table of the file, and the file's text (to name the line of a problem)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        text = read_regular_file(path).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the file: {error}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except RecursionError:  # the TOML parser recurses once per level of nested arrays or inline tables
        raise ConfigError(f"{path}: {_too_deep(text)}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(f"{path}: `tool` must be a table (`[tool.msglint]`), not {_toml_type(tool)}")
        return _table_or_fail(tool.get("msglint", {}), path, "tool.msglint"), text
    if isinstance(data.get("tool"), dict) and "msglint" in data["tool"]:
        raise ConfigError(
            f"{path}: `[tool.msglint]` belongs in pyproject.toml; in {path.name} write the same keys without "
            "the `tool.msglint` prefix (`[tool.msglint.python]` becomes `[python]`)"
        )
    return data, text


def _table_or_fail(value: Any, path: Path, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: `{key}` must be a table, not {_toml_type(value)}")
    return value


def _toml_type(value: Any) -> str:
    names = {str: "a string", bool: "a boolean", int: "an integer", float: "a number", list: "an array"}
    return names.get(type(value), "a date or time")


_KEY_CHARACTERS = re.compile(r"[A-Za-z0-9_.\-\"' \t]+")


def _written_keys(text: str) -> Iterator[tuple[int, str]]:
    """(line, key) of every `key = ...` line, read line by line (a pattern over the whole text could be made
    to backtrack by a hostile file)."""
    for number, line in enumerate(text.splitlines(), start=1):
        key, equals, _ = line.partition("=")
        key = key.strip()
        if equals and key and not key.startswith(("#", "[")) and _KEY_CHARACTERS.fullmatch(key):
            yield number, key


def _last_part(dotted: str) -> str:
    return dotted.rpartition(".")[2].strip().strip("\"'")


def _too_deep(text: str) -> str:
    """Name the key whose value nests too deeply: the last `key =` before the brackets get deep."""
    depth, deepest_at = 0, len(text)
    for index, char in enumerate(text):
        depth += 1 if char in "[{" else -1 if char in "]}" else 0
        if depth > _MAX_TOML_DEPTH:
            deepest_at = index
            break
    line = text.count("\n", 0, deepest_at) + 1
    keys = [key for number, key in _written_keys(text[:deepest_at])]
    if not keys:
        return f"invalid TOML: values nest too deeply (line {line})"
    return f"`{keys[-1]}` nests arrays or tables too deeply to read (line {line})"


def parse_config(table: dict[str, Any], path: Path, rule_names: dict[str, str], text: str = "") -> Config:
    prefix = "tool.msglint." if path.name == "pyproject.toml" else ""
    check = _Checker(path, prefix, rule_names, text)
    check.known_keys(table, TOP_KEYS, "")
    naming = table.get("naming", {})
    check.table(naming, "naming")
    check.known_keys(naming, _NAMING_KEYS, "naming.")
    asyncapi = table.get("asyncapi", {})
    check.table(asyncapi, "asyncapi")
    check.known_keys(asyncapi, _ASYNCAPI_KEYS, "asyncapi.")
    python = table.get("python", {})
    check.table(python, "python")
    check.known_keys(python, _PYTHON_KEYS, "python.")
    return Config(
        path=path,
        root=path.parent,
        select=check.rules(table, "select"),
        extend_select=check.rules(table, "extend-select"),
        per_path_ignores=check.per_path_ignores(table.get("per-path-ignores", {})),
        plugins=check.strings(table, "plugins"),
        ignore=check.rules(table, "ignore"),
        severity=check.severities(table.get("severity", {})),
        fail_on=check.severity_value(table.get("fail-on", "error"), "fail-on"),
        exclude=check.patterns(table, "exclude") if "exclude" in table else DEFAULT_EXCLUDE,
        extend_exclude=check.patterns(table, "extend-exclude"),
        respect_gitignore=check.boolean(table, "respect-gitignore", True),
        force_exclude=check.boolean(table, "force-exclude", False),
        memory_budget_mb=check.megabytes(table, "memory-budget-mb", 300),
        catalogs=check.strings(table, "catalogs"),
        aliases=check.aliases(table.get("aliases", {})),
        naming=NamingConfig(
            extra_verbs=check.strings(naming, "extra-verbs", "naming."),
            technical_words=check.strings(naming, "technical-words", "naming."),
            domain_words=check.strings(naming, "domain-words", "naming."),
        ),
        asyncapi=AsyncApiConfig(
            v2_perspective=check.choice(asyncapi, "v2-perspective", ("application", "client"), "asyncapi."),
            service_name=check.choice(asyncapi, "service-name", ("title", "file", "folder"), "asyncapi."),
        ),
        python=check.python(python),
        conventions=check.conventions(table.get("conventions", {})),
        repository=check.one_line(table, "repository"),
        repository_url=check.one_line(table, "repository-url"),
        scope=check.choice(table, "scope", SCOPES),
        named_rules=named_rules([*check.strings(table, "select"), *check.strings(table, "extend-select")], rule_names),
    )


class _Checker:
    def __init__(self, path: Path, prefix: str, rule_names: dict[str, str], text: str = "") -> None:
        self.path = path
        self.prefix = prefix
        self.rule_names = rule_names
        self.text = text

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.path}: `{self.prefix}{key}` {problem}")

    def known_keys(self, table: dict[str, Any], allowed: tuple[str, ...], section: str) -> None:
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = (
                    f"; did you mean `{self.prefix}{section}{close[0]}`?"
                    if close
                    else (f"; valid keys: {', '.join(allowed)}")
                )
                line = key_line(self.text, f"{self.prefix}{section}{key}")
                where = f"{self.path}:{line}" if line else str(self.path)
                raise ConfigError(f"{where}: `{self.prefix}{section}{key}` is not a msglint setting{hint}")

    def table(self, value: Any, key: str) -> None:
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")

    def strings(self, table: dict[str, Any], key: str, section: str = "") -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(f"{section}{key}", "must be a list of strings")
        return tuple(value)

    def patterns(self, table: dict[str, Any], key: str) -> tuple[str, ...]:
        """gitignore-style patterns. An invalid one is a configuration error, not a finding: unlike a
        .gitignore line (which git skips, and so do we), `exclude` is msglint's own setting, and running on
        without it would check, and report on, the very files the user meant to leave out."""
        patterns = self.strings(table, key)
        try:
            return check_patterns(patterns, "")
        except ConfigError as error:
            raise self.fail(key, str(error).lstrip()) from None

    def python(self, table: dict[str, Any]) -> PythonOptions:
        lists = {key: self.strings(table, key, "python.") for key in _PYTHON_LIST_KEYS}
        for key in ("command-bases", "event-bases", "query-bases", "message-bases", "registries"):
            for name in lists[key]:
                if not _DOTTED.fullmatch(name):
                    raise self.fail(f"python.{key}", f"must hold dotted Python names, not {name!r}")
        for entry in lists["handler-decorators"]:
            name, _, argument = entry.partition(":")
            if not _DOTTED.fullmatch(name) or (":" in entry and not _ARGUMENT.fullmatch(argument)):
                raise self.fail(
                    "python.handler-decorators",
                    f"entries are `dotted.name` or `dotted.name:ARG` (a position or a keyword), not {entry!r}",
                )
        return PythonOptions(
            include_tests=self.boolean(table, "include-tests", False, "python."),
            **{key.replace("-", "_"): value for key, value in lists.items()},
        )

    def choice(self, table: dict[str, Any], key: str, allowed: tuple[str, ...], section: str = "") -> str:
        value = table.get(key, allowed[0])
        if value not in allowed:
            raise self.fail(f"{section}{key}", f"must be one of {', '.join(allowed)}, not {value!r}")
        return value

    def one_line(self, table: dict[str, Any], key: str) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip() or value != value.strip() or "\n" in value:
            raise self.fail(key, f"must be a non-empty string on one line, not {value!r}")
        return value

    def boolean(self, table: dict[str, Any], key: str, default: bool, section: str = "") -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{section}{key}", "must be true or false")
        return value

    def megabytes(self, table: dict[str, Any], key: str, default: int) -> int:
        value = table.get(key, default)
        if type(value) is not int or not 10 <= value <= 1_000_000:
            raise self.fail(key, f"must be a whole number of megabytes from 10 to 1000000, not {value!r}")
        return value

    def rule(self, name: str, key: str) -> tuple[str, ...]:
        """The codes `name` selects: a code or slug, a code prefix (`MSG1`) or `ALL`."""
        try:
            return rule_selector(name, self.rule_names)
        except ConfigError:
            close = difflib.get_close_matches(name, sorted(self.rule_names), n=1)
            hint = f"; did you mean `{close[0]}`?" if close else "; `msglint rules` lists them"
            raise self.fail(key, f"names an unknown rule `{name}`{hint}") from None

    def rules(self, table: dict[str, Any], key: str) -> tuple[str, ...]:
        return tuple(code for name in self.strings(table, key) for code in self.rule(name, key))

    def severity_value(self, value: Any, key: str) -> Severity:
        try:
            return Severity.parse(value) if isinstance(value, str) else Severity.parse("?")
        except ValueError:
            raise self.fail(key, f"must be error, warning or info, not {value!r}") from None

    def severities(self, value: Any) -> dict[str, Severity]:
        self.table(value, "severity")
        return {
            code: self.severity_value(level, f"severity.{name}")
            for name, level in value.items()
            for code in self.rule(name, "severity")
        }

    def per_path_ignores(self, value: Any) -> dict[str, tuple[str, ...]]:
        self.table(value, "per-path-ignores")
        result = {}
        for pattern, names in value.items():
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise self.fail(f"per-path-ignores.{pattern}", "must be a list of rule codes or slugs")
            result[pattern] = tuple(code for n in names for code in self.rule(n, f"per-path-ignores.{pattern}"))
        return result

    def conventions(self, value: Any) -> tuple[Convention, ...]:
        """`[conventions.KIND]` tables: each key one Convention that knows where it is written."""
        self.table(value, "conventions")
        self.known_keys(value, CONVENTION_KINDS, "conventions.")
        found = []
        for kind, entries in value.items():
            self.table(entries, f"conventions.{kind}")
            self.known_keys(entries, CONVENTION_CHECKS, f"conventions.{kind}.")
            for check, written in entries.items():
                setting = f"{self.prefix}conventions.{kind}.{check}"
                line = key_line(self.text, setting)
                origin = Location(_shown(self.path), line or 1)
                try:
                    found.append(Convention.parse(kind, check, written, setting, origin))
                except ValueError as error:
                    where = f"{self.path}:{line}" if line else str(self.path)
                    raise ConfigError(f"{where}: `{setting}` {error}") from None
        return tuple(found)

    def aliases(self, value: Any) -> dict[str, tuple[str, ...]]:
        self.table(value, "aliases")
        result = {}
        for name, others in value.items():
            if isinstance(others, str):
                others = [others]
            if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
                raise self.fail(f"aliases.{name}", "must be a name or a list of names")
            result[name] = tuple(others)
        return result


def _shown(path: Path) -> str:
    """The configuration file as findings name it: relative to the working directory when inside it."""
    absolute = path if path.is_absolute() else path.resolve()
    try:
        return absolute.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()


SELECT_ALL = "ALL"


def named_rules(selectors: list[str] | tuple[str, ...], names: dict[str, str]) -> tuple[str, ...]:
    """The codes of the rules `selectors` name by code or slug: a rule that runs only when asked for is asked
    for by name (`MSG2` or `ALL` selects a family, not it)."""
    found = (names.get(name.strip().upper()) or names.get(name.strip().lower()) for name in selectors)
    return tuple(dict.fromkeys(code for code in found if code))


def rule_selector(name: str, names: dict[str, str]) -> tuple[str, ...]:
    """The rule codes a selector names: a code or a slug (in any case), `ALL`, or the start of codes
    (`MSG1` selects MSG101 to MSG108). `names` maps codes (upper case) and slugs (lower case) to codes.
    ConfigError (`unknown rule 'x'; did you mean y?`) when it names none."""
    text = name.strip()
    code = names.get(text.upper()) or names.get(text.lower())
    if code:
        return (code,)
    codes = sorted(set(names.values()))
    if text.upper() == SELECT_ALL:
        return tuple(codes)
    if text.isalnum():
        prefixed = tuple(c for c in codes if c.startswith(text.upper()))
        if prefixed:
            return prefixed
    close = difflib.get_close_matches(text, sorted(names), n=1)
    hint = f"; did you mean {close[0]}?" if close else "; `msglint rules` lists them"
    raise ConfigError(f"unknown rule {text!r}{hint}")


def check_patterns(patterns: tuple[str, ...], option: str) -> tuple[str, ...]:
    """gitignore-style patterns, each checked to compile; ConfigError naming `option` for one that does not."""
    from msglint.lint.discover import InvalidPattern, glob_to_regex  # discover imports this module

    for pattern in patterns:
        try:
            glob_to_regex(pattern.strip().lstrip("!").strip("/"))
        except InvalidPattern as error:
            raise ConfigError(f"{option} holds an invalid pattern: {error}") from None
    return tuple(patterns)


def key_line(text: str, dotted: str) -> int | None:
    """The line where a configuration key is written: as `key =` (bare or quoted, also at the end of a dotted
    key) or as a table header ending in it, after the header of its table when it has one."""
    *tables, key = dotted.split(".")
    lines = text.splitlines()
    start = 0
    if tables:
        table = ".".join(tables)
        start = next((number for number, line in enumerate(lines) if _header(line) == table), 0)
    for first in (start, 0):
        for number in range(first, len(lines)):
            header = _header(lines[number])
            written = _last_part(header) if header is not None else _assigned(lines[number])
            if written == key:
                return number + 1
    return None


def _header(line: str) -> str | None:
    """`tool.msglint` for `[tool.msglint]` or `[[tool.msglint]]`, else None."""
    stripped = line.strip()
    if not stripped.startswith("["):
        return None
    inner = stripped.lstrip("[").partition("]")[0]
    return ".".join(part.strip().strip("\"'") for part in inner.split("."))


def _assigned(line: str) -> str | None:
    """The last part of the key a `key = value` line sets."""
    key, equals, _ = line.partition("=")
    key = key.strip()
    return _last_part(key) if equals and key and not key.startswith("#") else None


def repository_identity(root: Path, config: Config) -> Repository:
    """The checked repository's name and URL: configured (`repository`, `repository-url`), else the git remote
    `origin` in .git/config (read as text: no git needed), else the name of the folder holding .git (or of the
    project root)."""
    top = _git_top(root)
    remote = _origin_url(top / ".git" / "config") if top is not None else None
    name = config.repository or _name_from_url(remote) or (top or root).resolve().name or "repository"
    return Repository(name, config.repository_url or _web_url(remote))


def _git_top(root: Path) -> Path | None:
    for folder in (root.resolve(), *root.resolve().parents):
        if (folder / ".git").is_dir():
            return folder
    return None


def _origin_url(git_config: Path) -> str | None:
    try:
        text = read_regular_file(git_config).decode("utf-8", errors="replace")
    except OSError:
        return None
    section = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped.strip("[]").replace('"', "").split()
        elif section == ["remote", "origin"] and stripped.partition("=")[0].strip() == "url":
            return stripped.partition("=")[2].strip() or None
    return None


def _name_from_url(url: str | None) -> str | None:
    if not url:
        return None
    last = url.rstrip("/").replace(":", "/").rsplit("/", 1)[-1]
    last = last[:-4] if last.endswith(".git") else last
    return last or None


def _web_url(remote: str | None) -> str | None:
    """An https address for a remote (`git@github.com:org/repo.git` -> `https://github.com/org/repo`); a
    remote with credentials or a local path gives none."""
    if not remote or "@" in remote.partition("://")[2].split("/", 1)[0]:
        return None
    if remote.startswith("git@") and ":" in remote:
        host, _, path = remote[4:].partition(":")
        remote = f"https://{host}/{path}"
    if not remote.startswith(("https://", "http://")):
        return None
    return remote[:-4] if remote.endswith(".git") else remote
