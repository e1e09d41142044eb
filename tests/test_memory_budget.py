"""No single input takes msglint past its memory budget: readers refuse what they estimate to be too large
before parsing it, workers run under a memory limit, and a worker that dies costs its own file only."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from msglint.lint import pool
from msglint.lint import run as engine
from tests.conftest import write

GOOD = "msglint: 1\nmessages:\n  SendInvoice: {kind: event}\n"
GOOD_FINDING = ("MSG101", "good.yaml", 3)
SKIPPED = "it was skipped (`memory-budget-mb` in the configuration raises the budget)"
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="memory limits are enforced on Linux")


def findings(result) -> list[tuple[str, str, int]]:
    return [(d["code"], d["location"]["path"], d["location"]["line"]) for d in result.json()["diagnostics"]]


def messages(result, path: str) -> list[str]:
    return [d["message"] for d in result.json()["diagnostics"] if d["location"]["path"] == path]


@pytest.fixture
def project(tmp_path):
    write(tmp_path, "msglint.toml", "memory-budget-mb = 10\n")
    write(tmp_path, "good.yaml", GOOD)
    return tmp_path


def test_a_python_file_with_more_tokens_than_the_budget_allows_is_one_finding(project, run_cli):
    # 10 MB at 800 bytes a token: 13,107 tokens; this file has 40,003
    write(project, "big.py", "# command\nx = " + " + ".join(["a"] * 20_000) + "\n")
    result = run_cli("check", ".", "--format", "json", cwd=project)
    assert findings(result) == [("MSG901", "big.py", 1), GOOD_FINDING]
    assert messages(result, "big.py") == [
        "this file is too large to parse within msglint's memory budget: more than 13,107 tokens would take "
        f"over 10 MB; {SKIPPED}"
    ]


def test_comments_do_not_count_against_the_budget(project, run_cli):
    comment = "# " + "word " * 30_000 + "\n"
    write(project, "commented.py", comment + "class PlaceOrderCommand:\n    pass\n")
    result = run_cli("check", ".", "--format", "json", cwd=project)
    assert findings(result) == [GOOD_FINDING]


def test_a_yaml_document_with_more_values_than_the_budget_allows_is_one_finding(project, run_cli):
    # 10 MB at 700 bytes a value: 14,979 values. The mapping, its two keys, `1` and the list are the first
    # five, so the 14,975th item of the list is the one refused.
    write(project, "values.yaml", "msglint: 1\nx: [" + ",".join(["1"] * 20_000) + "]\n")
    result = run_cli("check", ".", "--format", "json", cwd=project)
    assert findings(result) == [GOOD_FINDING, ("MSG901", "values.yaml", 2)]
    [refused] = [d for d in result.json()["diagnostics"] if d["location"]["path"] == "values.yaml"]
    assert refused["location"]["column"] == len("x: [") + 1 + len("1,") * (14_975 - 1)
    assert (
        refused["message"]
        == f"the document holds more than 14,979 values, which would take over 10 MB to read; {SKIPPED}"
    )


@linux_only
def test_a_worker_that_runs_out_of_memory_reports_the_file_and_the_run_goes_on(project, run_cli, monkeypatch):
    # a million values by aliases: far over 10 MB once expanded, though the file is small
    lines = ["msglint: 1", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 6)]
    write(project, "bomb.yaml", "\n".join(lines) + "\n")
    for number in range(4):
        write(project, f"quiet{number}.yaml", "msglint: 1\n")
    monkeypatch.setattr(engine, "PARALLEL_FROM", 1)
    result = run_cli("check", ".", "--format", "json", "--jobs", "2", cwd=project)
    assert findings(result) == [("MSG901", "bomb.yaml", 1), GOOD_FINDING]
    assert messages(result, "bomb.yaml") == [
        f"reading this file took more memory than msglint's budget (10 MB); {SKIPPED}"
    ]


def _killed_on_poison(path, *args, **kwargs):
    if os.path.basename(path) == "poison.yaml":
        os.kill(os.getpid(), signal.SIGKILL)
    return _read_file(path, *args, **kwargs)


_read_file = engine.read_file
NOUNS = ("Receipt", "Parcel", "Reminder", "Report", "Statement", "Letter", "Voucher", "Ticket", "Coupon", "Notice")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_worker_killed_while_reading_costs_only_its_file(tmp_path, run_cli, monkeypatch, jobs):
    write(tmp_path, "msglint.toml", "")
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "poison.yaml", GOOD.replace("SendInvoice", "ShipOrder") + "x" * 400_000 + ": 1\n")
    for noun in NOUNS:
        write(tmp_path, f"{noun.lower()}.yaml", f"msglint: 1\nmessages:\n  Send{noun}: {{kind: event}}\n")
    monkeypatch.setattr(engine, "PARALLEL_FROM", 1)
    monkeypatch.setattr(engine, "read_file", _killed_on_poison)
    result = run_cli("check", ".", "--format", "json", "--jobs", jobs, cwd=tmp_path)
    found = findings(result)
    assert ("MSG901", "poison.yaml", 1) in found
    others = [("MSG101", f"{noun.lower()}.yaml", 3) for noun in NOUNS]  # every other file's finding is kept
    assert found == sorted([*others, GOOD_FINDING, ("MSG901", "poison.yaml", 1)], key=lambda f: f[1])
    assert messages(result, "poison.yaml") == [
        "the process reading this file died (it was killed (SIGKILL), most likely because the system ran out of "
        "memory; msglint's memory budget is 300 MB); it was skipped"
    ]
    assert result.exit_code == 1


# -- the pool itself -------------------------------------------------------------------------------------------


def _read_name(path: Path) -> str:
    if path.name == "poison":
        os.kill(os.getpid(), signal.SIGKILL)
    if path.name == "greedy":
        return str(len(bytearray(64 * 2**20)))
    return path.name


def _died(path: Path, why: str) -> str:
    return f"{path.name} died: {why}"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_the_pool_reads_everything_but_the_file_whose_worker_dies():
    paths = [Path(f"f{number}") for number in range(40)]
    paths[17] = Path("poison")
    found = pool.read_in_workers(paths, _read_name, _died, 2, 300, lambda done, total: None)
    expected = [path.name for path in paths]
    expected[17] = "poison died: it was killed (SIGKILL), most likely because the system ran out of memory"
    assert found == expected


@linux_only
def test_a_lone_reading_process_is_limited_to_the_budget():
    assert pool.read_alone(Path("greedy"), _read_name, _died, 10) == "greedy died: it ran out of memory"
    assert pool.read_alone(Path("greedy"), _read_name, _died, 300) == str(64 * 2**20)


def test_a_budget_that_is_not_a_number_of_megabytes_is_a_configuration_error(tmp_path, run_cli):
    write(tmp_path, "msglint.toml", 'memory-budget-mb = "lots"\n')
    result = run_cli("check", ".", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.err == (
        f"msglint: error: {tmp_path / 'msglint.toml'}: `memory-budget-mb` must be a whole number of megabytes "
        "from 10 to 1000000, not 'lots'\n"
    )
