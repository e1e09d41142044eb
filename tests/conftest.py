from __future__ import annotations

import json
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
SHARED = REPO.parent / "shared"


@dataclass
class CliResult:
    exit_code: int
    out: str
    err: str

    def json(self) -> dict:
        return json.loads(self.out)


@pytest.fixture
def run_cli(capsys, monkeypatch):
    """Run msglint in-process as the console script would, in a chosen working directory."""
    from msglint.cli import main

    def run(*args: str, cwd: Path = REPO, stdin: str | None = None, cache: bool = False) -> CliResult:
        monkeypatch.chdir(cwd)
        if cache:  # tests leave no cache in the repository unless they are about the cache
            monkeypatch.delenv("MSGLINT_NO_CACHE", raising=False)
        else:
            monkeypatch.setenv("MSGLINT_NO_CACHE", "1")
        if stdin is not None:
            import io

            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        try:
            main(list(args))
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path
