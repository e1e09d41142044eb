"""Generated docs stay in step with the rules; imports keep their one-way direction."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "msglint"


def test_rule_pages_are_up_to_date():
    result = subprocess.run(
        [sys.executable, "scripts/generate_rule_docs.py", "--check"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, "run `python scripts/generate_rule_docs.py`:\n" + result.stdout + result.stderr


def imports_of(folder: Path) -> dict[str, set[str]]:
    found = {}
    for path in sorted(folder.rglob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        found[str(path.relative_to(REPO))] = {n for n in names if n.startswith("msglint")}
    return found


def test_imports_point_one_way():
    forbidden = {
        "rules": ("msglint.readers", "msglint.lint", "msglint.cli", "msglint.report"),
        "readers": ("msglint.rules", "msglint.lint", "msglint.cli", "msglint.report"),
        "naming": (
            "msglint.readers",
            "msglint.rules",
            "msglint.lint",
            "msglint.cli",
            "msglint.report",
            "msglint.model",
        ),
        "lint": ("msglint.cli", "msglint.report"),
    }
    offenders = []
    for package, banned in forbidden.items():
        for path, names in imports_of(PACKAGE / package).items():
            offenders += [f"{path} imports {n}" for n in names if n.startswith(banned)]
    model_imports = imports_of(PACKAGE)["msglint/model.py"]
    assert offenders == [] and model_imports == set()


def test_graph_page_is_up_to_date():
    import subprocess
    import sys

    from tests.conftest import REPO

    result = subprocess.run(
        [sys.executable, "scripts/generate_graph_doc.py", "--check"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + "run: python scripts/generate_graph_doc.py"
