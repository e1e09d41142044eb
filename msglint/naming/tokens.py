"""Splitting message names into words, whatever their casing, and the identity key built from them."""

from __future__ import annotations

import re
from functools import lru_cache

PLACEHOLDERS = re.compile(r"\$?\{[^{}]*\}|<[^<>]*>|(?:(?<=[/.])|^):[A-Za-z_]\w*")
_SEGMENT_SEPARATORS = re.compile(r"[./:]+")
_WORD_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")
# `S3`, `EC2`, `s3`, `k8s`: a short name with a digit inside is one word (a product), not a word and a number
_WORDS = re.compile(
    r"[A-Z]{1,3}\d+[a-z]*(?=[A-Z_\W]|$)|(?<![A-Za-z])[a-z]{1,2}\d+[a-z]?(?![a-z\d])"
    r"|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+"
)
_VERSION = re.compile(r"[vV]\d+")  # a bare number names a thing (`example-001`), not a version

KIND_SUFFIXES = {
    "command": "command",
    "cmd": "command",
    "event": "event",
    "evt": "event",
    "query": "query",
    "qry": "query",
}
NOISE_SUFFIXES = frozenset({"message", "msg"})
_BEFORE_AN_OBJECT = frozenset({"for", "of", "to", "from", "about", "per", "by", "with", "into"})
# Verbs whose natural object is a message: before a lone `Message`, `Event` or `Command` that word is the
# object, not a suffix (`UpdateEvent` stays a noun: an event about an update).
MESSAGING_VERBS = frozenset(
    {"send", "post", "publish", "forward", "dispatch", "emit", "broadcast", "relay", "deliver", "route"}
    | {"enqueue", "queue", "fire", "trigger", "replay", "retry", "acknowledge", "ack", "receive", "consume"}
)
EVENT_QUALIFIERS = frozenset({"domain", "integration", "public", "private", "internal", "external"})


@lru_cache(maxsize=4096)
def segments(name: str) -> tuple[tuple[str, ...], ...]:
    """Words per topic segment, lower-case: `shop/orders.OrderCreated.v1` -> (shop) (orders) (order created) (v1)."""
    return tuple(tuple(word.lower() for word in segment) for segment in cased_segments(name))


@lru_cache(maxsize=4096)
def cased_segments(name: str) -> tuple[tuple[str, ...], ...]:
    """The words of `segments`, spelt as in the name (`HTTPRequestFailed` -> `HTTP`, `Request`, `Failed`)."""
    cleaned = PLACEHOLDERS.sub(" ", name)
    result = []
    for segment in _SEGMENT_SEPARATORS.split(cleaned):
        words = tuple(word for part in _WORD_SEPARATORS.split(segment) for word in _WORDS.findall(part))
        if words:
            result.append(_merge_versions(words))
    return tuple(result)


def _merge_versions(words: tuple[str, ...]) -> tuple[str, ...]:
    """`OrderPlacedV2` splits into ... `V`, `2`: join them back into one version word."""
    merged: list[str] = []
    for word in words:
        if word.isdigit() and merged and merged[-1] in ("v", "V"):
            merged[-1] = merged[-1] + word
        else:
            merged.append(word)
    return tuple(merged)


def tokenize(name: str) -> tuple[str, ...]:
    """Every word of the name, lower-case, in order (placeholders removed, nothing else dropped)."""
    return tuple(word for segment in segments(name) for word in segment)


def is_version(word: str) -> bool:
    return bool(_VERSION.fullmatch(word))


def split_kind_suffix(words: tuple[str, ...]) -> tuple[tuple[str, ...], str | None]:
    """Drop `Message`, then a kind suffix (`Command`, `Event`, `DomainEvent` ...): the words and the kind."""
    words = tuple(w for w in words if not is_version(w))
    if len(words) == 2 and words[0] in MESSAGING_VERBS:
        return words, None  # `SendMessage`, `PublishEvent`: the last word is what the verb acts on
    while len(words) > 1 and words[-1] in NOISE_SUFFIXES:
        words = words[:-1]
    kind = KIND_SUFFIXES.get(words[-1]) if len(words) > 1 else None
    if kind is None or words[-2] in _BEFORE_AN_OBJECT:
        return words, None  # `create_room_for_event`: the object of `for`, not a kind
    words = words[:-1]
    if kind == "event":
        while len(words) > 1 and words[-1] in EVENT_QUALIFIERS:
            words = words[:-1]
    return words, kind


@lru_cache(maxsize=4096)
def identity_key(name: str) -> str:
    """The words that identify a message across sources, joined by `_`: versions, placeholders and kind
    suffixes dropped. `OrderCreated`, `order.created.v1` and `OrderCreatedEvent` give `order_created`."""
    words = tuple(w for w in tokenize(name) if not is_version(w))
    core, _ = split_kind_suffix(words)
    return "_".join(core or words)
