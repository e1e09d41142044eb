"""The composite GitHub Action (action.yml). GitHub does not run here (nor `act`), so the steps' shell scripts run
in a temporary folder with the inputs substituted as GitHub substitutes them. The install step runs with a
stand-in `python` that records what pip was asked to install (installing for real takes minutes and the network);
the check step runs this checkout's msglint."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES, REPO

ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps are bash scripts")


@dataclass
class Run:
    """What the steps did: each shell step's exit code and output, and the outputs they set."""

    codes: dict[str, int] = field(default_factory=dict)
    logs: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    installed: list[str] = field(default_factory=list)


def _substitute(text: str, inputs: dict[str, str], outputs: dict[str, str]) -> str:
    """The `${{ }}` expressions the action uses; any other expression fails the test, so a new one gets tested."""

    def value(match: re.Match[str]) -> str:
        expression = match.group(1)
        if expression.startswith("inputs."):
            return inputs[expression.removeprefix("inputs.")]
        if expression == "github.action_path":
            return str(REPO)
        if expression.startswith("steps.check.outputs."):
            return outputs.get(expression.removeprefix("steps.check.outputs."), "")
        raise AssertionError(f"the test does not know the expression {expression!r}")

    return _EXPRESSION.sub(value, text)


def _stand_ins(folder: Path) -> Path:
    """A folder for PATH with `python` (records pip's arguments) and `msglint` (this checkout's)."""
    folder.mkdir()
    scripts = {
        "python": f'#!/bin/sh\nprintf "%s\\n" "$@" > "{folder}/pip-args"\n',
        "msglint": f'#!/bin/sh\nexec "{sys.executable}" -m msglint "$@"\n',
    }
    for name, text in scripts.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return folder


def run_action(workspace: Path, **given: str) -> Run:
    inputs = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    inputs.update({name.replace("_", "-"): value for name, value in given.items()})
    tools = _stand_ins(workspace.parent / "tools")
    output_file = workspace.parent / "github-output"
    run = Run()
    for step in STEPS:
        if "run" not in step:
            continue
        output_file.write_text("", encoding="utf-8")
        env = {
            **os.environ,
            "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}",
            "GITHUB_OUTPUT": str(output_file),
            "RUNNER_TEMP": str(workspace.parent),
            "MSGLINT_NO_CACHE": "1",
        }
        env.update({name: _substitute(str(v), inputs, run.outputs) for name, v in step.get("env", {}).items()})
        script = _substitute(step["run"], inputs, run.outputs)
        assert step["shell"] == "bash"
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        run.codes[step["name"]] = done.returncode
        run.logs[step["name"]] = done.stdout + done.stderr
        for line in output_file.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            run.outputs[key] = value
    pip_args = tools / "pip-args"
    run.installed = pip_args.read_text(encoding="utf-8").splitlines() if pip_args.exists() else []
    return run


@pytest.fixture
def shop(tmp_path) -> Path:
    shutil.copytree(FIXTURES / "catalog" / "shop", tmp_path / "shop", ignore=shutil.ignore_patterns(".msglint_cache"))
    return tmp_path / "shop"


def test_findings_fail_the_action_after_the_sarif_is_written(shop):
    run = run_action(shop)

    assert run.codes == {"Install msglint": 0, "Run msglint check": 0, "Fail on findings": 1}
    assert run.outputs == {"exit-code": "1", "sarif-file": "msglint.sarif"}
    sarif = json.loads((shop / "msglint.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert "MSG101" in {result["ruleId"] for result in sarif["runs"][0]["results"]}
    log = run.logs["Run msglint check"]
    assert "messages.yaml:58:3: error MSG101 [event-imperative-name] event `SendWelcomeEmail`" in log
    assert "::error file=messages.yaml,line=58,col=3," in log
    assert run.logs["Fail on findings"] == "msglint exited with 1\n"


def test_a_clean_project_passes(tmp_path):
    shutil.copytree(FIXTURES / "catalog" / "clean", tmp_path / "clean")
    run = run_action(tmp_path / "clean")

    assert run.codes == {"Install msglint": 0, "Run msglint check": 0, "Fail on findings": 0}
    assert run.outputs == {"exit-code": "0", "sarif-file": "msglint.sarif"}
    assert "No findings (4 messages, 4 services in 1 file checked)." in run.logs["Run msglint check"]


def test_inputs_reach_msglint(shop):
    given = {"paths": "messages.yaml .", "args": "--select MSG2", "fail_on": "warning", "annotations": "false"}
    run = run_action(shop, sarif_file="x.sarif", **given)

    assert run.outputs == {"exit-code": "1", "sarif-file": "x.sarif"}
    sarif = json.loads((shop / "x.sarif").read_text(encoding="utf-8"))
    assert {r["ruleId"][:4] for r in sarif["runs"][0]["results"]} == {"MSG2"}
    assert "::" not in run.logs["Run msglint check"]


def test_a_usage_error_fails_without_a_sarif_to_upload(shop):
    run = run_action(shop, args="--select NOPE")

    assert run.outputs == {"exit-code": "2"}
    assert "msglint: error: --select: unknown rule 'NOPE'" in run.logs["Run msglint check"]
    assert run.codes["Fail on findings"] == 2


@pytest.mark.parametrize(
    ("version", "requirement"),
    [("", "msglint"), ("latest", "msglint"), ("0.4.0", "msglint==0.4.0"), ("checkout", str(REPO))],
)
def test_the_version_input_chooses_what_pip_installs(tmp_path, version, requirement):
    shutil.copytree(FIXTURES / "catalog" / "clean", tmp_path / "clean")
    run = run_action(tmp_path / "clean", version=version)
    assert run.installed == ["-m", "pip", "install", "--disable-pip-version-check", "--quiet", requirement]


def test_the_sarif_upload_follows_its_input_and_the_check():
    upload = next(step for step in STEPS if step.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["if"] == "always() && inputs.sarif-upload == 'true' && steps.check.outputs.sarif-file != ''"
    assert upload["with"] == {"sarif_file": "${{ steps.check.outputs.sarif-file }}", "category": "msglint"}
    assert ACTION["runs"]["using"] == "composite"


def test_inputs_reach_scripts_only_through_the_environment():
    """An input pasted into a script is a script injection (`paths: "; curl ..."`); env values are not run."""
    for step in STEPS:
        assert "${{" not in step.get("run", ""), step["name"]
