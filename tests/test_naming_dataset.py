"""The labelled names in bench/names/ keep the shape that bench/naming_accuracy.py and the README promise."""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from pathlib import Path

import pytest

NAMES = Path(__file__).resolve().parents[1] / "bench" / "names"
SHARED_LABELS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "names-dev.tsv"
COLUMNS = ["name", "source", "declared_kind", "grammar", "action_word", "technical", "notes"]
ALLOWED = {
    "declared_kind": {"command", "event", "query", "request", "rpc", "reply", "unknown"},
    "grammar": {"imperative", "past", "progressive", "noun", "ambiguous"},
    "technical": {"yes", "crud", "no"},
}
RESERVED_FOR_ACCEPTANCE = {
    "cosmicpython/code",
    "architext-game/architext",
    "pgorecki/python-ddd",
    "ambient-innovation/django-queuebie",
    "nameko/nameko-examples",
    "vadikko2/kupidon-websocket-messenger",
    "node-energy/ppa-predictions",
    "CasperLabs/stests",
    "paperless-ngx/paperless-ngx",
    "DmDogger/CryptoAlrt",
    "proteanhq/shopstream",
    "ZenWave360/zenwave-sdk",
    "ambihome-gmbh/asyncapi",
    "bitsy-ai/printnanny-asyncapi-schema",
    "microcks/microcks",
    "sngular/scs-multiapi-plugin",
    "springwolf/springwolf-core",
    "tanagraspace/ccsds-mo-to-asyncapi",
    "asyncapi/jasyncapi",
    "pgorecki/lato",
}


def read(split: str) -> tuple[list[str], list[dict[str, str]]]:
    with (NAMES / f"names-{split}.tsv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        return list(reader.fieldnames or []), list(reader)


def repository(source: str) -> str:
    return source.split(":", 1)[0].split("@", 1)[0]


def all_rows() -> list[dict[str, str]]:
    return read("dev")[1] + read("holdout")[1]


@pytest.mark.parametrize("split", ["dev", "holdout"])
def test_columns_are_those_of_the_shared_labels(split):
    columns, rows = read(split)
    assert columns == COLUMNS
    assert all(None not in row and None not in row.values() for row in rows), "a row has too many or too few cells"


@pytest.mark.parametrize("column", sorted(ALLOWED))
def test_labels_are_allowed_values(column):
    wrong = {(row["name"], row[column]) for row in all_rows() if row[column] not in ALLOWED[column]}
    assert not wrong


def test_every_row_has_a_name_and_a_repository_source():
    bad = [row["name"] for row in all_rows() if not row["name"].strip() or ":" not in row["source"]]
    assert not bad
    assert all(repository(row["source"]).count("/") == 1 for row in all_rows())


def test_no_name_appears_twice():
    counts = Counter(row["name"] for row in all_rows())
    assert [name for name, count in counts.items() if count > 1] == []


def test_nouns_have_no_action_word_and_other_readings_have_one():
    rows = all_rows()
    assert [r["name"] for r in rows if r["grammar"] == "noun" and r["action_word"]] == []
    assert [r["name"] for r in rows if r["grammar"] != "noun" and not r["action_word"]] == []


def test_a_repository_is_in_one_split_chosen_by_its_hash():
    for split in ("dev", "holdout"):
        for row in read(split)[1]:
            digest = int(hashlib.sha256(("names-split-2:" + repository(row["source"])).encode()).hexdigest(), 16)
            assert (digest % 100 < 60) == (split == "dev"), row["source"]


def test_no_repository_gives_more_than_five_percent_of_the_names():
    rows = all_rows()
    biggest, count = Counter(repository(row["source"]) for row in rows).most_common(1)[0]
    assert count <= 0.05 * len(rows), biggest


def test_no_repository_reserved_for_acceptance_is_used():
    assert {repository(row["source"]) for row in all_rows()} & RESERVED_FOR_ACCEPTANCE == set()


def test_no_name_of_the_shared_development_labels_is_repeated():
    if not SHARED_LABELS.is_file():
        pytest.skip(f"{SHARED_LABELS} not found: the shared labels live in ../shared/corpus beside the repository")
    with SHARED_LABELS.open(encoding="utf-8", newline="") as handle:
        shared = {row["name"] for row in csv.DictReader(handle, delimiter="\t")}
    assert shared & {row["name"] for row in all_rows()} == set()
