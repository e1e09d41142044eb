"""JUnit XML for Jenkins and GitLab test reports: one test case per rule per file. A case fails when that rule
found something there at or above `--fail-on` (so the report fails exactly when the run does); findings
below it are listed in the case's output. Files without findings appear as one passing case each, so a
report is never empty. Text goes through `visible()`: XML 1.0 cannot carry most control characters at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from xml.etree import ElementTree

from msglint.lint.run import LintResult
from msglint.model import Diagnostic, Severity
from msglint.report import visible
from msglint.report.statistics import statistics


def render_junit(result: LintResult, exit_code: int) -> str:
    suite = _Suite()
    fail_on = result.config.fail_on
    by_file_rule = sorted(result.diagnostics, key=lambda d: (d.location.where, d.code, d.location.line))
    flagged_files = set()
    for (path, code), group in groupby(by_file_rule, key=lambda d: (d.location.where, d.code)):
        findings = list(group)
        flagged_files.add(path)
        failing = [d for d in findings if d.severity >= fail_on]
        case = suite.case(path, f"{code} {findings[0].slug}")
        if failing:
            suite.fail(
                case, f"{_findings(len(failing))} of {code}", max(d.severity for d in failing).label, _lines(failing)
            )
        passing = [d for d in findings if d.severity < fail_on]
        if passing:
            _output(case, passing, fail_on)
    for path in sorted(set(result.files) - flagged_files):
        suite.case(path, "msglint")
    return suite.xml()


def render_junit_statistics(result: LintResult, exit_code: int) -> str:
    """`--statistics --format junit`: one case per rule, failing when the rule has findings at or above
    `--fail-on`; a clean run is one passing case."""
    suite = _Suite()
    fail_on = result.config.fail_on
    for row in statistics(result):
        case = suite.case("msglint", f"{row['code']} {row['slug']}")
        text = f"{_findings(row['count'])} of {row['code']} ({', '.join(row['severities'])})"
        if Severity.parse(row["severity"]) >= fail_on:
            suite.fail(case, text, row["severity"], text)
        else:
            ElementTree.SubElement(case, "system-out").text = text
    if not result.diagnostics:
        suite.case("msglint", "msglint")
    return suite.xml()


class _Suite:
    def __init__(self) -> None:
        self.root = ElementTree.Element("testsuites", name="msglint")
        self.suite = ElementTree.SubElement(self.root, "testsuite", name="msglint")
        self.cases = 0
        self.failures = 0

    def case(self, classname: str, name: str) -> ElementTree.Element:
        self.cases += 1
        return ElementTree.SubElement(self.suite, "testcase", classname=visible(classname), name=visible(name))

    def fail(self, case: ElementTree.Element, message: str, severity: str, text: str) -> None:
        failure = ElementTree.SubElement(case, "failure", message=message, type=severity)
        failure.text = text
        self.failures += 1

    def xml(self) -> str:
        for element in (self.root, self.suite):
            element.set("tests", str(self.cases))
            element.set("failures", str(self.failures))
            element.set("errors", "0")
        ElementTree.indent(self.root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(self.root, encoding="unicode") + "\n"


def _output(case: ElementTree.Element, findings: list[Diagnostic], fail_on: Severity) -> None:
    below = f"below --fail-on {fail_on.label}, not failing"
    ElementTree.SubElement(case, "system-out").text = f"{_findings(len(findings))} {below}:\n{_lines(findings)}"


def _lines(findings: Iterable[Diagnostic]) -> str:
    return "\n".join(visible(f"{d.location}: {d.severity.label}: {d.message}") for d in findings)


def _findings(count: int) -> str:
    return f"{count} finding{'s' if count != 1 else ''}"
