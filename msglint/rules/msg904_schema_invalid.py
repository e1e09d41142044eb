"""MSG904 schema-invalid."""

from __future__ import annotations

from collections.abc import Iterator

from msglint.model import Diagnostic, Severity, System
from msglint.rules.base import Example, Rule


class SchemaInvalid(Rule):
    code = "MSG904"
    slug = "schema-invalid"
    severity = Severity.ERROR
    summary = "An AsyncAPI document that breaks its specification: a missing field, a wrong type, an unknown field."
    rationale = (
        "A design verdict on a contract that its own tools reject misleads: generators, parsers and brokers' "
        "schema registries refuse it, and what msglint read from it may not be what its authors meant. msglint "
        "checks every AsyncAPI 2.0-2.6, 3.0 and 3.1 document against the structure its version requires "
        "(required fields, field types, allowed fields and `x-` extensions, `send`/`receive`, Reference Objects, "
        "Schema Objects), offline, and names the JSON path and line of each error: the first three of a "
        "document, then how many more there are."
    )
    fix = (
        "Correct the field at the reported path: add what is missing, fix the typo in the field name (msglint "
        "suggests the nearest one), quote numbers that must be strings, or prefix your own fields with `x-`."
    )
    valid = (
        Example(
            """
            asyncapi: 3.0.0
            info:
              title: Orders
              version: 1.0.0
            channels:
              placed:
                address: orders.placed
                messages:
                  OrderPlaced: {payload: {type: object}}
            operations:
              publishPlaced:
                action: send
                channel: {$ref: '#/channels/placed'}
            """,
            title="A 3.0 document with everything its objects require",
        ),
    )
    invalid = (
        Example(
            """
            asyncapi: 2.6.0
            info:
              title: Orders
              version: 1.0
            channels:
              orders/placed:
                subcribe:
                  message: {name: OrderPlaced}
            """,
            lines=(4, 7),
            title="A version that is a number, and a misspelt `subscribe`",
        ),
    )

    def check(self, system: System) -> Iterator[Diagnostic]:
        for problem in system.problems:
            if problem.problem == self.slug:
                yield self.finding(problem.message, problem.location, severity=problem.severity)
