"""The real pre-commit, running msglint's hook from this checkout against a throwaway git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, write

BAD = (
    "msglint: 1\nservices:\n  accounts: {publishes: [SendWelcomeEmail]}\nmessages:\n  SendWelcomeEmail: {kind: event}\n"
)
GOOD = BAD.replace("SendWelcomeEmail", "WelcomeEmailSent")


def pre_commit() -> list[str]:
    found = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    if found is None:
        pytest.skip("pre-commit is not installed: pip install -e '.[test]'")
    return [found]


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(project: Path, home: Path, *files: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [*pre_commit(), "try-repo", str(REPO), "msglint", "--files", *files],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_hook_fails_on_a_bad_catalog_and_passes_once_fixed(tmp_path, pre_commit_home):
    project = tmp_path / "project"
    project.mkdir()
    git(project, "init", "-q")
    write(project, "messages.yaml", BAD)
    write(project, "README.md", "not checked\n")
    git(project, "add", ".")

    failed = try_repo(project, pre_commit_home, "messages.yaml", "README.md")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert (
        "messages.yaml:5:3: error MSG101 [event-imperative-name] event `SendWelcomeEmail` is named as an instruction"
    ) in failed.stdout

    write(project, "messages.yaml", GOOD)
    git(project, "add", ".")
    passed = try_repo(project, pre_commit_home, "messages.yaml")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "msglint" in passed.stdout and "Passed" in passed.stdout


def readme_block(after: str) -> str:
    """The fenced block of README.md that starts with the comment line `after`."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(f"{after}\n")
    return text[start : text.index("```", start)]


ORDERS = "msglint: 1\nservices:\n  payments: {handles: [ChargePayment]}\nmessages:\n  ChargePayment: {kind: command}\n"
FRAUD = "msglint: 1\nservices:\n  fraud: {handles: [ChargePayment]}\n"


def test_readme_configuration_with_both_hooks_under_pre_commit_run(tmp_path, pre_commit_home):
    """The README's .pre-commit-config.yaml, pointed at this checkout: a second handler added in another
    file than the command passes the per-file hook and fails the whole-project hook."""
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("this checkout is not a git repository")
    config = readme_block("# .pre-commit-config.yaml")
    config = config.replace("https://github.com/msglint/msglint", str(REPO)).replace("v0.1.0", head.stdout.strip())
    project = tmp_path / "project"
    project.mkdir()
    git(project, "init", "-q")
    write(project, ".pre-commit-config.yaml", config)
    write(project, "orders.yaml", ORDERS)
    write(project, "fraud.yaml", FRAUD)
    git(project, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home), "NO_COLOR": "1"}
    run = subprocess.run(
        [*pre_commit(), "run", "--files", "fraud.yaml"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = run.stdout.splitlines()
    assert run.returncode == 1, run.stdout + run.stderr
    assert next(line for line in lines if line.startswith("msglint.")).endswith("Passed")
    assert next(line for line in lines if line.startswith("msglint (whole project)")).endswith("Failed")
    assert (
        "orders.yaml:5:3: error MSG201 [command-multiple-handlers] command `ChargePayment` is handled by 2 "
        "components (fraud, payments)"
    ) in run.stdout
