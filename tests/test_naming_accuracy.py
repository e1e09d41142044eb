"""Naming accuracy on labelled names: ../shared/corpus/names-dev.tsv (a sample beside the repository) and the
development split of bench/names/. The same rules are measured on names that are in neither (the held-out
split, never read here), so nothing here may special-case a name."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from msglint.naming import analyse_name

SHARED_LABELS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "names-dev.tsv"
DEV_LABELS = Path(__file__).resolve().parents[1] / "bench" / "names" / "names-dev.tsv"


def labelled_rows(path: Path = SHARED_LABELS) -> list[dict[str, str]]:
    if not path.is_file():
        pytest.skip(f"{path} not found: the labelled names live beside the repository or in bench/names")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def technical_label(name: str) -> str:
    analysis = analyse_name(name)
    return "yes" if analysis.technical else "crud" if analysis.crud else "no"


def grammar_misses(rows: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    return [
        (r["name"], r["grammar"], analyse_name(r["name"]).grammar)
        for r in rows
        if r["grammar"] != "ambiguous" and analyse_name(r["name"]).grammar != r["grammar"]
    ]


def test_grammar_accuracy_is_at_least_97_percent():
    rows = [r for r in labelled_rows() if r["grammar"] != "ambiguous"]
    misses = grammar_misses(rows)
    accuracy = 1 - len(misses) / len(rows)
    print(f"grammar accuracy {accuracy:.1%} over {len(rows)} names")
    assert accuracy >= 0.97, "\n".join(f"{n}: labelled {want}, read {got}" for n, want, got in misses)


def test_technical_label_accuracy_is_at_least_95_percent():
    rows = [r for r in labelled_rows() if r["grammar"] != "ambiguous"]
    misses = [
        (r["name"], r["technical"], technical_label(r["name"]))
        for r in rows
        if technical_label(r["name"]) != r["technical"]
    ]
    accuracy = 1 - len(misses) / len(rows)
    print(f"technical/CRUD accuracy {accuracy:.1%} over {len(rows)} names")
    assert accuracy >= 0.95, "\n".join(f"{n}: labelled {want}, read {got}" for n, want, got in misses)


def test_the_development_split_keeps_its_grammar_accuracy():
    rows = [r for r in labelled_rows(DEV_LABELS) if r["grammar"] != "ambiguous"]
    misses = grammar_misses(rows)
    accuracy = 1 - len(misses) / len(rows)
    print(f"grammar accuracy {accuracy:.1%} over {len(rows)} names")
    assert accuracy >= 0.94, "\n".join(f"{n}: labelled {want}, read {got}" for n, want, got in misses)


def test_the_development_split_keeps_technical_precision_recall_and_crud_f1():
    rows = labelled_rows(DEV_LABELS)
    read = {r["name"]: technical_label(r["name"]) for r in rows}

    def hits(label: str) -> tuple[int, int, int]:
        flagged = sum(read[r["name"]] == label for r in rows)
        labelled = sum(r["technical"] == label for r in rows)
        return sum(r["technical"] == label == read[r["name"]] for r in rows), flagged, labelled

    right, flagged, labelled = hits("yes")
    precision, recall = right / flagged, right / labelled
    crud_right, crud_flagged, crud_labelled = hits("crud")
    crud_precision, crud_recall = crud_right / crud_flagged, crud_right / crud_labelled
    crud_f1 = 2 * crud_precision * crud_recall / (crud_precision + crud_recall)
    print(f"technical precision {precision:.3f} recall {recall:.3f}, CRUD F1 {crud_f1:.3f}")
    assert (precision >= 0.95, recall >= 0.58, crud_f1 >= 0.88) == (True, True, True)


@pytest.mark.parametrize("path", [SHARED_LABELS, DEV_LABELS], ids=["shared", "dev"])
def test_no_error_level_naming_finding_on_a_well_named_message(path):
    """A command labelled imperative or an event labelled past, by its source's declared kind: MSG101/MSG102
    may warn (another reading is stronger) but never report an error."""
    suits = {"command": "imperative", "event": "past"}
    errors = []
    for row in labelled_rows(path):
        kind = row["declared_kind"]
        if suits.get(kind) != row["grammar"]:
            continue
        analysis = analyse_name(row["name"])
        contradicts = analysis.grammar == {"command": "past", "event": "imperative"}[kind]
        if contradicts and analysis.kind_suffix != kind and analysis.reading_for(kind) is None:
            errors.append(row["name"])
    assert errors == []


def naming_errors_script():
    """bench/naming_errors.py as a module: its check runs the naming rules on one-message catalogs."""
    path = Path(__file__).resolve().parents[1] / "bench" / "naming_errors.py"
    spec = importlib.util.spec_from_file_location("naming_errors", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", [SHARED_LABELS, DEV_LABELS], ids=["shared", "dev"])
def test_the_naming_rules_report_no_unjustified_error_on_labelled_names(path):
    """Run as `msglint check` runs them, MSG101-MSG107 report an error only on a name labelled the way the error
    says it reads (MSG101: imperative, MSG102: past); any other label means a careful reader takes it otherwise."""
    counts, unjustified = naming_errors_script().check(labelled_rows(path))
    assert (unjustified, counts["checked"] > 200, counts["errors"] > 0) == ([], True, True)


def test_the_accuracy_script_scores_chosen_sources_of_the_dev_split_only():
    script = Path(__file__).resolve().parents[1] / "bench" / "naming_accuracy.py"
    chosen = subprocess.run(
        [sys.executable, str(script), "--split", "dev", "--repos", "netbox-community/netbox"],
        capture_output=True,
        text=True,
    )
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout.startswith("dev: 7 names (0 ambiguous), 7 labelled technical, 0 labelled CRUD\n")
    refused = subprocess.run(
        [sys.executable, str(script), "--split", "holdout", "--repos", "netbox-community/netbox"],
        capture_output=True,
        text=True,
    )
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr == "error: --repos and --without-repos select sources of the dev split: add --split dev\n"
