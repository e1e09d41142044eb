"""What a message name says: every plausible reading of it (an order, a fact, an ongoing activity, a noun phrase,
a lifecycle hook, a reply) with a weight and a reason, its action word, whether it is technical or a generic
data change, and the name it would have as the other kind.

The procedure (measured on real names): judge a topic or schema name by the segment that names the message
(envelope words such as `event` or `avro` and versions dropped); a past form at the end wins over a first word
that could also be a verb (`OrderCreated`), except after a verb that takes a state (`MarkPaid`); a first word
that is both noun and verb counts as a verb only when it is a common command verb (`OrderDetails` is a noun
phrase, `ChangeOrderStatus` an order); read/set/put/reset are past at the end and base at the start
(`MeterRead`, `ReadMeter`); unknown -ed words are past; brand names and acronyms are never verbs
(`PayPalPaymentCaptured`); a segment that states a whole fact names the message before a segment that only
says how (`s3:ObjectCreated:Put`); an outcome noun at the end heads the name once the verb has its object
(`UpdatePasswordError`), and a state after a first word leaves it no object (`update_available`); a negated
participle is a state unless its un- verb exists (`unknown`, `unpaid`; `unlocked`). The strongest reading is
`grammar`; the others say what else a careful reader could take the name for, so that rules can tell a wrong
name from a debatable one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from msglint.naming import inflect, lexicon
from msglint.naming.tokens import NOISE_SUFFIXES, PLACEHOLDERS, cased_segments, segments, split_kind_suffix
from msglint.naming.vocabulary import (
    CRUD_NOUNS,
    CRUD_VERBS,
    ENVELOPE_WORDS,
    GENERIC_SUBJECTS,
    HTTP_METHODS,
    PRODUCT_NAMES,
    RUNTIME_WORDS,
    SOFTWARE_NOUNS,
    SYSTEM_NOUNS,
    TECHNICAL_ALONE,
    TECHNICAL_PHRASES,
    TECHNICAL_WORDS,
    TRANSPORT_WORDS,
)

# The classes here are NamedTuples, not dataclasses: creating a dataclass costs milliseconds, and `msglint name`
# answers within 50 ms of Python's start-up.


class Vocabulary(NamedTuple):
    """Word lists from the user's `[naming]` configuration, added to msglint's own."""

    extra_verbs: frozenset[str] = frozenset()
    technical_words: frozenset[str] = frozenset()
    domain_words: frozenset[str] = frozenset()  # business words: never technical; names of several words stay one
    # names found in the name being read (brands, acronyms): never verbs. The analysis fills it in.
    proper_nouns: frozenset[str] = frozenset()

    @classmethod
    def default(cls) -> Vocabulary:
        return cls()

    def __repr__(self) -> str:
        # sorted: a frozenset's order changes from run to run, and this text is part of the cache's key
        lists = ", ".join(f"{name}={sorted(getattr(self, name))}" for name in self._fields)
        return f"Vocabulary({lists})"


# Which readings suit which kind. A reply answers a request: its tense is no claim about the kind.
FITTING_READINGS = {"command": ("imperative", "reply"), "event": ("past", "reply")}


class Reading(NamedTuple):
    """One way to read a name: `grammar` is imperative, past, progressive, noun, hook or reply."""

    grammar: str
    weight: float  # the readings of a name add up to 1
    reason: str
    action_word: str | None = None

    def to_dict(self) -> dict:
        return {"grammar": self.grammar, "weight": self.weight, "reason": self.reason, "action_word": self.action_word}


class NameAnalysis(NamedTuple):
    name: str
    tokens: tuple[str, ...]
    grammar: str  # the strongest reading: imperative | past | progressive | noun (a hook is a noun phrase)
    action_word: str | None
    technical: bool
    crud: bool
    kind_suffix: str | None
    suggestion: str | None
    reasons: tuple[str, ...] = ()
    technical_words: tuple[str, ...] = ()
    hook: str | None = None  # `before`, `after` or `on` when the name is a lifecycle hook (`BeforeSave`)
    # every plausible reading, strongest first. `MarkPaid` reads as an order ('mark' first, 'paid' the state
    # it asks for) and also as a fact ('paid' at the end).
    readings: tuple[Reading, ...] = ()
    # the kind suffix may be the object of the verb before it: `ScheduleEvent` schedules an event, `RunQuery` runs
    # a query. The name then fits either kind, so the suffix is no contradiction.
    suffix_may_be_object: bool = False
    # how many of its words msglint knows: as English verbs (in any form), from its own word lists or from the
    # `[naming]` configuration. A name with none may be in a language msglint does not read (`LoteCreado`).
    known_words: int = 0

    @property
    def other_readings(self) -> tuple[tuple[str, str], ...]:
        """The readings besides the strongest, as (grammar, reason)."""
        return tuple((r.grammar, r.reason) for r in self.readings[1:])

    def may_read_as(self, grammar: str) -> str | None:
        """Why the name may also read as `grammar`, if a weaker reading says so."""
        return next((r.reason for r in self.readings[1:] if r.grammar == grammar), None)

    def reading_for(self, kind: str) -> Reading | None:
        """The strongest plausible reading that suits a message of `kind` (`command` or `event`), if any."""
        suited = FITTING_READINGS.get(kind, ())
        return next((r for r in self.readings if r.grammar in suited), None)

    def weighed(self, reading: Reading) -> str:
        """`read as past (0.65); it may also read as imperative (0.35): 'record' first may be an order`."""
        strongest = self.readings[0] if self.readings else Reading(self.grammar, 1.0, "")
        return (
            f"read as {strongest.grammar} ({strongest.weight:.2f}); it may also read as {reading.grammar} "
            f"({reading.weight:.2f}): {reading.reason}"
        )

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
            "technical_words": list(self.technical_words),
            "hook": self.hook,
            "suffix_may_be_object": self.suffix_may_be_object,
            "readings": [reading.to_dict() for reading in self.readings],
            "other_readings": [{"grammar": grammar, "reason": reason} for grammar, reason in self.other_readings],
        }


class _Reading(NamedTuple):
    grammar: str
    index: int | None = None  # position of the action word in the words
    reason: str = ""


class _Judged(NamedTuple):
    """The words that name the message, and what surrounds them in the name."""

    words: tuple[str, ...]
    kind_suffix: str | None
    spellings: dict  # lower-case word -> its spelling in the name, for brands and acronyms
    proper_nouns: frozenset[str]
    topic_action: bool = False  # the words are one segment acting on the segment before it (`user/signup`)
    segment: int = 0  # which segment of the name holds them
    library: str | None = None  # the framework library a trailing segment names (`action_view`)
    subject: tuple[str, ...] = ()  # the segment before a one-word last segment (`workflow_job.waiting`)
    namespace: tuple[str, ...] = ()  # the words of the segments before (`Microsoft.Storage.BlobCreated`)
    alone_in_segment: bool = False  # the action word is a segment of its own (`order.created`)
    noun_after: bool = False  # a noun the name ends in was dropped as no part of it (`..._message`)


def analyse_name(name: str, vocabulary: Vocabulary | None = None) -> NameAnalysis:
    return _analyse(name, vocabulary or Vocabulary())


@lru_cache(maxsize=8192)
def _analyse(name: str, vocabulary: Vocabulary) -> NameAnalysis:
    judged = _judged_words(name, vocabulary)
    words, kind_suffix = judged.words, judged.kind_suffix
    if judged.proper_nouns:
        vocabulary = vocabulary._replace(proper_nouns=vocabulary.proper_nouns | judged.proper_nouns)
    separated = bool(re.search(r"[_\-. ]", name))
    lone = len(words) == 1 and not (judged.namespace or judged.subject or kind_suffix)  # `walk`, `Poll`
    reading = _read(words, vocabulary, kind_suffix, judged.topic_action, separated, lone)
    if "?" in name and reading.grammar == "imperative":  # `cache_exist?`: a predicate, asked of a state
        reading = _Reading("noun", None, "'?' makes it a question about a state, not an order")
    hook = None
    if reading.grammar == "noun" and _is_hook(words, separated):
        hook = words[0]
    elif reading.grammar == "noun" and _hook_on_a_thing(words):
        hook = words[-2]
    action = words[reading.index] if reading.index is not None else None
    technical_words = _technical_words(name, words, reading, vocabulary, judged, hook)
    crud = not technical_words and _is_crud(words, reading)
    suffix_object = bool(kind_suffix) and len(words) == 1 and reading.grammar == "imperative"
    if suffix_object:  # `ScheduleEvent`: read and renamed with the suffix as the object (`EventScheduled`)
        words_with_object = (*words, kind_suffix)
        reading = reading._replace(reason=f"'{words[0]}' first acts on '{kind_suffix}', which may be no suffix")
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
        suggestion=_suggest(name, words_with_object if suffix_object else words, reading, judged),
        reasons=tuple(reasons),
        technical_words=technical_words,
        hook=hook,
        readings=_weighed(words, reading, vocabulary, hook, judged.noun_after, separated),
        suffix_may_be_object=suffix_object,
        known_words=sum(_known_word(word, vocabulary) for word in words),
    )


_OWN_WORDS = TECHNICAL_WORDS | SYSTEM_NOUNS | CRUD_NOUNS | SOFTWARE_NOUNS | TRANSPORT_WORDS | RUNTIME_WORDS


def _known_word(word: str, vocabulary: Vocabulary) -> bool:
    if word in _OWN_WORDS or word in vocabulary.extra_verbs or word in vocabulary.technical_words:
        return True
    if word in vocabulary.domain_words or word in vocabulary.proper_nouns:
        return True
    stems = [word]
    if word.endswith("ies"):
        stems.append(word[:-3] + "y")
    elif word.endswith("es"):
        stems += [word[:-2], word[:-1]]
    elif word.endswith("s"):
        stems.append(word[:-1])
    return any(lexicon.entry(stem) is not None for stem in stems)


# Verbs that take an object and the state to put it in (`MarkPaid`, `FlagAccountSuspended`, `SetArchived`):
# first, before a past form, they make an order; the past form is the state asked for.
STATE_VERBS = frozenset({"mark", "flag", "set", "declare"})
# Verbs whose object can be a fact (`RecordParcelScanned`, `LogVisitCompleted`): an order when an object noun
# follows them, unless that noun makes them a modifier (`LogEntryCreated`, `RecordTypeChanged`).
FACT_VERBS = frozenset({"record", "log", "note"})
COMPOUND_HEADS = frozenset(
    ["entry", "entries", "type", "types", "group", "groups", "template", "file", "files", "level", "stream"]
    + ["set", "id", "key", "name", "format", "category", "source", "book", "sheet", "field", "fields", "data"]
    + ["store", "item", "items", "line", "lines", "list", "count", "status", "owner", "keeper", "holder"]
)
# Verbs that take an object and its state (`MarkPaid`): a weaker order reading before a past form.
# Prepositions after a verb that say where it takes or puts something (`pull_from_github`, `move_into_archive`).
PLACES_FROM = frozenset(["from", "into", "onto"])
# Past forms that stand for the things in that state, their noun left out (`clear_expired`: the expired ones).
STATES_OF_THINGS = frozenset(
    ["expired", "failed", "completed", "finished", "scheduled", "queued", "archived", "deleted", "delayed"]
    + ["blocked", "suspended", "cancelled", "canceled", "selected", "checked", "processed", "unprocessed", "sent"]
    + ["closed", "rejected", "approved", "flagged", "starred", "pinned", "muted", "hidden", "disabled", "locked"]
    + ["abandoned", "orphaned", "unused", "unread", "unpaid", "overdue", "stuck", "missed", "skipped", "dropped"]
)
COMPLEMENT_VERBS = STATE_VERBS | FACT_VERBS | frozenset({"make", "keep", "label", "tag", "get", "leave"})
REPLY_WORDS = frozenset(["reply", "response", "resp", "result", "results", "answer", "ack", "nack"])


def _weighed(
    words: tuple[str, ...],
    reading: _Reading,
    vocabulary: Vocabulary,
    hook: str | None,
    noun_after: bool = False,
    separated: bool = False,
) -> tuple[Reading, ...]:
    """Every plausible reading with its weight: the weaker ones first get theirs, the strongest the rest."""
    action = words[reading.index] if reading.index is not None else None
    if hook is not None:
        return (Reading("hook", 1.0, reading.reason),)
    others = _other_readings(words, reading, vocabulary, noun_after, separated)
    total = sum(weight for _, weight, _, _ in others)
    scale = min(1.0, 0.5 / total) if total else 1.0  # the strongest keeps at least half
    weaker = [Reading(grammar, round(weight * scale, 2), why, act) for grammar, weight, why, act in others]
    strongest = Reading(reading.grammar, round(1 - sum(r.weight for r in weaker), 2), reading.reason, action)
    return (strongest, *weaker)


def _other_readings(
    words: tuple[str, ...], reading: _Reading, vocabulary: Vocabulary, noun_after: bool = False, separated: bool = False
) -> list[tuple[str, float, str, str | None]]:
    """Readings besides the strongest that a careful reader of the name could fairly take, with weights."""
    if len(words) == 1 and reading.grammar == "noun" and _plain_verb(words[0], vocabulary):
        return [("imperative", _verb_weight(words[0]), f"'{words[0]}' may be a verb", words[0])]  # `thumbnail`
    if len(words) == 1 and reading.grammar == "noun" and words[0] in CLOSED_COMPOUNDS:
        verb, particle = CLOSED_COMPOUNDS[words[0]]  # a task or an RPC named `backup` or `login` asks for it
        return [("imperative", 0.3, f"'{words[0]}' may be the order '{verb} {particle}'", words[0])]
    found: list[tuple[str, float, str, str | None]] = []
    if reading.grammar == "imperative" and reading.index is not None and words:
        why = _nominal_reading(words, reading.index)
        if why:
            found.append(("noun", 0.3, why, None))
    if len(words) < 2 or words[0] in LIFECYCLE_PREFIXES:
        return found
    first, last = words[0], words[-1]
    first_is_plain_verb = _plain_verb(first, vocabulary)
    asks_for_state = first in STATE_VERBS | FACT_VERBS and inflect.is_past_form(last)
    if reading.grammar == "imperative" and reading.index == 0 and asks_for_state:
        found.append(("past", 0.4, f"'{last}' at the end may be a past form", last))
    elif reading.grammar == "imperative" and reading.index == 0 and _is_noun(first) and inflect.is_past_form(last):
        # `email_domain_changed`, `dispatch_note_printed`: the first word may name what the fact is about
        found.append(("past", 0.35, f"'{first}' may be a noun and '{last}' at the end a past form", last))
    # `process_scheduled_message`: an order's verb first may act on what the past form describes after it
    # (`clear_expired`, `retry_failed`: of two words, the noun after a past form for a state left out)
    dropped = len(words) >= 3 or noun_after or (len(words) == 2 and last in STATES_OF_THINGS and _only_a_verb(first))
    leads = first in COMPLEMENT_VERBS or (first in lexicon.COMMAND_VERBS and dropped)
    if reading.grammar == "past" and first_is_plain_verb and reading.index != 0 and leads:
        asked = f"'{last}' the state it asks for" if first in STATE_VERBS else "the rest what it acts on"
        found.append(("imperative", 0.35, f"'{first}' first may be an order, {asked}", first))
    if reading.grammar == "past" and last in lexicon.SAME_FORM_PARTICIPLES and reading.index == len(words) - 1:
        found.append(("imperative", 0.3, f"'{last}' at the end may be a verb acting on what comes before", last))
    elif reading.grammar == "past" and first_is_plain_verb and _fact_after_a_condition(words):
        found.append(
            ("imperative", 0.35, f"'{first}' first may be an order given when the fact after it happens", first)
        )
    if reading.grammar == "noun" and last in lexicon.NEWER_NOUNS and not first_is_plain_verb:
        found.append(("imperative", 0.3, f"'{last}' at the end may be a verb acting on what comes before", last))
    if reading.grammar == "noun":
        if first_is_plain_verb:
            why = f"'{first}' first may be a verb acting on '{last}'"
            found.append(("imperative", _verb_weight(first), why, first))
        past = next((w for w in words if inflect.is_past_form(w)), None)  # `ExpiredCarts`: carts that expired?
        if past is not None:
            found.append(("past", 0.3, f"'{past}' may be a past form", past))
    if reading.grammar == "imperative" and reading.index is not None and 0 < reading.index < len(words) - 1:
        subject = words[reading.index - 1]
        # `user_change_email`: what a user did to something, a statement of fact (not `user_add_to_group`, where
        # the user is what the order acts on)
        # (a signal's snake_case name says who did it; `UserCreateAccount` is a namespaced order)
        if separated and reading.index == 1 and _a_person(subject) and _object_noun(words[2]):
            why = f"'{subject}' before '{words[reading.index]}' may be who does it: a statement of what happened"
            found.append(("past", 0.35, why, words[reading.index]))
    hook = _hook_inside(words, reading.index) if reading.grammar == "imperative" and reading.index is not None else None
    verb = words[reading.index] if reading.index is not None else ""
    if hook is not None and not (_is_noun(verb) or verb in CLOSED_COMPOUNDS):
        hook = None  # `send_email_post_save`: an order given after a save, not a hook named for a thing
    if hook is not None:
        why = f"'{words[hook]} {words[hook + 1]}' may make it a lifecycle hook, not an instruction"
        found.append(("noun", 0.35, why, None))
    if reading.grammar == "imperative" and reading.index is not None and reading.index + 2 < len(words):
        link = words[reading.index + 1]
        if link in FINITE_LINKS:  # `ExportIsReady`: 'export' may be the subject of a statement, a fact
            why = f"'{link}' after '{words[reading.index]}' may make it the subject of a statement: a fact"
            found.append(("past", 0.35, why, words[-1]))
    state = _state_reached(words, reading.index) if reading.grammar == "imperative" else None
    if state is not None:
        # `purchase_complete`, `checkout_ready_signal`: the state what comes before reached, a fact
        why = f"'{words[state]}' may be the state '{words[state - 1]}' is in, a fact"
        found.append(("past", 0.35, why, words[state]))
    order_after = _order_after_the_fact(words, reading, vocabulary)
    if order_after is not None:
        why = f"'{words[order_after]}' after the fact may be the order given when it happens"
        found.append(("imperative", 0.35, why, words[order_after]))
    if reading.grammar == "past" and _describes_a_noun(words, reading.index):
        past = words[reading.index]  # type: ignore[index]
        found.append(("noun", 0.3, f"'{past}' may describe '{last}', a noun phrase naming a thing", None))
    if last in REPLY_WORDS:
        found.append(("reply", 0.3, f"'{last}' at the end answers a request", None))
    return found


def _state_reached(words: tuple[str, ...], index: int | None) -> int | None:
    """The position of a last word that is also an adjective after a noun (`purchase_complete`; before a
    trailing `signal`, the mechanism, in `purchase_complete_signal`), else None."""
    end = len(words) - 2 if len(words) >= 3 and words[-1] == "signal" else len(words) - 1
    if index is None or index != end or end < 1:
        return None
    found = lexicon.entry(words[end])
    return end if found is not None and found.adjective > 0 and _is_noun_like(words[end - 1]) else None


def _is_noun_like(word: str) -> bool:
    found = lexicon.entry(word)
    return found is None or found.is_noun


def _order_after_the_fact(words: tuple[str, ...], reading: _Reading, vocabulary: Vocabulary) -> int | None:
    """`fulfillment_completed_update_line_item`, `order_paid_send_receipt`: a fact, then a verb acting on what
    follows it, as a task is named for what triggers it and what it does. The verb's position, or None."""
    if reading.grammar != "past" or reading.index is None:
        return None
    for index in range(reading.index + 1, len(words) - 1):
        if _plain_verb(words[index], vocabulary) and _object_noun(words[index + 1]):
            return index
    return None


def _describes_a_noun(words: tuple[str, ...], index: int | None) -> bool:
    """`drm_encrypted_content`: a past form with only nouns after it (none of them also a verb) may be an
    adjective of the last one, as `expired` is in `ExpiredTokens`."""
    if index is None or index >= len(words) - 1:
        return False
    return all(_mostly_a_noun(word) for word in words[index + 1 :])


def _mostly_a_noun(word: str) -> bool:
    """A word the lexicon knows as a noun more than as a verb (`content`), or does not know as a verb at all
    (`notification`: the lexicon lists verbs), and no verb form."""
    if inflect.is_past_form(word) or word.endswith("ing") or word in _FUNCTION_WORDS:
        return False  # `OrderPlacedByCustomer`: `by` links the fact to who did it
    found = lexicon.entry(word)
    return found is None or not found.is_verb or found.noun > found.verb


_NOMINAL_ENDINGS = ("tion", "sion", "ment", "ance", "ence", "ure", "al")
# Nouns that name a moment of something's life; after a noun they head the phrase (`runStart`, `jobFailure`)
_ACTION_NOUNS = frozenset(
    ["start", "stop", "end", "finish", "change", "update", "launch", "reset", "restart", "exit", "failure"]
    + ["success", "completion", "creation", "deletion", "expiry", "timeout", "renewal", "approval", "removal"]
)


def _noun_phrase(words: tuple[str, ...]) -> bool:
    """Can a name read as an order first also be a noun phrase (`runStart`, `creditOnAccount`, `resource`,
    `directDebitCollection`)? Its first word is also a noun, or it ends in a noun made from a verb, and nothing in
    it is a past or -ing form."""
    if any(inflect.is_past_form(w) or w.endswith("ing") for w in words[1:]):
        return False
    first, last = words[0], words[-1]
    found = lexicon.entry(first)
    first_is_noun = found is None or found.is_noun
    if len(words) == 1:
        return first_is_noun
    # `register with ...`, `schedule to ...`: a verb and what links it to its object
    linked = words[1] in PREPOSITIONS | PARTICLES | {"with", "into", "onto", "at", "as"}
    if len(words) >= 3 and not linked and last.endswith(_NOMINAL_ENDINGS) and len(last) > 5:
        return True  # `DirectDebitCollection`: a head noun made from a verb ends it
    if len(words) == 2:
        return first_is_noun and last in _ACTION_NOUNS  # `runStart`: the start of a run; not `ShipOrder`
    last_entry = lexicon.entry(last)
    known_noun = last_entry is not None and last_entry.noun > 0
    mostly_noun = found is not None and found.noun >= found.verb  # `credit on account`, not `turn on lights`
    return len(words) == 3 and words[1] in PREPOSITIONS | {"on", "in"} and mostly_noun and known_noun


# Nouns for a set of properties of what the word before them names: `join_rules` are the rules for joining.
PROPERTY_SETS = frozenset(["rules", "options", "settings", "preferences", "details", "limits", "policies"])
# Nouns for a moment of an action: after a verb alone they head the name (`perform_start`: the start of a perform).
MOMENTS = frozenset(["start", "end", "finish", "stop", "exit", "completion", "success", "failure", "timeout"])
# Nouns for a message or a document about something: at the end they head the name (`release_note`, `ride_request`).
NOTICES = frozenset(
    ["reminder", "reminders", "receipt", "note", "notes", "notice", "notification", "notifications", "confirmation"]
    + ["warning", "warnings", "alert", "alerts", "preview", "summary", "digest", "invitation", "request", "requests"]
)


def _nominal_reading(words: tuple[str, ...], index: int) -> str | None:
    """Why a name read as an order may also be a noun phrase, if a careful reader could take it so. English
    compounds nouns freely: a word that is also a noun or an adjective before nouns (`issue_label`, `tag_push`,
    `direct-debit-mandate-review`), an order's verb that is also a noun after a noun (`pull_request_sync`), a head
    noun at the end that names an outcome, a moment or a set of properties (`REGISTER_ERROR`, `perform_start`,
    `join_rules`), a phrasal verb alone (`BackOff`: a back-off)."""
    verb, rest, last = words[index], words[index + 1 :], words[-1]
    if index == 0 and _noun_phrase(words):
        what = "a noun" if len(words) == 1 else "a noun phrase"
        return f"'{' '.join(words)}' may be {what} naming a thing, not an order"
    if (verb, rest[:1]) in _KNOWN_PAIRS:
        return f"'{verb} {rest[0]}' is a compound noun"
    from_somewhere = index == 0 and rest[:1] and rest[0] in PLACES_FROM and len(rest) > 1
    if from_somewhere and _is_noun(verb) and not _only_a_verb(verb):
        # `PushFromGithub`, `CallFromCustomer`: the thing that came from somewhere, as much as an order
        return f"'{verb} {' '.join(rest)}' may name the thing (a {verb} {' '.join(rest)}), not an order"
    if len(words) == 1 and _adjective_use(verb):
        return f"'{verb}' may be an adjective naming a state"  # `complete`
    if len(words) == 1 and verb in lexicon.NEWER_NOUNS:
        return f"'{verb}' may be a noun for what software does"  # `ticket.merge`: a merge of tickets
    if len(words) > 1 and words[1] in PARTICLES and (len(words) == 2 or words[2] in PREPOSITIONS):
        return f"'{verb} {words[1]}' may name the thing (a {verb}-{words[1]}), not an order"  # `BackOff`
    if verb in ("post", "pre") and len(words) == 2 and _action_noun(last):
        return f"'{verb}' may be the prefix {verb}- ({verb} {last}), not a verb"  # `post_payment`
    if len(words) == 2 and last in ("signal", "message") and _modifies(verb):
        # `test_signal`, `WakeupMessage`: a word that is also a noun before the word for what it is names it
        return f"'{verb} {last}' may name the {last} (a {verb} {last}), not an order"
    if len(words) == 2 and last in MOMENTS | OUTCOME_HEADS:
        return f"'{last}' at the end may be the head: the {last} of '{verb}'"
    if len(words) == 2 and _is_state_word(last):
        return f"'{last}' may be the state of the {verb}, not its object"  # `restore_complete`
    if rest and last in NOTICES and all(_modifies(w) for w in words[:-1]):
        return f"'{last}' at the end may head a noun phrase: the {' '.join(words[:-1])} {last}"  # `release_note`
    if rest and not all(_head_noun(w) for w in rest if w not in PARTICLES | PREPOSITIONS):
        return None
    if rest and (last in OUTCOME_HEADS or last in PROPERTY_SETS):
        return f"'{last}' at the end may be the head, '{verb}' what it is about"
    if index == 0:
        return _modifier_first(verb, rest, last)
    previous = words[index - 1]
    # `THREAD_LIST_SYNC`, `review_request`, `update_metadata`: nothing after it, or a head noun that names an action
    # or a part; `payment_list_gateways` lists gateways
    only_nouns_after = not rest or (all(_head_noun(w) for w in rest) and _names_an_action_or_part(last))
    noun_before = lexicon.entry(previous) is None or _is_noun(previous) or previous.endswith("ing")
    if _noun_as_often(verb) and only_nouns_after and noun_before:
        return f"'{verb}' after '{previous}' may be a noun: a compound naming a thing, not an order"
    return None


# Verbs that are also nouns for what software does, besides the newer ones (`ImportJob`, `ExportFile`), and the
# things of software such an action names (`DownloadLink`, `BackupPolicy`): `UpdatePassword` stays an order.
SOFTWARE_ACTION_NOUNS = frozenset(["import", "export", "build", "upgrade"])
SOFTWARE_ARTEFACTS = frozenset(
    ["link", "links", "script", "scripts", "session", "task", "tasks", "file", "files", "policy", "log", "logs"]
    + ["url", "token", "status", "progress", "window", "step", "config", "settings", "target", "source"]
)


def _modifies(word: str) -> bool:
    """Can the word stand before a noun to describe it (`release` note, `check-in` reminder; not `send`)?"""
    found = lexicon.entry(word)
    return found is None or found.is_noun or word in PARTICLES or _software_action(word)


def _modifier_first(verb: str, rest: tuple[str, ...], last: str) -> str | None:
    """`issue_milestone`, `tag_push`, `direct_debit_mandate_review`: a first word that is a noun before a word for
    one of its attributes or for what software did to it, or an adjective before a noun phrase, may modify the rest."""
    if not rest or not _head_noun(last):
        return None
    software_action = verb in lexicon.NEWER_NOUNS or verb in CLOSED_COMPOUNDS or verb in SOFTWARE_ACTION_NOUNS
    if software_action and (last in SOFTWARE_ARTEFACTS or last in TECHNICAL_WORDS or last in SYSTEM_NOUNS):
        return f"'{verb}' may be a noun for what software does: the {verb} {' '.join(rest)}"  # `DownloadLink`
    found = lexicon.entry(verb)
    if found is None:
        return None
    if found.noun >= 1 and len(rest) == 1 and last in ATTACHED_PARTS:
        return f"'{last}' may be an attribute of '{verb}'"  # `issue_milestone`
    if found.adjective >= 1 and len(rest) >= 2 and rest[0] not in PARTICLES:
        return f"'{verb}' may be an adjective before '{' '.join(rest)}'"  # `direct debit mandate review`
    if found.noun >= 1 and _software_action(last) and all(w not in PARTICLES for w in rest):
        return f"'{last}' at the end may be a noun for what was done to '{verb}'"  # `tag_push`
    return None


def _head_noun(word: str) -> bool:
    """A noun that can end a compound: not a word WordNet only ever saw as a verb (`add`), unless software uses it
    as a noun (`sync`, `update`)."""
    if _software_action(word):
        return True
    found = lexicon.entry(word)
    return _object_noun(word) and (found is None or found.noun >= 1 or found.verb <= 0)


def _noun_as_often(word: str) -> bool:
    """A verb used at least as often as a noun: WordNet says so (`review`), or it names what software does (`sync`)."""
    found = lexicon.entry(word)
    return _software_action(word) or (found is not None and found.noun >= max(found.verb, 1))


def _names_an_action_or_part(word: str) -> bool:
    """`sync`, `request`, `metadata`: a noun that heads a compound rather than being acted on."""
    found = lexicon.entry(word)
    action_noun = found is not None and found.noun >= 1 and found.verb >= 1
    return _software_action(word) or action_noun or word in ATTACHED_PARTS


def _software_action(word: str) -> bool:
    """A noun for what software does, to head a compound (`push`, `sync`, `update`, `start`)."""
    return word in lexicon.NEWER_NOUNS or word in _ACTION_NOUNS


def _adjective_use(word: str) -> bool:
    found = lexicon.entry(word)
    return found is not None and found.adjective >= 1


def _plain_verb(word: str, vocabulary: Vocabulary) -> bool:
    """A verb in its base form: not a past form, not an -ing form, not a greeting or signal (`ping`)."""
    if word in lexicon.SIGNAL_NOUNS or inflect.is_past_form(word) or word.endswith("ing"):
        return False
    return _is_verb(word, vocabulary)


def _fact_after_a_condition(words: tuple[str, ...]) -> bool:
    """`OrderBeerOnRoomBooked`: an object, then `on`, `when`, `if` or `after` and the fact that sets it off."""
    return any(w in ("on", "when", "if", "after", "upon") for w in words[2:-1])


def _verb_weight(word: str) -> float:
    """How likely a noun that can be a verb is read as one: its share of verb senses, kept between 0.2 and 0.45."""
    found = lexicon.entry(word)
    if found is None or found.verb <= 0:
        return 0.2
    share = found.verb / (found.verb + max(found.noun, 0) + 1)
    return round(min(0.45, max(0.2, share)), 2)


def _judged_words(name: str, vocabulary: Vocabulary) -> _Judged:
    """The words of the segment that names the message: trailing envelope segments (`event`, `avro`, versions)
    dropped, a one-word fact joined to its subject (`billing/invoice/paid`), a particle to its verb
    (`device/turn/on`), and brand names joined into one word (`PayPal`, `pay_pal`)."""
    cased = [_join_names(segment, vocabulary) for segment in cased_segments(name)]
    lowered = [tuple(w.lower() for w in segment) for segment in cased]
    meaningful = [i for i, s in enumerate(lowered) if split_kind_suffix(s)[0]]
    if not meaningful:
        return _Judged((), None, {}, frozenset(), False)
    trailing_kind = library = None
    while len(meaningful) > 1 and _wraps(split_kind_suffix(lowered[meaningful[-1]])[0]):
        wrapper = lowered[meaningful.pop()]
        trailing_kind = trailing_kind or _envelope_kind(wrapper)
        library = library or (None if all(w in ENVELOPE_WORDS for w in wrapper) else "_".join(wrapper))
    if len(meaningful) > 1 and _qualifies_a_fact(lowered[meaningful[-1]], lowered[meaningful[-2]]):
        meaningful.pop()  # `s3:ObjectCreated:Put`: the fact before names the message, `Put` says how it happened
    index = meaningful[-1]
    words, kind = split_kind_suffix(lowered[index])
    topic_action = alone = False
    if len(meaningful) > 1 and len(words) == 1:
        alone = True
        previous, _ = split_kind_suffix(lowered[meaningful[-2]])
        if words[0] in PARTICLES or _single_word_past(words[0]) or inflect.is_past_form(words[0]):
            # `device/turn/on`: the particle's verb; `orders.created`: the fact is about the segment before it
            words = (*previous[-1:], *words)
        elif "/" in name:
            topic_action = True  # a path's last segment is the action on the resource before it (`user/signup`)
    spellings = {w.lower(): w for segment in cased for w in segment if _is_proper_spelling(w, name)}
    proper = frozenset(w for w in spellings if w in words) | frozenset(w for w in words if w in PRODUCT_NAMES)
    split = tuple(part for word in words for part in _split_particle(word))
    subject = split_kind_suffix(lowered[meaningful[-2]])[0] if alone else ()
    namespace = tuple(w for i in meaningful[: -2 if alone else -1] for w in lowered[i])
    noun_after = len(lowered[index]) > len(words) and lowered[index][-1] in NOISE_SUFFIXES
    return _Judged(
        split,
        kind or trailing_kind,
        spellings,
        proper,
        topic_action,
        index,
        library,
        subject,
        namespace,
        alone,
        noun_after,
    )


def _qualifies_a_fact(words: tuple[str, ...], previous: tuple[str, ...]) -> bool:
    """A segment after one that states a whole fact (a subject and a regular past form: `ObjectCreated`) and
    states none of its own: it says how or which (`Put`, `CompleteMultipartUpload`), it is not the message."""
    fact = len(previous) >= 2 and previous[-1].endswith("ed") and inflect.is_past_form(previous[-1])
    return fact and not any(w.endswith("ed") and inflect.is_past_form(w) for w in words)


def _wraps(words: tuple[str, ...]) -> bool:
    """A trailing segment that wraps the name: envelope words (`event`, `avro`) or the library that emits it
    (`render_template.action_view`, `perform.active_job`: Rails instrumentation puts the library last)."""
    if all(w in ENVELOPE_WORDS for w in words):
        return True
    return words in (("railties",), ("rails",)) or (len(words) == 2 and words[0] in ("action", "active"))


def _envelope_kind(words: tuple[str, ...]) -> str | None:
    kinds = {"event": "event", "evt": "event", "command": "command", "cmd": "command"}
    return next((kinds[w] for w in words if w in kinds), None)


def _join_names(words: tuple[str, ...], vocabulary: Vocabulary) -> tuple[str, ...]:
    """Join the pieces of a brand or of a project's own word into one (`Pay` `Pal` -> `PayPal`, `i` `OS` ->
    `iOS`); a single lower-case letter before a capital starts a mixed-case name (`eBay`, `iPhone`)."""
    known = PRODUCT_NAMES | vocabulary.domain_words
    joined: list[str] = []
    index = 0
    while index < len(words):
        for end in range(min(len(words), index + 3), index + 1, -1):
            piece = "".join(words[index:end])
            if piece.lower() in known:
                joined.append(piece)
                index = end
                break
        else:
            word = words[index]
            following = words[index + 1] if index + 1 < len(words) else ""
            if len(word) == 1 and word.islower() and following[:1].isupper():
                joined.append(word + following)
                index += 2
            else:
                joined.append(word)
                index += 1
    return tuple(joined)


def _is_proper_spelling(word: str, name: str) -> bool:
    """A brand written in mixed case (`PayPal`, `iOS`) or an acronym inside a name that is not all capitals."""
    if word.lower() in PRODUCT_NAMES or (len(word) > 1 and word[1:] != word[1:].lower() and not word.isupper()):
        return True
    return len(word) > 1 and word.isupper() and not word.isdigit() and any(c.islower() for c in name)


LIFECYCLE_PREFIXES = frozenset(["before", "after", "on"])  # `pre`, `post` only when written apart: PostComment
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
    if word in vocabulary.proper_nouns:
        return False
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
HOW_QUALIFIERS = frozenset({"async", "bulk", "batch", "background", "deferred", "delayed"})
_FUNCTION_WORDS = (
    lexicon.LINKING
    | lexicon.MODALS
    | lexicon.AUXILIARIES
    | frozenset(
        ["for", "of", "before", "after", "by", "without", "from", "about", "with", "at", "in", "on", "up", "out", "off"]
        + ["near", "within", "via", "per", "against", "across", "into", "onto", "upon", "through", "until", "since"]
    )
)


def _object_noun(word: str) -> bool:
    """A word that can be the object after a verb: a noun, or a word the lexicon does not know (`user`);
    not an -ing form, a past form or a word that is first an adjective (`complete`)."""
    if not word or word.endswith("ing") or inflect.is_past_form(word) or word in _FUNCTION_WORDS:
        return False
    if word.endswith(_ADJECTIVE_ENDINGS) or (word.startswith("un") and inflect.is_past_form(word[2:])):
        return False  # `uncollectible`, `unread`: states, not objects
    found = lexicon.entry(word)
    return found is None or (found.is_noun and found.noun >= found.adjective)


def _leads_as_verb(word: str, vocabulary: Vocabulary, alone: bool, next_word: str = "") -> bool:
    """Does this first word make the name an instruction?"""
    if word in vocabulary.proper_nouns:
        return False
    if word in vocabulary.extra_verbs or word in lexicon.COMMAND_VERBS:
        return True
    if word in lexicon.ASPECTUAL_VERBS and next_word.endswith("ing"):
        return True  # `finish_creating_user`
    if not alone and word in CLOSED_COMPOUNDS and _object_noun(next_word):
        return True  # `CheckoutCart`: the object follows (not `checkout_complete`, a state)
    if next_word in PARTICLES and _is_verb(word, vocabulary) and not word.endswith("ing"):
        return True  # `turnOff`, `device/turn/on`: a phrasal verb
    if inflect.prefixed_verb(word) is not None and not word.endswith("ing"):
        return True  # `Unarchive`, `DeprovisionTenant`: a known verb behind un-, re-, de-, ... (not `missing`)
    if next_word in PLACES_FROM and _mostly_a_verb(word):
        return True  # `pull_from_github`, `move_into_archive`: where it takes or puts something
    if word in lexicon.SIGNAL_NOUNS or word.endswith("ing") or inflect.is_past_form(word):
        return False
    found = lexicon.entry(word)
    if found is None or not found.is_verb:
        return False
    if word in lexicon.ADJECTIVE_MODIFIERS and next_word.endswith("ing"):
        return False  # `long_running`: an adjective compound
    if found.is_noun:
        if found.noun == 0 and found.verb > 0 and _object_noun(next_word):
            return True  # `HijackInvoice`: a noun nobody uses, before its object
        if alone:
            return found.verb > 2 * found.noun  # `reports.build`
        return found.verb > 4 * found.noun + 1  # before another word: `project_transfer` is a noun compound
    return found.adjective <= max(found.verb, 1) * 3


def _verb_in_the_middle(word: str, vocabulary: Vocabulary, last: bool, has_head_noun_only: bool = False) -> bool:
    """`SlackPostMessage`, `groupClose`, `payment_authorize`: a later word that acts on the words before it.
    A word that is also a noun counts only when it is a command verb and has an object after it, or is
    mostly a verb (`fileChange`, `PriceChange` and `commentCountChange` stay nouns)."""
    if word in vocabulary.extra_verbs:
        return True
    if word in vocabulary.proper_nouns or word in lexicon.SIGNAL_NOUNS or word in lexicon.EXCHANGE_SUFFIXES:
        return False
    if word.endswith("ing") or (word in _FUNCTION_WORDS and word not in PARTICLES):
        return False  # `SecretNearExpiry`
    found = lexicon.entry(word)
    if found is None or not found.is_verb or inflect.is_past_form(word):
        return False
    if last and (word in lexicon.STATE_ADJECTIVES or (word in CRUD_NOUNS and found.is_noun)):
        return False  # `OrderComplete`, `PriceChange`; but `GUILD_ROLE_DELETE` ends in a verb
    if word in lexicon.NEWER_NOUNS and (last or not found.is_noun):
        return False  # `pull_request_sync`, `service_upload`: what software does, named as a noun after its object
    if not found.is_noun:
        return found.adjective < 0 or found.verb >= found.adjective
    if last:
        # as much a noun as a verb at the end is a compound (`project_transfer`, `page_build`); `groupClose` acts
        if word in lexicon.COMMAND_VERBS:
            return found.noun == 0 or found.verb > 4 * found.noun
        return found.verb > 4 * found.noun + 1
    if word in lexicon.COMMAND_VERBS:
        return not has_head_noun_only
    return found.verb > 2 * found.noun + 1


def _read(
    words: tuple[str, ...],
    vocabulary: Vocabulary,
    kind_suffix: str | None = None,
    topic_action: bool = False,
    separated: bool = False,
    lone: bool = False,
) -> _Reading:
    if not words:
        return _Reading("noun")
    if lone and _lone_verb(words[0], vocabulary):
        return _Reading("imperative", 0, f"'{words[0]}' alone is as much a verb as a noun: named for what it does")
    if topic_action and (words[0] in CLOSED_COMPOUNDS or words[0] in lexicon.COMMAND_VERBS):
        # `user/signup`: the last segment of a topic is the action on the resource before it
        return _Reading("imperative", 0, f"'{words[0]}' is the action on the topic's resource")
    if _is_hook(words, separated):
        # `BeforeSave`, `after_commit`, `pre_save`: a hook around an action, not an instruction to do it
        return _Reading("noun", None, f"'{words[0]}' makes it a lifecycle hook, not an instruction")
    if _hook_on_a_thing(words) and not _leads_as_verb(words[0], vocabulary, alone=False, next_word=words[1]):
        # `invoice_before_save`, `ProfileAfterDelete`: the same hook, on the thing named first
        return _Reading("noun", None, f"'{words[-2]} {words[-1]}' makes it a lifecycle hook, not an instruction")
    # `please_send`, `async_uninstall`: a word before the verb that only says how
    start = 1 if words[0] in lexicon.MODALS and len(words) > 1 else 0
    if words[0] in HOW_QUALIFIERS and len(words) > 1:
        after = words[2] if len(words) > 2 else ""
        start = 1 if _leads_as_verb(words[1], vocabulary, alone=len(words) == 2, next_word=after) else 0
    last = len(words) - 1
    clause = _clause_after_a_noun(words, start, vocabulary)
    if clause is not None:
        return clause
    if inflect.is_past_form(words[last]) and last > 0 or (last == 0 and _single_word_past(words[0])):
        if start and _is_verb(words[start], vocabulary):
            return _Reading("imperative", start, f"'{words[start]}' after '{words[0]}' asks for action")
        if kind_suffix == "command" and last > start and words[start] in lexicon.COMMAND_VERBS:
            # `CompleteReservedCommand`: the suffix and a command verb first make the past form its complement
            return _Reading("imperative", start, f"'{words[start]}' leads and the suffix says command")
        if _tells_a_fact(words[start], words[start + 1 :], vocabulary):
            return _Reading("imperative", start, f"'{words[start]}' leads: the fact after it is what to pass on")
        if last >= 2 and words[last - 1] in lexicon.LINKING and _leads_as_verb(words[start], vocabulary, False):
            return _Reading("imperative", start, f"'{words[start]}' leads; '{words[last]}' is its complement")
        if _asks_for_state(words, start, vocabulary):
            return _Reading("imperative", start, f"'{words[start]}' first asks for '{words[last]}', its complement")
        if last > start and _unmarked_past_noun(words[last]) and _mostly_a_verb(words[start]):
            # `CalculateCost`, `EstimateCost`: a past form spelled as its base is the noun a verb first acts on
            return _Reading("imperative", start, f"'{words[start]}' first acts on '{words[last]}', here a noun")
        return _Reading("past", last, f"'{words[last]}' at the end is a past form")
    following = words[start + 1] if start + 1 < len(words) else ""
    if kind_suffix not in (None, "command") and len(words) == 1 and _is_noun(words[0]) and not _mostly_a_verb(words[0]):
        # `TestEvent`: a word seen more as a noun names the kind of event; `ScheduleEvent`, `ArchiveCommand` act
        return _Reading("noun", None, f"'{words[0]}' says what kind of {kind_suffix} it is")
    progressive = _progressive_at_end(words)
    if _leads_as_verb(words[start], vocabulary, alone=len(words) == 1, next_word=following):
        if progressive and _subject_of_gerund(words[start], words[-1]):
            return progressive
        if kind_suffix != "command" and _names_an_attribute(words, start):
            return _Reading("noun", None, f"'{words[start]}' describes '{words[-1]}'")  # `BookTitle`, `TestResult`
        if kind_suffix != "command" and last == start + 1 and _is_state_word(words[last]) and _is_noun(words[start]):
            # `update_available`, `post_unread`: no object after the first word, but a state of it
            return _Reading("noun", None, f"'{words[last]}' is a state of '{words[start]}', not its object")
        if kind_suffix != "command" and _event_head(words, start):
            return _Reading("noun", None, f"'{words[-1]}' at the end is the head: the {words[-1]} of a {words[start]}")
        if kind_suffix != "command" and _names_an_outcome(words, start):
            return _Reading("noun", None, f"'{words[-1]}' at the end is the head: the outcome of '{words[start]}'")
        return _Reading("imperative", start, f"'{words[start]}' at the start is a command verb")
    if kind_suffix == "command" and _is_verb(words[start], vocabulary) and _object_noun(following):
        return _Reading("imperative", start, f"'{words[start]}' first can be a verb, and the suffix says command")
    if progressive:
        return progressive
    if _activity_first(words, start):
        return _Reading("progressive", start, f"'{words[start]}' first is an activity going on, on '{following}'")
    if last > start and inflect.is_past_form(words[start]) and words[start] not in lexicon.AUXILIARIES:
        if words[start] not in OUTCOMES and all(_object_noun(w) for w in words[start + 1 :]):
            return _Reading("noun", None, f"'{words[start]}' describes '{words[last]}'")  # `ExpiredTokens`
        return _Reading("past", start, f"'{words[start]}' at the start is a past form")
    for index in range(start + 1, len(words)):
        word = words[index]
        if word in lexicon.AUXILIARIES:
            continue  # `ProductWasOutOfStock` states; `BidderHasBeenOverbid` is past through `overbid`
        if word in ("pre", "post") and index < last and _runs(words[index + 1]):
            continue  # `IDENTITY_PROVIDER_POST_LOGIN`: the prefix post- (after the login), not the verb
        if inflect.is_past_form(word) and not _follows_modifier(words, index):
            if _describes_an_object(words, index, vocabulary) or _after_a_determiner(words, start, index):
                continue  # `GUILD_SCHEDULED_EVENT_USER_ADD`: 'scheduled' describes the event that is acted on
            return _Reading("past", index, f"'{word}' is a past form")
        if word in lexicon.EXCHANGE_SUFFIXES and index == last and index > start:
            previous = words[index - 1]
            if _leads_as_verb(previous, vocabulary, alone=False) or _verb_in_the_middle(previous, vocabulary, False):
                return _Reading("imperative", index - 1, f"'{previous}' before '{word}' names the action")
        if index == last - 1 and _is_noun(word) and _action_noun(words[last]):
            continue  # `ObjectStoreOperation`, `AssetCheckEvaluation`: a noun before the action noun that heads it
        head_only = index == last - 1 and words[last] in CRUD_NOUNS
        if index == last and kind_suffix == "event" and _is_noun(word):
            continue  # `StreamStartEvent`: the suffix makes the last word a noun (the start of a stream)
        if _verb_in_the_middle(word, vocabulary, index == last, head_only) and not _follows_modifier(words, index):
            if index < last and words[last] in OUTCOME_HEADS:  # `INVOICE_DELETE_ERROR`: the error of a deletion
                return _Reading("noun", None, f"'{words[last]}' at the end is the head: the outcome of '{word}'")
            return _Reading("imperative", index, f"'{word}' is a verb acting on '{words[index - 1]}'")
    return _Reading("noun", None, "no verb")


RELATIVE_PRONOUNS = frozenset(["that", "which", "who", "whose", "whom"])
# Forms of `be` that make the words before them the subject of a statement (`ExportIsReady`).
FINITE_LINKS = frozenset(["is", "are", "was", "were"])
# Words that open a noun phrase: what follows them names a thing (`MyScheduledTask`, `AnotherArchivedOrder`).
DETERMINERS = frozenset(["my", "our", "your", "their", "the", "a", "an", "some", "any", "another", "other", "this"])


def _clause_after_a_noun(words: tuple[str, ...], start: int, vocabulary: Vocabulary) -> _Reading | None:
    """A clause that describes the words before it makes the name a noun phrase: a relative clause
    (`JobThatTimedOut`), an infinitive of purpose (`ItemToShip`, `invoices_to_send`); or, after a noun, something
    being done to it (`ParcelBeingWeighed`). Not after a verb that leads (`ConvertToPdf`, `SendToQueue`)."""
    for index in range(start + 1, len(words) - 1):
        word, after, before = words[index], words[index + 1], words[index - 1]
        if any(inflect.is_past_form(w) for w in words[start:index]):
            return None  # `ItemAddedToCart`, `SomethingHappenedThatMatters`: the fact comes first
        if word in RELATIVE_PRONOUNS:
            return _Reading("noun", None, f"'{word}' opens a clause about '{before}': a noun phrase")
        leads = _leads_as_verb(words[start], vocabulary, alone=False, next_word=words[start + 1])
        infinitive = after == "be" or _is_verb(after, vocabulary)
        if word == "to" and infinitive and not leads and not _mostly_a_verb(before):  # not `user_add_to_group`
            return _Reading("noun", None, f"'to {after}' says what '{before}' is for: a noun phrase")
        if word == "being" and inflect.is_past_form(after) and not leads:
            return _Reading("progressive", index + 1, f"'being {after}' is something being done now")
    return None


def _activity_first(words: tuple[str, ...], start: int) -> bool:
    """`ChangingProductBrand`, `CreatingInvoice`: an -ing form first that is no noun nor adjective of its own, of a
    verb used mostly as a verb, before the thing it acts on, names an activity going on. Not before a noun for
    who does it (`CompetingConsumer`, `PollingWorker`: the -ing form describes them) nor a listed -ing noun."""
    word = words[start]
    if start + 1 >= len(words) or word in lexicon.ING_NOUNS or word in lexicon.NOT_PROGRESSIVE:
        return False
    base = inflect.gerund_base(word)
    found = lexicon.entry(word)
    if base is None or not _mostly_a_verb(base) or (found is not None and (found.noun > 0 or found.adjective > 0)):
        return False
    rest = words[start + 1 :]
    objects = all(_object_noun(w) or _is_ing_noun(w) for w in rest)  # `CancellingBooking`
    return objects and not _names_an_agent(rest[0])


def _is_ing_noun(word: str) -> bool:
    """`booking`, `shipping`: an -ing word that names a thing."""
    found = lexicon.entry(word)
    return word in lexicon.ING_NOUNS or (word.endswith("ing") and found is not None and found.noun > 0)


# Nouns for people (or parties) that act in a business, besides the -er/-or nouns made from verbs (`buyer`).
PEOPLE = frozenset(
    ["user", "customer", "member", "admin", "administrator", "client", "guest", "employee", "staff", "student"]
    + ["patient", "tenant", "author", "person", "participant", "attendee", "candidate", "merchant", "vendor"]
    + ["supplier", "partner", "agent", "operator", "moderator", "contributor", "volunteer", "applicant"]
)


def _a_person(word: str) -> bool:
    return word in PEOPLE or _names_an_agent(word)


def _names_an_agent(word: str) -> bool:
    """`consumer`, `worker`, `poller`: a noun for who does what its verb says."""
    for ending, restored in (("er", ""), ("er", "e"), ("or", ""), ("or", "e"), ("ier", "y")):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)] + restored
            if _mostly_a_verb(stem):
                return True
    return False


def _after_a_determiner(words: tuple[str, ...], start: int, index: int) -> bool:
    """`MyScheduledTask`: after a determiner first, a past form before a noun describes that noun."""
    return words[start] in DETERMINERS and index < len(words) - 1 and _object_noun(words[index + 1])


def _lone_verb(word: str, vocabulary: Vocabulary) -> bool:
    """`walk`, `poll`, `crawl`: a name of one word that WordNet saw used as a verb about as often as a noun (one
    sense either way) names what it does; `Order` (more often a noun), `Ready` (an adjective) and `Ping` do not."""
    found = lexicon.entry(word)
    if found is None or found.verb <= 0 or word in vocabulary.proper_nouns or word in lexicon.SIGNAL_NOUNS:
        return False
    if word.endswith("ing") or inflect.is_past_form(word):
        return False
    return found.verb + 1 >= found.noun and found.adjective < found.verb


HOOK_WORDS = frozenset(["before", "after", "pre", "post"])


_NOUN_ENDINGS = ("tion", "sion", "ment", "ance", "ence", "ity", "ness", "ure", "al", "er", "or", "ing", "age", "s")


def _fused_verb(word: str) -> bool:
    """`collectstatic`: a word no dictionary knows that starts with a verb, a command's name (not a noun made from
    the verb, `installation`, `payments`)."""
    if lexicon.entry(word) is not None or inflect.is_past_form(word) or word.endswith(_NOUN_ENDINGS):
        return False
    return any(_mostly_a_verb(word[:end]) for end in range(4, len(word) - 2))


def _hook_on_a_thing(words: tuple[str, ...]) -> bool:
    """`invoice_before_save`, `file_post_delete`, `schema-post-dump`: before or after what a framework does (or,
    after the prefixes pre- and post-, any action), last, after a thing."""
    if len(words) < 3 or words[-2] not in HOOK_WORDS:
        return False
    return words[-1] in FRAMEWORK_ACTIONS or (words[-2] in ("pre", "post") and _only_a_verb(words[-1]))


def _hook_inside(words: tuple[str, ...], index: int) -> int | None:
    """Where a hook around an action starts after the word at `index` (`cleanup_pre_delete`,
    `status_post_move_on_destroy`): a name for when something runs may have a verb before it, as a hook for it."""
    for at in range(index + 1, len(words) - 1):
        if words[at] in HOOK_WORDS and (words[at + 1] in FRAMEWORK_ACTIONS or _mostly_a_verb(words[at + 1])):
            return at
    return None


def _is_hook(words: tuple[str, ...], separated: bool) -> bool:
    """`BeforeSave`, `after_commit`, `pre_save`, `post_delete`: named for when it runs around an action. Not a
    fact after the prefix (`BeforeQueryExecuted`), nor `PreAuthorizePayment` or `PostComment` in one word."""
    if len(words) < 2:
        return False
    if words[0] == "on":
        return True  # `onUserSubscribed` is what a handler listens for
    if len(words) > 2 and inflect.is_past_form(words[-1]):
        return False
    if words[0] in LIFECYCLE_PREFIXES:
        return True
    if not separated:
        return False
    following, last = words[1], words[-1]
    return words[0] == "pre" or (
        words[0] == "post"
        and (
            following in CLOSED_COMPOUNDS
            or (len(words) == 2 and _fused_verb(following))  # `post_collectstatic`: after a command's run
            or following in RUN_WORDS
            or _only_a_verb(following)
            or (len(words) > 2 and (last in RUN_WORDS or _only_a_verb(last)))  # `post_metric_write`
        )
    )


# Past forms that, first, tell how something ended (`FailedMount`: the mount failed), not what it is like.
OUTCOMES = frozenset(["failed", "succeeded", "exceeded", "timed", "crashed", "errored", "aborted"])
RUN_WORDS = frozenset(["init", "run", "fork", "setup", "boot", "start", "commit"])


def _unmarked_past_noun(word: str) -> bool:
    """A past form spelled as its own base that is also a noun: `cost`, `cut`, `set`, `spread`."""
    found = lexicon.entry(word)
    return found is not None and found.verb >= 0 and found.noun >= 1 and inflect.is_past_form(word)


def _mostly_a_verb(word: str) -> bool:
    """A word WordNet saw as a verb at least as often as anything else (`calculate`, `estimate` is not)."""
    found = lexicon.entry(word)
    return found is not None and found.verb >= 1 and found.verb >= max(found.noun, found.adjective)


def _runs(word: str) -> bool:
    """`login`, `checkout`, `commit`: an action that software runs, which pre- and post- can come before."""
    return word in CLOSED_COMPOUNDS or word in RUN_WORDS


def _only_a_verb(word: str) -> bool:
    found = lexicon.entry(word)
    return found is not None and found.is_verb and found.noun <= 0 and found.verb >= 0


# Verbs that pass a fact on: first, before a fact, they order someone to be told of it (`notifyOrderShipped`,
# `publishReviewRejected`).
PASSING_VERBS = frozenset(
    ["notify", "email", "mail", "alert", "inform", "tell", "remind", "warn", "sms", "text", "send", "publish"]
    + ["receive", "emit", "broadcast", "forward", "dispatch", "relay", "handle", "consume", "announce"]
)
_MEDIUM_COMPOUND_ENDINGS = ("tion", "sion")
MEDIA = frozenset(["email", "mail", "sms", "text", "alert"])  # also nouns: `email_confirmation` is an email


def _tells_a_fact(verb: str, told: tuple[str, ...], vocabulary: Vocabulary) -> bool:
    """`notifyOrderShipped`, `sendRefundInitiated`: an order to pass a fact on. Not a technical fact about a
    message (`EmailJobQueued`), nor a compound (`email_confirmation_sent`: the confirmation email was sent)."""
    if verb not in PASSING_VERBS or verb in vocabulary.proper_nouns or len(told) < 2:
        return False
    compound = verb in MEDIA and told[0].endswith(_MEDIUM_COMPOUND_ENDINGS)
    return not compound and not any(w in TECHNICAL_WORDS for w in told)


def _describes_an_object(words: tuple[str, ...], index: int, vocabulary: Vocabulary) -> bool:
    """A past form before a noun, with a verb after both, is an adjective (`DeleteArchivedOrders` has 'delete')."""
    last = len(words) - 1
    if index >= last or not _object_noun(words[index + 1]):
        return False
    return any(_verb_in_the_middle(words[j], vocabulary, j == last) for j in range(index + 2, len(words)))


def _asks_for_state(words: tuple[str, ...], start: int, vocabulary: Vocabulary) -> bool:
    """`MarkPaid`, `FlagAccountSuspended`, `RecordParcelScanned`: a verb that takes an object and a state (or a
    fact), before a past form, with only object nouns between them."""
    verb, between = words[start], words[start + 1 : -1]
    if verb in vocabulary.proper_nouns or not all(_object_noun(w) for w in between):
        return False
    if verb in STATE_VERBS:
        return True
    # `RecordLogUpdated`, `LogRecordDeleted`: a word for a record after another is a compound noun, no object
    return verb in FACT_VERBS and bool(between) and between[0] not in COMPOUND_HEADS | FACT_VERBS


# Nouns that name an attribute or a part of the thing before them (`BookTitle`, `ReturnPolicy`, `RecordType`).
ATTRIBUTE_HEADS = frozenset(
    ["title", "type", "types", "limit", "limits", "policy", "policies", "step", "steps", "summary", "details"]
    + ["info", "history", "settings", "profile", "score", "total", "number", "code", "date", "template", "category"]
    + ["format", "level", "levels", "id", "key", "name", "owner", "holder", "source", "field", "fields", "sheet"]
    + ["rules", "options", "preferences", "metadata", "size", "version", "status"]
)
# Nouns for what is attached to a tracked thing; after a word that is also a noun they may name that part
# (`issue_milestone`), though a first verb may also act on them (`PrintLabel`): a weaker reading only.
ATTACHED_PARTS = ATTRIBUTE_HEADS | frozenset(["milestone", "label", "labels", "assignee", "assignees", "description"])
# the members of a collection: after a word for one (`registrant_list_item`, `order_batch_entry`) they head it
ATTACHED_PARTS |= frozenset(["item", "entry", "row", "element", "member", "line"])


def _names_an_attribute(words: tuple[str, ...], start: int) -> bool:
    """`BookTitle`, `RecordType`, `ReturnPolicy`: a first word that WordNet knows at least as well as a noun as a
    verb, before a noun for an attribute of it and nothing else. `SetStatus` and `ChangeName` stay orders."""
    if len(words) != start + 2 or words[-1] not in ATTRIBUTE_HEADS:
        return False
    found = lexicon.entry(words[start])
    return found is not None and found.noun > 0 and found.noun >= found.verb


# Nouns for how an action ended: at the end of a name they are its head (`LOGIN_ERROR`, `UPDATE_PASSWORD_ERROR`).
OUTCOME_HEADS = frozenset(["error", "errors", "failure", "failures", "success", "exception", "exceptions"])


def _names_an_outcome(words: tuple[str, ...], start: int) -> bool:
    """`UpdatePasswordError`, `login_error`: the outcome of an action, a noun phrase. Right after a verb, the
    outcome is its object (`ThrowError`, `RaiseException`), except after a one-word compound (`login`)."""
    if words[-1] not in OUTCOME_HEADS or len(words) - 1 <= start:
        return False
    return len(words) - 1 > start + 1 or words[start] in CLOSED_COMPOUNDS


# Nouns for something that happens, not for a thing to act on: after a word that is also a noun they head the name
# (`IssueTimeout`: the timeout of an issue; `PlanResult`).
EVENT_HEADS = OUTCOME_HEADS | frozenset(["timeout", "result", "results", "reply", "response", "start", "end", "finish"])


def _event_head(words: tuple[str, ...], start: int) -> bool:
    """`IssueTimeout`, `PlanResult`, `AlertFailure`: a first word WordNet knows at least half as often as a noun as a
    verb (or hardly as a verb), before a noun for something that happens. `ThrowError` (mostly a verb) keeps its
    object."""
    if len(words) != start + 2 or words[-1] not in EVENT_HEADS:
        return False
    found = lexicon.entry(words[start])
    return found is not None and found.is_noun and (2 * found.noun >= found.verb or found.verb <= 1)


_ACTION_NOUN_ENDINGS = ("tion", "sion", "ment", "ance", "ence")


def _action_noun(word: str) -> bool:
    """A noun made from a verb (`operation`, `evaluation`, `payment`): the head of the words before it."""
    return len(word) > 6 and word.endswith(_ACTION_NOUN_ENDINGS) and not _is_verb(word, Vocabulary())


def _is_state_word(word: str) -> bool:
    """An adjective for a state (`available`, `unread`, `unpaid`): a negated participle or a listed state."""
    if word in lexicon.STATE_ADJECTIVES:
        return True
    negated = word.startswith("un") and len(word) > 4 and inflect.is_past_form(word[2:])
    found = lexicon.entry(word)  # `unlocked` is the past of `unlock`, `unread` no verb's
    return negated and not (found is not None and found.is_verb)


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
    """`Shipped`, `Sent`; not `run` or `come`, spelt like their base: alone, such a word is the verb."""
    if not inflect.is_past_form(word):
        return False
    base = inflect.base_form(word)  # `Sent`, `Overpaid`, `Withdrawn`: spelt unlike the verb
    return base is not None and base != word


_ADJECTIVE_ENDINGS = ("ful", "less", "ous", "ible", "able", "cient")


def _follows_modifier(words: tuple[str, ...], index: int) -> bool:
    """`pending_delete`, `SuccessfulMountVolume`, `InsufficientFreeMemory`: the word is a noun after an adjective."""
    if index == 0:
        return False
    previous = words[index - 1]
    return previous in ("pending", "first", "last", "next", "previous") or previous.endswith(_ADJECTIVE_ENDINGS)


def _progressive_at_end(words: tuple[str, ...]) -> _Reading | None:
    """`OrderProcessing`, `Pulling`, and `request-tearing-down` with the particle of a phrasal verb after it."""
    index = len(words) - 2 if len(words) >= 2 and words[-1] in PARTICLES else len(words) - 1
    word = words[index]
    if index < 0 or word in lexicon.NOT_PROGRESSIVE or word in lexicon.ING_NOUNS:
        return None
    if index > 0 and words[index - 1] in lexicon.ADJECTIVE_MODIFIERS:
        return None
    if index > 0 and words[index - 1] in PREPOSITIONS:
        return None  # `OrderReadyForShipping`: a gerund after a preposition names the activity, it is not going on
    if inflect.gerund_base(word) is None:
        return None
    return _Reading("progressive", index, f"'{word}' at the end is an ongoing activity")


# -- technical and CRUD --------------------------------------------------------------------------------


def _technical_words(
    name: str, words: tuple[str, ...], reading: _Reading, vocabulary: Vocabulary, judged: _Judged, hook: str | None
) -> tuple[str, ...]:
    """The words that make the name technical. A word that also names business things (`session`) counts only
    beside one that does not (`SessionSocketClosed`); a word for running software (`job`, `node`) counts beside
    what happens to running software (`JobTimedOut`, `NodeNotReady`) or another such word; a framework's hook or
    library is technical by itself."""
    allowed = vocabulary.domain_words
    known = (TECHNICAL_WORDS | vocabulary.technical_words) - allowed
    subject = judged.subject or ()
    read = tuple(part for word in (*subject, *words) for part in _split_phrase(word))  # `taskrun`: task run
    namespace = _namespace(judged.namespace)
    systems = {w for w in (*namespace, *read) if w in SYSTEM_NOUNS and w not in allowed}
    pairs = list(zip(read, read[1:], strict=False))
    runtime = any(w in RUNTIME_WORDS for w in (*read, *("".join(pair) for pair in pairs)))  # `TimeOut`, `shut_down`
    # `PluginDeleted`: a piece of software itself changed (not `AppPriceChanged`, a business fact about an app)
    runtime = runtime or any(b in CRUD_VERBS["past"] and a in SOFTWARE_NOUNS for a, b in pairs)
    running = runtime or any(w in known for w in read) or len(systems) > 1
    action = words[reading.index] if reading.index is not None else None
    # `connected_merchant_...`, `ConnectedAccountCreated`: a past form before a noun describes it, it tells no
    # infrastructure fact of its own
    describing = {w for w, after in pairs if w != action and inflect.is_past_form(w) and _object_noun(after)}
    found = [w for w in read if (w in known and w not in describing) or (running and w in systems)]
    found += [w for w in namespace if running and w in systems and w not in found]
    found += [" ".join(pair) for pair in pairs if pair in TECHNICAL_PHRASES]
    found += [w for w in namespace if w in known and w not in TRANSPORT_WORDS]
    found += [w for w in namespace if w in CLOUD_NAMESPACES and w not in allowed]  # `google.cloud.sql...`
    if not judged.namespace and len(words) == 1 and words[0] in TECHNICAL_ALONE and words[0] not in allowed:
        found.append(words[0])
    hooked_action = words[-1] if hook is not None and words[-2:-1] == (hook,) else ""  # the action hooked, last
    hooked = hooked_action in FRAMEWORK_ACTIONS  # `pre_save`, `AfterCommit`, `invoice_before_save`
    found += [wrapper for wrapper in (judged.library, hooked and f"{hook}_{hooked_action} hook") if wrapper]
    if not found and re.fullmatch(r"[A-Z]+", name) and name.lower() in HTTP_METHODS:
        found = [name.lower()]
    if not found and reading.grammar in ("past", "imperative") and reading.index is not None:
        # `RecordUpdated`, `InsertRow`: a change to a stored thing that names no business thing
        storing = reading.grammar == "past" or words[reading.index] in FRAMEWORK_ACTIONS | CRUD_VERBS["base"]
        acted_on = words[: reading.index] if reading.grammar == "past" else words[reading.index + 1 :]
        subject = [w for w in acted_on if w not in allowed]
        if storing and subject and all(w in GENERIC_SUBJECTS for w in subject):
            found = subject
    return tuple(dict.fromkeys(found))


_JOINED_PHRASES = {first + second: (first, second) for first, second in TECHNICAL_PHRASES}
_KNOWN_PAIRS = {(first, (second,)) for first, second in TECHNICAL_PHRASES}


def _split_phrase(word: str) -> tuple[str, ...]:
    """A technical phrase written as one word (`taskrun`, `pipelinerun`, `healthcheck`) is its two words."""
    return _JOINED_PHRASES.get(word, (word,))


# The first segment of a reverse domain name (`io.acme.billing.InvoicePaid`, `com.example...`) says nothing.
REVERSE_DOMAIN_PREFIXES = frozenset(["com", "org", "net", "io", "dev", "ai", "co", "app", "de", "uk", "eu"])


# A namespace segment that names a cloud platform: what happens under it happens to infrastructure
# (`google.cloud.memcache.instance.v1.updated`, `aws.ec2`), whatever the resource is called.
CLOUD_NAMESPACES = frozenset(["cloud", "aws", "gcp", "azure", "k8s", "kubernetes"])


def _namespace(words: tuple[str, ...]) -> tuple[str, ...]:
    return words[1:] if words[:1] and words[0] in REVERSE_DOMAIN_PREFIXES else words


# What a framework does to its objects: a hook around one of them is technical (`pre_save`, `after_commit`).
FRAMEWORK_ACTIONS = frozenset(
    ["save", "delete", "init", "migrate", "commit", "rollback", "flush", "insert", "update", "load", "persist"]
    + ["remove", "fetch", "validate", "serialize", "render", "request", "dispatch", "execute", "boot", "run"]
    + ["get", "set", "read", "write", "create"]
)


def _is_crud(words: tuple[str, ...], reading: _Reading) -> bool:
    if reading.index is not None:
        action = words[reading.index]
        if reading.grammar == "past":  # a notice of the change is about it too (`PriceChangedNotification`)
            after = words[reading.index + 1 :]
            return action in CRUD_VERBS["past"] and all(w in NOTICES for w in after)
        if reading.grammar == "imperative":
            return action in CRUD_VERBS["base"]
        if reading.grammar == "progressive":  # `ChangingProductBrand`, `RecordUpdating`
            return (inflect.gerund_base(action) or action) in CRUD_VERBS["base"]
    return bool(words) and words[-1] in CRUD_NOUNS


# -- suggestions ---------------------------------------------------------------------------------------


def _suggest(name: str, words: tuple[str, ...], reading: _Reading, judged: _Judged) -> str | None:
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
        # the object ends where a linking word or where it comes from starts (`PushFromGithub` -> `PushedFromGithub`)
        tail_start = next((i for i, w in enumerate(rest) if w in lexicon.LINKING or w in PLACES_FROM), len(rest))
        obj = [w for w in rest[:tail_start] if w not in lexicon.EXCHANGE_SUFFIXES] or rest[:tail_start]
        if _asks_for_state(words, reading.index, Vocabulary()) and obj and inflect.is_past_form(obj[-1]):
            # `MarkInvoicePaid` -> `InvoiceMarkedPaid`
            obj, tail = obj[:-1], obj[-1:]
            new = [*obj, inflect.past_participle(verb), *tail, *rest[tail_start:]]
        else:
            new = [*obj, inflect.past_participle(verb), *([particle] if particle else []), *rest[tail_start:]]
        verb_first = False
    elif reading.grammar == "past":
        base = inflect.base_form(action) or action
        subject = [w for w in words[: reading.index] if w not in lexicon.AUXILIARIES]
        after = list(words[reading.index + 1 :])
        particle = after[:1] if after[:1] and after[0] in PARTICLES else []  # `SignedUp` -> `SignUp...`
        new = [base, *particle, *subject, *after[len(particle) :]]
        verb_first = True
    elif reading.grammar == "progressive" and inflect.is_past_form(action):
        # `ParcelBeingWeighed` -> `ParcelWeighed`
        new = [w for w in words if w not in ("being", *lexicon.AUXILIARIES)]
        verb_first = False
    elif reading.grammar == "progressive":
        base = inflect.gerund_base(action) or action
        past = inflect.past_participle(base)
        before, after = list(words[: reading.index]), list(words[reading.index + 1 :])
        acted_on = not before and after and after[0] not in PARTICLES  # `CreatingInvoice`, not `LoggingOut`
        new = [*after, past] if acted_on else [*before, past, *after]
        verb_first = False
    else:
        return None
    return _render(name, new, verb_first, reading, words, judged)


_SEGMENT_TEXT = re.compile(r"[^./:]+")


def _render(
    name: str, new: list[str], verb_first: bool, reading: _Reading, words: tuple[str, ...], judged: _Judged
) -> str:
    """Write the new words in place of the segment that names the message, in the casing style of the name."""
    blanked = PLACEHOLDERS.sub(lambda m: " " * len(m.group()), name)
    spans = [m.span() for m in _SEGMENT_TEXT.finditer(blanked) if segments(m.group())]
    if judged.alone_in_segment and len(spans) > 1:
        # the verb is a topic segment of its own: change it in place (`order.created` -> `order.create`)
        old = words[reading.index]
        if reading.grammar == "imperative":
            verb, particle = CLOSED_COMPOUNDS.get(old, (old, ""))
            replacement = inflect.past_participle(verb) + (f"-{particle}" if particle else "")
        else:
            replacement = new[0] if verb_first else new[reading.index]
        pattern = re.compile(rf"(?i)(?<![A-Za-z]){re.escape(old)}(?![a-z])")
        matches = list(pattern.finditer(name))
        if matches:
            spot = matches[-1]
            return name[: spot.start()] + _same_case(spot.group(), replacement) + name[spot.end() :]
    begin, end = spans[judged.segment] if judged.segment < len(spans) else (0, len(name))
    return name[:begin] + _cased(name[begin:end], new, judged.spellings) + name[end:]


def _same_case(original: str, word: str) -> str:
    if original.isupper():
        return word.upper()
    if original[:1].isupper():
        return word.capitalize()
    return word


def _cased(original: str, words: list[str], spellings: dict | None = None) -> str:
    spellings = spellings or {}
    if "_" in original:
        joined = "_".join(words)
        return joined.upper() if original.replace("_", "").isupper() else joined
    if "-" in original:
        return "-".join(words)
    if " " in original:
        return " ".join(spellings.get(w, w.capitalize()) if original[:1].isupper() else w for w in words)
    lower_camel = original[:1].islower() and not _starts_with_spelling(original, spellings)
    capitalised = [spellings.get(w, w.capitalize()) for w in words]
    if lower_camel:
        return words[0] + "".join(capitalised[1:])
    return "".join(capitalised)


def _starts_with_spelling(original: str, spellings: dict) -> bool:
    """`iOSBuildFinished` starts with a brand, not in lower camel case."""
    return any(original.startswith(spelling) and spelling[:1].islower() for spelling in spellings.values())
