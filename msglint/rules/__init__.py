"""The rule catalogue: one module per rule, registered here in code order."""

from __future__ import annotations

from msglint.rules.base import Example, Rule, RuleContext
from msglint.rules.msg101_event_imperative_name import EventImperativeName
from msglint.rules.msg102_command_past_tense_name import CommandPastTenseName
from msglint.rules.msg103_technical_event import TechnicalEvent
from msglint.rules.msg104_crud_event import CrudEvent
from msglint.rules.msg105_progressive_event_name import ProgressiveEventName
from msglint.rules.msg106_kind_suffix_conflict import KindSuffixConflict
from msglint.rules.msg107_verbless_message_name import VerblessMessageName
from msglint.rules.msg108_naming_convention import NamingConvention
from msglint.rules.msg201_command_multiple_handlers import CommandMultipleHandlers
from msglint.rules.msg202_disguised_command import DisguisedCommand
from msglint.rules.msg203_command_without_handler import CommandWithoutHandler
from msglint.rules.msg204_event_multiple_publishers import EventMultiplePublishers
from msglint.rules.msg205_command_published import CommandPublished
from msglint.rules.msg206_event_sent import EventSent
from msglint.rules.msg207_kind_conflict import KindConflict
from msglint.rules.msg208_dead_end import DeadEnd
from msglint.rules.msg301_event_handler_rejects import EventHandlerRejects
from msglint.rules.msg901_invalid_input import InvalidInput
from msglint.rules.msg902_unresolved_reference import UnresolvedReference
from msglint.rules.msg903_unused_suppression import UnusedSuppression
from msglint.rules.msg904_schema_invalid import SchemaInvalid

BUILTIN_RULES: tuple[type[Rule], ...] = (
    EventImperativeName,
    CommandPastTenseName,
    TechnicalEvent,
    CrudEvent,
    ProgressiveEventName,
    KindSuffixConflict,
    VerblessMessageName,
    NamingConvention,
    CommandMultipleHandlers,
    DisguisedCommand,
    CommandWithoutHandler,
    EventMultiplePublishers,
    CommandPublished,
    EventSent,
    KindConflict,
    DeadEnd,
    EventHandlerRejects,
    InvalidInput,
    UnresolvedReference,
    UnusedSuppression,
    SchemaInvalid,
)

__all__ = ["BUILTIN_RULES", "Example", "Rule", "RuleContext", "find_rule"]


def find_rule(code_or_slug: str, rules: tuple[type[Rule], ...] = BUILTIN_RULES) -> type[Rule] | None:
    """The rule with this code (`MSG101`, any case) or slug (`event-imperative-name`), if there is one."""
    wanted = code_or_slug.strip()
    for rule in rules:
        if wanted.upper() == rule.code or wanted.lower() == rule.slug:
            return rule
    return None
