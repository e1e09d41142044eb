"""Error-level naming findings on labelled names that do not deserve them (issue 12: no error on a name that a
careful reader accepts).

    python bench/naming_errors.py                 # counts for every split (held-out: a count, never names)
    python bench/naming_errors.py --list          # also list the dev split's unjustified errors, to work on
    python bench/naming_errors.py --repos owner/a,owner/b   # only these sources' dev names

The labelled names beside the repository (../shared/corpus/names-dev.tsv), when present, are counted and listed
like the dev split.

Each labelled name whose source declares it a command, an event or a query is written into a one-message msglint
catalog with that kind and checked by the naming rules (MSG101-MSG107) exactly as `msglint check` runs them.
An error is unjustified when the label says the name does not read the way the error claims: MSG101 (an event
named as an instruction) on a name not labelled imperative, MSG102 (a command named as a fact) on a name not
labelled past. A name labelled `ambiguous` is one a careful reader may take either way, so it never deserves an
error. Warnings are counted too, for scale; they say which reading they used and are not failures.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from naming_accuracy import SPLITS, load, only_sources  # noqa: E402

from msglint.lint.config import Config  # noqa: E402
from msglint.lint.resolve import build_system  # noqa: E402
from msglint.lint.run import run_rules  # noqa: E402
from msglint.model import Severity  # noqa: E402
from msglint.naming import Vocabulary  # noqa: E402
from msglint.readers import ReadSettings  # noqa: E402
from msglint.readers.catalog import CatalogReader  # noqa: E402
from msglint.rules import BUILTIN_RULES, RuleContext  # noqa: E402

SHARED_LABELS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "names-dev.tsv"
NAMING_RULES = tuple(rule for rule in BUILTIN_RULES if "MSG101" <= rule.code <= "MSG107")
KINDS = ("command", "event", "query")
# the grammar an error-level finding claims the name has
CLAIMED = {"MSG101": "imperative", "MSG102": "past"}


def catalog(name: str, kind: str) -> bytes:
    """A catalog declaring one message of `kind`, its name quoted as JSON (a YAML string) whatever it holds."""
    return f"msglint: 1\nmessages:\n  {json.dumps(name)}:\n    kind: {kind}\n".encode()


def findings(name: str, kind: str) -> list:
    reader, settings = CatalogReader(), ReadSettings(root=".")
    facts = reader.read("names.yaml", catalog(name, kind), settings)
    system = build_system([facts], Vocabulary.default())
    return run_rules(system, Config(), RuleContext(), NAMING_RULES)


def unjustified(row: dict[str, str], finding) -> bool:
    claimed = CLAIMED.get(finding.code)
    return finding.severity == Severity.ERROR and (claimed is None or row["grammar"] != claimed)


def check(rows: list[dict[str, str]]) -> tuple[Counter, list[str]]:
    counts: Counter = Counter()
    wrong: list[str] = []
    for row in rows:
        if row["declared_kind"] not in KINDS:
            continue
        counts["checked"] += 1
        for finding in findings(row["name"], row["declared_kind"]):
            counts[f"{finding.code} {finding.severity.label}"] += 1
            if finding.severity == Severity.ERROR:
                counts["errors"] += 1
            if unjustified(row, finding):
                counts["unjustified"] += 1
                wrong.append(
                    f"{finding.code} {row['declared_kind']} {row['name']} (labelled {row['grammar']}): "
                    f"{finding.message}"
                )
    return counts, wrong


def labelled(split: str) -> list[dict[str, str]]:
    if split != "shared":
        return load(split)
    with SHARED_LABELS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", action="store_true", help="list the unjustified errors of the dev names")
    parser.add_argument("--repos", help="only the dev names of these comma-separated owner/repo sources")
    arguments = parser.parse_args()
    splits = ["dev"] if arguments.repos else [*SPLITS, *(["shared"] if SHARED_LABELS.is_file() else [])]
    for split in splits:
        rows = labelled(split)
        if arguments.repos:
            rows = only_sources(rows, arguments.repos, None)
        counts, wrong = check(rows)
        by_rule = ", ".join(f"{key}: {value}" for key, value in sorted(counts.items()) if key.startswith("MSG"))
        print(
            f"{split}: {counts['checked']} names declared command, event or query; "
            f"{counts['errors']} error-level findings, {counts['unjustified']} unjustified ({by_rule or 'none'})"
        )
        if arguments.list and split != "holdout":
            print("\n".join(wrong))


if __name__ == "__main__":
    main()
