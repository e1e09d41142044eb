"""The word lexicon: WordNet 3.0 counts shipped as data, plus msglint's own curated lists.

WordNet says which words can be verbs, nouns and adjectives and how often each sense was seen; it
cannot say which reading a message name means. The curated lists settle that for the words that
matter most in message names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Entry:
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
def entries() -> dict[str, Entry]:
    table: dict[str, Entry] = {}
    text = resources.files("msglint.naming").joinpath("data/lexicon.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        word, verb, noun, adjective, base = line.split("\t")
        table[word] = Entry(int(verb), int(noun), int(adjective), base)
    return table


def entry(word: str) -> Entry | None:
    return entries().get(word)


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
    ]
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
SIGNAL_NOUNS = frozenset(["ping", "pong", "echo", "heartbeat", "hello", "ack", "nack", "beat", "progress"])

# Request/reply suffixes: `<resource><verb>Request` reads as an instruction when the verb is a verb.
EXCHANGE_SUFFIXES = frozenset(
    ["request", "req", "reply", "response", "resp", "error", "err", "progress", "submit", "result"]
)
