"""What a message name says: its grammar, its action word, whether it is technical or a generic data
change, and the name it would have as the other kind.

The procedure (measured on real names): judge dotted and slashed topic names by their last segment
with words; a past form at the end wins over a first word that could also be a verb (`OrderCreated`);
a first word that is both noun and verb counts as a verb only when it is a common command verb
(`OrderDetails` is a noun phrase, `ChangeOrderStatus` an order); read/set/put/reset are past at the
end and base at the start (`MeterRead`, `ReadMeter`); unknown -ed words are past; `MarkOrderAsPaid`
stays imperative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from msglint.naming import inflect, lexicon
from msglint.naming.tokens import segments, split_kind_suffix
from msglint.naming.vocabulary import CRUD_NOUNS, CRUD_VERBS, GENERIC_SUBJECTS, HTTP_METHODS, TECHNICAL_WORDS


@dataclass(frozen=True)
class Vocabulary:
    """Word lists from the user's `[naming]` configuration, added to msglint's own."""

    extra_verbs: frozenset[str] = frozenset()
    technical_words: frozenset[str] = frozenset()
    domain_words: frozenset[str] = frozenset()

    @classmethod
    def default(cls) -> Vocabulary:
        return cls()


@dataclass(frozen=True)
class NameAnalysis:
    name: str
    tokens: tuple[str, ...]
    grammar: str  # imperative | past | progressive | noun
    action_word: str | None
    technical: bool
    crud: bool
    kind_suffix: str | None
    suggestion: str | None
    reasons: tuple[str, ...] = ()
    technical_words: tuple[str, ...] = field(default=())
    hook: str | None = None  # `before`, `after` or `on` when the name is a lifecycle hook (`BeforeSave`)
    # other plausible readings than `grammar`, each with why: (grammar, reason). `MarkPaid` reads as past
    # ('paid' at the end) and also as an order ('mark' first, 'paid' its complement).
    other_readings: tuple[tuple[str, str], ...] = ()

    def may_read_as(self, grammar: str) -> str | None:
        """Why the name may also read as `grammar`, if it may."""
        return next((reason for other, reason in self.other_readings if other == grammar), None)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "tokens": list(self.tokens),
            "grammar": self.grammar,
            "action_word": self.action_word,
            "technical": self.technical,
            "crud": self.crud,
            "kind_suffix": self.kind_suffix,
            "suggestion": self.suggestion,
            "reasons": list(self.reasons),
            "other_readings": [{"grammar": grammar, "reason": reason} for grammar, reason in self.other_readings],
        }


@dataclass
class _Reading:
    grammar: str
    index: int | None = None  # position of the action word in the words
    reason: str = ""


def analyse_name(name: str, vocabulary: Vocabulary | None = None) -> NameAnalysis:
    return _analyse(name, vocabulary or Vocabulary())


@lru_cache(maxsize=8192)
def _analyse(name: str, vocabulary: Vocabulary) -> NameAnalysis:
    words, kind_suffix = _judged_words(name)
    reading = _read(words, vocabulary, kind_suffix)
    action = words[reading.index] if reading.index is not None else None
    technical_words = _technical_words(name, words, reading, vocabulary)
    crud = not technical_words and _is_crud(words, reading)
    reasons = [reading.reason] if reading.reason else []
    if technical_words:
        reasons.append("infrastructure words: " + ", ".join(technical_words))
    if crud:
        reasons.append(f"'{action or words[-1]}' is a generic data change")
    return NameAnalysis(
        name=name,
        tokens=words,
        grammar=reading.grammar,
        action_word=action,
        technical=bool(technical_words),
        crud=crud,
        kind_suffix=kind_suffix,
        suggestion=_suggest(name, words, reading),
        reasons=tuple(reasons),
        technical_words=technical_words,
        hook=words[0] if reading.grammar == "noun" and len(words) > 1 and words[0] in LIFECYCLE_PREFIXES else None,
        other_readings=_other_readings(words, reading, vocabulary),
    )


# Verbs that take an object and its state (`MarkPaid`, `FlagSuspended`, `SetActive`): first, before a past form,
# they read as an order as naturally as the past form reads as a fact.
COMPLEMENT_VERBS = frozenset({"mark", "flag", "set", "make", "keep", "declare", "label", "tag", "get", "leave"})


def _other_readings(words: tuple[str, ...], reading: _Reading, vocabulary: Vocabulary) -> tuple[tuple[str, str], ...]:
    """Readings besides the chosen one that a reader of the name could fairly take."""
    if len(words) < 2 or words[0] in LIFECYCLE_PREFIXES:
        return ()
    first, others = words[0], []
    first_is_plain_verb = _is_verb(first, vocabulary) and not inflect.is_past_form(first) and not first.endswith("ing")
    leads = first in COMPLEMENT_VERBS or (first in lexicon.COMMAND_VERBS and len(words) >= 3)
    if reading.grammar == "past" and first_is_plain_verb and reading.index != 0 and leads:
        others.append(("imperative", f"'{first}' first may be an order, '{words[-1]}' the state it asks for"))
    if reading.grammar == "noun":
        if first_is_plain_verb:
            others.append(("imperative", f"'{first}' first may be a verb acting on '{words[-1]}'"))
        past = next((w for w in words[1:] if inflect.is_past_form(w)), None)
        if past is not None:
            others.append(("past", f"'{past}' may be a past form"))
    return tuple(others)


def _judged_words(name: str) -> tuple[tuple[str, ...], str | None]:
    """The words of the last segment that has any (versions dropped), and the kind suffix. A last segment
    that is only a particle belongs to the verb before it (`device/turn/on`)."""
    meaningful = [s for s in segments(name) if split_kind_suffix(s)[0]]
    if not meaningful:
        return (), None
    words, kind = split_kind_suffix(meaningful[-1])
    if len(meaningful) > 1 and tuple(words) in ((p,) for p in PARTICLES):
        before, _ = split_kind_suffix(meaningful[-2])
        words = [*before[-1:], *words]
    return tuple(part for word in words for part in _split_particle(word)), kind


LIFECYCLE_PREFIXES = frozenset(["before", "after", "on"])  # not `pre`, `post`: PostComment, PreAuthorize
PREPOSITIONS = frozenset(["for", "of", "before", "after", "by", "without", "from", "about", "to"])
PARTICLES = frozenset(["up", "in", "out", "off", "on", "down", "over", "back"])
_PARTICLE = re.compile(r"(.{4,}ed)(up|in|out|off|on|down|over|back)")


def _split_particle(word: str) -> tuple[str, ...]:
    """`signedup` -> `signed`, `up`: a lower-case phrasal verb written as one word."""
    match = _PARTICLE.fullmatch(word)
    if match and inflect.is_past_form(match.group(1)) and lexicon.entry(word) is None:
        return match.group(1), match.group(2)
    return (word,)


# -- grammar -------------------------------------------------------------------------------------------


def _is_verb(word: str, vocabulary: Vocabulary) -> bool:
    if word in vocabulary.extra_verbs or inflect.prefixed_verb(word) is not None:
        return True
    found = lexicon.entry(word)
    return found is not None and found.is_verb


# Verbs written as one word with their particle, which lead an order when an object follows
# (`CheckoutCart`, `LoginUser`, `SetupAccount`); alone or before a past form they are nouns (`LoginAttempted`).
CLOSED_COMPOUNDS = {
    "checkout": ("check", "out"),
    "checkin": ("check", "in"),
    "login": ("log", "in"),
    "logout": ("log", "out"),
    "signin": ("sign", "in"),
    "signout": ("sign", "out"),
    "signup": ("sign", "up"),
    "setup": ("set", "up"),
    "backup": ("back", "up"),
    "cleanup": ("clean", "up"),
    "shutdown": ("shut", "down"),
    "rollback": ("roll", "back"),
    "lookup": ("look", "up"),
    "pickup": ("pick", "up"),
    "payout": ("pay", "out"),
    "handover": ("hand", "over"),
    "teardown": ("tear", "down"),
    "startup": ("start", "up"),
}
HOW_QUALIFIERS = frozenset({"async", "bulk", "batch", "background", "deferred"})
# Verbs of telling: first, before a fact, they order someone to be told of it (`notifyOrderShipped`).
TELLING_VERBS = frozenset({"notify", "email", "mail", "alert", "inform", "tell", "remind", "warn", "sms", "text"})


def _object_noun(word: str) -> bool:
    """A word that can be the object after a verb: a noun, or a word the lexicon does not know (`user`);
    not an -ing form, a past form or a word that is first an adjective (`complete`)."""
    if not word or word.endswith("ing") or inflect.is_past_form(word):
        return False
    found = lexicon.entry(word)
    return found is None or (found.is_noun and found.noun >= found.adjective)


def _leads_as_verb(word: str, vocabulary: Vocabulary, alone: bool, next_word: str = "") -> bool:
    """Does this first word make the name an instruction?"""
    if word in vocabulary.extra_verbs or word in lexicon.COMMAND_VERBS:
        return True
    if not alone and word in CLOSED_COMPOUNDS and _object_noun(next_word):
        return True  # `CheckoutCart`: the object follows (not `checkout_complete`, a state)
    if next_word in PARTICLES and _is_verb(word, vocabulary) and not word.endswith("ing"):
        return True  # `turnOff`, `device/turn/on`: a phrasal verb
    if inflect.prefixed_verb(word) is not None:
        return True  # `Unarchive`, `DeprovisionTenant`: a known verb behind un-, re-, de-, ...
    if word in lexicon.SIGNAL_NOUNS or word.endswith("ing") or inflect.is_past_form(word):
        return False
    found = lexicon.entry(word)
    if found is None or not found.is_verb:
        return False
    if word in lexicon.ADJECTIVE_MODIFIERS and next_word.endswith("ing"):
        return False  # `long_running`: an adjective compound
    if found.is_noun:
        return found.verb > 2 * found.noun + (0 if alone else 1)
    return found.adjective <= max(found.verb, 1) * 3


def _verb_in_the_middle(word: str, vocabulary: Vocabulary, last: bool, has_head_noun_only: bool = False) -> bool:
    """`SlackPostMessage`, `groupClose`, `payment_authorize`: a later word that acts on the words before it.
    A word that is also a noun counts only when it is a command verb and has an object after it, or is
    mostly a verb (`fileChange`, `PriceChange` and `commentCountChange` stay nouns)."""
    if word in vocabulary.extra_verbs:
        return True
    if word in lexicon.SIGNAL_NOUNS or word in lexicon.EXCHANGE_SUFFIXES or word.endswith("ing"):
        return False
    if inflect.is_past_form(word) or (last and (word in CRUD_NOUNS or word in lexicon.STATE_ADJECTIVES)):
        return False
    found = lexicon.entry(word)
    if found is None or not found.is_verb:
        return False
    if not found.is_noun:
        return found.verb > 0 and (found.adjective < 0 or found.verb >= found.adjective)
    if word in lexicon.COMMAND_VERBS:
        return 2 * found.noun <= found.verb if last else not has_head_noun_only
    return found.verb > 2 * found.noun + 1


def _read(words: tuple[str, ...], vocabulary: Vocabulary, kind_suffix: str | None = None) -> _Reading:
    if not words:
        return _Reading("noun")
    if words[0] in LIFECYCLE_PREFIXES and len(words) > 1:
        # `BeforeSave`, `after_commit`, `on-create`: a hook around an action, not an instruction to do it
        return _Reading("noun", None, f"'{words[0]}' makes it a lifecycle hook, not an instruction")
    # `please_send`, `async_uninstall`: a word before the verb that only says how
    start = 1 if words[0] in lexicon.MODALS and len(words) > 1 else 0
    if words[0] in HOW_QUALIFIERS and len(words) > 1:
        after = words[2] if len(words) > 2 else ""
        start = 1 if _leads_as_verb(words[1], vocabulary, alone=len(words) == 2, next_word=after) else 0
    last = len(words) - 1
    if inflect.is_past_form(words[last]) and last > 0 or (last == 0 and _single_word_past(words[0])):
        if start and _is_verb(words[start], vocabulary):
            return _Reading("imperative", start, f"'{words[start]}' after '{words[0]}' asks for action")
        told = words[start + 1 :]  # `EmailJobQueued` is a technical fact about an email job, not an order
        if words[start] in TELLING_VERBS and len(told) >= 2 and not any(w in TECHNICAL_WORDS for w in told):
            return _Reading("imperative", start, f"'{words[start]}' leads: the fact after it is what to tell")
        if last >= 2 and words[last - 1] in lexicon.LINKING and _leads_as_verb(words[start], vocabulary, False):
            return _Reading("imperative", start, f"'{words[start]}' leads; '{words[last]}' is its complement")
        return _Reading("past", last, f"'{words[last]}' at the end is a past form")
    following = words[start + 1] if start + 1 < len(words) else ""
    progressive = _progressive_at_end(words)
    if _leads_as_verb(words[start], vocabulary, alone=len(words) == 1, next_word=following):
        if progressive and _subject_of_gerund(words[start], words[-1]):
            return progressive
        return _Reading("imperative", start, f"'{words[start]}' at the start is a command verb")
    if progressive:
        return progressive
    if last > start and inflect.is_past_form(words[start]) and words[start] not in lexicon.AUXILIARIES:
        return _Reading("past", start, f"'{words[start]}' at the start is a past form")
    for index in range(start + 1, len(words)):
        word = words[index]
        if inflect.is_past_form(word) and index > start and not _follows_modifier(words, index):
            return _Reading("past", index, f"'{word}' is a past form")
        if word in lexicon.EXCHANGE_SUFFIXES and index == last and index > start:
            previous = words[index - 1]
            if _leads_as_verb(previous, vocabulary, alone=False) or _verb_in_the_middle(previous, vocabulary, False):
                return _Reading("imperative", index - 1, f"'{previous}' before '{word}' names the action")
        head_only = index == last - 1 and words[last] in CRUD_NOUNS
        if index == last and kind_suffix == "event" and _is_noun(word):
            continue  # `StreamStartEvent`: the suffix makes the last word a noun (the start of a stream)
        if _verb_in_the_middle(word, vocabulary, index == last, head_only) and not _follows_modifier(words, index):
            return _Reading("imperative", index, f"'{word}' is a verb acting on '{words[index - 1]}'")
    return _Reading("noun", None, "no verb")


def _is_noun(word: str) -> bool:
    found = lexicon.entry(word)
    return found is not None and found.is_noun


def _subject_of_gerund(first: str, gerund: str) -> bool:
    """`TransferProcessing`: a first word that is also a noun, before an -ing word that is no common noun,
    is the subject of an ongoing activity. Aspectual verbs take gerunds as objects (`StartBaking`);
    `ScheduleMeeting` has a real noun at the end."""
    if first in lexicon.ASPECTUAL_VERBS:
        return False
    first_entry, gerund_entry = lexicon.entry(first), lexicon.entry(gerund)
    first_is_noun = first_entry is not None and first_entry.is_noun
    gerund_is_common_noun = gerund_entry is not None and gerund_entry.noun > 2
    return first_is_noun and not gerund_is_common_noun


def _single_word_past(word: str) -> bool:
    return word.endswith("ed") and inflect.is_past_form(word) or word in lexicon.IRREGULAR_BASES


def _follows_modifier(words: tuple[str, ...], index: int) -> bool:
    return index > 0 and words[index - 1] in ("pending", "first", "last", "next", "previous")


def _progressive_at_end(words: tuple[str, ...]) -> _Reading | None:
    """`OrderProcessing`, and `request-tearing-down` with the particle of a phrasal verb after it."""
    index = len(words) - 2 if len(words) > 2 and words[-1] in PARTICLES else len(words) - 1
    word = words[index]
    if index < 1 or word in lexicon.NOT_PROGRESSIVE or words[index - 1] in lexicon.ADJECTIVE_MODIFIERS:
        return None
    if words[index - 1] in PREPOSITIONS:
        return None  # `OrderReadyForShipping`: a gerund after a preposition names the activity, it is not going on
    if inflect.gerund_base(word) is None:
        return None
    return _Reading("progressive", index, f"'{word}' at the end is an ongoing activity")


# -- technical and CRUD --------------------------------------------------------------------------------


def _technical_words(name: str, words: tuple[str, ...], reading: _Reading, vocabulary: Vocabulary) -> tuple[str, ...]:
    allowed = vocabulary.domain_words
    known = TECHNICAL_WORDS | vocabulary.technical_words
    found = [w for w in words if w in known and w not in allowed]
    if not found and re.fullmatch(r"[A-Z]+", name) and name.lower() in HTTP_METHODS:
        found = [name.lower()]
    if not found and reading.grammar == "past" and reading.index is not None:
        subject = [w for w in words[: reading.index] if w not in allowed]
        if subject and all(w in GENERIC_SUBJECTS for w in subject):
            found = subject
    return tuple(dict.fromkeys(found))


def _is_crud(words: tuple[str, ...], reading: _Reading) -> bool:
    if reading.index is not None:
        action = words[reading.index]
        if reading.grammar == "past":
            return action in CRUD_VERBS["past"] and reading.index == len(words) - 1
        if reading.grammar == "imperative":
            return action in CRUD_VERBS["base"]
    return bool(words) and words[-1] in CRUD_NOUNS


# -- suggestions ---------------------------------------------------------------------------------------


def _suggest(name: str, words: tuple[str, ...], reading: _Reading) -> str | None:
    if reading.index is None or not words:
        return None
    action = words[reading.index]
    rest = [w for i, w in enumerate(words) if i != reading.index and w not in lexicon.MODALS]
    if reading.grammar == "imperative":
        verb, particle = CLOSED_COMPOUNDS.get(action, (action, ""))  # `CheckoutCart` -> `CartCheckedOut`
        following = reading.index + 1
        if not particle and following < len(words) and words[following] in PARTICLES:
            particle = words[following]  # `TurnOnLights` -> `LightsTurnedOn`
            rest = [w for i, w in enumerate(words) if i not in (reading.index, following) and w not in lexicon.MODALS]
        tail_start = next((i for i, w in enumerate(rest) if w in lexicon.LINKING), len(rest))
        obj = [w for w in rest[:tail_start] if w not in lexicon.EXCHANGE_SUFFIXES] or rest[:tail_start]
        new = [*obj, inflect.past_participle(verb), *([particle] if particle else []), *rest[tail_start:]]
        verb_first = False
    elif reading.grammar == "past":
        base = inflect.base_form(action) or action
        subject = [w for w in words[: reading.index] if w not in lexicon.AUXILIARIES]
        after = list(words[reading.index + 1 :])
        particle = after[:1] if after[:1] and after[0] in PARTICLES else []  # `SignedUp` -> `SignUp...`
        new = [base, *particle, *subject, *after[len(particle) :]]
        verb_first = True
    elif reading.grammar == "progressive":
        base = inflect.gerund_base(action) or action
        new = [*words[: reading.index], inflect.past_participle(base), *words[reading.index + 1 :]]
        verb_first = False
    else:
        return None
    return _render(name, new, verb_first, reading, words)


def _render(name: str, new: list[str], verb_first: bool, reading: _Reading, words: tuple[str, ...]) -> str:
    """Write the new words in the casing style of the original name."""
    topic = re.search(r"[./]", name)
    if topic and len(segments(name)[-1]) <= 1:
        # the verb is a topic segment of its own: change it in place (`order.created` -> `order.create`)
        old = words[reading.index]
        if reading.grammar == "imperative":
            replacement = inflect.past_participle(CLOSED_COMPOUNDS.get(old, (old,))[0])
        else:
            replacement = new[0] if verb_first else new[reading.index]
        pattern = re.compile(rf"(?i)(?<![A-Za-z]){re.escape(old)}(?![a-z])")
        matches = list(pattern.finditer(name))
        if matches:
            spot = matches[-1]
            return name[: spot.start()] + _same_case(spot.group(), replacement) + name[spot.end() :]
    last_segment = re.split(r"[./:]", name)[-1] if topic else name
    prefix = name[: len(name) - len(last_segment)]
    return prefix + _cased(last_segment, new)


def _same_case(original: str, word: str) -> str:
    if original.isupper():
        return word.upper()
    if original[:1].isupper():
        return word.capitalize()
    return word


def _cased(original: str, words: list[str]) -> str:
    if "_" in original:
        joined = "_".join(words)
        return joined.upper() if original.replace("_", "").isupper() else joined
    if "-" in original:
        return "-".join(words)
    if " " in original:
        return " ".join(w.capitalize() if original[:1].isupper() else w for w in words)
    if original[:1].islower():
        return words[0] + "".join(w.capitalize() for w in words[1:])
    return "".join(w.capitalize() for w in words)
