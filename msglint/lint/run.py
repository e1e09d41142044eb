"""The engine: discover -> read -> merge -> resolve kinds -> rules -> filter.

Nothing here knows a particular rule or file format: readers come from msglint.readers.READERS and
rules from the catalogue (or a caller's list).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from pathlib import Path

from msglint.files import read_regular_file, read_regular_file_stamped
from msglint.lint.cache import (
    Appender,
    FactsCache,
    Stamp,
    cache_folder,
    digest_of,
    encode_entry,
    result_key,
    stamp,
)
from msglint.lint.config import Config, repository_identity
from msglint.lint.discover import IgnoreRules, discover, project_root
from msglint.lint.memo import FactsMemo, working_copy
from msglint.lint.pool import (
    CHUNK,
    NoWorkers,
    can_fork,
    collection_paused,
    reached_memory_limit,
    read_alone,
    read_in_workers,
)
from msglint.lint.resolve import build_system
from msglint.lint.suppress import apply_suppressions, code_of
from msglint.model import Diagnostic, FileFacts, InputProblem, Location, Overview, Severity, Suppression, System
from msglint.naming import Vocabulary
from msglint.readers import READERS, Reader, ReadSettings
from msglint.readers.base import matches_any
from msglint.rules import BUILTIN_RULES, Rule, RuleContext


@dataclass
class LintResult:
    root: Path
    files: list[str]  # the files that were read, as displayed
    # the System, or how to get it: a run that reuses its saved result loads the System only when a report asks
    system_source: System | Callable[[], System]
    overview: Overview  # what a report listing only findings needs of the System
    diagnostics: list[Diagnostic]
    config: Config
    missing: list[str]
    rules: tuple[type[Rule], ...] = BUILTIN_RULES  # every rule that could report (for SARIF's rule table)
    baselined: int = 0  # findings hidden by --baseline
    stale_baseline: int = 0  # baseline entries that matched no finding
    unsaved: Unsaved | None = None  # the text that stood for one file (stdin): what a report quotes of it

    @property
    def system(self) -> System:
        if not isinstance(self.system_source, System):
            self.system_source = self.system_source()
        return self.system_source

    def source(self, path: str) -> bytes:
        """The text of a file as it was checked: the unsaved text for its file, else the file on disk."""
        if self.unsaved is not None and os.path.abspath(path) == os.path.abspath(self.unsaved.path):
            return self.unsaved.data
        return read_regular_file(path)


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
    unsaved: Unsaved | None = None,
    memo: FactsMemo | None = None,
    inventories: Collection[Path] = (),
) -> LintResult:
    """Check the files under `paths` with `rules` (default: the configuration's, plugins included).
    `jobs`: processes used to read files (None: one per core); `progress(done, total)` hears about reading.
    `unsaved`: one file's text to read instead of its bytes on disk (stdin); it is never cached.
    `memo`: facts kept in memory from one call to the next (a long-lived process: the language server).
    `inventories`: other repositories' inventory files to read beside `paths` (never reported on alone)."""
    rules = rules if rules is not None else config.rules
    root = project_root(paths, config)
    settings = ReadSettings(
        catalog_patterns=config.catalogs,
        root=str(root),
        v2_perspective=config.asyncapi.v2_perspective,
        service_name=config.asyncapi.service_name,
        python=config.python,
        scopes=tuple(sorted(os.path.abspath(p) for p in paths if p.is_dir())),
        memory_budget_mb=config.memory_budget_mb,
        naming=vocabulary_of(config),
        repository=repository_identity(root, config).name,
    )
    cache = FactsCache(cache_folder(root, cache_dir), root, settings) if use_cache else None
    if unsaved is None:
        found = find_files(paths, config, cache)
    else:  # the project around it is read even when the file is not on disk yet
        found = find_files(paths if unsaved.path.is_file() else [root], config, cache)
        found = _with_unsaved(found, unsaved.path, _excluded(unsaved.path, root, config))
    if inventories:
        found = _with_inventories(found, inventories)
    # what each file was when found: the cache's and the memo's key to it (a run without either needs none)
    # the first run with the cache (nothing saved yet) takes each file's stamp where the file is read
    first = cache is not None and memo is None and unsaved is None and cache.holds_nothing()
    stamped = (cache is not None or memo is not None) and not first
    stamps = [(name, stamp(name) if stamped else None) for name in found.names]
    whole_results = cache is not None and _cacheable(rules) and unsaved is None
    rule_ids = [f"{r.__module__}.{r.__qualname__}" for r in rules]
    key = result_key(stamps, repr((config, rule_ids))) if whole_results and not first else ""
    saved = cache.result(key) if key else None

    def analyse() -> tuple[list[str], System, Overview, list[Diagnostic]]:
        nonlocal key
        try:
            all_facts = read_all(found.names, stamps, root, settings, cache, jobs, debug, progress, unsaved, memo)
            if whole_results and first:
                key = result_key(stamps, repr((config, rule_ids)))  # with the stamps taken as files were read
            link_readers(all_facts, settings, debug)
            vocabulary = vocabulary_of(config)
            system = build_system(
                all_facts, vocabulary, config.aliases, scope=config.scope, selected=config.named_rules
            )
            diagnostics = run_rules(system, config, RuleContext(vocabulary, config.conventions), rules)
        except BaseException:
            if cache is not None:
                cache.cancel_writing()  # a failed or interrupted run leaves no process behind
            raise
        if cache is not None:
            cache.finish_writing()
        files = [facts.path for facts in all_facts]
        overview = system.overview()
        if whole_results:
            dependencies = sorted({d for facts in all_facts for d in facts.dependencies})
            del all_facts  # what the rules needed is in the system: freed before the result is encoded (memory)
            cache.save_result(key, dependencies, (files, overview, diagnostics))
        return files, system, overview, diagnostics

    notes: list[str] = []

    def saved_when_asked(system: System) -> System:
        """The System, saved beside the result the first time a report needs more than findings: a run that
        lists findings only never pays for encoding it (the largest thing a run writes)."""
        if cache.save_system(key, system):
            return system
        if not notes:  # the result stands; its System is analysed again by the next run that needs it
            notes.append(_unwritable_note(cache.unwritable or ""))
            overview.notes.extend(notes)
        system.notes.extend(note for note in notes if note not in system.notes)
        return system

    if saved is not None:
        files, overview, diagnostics = saved

        def system_source() -> System:
            """The saved System; analysed again should it have gone or gone bad since (only speed is lost)."""
            system = cache.system(key)
            if system is None:
                system = saved_when_asked(analyse()[1])
            if not notes and cache.unwritable:  # analysed again, and the cache could not be written this time
                notes.append(_unwritable_note(cache.unwritable))
                overview.notes.extend(notes)
            system.notes.extend(note for note in notes if note not in system.notes)
            return system

    else:
        files, system, overview, diagnostics = analyse()
        system_source = functools.partial(saved_when_asked, system) if whole_results else system
    if cache is not None and cache.unwritable:
        notes.append(_unwritable_note(cache.unwritable))
        overview.notes.extend(notes)
        if saved is None:  # a saved System gets the notes when it is loaded (`system_source`)
            system.notes.extend(notes)
    if found.explicit is not None:
        shown = {display_path(Path(name)) for name in found.explicit}
        diagnostics = [d for d in diagnostics if d.location.path in shown]
    return LintResult(
        root=root,
        files=files,
        system_source=system_source,
        overview=overview,
        diagnostics=diagnostics,
        config=config,
        missing=found.missing,
        rules=rules,
        unsaved=unsaved,
    )


def _unwritable_note(why: str) -> str:
    return f"the cache could not be written ({why}); msglint ran without it (`--no-cache` skips it)"


@dataclass(frozen=True)
class Unsaved:
    """Text that stands for the file at `path` (an editor's buffer on stdin)."""

    path: Path
    data: bytes


def _excluded(path: Path, root: Path, config: Config) -> bool:
    """Left out as the file on disk would be: a named file is, only with --force-exclude."""
    return config.force_exclude and IgnoreRules(root, config).excluded_here_or_above(path.resolve())


def _with_unsaved(found: Found, path: Path, excluded: bool) -> Found:
    """The unsaved file is read, and reported on alone, even when nothing is on disk at its path yet."""
    wanted = os.path.abspath(path)
    if excluded:
        return Found([n for n in found.names if os.path.abspath(n) != wanted], [], found.missing)
    name = next((n for n in found.names if os.path.abspath(n) == wanted), str(path))
    names = found.names if name in found.names else [*found.names, name]
    missing = [m for m in found.missing if os.path.abspath(m) != wanted]
    return Found(names, [name], missing)


def _with_inventories(found: Found, inventories: Collection[Path]) -> Found:
    """The files found, and the inventory files named besides (once, also when the walk found them too)."""
    seen = {os.path.abspath(name) for name in found.names}
    extra = [str(p) for p in inventories if os.path.abspath(p) not in seen and not seen.add(os.path.abspath(p))]
    return Found([*found.names, *extra], found.explicit, found.missing)


@dataclass
class Found:
    """The files to read, as text (a run that reuses its whole result never needs more)."""

    names: list[str]
    explicit: list[str] | None  # only report findings located in these files
    missing: list[str]


def find_files(paths: list[Path], config: Config, cache: FactsCache | None) -> Found:
    """The files under `paths`: walked, or as the last walk found them when no folder it listed changed."""
    extensions = sorted({ext for reader in READERS for ext in reader.extensions})
    exclusions = (config.exclude, config.extend_exclude, config.respect_gitignore, config.force_exclude)
    key = repr(([os.path.abspath(p) for p in paths], [str(p) for p in paths], exclusions, extensions))
    listed = cache.listing(key) if cache is not None else None
    if listed is not None:
        return Found(*listed)
    if cache is not None:
        cache.make_folder()  # before the walk: making it later would change the folder the walk just listed
    discovery = discover(paths, config, frozenset(extensions))
    explicit = sorted(discovery.explicit) if discovery.explicit is not None else None
    found = Found(discovery.files, explicit, discovery.missing)
    if cache is not None:
        cache.save_listing(key, (found.names, found.explicit, found.missing), discovery.read)
    return found


PARALLEL_FROM = 300  # below this many files to read, starting worker processes costs more than it saves
# Reading a file takes at most this many bytes of memory per byte of it (Python's ast at one token a byte is
# the worst; the readers refuse what they estimate to be over the budget). A file whose size times this
# exceeds the budget is read in a process whose memory is limited, whatever the number of files.
MEMORY_PER_BYTE = 800

ToRead = tuple[str, Stamp]  # a file's name (a Path costs more memory than its text, in 100,000s of files)
Read = tuple[FileFacts | None, str | None]  # a file's facts, and why they could not be cached
_NOTHING: Read = (None, None)  # no reader claimed the file


def _cacheable(rules: tuple[type[Rule], ...]) -> bool:
    """A whole result is reused only when every rule is msglint's own: a plugin may change without notice."""
    return all(rule.__module__.startswith("msglint.rules.") for rule in rules)


def read_all(
    files: list[str],
    stamps: list[tuple[str, Stamp]],
    root: Path,
    settings: ReadSettings,
    cache: FactsCache | None,
    jobs: int | None,
    debug: bool,
    progress: Callable[[int, int], None] | None = None,
    unsaved: Unsaved | None = None,
    memo: FactsMemo | None = None,
) -> list[FileFacts]:
    """Every file's facts, from the cache where the file did not change, else read (in parallel when many).
    The cache is saved before any reader's link step changes the facts. The `unsaved` file is read from its
    text and kept out of the cache, whose entry describes the file on disk. With a `memo`, files it holds are
    not looked up in the cache, and the run links copies of the facts it keeps. With a cache, a file's stamp
    that is None in `stamps` is taken where the file is read, and filled in."""
    found: dict[str, FileFacts | None] = {}
    to_read: list[ToRead] = []
    if memo is not None and memo.holds(settings):
        cache = None  # all but the changed files are in memory: reading those costs less than loading the cache
    typed = os.path.abspath(unsaved.path) if unsaved is not None else None
    for path, (_, current) in zip(files, stamps, strict=True):
        if typed is not None and os.path.abspath(path) == typed:
            found[path] = _read_unsaved(unsaved, root, settings, debug)
            continue
        hit, facts = memo.recall(path, current, settings) if memo is not None else (False, None)
        if not hit and cache is not None:
            hit, facts = cache.get(path, current)
        if hit:
            found[path] = facts
        else:
            to_read.append((path, current))
    appender = cache.appender({path for path, _ in to_read}) if cache is not None and to_read else None
    if appender is not None and _in_workers(len(to_read), jobs, debug) and can_fork():
        read, taken = _read_then_write_later(to_read, root, settings, jobs, progress or _silent, cache, appender)
        if any(current is None for _, current in to_read):
            _fill_in(stamps, taken)
    else:
        if cache is not None and any(current is None for _, current in to_read):
            to_read = [(path, current or stamp(path)) for path, current in to_read]
            _fill_in(stamps, dict(to_read))
        read = _read_many(to_read, root, settings, jobs, debug, progress or _silent, appender)
    for (path, _), (facts, not_stored) in zip(to_read, read, strict=True):
        found[path] = facts
        if cache is not None:
            cache.cannot_write(not_stored)
    if cache is not None:
        cache.save()
    if memo is not None:
        on_disk = [(p, current, found[p]) for p, (_, current) in zip(files, stamps, strict=True)]
        memo.keep(settings, [item for item in on_disk if typed is None or os.path.abspath(item[0]) != typed])
        return [working_copy(facts) for facts in (found[path] for path in files) if facts is not None]
    return [facts for facts in (found[path] for path in files) if facts is not None]


def _read_unsaved(unsaved: Unsaved, root: Path, settings: ReadSettings, debug: bool) -> FileFacts | None:
    """Read as the same bytes on disk would be: when large, in a process of its own limited to the budget. Read
    now, never postponed: a reader that postpones a file reads it from disk later, where this text is not."""
    settings = replace(settings, postpone=False)
    read = functools.partial(_read_given, data=unsaved.data, root=root, settings=settings, debug=debug)
    item: ToRead = (str(unsaved.path), (len(unsaved.data), 0))
    if not debug and _large([item], settings):
        died = functools.partial(_died, budget_mb=settings.memory_budget_mb)
        try:
            return read_alone(item, read, died, settings.memory_budget_mb)[0]
        except NoWorkers:
            pass
    return read(item)[0]


def _read_given(item: ToRead, data: bytes, root: Path, settings: ReadSettings, debug: bool) -> Read:
    return read_file(Path(item[0]), data, root, settings, debug), None


def _silent(done: int, total: int) -> None:
    pass


def _read_many(
    to_read: list[ToRead],
    root: Path,
    settings: ReadSettings,
    jobs: int | None,
    debug: bool,
    progress: Callable[[int, int], None],
    appender: Appender | None,
) -> list[Read]:
    """Read in worker processes whose memory is limited (many files), else here, with any file large
    enough to need more than the memory budget read in a limited process of its own. With an `appender`,
    each file's cache line is written where the file was read, in parallel."""
    read = functools.partial(_read_item, root=root, settings=settings, debug=debug, encode=appender is not None)
    store = functools.partial(_store_lines, appender=appender) if appender is not None else _as_read
    budget = settings.memory_budget_mb
    died = functools.partial(_died, budget_mb=budget)
    try:
        if debug:
            return _read_here(to_read, read, progress, store=store)
        if _in_workers(len(to_read), jobs, debug):
            return read_in_workers(to_read, read, died, _workers(jobs), budget, progress, store)
        isolate = _large(to_read, settings)
        return _read_here(to_read, read, progress, isolate=isolate, died=died, budget_mb=budget, store=store)
    except NoWorkers:  # no processes here (a sandbox): read them in this one
        return _read_here(to_read, read, progress, store=store)


def _fill_in(stamps: list[tuple[str, Stamp]], taken: dict[str, Stamp]) -> None:
    for number, (path, current) in enumerate(stamps):
        if current is None and path in taken:
            stamps[number] = (path, taken[path])


def _workers(jobs: int | None) -> int:
    return min(jobs or os.cpu_count() or 1, 16)


def _in_workers(files: int, jobs: int | None, debug: bool) -> bool:
    """Whether so many files are read in worker processes."""
    return not debug and _workers(jobs) > 1 and files >= PARALLEL_FROM


def _read_then_write_later(
    to_read: list[ToRead],
    root: Path,
    settings: ReadSettings,
    jobs: int | None,
    progress: Callable[[int, int], None],
    cache: FactsCache,
    appender: Appender,
) -> tuple[list[Read], dict[str, Stamp]]:
    """Read in workers that only digest each file (and stamp it, when its stamp was not taken); the cache lines
    are encoded and written by a copy of this process forked once all is read, on the cores the workers leave
    free while this one links and judges (`FactsCache.write_later`): the first run with an empty cache then
    costs little more than a run without. Each file's facts, and the stamps the workers took."""
    budget = settings.memory_budget_mb
    read = functools.partial(_read_digested, root=root, settings=settings)
    died = functools.partial(_died_unwritten, budget_mb=budget)
    try:
        digested = read_in_workers(to_read, read, died, _workers(jobs), budget, progress)
    except NoWorkers:  # no processes here (a sandbox): read in this one, each chunk's lines written as it goes
        stamped = [(path, current or stamp(path)) for path, current in to_read]
        return _read_many(stamped, root, settings, 1, False, progress, appender), dict(stamped)
    lines = []
    taken = {}
    for (path, current), (facts, digest, when_read) in zip(to_read, digested, strict=True):
        current = current or when_read
        taken[path] = current
        if digest is not _NO_LINE:
            lines.append((path, current, digest, facts))
    cache.write_later(appender, lines)
    return [_settled(facts, None) for facts, _, _ in digested], taken


_NO_LINE = False  # in a digest's place: the file could not be read, so it gets no cache line (it is tried again)
# a file's facts, its digest (None: no reader wants it) and the stamp taken as it was read (None: it was not)
Digested = tuple[FileFacts | None, bytes | bool | None, Stamp]


def _read_digested(item: ToRead, root: Path, settings: ReadSettings) -> Digested:
    path, current = item
    facts, data, when_read = _read_one(path, root, settings, False)
    if data is None:
        return facts, _NO_LINE, None
    return facts, _digest(facts, data), None if current is not None else when_read  # not sent back when known


def _died_unwritten(item: ToRead, why: str, budget_mb: int) -> Digested:
    return _died(item, why, budget_mb)[0], _NO_LINE, None


def _large(to_read: list[ToRead], settings: ReadSettings) -> set[str]:
    """Files big enough that reading them might take more than the memory budget."""
    most = settings.memory_budget_mb * 2**20 // MEMORY_PER_BYTE
    sizes = ((path, current or stamp(path)) for path, current in to_read)  # not stamped without a cache
    return {path for path, current in sizes if current is not None and current[0] > most}


def _read_here(
    to_read: list[ToRead],
    read: Callable[[ToRead], Read],
    progress: Callable[[int, int], None],
    isolate: Collection[str] = (),
    died: Callable[[ToRead, str], Read] | None = None,
    budget_mb: int = 0,
    store: Callable[[list[Read]], list[Read]] | None = None,
) -> list[Read]:
    found = []
    for start in range(0, len(to_read), CHUNK):
        chunk = []
        with collection_paused():
            for number, item in enumerate(to_read[start : start + CHUNK], start=start + 1):
                if item[0] in isolate and died is not None:
                    chunk.append(read_alone(item, read, died, budget_mb))
                else:
                    chunk.append(read(item))
                if number % 50 == 0:
                    progress(number, len(to_read))
        found.extend(store(chunk) if store is not None else chunk)
    return found


def _died(item: ToRead, why: str, budget_mb: int) -> Read:
    message = f"the process reading this file died ({why}; msglint's memory budget is {budget_mb} MB); it was skipped"
    return _unreadable(display_path(Path(item[0])), message), None


class _Unwritten(str):
    """A file's cache line, until its chunk's lines are written together (`_store_lines`)."""


def _read_item(item: ToRead, root: Path, settings: ReadSettings, debug: bool, encode: bool) -> Read:
    """The file's facts, and its cache line when `encode` (an unreadable file has none: it is tried again) or
    why it cannot have one."""
    path, current = item
    facts, data, _ = _read_one(path, root, settings, debug)
    if not encode or data is None:
        return _NOTHING if facts is None else (facts, None)
    line, problem = encode_entry(path, current, _digest(facts, data), facts)
    return facts, _Unwritten(line) if line is not None else problem


def _digest(facts: FileFacts | None, data: bytes) -> bytes | None:
    # a file no reader wants has no digest: should its stamp change, it is read again, which costs little
    return digest_of(data) if facts is not None else None


def _store_lines(found: list[Read], appender: Appender) -> list[Read]:
    """Write the cache lines of a chunk of files in one append, where they were read; each file's facts, and why
    its line could not be written."""
    lines = [stored for _, stored in found if isinstance(stored, _Unwritten)]
    not_stored = appender.append(lines) if lines else None
    return [_settled(facts, not_stored if isinstance(stored, _Unwritten) else stored) for facts, stored in found]


def _settled(facts: FileFacts | None, not_stored: str | None) -> Read:
    # most files of a large run are claimed by no reader: one object for all of them, however they travel
    return _NOTHING if facts is None and not_stored is None else (facts, not_stored)


def _as_read(found: list[Read]) -> list[Read]:
    return found


def _read_one(
    path: str, root: Path, settings: ReadSettings, debug: bool
) -> tuple[FileFacts | None, bytes | None, Stamp]:
    """The file's facts, the bytes they were read from and its stamp before it was read (None, None when it could
    not be read)."""
    try:
        data, stamped = read_regular_file_stamped(path)  # swapped for a pipe since it was found: never wait on it
    except OSError as error:
        return _unreadable(display_path(path), f"cannot open the file: {error.strerror or error}"), None, None
    return read_file(path, data, root, settings, debug), data, stamped


def read_file(
    path: Path | str, data: bytes, root: Path, settings: ReadSettings, debug: bool = False
) -> FileFacts | None:
    """Read one file's bytes with the first reader that claims it; None when no reader does."""
    reader = _reader_for(path, _relative_posix(path, root), data, settings)
    if reader is None:
        return None
    shown = display_path(path)  # only for the files a reader claims: most of a large repository's are not
    try:
        return reader.read(shown, data, settings)
    except MemoryError:
        if debug:
            raise
        # the finding is made below: until this block ends, the exception holds on to what filled the memory
    except Exception as error:  # a reader bug must not hide the rest of the repository
        if debug:
            raise
        if not reached_memory_limit():
            return _unreadable(
                shown,
                f"msglint's {reader.name} reader failed on this file "
                f"({type(error).__name__}: {error}); run with --debug and report it",
            )
    return _unreadable(
        shown,
        f"reading this file took more memory than msglint's budget ({settings.memory_budget_mb} MB); it was "
        "skipped (`memory-budget-mb` in the configuration raises the budget)",
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


def _reader_for(path: Path | str, relative: str, data: bytes, settings: ReadSettings) -> Reader | None:
    suffix = os.path.splitext(path)[1].lower()
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


def display_path(path: Path | str) -> str:
    """Relative to the working directory when inside it (what editors and CI expect), else absolute."""
    text = os.fspath(path)
    if _plain_absolute(text):  # what discovery gives: string work only, once per file of a run
        return _posix(_below(text, str(_resolved(os.getcwd()))))
    absolute = Path(text).resolve() if not os.path.isabs(text) else Path(text)
    try:
        return absolute.relative_to(_resolved(os.getcwd())).as_posix()
    except ValueError:
        return absolute.as_posix()


def _plain_absolute(path: str) -> bool:
    """Absolute, and already as Path would spell it (no `.`, `..`, doubled or trailing separator)."""
    if not os.path.isabs(path) or path.startswith("//"):
        return False
    if os.sep == "/" and "//" not in path and "/." not in path and not path.endswith("/"):
        return True  # nothing normpath would change (most paths: no work)
    return os.path.normpath(path) == path


def _below(path: str, folder: str) -> str:
    """`path` relative to `folder` when inside it, else unchanged (string work: once per file of a run)."""
    if path == folder:
        return "."
    prefix = folder if folder.endswith(os.sep) else folder + os.sep
    return path[len(prefix) :] if path.startswith(prefix) else path


def _posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


@functools.lru_cache(maxsize=8)
def _resolved(folder: str) -> Path:
    """The working directory with its links resolved, once per directory rather than once per file."""
    return Path(folder).resolve()


def _relative_posix(path: Path | str, root: Path) -> str:
    text, folder = os.fspath(path), os.fspath(root)
    if _plain_absolute(text) and _plain_absolute(folder):
        return _posix(_below(text, folder))
    try:
        return Path(text).relative_to(root).as_posix()
    except ValueError:
        return Path(text).as_posix()


__all__ = ["LintResult", "lint", "rule_names", "run_rules"]
