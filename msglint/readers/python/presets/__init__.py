"""Framework presets: one module per framework, each recognising messages, handlers and emissions in a
Project. Every preset first declares the messages it knows (`messages`), then reports uses (`uses`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from msglint.readers.python.presets import (
    amqp,
    celery,
    configured,
    cqrs,
    eventsourcing,
    faststream,
    faust,
    kafka,
    lato,
    nameko,
    plain,
    protean,
    pulsar,
    pyee,
    queuebie,
    redis,
    signals,
)
from msglint.readers.python.project import Project, UseFact


@dataclass(frozen=True)
class Preset:
    name: str
    messages: Callable[[Project], None]
    uses: Callable[[Project], Iterator[UseFact]]


# The project's own configuration comes first, then framework presets, so their more precise reading of a
# class or a handler wins; the plain bus preset, which reads conventions any project may follow, comes last.
PRESETS: tuple[Preset, ...] = (
    Preset("configured", configured.messages, configured.uses),  # what the project says wins
    Preset("lato", lato.messages, lato.uses),
    Preset("cqrs", cqrs.messages, cqrs.uses),
    Preset("eventsourcing", eventsourcing.messages, eventsourcing.uses),
    Preset("celery", celery.messages, celery.uses),
    Preset("signals", signals.messages, signals.uses),
    Preset("faststream", faststream.messages, faststream.uses),
    Preset("nameko", nameko.messages, nameko.uses),
    Preset("protean", protean.messages, protean.uses),
    Preset("queuebie", queuebie.messages, queuebie.uses),
    Preset("faust", faust.messages, faust.uses),
    Preset("redis", redis.messages, redis.uses),
    Preset("kafka", kafka.messages, kafka.uses),
    Preset("pulsar", pulsar.messages, pulsar.uses),
    Preset("amqp", amqp.messages, amqp.uses),
    Preset("pyee", pyee.messages, pyee.uses),
    Preset("plain", plain.messages, plain.uses),
)

# Calls the raw broker client presets read besides summary.CALLS_OF_INTEREST: a summary keeps them too.
PRESET_CALLS: frozenset[str] = kafka.CALLS | amqp.CALLS | pulsar.CALLS | pyee.CALLS
