"""Fingerprints that survive edits, and the baseline file built from them.

A finding's fingerprint is its rule, its file, the message it is about and its text with every number
blanked out: moving lines, reformatting a file or re-ordering services keeps it; renaming the message,
moving it to another file or changing what the finding says does not. Identical findings (three unused
suppressions of one rule in one file) share it: the baseline counts them, and the SARIF and GitLab reports,
whose consumers keep one finding per fingerprint, add the occurrence (`:1`, `:2`, in the order of the
report). docs/reports.md describes the recipe.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from msglint.errors import UsageError
from msglint.files import write_atomically
from msglint.model import Diagnostic

BASELINE_VERSION = 1
_NUMBERS = re.compile(r"\d+")


def fingerprint(diagnostic: Diagnostic) -> str:
    text = _NUMBERS.sub("#", diagnostic.message)
    # `where`: a file of another repository (read from its inventory) is not the file of this one at that path
    identity = "\0".join((diagnostic.code, diagnostic.location.where, diagnostic.message_key or "", text))
    # a message may quote half a character of a hostile input ("\ud800"): hashed as it is, never refused
    return hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def unique_fingerprints(diagnostics: list[Diagnostic]) -> list[str]:
    """One fingerprint per finding, different for every finding of the list: the fingerprint and, after a
    colon, which occurrence of it this is (1, 2, ... in the order of the list)."""
    seen: Counter[str] = Counter()
    unique = []
    for diagnostic in diagnostics:
        key = fingerprint(diagnostic)
        seen[key] += 1
        unique.append(f"{key}:{seen[key]}")
    return unique


@dataclass
class BaselineOutcome:
    new: list[Diagnostic]
    baselined: int  # findings the baseline hid
    stale: int  # baseline entries that matched nothing: fixed since, and can be pruned


def write_baseline(path: Path, diagnostics: list[Diagnostic]) -> None:
    entries = [
        {"fingerprint": fingerprint(d), "code": d.code, "path": d.location.path, "message": d.message}
        for d in diagnostics
    ]
    document = {"msglint_baseline": BASELINE_VERSION, "findings": entries}
    try:
        write_atomically(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    except OSError as error:
        raise UsageError(f"--write-baseline: cannot write {path}: {error.strerror or error}") from None


def read_baseline(path: Path) -> Counter[str]:
    """The fingerprints of a baseline file, each with how many findings it covers."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"--baseline: cannot read {path}: {error.strerror or error}") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise UsageError(f"--baseline: {path} is not a msglint baseline (invalid JSON: {error})") from None
    if not isinstance(document, dict):
        document = {}
    findings = document.get("findings")
    if document.get("msglint_baseline") != BASELINE_VERSION or not isinstance(findings, list):
        raise UsageError(f"--baseline: {path} is not a msglint baseline (write one with --write-baseline)")
    return Counter(entry["fingerprint"] for entry in findings if isinstance(entry, dict) and "fingerprint" in entry)


def apply_baseline(
    diagnostics: list[Diagnostic], known: Counter[str], keys: list[str] | None = None
) -> BaselineOutcome:
    """`keys`: the findings' fingerprints when they are not computed from the findings as they are (the CLI
    takes them from the findings with paths relative to the repository, as the baseline file holds them)."""
    remaining = Counter(known)
    new = []
    for diagnostic, key in zip(diagnostics, keys or [fingerprint(d) for d in diagnostics], strict=True):
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            new.append(diagnostic)
    baselined = len(diagnostics) - len(new)
    return BaselineOutcome(new, baselined, sum(remaining.values()))
