"""Naming accuracy on the labelled names in ../shared/corpus/names-dev.tsv (a sample: the same rules
are measured on names that are not in it, so nothing here may special-case them)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from msglint.naming import analyse_name

LABELS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "names-dev.tsv"


def labelled_rows() -> list[dict[str, str]]:
    if not LABELS.is_file():
        pytest.skip(f"{LABELS} not found: the labelled names live in ../shared/corpus beside the repository")
    with LABELS.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle, delimiter="\t") if row["grammar"] != "ambiguous"]


def technical_label(name: str) -> str:
    analysis = analyse_name(name)
    return "yes" if analysis.technical else "crud" if analysis.crud else "no"


def test_grammar_accuracy_is_at_least_97_percent():
    rows = labelled_rows()
    misses = [
        (r["name"], r["grammar"], analyse_name(r["name"]).grammar)
        for r in rows
        if analyse_name(r["name"]).grammar != r["grammar"]
    ]
    accuracy = 1 - len(misses) / len(rows)
    print(f"grammar accuracy {accuracy:.1%} over {len(rows)} names")
    assert accuracy >= 0.97, "\n".join(f"{n}: labelled {want}, read {got}" for n, want, got in misses)


def test_technical_label_accuracy_is_at_least_95_percent():
    rows = labelled_rows()
    misses = [
        (r["name"], r["technical"], technical_label(r["name"]))
        for r in rows
        if technical_label(r["name"]) != r["technical"]
    ]
    accuracy = 1 - len(misses) / len(rows)
    print(f"technical/CRUD accuracy {accuracy:.1%} over {len(rows)} names")
    assert accuracy >= 0.95, "\n".join(f"{n}: labelled {want}, read {got}" for n, want, got in misses)
