"""The engine: discover -> read -> merge -> resolve kinds -> rules -> filter.

Nothing here knows a particular rule or file format: readers come from msglint.readers.READERS and
rules from the catalogue (or a caller's list).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from msglint.files import read_regular_file
from msglint.lint.cache import Digest, FactsCache, Stamp, cache_folder, digest_of, result_key, stamp
from msglint.lint.config import Config
from msglint.lint.discover import discover
from msglint.lint.resolve import build_system
from msglint.lint.suppress import apply_suppressions, code_of
from msglint.model import Diagnostic, FileFacts, InputProblem, Location, Severity, Suppression, System
from msglint.naming import Vocabulary
from msglint.readers import READERS, Reader, ReadSettings
from msglint.readers.base import matches_any
from msglint.rules import BUILTIN_RULES, Rule, RuleContext


@dataclass
class LintResult:
    root: Path
    files: list[str]  # the files that were read, as displayed
    system: System
    diagnostics: list[Diagnostic]
    config: Config
    missing: list[str]
    rules: tuple[type[Rule], ...] = BUILTIN_RULES  # every rule that could report (for SARIF's rule table)
    baselined: int = 0  # findings hidden by --baseline
    stale_baseline: int = 0  # baseline entries that matched no finding


def rule_names(rules: tuple[type[Rule], ...] = BUILTIN_RULES) -> dict[str, str]:
    """Every code and slug -> code, for configuration and suppressions."""
    names = {}
    for rule in rules:
        names[rule.code] = rule.code
        names[rule.slug] = rule.code
    return names


def vocabulary_of(config: Config) -> Vocabulary:
    return Vocabulary(
        extra_verbs=frozenset(w.lower() for w in config.naming.extra_verbs),
        technical_words=frozenset(w.lower() for w in config.naming.technical_words),
        domain_words=frozenset(w.lower() for w in config.naming.domain_words),
    )


def lint(
    paths: list[Path],
    config: Config,
    *,
    debug: bool = False,
    rules: tuple[type[Rule], ...] | None = None,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> LintResult:
    """Check the files under `paths` with `rules` (default: the configuration's, plugins included).
    `jobs`: processes used to read files (None: one per core); `progress(done, total)` hears about reading."""
    rules = rules if rules is not None else config.rules
    extensions = frozenset(ext for reader in READERS for ext in reader.extensions)
    discovery = discover(paths, config, extensions)
    settings = ReadSettings(
        catalog_patterns=config.catalogs,
        root=str(discovery.root),
        v2_perspective=config.asyncapi.v2_perspective,
        service_name=config.asyncapi.service_name,
        python=config.python,
        scopes=tuple(sorted(os.path.abspath(p) for p in paths if p.is_dir())),
    )
    cache = FactsCache(cache_folder(discovery.root, cache_dir), discovery.root, settings) if use_cache else None
    stamps = [(str(path), stamp(str(path))) for path in discovery.files]
    key = result_key(stamps, repr((config, [f"{r.__module__}.{r.__qualname__}" for r in rules])))
    whole_results = cache is not None and _cacheable(rules)
    saved = cache.result(key) if whole_results else None
    if saved is not None:
        files, system, diagnostics = saved
    else:
        all_facts = read_all(discovery.files, stamps, discovery.root, settings, cache, jobs, debug, progress)
        link_readers(all_facts, settings, debug)
        vocabulary = vocabulary_of(config)
        system = build_system(all_facts, vocabulary, config.aliases)
        diagnostics = run_rules(system, config, RuleContext(vocabulary), rules)
        files = [facts.path for facts in all_facts]
        if whole_results:
            dependencies = sorted({d for facts in all_facts for d in facts.dependencies})
            cache.save_result(key, dependencies, (files, system, diagnostics))
    if cache is not None and cache.unwritable:
        note = f"the cache could not be written ({cache.unwritable}); msglint ran without it (`--no-cache` skips it)"
        system.notes.append(note)
    if discovery.explicit is not None:
        shown = {display_path(p) for p in discovery.explicit}
        diagnostics = [d for d in diagnostics if d.location.path in shown]
    return LintResult(
        root=discovery.root,
        files=files,
        system=system,
        diagnostics=diagnostics,
        config=config,
        missing=discovery.missing,
        rules=rules,
    )


PARALLEL_FROM = 300  # below this many files to read, starting worker processes costs more than it saves


def _cacheable(rules: tuple[type[Rule], ...]) -> bool:
    """A whole result is reused only when every rule is msglint's own: a plugin may change without notice."""
    return all(rule.__module__.startswith("msglint.rules.") for rule in rules)


def read_all(
    files: list[Path],
    stamps: list[tuple[str, Stamp]],
    root: Path,
    settings: ReadSettings,
    cache: FactsCache | None,
    jobs: int | None,
    debug: bool,
    progress: Callable[[int, int], None] | None = None,
) -> list[FileFacts]:
    """Every file's facts, from the cache where the file did not change, else read (in parallel when many).
    The cache is saved before any reader's link step changes the facts."""
    found: dict[Path, FileFacts | None] = {}
    to_read: list[tuple[Path, Stamp]] = []
    for path, (_, current) in zip(files, stamps, strict=True):
        hit, facts = cache.get(str(path), current) if cache is not None else (False, None)
        if hit:
            found[path] = facts
        else:
            to_read.append((path, current))
    read = _read_many([path for path, _ in to_read], root, settings, jobs, debug, progress or _silent)
    for (path, current), (facts, digest) in zip(to_read, read, strict=True):
        found[path] = facts
        if cache is not None:
            cache.put(str(path), current, digest, facts)
    if cache is not None:
        cache.forget_deleted({str(path) for path in files})
        cache.save()
    return [facts for facts in (found[path] for path in files) if facts is not None]


def _silent(done: int, total: int) -> None:
    pass


def _read_many(
    paths: list[Path],
    root: Path,
    settings: ReadSettings,
    jobs: int | None,
    debug: bool,
    progress: Callable[[int, int], None],
) -> list[tuple[FileFacts | None, Digest]]:
    workers = 1 if debug else min(jobs or os.cpu_count() or 1, 16)
    if workers <= 1 or len(paths) < PARALLEL_FROM:
        return _read_here(paths, root, settings, debug, progress)
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    size = max(16, len(paths) // (workers * 4))  # several chunks per worker evens out slow files
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            found: list[tuple[FileFacts | None, Digest]] = []
            for batch in pool.map(_read_chunk, chunks, [root] * len(chunks), [settings] * len(chunks)):
                found.extend(batch)
                progress(len(found), len(paths))
            return found
    except (BrokenProcessPool, OSError, PermissionError):  # no processes here (a sandbox): read them in this one
        return _read_here(paths, root, settings, debug, progress)


def _read_here(
    paths: list[Path], root: Path, settings: ReadSettings, debug: bool, progress: Callable[[int, int], None]
) -> list[tuple[FileFacts | None, Digest]]:
    found = []
    for number, path in enumerate(paths, start=1):
        found.append(_read_one(path, root, settings, debug))
        if number % 50 == 0:
            progress(number, len(paths))
    return found


def _read_chunk(paths: list[Path], root: Path, settings: ReadSettings) -> list[tuple[FileFacts | None, Digest]]:
    return [_read_one(path, root, settings, False) for path in paths]


def _read_one(path: Path, root: Path, settings: ReadSettings, debug: bool) -> tuple[FileFacts | None, Digest]:
    """The file's facts and the digest of the bytes they were read from (for the cache)."""
    try:
        data = read_regular_file(path)  # swapped for a pipe since it was found: never wait on it
    except OSError as error:
        return _unreadable(display_path(path), f"cannot open the file: {error.strerror or error}"), None
    return read_file(path, data, root, settings, debug), digest_of(data)


def read_file(path: Path, data: bytes, root: Path, settings: ReadSettings, debug: bool = False) -> FileFacts | None:
    """Read one file's bytes with the first reader that claims it; None when no reader does."""
    shown = display_path(path)
    relative = _relative_posix(path, root)
    reader = _reader_for(path, relative, data, settings)
    if reader is None:
        return None
    try:
        return reader.read(shown, data, settings)
    except Exception as error:  # a reader bug must not hide the rest of the repository
        if debug:
            raise
        return _unreadable(
            shown,
            f"msglint's {reader.name} reader failed on this file "
            f"({type(error).__name__}: {error}); run with --debug and report it",
        )


def link_readers(all_facts: list[FileFacts], settings: ReadSettings, debug: bool = False) -> None:
    """Let readers whose facts span files (Python) finish them, once every file is read."""
    for reader in READERS:
        link = getattr(reader, "link", None)
        if link is None:
            continue
        mine = [facts for facts in all_facts if facts.reader == reader.name]
        if not mine:
            continue
        try:
            link(mine, settings)
        except Exception as error:  # a reader bug must not hide the other readers' findings
            if debug:
                raise
            mine[0].problems.append(
                InputProblem(
                    "invalid-input",
                    f"msglint's {reader.name} reader failed while joining files "
                    f"({type(error).__name__}: {error}); run with --debug and report it",
                    Location(mine[0].path),
                )
            )


def _reader_for(path: Path, relative: str, data: bytes, settings: ReadSettings) -> Reader | None:
    suffix = path.suffix.lower()
    for reader in READERS:
        if suffix in reader.extensions and reader.claims(relative, data, settings):
            return reader
    return None


def _unreadable(shown: str, message: str) -> FileFacts:
    facts = FileFacts(path=shown, reader="none")
    facts.problems.append(InputProblem("invalid-input", message, Location(shown)))
    return facts


def run_rules(
    system: System, config: Config, context: RuleContext, rules: tuple[type[Rule], ...] = BUILTIN_RULES
) -> list[Diagnostic]:
    """Run the selected rules, apply severities and suppressions, report unused suppressions."""
    active = [rule(context) for rule in rules if _selected(rule, config)]
    found: list[Diagnostic] = []
    for rule in active:
        found.extend(_guarded(rule, lambda rule=rule: list(rule.check(system)), config))
    names = rule_names(rules)
    kept, unused = apply_suppressions(found, system.suppressions, names)
    unused = _about_rules_that_ran(unused, {rule.code for rule in active}, names)
    for rule in active:
        kept.extend(_guarded(rule, lambda rule=rule: list(rule.check_suppressions(unused)), config))
    kept = [_with_severity(d, config) for d in kept if not _ignored_for_path(d, config)]
    return sorted(_distinct(kept), key=Diagnostic.sort_key)


def _about_rules_that_ran(unused: list[Suppression], ran: set[str], names: dict[str, str]) -> list[Suppression]:
    """A suppression of a rule that did not run (`--select`, `--ignore`) may well be needed: it is not
    unused. Codes that name no rule at all stay, so that a typo is still reported."""
    known = set(names.values())
    kept = (s.only(lambda c: code_of(c, names) in ran or code_of(c, names) not in known) for s in unused)
    return [suppression for suppression in kept if suppression is not None]


def _guarded(rule: Rule, check: Callable[[], list[Diagnostic]], config: Config) -> list[Diagnostic]:
    """A rule that raises costs its own findings only, and says so; msglint's own rules are not guarded
    (a bug there should be loud)."""
    origin = getattr(type(rule), "plugin", None)
    if origin is None:
        return check()
    try:
        return check()
    except Exception as error:
        where = _plugin_location(config, origin)
        message = (
            f"plugin rule {rule.code} ({rule.slug}) from {origin} failed and reported nothing: "
            f"{type(error).__name__}: {error}"
        )
        return [Diagnostic(rule.code, rule.slug, Severity.ERROR, message, where)]


def _plugin_location(config: Config, origin: str) -> Location:
    """The line of the configuration that loads the plugin, when it is named there."""
    if config.path is None:
        return Location(".")
    shown = display_path(config.path)
    spec = origin.split("`")[1] if "`" in origin else origin
    try:
        lines = config.path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return Location(shown)
    for number, line in enumerate(lines, start=1):
        if spec in line and not line.lstrip().startswith("#"):
            return Location(shown, number, line.index(spec) + 1, number, line.index(spec) + len(spec) + 1)
    return Location(shown)


def _ignored_for_path(diagnostic: Diagnostic, config: Config) -> bool:
    if not config.per_path_ignores:
        return False
    path = _project_relative(diagnostic.location.path, config)
    return any(
        diagnostic.code in codes and matches_any(path, (pattern,)) for pattern, codes in config.per_path_ignores.items()
    )


def _project_relative(shown: str, config: Config) -> str:
    """A reported path (relative to the working directory) as the configuration sees it: relative to the
    folder of the configuration file."""
    if config.root is None:
        return shown
    try:
        return (Path.cwd() / shown).resolve().relative_to(config.root.resolve()).as_posix()
    except ValueError:
        return shown


def _selected(rule: type[Rule], config: Config) -> bool:
    if config.select and rule.code not in config.select and rule.code not in config.extend_select:
        return False
    return rule.code not in config.ignore


def _with_severity(diagnostic: Diagnostic, config: Config) -> Diagnostic:
    level = config.severity.get(diagnostic.code)
    return replace(diagnostic, severity=level) if level is not None else diagnostic


def _distinct(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen = set()
    result = []
    for diagnostic in diagnostics:
        key = (diagnostic.code, diagnostic.location, diagnostic.message)
        if key not in seen:
            seen.add(key)
            result.append(diagnostic)
    return result


def display_path(path: Path) -> str:
    """Relative to the working directory when inside it (what editors and CI expect), else absolute."""
    absolute = path.resolve() if not path.is_absolute() else path
    try:
        return absolute.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()


def _relative_posix(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


__all__ = ["LintResult", "lint", "rule_names", "run_rules"]
