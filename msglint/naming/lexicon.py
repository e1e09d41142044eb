"""The word lexicon: WordNet 3.0 counts shipped as data, plus msglint's own curated lists.

WordNet says which words can be verbs, nouns and adjectives and how often each sense was seen; it
cannot say which reading a message name means. The curated lists settle that for the words that
matter most in message names.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import NamedTuple


class Entry(NamedTuple):  # not a dataclass: quicker to create at start-up
    verb: int  # tagged senses as a verb; 0 = a verb that was never tagged; -1 = not a verb
    noun: int
    adjective: int
    base: str  # for irregular inflected forms: the verb's base form

    @property
    def is_verb(self) -> bool:
        return self.verb >= 0

    @property
    def is_noun(self) -> bool:
        return self.noun >= 0


@lru_cache(maxsize=1)
def _table_text() -> str:
    """The lexicon as one string, a newline first, so that every word is found as `\\nword\\t`."""
    return "\n" + resources.files("msglint.naming").joinpath("data/lexicon.tsv").read_text(encoding="utf-8")


def _parsed(line: str) -> Entry:
    _, verb, noun, adjective, base = line.split("\t")
    return Entry(int(verb), int(noun), int(adjective), base)


@lru_cache(maxsize=1)
def entries() -> dict[str, Entry]:
    """Every word of the lexicon (for scripts; the analysis looks words up one by one with `entry`)."""
    lines = _table_text().splitlines()
    return {line.split("\t", 1)[0]: _parsed(line) for line in lines if line and not line.startswith("#")}


# Words looked up by searching the text before the whole table is built: a search costs 0.1 ms, the table
# 30 ms, more than the whole answer of `msglint name`; a check of thousands of names wants the table.
_SEARCHES_BEFORE_TABLE = 200
_searches = 0


@lru_cache(maxsize=65536)
def entry(word: str) -> Entry | None:
    """One word's entry: searched in the text for the first few words, then from the table of every word."""
    global _searches
    if not word or "\t" in word or "\n" in word:
        return None
    if _searches >= _SEARCHES_BEFORE_TABLE:
        found = entries().get(word)
        return found if found is not None else _derived(word)
    _searches += 1
    text = _table_text()
    start = text.find(f"\n{word}\t")
    if start < 0:
        return _derived(word)
    end = text.find("\n", start + 1)
    return _parsed(text[start + 1 : end if end >= 0 else len(text)])


# British -ise spellings made from an adjective or a noun (`finalise`, `anonymise`, `prioritise`), unlike the
# nouns `enterprise` or `expertise`.
_PRODUCTIVE_ISE = ("alise", "ilise", "arise", "orise", "erise", "ymise", "onise", "imise", "icise", "ogise", "itise")


def _derived(word: str) -> Entry | None:
    """A verb WordNet 3.0 does not list, known by its ending or as a verb of software (`anonymize`, `tokenise`,
    `gamify`, `upsert`): a verb never tagged, as WordNet counts its rarer verbs."""
    if word in NEWER_VERBS:
        return Entry(0, 0, -1, "")
    if word in SOFTWARE_VERBS:
        return Entry(0, -1, -1, "")
    if len(word) >= 6 and (word.endswith(("ize", "ify")) or word.endswith(_PRODUCTIVE_ISE)):
        return Entry(0, -1, -1, "")
    return None


# Verbs of software and of the web that WordNet 3.0 (2006) does not know as verbs: also nouns, so they lead a
# name only as weaker readings (`BookmarkArticle` may be an order).
NEWER_VERBS = frozenset(
    ["bookmark", "waitlist", "geocode", "geotag", "geofence", "greenlight", "escrow", "upsert", "thumbnail"]
    + ["tweet", "retweet", "unfriend", "favorite", "favourite", "unfavorite", "unfavourite", "whitelist"]
    + ["blacklist", "allowlist", "denylist", "blocklist", "timestamp", "checksum", "dedupe", "dedup", "screenshot"]
    + ["livestream", "text", "sms"]
)
# Verbs of software that WordNet 3.0 does not know and that are no nouns: they lead a name (`enqueue_retry`).
SOFTWARE_VERBS = frozenset(["enqueue", "dequeue", "requeue"])
# Verbs made of a prefix and a verb (`unarchive`, `upvote`, `onboard`) are found by msglint.naming.inflect.

# Common command verbs. A first word that is both a noun and a verb counts as a verb only when it is here
# (`ChangeOrderStatus` is an order, `OrderDetails` is not).
COMMAND_VERBS = frozenset(
    [
        "accept",
        "activate",
        "add",
        "allocate",
        "allow",
        "answer",
        "apply",
        "approve",
        "archive",
        "assign",
        "authorize",
        "authenticate",
        "bill",
        "block",
        "book",
        "calculate",
        "cancel",
        "capture",
        "change",
        "charge",
        "check",
        "claim",
        "clean",
        "clear",
        "click",
        "close",
        "commit",
        "complete",
        "confirm",
        "connect",
        "copy",
        "count",
        "create",
        "deactivate",
        "decrement",
        "decline",
        "delete",
        "deliver",
        "deny",
        "deposit",
        "disable",
        "disconnect",
        "dispatch",
        "download",
        "drop",
        "edit",
        "enable",
        "enroll",
        "escalate",
        "export",
        "fail",
        "fetch",
        "filter",
        "find",
        "flag",
        "flush",
        "follow",
        "forward",
        "generate",
        "get",
        "grant",
        "handle",
        "hold",
        "import",
        "increment",
        "index",
        "insert",
        "invite",
        "issue",
        "join",
        "label",
        "leave",
        "link",
        "list",
        "load",
        "lock",
        "log",
        "mark",
        "match",
        "merge",
        "modify",
        "move",
        "notify",
        "open",
        "pack",
        "patch",
        "pay",
        "pick",
        "place",
        "post",
        "print",
        "process",
        "publish",
        "purge",
        "put",
        "rate",
        "read",
        "rebuild",
        "record",
        "redeem",
        "refresh",
        "refund",
        "register",
        "reindex",
        "reject",
        "release",
        "reload",
        "remove",
        "rename",
        "renew",
        "reopen",
        "replace",
        "reply",
        "request",
        "reschedule",
        "reserve",
        "reset",
        "resolve",
        "restock",
        "restore",
        "resume",
        "retry",
        "return",
        "review",
        "revoke",
        "route",
        "run",
        "save",
        "schedule",
        "search",
        "send",
        "set",
        "settle",
        "share",
        "ship",
        "sign",
        "sort",
        "split",
        "start",
        "stop",
        "store",
        "submit",
        "subscribe",
        "suspend",
        "tag",
        "test",
        "track",
        "transfer",
        "trigger",
        "unblock",
        "unfollow",
        "unlink",
        "unlock",
        "unsubscribe",
        "update",
        "upgrade",
        "upload",
        "upsert",
        "validate",
        "verify",
        "void",
        "vote",
        "wait",
        "withdraw",
        "monitor",
        "pause",
        "discard",
        "estimate",
        "report",
        "plan",
    ]
)

# Adjectives that name a state at the end of a name (`OrderComplete`), not an action.
STATE_ADJECTIVES = frozenset(
    [
        "complete",
        "incomplete",
        "ready",
        "active",
        "inactive",
        "valid",
        "invalid",
        "available",
        "unavailable",
        "due",
        "overdue",
        "empty",
        "full",
        "done",
        "idle",
        "busy",
        "healthy",
        "unhealthy",
        "online",
        "offline",
        "stale",
    ]
)

# Words whose past participle is spelt like the base: past at the end of a name, base at the start.
SAME_FORM_PARTICIPLES = frozenset(
    [
        "read",
        "set",
        "put",
        "reset",
        "cut",
        "shut",
        "quit",
        "hit",
        "let",
        "cast",
        "broadcast",
        "forecast",
        "spread",
        "split",
        "upset",
        "bid",
        "outbid",
        "overbid",
        "rebid",
        "burst",
        "cost",
        "hurt",
        "preset",
        "rerun",
        "overrun",
    ]
)

# Irregular past participles that WordNet's exception list cannot tell apart from the simple past.
IRREGULAR_PARTICIPLES = {
    "be": "been",
    "bear": "borne",
    "beat": "beaten",
    "become": "become",
    "begin": "begun",
    "bend": "bent",
    "bind": "bound",
    "bite": "bitten",
    "bleed": "bled",
    "blow": "blown",
    "break": "broken",
    "bring": "brought",
    "build": "built",
    "buy": "bought",
    "catch": "caught",
    "choose": "chosen",
    "come": "come",
    "deal": "dealt",
    "do": "done",
    "draw": "drawn",
    "drink": "drunk",
    "drive": "driven",
    "eat": "eaten",
    "fall": "fallen",
    "feed": "fed",
    "feel": "felt",
    "fight": "fought",
    "flee": "fled",
    "find": "found",
    "fly": "flown",
    "forbid": "forbidden",
    "forget": "forgotten",
    "forgive": "forgiven",
    "freeze": "frozen",
    "get": "got",
    "give": "given",
    "go": "gone",
    "grow": "grown",
    "hang": "hung",
    "have": "had",
    "hear": "heard",
    "hide": "hidden",
    "hold": "held",
    "keep": "kept",
    "know": "known",
    "lay": "laid",
    "lead": "led",
    "leave": "left",
    "lend": "lent",
    "light": "lit",
    "lose": "lost",
    "make": "made",
    "mean": "meant",
    "meet": "met",
    "override": "overridden",
    "overwrite": "overwritten",
    "pay": "paid",
    "prove": "proven",
    "rebuild": "rebuilt",
    "redo": "redone",
    "resend": "resent",
    "rewrite": "rewritten",
    "ride": "ridden",
    "ring": "rung",
    "rise": "risen",
    "run": "run",
    "say": "said",
    "see": "seen",
    "seek": "sought",
    "sell": "sold",
    "send": "sent",
    "shake": "shaken",
    "shine": "shone",
    "shoot": "shot",
    "show": "shown",
    "sing": "sung",
    "sink": "sunk",
    "sit": "sat",
    "sleep": "slept",
    "speak": "spoken",
    "speed": "sped",
    "spend": "spent",
    "stand": "stood",
    "steal": "stolen",
    "stick": "stuck",
    "strike": "struck",
    "swear": "sworn",
    "sweep": "swept",
    "swim": "swum",
    "take": "taken",
    "teach": "taught",
    "tear": "torn",
    "tell": "told",
    "think": "thought",
    "throw": "thrown",
    "undo": "undone",
    "understand": "understood",
    "uphold": "upheld",
    "wake": "woken",
    "wear": "worn",
    "win": "won",
    "withdraw": "withdrawn",
    "withhold": "withheld",
    "write": "written",
}
IRREGULAR_BASES = {participle: base for base, participle in IRREGULAR_PARTICIPLES.items()}

# Words that end like an -ing or -ed verb form but are read as states or nouns in message names.
NOT_PROGRESSIVE = frozenset(
    [
        "pending",
        "missing",
        "outstanding",
        "existing",
        "remaining",
        "upcoming",
        "ongoing",
        "incoming",
        "outgoing",
        "trending",
        "blocking",
        "matching",
        "thing",
        "something",
        "nothing",
        "anything",
        "everything",
        "string",
        "ring",
        "king",
        "wing",
        "spring",
        "morning",
        "evening",
        "ceiling",
        "building",
        "during",
        # things, not activities: a `TeamMeeting` or a `ProductListing` is not going on
        "meeting",
        "listing",
        "booking",
        "wedding",
        "painting",
        "drawing",
        "setting",
        "settings",
        "heading",
        "offering",
        "posting",
        "holding",
        "holdings",
        "savings",
        "earnings",
        "ruling",
        "finding",
        "findings",
        "warning",
        "landing",
        "clothing",
        "opening",
        "filing",
        "ranking",
        "reading",
        "greeting",
        "wording",
        "housing",
        "lodging",
        "seating",
        "recording",
        "belongings",
        "surroundings",
        "proceedings",
        "bedding",
        "pudding",
    ]
)
# -ing words that name a trade or a function of a business, not something going on (`Shipping`, `Billing`).
ING_NOUNS = frozenset(
    ["shipping", "planning", "billing", "pricing", "onboarding", "offboarding", "marketing", "accounting"]
    + ["banking", "funding", "catering", "consulting", "engineering", "manufacturing", "training", "parking"]
    + ["ticketing", "invoicing", "licensing", "packaging", "lending", "hosting", "networking", "messaging"]
    + ["branding", "advertising", "recruiting", "staffing", "sourcing", "purchasing", "fundraising", "publishing"]
    + ["tracking", "mapping", "rating", "financing", "leasing", "outsourcing", "learning", "tutoring", "nursing"]
    + ["ordering", "picking", "packing", "dispatching", "receiving", "warehousing", "trading", "gaming"]
)
NOT_PAST = frozenset(
    [
        "need",
        "feed",
        "seed",
        "speed",
        "breed",
        "bleed",
        "weed",
        "deed",
        "greed",
        "shed",
        "bed",
        "red",
        "bred",
        "hundred",
        "kindred",
    ]
)
ADJECTIVE_MODIFIERS = frozenset(
    ["long", "short", "fast", "slow", "self", "well", "ever", "never", "non", "free", "hard", "easy", "high", "low"]
)
ASPECTUAL_VERBS = frozenset(["start", "stop", "begin", "finish", "keep", "continue", "resume", "quit", "pause", "end"])
MODALS = frozenset(["should", "must", "can", "could", "may", "might", "will", "would", "shall", "please"])
AUXILIARIES = frozenset(["has", "have", "had", "was", "were", "been", "is", "are", "be", "being", "got", "gets", "get"])
LINKING = frozenset(["as", "to", "into", "and", "or"])

# Words that read as nouns in message vocabulary although WordNet knows them better as verbs.
# `Err` is how error codes start (`ErrImagePull`), not the verb.
SIGNAL_NOUNS = frozenset(["ping", "pong", "echo", "heartbeat", "hello", "ack", "nack", "beat", "progress", "err"])
# Verbs that software uses as nouns for what it does, most unknown to WordNet 3.0 (2006) as nouns (`a sync`, `a
# download`, `a cache write`, `a push`): after a noun they may head a compound (`pull_request_sync`, `tag_push`), so
# an order is then not the only reading.
NEWER_NOUNS = frozenset(
    ["sync", "download", "upload", "install", "uninstall", "invite", "refresh", "reload", "redeploy", "rebuild"]
    + ["reboot", "retry", "rerun", "write", "push", "merge", "deploy"]
)

# Request/reply suffixes: `<resource><verb>Request` reads as an instruction when the verb is a verb.
EXCHANGE_SUFFIXES = frozenset(
    ["request", "req", "reply", "response", "resp", "error", "err", "progress", "submit", "result"]
)
