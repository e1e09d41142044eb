"""The facts msglint reasons about.

Readers turn files into :class:`FileFacts`; the engine merges them into one :class:`System`; rules look
at the System and yield :class:`Diagnostic` objects. This module imports nothing of msglint's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from enum import Enum, IntEnum


class Kind(str, Enum):
    COMMAND = "command"
    EVENT = "event"
    QUERY = "query"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return self.value


class Strength(IntEnum):
    """How much a piece of evidence for a kind is worth; the strongest evidence decides."""

    NAME = 1  # the grammar of the name alone
    TOPOLOGY = 2  # how the message is sent and received
    CONVENTION = 3  # a module, channel segment, suffix or list that implies the kind
    DECLARED = 4  # a base class, tag, folder or field that states the kind

    @property
    def label(self) -> str:
        return self.name.lower()


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}: use error, warning or info") from None


class EmitMode(str, Enum):
    SEND = "send"  # point to point, to one intended receiver
    PUBLISH = "publish"  # broadcast to whoever subscribes
    UNKNOWN = "unknown"


class ReceiveMode(str, Enum):
    HANDLE = "handle"  # the receiver owns the message (command semantics)
    SUBSCRIBE = "subscribe"  # the receiver reacts to a broadcast (event semantics)
    REPLY = "reply"  # the receiver gets it as the answer to its own request: not a handler of it
    UNKNOWN = "unknown"


# The evidence source that marks a reply: an answer to a request is neither a command nor an event, so
# resolution gives it no kind from names or topology, and no naming or topology rule judges it.
REPLY_SOURCE = "reply"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file: 1-based lines and columns."""

    path: str
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    repository: str | None = None  # the repository the file is in, when it is not the one being checked

    def __str__(self) -> str:
        return f"{self.where}:{self.line}:{self.column}"

    @property
    def where(self) -> str:
        """The file as reports name it: `repo:path` in another repository, else the path."""
        return f"{self.repository}:{self.path}" if self.repository else self.path


@dataclass(frozen=True)
class Evidence:
    """One reason to believe a message is of some kind."""

    kind: Kind
    source: str  # machine-readable origin, e.g. "catalog-kind", "catalog-list", "topology", "name"
    detail: str  # human-readable, e.g. "declared `kind: event` in the catalog"
    strength: Strength
    location: Location | None = None


@dataclass(frozen=True)
class Declaration:
    """A place where a message is defined (a catalog entry, a class, a components entry)."""

    key: str
    name: str
    location: Location
    source: str
    description: str | None = None
    owner: str | None = None
    fields: tuple[str, ...] = ()
    named: bool = True  # False when the "name" is only where the message travels (a channel address)


@dataclass(frozen=True)
class Handler:
    """Something that consumes a message. `component` is the unit that counts as one logical handler."""

    message_key: str
    message_name: str
    component: str
    location: Location
    source: str
    mode: ReceiveMode = ReceiveMode.UNKNOWN
    framework: str | None = None
    channel: str | None = None  # the channel or topic it receives from, when known
    rejections: tuple[str, ...] = ()  # exceptions the handler raises that read as refusing the message
    actions: tuple[str, ...] = ()  # what the handler's body calls (`send_reset_link`), when the reader knows
    # True when the framework composes several handlers of one message into one on purpose (each module's
    # handler of a command runs as part of one handling), so several of them are not several owners
    composed: bool = False


@dataclass(frozen=True)
class Emission:
    """Something that sends or publishes a message."""

    message_key: str
    message_name: str
    component: str
    location: Location
    source: str
    mode: EmitMode = EmitMode.UNKNOWN
    channel: str | None = None  # the channel or topic it emits into, when known
    origin: str | None = None  # the function or method it is emitted from, when the reader knows
    # it passes on a fact another component owns (a relay, an operation marked as a client of the contract)
    forwards: bool = False


@dataclass(frozen=True)
class Unresolved:
    """A use a reader saw but could not tie to a message: a dispatch of a value whose type it cannot know,
    a registry filled at run time, a task called by a computed name. Unknown is not absent: no rule may
    conclude "no handler" or "a single subscriber" for a message such a use could reach."""

    role: str  # "receive" (messages may be delivered to handlers here) or "emit" (a message is sent here)
    detail: str  # what was seen, e.g. "getattr(self, f'handle_{name}')"
    location: Location
    message_keys: tuple[str, ...] = ()  # the messages it may concern; empty: any message

    def may_reach(self, key: str) -> bool:
        return not self.message_keys or key in self.message_keys


@dataclass(frozen=True)
class Suppression:
    """An instruction to drop findings: for one message, for a span of lines, or for a whole file."""

    codes: tuple[str, ...]  # rule codes or slugs, as written
    location: Location  # where the suppression is written
    message_key: str | None = None  # findings about this message
    span: tuple[int, int] | None = None  # findings located in these lines of location.path
    whole_file: bool = False
    code_locations: tuple[Location, ...] = ()  # where each code is written, when the reader knows
    every_rule: bool = False  # a bare `# msglint: ignore` or `# noqa`: findings of any rule (codes is empty)
    # written as `# noqa`, a comment other linters read too: codes that name no msglint rule are theirs, and a
    # bare one is never reported as unused
    shared: bool = False

    def only(self, keep: Callable[[str], bool]) -> Suppression | None:
        """This suppression with just the codes `keep` accepts (and their places), or None if none is left.
        A suppression of every rule has no codes to choose from and is kept whole."""
        if self.every_rule:
            return self
        located = len(self.code_locations) == len(self.codes)
        kept = [i for i, code in enumerate(self.codes) if keep(code)]
        if not kept:
            return None
        return replace(
            self,
            codes=tuple(self.codes[i] for i in kept),
            code_locations=tuple(self.code_locations[i] for i in kept) if located else (),
        )

    @property
    def first_location(self) -> Location:
        """Where its first code is written, else where the suppression is."""
        return self.code_locations[0] if self.code_locations else self.location


@dataclass(frozen=True)
class InputProblem:
    """A problem with an input file itself. Readers report these; rules turn them into findings."""

    problem: str  # "invalid-input" or "unresolved-reference"
    message: str
    location: Location
    severity: Severity | None = None  # None: the rule's default


@dataclass(frozen=True)
class Reference:
    """A name a file relies on being defined somewhere in the system (checked after merging)."""

    target: str  # "message" or "service"
    name: str
    location: Location
    key: str = ""  # the message key, for message references


@dataclass(frozen=True)
class Service:
    name: str
    location: Location
    description: str | None = None
    source: str = ""  # the reader that defined it; catalogs must define each service once


@dataclass(frozen=True)
class Repository:
    """Another repository whose facts came in through its inventory (`msglint inventory`)."""

    name: str
    url: str | None = None


@dataclass
class FileFacts:
    """Everything one reader learned from one file. Plain data, so it can be cached and passed between processes."""

    path: str
    reader: str
    declarations: list[Declaration] = field(default_factory=list)
    evidence: list[tuple[str, Evidence]] = field(default_factory=list)  # (message key, evidence)
    handlers: list[Handler] = field(default_factory=list)
    emissions: list[Emission] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the file was read, worth telling the user once
    unresolved: list[Unresolved] = field(default_factory=list)
    dependencies: list[str] = field(default_factory=list)  # other files whose content these facts include
    extra: dict = field(default_factory=dict)  # reader-specific data kept for the reader's link step
    repository: Repository | None = None  # set when the facts are another repository's (an inventory)
    # contract file -> the service it describes (an EventCatalog page's `specifications`, older versions' too):
    # that contract's senders and receivers are this service, whatever name the contract gives itself
    described: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Message:
    key: str
    name: str
    declarations: list[Declaration] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    kind: Kind = Kind.UNKNOWN
    kind_strength: Strength | None = None
    owner: str | None = None

    @property
    def location(self) -> Location | None:
        """Where the message is best pointed at: its first declaration, else its first evidence."""
        if self.declarations:
            return self.declarations[0].location
        for item in self.evidence:
            if item.location is not None:
                return item.location
        return None

    def kind_evidence(self) -> list[Evidence]:
        """The evidence that decided the kind (all items at the winning strength that agree with it)."""
        return [e for e in self.evidence if e.strength == self.kind_strength and e.kind == self.kind]

    def is_stated(self, kind: Kind) -> bool:
        """True when the message is of `kind` by declaration or convention, not by topology or name."""
        return self.kind == kind and self.kind_strength is not None and self.kind_strength >= Strength.CONVENTION

    def is_known(self, kind: Kind) -> bool:
        """True when the message is of `kind` on any evidence stronger than its name alone."""
        return self.kind == kind and self.kind_strength is not None and self.kind_strength > Strength.NAME

    @property
    def description(self) -> str | None:
        return next((d.description for d in self.declarations if d.description), None)

    @property
    def fields(self) -> tuple[str, ...]:
        return next((d.fields for d in self.declarations if d.fields), ())


@dataclass
class Overview:
    """What a report that lists only findings needs of a System: its size, its notes and the first of its
    unresolved uses. Saved beside a whole result, so that such a report never loads the System itself."""

    messages: int = 0
    services: int = 0
    components: int = 0  # of the code that handles and sends
    notes: list[str] = field(default_factory=list)
    unresolved_receives: int = 0
    first_unresolved_receive: Unresolved | None = None
    unresolved_emits: int = 0
    first_unresolved_emit: Unresolved | None = None
    repositories: dict[str, str | None] = field(default_factory=dict)  # other repositories read: name -> URL


@dataclass
class System:
    """Every message, handler and emission found in the analysed project."""

    messages: dict[str, Message] = field(default_factory=dict)
    handlers: list[Handler] = field(default_factory=list)
    emissions: list[Emission] = field(default_factory=list)
    services: dict[str, Service] = field(default_factory=dict)
    problems: list[InputProblem] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    repositories: dict[str, str | None] = field(default_factory=dict)  # other repositories read: name -> URL
    # "organisation" when the check covers every repository that could send or receive a message (rules about
    # what nothing sends or consumes need that), else "repository"
    scope: str = "repository"
    selected: tuple[str, ...] = ()  # the rule codes the configuration or command line selected by name

    def overview(self) -> Overview:
        receives = [u for u in self.unresolved if u.role == "receive"]
        emits = [u for u in self.unresolved if u.role == "emit"]
        return Overview(
            messages=len(self.messages),
            services=len(self.services),
            components=len({h.component for h in self.handlers} | {e.component for e in self.emissions}),
            notes=list(self.notes),
            unresolved_receives=len(receives),
            first_unresolved_receive=receives[0] if receives else None,
            unresolved_emits=len(emits),
            first_unresolved_emit=emits[0] if emits else None,
            repositories=dict(self.repositories),
        )

    def unseen_receivers(self, key: str) -> list[Unresolved]:
        """Places that may deliver the message to handlers nobody could read: with any of them, "no handler"
        and "a single subscriber" are not known."""
        return [u for u in self.unresolved if u.role == "receive" and u.may_reach(key)]

    def unseen_senders(self, key: str) -> list[Unresolved]:
        """Sends of values nobody could name that may be this message: with any of them, "nothing sends it" is
        not known."""
        return [u for u in self.unresolved if u.role == "emit" and u.may_reach(key)]

    def handlers_of(self, key: str) -> list[Handler]:
        """Who handles or subscribes to the message; a requester receiving its reply does not count."""
        return [h for h in self.receivers_of(key) if h.mode != ReceiveMode.REPLY]

    def receivers_of(self, key: str) -> list[Handler]:
        """Everything that receives the message, reply receivers included (for the inventory)."""
        return self._index(self.handlers).get(key, [])

    def emissions_of(self, key: str) -> list[Emission]:
        return self._index(self.emissions).get(key, [])

    def _index(self, uses: list) -> dict[str, list]:
        """Uses by message key, built once per list and rebuilt when the list changed: every rule asks about
        every message, and a scan per question would make a large system quadratic."""
        cache = self.__dict__.setdefault("_indexes", {})
        known = cache.get(id(uses))
        if known is None or known[0] != len(uses) or known[1] is not uses:
            index: dict[str, list] = {}
            for use in uses:
                index.setdefault(use.message_key, []).append(use)
            known = cache[id(uses)] = (len(uses), uses, index)
        return known[2]

    def handling_components(self, key: str) -> list[str]:
        return distinct(h.component for h in self.handlers_of(key))

    def emitting_components(self, key: str) -> list[str]:
        return distinct(e.component for e in self.emissions_of(key))

    def iter_messages(self) -> Iterator[Message]:
        return iter(sorted(self.messages.values(), key=lambda m: m.key))


@dataclass(frozen=True)
class Related:
    """Another place that takes part in a finding (the other handler, the other publisher)."""

    location: Location
    note: str


@dataclass
class Diagnostic:
    code: str
    slug: str
    severity: Severity
    message: str
    location: Location
    message_key: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    suggestion: str | None = None
    heuristic: bool = False
    signals: list[str] = field(default_factory=list)

    def sort_key(self) -> tuple:
        place = self.location
        return (place.repository or "", place.path, place.line, place.column, self.code, self.message)


def distinct(items: Iterable[str]) -> list[str]:
    """The items in first-seen order, each once."""
    return list(dict.fromkeys(items))
