"""How right msglint's name analysis is against the hand-labelled names in bench/names/.

    python bench/naming_accuracy.py                  # every split, one block each
    python bench/naming_accuracy.py --split dev      # one split: dev, holdout or all
    python bench/naming_accuracy.py --misses         # the dev split's wrong names, to work on
    python bench/naming_accuracy.py --split dev --repos owner/a,owner/b   # only these sources' names
    python bench/naming_accuracy.py --split dev --without-repos owner/a   # every source but these

Grammar accuracy leaves out the rows labelled `ambiguous`. Technical precision and recall compare the
analysis' technical flag with `technical=yes`. CRUD is compared the way tests/test_naming_accuracy.py
compares it: a name is read as CRUD when the analysis says CRUD and not technical.

The held-out split is for reporting only: never tune on it, so `--misses` refuses to list its names.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

NAMES = Path(__file__).resolve().parent / "names"
SPLITS = ("dev", "holdout")


@dataclass
class Score:
    rows: int = 0
    ambiguous: int = 0
    grammar_right: int = 0
    technical_hits: int = 0
    technical_flagged: int = 0
    technical_labelled: int = 0
    crud_hits: int = 0
    crud_flagged: int = 0
    crud_labelled: int = 0
    misses: list[str] = field(default_factory=list)


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "-"


def f1(precision_hits: int, flagged: int, labelled: int) -> str:
    if not flagged or not labelled or not precision_hits:
        return "-"
    precision, recall = precision_hits / flagged, precision_hits / labelled
    return f"{2 * precision * recall / (precision + recall):.3f}"


def load(split: str) -> list[dict[str, str]]:
    path = NAMES / f"names-{split}.tsv"
    if not path.is_file():
        raise SystemExit(f"error: {path} not found")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def repository(source: str) -> str:
    return source.split(":", 1)[0].split("@", 1)[0]


def only_sources(rows: list[dict[str, str]], keep: str | None, drop: str | None) -> list[dict[str, str]]:
    """The rows of the repositories in `keep` (comma-separated), or of all but those in `drop`."""
    kept, dropped = set(filter(None, (keep or "").split(","))), set(filter(None, (drop or "").split(",")))
    return [
        row
        for row in rows
        if (not kept or repository(row["source"]) in kept) and repository(row["source"]) not in dropped
    ]


def technical_label(analysis) -> str:
    return "yes" if analysis.technical else "crud" if analysis.crud else "no"


def score(rows: list[dict[str, str]]) -> Score:
    from msglint.naming import analyse_name

    result = Score(rows=len(rows))
    for row in rows:
        analysis = analyse_name(row["name"])
        read_technical = technical_label(analysis)
        if row["grammar"] == "ambiguous":
            result.ambiguous += 1
        elif analysis.grammar == row["grammar"]:
            result.grammar_right += 1
        else:
            result.misses.append(f"grammar    {row['name']}: labelled {row['grammar']}, read {analysis.grammar}")
        result.technical_labelled += row["technical"] == "yes"
        result.technical_flagged += read_technical == "yes"
        result.technical_hits += row["technical"] == "yes" == read_technical
        result.crud_labelled += row["technical"] == "crud"
        result.crud_flagged += read_technical == "crud"
        result.crud_hits += row["technical"] == "crud" == read_technical
        if read_technical != row["technical"]:
            result.misses.append(f"technical  {row['name']}: labelled {row['technical']}, read {read_technical}")
    return result


def report(label: str, result: Score) -> str:
    judged = result.rows - result.ambiguous
    return "\n".join(
        [
            f"{label}: {result.rows} names ({result.ambiguous} ambiguous), "
            f"{result.technical_labelled} labelled technical, {result.crud_labelled} labelled CRUD",
            f"  grammar accuracy     {ratio(result.grammar_right, judged)} ({result.grammar_right}/{judged})",
            f"  technical precision  {ratio(result.technical_hits, result.technical_flagged)} "
            f"({result.technical_hits}/{result.technical_flagged})  "
            f"recall {ratio(result.technical_hits, result.technical_labelled)} "
            f"({result.technical_hits}/{result.technical_labelled})",
            f"  CRUD precision       {ratio(result.crud_hits, result.crud_flagged)} "
            f"({result.crud_hits}/{result.crud_flagged})  "
            f"recall {ratio(result.crud_hits, result.crud_labelled)} ({result.crud_hits}/{result.crud_labelled})  "
            f"F1 {f1(result.crud_hits, result.crud_flagged, result.crud_labelled)}",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("dev", "holdout", "all"), default=None)
    parser.add_argument("--misses", action="store_true", help="list the wrong names (dev split only)")
    parser.add_argument("--repos", help="score only the names of these repositories (comma-separated, dev split)")
    parser.add_argument("--without-repos", help="score every name but those of these repositories (dev split)")
    arguments = parser.parse_args()
    if arguments.misses and arguments.split not in (None, "dev"):
        print("error: --misses lists the dev split only; the held-out names are never used for tuning", file=sys.stderr)
        raise SystemExit(2)
    if (arguments.repos or arguments.without_repos) and arguments.split != "dev":
        print("error: --repos and --without-repos select sources of the dev split: add --split dev", file=sys.stderr)
        raise SystemExit(2)
    chosen = arguments.split or ("dev" if arguments.misses else None)
    blocks = {"dev": ["dev"], "holdout": ["holdout"], "all": ["all"], None: ["dev", "holdout", "all"]}[chosen]
    for block in blocks:
        rows = [row for split in SPLITS for row in load(split)] if block == "all" else load(block)
        rows = only_sources(rows, arguments.repos, arguments.without_repos)
        result = score(rows)
        print(report(block, result))
        if arguments.misses:
            print("\n".join(result.misses))


if __name__ == "__main__":
    main()
