"""Verb forms: base <-> past participle, and the base behind an -ing form, irregulars included."""

from __future__ import annotations

from functools import lru_cache

from msglint.naming.lexicon import (
    IRREGULAR_BASES,
    IRREGULAR_PARTICIPLES,
    SAME_FORM_PARTICIPLES,
    entry,
)

_VOWELS = "aeiou"


def _is_verb(word: str) -> bool:
    found = entry(word)
    return found is not None and found.is_verb or found is None and prefixed_verb(word) is not None


def _doubled_past(verb: str) -> str | None:
    """`shipped` for `ship`, `panicked` for `panic`: an -ed form the lexicon lists with a changed stem."""
    if not verb or verb[-1] in _VOWELS + "wxy":
        return None
    for form in (verb + verb[-1] + "ed", verb + "ked"):
        found = entry(form)
        if found is not None and found.base == verb:
            return form
    return None


_NOUN_ENDINGS = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ship", "ism", "ist")
VERB_PREFIXES = ("un", "re", "de", "dis", "mis", "pre", "co", "over", "under", "out")
# Prefixes that make verbs of software and trade out of verbs (`upvote`, `onboard`, `backfill`, `transcode`).
LATER_PREFIXES = ("up", "down", "on", "off", "back", "auto", "trans", "cross")


def prefixed_verb(word: str) -> tuple[str, str] | None:
    """(`re`, `submit`) for `resubmit`: a word the lexicon does not know as a verb, made of a verb prefix and
    a verb it knows. None otherwise (`report`, `deliver` are words of their own)."""
    from msglint.naming.lexicon import COMMAND_VERBS

    known = entry(word)
    if known is not None and (known.is_verb or known.is_noun):
        return None  # `report` and `deliver` are words of their own
    for prefix in VERB_PREFIXES + LATER_PREFIXES:
        rest = word[len(prefix) :]
        shortest = 3 if prefix in ("un", "re") else 4  # `unban`, `retag`; not `dewax` or `onset`
        if word.startswith(prefix) and len(rest) >= shortest and (rest in COMMAND_VERBS or _used_as_verb(rest)):
            return prefix, rest
    return None


def _used_as_verb(word: str) -> bool:
    """A verb; a noun ending such as -tion counts only when WordNet saw it used as a verb (`provision`, not the
    `action` of `reaction`)."""
    found = entry(word)
    return found is not None and found.is_verb and (found.verb > 0 or not word.endswith(_NOUN_ENDINGS))


def _irregular_after_prefix(verb: str) -> tuple[str, str] | None:
    """(`re`, `submit`) for `resubmit` when `submit` inflects irregularly or doubles its consonant."""
    for prefix in VERB_PREFIXES:
        rest = verb[len(prefix) :]
        if verb.startswith(prefix) and len(rest) >= 3 and (rest in IRREGULAR_PARTICIPLES or _doubled_past(rest)):
            return prefix, rest
    return None


def past_participle(verb: str) -> str:
    """`send` -> `sent`, `create` -> `created`, `ship` -> `shipped`, `copy` -> `copied`, `read` -> `read`,
    `resubmit` -> `resubmitted`."""
    verb = verb.lower()
    split = prefixed_verb(verb) or _irregular_after_prefix(verb)
    if split is not None:
        return split[0] + past_participle(split[1])
    if verb in SAME_FORM_PARTICIPLES:
        return verb
    if verb in IRREGULAR_PARTICIPLES:
        return IRREGULAR_PARTICIPLES[verb]
    doubled = _doubled_past(verb)
    if doubled:
        return doubled
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and len(verb) > 1 and verb[-2] not in _VOWELS:
        return verb[:-1] + "ied"
    return verb + "ed"


def base_form(word: str) -> str | None:
    """The verb behind a past form (`sent` -> `send`, `shipped` -> `ship`, `created` -> `create`), or None."""
    word = word.lower()
    if word in SAME_FORM_PARTICIPLES:
        return word
    if word in IRREGULAR_BASES:
        return IRREGULAR_BASES[word]
    split = _prefixed_participle(word)
    if split is not None:
        return split[0] + IRREGULAR_BASES[split[1]]  # `resold` -> `resell`
    found = entry(word)
    if found is not None and found.base:
        return _commoner_spelling(word, found.base)
    if not word.endswith("ed") or len(word) < 4:
        return None
    for candidate in _ed_candidates(word):
        if _is_verb(candidate):
            return candidate
    return None


def _commoner_spelling(word: str, base: str) -> str:
    """`installed` -> `install`, not WordNet's `instal`: the stem itself when it is a verb seen at least as often."""
    stem, listed = entry(word[:-2]), entry(base)
    if word.endswith("ed") and stem is not None and stem.is_verb and stem.verb >= (listed.verb if listed else 0):
        return word[:-2]
    return base


@lru_cache(maxsize=8192)  # the lexicon never changes; a repository's names share most of their words
def _prefixed_participle(word: str) -> tuple[str, str] | None:
    """(`re`, `sold`) for `resold`, (`up`, `sold`) for `upsold`: a prefix before an irregular participle that is
    spelt unlike its base, in a word the lexicon does not know."""
    if entry(word) is not None:
        return None
    for prefix in VERB_PREFIXES + LATER_PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 3 and IRREGULAR_BASES.get(rest, rest) != rest:
            reversed_verb = entry(prefix + IRREGULAR_BASES[rest]) if prefix == "un" else None
            if prefix == "un" and not (reversed_verb is not None and reversed_verb.is_verb):
                continue  # `unknown`, `unpaid`: a negated state; `undone` is the participle of `undo`
            return prefix, rest
    return None


def prefixed_participle(word: str) -> bool:
    """`overpaid`, `resold`, `outgrown`: a verb prefix before an irregular participle."""
    return _prefixed_participle(word.lower()) is not None


def _ed_candidates(word: str) -> list[str]:
    stem = word[:-2]
    candidates = []
    if word.endswith("ied"):
        candidates.append(word[:-3] + "y")
    candidates += [stem + "e", stem]
    if len(stem) > 2 and stem[-1] == stem[-2]:
        candidates.append(stem[:-1])
    return candidates


def gerund_base(word: str) -> str | None:
    """The verb behind an -ing form (`processing` -> `process`, `making` -> `make`), or None."""
    if not word.endswith("ing") or len(word) < 5:
        return None
    stem = word[:-3]
    for candidate in (
        stem,
        stem + "e",
        stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else "",
        stem[:-1] + "ie" if stem.endswith("y") else "",
    ):
        if candidate and _is_verb(candidate):
            return candidate
    return None


@lru_cache(maxsize=8192)
def is_past_form(word: str) -> bool:
    """A past tense or participle: known irregular forms, and `-ed` words (unknown ones included)."""
    from msglint.naming.lexicon import NOT_PAST

    if word in SAME_FORM_PARTICIPLES or word in IRREGULAR_BASES or _prefixed_participle(word):
        return True
    found = entry(word)
    if found is not None and found.base and found.base != word:  # WordNet lists `feed` as a form of `feed`
        return True
    if word in NOT_PAST or not word.endswith("ed") or len(word) < 4:
        return False
    # a base verb that merely ends in -ed (`embed`) is no past form
    return not (found is not None and found.is_verb and base_form(word) is None)
