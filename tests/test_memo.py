"""`lint(..., memo=)`: facts kept in memory between runs (the language server) give the findings a run
without it gives, however often it is used, and files that changed on disk are read again."""

from __future__ import annotations

from pathlib import Path

import pytest

from msglint.lint.config import find_config, load_config
from msglint.lint.memo import FactsMemo
from msglint.lint.run import LintResult, Unsaved, lint
from tests.conftest import FIXTURES, write

FIXTURE_FOLDERS = sorted(str(p.relative_to(FIXTURES)) for p in FIXTURES.glob("*/*") if p.is_dir())


def run(folder: Path, memo: FactsMemo | None, cache_dir: Path | None = None, **options) -> LintResult:
    config = load_config(find_config(folder.resolve()))
    return lint([folder], config, use_cache=cache_dir is not None, cache_dir=cache_dir, memo=memo, **options)


def outcome(result: LintResult) -> tuple:
    return result.files, result.system, result.diagnostics


@pytest.mark.parametrize("fixture", FIXTURE_FOLDERS)
def test_runs_with_a_memo_find_what_a_run_without_it_finds(fixture, tmp_path, monkeypatch):
    monkeypatch.chdir(FIXTURES.parent)
    folder = Path("fixtures") / fixture
    expected = outcome(run(folder, None))
    memo = FactsMemo()
    # a reader's link step changes the facts of a run: the memo's own must stay as they were read. Runs
    # without the cache (which would reuse its whole result) and runs with it both use the memo.
    for cache_dir in (None, None, tmp_path / "cache", tmp_path / "cache"):
        assert outcome(run(folder, memo, cache_dir)) == expected


def _contract_project(root: Path) -> None:
    write(root, "msglint.toml", "")
    write(
        root,
        "api.yaml",
        """
        asyncapi: 2.6.0
        info:
          title: Orders
          version: 1.0.0
        channels:
          orders:
            subscribe:
              message:
                $ref: './messages.yaml#/OrderShipped'
        """,
    )
    write(root, "messages.yaml", "OrderShipped:\n  name: OrderShipped\n  payload:\n    type: object\n")
    write(root, "app.py", "class Event:\n    pass\n\n\nclass OrderPaid(Event):\n    pass\n")


def _names(result: LintResult) -> list[str]:
    return sorted(message.name for message in result.system.messages.values())


def test_a_file_changed_on_disk_or_a_changed_ref_target_is_read_again(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _contract_project(tmp_path)
    memo = FactsMemo()
    assert _names(run(Path("."), memo)) == ["OrderPaid", "OrderShipped"]

    write(tmp_path, "app.py", "class Event:\n    pass\n\n\nclass OrderRefunded(Event):\n    pass\n")
    assert _names(run(Path("."), memo)) == ["OrderRefunded", "OrderShipped"]

    # api.yaml itself is unchanged: its facts are kept until the file they include changes
    write(tmp_path, "messages.yaml", "OrderShipped:\n  name: ShipOrder\n  payload:\n    type: object\n")
    assert _names(run(Path("."), memo)) == ["OrderRefunded", "ShipOrder"]
    assert outcome(run(Path("."), memo)) == outcome(run(Path("."), None))


def test_unsaved_text_is_not_kept_for_the_file_on_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _contract_project(tmp_path)
    memo = FactsMemo()
    typed = Unsaved(Path("app.py"), b"class Event:\n    pass\n\n\nclass CancelOrder(Event):\n    pass\n")
    assert _names(run(Path("app.py"), memo, unsaved=typed)) == ["CancelOrder", "OrderShipped"]
    assert _names(run(Path("."), memo)) == ["OrderPaid", "OrderShipped"]


def test_other_settings_start_the_memo_afresh(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _contract_project(tmp_path)
    memo = FactsMemo()
    assert sorted(run(Path("."), memo).system.services) == ["Orders"]
    write(tmp_path, "msglint.toml", '[asyncapi]\nservice-name = "file"\n')
    changed = run(Path("."), memo)
    assert sorted(changed.system.services) == ["api"]
    assert outcome(changed) == outcome(run(Path("."), None))
