"""Write docs/rules/ from the rule modules: one page per rule and an index.

python scripts/generate_rule_docs.py          # rewrite the pages
python scripts/generate_rule_docs.py --check  # exit 1 when a page is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

from msglint.rules import BUILTIN_RULES
from msglint.rules.render import rule_markdown, rules_index

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules"


def expected_pages() -> dict[Path, str]:
    pages = {DOCS / f"{rule.code}.md": rule_markdown(rule) for rule in BUILTIN_RULES}
    pages[DOCS / "README.md"] = rules_index(BUILTIN_RULES)
    return pages


def stale_pages() -> list[Path]:
    pages = expected_pages()
    stale = [path for path, text in pages.items() if not path.is_file() or path.read_text(encoding="utf-8") != text]
    extra = [path for path in DOCS.glob("*.md") if path not in pages]
    return stale + extra


def main() -> int:
    if "--check" in sys.argv[1:]:
        stale = stale_pages()
        for path in stale:
            print(f"out of date: {path.relative_to(DOCS.parents[1])}")
        return 1 if stale else 0
    DOCS.mkdir(parents=True, exist_ok=True)
    for path in DOCS.glob("*.md"):
        path.unlink()
    for path, text in expected_pages().items():
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(BUILTIN_RULES) + 1} pages to {DOCS.relative_to(DOCS.parents[1])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
