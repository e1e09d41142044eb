"""The GitHub Actions and GitLab CI snippets of README.md: neither service runs here, so the `msglint`
commands of each snippet run on a fixture and the files they write are checked as the service reads them."""

from __future__ import annotations

import json
import shlex
import shutil
from xml.etree import ElementTree

import jsonschema
import pytest
import yaml

from tests.conftest import FIXTURES, REPO
from tests.test_integrations import SARIF_SUBSET


def snippet(first_line: str) -> dict:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(first_line)
    return yaml.safe_load(text[start : text.index("```", start)])


def msglint_commands(lines: list[str]) -> list[list[str]]:
    return [shlex.split(line)[1:] for line in lines if line.startswith("msglint ")]


@pytest.fixture
def project(tmp_path):
    shutil.copytree(FIXTURES / "catalog" / "shop", tmp_path / "shop", ignore=shutil.ignore_patterns(".msglint_cache"))
    return tmp_path / "shop"


def test_github_actions_snippet(project, run_cli):
    workflow = snippet("# .github/workflows/msglint.yml")
    steps = workflow["jobs"]["msglint"]["steps"]
    commands = msglint_commands([step["run"] for step in steps if "run" in step])
    assert commands == [["check", ".", "--format", "github", "--output-sarif", "msglint.sarif"]]
    result = run_cli(*commands[0], cwd=project)
    assert result.exit_code == 1
    assert result.out.splitlines()[0].startswith("::warning file=messages.yaml,line=46,col=3,")
    sarif = json.loads((project / "msglint.sarif").read_text())
    jsonschema.validate(sarif, SARIF_SUBSET)
    upload = next(step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert upload["with"]["sarif_file"] == "msglint.sarif"
    assert workflow["permissions"]["security-events"] == "write"


def test_gitlab_snippet(project, run_cli):
    job = snippet("# .gitlab-ci.yml")["msglint"]
    commands = msglint_commands(job["script"])
    assert len(commands) == 1
    result = run_cli(*commands[0], cwd=project)
    assert result.exit_code == 1
    reports = job["artifacts"]["reports"]
    quality = json.loads((project / reports["codequality"]).read_text())
    assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(quality[0])
    assert {issue["severity"] for issue in quality} <= {"info", "minor", "major", "critical", "blocker"}
    junit = ElementTree.parse(project / reports["junit"]).getroot()
    assert junit.tag == "testsuites"
    assert int(junit.get("failures")) == 2  # the cases with findings at or above --fail-on (error)
